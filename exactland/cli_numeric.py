"""Subcommands of `exactland` for the numeric topic (registered through exactland.cli.PLUGINS).

* ``exactland explore INSTANCE.json [--starts N] [--budget S] [--seed N] [--certify] [--json] [--resume FILE]``
* ``exactland hessian INSTANCE.json --point POINT.json [--top K] [--plot PNG] [--json]``

Everything these commands print is numerical evidence unless it says "certified" (a certificate the
trusted kernel accepted; re-check it with ``exactland verify``).
"""

from __future__ import annotations

import json
from pathlib import Path


def _load(path):
    from .models import load
    inst = load(path)
    if getattr(getattr(inst, "model", None), "kind", None) != "deep_linear":
        raise ValueError("the numerical core supports deep_linear instances only")
    return inst


def cmd_explore(args) -> int:
    """``exactland explore``: multi-start critical-point search, optionally certified."""
    from .numeric.search import explore
    inst = _load(args.instance)
    res = explore(inst, starts=args.starts, budget=args.budget, seed=args.seed, certify=args.certify,
                  resume=args.resume, progress=not args.quiet)
    if args.json:
        out = res.to_json()
        if not args.with_instance:
            out.pop("instance")
        print(json.dumps(out, indent=1))
        return 0
    print(f"explore: {inst!r}, {inst.n_params} parameters, seed {args.seed}, "
          f"{res.starts_done}/{res.starts} starts, {res.elapsed:.1f} s"
          + ("" if res.complete else " — PARTIAL (budget exhausted; continue with --resume FILE)"))
    if res.global_min:
        from fractions import Fraction
        print(f"global minimum value ≈ {float(res.global_min['value']):.15g} (exact enclosure by root isolation, "
              f"width {float(Fraction(res.global_min['hi']) - Fraction(res.global_min['lo'])):.0e}; --json for it)")
        if res.global_min.get("certificate"):
            lo, hi = res.global_min["certified_enclosure"]
            print(f"  certified (kernel 'interval', claim global_min_value): the optimum lies in [{lo}, {hi}]")
            if args.certificates:
                d = Path(args.certificates)
                d.mkdir(parents=True, exist_ok=True)
                (d / "global_min_value.json").write_text(json.dumps(res.global_min["certificate"]))
    print(f"{'#':>3}  {'loss':>20}  {'class':<14} {'label':<10} {'hits':>4}  {'|∇L|∞':>8}  method")
    for i, p in enumerate(sorted(res.points, key=lambda p: p["loss"])):
        print(f"{i:>3}  {p['loss']:>20.12g}  {p['class']:<14} {p['label']:<10} {p.get('hits', 1):>4}  "
              f"{p['grad_inf']:>8.1e}  {p['method']}")
        if args.certify and not p["certified"] and p.get("reason"):
            print(f"       {p['reason']}")
    for note in res.notes:
        print(f"note: {note}")
    if args.certificates:
        d = Path(args.certificates)
        d.mkdir(parents=True, exist_ok=True)
        k = 0
        for i, p in enumerate(res.points):
            if p["certificate"]:
                (d / f"point_{i}.json").write_text(json.dumps(p["certificate"]))
                k += 1
        print(f"wrote {k} certificates to {d}/ (check each with: exactland verify FILE)")
    print("labels: 'certified' = kernel-checked interval certificate; 'numerical' = floating-point evidence only")
    return 0


def _read_point(inst, path):
    """A float vector from ``{"W": [...]}`` (exact strings or floats) or ``{"theta": [...]}``."""
    from fractions import Fraction
    obj = json.loads(Path(path).read_text())
    if isinstance(obj, dict) and "theta" in obj:
        vals = obj["theta"]
    elif isinstance(obj, dict) and "W" in obj:
        if len(obj["W"]) != len(inst.model.shapes):
            raise ValueError(f"point has {len(obj['W'])} weight matrices, the model has {len(inst.model.shapes)}")
        vals = []
        for k, (w, (r, c)) in enumerate(zip(obj["W"], inst.model.shapes)):
            if len(w) != r or any(len(row) != c for row in w):
                raise ValueError(f"W_{k + 1} must have shape ({r}, {c})")
            vals.extend(x for row in w for x in row)
    else:
        raise ValueError('a point is {"W": [W_1, ...]} or {"theta": [flat vector]}')
    out = []
    for x in vals:
        out.append(float(Fraction(x)) if isinstance(x, str) else float(x))
    if len(out) != inst.n_params:
        raise ValueError(f"point has {len(out)} coordinates, the model has {inst.n_params} parameters")
    return out


def cmd_hessian(args) -> int:
    """``exactland hessian``: extreme eigenvalues and spectrum of the Hessian at a point (numerical)."""
    import numpy as np
    from .numeric.core import DeepLinearNumeric, extreme_eigenvalues
    from .numeric.certify import numerical_class
    from .numeric.search import DENSE_MAX
    inst = _load(args.instance)
    net = DeepLinearNumeric(inst)
    th = np.array(_read_point(inst, args.point))
    loss, g = net.loss_and_gradient(th)
    k = max(1, min(args.top, net.n))
    if net.n <= DENSE_MAX:
        w = np.linalg.eigvalsh(net.hessian(th))
        smallest, largest, how = w[:k], w[::-1][:k], "dense eigvalsh of the Kronecker-block Hessian"
        cls = numerical_class(w)
    else:
        from scipy.sparse.linalg import ArpackNoConvergence
        from .numeric.search import LANCZOS_MAXITER
        how = "Lanczos (eigsh) on Hessian-vector products"
        ends = {}
        for which in ("largest", "smallest"):
            try:
                ends[which] = extreme_eigenvalues(net, th, k=k, which=which, seed=args.seed,
                                                  maxiter=LANCZOS_MAXITER)[which]
            except ArpackNoConvergence as err:  # partial result, said plainly
                ends[which] = np.sort(np.asarray(err.eigenvalues, dtype=float))
                how += (f"; the {which} eigenvalues did not converge in {LANCZOS_MAXITER} restarts "
                        f"(ill-conditioned), {len(ends[which])} converged")
        smallest, largest = ends["smallest"], ends["largest"][::-1]
        w, cls = None, None
    out = {"label": "numerical", "n_params": net.n, "loss": loss, "grad_inf": float(np.max(np.abs(g))),
           "method": how, "smallest": [float(x) for x in smallest], "largest": [float(x) for x in largest],
           "class_if_critical": cls}
    if args.plot:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        vals = w if w is not None else np.concatenate([smallest, largest])
        fig, ax = plt.subplots(figsize=(6, 3.5))
        ax.hist(vals, bins=min(100, max(10, net.n // 4)), log=True, color="#4063a0")
        ax.set_xlabel("Hessian eigenvalue")
        ax.set_ylabel("count (log)")
        ax.set_title(f"Hessian spectrum, {net.n} parameters (numerical)"
                     + ("" if w is not None else f" — only {2 * k} Lanczos extremes"))
        fig.tight_layout()
        fig.savefig(args.plot, dpi=120)
        plt.close(fig)
        out["plot"] = args.plot
    if args.json:
        print(json.dumps(out, indent=1))
        return 0
    print(f"Hessian at the point ({net.n} parameters; {how}) — numerical")
    print(f"loss {loss:.12g}, |∇L|∞ = {out['grad_inf']:.2e}")
    print(f"smallest {k}: " + ", ".join(f"{x:.6g}" for x in smallest))
    print(f"largest {k}:  " + ", ".join(f"{x:.6g}" for x in largest))
    if cls:
        print(f"numerical class (if the point is critical): {cls}")
    if args.plot:
        print(f"wrote spectrum histogram to {args.plot}")
    return 0


def register(sub):
    """Add this topic's subcommands to the argparse subparsers ``sub``."""
    e = sub.add_parser("explore", help="numerical multi-start search for critical points (optionally certified)")
    e.add_argument("instance")
    e.add_argument("--starts", type=int, default=10)
    e.add_argument("--budget", type=float, default=60.0, help="time budget in seconds (partial result after)")
    e.add_argument("--seed", type=int, default=0)
    e.add_argument("--certify", action="store_true", help="interval certificates (Krawczyk + inertia)")
    e.add_argument("--json", action="store_true")
    e.add_argument("--resume", help="result file, rewritten after every start; an existing one is continued")
    e.add_argument("--certificates", help="write each certificate to DIR/point_<i>.json")
    e.add_argument("--with-instance", action="store_true", help="keep the instance in the JSON output")
    e.add_argument("--quiet", action="store_true", help="no progress bar")
    e.set_defaults(fn=cmd_explore)
    h = sub.add_parser("hessian", help="Hessian spectrum at a point (numerical): extremes and a histogram")
    h.add_argument("instance")
    h.add_argument("--point", required=True, help='{"W": [...]} (exact or float entries) or {"theta": [...]}')
    h.add_argument("--top", type=int, default=5)
    h.add_argument("--plot", help="write a spectrum histogram (PNG)")
    h.add_argument("--seed", type=int, default=0)
    h.add_argument("--json", action="store_true")
    h.set_defaults(fn=cmd_hessian)
