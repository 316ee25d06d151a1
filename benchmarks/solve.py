#!/usr/bin/env python
"""Benchmark of exact critical-point enumeration on regularized deep linear networks (issue 3).

For each instance ((2,1,2), (3,1,3), (2,1,1,2), (2,2,2), (3,2,3); 3 samples; seeded random data and
Tikhonov weights) it measures, in one run:

* pipeline: ``exactland.solve.solve`` (msolve + exact verification of every real point + exact
  classification with certificates, kernel re-check where the field degree allows);
* (a) sympy's ``groebner`` alone on the same gradient system (a child process, killed after T s);
* (b) the bare msolve binary alone (``-P 1``) on the same system.

and prints the ratios.  Usage: ``python benchmarks/solve.py [--timeout T] [--only 2,1,2 ...]``.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from exactland.instance import Instance, Tikhonov, random_instance
from exactland.solve import solve
from exactland.solve import msolve as ms
from exactland.solve.groebner import groebner_basis
from exactland.solve.msolve import SolverTimeout
from exactland.solve.system import gradient_system

ARCHS = ((2, 1, 2), (3, 1, 3), (2, 1, 1, 2), (2, 2, 2), (3, 2, 3))


def instance(widths, seed=0, m=3):
    inst = random_instance(widths, m=m, seed=seed)
    rng = random.Random(seed + 1000)
    ws = [[[Fraction(rng.randint(1, 9), rng.randint(1, 9) * 10) for _ in range(c)] for _ in range(r)]
          for r, c in inst.model.shapes]
    return Instance(inst.model, inst.X, inst.Y, inst.loss, Tikhonov(tuple(ws)), dict(inst.meta))


def timed(fn, timeout):
    t = time.perf_counter()
    try:
        out = fn()
    except SolverTimeout:
        return None, None
    return time.perf_counter() - t, out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--timeout", type=float, default=120.0, help="limit per measurement (s)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--only", nargs="*", help="architectures like 2,1,2")
    args = ap.parse_args(argv)
    archs = [tuple(int(x) for x in a.split(",")) for a in args.only] if args.only else ARCHS
    T = args.timeout
    fmt = lambda t: f"> {T:.0f} s" if t is None else f"{t:.2f} s"
    print(f"seed {args.seed}, 3 samples, time limit {T:.0f} s per measurement")
    print(f"{'widths':14s} {'pipeline':>10s} {'sympy gb':>10s} {'msolve':>10s} {'gb/pipe':>8s} {'pipe/ms':>8s}  result")
    for widths in archs:
        inst = instance(widths, args.seed)
        system = gradient_system(inst)
        t_ms, _ = timed(lambda: ms.run(system.to_msolve(), timeout=T), T)
        t0 = time.perf_counter()
        res = solve(inst, backend="msolve", timeout=T, seed=args.seed)
        from exactland import kernel
        checked = sum(1 for p in res.points if p.certificate and (len(p.minpoly) - 1 <= 8 or
                      p.certificate.get("kernel") == "interval") and kernel.verify(p.certificate)[0])
        t_pipe = time.perf_counter() - t0
        if res.complete == "partial":
            t_pipe = None
        t_gb, _ = timed(lambda: groebner_basis(system, timeout=T), T)
        r1 = "—" if t_gb is None or t_pipe is None else f"{t_gb / t_pipe:.1f}×"
        r1 = f">{T / t_pipe:.1f}×" if t_gb is None and t_pipe else r1
        r2 = "—" if t_ms is None or t_pipe is None else f"{t_pipe / t_ms:.1f}×"
        print(f"{str(widths):14s} {fmt(t_pipe):>10s} {fmt(t_gb):>10s} {fmt(t_ms):>10s} {r1:>8s} {r2:>8s}  "
              f"{res.summary()}; {checked} certificates re-checked by the kernel", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
