"""Benchmark of the numerical core (exactland.numeric.core) on deep linear networks of about 10³, 10⁴ and
10⁵ parameters: full Hessian (where it fits) and Hessian-vector product, each against a reference
computed in the same run — PyTorch autograd (``torch.autograd.functional.hessian`` / ``hvp``) when torch
is importable (benchmark only, not a dependency), else central differences of the numpy gradient — and
the full-Hessian path against one dense ``numpy.linalg.eigh`` of the same size.  Also the peak memory of
the Hessian-vector path (tracemalloc), per parameter, to show linear growth.

    uv run python benchmarks/numeric.py            # 10³ and 10⁴ full Hessians, HVPs up to 10⁵
    uv run python benchmarks/numeric.py --quick    # full Hessian at 10³ only
    uv run python benchmarks/numeric.py --quick --certify   # + certification at ~200 and ~400 parameters

Ratios > 1 mean exactland is faster.  Timings are the best of a few repetitions (as timeit does: on a
shared machine the minimum is the least disturbed measurement); compare ratios, not absolute times.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import tracemalloc

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from exactland.numeric.core import DeepLinearNumeric, random_deep_linear  # noqa: E402

SIZES = [  # (label, widths, samples)
    ("1e3", (20, 20, 20, 10), 50),
    ("1e4", (60, 60, 60, 40), 100),
    ("1e5", (200, 200, 200, 100), 200),
]


def timed(fn, reps=3):
    best = []
    out = None
    for _ in range(reps):
        t = time.perf_counter()
        out = fn()
        best.append(time.perf_counter() - t)
    return float(min(best)), out


def torch_reference(net):
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(os.cpu_count() or 1)
    X = torch.tensor(net.X)
    Y = torch.tensor(net.Y)
    reg = [torch.tensor(r) for r in net.reg] if net.reg is not None else None
    shapes, offs, s = net.shapes, net.offsets, net.s

    def f(theta):
        P = X
        val = 0.0
        for k, ((r, c), o) in enumerate(zip(shapes, offs)):
            Wk = theta[o:o + r * c].reshape(r, c)
            P = Wk @ P
            if reg is not None:
                val = val + (reg[k] * Wk * Wk).sum()
        return s * ((P - Y) ** 2).sum() + val

    def hessian(theta):
        return torch.autograd.functional.hessian(f, torch.tensor(theta), vectorize=True).numpy()

    def hvp(theta, v):
        return torch.autograd.functional.hvp(f, torch.tensor(theta), torch.tensor(v))[1].numpy()

    return {"name": f"torch {torch.__version__} autograd", "hessian": hessian, "hvp": hvp}


def fd_reference(net):
    def hvp(theta, v):
        eps = 1e-6 * (1 + np.linalg.norm(theta)) / (np.linalg.norm(v) + 1e-300)
        return (net.gradient(theta + eps * v) - net.gradient(theta - eps * v)) / (2 * eps)

    def hessian(theta):
        n = theta.size
        H = np.empty((n, n))
        for i in range(n):
            e = np.zeros(n)
            e[i] = 1.0
            H[:, i] = hvp(theta, e)
        return 0.5 * (H + H.T)

    return {"name": "central differences of the numpy gradient", "hessian": hessian, "hvp": hvp}


def hvp_peak_memory(net, theta, v):
    tracemalloc.start()
    tracemalloc.reset_peak()
    net.hvp(theta, v)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def certify_section(seed):
    """Certified critical point with certified inertia (regularized, elementwise Tikhonov): search +
    certificate, then the trusted kernel alone, against one float eigh of the same Hessian (baseline)."""
    from exactland import kernel
    from exactland.numeric.search import explore
    print("\n== interval certification (explore --starts 1 --certify; then exactland verify)")
    for widths, m in [((10, 9, 9, 5), 12), ((14, 12, 12, 8), 16)]:
        inst = random_deep_linear(widths, m=m, seed=seed, reg="1/20")
        t = time.perf_counter()
        res = explore(inst, starts=1, budget=600, seed=seed, certify=True, progress=False)
        t_all = time.perf_counter() - t
        pts = [p for p in res.points if p["certified"]]
        if not pts:
            print(f"n = {inst.n_params}: no certified point ({res.notes or [p.get('reason') for p in res.points]})")
            continue
        t = time.perf_counter()
        ok = kernel.verify(pts[0]["certificate"])
        t_ver = time.perf_counter() - t
        net = DeepLinearNumeric(inst)
        t_eig, _ = timed(lambda: np.linalg.eigh(net.hessian(np.array(pts[0]["theta"]))), reps=3)
        print(f"n = {inst.n_params}: {pts[0]['class']} certified, search+certify {t_all:.1f} s, kernel verify "
              f"{t_ver:.2f} s ({ok[1]}), total {t_all + t_ver:.1f} s (target < 60 s); verify / float eigh = "
              f"{t_ver / t_eig:.0f}x")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="full Hessian at 10³ only")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-torch", action="store_true", help="use the finite-difference reference")
    ap.add_argument("--certify", action="store_true", help="also time interval certification at ~200 and ~400 parameters")
    args = ap.parse_args(argv)
    full_max = 2000 if args.quick else 12000
    print(f"exactland numeric benchmark (seed {args.seed}; {os.cpu_count()} cores; numpy {np.__version__})")
    mem_rows = []
    for label, widths, m in SIZES:
        inst = random_deep_linear(widths, m=m, seed=args.seed, reg="1/100")
        net = DeepLinearNumeric(inst)
        rng = np.random.default_rng(args.seed)
        theta = rng.standard_normal(net.n) / np.sqrt(max(widths))
        v = rng.standard_normal(net.n)
        ref = None if args.no_torch else torch_reference(net)
        ref = ref or fd_reference(net)
        print(f"\n== ~{label} parameters: widths {widths}, m = {m}, n = {net.n}; reference: {ref['name']}")
        t_hvp, hv = timed(lambda: net.hvp(theta, v), reps=5)
        t_ref, hv_ref = timed(lambda: ref["hvp"](theta, v), reps=3)
        err = np.max(np.abs(hv - hv_ref)) / (np.max(np.abs(hv_ref)) + 1e-300)
        print(f"HVP        exactland {t_hvp * 1e3:9.2f} ms   reference {t_ref * 1e3:9.2f} ms   "
              f"ratio {t_ref / t_hvp:6.2f}x   max rel. diff {err:.1e}")
        peak = hvp_peak_memory(net, theta, v)
        mem_rows.append((net.n, peak))
        print(f"HVP peak memory (tracemalloc) {peak / 2 ** 20:8.2f} MiB = {peak / net.n:7.1f} bytes/parameter")
        if net.n <= full_max:
            t_H, H = timed(lambda: net.hessian(theta), reps=3 if net.n < 5000 else 1)
            hv_err = np.max(np.abs(H @ v - hv)) / np.max(np.abs(hv))
            t_Href, H_ref = timed(lambda: ref["hessian"](theta), reps=1)
            herr = np.max(np.abs(H - H_ref)) / np.max(np.abs(H_ref))
            del H_ref
            print(f"Hessian    exactland {t_H:9.3f} s    reference {t_Href:9.3f} s    ratio {t_Href / t_H:6.2f}x   "
                  f"max rel. diff {herr:.1e} (H·v vs HVP {hv_err:.1e})")
            t_eig, _ = timed(lambda: np.linalg.eigh(H), reps=1)
            print(f"Hessian vs one dense numpy.linalg.eigh of size {net.n}: {t_H:.3f} s vs {t_eig:.3f} s "
                  f"= {t_H / t_eig:.3f} of eigh (target ≤ 3)")
            del H
        else:
            print(f"Hessian    not formed: {net.n}² doubles = {net.n ** 2 * 8 / 2 ** 30:.0f} GiB (use HVP / Lanczos)")
    if args.certify:
        certify_section(args.seed)
    print("\nHVP memory growth (peak bytes / parameter should stay roughly constant):")
    for n, peak in mem_rows:
        print(f"  n = {n:7d}: peak {peak / 2 ** 20:8.2f} MiB, {peak / n:7.1f} B/param")
    (n0, p0), (n1, p1) = mem_rows[0], mem_rows[-1]
    print(f"  peak ratio {p1 / p0:.1f} for parameter ratio {n1 / n0:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
