#!/usr/bin/env python
"""Regularized deep linear networks have non-zero local minima that are not global (Mehta, Chen, Tang,
Hauenstein 2018/2021), shown with certificates from an exact enumeration of every critical point.

Usage: ``python proofs/regularized_deep_linear.py [--seeds N] [--timeout S] [--json]``.

For each architecture and seed: a random exact instance with generic rational Tikhonov weights,
``exactland.solve.solve`` (msolve when installed, else sympy) enumerates all critical points, each
classified exactly with a kernel-checked certificate.  A point is a *spurious* minimum when it is a
certified strict local minimum, it is not the origin, and its loss is exactly larger than the least
critical value (the global minimum: the loss is coercive, so the global minimum is a critical point;
completeness of the list is "certified" (sympy) or "probabilistic" (msolve), as printed).
Exit status 0 iff a spurious non-zero minimum was exhibited with a valid certificate.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from exactland import kernel
from exactland.instance import Instance, Tikhonov, random_regularized_instance
from exactland.solve import solve
from exactland.solve.points import compare, AlgebraicNumber

#: (widths, samples) of the sweep; ``--big`` adds the regularized (2,2,2) network with 3 samples
ARCHS = (((1, 1, 1), 1), ((2, 1, 2), 1), ((1, 2, 1), 1), ((1, 1, 1, 1), 1), ((1, 1, 1, 1, 1), 1),
         ((2, 1, 1, 2), 2), ((1, 2, 2, 1), 1))
BIG = (((2, 2, 2), 3),)
#: Tikhonov weights λ = a/(10 b) with a ≤ LAM_MAX and b ≤ 9: λ ≤ 0.9 and λ ≤ 3
LAM_MAX = (9, 30)


def regularized_instance(widths, m, seed, lam_max=9):
    """A seeded random instance with Tikhonov weights λ = a/(10 b), a ≤ lam_max, b ≤ 9."""
    return random_regularized_instance(widths, m=m, seed=seed, lam_max=lam_max)


def _as_alg(v):
    return AlgebraicNumber([-v, Fraction(1)], v, v) if isinstance(v, Fraction) else v


def spurious_minima(res):
    """Certified non-zero local minima whose loss is exactly above the least critical value."""
    mins = [p for p in res.points if p.cls in ("local_min", "global_min")]
    if not res.points:
        return []
    best = _as_alg(min(res.points, key=lambda p: float(p.loss_decimal)).loss)
    out = []
    for p in mins:
        nonzero = not (p.is_rational and not any(p.exact))
        try:
            above = compare(_as_alg(p.loss), best) > 0
        except ArithmeticError:
            above = False
        if nonzero and above and p.certificate and kernel.verify(p.certificate)[0]:
            out.append(p)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=6, help="seeds per architecture (0..N-1)")
    ap.add_argument("--timeout", type=float, default=60.0, help="time limit per instance (s)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--big", action="store_true", help="also sweep the (2,2,2) network with 3 samples (~3 s per seed)")
    args = ap.parse_args(argv)
    rows, example = [], None
    start = time.perf_counter()
    # the exhibited instance: the scalar depth-3 network L = ½(abc − 14/25)² + (a² + b² + c²)/10
    from exactland.instance import DeepLinear
    fixed = Instance(DeepLinear((1, 1, 1, 1)), [[1]], [[Fraction(14, 25)]],
                     regularization=Tikhonov(([["1/10"]], [["1/10"]], [["1/10"]])))
    res = solve(fixed, timeout=args.timeout, seed=0)
    sp = spurious_minima(res)
    if sp:
        example = ((1, 1, 1, 1), "fixed (x = 1, y = 14/25, λ = 1/10)", res, sp[0])
    for widths, m in ARCHS + (BIG if args.big else ()):
        for lam in LAM_MAX:
            hits = done = 0
            for seed in range(args.seeds):
                inst = regularized_instance(widths, m, seed, lam_max=lam)
                res = solve(inst, timeout=args.timeout, seed=seed)
                if res.complete == "partial":
                    continue
                done += 1
                sp = spurious_minima(res)
                if sp:
                    hits += 1
                    if example is None:
                        example = (widths, seed, res, sp[0])
            rows.append({"widths": list(widths), "samples": m, "lambda_max": f"{lam}/10",
                         "seeds_solved": done, "with_spurious_nonzero_min": hits})
    if args.json:
        out = {"sweep": rows}
        if example:
            out["example"] = {"widths": list(example[0]), "seed": example[1], "point": example[3].to_json(),
                              "summary": example[2].summary()}
        print(json.dumps(out, indent=1, ensure_ascii=False))
    else:
        print("regularized deep linear networks: how often a non-zero local minimum is not global")
        for r in rows:
            print(f"  widths {str(tuple(r['widths'])):16s} {r['samples']} sample(s), λ ≤ {r['lambda_max']:5s}: "
                  f"{r['with_spurious_nonzero_min']} of {r['seeds_solved']} solved seeds have one")
        if example:
            widths, seed, res, p = example
            print(f"example: widths {widths}, seed {seed}: {res.summary()}")
            print(f"  spurious minimum: loss {p.loss_decimal} (exact: {p.loss}), class {p.cls}, "
                  f"inertia {p.inertia}, certificate kernel says: {kernel.verify(p.certificate)[1]}")
            print(f"  completeness of the enumeration: {res.complete}")
        print(f"seeds 0..{args.seeds - 1}, {time.perf_counter() - start:.1f} s")
    return 0 if example else 1


if __name__ == "__main__":
    sys.exit(main())
