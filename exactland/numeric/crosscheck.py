"""Cross-check numerically found critical points against the exact engine's.

Every numerical point must lie next to an exact critical point of a compatible class (a numerical
``local_min`` may be an exact ``global_min``; a numerically ``degenerate`` point may be any
PSD/NSD-singular class), and the report lists the exact points the search missed (its coverage).

Exact points come from :func:`exactland.solve.solve` (anything with ``.approx(digits)`` and ``.cls``)
or are given as ``{"theta": [...], "cls": ...}`` dicts (e.g. constructed in closed form and
classified by :func:`exactland.classify.classify`).

>>> num = [{"theta": [0.0, 0.0], "class": "strict_saddle"}, {"theta": [1.0, 1.0], "class": "local_min"}]
>>> ex = [{"theta": [0, 0], "cls": "strict_saddle"}, {"theta": [1, 1], "cls": "global_min"},
...       {"theta": [-1, -1], "cls": "global_min"}]
>>> rep = match(num, ex)
>>> rep.ok, rep.coverage, len(rep.missed)
(True, (2, 3), 1)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

#: numerical class -> exact classes it is consistent with
COMPATIBLE = {
    "local_min": {"local_min", "global_min"},
    "global_min": {"global_min"},
    "strict_saddle": {"strict_saddle"},
    "local_max": {"local_max"},
    "degenerate": {"global_min", "local_min", "non_strict_saddle", "local_max", "inconclusive"},
    "unclassified": {"global_min", "local_min", "strict_saddle", "non_strict_saddle", "local_max", "inconclusive"},
}


@dataclass
class CrossCheck:
    """Result of :func:`match`: pairs, mismatches and the exact points the search missed."""

    matched: list = field(default_factory=list)        # (numeric index, exact index, distance)
    class_mismatch: list = field(default_factory=list)  # (numeric index, exact index, num cls, exact cls)
    unmatched_numeric: list = field(default_factory=list)  # numeric indices with no exact point nearby
    missed: list = field(default_factory=list)          # exact indices no numerical point reached
    n_exact: int = 0

    @property
    def ok(self) -> bool:
        """Every numerical point matches an exact one of a compatible class."""
        return not self.class_mismatch and not self.unmatched_numeric

    @property
    def coverage(self) -> tuple:
        """(exact points found, exact points in all)."""
        return (self.n_exact - len(self.missed), self.n_exact)

    def report(self, exact_labels=None) -> str:
        """Human-readable summary."""
        lines = [f"numerical points matched: {len(self.matched)}; class mismatches: {len(self.class_mismatch)}; "
                 f"numerical points with no exact partner: {len(self.unmatched_numeric)}",
                 f"coverage of the exact critical points: {self.coverage[0]}/{self.coverage[1]}"]
        for j in self.missed:
            lines.append(f"  missed exact point {j}" + (f" ({exact_labels[j]})" if exact_labels else ""))
        for i, j, a, b in self.class_mismatch:
            lines.append(f"  CLASS MISMATCH: numerical point {i} is {a}, exact point {j} is {b}")
        return "\n".join(lines)


def _exact_coords(p, digits=30):
    if isinstance(p, dict):
        return np.array([float(x) if not isinstance(x, str) else float(__import__("fractions").Fraction(x))
                         for x in p["theta"]]), p["cls"]
    return np.array([float(x) for x in p.approx(digits)]), p.cls


def _numeric_coords(p):
    if isinstance(p, dict):
        return np.asarray(p["theta"], dtype=float), p["class"]
    theta, cls = p
    return np.asarray(theta, dtype=float), cls


def match(numeric_points, exact_points, tol: float = 1e-6) -> CrossCheck:
    """Match numerical points (dicts with ``theta`` and ``class``, as :func:`~exactland.numeric.search.explore`
    returns them, or ``(theta, class)`` pairs) to exact points; ``tol`` is relative (sup norm)."""
    ex = [_exact_coords(p) for p in exact_points]
    out = CrossCheck(n_exact=len(ex))
    hit = set()
    for i, p in enumerate(numeric_points):
        th, cls = _numeric_coords(p)
        best, dist = None, np.inf
        for j, (e, _) in enumerate(ex):
            if e.shape != th.shape:
                raise ValueError(f"exact point {j} has {e.size} coordinates, numerical point {i} has {th.size}")
            d = float(np.max(np.abs(e - th))) if th.size else 0.0
            if d < dist:
                best, dist = j, d
        if best is None or dist > tol * (1 + float(np.max(np.abs(th)))):
            out.unmatched_numeric.append(i)
            continue
        hit.add(best)
        ecls = ex[best][1]
        if ecls not in COMPATIBLE.get(cls, {cls}):
            out.class_mismatch.append((i, best, cls, ecls))
        else:
            out.matched.append((i, best, dist))
    out.missed = [j for j in range(len(ex)) if j not in hit]
    return out


def crosscheck(inst, numeric_result, solve_result=None, timeout=None, tol: float = 1e-6) -> CrossCheck:
    """Run the exact engine (``exactland.solve.solve``) unless ``solve_result`` is given, and match the
    numerical points of ``numeric_result`` (an :class:`~exactland.numeric.search.ExploreResult` or a
    list of point dicts) against its points."""
    if solve_result is None:
        from ..solve import solve
        solve_result = solve(inst, backend="auto", timeout=timeout)
    if getattr(solve_result, "dimension", 0):
        raise ValueError("the exact critical set is positive-dimensional: only sampled points exist, so "
                         "matching and coverage are not meaningful (regularize the instance)")
    pts = numeric_result.points if hasattr(numeric_result, "points") else numeric_result
    return match(pts, solve_result.points, tol)
