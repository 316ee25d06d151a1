"""The shared command line of the proof scripts in ``proofs/`` (one per paper).

Each script is ``run(check_all, __doc__, argv)`` plus whatever it prints or writes beside the
table.  Usage of every script: ``python proofs/<paper>.py [--seed N] [--json]``; it prints the
table of claims (held / failed / inconclusive, with the reason of each inconclusive one) or the
JSON report with every certificate, and exits 0 iff no claim whose hypotheses hold failed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time


def run(check_all, doc: str, argv=None, add_arguments=None, after_table=None, after=None) -> int:
    """Parse ``--seed``/``--json`` (and ``add_arguments(parser)``), run ``check_all`` and report.

    ``after_table(report, args)`` prints extra lines under the table (text mode only);
    ``after(report, args)`` runs in both modes (e.g. writing figures).  Returns the exit status.

    >>> from exactland.theorems import ClaimResult, PaperReport
    >>> fake = lambda seed, progress: PaperReport("demo", seed, [ClaimResult("lemma_1", "held", True)])
    >>> run(fake, "Demo.", ["--seed", "3"])  # doctest: +ELLIPSIS
    demo  (seed 3)
    ...
    seed 3, ... s, OK
    0
    """
    from .table import paper_report
    ap = argparse.ArgumentParser(description=doc.strip().splitlines()[0])
    ap.add_argument("--seed", type=int, default=0, help="seed of the random exact instances (default 0)")
    ap.add_argument("--json", action="store_true", help="print the full JSON report instead of the table")
    if add_arguments:
        add_arguments(ap)
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
        if after_table:
            after_table(report, args)
    if after:
        after(report, args)
    if not args.json:
        print(f"seed {args.seed}, {time.perf_counter() - start:.1f} s, "
              f"{'OK' if report.ok else 'a claim whose hypotheses hold FAILED'}")
    return 0 if report.ok else 1
