"""Plain-text tables for the terminal (no dependency)."""

from __future__ import annotations

STATUS_MARK = {"held": "held", "failed": "FAILED", "inconclusive": "inconclusive"}


def table(rows, headers) -> str:
    """A left-aligned text table.

    >>> print(table([["a", "held"]], ["claim", "status"]))
    claim  status
    -----  ------
    a      held
    """
    rows = [[str(c) for c in r] for r in rows]
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()
    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows])


def paper_report(report) -> str:
    rows = [[c.name, STATUS_MARK[c.status], "yes" if c.hypotheses_hold else "NO", c.summary]
            for c in report.claims]
    out = [f"{report.paper}  (seed {report.seed})", table(rows, ["claim", "status", "hypotheses", "summary"])]
    for c in report.claims:
        if c.findings:
            out.append(f"  finding [{c.name}]: " + "; ".join(c.findings))
        if c.status == "failed":
            out.append(f"  counterexample [{c.name}]: {c.counterexample}")
    counts = {s: sum(c.status == s for c in report.claims) for s in STATUS_MARK}
    dropped = sum(c.status == "failed" and not c.hypotheses_hold for c in report.claims)
    why = (f" ({dropped} of them with a hypothesis not holding: certified counterexamples, as the theory allows)"
           if dropped else "")
    out.append(f"{counts['held']} held, {counts['failed']} failed{why}, {counts['inconclusive']} inconclusive")
    return "\n".join(out)
