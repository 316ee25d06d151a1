"""KHK 2019b: exact identities, certificate kinds of the ``khk2019b`` kernel (with tamper tests), the
literal-reading detections and the seeded claim run."""

from __future__ import annotations

import copy
import json
import random
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactland import kernel
from exactland import numbers as nb
from exactland.kernel import khk2019b as kk
from exactland.theorems import khk2019b as T

Q = Fraction


@pytest.fixture(scope="module")
def report():
    return T.check_all(seed=0)


@pytest.fixture(scope="module")
def minimum():
    return T.planted_minima(0, "shallow", 1)[0]


def _valid(cert):
    return kernel.verify(cert)[0]


# --- exact identities on random exact instances (property tests) -----------------------------------

@st.composite
def nets_and_points(draw):
    widths = draw(st.sampled_from([(2, 2, 1), (2, 1, 2), (2, 2, 2, 1), (1, 2, 2, 2)]))
    act = draw(st.sampled_from(["relu", "leaky:1/2", "abs", "identity"]))
    net = T.make_net(widths, act)
    q = st.fractions(min_value=-3, max_value=3, max_denominator=3)
    m = draw(st.integers(1, 4))
    X = [[draw(q) for _ in range(widths[0])] for _ in range(m)]
    Y = [[draw(q) for _ in range(widths[-1])] for _ in range(m)]
    W = [[[draw(q) for _ in range(c)] for _ in range(r)] for r, c in net.shapes]
    return net, X, Y, W


@settings(max_examples=25, deadline=None)
@given(nets_and_points())
def test_lemma_1_appendix_c_and_j_below_l(case):
    net, X, Y, W = case
    fw = T.forward(net, X, W)
    blocks = T.d_blocks(net, fw, W)
    yhat = T.vec(fw.Yhat)
    for l in range(1, net.H + 2):  # Lemma 1 at every θ, kinks included (Λ = 0 there)
        D = T.hcat(blocks[l - 1], len(yhat))
        assert [r[0] for r in nb.matmul(D, [[x] for x in T.vec(W[l - 1])])] == yhat
    y = T.vec(Y)
    J = T.j_single(T.jacobian(net, fw, W), y)
    assert J == T.j_gram_schmidt(net, fw, W, y)  # Appendix C / Lemma 3
    assert J <= T.loss(net, X, Y, W)


@settings(max_examples=15, deadline=None)
@given(nets_and_points())
def test_paper_d_is_the_kernel_region_jacobian(case):
    net, X, Y, W = case
    fw = T.forward(net, X, W)
    ki = T._kinst(net, X, Y)
    assert kk.kinks(ki, W) == fw.kinks
    if not fw.kinks:  # two independent computations: the paper's D formula and the kernel's polynomials
        assert nb.transpose(kk.piece_jacobian(ki, W, kk._pattern(ki, W, {}))) == T.jacobian(net, fw, W)
    assert T.loss(net, X, Y, W) == kk.loss_poly(ki, W, kk._pattern(ki, W, {}), [], 0)[0]


def test_loss_agrees_with_the_piecewise_model():
    from exactland.models.piecewise import PiecewiseNetwork
    rng = random.Random(5)
    net = T.make_net((2, 3, 2, 1), ["relu", "leaky:1/2"])
    X = [[T._rq(rng) for _ in range(2)] for _ in range(5)]
    Y = [[T._rq(rng)] for _ in range(5)]
    W = [[[T._rq(rng) for _ in range(c)] for _ in range(r)] for r, c in net.shapes]
    other = PiecewiseNetwork.from_json(T.instance_json(net, X, Y))
    assert other.loss(T.flatten(W)) == T.loss(net, X, Y, W)


def test_membership_greatest_family():
    net = T.make_net((2, 2, 2, 1), "relu")
    X = [[Q(1), Q(0)], [Q(1), Q(1)]]
    W = [[[Q(1), Q(1)], [Q(0), Q(-3)]], [[Q(1), Q(0)], [Q(0), Q(1)]], [[Q(1)], [Q(1)]]]
    fw = T.forward(net, X, W)
    assert T.theta_sets(net, fw, W, 1, 0) == {1: {0}, 2: {0, 1}, 3: {0}}
    W[1][0][1] = Q(-5)  # an edge from the linear unit to a unit that is now non-linear
    fw = T.forward(net, X, W)
    assert T.linear_units(net, fw, 2) == {0}
    assert T.theta_sets(net, fw, W, 1, 0) is None
    assert T.theta_sets(net, fw, W, 1, net.H) is not None  # every θ is in Θ_{d_y,H}


def test_bad_input():
    with pytest.raises(kernel.Invalid):
        T.make_net((2, 2, 1), "tanh")
    with pytest.raises(kernel.Invalid):
        T.make_net((2, 2, 1), "leaky:3/2")
    with pytest.raises(ValueError):
        T.Net((2, 2, 1), ((0.5, 0.5),))
    with pytest.raises(ValueError):
        T.Net((2, 1), ())


# --- the kernel's certificate kinds and their tamper tests ---------------------------------------------

def test_local_min_path_features_and_tampering(minimum):
    label, net, X, Y, W, cert = minimum
    assert cert["kernel"] == "khk2019b" and _valid(cert)
    bad = copy.deepcopy(cert)
    bad["instance"]["data"]["Y"][0][0] = T.fmt(Q(bad["instance"]["data"]["Y"][0][0]) + 1)
    bad.pop("loss")
    assert not _valid(bad)
    bad = copy.deepcopy(cert)
    bad["point"]["theta"][-1] = T.fmt(Q(bad["point"]["theta"][-1]) * 2)
    bad.pop("loss")
    assert not _valid(bad)
    bad = copy.deepcopy(cert)
    bad["loss"] = T.fmt(Q(cert["loss"]) + 1)
    assert not _valid(bad)
    bad = copy.deepcopy(cert)
    bad["claim"] = "global_min"
    assert not _valid(bad)


def test_kink_minimum_convex_products_and_tampering(report):
    c = next(c for c in report.claims if c.name == "theorem_1_at_kinks")
    cert = c.certificates[0]
    assert cert["evidence"]["type"] == "convex_products" and _valid(cert)
    mult = cert["evidence"]["multipliers"]
    key, unit = next((k, u) for k, per in mult.items() for u, mus in per.items() if mus)
    sample = next(iter(mult[key][unit]))
    bad = copy.deepcopy(cert)
    bad["evidence"]["multipliers"][key][unit][sample] = T.fmt(-Q(mult[key][unit][sample]))
    assert not _valid(bad)
    bad = copy.deepcopy(cert)
    bad["evidence"]["multipliers"][key][unit][sample] = T.fmt(Q(mult[key][unit][sample]) + 1)
    assert not _valid(bad)
    bad = copy.deepcopy(cert)
    bad["evidence"] = {"type": "path_features"}  # the kink minimum is not a minimum of every piece's quadratic
    assert not _valid(bad)


def test_saddle_certificate_and_tampering():
    sad = T.planted_saddle(0)
    cert = sad.cert
    assert _valid(cert)
    ev = cert["evidence"]
    for field, value in (("coefficient", T.fmt(Q(ev["coefficient"]) - 1)), ("order", 3), ("coefficient", "1")):
        bad = copy.deepcopy(cert)
        bad["evidence"][field] = value
        assert not _valid(bad)
    bad = copy.deepcopy(cert)
    bad["evidence"]["curve"][0] = ["0"] * len(ev["curve"][0])
    assert not _valid(bad)
    bad = copy.deepcopy(cert)  # not critical any more
    bad["instance"]["data"]["Y"][0][0] = T.fmt(Q(bad["instance"]["data"]["Y"][0][0]) + 1)
    bad.pop("loss")
    assert not _valid(bad)


def test_literal_reading_certificate_and_tampering(report):
    c = next(c for c in report.claims if c.name == "proposition_1_literal_reading")
    assert c.status == "failed" and not c.hypotheses_hold
    assert c.summary.startswith("fails as literally stated")
    cert = c.certificates[0]
    assert cert["claim"] == "literal_reading_counterexample" and _valid(cert)
    assert _valid(c.certificates[1])  # the corrected half: a certified differentiable minimum with L = J
    bad = copy.deepcopy(cert)
    bad["evidence"]["J"] = cert["loss"]
    assert not _valid(bad)
    bad = copy.deepcopy(cert)  # move θ off the kink: the point is no longer the literal counterexample
    bad["point"]["theta"][0] = T.fmt(Q(bad["point"]["theta"][0]) + Q(1, 7))
    bad.pop("loss")
    assert not _valid(bad)


def test_prop2ii_certificates_and_tampering(report):
    c = next(c for c in report.claims if c.name == "proposition_2_ii_literal")
    assert c.status == "failed" and not c.hypotheses_hold and c.findings
    lit, ok = c.certificates
    assert _valid(lit) and _valid(ok)
    assert lit["evidence"]["d"] == 1 and lit["evidence"]["m"] >= 2
    bad = copy.deepcopy(lit)
    bad["evidence"]["Lambda"] = [["1"] for _ in bad["evidence"]["Lambda"]]
    assert not _valid(bad)
    bad = copy.deepcopy(lit)
    bad["evidence"]["d_x"] = 1  # hypotheses no longer hold
    assert not _valid(bad)
    bad = copy.deepcopy(ok)
    bad["evidence"]["d"] = 1
    bad["evidence"]["Lambda"] = [[r[0]] for r in ok["evidence"]["Lambda"]]
    assert not _valid(bad)
    bad = copy.deepcopy(ok)
    bad["evidence"]["X"][1] = list(bad["evidence"]["X"][0])  # two equal rows with equal Λ rows drop the rank
    bad["evidence"]["Lambda"][1] = list(bad["evidence"]["Lambda"][0])
    assert not _valid(bad)


def test_nonconvex_loss_certificate_and_tampering(report):
    c = next(c for c in report.claims if c.name == "theorem_2_nonconvex_loss")
    cert = c.certificates[0]
    assert _valid(cert)
    coeffs = cert["evidence"]["loss_coefficients"]
    bad = copy.deepcopy(cert)
    bad["evidence"]["loss_coefficients"][1] = T.fmt(Q(coeffs[1]) + 1)  # e* no longer critical
    assert not _valid(bad)
    bad2 = copy.deepcopy(cert)
    bad2["point"]["theta"][0] = T.fmt(-Q(cert["point"]["theta"][0]))  # the unit is dead: not the claimed branch
    assert not _valid(bad2)
    bad3 = copy.deepcopy(cert)
    bad3["evidence"]["loss_coefficients"] = [T.fmt(-Q(x)) for x in coeffs]  # e* becomes a local maximum
    assert not _valid(bad3)


def test_fourier_motzkin_and_log_bounds():
    assert kk.strictly_feasible([[1, 2], [-1, 1], [0, 1]])
    assert not kk.strictly_feasible([[1, 1], [-2, -2]])
    assert not kk.strictly_feasible([[1, 0], [0, 1], [-1, -1]])
    lo, hi = kk.ln_bounds(Q(140000))
    import math
    assert lo <= Q(math.log(140000)).limit_denominator(10 ** 9) + Q(1, 10 ** 6) and hi >= lo
    assert hi - lo < Q(1, 10 ** 9)


def test_kernel_file_hygiene():
    text = Path(kk.__file__).read_text()
    for word in ("float", "tolerance", "1e-"):
        assert word not in text
    for line in text.splitlines():
        if line.lstrip().startswith(("import ", "from ")):
            assert "exactland" not in line and "from ." not in line
    assert kk.Invalid is kernel.Invalid


# --- the seeded run ------------------------------------------------------------------------------------

def test_check_all_statuses(report):
    st_ = {c.name: c for c in report.claims}
    assert report.ok
    for name in ("proposition_1", "theorem_1", "lemma_1", "lemma_2", "lemma_3", "appendix_c", "theorem_2",
                 "corollary_1", "corollary_2", "lemma_4", "lemma_5", "definitions_1_2", "remark_1",
                 "theorem_2_deep_linear"):
        assert st_[name].status == "held" and st_[name].hypotheses_hold, name
    for name in ("lemma_4_at_saddles", "lemma_5_at_saddles", "theorem_2_at_saddles", "theorem_1_at_kinks",
                 "theorem_2_dead_unit", "theorem_2_bottleneck", "theorem_2_nonconvex_loss", "lemma_5_literal_reading",
                 "theorem_2_literal_reading"):
        assert st_[name].status == "failed" and not st_[name].hypotheses_hold, name
        assert st_[name].counterexample is not None
    for name in ("proposition_2_i", "proposition_2_ii", "lemma_6", "lemma_7"):
        assert st_[name].status == "held" and "numerical" in st_[name].summary
    for c in report.claims:
        for cert in c.certificates:
            assert _valid(cert), c.name
    json.dumps(report.to_json())


def test_vacuity_threshold_is_about_5e11():
    m, k = T.prop_2_i_vacuity_threshold()
    assert 1e11 < m < 1e12 and k > 1e6


def test_experiment_jacobian_matches_the_exact_one():
    """The numerical experiment's Jacobian and √J agree with the exact module on a small network."""
    import importlib.util
    import math

    import numpy as np
    spec = importlib.util.spec_from_file_location(
        "dw_synth", Path(__file__).resolve().parent.parent / "experiments" / "depth_width_synthetic.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    rng = random.Random(11)
    net = T.make_net((3, 3, 2, 1), "relu")
    X = [[Q(rng.randint(-4, 4), 4) for _ in range(3)] for _ in range(7)]
    Y = [[Q(rng.randint(-4, 4), 2)] for _ in range(7)]
    W = [[[Q(rng.randint(-4, 4), 2) for _ in range(c)] for _ in range(r)] for r, c in net.shapes]
    G = T.jacobian(net, T.forward(net, X, W), W)
    f = lambda M: np.array([[float(x) for x in row] for row in M])
    Gn = mod.jacobian([f(Wl) for Wl in W], f(X))
    assert np.allclose(Gn, f(G))
    assert math.isclose(mod.sqrt_j([f(Wl) for Wl in W], f(X), f(Y)),
                        math.sqrt(T.j_single(G, T.vec(Y))), rel_tol=1e-9, abs_tol=1e-9)


def _perturbed_losses(net, X, Y, W, rng, n=40, scale=Q(1, 10 ** 6)):
    theta = T.flatten(W)
    ki = T._kinst(net, X, Y)
    for _ in range(n):
        t2 = [x + scale * Q(rng.randint(-1000, 1000), 1000) for x in theta]
        yield T.loss(net, X, Y, kk._unflatten(ki, [T.fmt(x) for x in t2], "θ'"))


@pytest.mark.parametrize("kind", ["shallow", "deep"])
def test_certified_minima_are_not_beaten_nearby(kind):
    """Soundness evidence for the local_min certificate: exact random perturbations never lower L."""
    rng = random.Random(3)
    for label, net, X, Y, W, cert in T.planted_minima(1, kind, 2):
        L = T.loss(net, X, Y, W)
        assert all(v >= L for v in _perturbed_losses(net, X, Y, W, rng)), label


def test_kink_minimum_is_not_beaten_nearby(report):
    c = next(c for c in report.claims if c.name == "theorem_1_at_kinks")
    from exactland.models.piecewise import PiecewiseNetwork
    cert = c.certificates[0]
    ki = kk.parse_instance(cert["instance"])
    W = kk.parse_point(ki, cert["point"])
    net = T.make_net((2, 1, 1), "relu")
    X, Y = ki["X"], ki["Y"]
    L = T.loss(net, X, Y, W)
    assert L == Q(cert["loss"])
    assert all(v >= L for v in _perturbed_losses(net, X, Y, W, random.Random(4), n=200, scale=Q(1, 1000)))
    assert PiecewiseNetwork.from_json(cert["instance"]).loss(T.flatten(W)) == L


def test_local_min_certificate_refused_at_a_saddle():
    sad = T.planted_saddle(0)
    assert T.local_min_certificate(sad.net, sad.X, sad.Y, sad.W) is None
    forged = T._cert("local_min", sad.net, sad.X, sad.Y, sad.W, {"type": "path_features"})
    assert not _valid(forged)
