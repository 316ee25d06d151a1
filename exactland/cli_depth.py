"""Subcommands of `exactland` for the depth topic (registered through exactland.cli.PLUGINS).

``exactland certify-not-local-min INSTANCE.json --point POINT.json [--json] [--seed N] [--certificate FILE]``
builds the constructive Lemma 1 certificate of the depth-reduction paper (a value-preserving
polynomial curve with a non-zero gradient polynomial) or says why it does not apply.  Exit status:
0 certificate emitted, 1 it does not apply / none found, 2 bad input.
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
