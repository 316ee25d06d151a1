"""Subcommands of `exactland` for the depth topic (registered through exactland.cli.PLUGINS).

``exactland certify-not-local-min INSTANCE.json --point POINT.json [--json] [--seed N] [--certificate FILE]``
builds the constructive Lemma 1 certificate of the depth-reduction paper (a value-preserving
polynomial curve with a non-zero gradient polynomial) or says why it does not apply.  Exit status:
0 certificate emitted, 1 it does not apply / none found, 2 bad input.

``exactland depth-solver-check [--seed N] [--timeout T] [--json]`` runs Lemma 1 / Theorem 2 on the
critical points that the exact solver (``exactland.solve``) enumerates on tiny instances.
"""

from __future__ import annotations

import json
from pathlib import Path


def cmd_certify_not_local_min(args) -> int:
    """Run the Lemma 1 certificate generator on one point; see the module docstring."""
    from .models.factored import load_factored
    from .theorems.depth_reduction import lemma1_certificate, split_ranks
    inst = load_factored(args.instance, convert_floats=args.convert_floats)
    point = json.loads(Path(args.point).read_text())
    theta = inst.point(point, convert_floats=args.convert_floats)
    ranks = []
    for t in range(len(inst.towers)):
        j, d, ra, rb = split_ranks(inst, theta, t)
        ranks.append({"tower": t, "split_layer": j, "d": d, "rank_A": ra, "rank_B": rb,
                      "bottleneck": inst.has_bottleneck(t)})
    cert, why = lemma1_certificate(inst, theta, seed=args.seed)
    if args.json:
        print(json.dumps({"applies": cert is not None, "reason": why, "ranks": ranks, "seed": args.seed,
                          "certificate": cert}, indent=1, ensure_ascii=False))
    else:
        for r in ranks:
            print(f"tower {r['tower']}: split at layer {r['split_layer']} (d = {r['d']}): rank A = {r['rank_A']}, "
                  f"rank B = {r['rank_B']}")
        if cert is None:
            print(f"no certificate: {why}")
        else:
            ev = cert["evidence"][0]
            print(f"not a local minimum (certified): {why}; ∂L/∂M_{ev['layer']}[{ev['row']}][{ev['col']}] has a "
                  f"non-zero coefficient of s^{ev['degree']} along the curve (seed {args.seed})")
    if cert is not None and args.certificate:
        Path(args.certificate).write_text(json.dumps(cert, indent=1, ensure_ascii=False))
        if not args.json:
            print(f"certificate written to {args.certificate} (check it: exactland verify {args.certificate})")
    return 0 if cert is not None else 1


def cmd_depth_solver_check(args) -> int:
    """Lemma 1 / Theorem 2 on the critical points enumerated by ``exactland.solve`` (tiny instances).
    Exit 0 unless a claim failed."""
    from .theorems.depth_reduction import solver_mode
    res = solver_mode(seed=args.seed, timeout=args.timeout)
    if args.json:
        print(json.dumps(res.to_json() if hasattr(res, "to_json") else res.__dict__, indent=1, ensure_ascii=False,
                         default=str))
    else:
        print(f"{res.name}: {res.status} — {res.summary} (seed {args.seed})")
        for d in res.details:
            print(f"  {d}")
    return 1 if res.status == "failed" else 0


def register(sub):
    """Add this topic's subcommands to the argparse subparsers ``sub``."""
    c = sub.add_parser("certify-not-local-min",
                       help="Lemma 1 (depth reduction): certify that a rank-deficient point is not a local minimum")
    c.add_argument("instance", help="instance JSON (deep_linear with any loss, factored, multi_tower)")
    c.add_argument("--point", required=True, help='point JSON: {"W": [M_1, …]} or {"towers": [[…], …]}')
    c.add_argument("--json", action="store_true", help="print a JSON object with the key 'certificate'")
    c.add_argument("--seed", type=int, default=0, help="seed of the (untrusted) curve search")
    c.add_argument("--certificate", help="also write the certificate to this file")
    c.add_argument("--convert-floats", action="store_true", help="accept floats, read as the decimals they print as")
    c.set_defaults(fn=cmd_certify_not_local_min)
    c = sub.add_parser("depth-solver-check",
                       help="Lemma 1 / Theorem 2 (depth reduction) on the critical points found by exactland.solve")
    c.add_argument("--seed", type=int, default=0, help="seed of the instances' data (default 0)")
    c.add_argument("--timeout", type=float, default=30, help="solver time limit per instance, seconds")
    c.add_argument("--json", action="store_true", help="print the claim result as JSON")
    c.set_defaults(fn=cmd_depth_solver_check)
