#!/usr/bin/env python
"""Check the claims of Kawaguchi, Huang & Kaelbling (2019a), "Every Local Minimum Value Is the Global Minimum Value of Induced Model", exactly.

Usage: ``python proofs/induced_model.py [--seed N] [--json]``.  Prints the table of claims (or the
JSON report with every certificate); the exit status is 0 iff no claim whose hypotheses hold failed.
Every certificate in the report can be re-checked with ``exactland verify``.  Points at ReLU kinks are
classified on every one-sided piece (each activation region whose closure contains the point).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from exactland.report.proof_script import run
from exactland.theorems.khk2019a import check_all, dropped_hypotheses

def _dropped(report, args):
    print("dropped hypotheses (each with a certified counterexample found by seeded search; the "
          "conclusion fails without it):")
    for label, row, found in dropped_hypotheses(report):
        print(f"  {label:<62} {'counterexample in row ' + row if found else 'NOT FOUND (' + row + ')'}")
    print("note: points at ReLU kinks are classified on every one-sided piece (each activation region whose "
          "closure contains the point); local minimality there is certified on all of them.")


def main(argv=None) -> int:
    return run(check_all, __doc__, argv, after_table=_dropped)


if __name__ == "__main__":
    sys.exit(main())
