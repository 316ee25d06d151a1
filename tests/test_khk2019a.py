"""KHK (2019a) claims: statuses on seeded instances, every certificate verifies with the kernel, the
report has the common JSON shape, and the proof script's exit status follows the report."""

import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from exactland import kernel
from exactland.cli import main as cli_main
from exactland.theorems import PAPERS, check
from exactland.theorems import khk2019a as K

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def report():
    return check("khk2019a", seed=0)


def test_every_claim_held_and_report_ok(report):
    assert "khk2019a" in PAPERS
    st = {c.name: c.status for c in report.claims}
    assert set(st) >= {"theorem_1", "assumption_2", "theorem_2", "lemma_1", "lemma_2", "lemma_3", "theorem_3",
                       "theorem_4", "corollary_4_deep_linear", "example_1", "example_2", "example_3",
                       "proposition_1", "proposition_2", "differentiability_reading", "remark_omega_closure"}
    assert all(s == "held" for s in st.values()), st
    assert report.ok


def test_every_certificate_verifies(report):
    certs = [c for claim in report.claims for c in claim.certificates]
    assert len(certs) >= 15
    for cert in certs:
        assert kernel.verify(cert) == (True, "valid"), cert["claim"]
    kinds = {c["claim"] for c in certs}
    assert {"gradient_basis_optimal", "not_local_min", "local_min", "smooth_loss_kink_min",
            "output_differentiable", "output_not_differentiable"} <= kinds


def test_findings_are_reported(report):
    by = {c.name: c for c in report.claims}
    assert any("> 0" in f for f in by["example_2"].findings)
    assert any("Ω = Ω̃" in f for f in by["remark_omega_closure"].findings)
    assert by["differentiability_reading"].hypotheses_hold is False


def test_dropped_hypotheses_counterexamples_are_exact():
    cex = K.nonconvex_loss_counterexample(3)
    assert Fraction(cex["L"]) > 0 and Fraction(cex["second_derivative"]) > 0
    off = K.fixed_offset_counterexample(3)
    assert Fraction(off["L"]) != Fraction(off["inf_gradient_basis"])
    t4 = K.theorem_4(0)
    assert t4.counterexample and Fraction(t4.counterexample["dropped_theta_1_0"]["L"]) > \
        Fraction(t4.counterexample["dropped_theta_1_0"]["B_4_0"])


def test_other_seed_runs(capsys):
    rc = cli_main(["check", "khk2019a", "--seed", "2", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert rc == (0 if out["ok"] else 1)
    assert out["paper"] == "khk2019a" and out["seed"] == 2
    assert {"name", "status", "hypotheses_hold", "summary", "certificates", "findings"} <= set(out["claims"][0])


def test_proof_script_exit_status():
    p = subprocess.run([sys.executable, str(ROOT / "proofs" / "induced_model.py"), "--seed", "0"],
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stdout + p.stderr
    assert "theorem_1" in p.stdout and "one-sided piece" in p.stdout


def test_kink_local_min_kkt_certificate_and_tampering():
    import copy
    from exactland.models.piecewise import random_point
    from exactland.numbers import fmt
    net, th, (c_min, c_nd), vals = K.kink_counterexample(0)
    assert kernel.verify(c_min)[0] and kernel.verify(c_nd)[0]
    assert min(vals) < net.loss(th) and net.kinks(th)
    for k in range(40):   # evidence, not proof: no small random perturbation lowers the loss
        d = random_point(net, seed=k)
        assert net.loss([a + Fraction(1, 997) * b for a, b in zip(th, d)]) >= net.loss(th)
    mu = c_min["evidence"][0]["multipliers"]
    t = copy.deepcopy(c_min)
    t["evidence"][0]["multipliers"] = [[fmt(-Fraction(x[0]) - 1)] for x in mu]
    assert not kernel.verify(t)[0]
    t = copy.deepcopy(c_min)
    t["evidence"][0]["multipliers"] = [[fmt(Fraction(x[0]) + 1)] for x in mu]
    assert not kernel.verify(t)[0]
    t = copy.deepcopy(c_min)
    del t["evidence"][0]["multipliers"]
    assert not kernel.verify(t)[0]          # without KKT the kink point is not certified
    t = copy.deepcopy(c_min)
    del t["loss"]
    t["point"]["theta"][2] = fmt(-Fraction(t["point"]["theta"][2]))   # flip the output weight's sign
    assert not kernel.verify(t)[0]


@pytest.mark.parametrize("seed", [pytest.param(1, marks=pytest.mark.slow), 7, 14])
def test_no_claim_fails_on_other_seeds(seed):
    rep = K.check_all(seed)
    assert rep.ok
    assert all(c.status == "held" for c in rep.claims), [(c.name, c.status, c.summary) for c in rep.claims]
    for c in rep.claims:
        for cert in c.certificates:
            assert kernel.verify(cert)[0], (c.name, cert["claim"])
