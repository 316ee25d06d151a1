"""Subcommands of `exactland` for the piecewise topic (registered through exactland.cli.PLUGINS).

``exactland search relu-spurious --hidden 2 --samples 4 --seed N [--tries T] [--layers 1|2] [--json]``:
search seeded exact instances of a one-hidden-layer (or two-hidden-layer) ReLU network for a certified spurious local minimum in which
every hidden unit is active on some sample; the certificate is re-checked by the kernel and can be
re-checked any time with ``exactland verify``.
"""

from __future__ import annotations

import json
import sys
import time


def cmd_relu_spurious(args) -> int:
    """Run the search; exit 0 when a certified spurious minimum was found, 1 when none was."""
    from .models.piecewise import search_spurious, slope_of
    if args.hidden < 1 or args.samples < 1 or args.tries < 1 or args.d_x < 1:
        raise ValueError("--hidden, --samples, --tries and --d-x must be positive")
    slope_of(args.activation)
    start = time.perf_counter()
    progress = None if args.json else (lambda msg: print(f"  … {msg}", file=sys.stderr, flush=True))
    if args.layers not in (1, 2):
        raise ValueError("--layers must be 1 or 2")
    res = search_spurious(hidden=args.hidden, samples=args.samples, seed=args.seed, d_x=args.d_x,
                          tries=args.tries, activation=args.activation, bias=args.bias, progress=progress,
                          layers=args.layers)
    if args.certificate and res["certificate"] is not None:
        with open(args.certificate, "w") as fh:
            json.dump(res["certificate"], fh, indent=1)
    if args.json:
        print(json.dumps(res, indent=1, ensure_ascii=False))
    elif res["found"]:
        print(f"found a certified spurious local minimum after {res['tried']} instance(s) "
              f"(instance seed {res['seed']}, search seed {args.seed})")
        print(f"  X = {res['instance']['data']['X']}")
        print(f"  Y = {res['instance']['data']['Y']}")
        print(f"  θ = {res['point']['theta']}   L(θ) = {res['loss']}")
        rg = res.get("regions") or {}
        print(f"  activation regions on that instance: {rg.get('unit_cells')} cells per "
              f"{'hidden' if args.layers == 1 else 'first-layer'} unit ({rg.get('enumeration')}), "
              f"{rg.get('combinations')} region combinations solved"
              + ("" if args.layers == 1 else " (second layer linear on every sample)"))
        print(f"  a point with lower loss: θ' = {res['lower_point']['theta']}   L(θ') = {res['lower_point']['loss']}")
        if args.layers == 1:
            print("  certificate: claim spurious_local_min_all_active (kernel 'piecewise': strict activation "
                  "margins, loss convex quadratic in u_j = w2_j·w1_j minimized, lower point)")
        else:
            from .kernel import CHECKERS
            print("  certificate: claim spurious_local_min_all_active (kernel 'piecewise_extra': residual ⊥ path "
                  "features on every closed region at θ, lower point, every unit active and contributing)"
                  + ("" if "piecewise_extra" in CHECKERS else
                     "; NOTE: 'piecewise_extra' is not yet registered in exactland.kernel.CHECKERS, so "
                     "`exactland verify` rejects it until it is (the search checked it with the module itself)"))
        if args.certificate:
            print(f"  written to {args.certificate}; re-check: exactland verify {args.certificate}")
        print(f"  {time.perf_counter() - start:.1f} s")
    else:
        print(f"no certified spurious local minimum in {res['tried']} instance(s) from seed {args.seed}")
    return 0 if res["found"] else 1


def register(sub):
    """Add this topic's subcommands to the argparse subparsers ``sub``."""
    search = sub.choices.get("search")
    if search is None:
        search = sub.add_parser("search", help="search seeded exact instances for certified counterexamples")
        search.set_defaults(fn=lambda args: (search.print_help(), 2)[1])
    inner = next((a for a in search._actions if a.__class__.__name__ == "_SubParsersAction"), None)
    if inner is None:
        inner = search.add_subparsers(dest="search_kind", required=True)
    r = inner.add_parser("relu-spurious", help="a certified spurious local minimum of a one-hidden-layer ReLU net")
    r.add_argument("--hidden", type=int, default=2, help="hidden units (default 2)")
    r.add_argument("--samples", type=int, default=4, help="samples m (default 4)")
    r.add_argument("--seed", type=int, default=0, help="first instance seed (instances seed, seed+1, …)")
    r.add_argument("--tries", type=int, default=50, help="instances to try (default 50)")
    r.add_argument("--d-x", dest="d_x", type=int, default=2, help="input dimension (default 2; 2 and 3 "
                   "enumerate every activation region exactly, d_x >= 4 samples them)")
    r.add_argument("--activation", default="relu", help="relu (default) or leaky:p/q")
    r.add_argument("--bias", action="store_true", help="make the last input coordinate the constant 1")
    r.add_argument("--layers", type=int, default=1, help="hidden layers: 1 (default) or 2 (two layers of "
                   "--hidden units; minima on regions where the second layer is linear)")
    r.add_argument("--certificate", help="also write the certificate to this file")
    r.add_argument("--json", action="store_true")
    r.set_defaults(fn=cmd_relu_spurious)
