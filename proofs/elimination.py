#!/usr/bin/env python
"""Check the claims of Kawaguchi & Kaelbling (2020), "Elimination of all bad local minima in deep learning".

Usage: ``python proofs/elimination.py [--seed N] [--json] [--out DIR] [--no-figures]``.  Prints each claim
held / failed (with counterexample) / inconclusive (with why), with the findings (errata) beside it, and
draws Figures 1 and 4 into ``--out`` (default ``exactland-output``).  Exit status 0 iff no claim whose
hypotheses hold failed.  Every certificate in ``--json`` can be re-checked with ``exactland verify``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from exactland.report.proof_script import run
from exactland.theorems.elimination import check_all

def _arguments(ap):
    ap.add_argument("--out", default="exactland-output", help="folder for the figures")
    ap.add_argument("--no-figures", action="store_true", help="skip Figures 1 and 4")


def _figures(report, args):
    if args.no_figures:
        return
    try:
        from exactland.cli_elimination import plot_figure
        for kind in ("figure1", "figure4"):
            path = plot_figure(kind, Path(args.out) / f"elimination_{kind}.png")
            print(f"wrote {path} (numerical illustration)", file=sys.stderr)
    except ImportError as err:
        print(f"figures skipped ({err})", file=sys.stderr)


def main(argv=None) -> int:
    """Run the checks (and figures); exit 0 iff no claim whose hypotheses hold failed."""
    return run(check_all, __doc__, argv, add_arguments=_arguments, after=_figures)


if __name__ == "__main__":
    sys.exit(main())
