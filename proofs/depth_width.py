#!/usr/bin/env python
"""Check the claims of Kawaguchi, Huang & Kaelbling (2019), "Effect of Depth and Width on Local Minima in
Deep Learning", exactly (Monte Carlo claims are labelled numerical).

Usage: ``python proofs/depth_width.py [--seed N] [--json]``.  Prints the table of claims (or the JSON report
with every certificate); each row is held / FAILED (with the counterexample) / inconclusive (with why).
Rows with hypotheses "NO" are the paper's hypotheses dropped in turn, and the literal-reading failures
("fails as literally stated; holds under the corrected hypothesis"): they do not make the script fail.
The exit status is 0 iff no claim whose hypotheses hold failed.  Every certificate in the report can be
re-checked with ``exactland verify``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from exactland.report.proof_script import run
from exactland.theorems.khk2019b import check_all

def main(argv=None) -> int:
    return run(check_all, __doc__, argv)


if __name__ == "__main__":
    sys.exit(main())
