"""Command line: ``exactland demo | classify | verify | check`` (also ``python -m exactland``)."""

from __future__ import annotations

import argparse
import json
import sys
import time
import importlib
from pathlib import Path

# Modules that add subcommands: each defines ``register(subparsers)`` and sets ``fn`` defaults.
PLUGINS = ["cli_solve", "cli_depth", "cli_elimination", "cli_piecewise", "cli_numeric"]


def _say(msg=""):
    print(msg, flush=True)


def _step(i, n, msg):
    _say(f"[{i}/{n}] {msg}")


def cmd_demo(args) -> int:
    from . import kernel
    from .classify import classify, certificate
    from .instance import random_instance, check_data_hypotheses, point_to_json
    from .landscape import Landscape
    from .numbers import fmt

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    n = 6
    t0 = time.time()
    _say("exactland demo — a certified 'bad' saddle of a deep linear network (Kawaguchi 2016, Corollary 2.4)")
    _say("")
    _step(1, n, f"building a seeded random exact instance (seed {args.seed}): widths (3, 2, 2, 2), "
                "so H = 2 hidden layers, three weight matrices ('depth 3')")
    inst = random_instance((3, 2, 2, 2), m=4, seed=args.seed)
    h = check_data_hypotheses(inst)
    _say(f"      X is 3×4, Y is 2×4, rational entries; loss ½‖W₃W₂W₁X − Y‖² (Kawaguchi's normalization)")
    _say(f"      hypotheses of Theorem 2.3, decided exactly: rank XXᵀ = {h.rank_XXt}, rank XYᵀ = {h.rank_XYt}, "
         f"Σ has distinct eigenvalues: {h.sigma_distinct}  -> {'all hold' if h.all_hold else h.failures()}")
    _step(2, n, "classifying the all-zero point W₁ = W₂ = W₃ = 0 exactly")
    W = inst.zero_point()
    v = classify(inst, W, seed=args.seed)
    _say(f"      gradient: exactly zero; Hessian inertia (+{v.inertia[0]}, −{v.inertia[1]}, 0×{v.inertia[2]}): "
         "no negative eigenvalue — second-order tests cannot see that this is a saddle")
    ev = {e["type"]: e for e in v.certificate["evidence"]}
    d, a = ev["descent_curve"], ev.get("ascent_curve")
    _say(f"      along θ + t·v the loss changes by {d['coefficient']}·t^{d['order']} + O(t^{d['order'] + 1}): "
         "not a local minimum")
    if a:
        _say(f"      along θ − t·v it changes by {a['coefficient']}·t^{a['order']} + …: not a local maximum")
    _say(f"      verdict: {v.cls}, loss {fmt(v.loss)}")
    _step(3, n, "re-checking the certificate with the independent kernel")
    ok, why = kernel.verify(v.certificate)
    _say(f"      kernel says: {why}")
    cert_path = out / "bad_saddle_certificate.json"
    cert_path.write_text(json.dumps(v.certificate, indent=1))
    (out / "instance.json").write_text(json.dumps(inst.to_json(), indent=1))
    (out / "point.json").write_text(json.dumps(point_to_json(W), indent=1))
    _step(4, n, "contrast: one hidden layer (H = 1), same data — the zero point is a strict saddle")
    shallow = random_instance((3, 2, 2), m=4, seed=args.seed)
    shallow.X, shallow.Y = inst.X, inst.Y
    vs = classify(shallow, shallow.zero_point())
    _say(f"      widths (3, 2, 2): {vs.cls}, inertia (+{vs.inertia[0]}, −{vs.inertia[1]}, 0×{vs.inertia[2]}) "
         "— a negative eigenvalue, as Corollary 2.4 says for H = 1")
    _step(5, n, "plotting the loss on a 2-D slice through the saddle")
    plot_path = out / "bad_saddle_slice.png"
    try:
        from .report.plot import slice_plot
        ls = Landscape(inst)
        d1 = [__import__("fractions").Fraction(x) for x in d["curve"][0]]
        import random
        rng = random.Random(args.seed + 1)
        d2 = [__import__("fractions").Fraction(rng.randint(-2, 2)) for _ in d1]
        norm = max(abs(x) for x in d1) or 1
        d1 = [x / norm for x in d1]
        slice_plot(ls, W, d1, d2, plot_path, title="non-strict saddle at W = 0 of a depth-3 linear network "
                   f"(seed {args.seed}); Hessian = 0 there", radius=0.6, label1="d₁ (certified descent)",
                   label2="d₂ (random)")
        _say(f"      wrote {plot_path}")
    except ImportError as err:  # matplotlib missing: the verdict does not depend on it
        _say(f"      plot skipped ({err}); install matplotlib for pictures")
        plot_path = None
    _step(6, n, "done")
    _say("")
    _say(f"certificate : {cert_path}   (re-check it any time: exactland verify {cert_path})")
    if plot_path:
        _say(f"picture     : {plot_path}")
    _say(f"instance    : {out / 'instance.json'}   point: {out / 'point.json'}")
    _say(f"({time.time() - t0:.1f} s; seed {args.seed})")
    return 0 if ok else 1


def cmd_classify(args) -> int:
    from .classify import classify
    from .instance import Instance
    inst = Instance.from_json(args.instance, convert_floats=args.convert_floats)
    point = json.loads(Path(args.point).read_text())
    v = classify(inst, inst.point(point, convert_floats=args.convert_floats), seed=args.seed)
    if args.json:
        print(json.dumps(v.to_json(), indent=1))
    else:
        _say(str(v))
        if args.certificate:
            Path(args.certificate).write_text(json.dumps(v.certificate, indent=1))
            _say(f"certificate written to {args.certificate}")
    return 0


def cmd_verify(args) -> int:
    from . import kernel
    ok, why = kernel.verify(args.certificate)
    print("valid" if ok else f"invalid: {why}")
    return 0 if ok else 1


def cmd_check(args) -> int:
    from . import theorems
    from .report.table import paper_report
    progress = None if args.json else (lambda msg: print(f"  … {msg}", file=sys.stderr, flush=True))
    opts = {"enumerate": True} if args.enumerate else {}
    rep = theorems.check(args.paper, seed=args.seed, progress=progress, **opts)
    if args.json:
        print(json.dumps(rep.to_json(), indent=1))
    else:
        print(paper_report(rep))
    return 0 if rep.ok else 1


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="exactland", description="Exact, certified loss-landscape checks.")
    sub = p.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("demo", help="guided tour: a certified bad saddle, its certificate and a picture")
    d.add_argument("--seed", type=int, default=0)
    d.add_argument("--out", default="exactland-output", help="folder for the certificate and plot")
    d.set_defaults(fn=cmd_demo)
    c = sub.add_parser("classify", help="classify a point of an instance exactly")
    c.add_argument("instance")
    c.add_argument("--point", required=True)
    c.add_argument("--json", action="store_true")
    c.add_argument("--seed", type=int, default=0, help="seed of the (untrusted) curve search")
    c.add_argument("--certificate", help="also write the certificate to this file")
    c.add_argument("--convert-floats", action="store_true", help="accept floats, read as the decimals they print as")
    c.set_defaults(fn=cmd_classify)
    v = sub.add_parser("verify", help="re-check a certificate with the trusted kernel")
    v.add_argument("certificate")
    v.set_defaults(fn=cmd_verify)
    k = sub.add_parser("check", help="check a paper's claims on seeded exact instances")
    from .theorems import PAPERS
    k.add_argument("paper", choices=sorted(PAPERS))
    k.add_argument("--seed", type=int, default=0)
    k.add_argument("--json", action="store_true")
    k.add_argument("--enumerate", action="store_true",
                   help="also enumerate the whole critical set of small instances with the exact solver "
                        "and check the claims on it (papers that support it)")
    k.set_defaults(fn=cmd_check)
    for name in PLUGINS:  # further subcommands, one module per topic, each with register(sub)
        importlib.import_module(f"{__package__}.{name}").register(sub)
    args = p.parse_args(argv)
    try:
        return args.fn(args)
    except (ValueError, TypeError) as err:  # bad input: a clear message, not a traceback
        print(f"error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
