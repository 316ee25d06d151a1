"""Drive msolve: zero-dimensional solving, and random slices for positive-dimensional critical sets."""

from __future__ import annotations

import random as _random
import re
from fractions import Fraction

from . import msolve as ms
from . import realroots as rr
from .digits import allow_long_ints


def _sliced_text(system, slices) -> str:
    """msolve input for the gradient system plus affine slices ``Σ a_j x_j = b``."""
    text = system.to_msolve().rstrip("\n")
    extra = []
    for coeffs, b in slices:
        terms = "".join(f"{'-' if a < 0 else '+'}{abs(a)}*{name}" for a, name in zip(coeffs, system.names) if a)
        b = Fraction(b)
        extra.append(terms.lstrip("+") + (f"{'-' if b > 0 else '+'}{abs(b)}" if b else ""))
    return text + (",\n" + ",\n".join(extra) if extra else "") + "\n"


_BRACKETS = re.compile(r"[][]")


@allow_long_ints
def parse_output(text: str) -> dict:
    """:func:`exactland.solve.msolve.parse_output`, faster on the usual answer (finite, integer
    parametrization): the parametrization — msolve's second top-level entry — is cut out by bracket
    matching and read as JSON (the real-root boxes after it, which are not used, are skipped).  Any
    other shape, or anything JSON does not read (fractions, an unexpected token), goes to the general
    parser, so the result is the same dict either way (tests/test_speed_parse.py compares them)."""
    import json
    s = text.strip()
    if s.startswith("[0,"):
        depth, start, end = 0, None, None
        for m in _BRACKETS.finditer(s):
            if m.group() == "[":
                depth += 1
                if depth == 2 and start is None:
                    start = m.start()
            else:
                depth -= 1
                if depth == 1 and start is not None:
                    end = m.end()
                    break
        if start is not None and end is not None and s[3:start].strip() == "":
            try:
                body = json.loads(s[start:end].replace("'", '"'))
                out = _finite(body)
            except (ValueError, TypeError, IndexError):
                out = None
            if out is not None:
                return out
    return ms.parse_output(text)


def _finite(body):
    """The finite-case dict of :func:`exactland.solve.msolve.parse_output` from its ``data[1]``, or
    None for any other shape (left to the general parser, which also raises its errors)."""
    if not isinstance(body, list) or len(body) < 6:
        return None
    _, nvars, degree, names, form, param = body[:6]
    if not isinstance(degree, int) or degree < 0:
        return None
    if not (isinstance(param, list) and len(param) == 2 and isinstance(param[1], list)):
        return None
    (d_e, elim), (d_d, den), plist = param[1][0], param[1][1], param[1][2]
    params = [(p[0][1], p[1]) for p in plist]
    if len(elim) != d_e + 1 or len(den) != d_d + 1:
        return None
    return {"status": "finite", "nvars": nvars, "degree": degree, "names": names, "form": form,
            "elim": elim, "den": den, "params": params}


_BINARY: tuple = (None, None)


def msolve_binary() -> str | None:
    """:func:`~exactland.solve.msolve.find_msolve`, remembered while PATH is unchanged and the binary
    is still executable (it searches PATH and the wheel's directory on every call)."""
    global _BINARY
    import os
    path = os.environ.get("PATH")
    if _BINARY[0] == path and _BINARY[1] is not None and os.access(_BINARY[1], os.X_OK):
        return _BINARY[1]
    found = ms.find_msolve()
    _BINARY = (path, found)
    return found


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
    out = parse_output(ms.run(text, timeout=remaining(deadline), binary=msolve_binary()))
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
        o = parse_output(ms.run(_sliced_text(system, slices), timeout=remaining(deadline), binary=msolve_binary()))
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
