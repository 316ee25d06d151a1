"""The terminal report separates failures that refute a claim from certified counterexamples."""

from exactland.report.table import paper_report
from exactland.theorems import ClaimResult, PaperReport


def test_summary_line_counts_counterexamples_with_a_failing_hypothesis():
    claims = [ClaimResult("lemma_1", "held", True), ClaimResult("lemma_1_dropped", "failed", False),
              ClaimResult("lemma_2", "inconclusive", True, summary="too slow")]
    rep = PaperReport("demo", 0, claims)
    last = paper_report(rep).splitlines()[-1]
    assert last.startswith("1 held, 1 failed (1 of them with a hypothesis not holding")
    assert rep.ok
    refuted = PaperReport("demo", 0, claims + [ClaimResult("lemma_3", "failed", True)])
    assert "2 failed (1 of them" in paper_report(refuted).splitlines()[-1]
    assert not refuted.ok
