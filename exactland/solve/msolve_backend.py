"""Drive msolve: zero-dimensional solving, and random slices for positive-dimensional critical sets."""

from __future__ import annotations

import random as _random
from fractions import Fraction

from . import msolve as ms
from . import realroots as rr


def _sliced_text(system, slices) -> str:
    """msolve input for the gradient system plus affine slices ``Σ a_j x_j = b``."""
    text = system.to_msolve().rstrip("\n")
    extra = []
    for coeffs, b in slices:
        terms = "".join(f"{'-' if a < 0 else '+'}{abs(a)}*{name}" for a, name in zip(coeffs, system.names) if a)
        b = Fraction(b)
        extra.append(terms.lstrip("+") + (f"{'-' if b > 0 else '+'}{abs(b)}" if b else ""))
    return text + (",\n" + ",\n".join(extra) if extra else "") + "\n"


def random_slices(n: int, k: int, rng: _random.Random):
    """k random rational affine hyperplanes in n variables (integer coefficients, seeded)."""
    return [([rng.randint(-5, 5) or 1 for _ in range(n)], Fraction(rng.randint(-7, 7), rng.randint(1, 4)))
            for _ in range(k)]


def record_samples(res, pts, slices) -> None:
    """Store points sampled on a positive-dimensional critical set by random slices (both backends)."""
    for p in pts:
        p.notes.append("sampled point (random slice) of a positive-dimensional critical set")
    res.points = pts
    res.components = [{"slices": [[[str(a) for a in c], str(b)] for c, b in slices],
                       "sampled_points": len(pts),
                       "note": "the class of a component is not inferred from samples"}]


def solve_msolve(res, system, deadline, seed) -> None:
    """Fill ``res`` from msolve runs (see :func:`exactland.solve.solve`)."""
    from . import points_from_parametrization, remaining
    from .points import speculate_origin
    text = system.to_msolve()
    # 0 is classified in a thread while msolve runs, once the critical-value msolve has freed its core
    speculate_origin(res.instance, seed, after=system.__dict__.get("_cv_future"))
    out = ms.parse_output(ms.run(text, timeout=remaining(deadline)))
    n = len(system.gens)
    if out["status"] == "empty":
        res.dimension, res.complex_count, res.complex_count_distinct, res.real_count = -1, 0, 0, 0
        res.complete = "probabilistic"
        res.message = "msolve found no complex solution"
        return
    if out["status"] == "finite":
        res.dimension = 0
        res.complex_count = out["degree"]
        elim = [Fraction(c) for c in out["elim"]]
        sqf = rr.from_flint(rr.to_flint(elim) // rr.to_flint(elim).gcd(rr.to_flint(elim).derivative()))
        res.complex_count_distinct = len(sqf) - 1
        pts, msg = points_from_parametrization(res.instance, elim, out["den"], out["params"], out["form"],
                                               deadline, system)
        res.points = pts
        res.real_count = len(pts)
        res.complete = "partial" if msg else "probabilistic"
        nbox = sum(1 for p in pts if p.certificate and p.certificate.get("kernel") == "interval")
        res.message = msg or ("msolve (multimodular over Q, probabilistic stopping criterion); every real "
                              "point re-verified" + (" exactly" if not nbox else
                              f" ({len(pts) - nbox} exactly in their fields, {nbox} of high field degree by "
                              "kernel-checked interval boxes, pairwise disjoint)"))
        return
    # positive dimensional: the smallest number of random slices that makes the system finite
    rng = _random.Random(seed)
    for k in range(1, n + 1):
        slices = random_slices(n, k, rng)
        o = ms.parse_output(ms.run(_sliced_text(system, slices), timeout=remaining(deadline)))
        if o["status"] == "positive_dimensional":
            continue
        res.dimension = k
        res.complete = "partial"
        res.message = (f"positive-dimensional critical set: msolve reports no dimension; {k} random affine "
                       f"slices (seed {seed}) make it finite, so the dimension is {k} (probabilistic: a generic "
                       f"slice of codimension k meets a variety of dimension < k nowhere). Sampled points lie on "
                       f"the components of dimension {k} that the slices meet in real points; lower-dimensional "
                       f"components and components the slices miss are not covered.")
        if o["status"] == "finite":
            pts, msg = points_from_parametrization(res.instance, o["elim"], o["den"], o["params"], o["form"],
                                                   deadline)
            record_samples(res, pts, slices)
            if msg:
                res.message += " " + msg
        return
    res.message = "could not make the critical set finite with random slices"
