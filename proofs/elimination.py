#!/usr/bin/env python
"""Check the claims of Kawaguchi & Kaelbling (2020), "Elimination of all bad local minima in deep learning".

Usage: ``python proofs/elimination.py [--seed N] [--json] [--out DIR] [--no-figures]``.  Prints each claim
held / failed (with counterexample) / inconclusive (with why), with the findings (errata) beside it, and
draws Figures 1 and 4 into ``--out`` (default ``exactland-output``).  Exit status 0 iff no claim whose
hypotheses hold failed.  Every certificate in ``--json`` can be re-checked with ``exactland verify``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from exactland.report.table import paper_report
from exactland.theorems.elimination import check_all


def main(argv=None) -> int:
    """Run the checks (and figures); exit 0 iff no claim whose hypotheses hold failed."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=0, help="seed of the random exact instances (default 0)")
    ap.add_argument("--json", action="store_true", help="print the full JSON report instead of the table")
    ap.add_argument("--out", default="exactland-output", help="folder for the figures")
    ap.add_argument("--no-figures", action="store_true", help="skip Figures 1 and 4")
    args = ap.parse_args(argv)
    start = time.perf_counter()
    progress = None if args.json else (lambda msg: print(f"  … {msg}", file=sys.stderr, flush=True))
    report = check_all(seed=args.seed, progress=progress)
    if args.json:
        print(json.dumps(report.to_json(), indent=1, ensure_ascii=False))
    else:
        print(paper_report(report))
        for c in report.claims:
            if c.status == "inconclusive":
                print(f"  inconclusive [{c.name}]: {c.summary}")
    if not args.no_figures:
        try:
            from exactland.cli_elimination import plot_figure
            for kind in ("figure1", "figure4"):
                path = plot_figure(kind, Path(args.out) / f"elimination_{kind}.png")
                print(f"wrote {path} (numerical illustration)", file=sys.stderr)
        except ImportError as err:
            print(f"figures skipped ({err})", file=sys.stderr)
    if not args.json:
        print(f"seed {args.seed}, {time.perf_counter() - start:.1f} s, "
              f"{'OK' if report.ok else 'a claim whose hypotheses hold FAILED'}")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
