"""KHK (2019a) claims: statuses on seeded instances, every certificate verifies with the kernel, the
report has the common JSON shape, and the proof script's exit status follows the report."""

import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
    assert st.pop("bottleneck_dropped") == "failed"       # a dropped-hypothesis row: the conclusion fails
    assert all(s == "held" for s in st.values()), st
    assert report.ok
    by = {c.name: c for c in report.claims}
    assert by["bottleneck_dropped"].hypotheses_hold is False


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
    assert all(c.status == "held" for c in rep.claims if c.hypotheses_hold), \
        [(c.name, c.status, c.summary) for c in rep.claims]
    assert {c.name: c.status for c in rep.claims}["bottleneck_dropped"] == "failed"
    for c in rep.claims:
        for cert in c.certificates:
            assert kernel.verify(cert)[0], (c.name, cert["claim"])


# --- dropped bottleneck (Theorem 3: d_y ≤ d_x; Corollary 4.L: d_y ≤ min d_l) --------------------------------

def test_bottleneck_counterexamples_certified_and_tamper():
    import copy
    from exactland.numbers import fmt
    rb = K.resnet_bottleneck(0)
    net, th = rb["net"], rb["theta"]
    assert net.d_x < net.d_y <= net.layers[0].width and not net.kinks(th)     # θ ∉ Ω̃, d_y ≤ d_z holds
    assert kernel.verify(rb["certificate"]) == (True, "valid")
    assert rb["L"] > rb["B_3"] and rb["L"] == net.loss(th)
    # the lifted point's output is the ResNet's output
    W = rb["certificate"]["point"]["W"]
    prod = [[Fraction(W[1][r][0]) * Fraction(W[0][0][i]) for i in range(net.m)] for r in range(net.d_y)]
    assert prod == net.output(th)
    for k in range(2):                      # tamper: a changed coordinate is rejected
        t = copy.deepcopy(rb["certificate"])
        t["point"]["W"][0][0][k] = fmt(Fraction(t["point"]["W"][0][0][k]) + 1)
        assert not kernel.verify(t)[0]
    db = K.deep_linear_bottleneck(0)
    assert kernel.verify(db["certificate"])[0] and db["L"] > db["bound"]
    t = copy.deepcopy(db["certificate"])
    t["point"]["W"][1][0][0] = fmt(Fraction(t["point"]["W"][1][0][0]) * 2)
    assert not kernel.verify(t)[0]
    t = copy.deepcopy(db["certificate"])
    t["instance"]["model"]["widths"] = [2, 2, 2]      # without the bottleneck the value is not optimal
    t["point"]["W"][0].append(["0", "0"])
    t["point"]["W"][1] = [row + ["0"] for row in t["point"]["W"][1]]
    assert not kernel.verify(t)[0]


def test_resnet_lifting_bounds_every_point():
    """The reduction behind the ResNet counterexample: at any θ′ the ResNet's output has rank ≤ d_x and its
    loss is the lifted deep linear net's loss at (X + R′Z′, W′) ≥ the certified global value (evidence at
    seeded random θ′, the inequality itself is the Eckart–Young bound the kernel checks)."""
    from exactland.models.piecewise import random_point
    rb = K.resnet_bottleneck(0)
    net = rb["net"]
    for k in range(30):
        th = random_point(net, seed=k)
        F = net.output(th)
        assert F[0][0] * F[1][1] - F[0][1] * F[1][0] == 0        # rank ≤ 1 = d_x
        assert net.loss(th) >= rb["L"]


@given(st.lists(st.integers(-6, 6), min_size=3, max_size=3), st.integers(-5, 5), st.integers(1, 5))
@settings(max_examples=60, deadline=None)
def test_top_eigenvector_is_an_eigenvector(s, p, q):
    a, b, c = (Fraction(x) for x in s)
    S = [[a, b], [b, c]]
    v = K.top_eigenvector_2x2(S)
    if v is None:
        return
    Sv = [S[0][0] * v[0] + S[0][1] * v[1], S[1][0] * v[0] + S[1][1] * v[1]]
    lam = (Sv[0] * v[0] + Sv[1] * v[1]) / (v[0] ** 2 + v[1] ** 2)
    assert Sv == [lam * v[0], lam * v[1]] and any(v)
    assert lam >= (a + c) / 2                     # the larger eigenvalue
    # rational eigenvalues by construction: diag(p, q) rotated by a Pythagorean rotation
    R = [[Fraction(3, 5), Fraction(-4, 5)], [Fraction(4, 5), Fraction(3, 5)]]
    D = [[Fraction(p), 0], [0, Fraction(p + q)]]
    M = [[sum(R[i][k] * D[k][k] * R[j][k] for k in range(2)) for j in range(2)] for i in range(2)]
    w = K.top_eigenvector_2x2(M)
    assert w is not None and w[0] * R[1][1] == w[1] * R[0][1]     # parallel to the second column


# --- exact region enumeration for d_x = 3 ------------------------------------------------------------------

@given(st.integers(0, 10 ** 6), st.integers(1, 6))
@settings(max_examples=25, deadline=None)
def test_cells_3d_contains_every_sampled_pattern(seed, m):
    import random
    from exactland.models.piecewise import _cells_3d
    rng = random.Random(seed)
    X = [[Fraction(rng.randint(-3, 3), rng.randint(1, 2)) for _ in range(m)] for _ in range(3)]
    cells = _cells_3d(X)
    sig = lambda w: tuple(1 if sum(w[b] * X[b][i] for b in range(3)) > 0 else -1 for i in range(m)
                          if any(X[b][i] for b in range(3)))
    pats = {sig(w) for w in cells}
    assert len(pats) == len(cells)
    for w in cells:     # interior points: no zero pre-activation on a non-zero sample
        assert all(sum(w[b] * X[b][i] for b in range(3)) != 0 for i in range(m) if any(X[b][i] for b in range(3)))
    for _ in range(300):
        w = [Fraction(rng.randint(-20, 20), rng.randint(1, 5)) for _ in range(3)]
        if all(sum(w[b] * X[b][i] for b in range(3)) != 0 for i in range(m) if any(X[b][i] for b in range(3))):
            assert sig(w) in pats


def test_cells_3d_generic_count():
    """m planes through 0 in general position cut R³ into 2(1 + (m−1) + C(m−1, 2)) cells (Zaslavsky)."""
    from math import comb
    from exactland.models.piecewise import _cells_3d
    for m in range(1, 7):
        X = [[Fraction(1), Fraction(i + 1), Fraction((i + 1) ** 2)] for i in range(m)]   # moment curve: generic
        X = [list(r) for r in zip(*X)]
        assert len(_cells_3d(X)) == 2 * (1 + (m - 1) + comb(m - 1, 2))


def test_search_d_x_3_enumerates_and_verifies(tmp_path):
    from exactland.models.piecewise import search_spurious, unit_patterns, PiecewiseNetwork
    res = search_spurious(hidden=2, samples=4, seed=0, d_x=3, tries=20)
    assert res["found"] and kernel.verify(res["certificate"]) == (True, "valid")
    assert res["regions"]["enumeration"] == "exact"
    net = PiecewiseNetwork.from_json(res["instance"])
    assert res["regions"]["unit_cells"] == len(unit_patterns(net.X))
    assert unit_patterns(net.X).keys() >= unit_patterns(net.X, samples=400).keys()


# --- two hidden layers ---------------------------------------------------------------------------------------

def test_two_hidden_layer_minima_certified_and_tamper():
    import copy
    from exactland.models.piecewise import random_point
    from exactland.numbers import fmt
    found = K.depth2_minima(0, want=2)
    assert len(found) == 2
    for net, mn, cert in found:
        th = mn["theta"]
        assert kernel.verify(cert) == (True, "valid")
        assert all(v > 0 for row in net.preactivations(th)[1] for v in row)     # layer 2 linear on all samples
        for k in range(25):       # evidence, not proof: small random perturbations do not lower the loss
            d = random_point(net, seed=k)
            assert net.loss([a + Fraction(1, 499) * b for a, b in zip(th, d)]) >= net.loss(th)
        changed = 0
        for k in range(len(th)):      # tamper: a changed coordinate that changes the loss is rejected
            t = copy.deepcopy(cert)
            t["point"]["theta"][k] = fmt(Fraction(t["point"]["theta"][k]) + Fraction(1, 3))
            t.pop("loss", None)
            moved = [Fraction(x) for x in t["point"]["theta"]]
            if net.loss(moved) != net.loss(th):
                changed += 1
                assert not kernel.verify(t)[0], k
        assert changed >= 4
        t = copy.deepcopy(cert)
        t["loss"] = fmt(Fraction(t["loss"]) + 1)
        assert not kernel.verify(t)[0]


def test_d_z_probe_uses_the_fiber():
    full, sing, alone, seed = K.resnet_dz_probe(0)
    assert seed is not None and full and sing
    assert alone is False        # at singular W the Jacobian alone misses features: the fiber point is needed


# --- two hidden layers: spurious minima, kernel "piecewise_extra" -------------------------------------------

def _extra_check(cert):
    from exactland.kernel import CHECKERS, Invalid, piecewise_extra
    try:
        piecewise_extra.check(cert)
        ok = True
    except Invalid:
        ok = False
    if "piecewise_extra" in CHECKERS:          # once registered, the dispatcher agrees
        assert kernel.verify(cert)[0] == ok
    return ok


def test_two_layer_spurious_search_and_tamper():
    import copy
    from exactland.models.piecewise import PiecewiseNetwork, random_point, search_spurious
    from exactland.numbers import fmt
    res = search_spurious(hidden=2, samples=4, seed=20, tries=10, layers=2)
    assert res["found"]
    cert = res["certificate"]
    assert cert["kernel"] == "piecewise_extra" and _extra_check(cert)
    net = PiecewiseNetwork.from_json(res["instance"])
    th = [Fraction(x) for x in res["point"]["theta"]]
    low = [Fraction(x) for x in res["lower_point"]["theta"]]
    assert net.loss(low) < net.loss(th) and not net.kinks(th)
    for k in range(25):       # evidence, not proof: small random perturbations do not lower the loss
        d = random_point(net, seed=k)
        assert net.loss([a + Fraction(1, 499) * b for a, b in zip(th, d)]) >= net.loss(th)
    t = copy.deepcopy(cert)
    t["evidence"]["lower_point"] = t["point"]["theta"]                 # not lower
    assert not _extra_check(t)
    t = copy.deepcopy(cert)
    t["evidence"]["units_active"] = False
    assert not _extra_check(t)
    t = copy.deepcopy(cert)
    t["loss"] = fmt(Fraction(t["loss"]) * 2)
    assert not _extra_check(t)
    t = copy.deepcopy(cert)
    t.pop("loss")
    t["point"]["theta"][len(th) - 1] = fmt(-Fraction(t["point"]["theta"][-1]))    # flip an output weight
    assert not _extra_check(t)
    t = copy.deepcopy(cert)
    t["claim"] = "local_min"
    assert not _extra_check(t)


def test_piecewise_extra_rejects_a_non_contributing_unit():
    """Seed 0's two-layer minimum has c = W3·W2 = (0, 1): the first unit is active but its signal cancels
    downstream, so it does not count (the local-minimum part alone is valid)."""
    from exactland.models.piecewise import random_feedforward, spurious_two_layer_certificate
    net = random_feedforward((2, 2), d_x=2, d_y=1, m=4, seed=0)
    from exactland.models.piecewise import random_point
    th = K.depth2_minima(0, want=1)[0][1]["theta"]
    lower = min((random_point(net, seed=k) for k in range(200)), key=net.loss)     # any smaller loss
    assert net.loss(lower) < net.loss(th)
    cert = spurious_two_layer_certificate(net, th, lower)
    from exactland.kernel import Invalid, piecewise_extra
    assert kernel.verify(K.depth2_minima(0, want=1)[0][2])[0]      # the local-minimum part alone is valid
    with pytest.raises(Invalid, match="does not contribute"):
        piecewise_extra.check(cert)
