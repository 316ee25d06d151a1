"""Claims of the source papers, one module per paper, each claim a function named after its statement.

Every claim function returns a :class:`ClaimResult`: which hypotheses were checked (and which
failed), whether the claim ``held``, ``failed`` or is ``inconclusive`` on the instances tried,
and the kernel-checkable certificates behind it.  ``check(paper, seed)`` runs a paper's claims.
"""

from __future__ import annotations

from dataclasses import dataclass, field

STATUSES = ("held", "failed", "inconclusive")


@dataclass
class ClaimResult:
    """The outcome of checking one claim of a paper on concrete instances."""

    name: str                      # the statement's own name, snake case: "lemma_4_2", "corollary_2_4"
    status: str                    # "held" | "failed" | "inconclusive"
    hypotheses_hold: bool          # did the instances satisfy the claim's hypotheses?
    summary: str = ""              # one line for the table
    details: list = field(default_factory=list)       # lines: what was checked, on which instance
    hypotheses_failed: list = field(default_factory=list)
    certificates: list = field(default_factory=list)  # kernel-checkable certificate dicts
    findings: list = field(default_factory=list)      # errata / remarks about the paper's text
    counterexample: dict | None = None

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}, got {self.status!r}")

    def to_json(self) -> dict:
        out = {"name": self.name, "status": self.status, "hypotheses_hold": self.hypotheses_hold,
               "summary": self.summary, "details": self.details,
               "hypotheses_failed": self.hypotheses_failed, "certificates": self.certificates,
               "findings": self.findings}
        if self.counterexample is not None:
            out["counterexample"] = self.counterexample
        return out

    def __str__(self):
        return f"{self.name}: {self.status}" + (f" — {self.summary}" if self.summary else "")

    def _repr_latex_(self):
        return rf"$\texttt{{{self.name.replace('_', chr(92) + '_')}}}$: {self.status}"


@dataclass
class PaperReport:
    paper: str
    seed: int
    claims: list

    @property
    def ok(self) -> bool:
        """True iff no claim whose hypotheses hold has failed."""
        return not any(c.status == "failed" and c.hypotheses_hold for c in self.claims)

    def to_json(self) -> dict:
        return {"paper": self.paper, "seed": self.seed, "ok": self.ok,
                "claims": [c.to_json() for c in self.claims]}

    def __str__(self):
        from ..report.table import paper_report
        return paper_report(self)

    def _repr_latex_(self):
        # MathJax (Jupyter) renders array, not tabular
        esc = lambda s: str(s).replace("_", r"\_")
        rows = r" \\ ".join(rf"\texttt{{{esc(c.name)}}} & \text{{{c.status}}} & "
                            rf"\text{{{'yes' if c.hypotheses_hold else 'no'}}}" for c in self.claims)
        return (rf"$$\begin{{array}}{{lll}}\text{{claim}} & \text{{status}} & \text{{hypotheses hold}} \\ "
                rf"\hline {rows}\end{{array}}$$")


PAPERS = {"kawaguchi2016": "exactland.theorems.kawaguchi2016"}  # key -> module with check_all(seed, progress)
PAPERS["elimination"] = "exactland.theorems.elimination"
PAPERS["depth_reduction"] = "exactland.theorems.depth_reduction"
PAPERS["khk2019a"] = "exactland.theorems.khk2019a"
PAPERS["khk2019b"] = "exactland.theorems.khk2019b"


def check(paper: str, seed: int = 0, progress=None, **options) -> PaperReport:
    """Run every claim of ``paper`` (a key of :data:`PAPERS`) on seeded instances.

    ``options`` (e.g. ``enumerate=True``) go to the paper module's ``check_all``; a paper that
    does not support an option refuses it with a clear error rather than ignoring it."""
    import importlib
    if paper not in PAPERS:
        raise ValueError(f"unknown paper {paper!r}; known: {', '.join(PAPERS)}")
    mod = importlib.import_module(PAPERS[paper])
    import inspect
    unknown = [k for k in options if k not in inspect.signature(mod.check_all).parameters]
    if unknown:
        raise ValueError(f"check {paper} does not support {', '.join('--' + k for k in unknown)}")
    return mod.check_all(seed=seed, progress=progress, **options)
