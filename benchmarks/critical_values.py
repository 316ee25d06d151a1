#!/usr/bin/env python
"""Benchmark of the critical-value polynomial (exactland.solve.critical_values) on the regularized
instances of benchmarks/solve.py: msolve elimination (-e n -g 2) vs a plain ``msolve -P 1`` run on the
same gradient system, and the pure-Python fallback (sympy Gröbner basis + minimal polynomial of M_L).

Usage: ``python benchmarks/critical_values.py [--timeout T] [--only 2,1,2 ...] [--no-fallback]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from solve import instance  # noqa: E402  (benchmarks/solve.py)

from exactland.solve import msolve as ms  # noqa: E402
from exactland.solve import solve as solve_all  # noqa: E402
from exactland.solve.critical_values import (compute_critical_value_polynomial, identify,  # noqa: E402
                                             identify_refining, real_critical_values)
from exactland.solve.points import BoxLoss  # noqa: E402
from fractions import Fraction  # noqa: E402
from exactland.solve.msolve import SolverTimeout  # noqa: E402
from exactland.solve.system import gradient_system  # noqa: E402

ARCHS = ((2, 1, 2), (3, 1, 3), (2, 1, 1, 2), (2, 2, 2))


def bits(coeffs) -> int:
    return max(max(abs(c.numerator).bit_length(), c.denominator.bit_length()) for c in coeffs)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=3, help="msolve timings: best of N")
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--no-fallback", action="store_true")
    ap.add_argument("--identify", action="store_true",
                    help="also run solve() and identify every real point's loss from the polynomial")
    args = ap.parse_args(argv)
    archs = [tuple(int(x) for x in a.split(",")) for a in args.only] if args.only else ARCHS
    T = args.timeout
    print(f"seed {args.seed}, 3 samples, limit {T:.0f} s, msolve times best of {args.repeat}")
    print(f"{'widths':12s} {'msolve -P 1':>11s} {'msolve -e':>10s} {'ratio':>6s} {'sympy':>9s} {'deg':>4s} "
          f"{'sqfree':>6s} {'bits':>5s} {'P1 bits':>7s} {'real':>4s}  agree")
    for widths in archs:
        system = gradient_system(instance(widths, args.seed))
        text = system.to_msolve()
        tp = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            out = ms.run(text, timeout=T)
            tp.append(time.perf_counter() - t)
        par = ms.parse_output(out)
        pbits = bits([c for c in par.get("elim", [])] + [c for v, _ in par.get("params", []) for c in v]) \
            if par["status"] == "finite" else 0
        te, cvp = [], None
        for _ in range(args.repeat):
            cvp = compute_critical_value_polynomial(system, timeout=T, backend="msolve")
            te.append(cvp.seconds)
        sq = cvp.squarefree()
        nreal = len(real_critical_values(sq))
        fb, agree = "skipped", "—"
        if not args.no_fallback:
            try:
                f = compute_critical_value_polynomial(system, timeout=T, backend="sympy")
                fb, agree = f"{f.seconds:.2f} s", "yes" if f.coeffs == cvp.coeffs else "NO"
            except SolverTimeout:
                fb = f"> {T:.0f} s"
        print(f"{str(widths):12s} {min(tp):9.3f} s {min(te):8.3f} s {min(te) / min(tp):5.2f}× {fb:>9s} "
              f"{cvp.degree:4d} {len(sq) - 1:6d} {bits(cvp.coeffs):5d} {pbits:7d} {nreal:4d}  {agree}", flush=True)
        if args.identify:
            t = time.perf_counter()
            res = solve_all(instance(widths, args.seed), backend="msolve", timeout=T, seed=args.seed)
            t_solve = time.perf_counter() - t
            t = time.perf_counter()
            degs, nbox = [], 0
            for p in res.points:
                L = p.loss
                if isinstance(L, BoxLoss):
                    a, nbox = identify(cvp.coeffs, L.lo, L.hi), nbox + 1
                elif isinstance(L, Fraction):
                    a = identify(cvp.coeffs, L, L)
                else:
                    a = identify_refining(cvp.coeffs, L.enclosure)
                degs.append(len(a.minpoly) - 1 if a else None)
            print(f"    solve(): {t_solve:.2f} s, {res.summary()}; identify all {len(res.points)} real losses "
                  f"({nbox} box points): {time.perf_counter() - t:.3f} s, minimal-polynomial degrees "
                  f"{sorted(set(degs), key=str)} (fields {sorted({len(p.minpoly) - 1 for p in res.points})})",
                  flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
