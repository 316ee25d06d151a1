"""Piecewise networks (exactland.models.piecewise) and the "piecewise" kernel checker.

Model values are compared with independent computations (sympy polynomials of the region, direct
evaluation at small rational t); every evidence type of the checker has a genuine certificate that
verifies and tampered versions that are rejected."""

import copy
import json
from fractions import Fraction

import pytest
import sympy
from hypothesis import assume, given, settings, strategies as st

from exactland import kernel
from exactland.cli import main as cli_main
from exactland.models import load
from exactland.models.piecewise import (Layer, NotARegion, PiecewiseNetwork, one_hidden_layer_minima,
                                        random_feedforward, random_point, random_resnet, region_certificate,
                                        search_spurious)
from exactland.numbers import ExactnessError, fmt
from exactland.theorems import khk2019a as K

Q = Fraction


def _kink_free_point(net, seed):
    for k in range(100):
        th = random_point(net, seed=seed * 100 + k)
        if not net.kinks(th):
            return th
    return None


def _sympy_derivatives(net, th):
    P = net.region_polynomial(net.region(th))
    syms = sympy.symbols(f"th0:{net.n_params}")
    sub = dict(zip(syms, [sympy.Rational(x.numerator, x.denominator) for x in th]))
    conv = lambda e: Fraction(int(e.p), int(e.q))
    return (conv(P.subs(sub)), [conv(sympy.diff(P, s).subs(sub)) for s in syms],
            [[conv(e) for e in row] for row in sympy.hessian(P, syms).subs(sub).tolist()])


NETS = [
    lambda s: random_feedforward((2,), seed=s),
    lambda s: random_feedforward((2,), seed=s, activation="leaky:1/2"),
    lambda s: random_feedforward((2, 1), seed=s, skip=(0, 1), activation="leaky:1/3"),
    lambda s: random_resnet((2,), seed=s),
]


@settings(max_examples=12, deadline=None)
@given(st.integers(0, 10 ** 6), st.integers(0, len(NETS) - 1))
def test_loss_gradient_hessian_match_sympy_region_polynomial(seed, which):
    net = NETS[which](seed)
    th = _kink_free_point(net, seed)
    assume(th is not None)
    L, g, H = _sympy_derivatives(net, th)
    assert net.loss(th) == L
    assert net.gradient(th) == g
    assert net.hessian(th) == H


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 10 ** 6))
def test_one_sided_expansion_matches_exact_evaluation_even_at_kinks(seed):
    net = random_feedforward((2,), seed=seed)
    th = random_point(net, seed=seed)
    th[0:2] = [-net.X[1][0], net.X[0][0]]          # unit 1 on the kink of sample 0
    v = random_point(net, seed=seed + 1)
    coeffs = net.loss_along(th, [v], 6)             # L(θ + t v) is a polynomial of degree ≤ 4 on (0, δ)
    for t in (Q(1, 10 ** 6), Q(1, 3 * 10 ** 6)):
        direct = net.loss([a + t * b for a, b in zip(th, v)])
        assert direct == sum(c * t ** k for k, c in enumerate(coeffs))


def test_pattern_kinks_and_differentiability():
    net = PiecewiseNetwork("feedforward", (Layer(1, "relu"), Layer(1, "identity")), [[1, -1]], [[1, 0]])
    assert net.activation_pattern([0, 1]) == (((0, 0),), ((1, 1),))
    assert net.output_differentiable([0, 1]) is False          # influential unit on a kink
    assert net.output_differentiable([0, 0]) is True           # zero output weight: no influence
    assert net.output_differentiable([1, 1]) is True
    with pytest.raises(NotARegion):
        net.jacobian([0, 1])
    assert len(net.one_sided_patterns([0, 1])) == 4


def test_bad_input_is_refused_clearly():
    with pytest.raises(ExactnessError):
        PiecewiseNetwork("feedforward", (Layer(1), Layer(1, "identity")), [[0.5]], [[1]])
    with pytest.raises(ValueError, match="unknown activation"):
        Layer(2, "tanh")
    with pytest.raises(ValueError, match="width"):
        load({"model": {"kind": "feedforward", "layers": [{"width": 2, "activation": "relu"}]},
              "data": {"X": [["1"]], "Y": [["1"]]}})
    net = random_feedforward((2,))
    with pytest.raises(ValueError, match="flat list of 6"):
        net.loss([1, 2])
    with pytest.raises(ExactnessError):
        net.loss([0.5] * 6)


def test_json_round_trip_through_the_model_loader():
    for net in (random_feedforward((2, 2), seed=3, skip=(1,), activation="leaky:1/4"), random_resnet((2,), seed=4)):
        back = load(json.loads(json.dumps(net.to_json())))
        th = random_point(net, seed=5)
        assert back.loss(th) == net.loss(th) and back.shapes == net.shapes


# --- kernel: genuine certificates and tampering ---------------------------------------------------------

def _assert_rejected(cert):
    ok, why = kernel.verify(cert)
    assert not ok, "tampered certificate accepted"
    return why


@pytest.fixture(scope="module")
def spurious():
    res = search_spurious(2, 4, seed=0, tries=30)
    assert res["found"]
    return res


def test_spurious_certificate_verifies_and_is_a_local_min_numerically_too(spurious):
    cert = spurious["certificate"]
    assert kernel.verify(cert) == (True, "valid")
    net = load(spurious["instance"])
    th = [Fraction(x) for x in cert["point"]["theta"]]
    # independent evidence (not a proof): the loss does not drop at small random rational perturbations
    for k in range(30):
        d = random_point(net, seed=k)
        assert net.loss([a + Q(1, 1000) * b for a, b in zip(th, d)]) >= net.loss(th)
    lower = [Fraction(x) for x in spurious["lower_point"]["theta"]]
    assert net.loss(lower) < net.loss(th)
    pre = net.preactivations(th)[0]
    assert all(any(p > 0 for p in row) for row in pre)


def test_spurious_certificate_tampering(spurious):
    cert = spurious["certificate"]
    t = copy.deepcopy(cert)
    t["point"]["theta"][0] = fmt(Fraction(t["point"]["theta"][0]) + Q(1, 7))
    assert "minimize" in _assert_rejected(t) or "loss" in _assert_rejected(t)
    t = copy.deepcopy(cert)
    t["point"]["theta"][-1] = fmt(-Fraction(t["point"]["theta"][-1]))     # flip an output weight's sign
    _assert_rejected(t)
    t = copy.deepcopy(cert)
    t["instance"]["data"]["Y"][0][0] = fmt(Fraction(t["instance"]["data"]["Y"][0][0]) + 1)
    _assert_rejected(t)
    t = copy.deepcopy(cert)
    t["evidence"] = [e for e in t["evidence"] if e["type"] != "lower_point"]
    assert "lower_point" in _assert_rejected(t)
    t = copy.deepcopy(cert)
    low = next(e for e in t["evidence"] if e["type"] == "lower_point")
    low["theta"] = cert["point"]["theta"]
    assert "smaller" in _assert_rejected(t)
    t = copy.deepcopy(cert)
    t["loss"] = "0"
    _assert_rejected(t)
    t = copy.deepcopy(cert)
    t["point"]["theta"][0] = 0.25
    _assert_rejected(t)
    t = copy.deepcopy(cert)
    t["instance"]["model"]["layers"][0]["activation"] = "leaky:1/2"
    _assert_rejected(t)


def test_units_active_is_checked():
    for seed in range(40):
        net = random_feedforward((2,), seed=seed)
        mins, _ = one_hidden_layer_minima(net)
        best = min(mins, key=lambda r: r["loss"]) if mins else None
        dead = next((mn for mn in mins if any(all(s < 0 for s in p) for p in mn["pattern"])
                     and mn["loss"] > best["loss"]), None)
        if dead is not None:
            break
    cert = region_certificate(net, dead["theta"], lower=best["theta"], all_active=True)
    assert "inactive" in _assert_rejected(cert)
    cert = region_certificate(net, dead["theta"])
    assert kernel.verify(cert)[0]


def test_fiber_gradient_and_descent_curve_tampering():
    net, th = K.orthogonal_saddles(0)[0]
    v = [Q(0)] * net.n_params
    v[0] = Q(1)
    cert = K.fiber_certificate(net, th, v)
    assert kernel.verify(cert)[0]
    ev = cert["evidence"][0]
    t = copy.deepcopy(cert)
    t["evidence"][0]["v"] = ["0"] * 4 + ["1", "0"]                     # moves the output: not a fiber
    assert "fiber" in _assert_rejected(t)
    t = copy.deepcopy(cert)
    t["evidence"][0]["index"] = 0                                      # ∂L/∂w1 stays 0 (w2 = 0)
    if ev["index"] != 0:
        assert "zero polynomial" in _assert_rejected(t)
    # descent: at a non-critical point, v = −∇L gives −‖∇L‖² t
    th2 = _kink_free_point(net, 1)
    g = net.gradient(th2)
    c = -sum(x * x for x in g)
    desc = K._cert(net, th2, "not_local_min", [{"type": "descent_curve", "curve": [[fmt(-x) for x in g]],
                                                "order": 1, "coefficient": fmt(c)}])
    assert kernel.verify(desc)[0]
    t = copy.deepcopy(desc)
    t["evidence"][0]["coefficient"] = fmt(c - 1)
    _assert_rejected(t)
    t = copy.deepcopy(desc)
    t["evidence"][0]["order"] = 2
    _assert_rejected(t)
    t = copy.deepcopy(desc)
    t["evidence"][0]["curve"] = [[fmt(x) for x in g]]
    _assert_rejected(t)


def test_descent_curve_at_a_kink_uses_the_one_sided_expansion():
    # f = w2 relu(w1 x), x = 1, y = −1: at (0, 1) (kink) moving w1 down keeps relu = 0: flat; up: ascent
    net = PiecewiseNetwork("feedforward", (Layer(1, "relu"), Layer(1, "identity")), [[1]], [[1]])
    th = [Q(0), Q(1)]
    up = net.loss_along(th, [[1, 0]], 2)
    down = net.loss_along(th, [[-1, 0]], 2)
    assert up[1] == -1 and down[1] == 0      # ½(t − 1)² vs ½: one-sided slopes differ
    cert = K._cert(net, th, "not_local_min", [{"type": "descent_curve", "curve": [["1", "0"]], "order": 1,
                                               "coefficient": "-1"}])
    assert kernel.verify(cert)[0]
    bad = copy.deepcopy(cert)
    bad["evidence"][0]["curve"] = [["-1", "0"]]
    _assert_rejected(bad)


def test_induced_model_and_differentiability_tampering():
    net, mn = next((n, mn) for n, mn in K.region_minima(0, want=3) if mn["theta"][-1])
    cert = K.induced_model_certificate(net, mn["theta"])
    assert kernel.verify(cert)[0]
    t = copy.deepcopy(cert)
    t["evidence"][0]["g"][-1] = fmt(Fraction(t["evidence"][0]["g"][-1]) + 1)
    assert "J g" in _assert_rejected(t)
    t = copy.deepcopy(cert)
    del t["loss"]
    j = 1 if mn["theta"][-1] else 0
    t["point"]["theta"][2 * j] = fmt(Fraction(t["point"]["theta"][2 * j]) + Q(1, 3))   # no longer critical
    assert "Jᵀ" in _assert_rejected(t)
    r = K.remark_omega_closure(0)
    diff, nondiff = r.certificates[0], r.certificates[1]
    assert kernel.verify(diff)[0] and kernel.verify(nondiff)[0]
    t = copy.deepcopy(diff)
    del t["loss"]
    t["point"]["theta"][4] = "1"                      # give the kink unit an output weight
    assert "disagree" in _assert_rejected(t)
    t = copy.deepcopy(nondiff)
    del t["loss"]
    t["point"]["theta"][4] = "0"
    _assert_rejected(t)
    t = copy.deepcopy(nondiff)
    t["evidence"][0]["v"] = ["0"] * 6
    _assert_rejected(t)


def test_smooth_loss_kink_min_tampering():
    net, th, cert = K.kink_minimum_search(0)
    assert kernel.verify(cert)[0]
    i = next(i for (l, u, i) in net.kinks(th))
    t = copy.deepcopy(cert)
    del t["loss"]
    t["instance"]["data"]["Y"][0][i] = fmt(Fraction(t["instance"]["data"]["Y"][0][i]) + Q(1, 5))  # r_i ≠ 0
    why = _assert_rejected(t)
    assert "disagree" in why or "minimize" in why
    t = copy.deepcopy(cert)
    t["evidence"][1]["zero"] = False
    assert "zero: true" in _assert_rejected(t)


def test_gordan_exclusions_are_needed_and_checked():
    # antipodal pair x, −x with opposite targets, one unit on their kink (KHK 2019b digest Example B data):
    # L is differentiable only because the two "both active" / "both inactive" pieces are unrealizable
    X = [[1, -1, 1, 1], [0, 0, 1, 2]]
    net = PiecewiseNetwork("feedforward", (Layer(1, "relu"), Layer(1, "identity")), X, [[-1, 1, 3, 1]])
    th = [Q(0), Q(1), Q(1)]
    excl = K.gordan_exclusions(net, th)
    assert sorted(e["signs"] for e in excl) == [[-1, -1], [1, 1]]
    ev = [{"type": "loss_pieces_agree", "zero": True}]
    plain = K._cert(net, th, "loss_differentiable", ev)
    assert "disagree" in _assert_rejected(plain)
    good = K._cert(net, th, "loss_differentiable", ev, excl)
    assert kernel.verify(good)[0]
    t = copy.deepcopy(good)
    t["infeasible_pieces"][0]["lambda"] = ["1", "2"]
    assert "Σ λ_i s_i x_i" in _assert_rejected(t)
    t = copy.deepcopy(good)
    t["infeasible_pieces"][0]["signs"] = [1, -1]            # a realizable piece cannot be excluded
    _assert_rejected(t)


def test_kernel_file_is_standard_library_only():
    import ast
    from pathlib import Path
    src = (Path(kernel.__file__).parent / "piecewise.py").read_text()
    for node in ast.walk(ast.parse(src)):
        if isinstance(node, ast.ImportFrom):
            assert node.module in ("__future__", "fractions", "itertools") and node.level == 0
        elif isinstance(node, ast.Import):
            assert all(a.name in ("fractions", "itertools", "sys") for a in node.names)
    low = src.lower()
    assert "float" not in low and "tolerance" not in low and "1e-" not in low


# --- CLI ------------------------------------------------------------------------------------------------------

def test_cli_search_relu_spurious_json(capsys, tmp_path):
    rc = cli_main(["search", "relu-spurious", "--hidden", "2", "--samples", "4", "--seed", "0", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert rc == 0 and out["found"] is True and out["tried"] >= 1
    assert {"found", "tried", "instance", "point", "certificate"} <= set(out)
    path = tmp_path / "c.json"
    path.write_text(json.dumps(out["certificate"]))
    assert cli_main(["verify", str(path)]) == 0
    out["certificate"]["point"]["theta"][1] = "7"
    path.write_text(json.dumps(out["certificate"]))
    assert cli_main(["verify", str(path)]) != 0


def test_cli_search_reports_when_nothing_found(capsys):
    rc = cli_main(["search", "relu-spurious", "--hidden", "1", "--samples", "1", "--seed", "0", "--tries", "2",
                   "--json"])
    out = json.loads(capsys.readouterr().out)
    assert rc == 1 and out == {**out, "found": False, "tried": 2, "certificate": None}
    assert cli_main(["search", "relu-spurious", "--activation", "tanh"]) == 2


def test_resnet_region_certificate_and_tampering():
    net, th, cert = K.resnet_region_minima(0)[0]
    assert kernel.verify(cert)[0]
    for k in range(20):   # evidence, not proof
        d = random_point(net, seed=k)
        assert net.loss([a + Q(1, 991) * b for a, b in zip(th, d)]) >= net.loss(th)
    t = copy.deepcopy(cert)
    del t["loss"]
    t["point"]["theta"][0] = fmt(Fraction(t["point"]["theta"][0]) + Q(1, 4))      # W moved off its optimum
    assert "∂Q/∂W" in _assert_rejected(t)
    t = copy.deepcopy(cert)
    t["instance"]["model"]["residual"].append({"width": 2, "activation": "relu"})
    _assert_rejected(t)
