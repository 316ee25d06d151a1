"""Subcommands of `exactland` for the solve topic (registered through exactland.cli.PLUGINS).

``exactland solve INSTANCE.json [--backend msolve|sympy] [--method auto|raw|structured] [--timeout S]
[--seed N] [--threads K] [--homotopy auto|always|never] [--json]``
enumerates every critical point exactly (see :mod:`exactland.solve` and docs/solve.md).
"""

from __future__ import annotations

import json


def cmd_solve(args) -> int:
    """Run :func:`exactland.solve.solve` on an instance file and print the summary or the JSON."""
    from .models import load
    from .solve import solve
    inst = load(args.instance, convert_floats=args.convert_floats)
    backend = args.backend or "auto"
    res = solve(inst, backend=backend, timeout=args.timeout, seed=args.seed, method=args.method,
                threads=args.threads, homotopy=args.homotopy)
    if args.json:
        print(json.dumps(res.to_json(), indent=1, ensure_ascii=False))
        return 0
    print(f"backend {res.backend}, seed {res.seed}: {res.summary()}")
    if res.message:
        print(f"  {res.message}")
    for i, p in enumerate(res.points):
        if hasattr(p, "box"):
            kind = f"isolating box (monodromy), sign orbit of units {list(p.units)}, signs {list(p.signs)}"
        elif p.is_rational:
            kind = "rational"
        elif getattr(p, "orbit", None) is not None:
            kind = (f"algebraic, degree {len(p.minpoly) - 1}, sign orbit of units {list(p.system.units)}, "
                    f"signs {list(p.signs)}")
        else:
            kind = f"algebraic, degree {len(p.minpoly) - 1}"
        inn = "" if p.inertia is None else " inertia (+{}, −{}, 0×{})".format(*p.inertia)
        print(f"  [{i}] {p.cls:17s} loss ≈ {p.loss_decimal[:22]:22s} ({kind}){inn}")
    print(f"  ({res.timings.get('solve', 0):.1f} s solve, {res.timings.get('classify', 0):.1f} s classify)")
    return 0 if res.complete != "partial" else 3


def register(sub):
    """Add this topic's subcommands to the argparse subparsers ``sub``."""
    p = sub.add_parser("solve", help="enumerate, count and classify every critical point exactly")
    p.add_argument("instance", help="instance JSON file (schema v1; Tikhonov regularization supported)")
    p.add_argument("--backend", choices=["msolve", "sympy"], default=None,
                   help="algebraic backend (default: msolve when installed, else sympy)")
    p.add_argument("--timeout", type=float, default=None, help="time limit in seconds (partial result after it)")
    p.add_argument("--seed", type=int, default=0, help="seed of the random linear forms / slices")
    p.add_argument("--json", action="store_true", help="print the JSON result")
    p.add_argument("--method", choices=["auto", "raw", "structured"], default="auto",
                   help="raw gradient system, or zero-unit split + sign quotient (one hidden layer, all "
                        "Tikhonov weights > 0, msolve); auto: structured whenever it applies")
    p.add_argument("--homotopy", choices=["auto", "always", "never"], default="auto",
                   help="structured method: solve large subsystems (ideal degree >= 300 at msolve's first "
                        "prime) by monodromy with certified complex Krawczyk boxes instead of msolve's "
                        "multimodular lifting (auto), for every subsystem (always) or never")
    p.add_argument("--threads", type=int, default=1, help="msolve threads")
    p.add_argument("--convert-floats", action="store_true", help="accept floats, read as the decimals they print as")
    p.set_defaults(fn=cmd_solve)
