#!/usr/bin/env python
"""Check the claims of "Depth creates no more spurious local minima in linear networks", exactly.

Usage: ``python proofs/depth_reduction.py [--seed N] [--json]``.  Prints the table of claims (or the
JSON report with every certificate); the exit status is 0 iff no claim whose hypotheses hold failed.
Every certificate in the report can be re-checked with ``exactland verify``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from exactland.report.proof_script import run
from exactland.theorems.depth_reduction import check_all

def main(argv=None) -> int:
    return run(check_all, __doc__, argv)


if __name__ == "__main__":
    sys.exit(main())
