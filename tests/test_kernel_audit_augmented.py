"""Adversarial audit of the ``augmented`` kernel checker (exactland/kernel/augmented.py).

Each test builds a certificate whose claim is FALSE (or unsupported) and asserts the kernel rejects it.
Tests marked "regression" were accepted by the first-pass kernel (commit 6e1fcd4) and fail on it;
the others probe parts that were already sound (they document the audit and guard against regressions).
"""

from __future__ import annotations

import copy
import random
from fractions import Fraction

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from exactland import kernel
from exactland.kernel.augmented import ExpSum, eval_expression, exp_enclosure
from exactland.models.augmented import AugmentedInstance, ExpressionBase, LayeredBase, Loss, expr_to_ast, to_expsum_json
from exactland.theorems import elimination as E


def _expr_cert(outputs, X, Y, theta, loss="squared", p=2, lam=1, norm="mean"):
    base = ExpressionBase(list(theta), [f"x{r + 1}" for r in range(len(X))], outputs)
    inst = AugmentedInstance(base, X, Y, Loss(loss, p), lam, norm)
    return inst, E.theta_certificate(inst, theta)


def _rejected(cert, why=None):
    ok, msg = kernel.verify(cert)
    assert not ok, "forged certificate accepted"
    if why is not None:
        assert why in msg, msg
    return msg


# --- the trust gap of expression bases (regression) -----------------------------------------------

def test_regression_outputs_without_base_are_refused():
    """Old kernel: with no ``base`` the stated outputs were trusted.  Forgery: f = 2, y = 1 (L = 1 > 0, no local
    minimum of L̃|_θ), but outputs stated as 1, so the pooled gradient "vanishes" and the false claim
    "every (θ, 0, b, W) is a global minimum" was accepted."""
    inst, cert = _expr_cert(["2 + 0*t"], [[1]], [[1]], {"t": 0})
    assert cert["claim"] == "no_local_min_given_theta" and kernel.verify(cert)[0]
    forged = copy.deepcopy(cert)
    del forged["instance"]["base"]
    forged["instance"]["outputs"] = [["1"]]
    forged["claim"], forged["evidence"] = "global_min_at_a_zero", [{"type": "pooled_gradient_zero"}]
    _rejected(forged, "needs a base model")


def test_expression_base_outputs_are_recomputed():
    """(New coverage, the old kernel refused expression bases outright.) The same forgery with the expression present: the kernel evaluates it and refuses the stated outputs."""
    _, cert = _expr_cert(["2 + 0*t"], [[1]], [[1]], {"t": 0})
    forged = copy.deepcopy(cert)
    forged["instance"]["outputs"] = [["1"]]
    forged["claim"], forged["evidence"] = "global_min_at_a_zero", [{"type": "pooled_gradient_zero"}]
    _rejected(forged, "differ from the base model")
    # changing θ instead (t is not used by f, so the outputs stay 2) does not help either
    forged["instance"]["outputs"] = [["2"]]
    forged["instance"]["base"]["theta"] = {"t": "5"}
    _rejected(forged, "pooled gradient")


def test_expression_base_tampering_of_tree_theta_and_names():
    _, cert = _expr_cert(["t*x1 - 1"], [[1, 2]], [[0, 1]], {"t": 1})
    assert cert["claim"] == "global_min_at_a_zero" and kernel.verify(cert)[0]
    t = copy.deepcopy(cert)
    t["instance"]["base"]["theta"] = {"t": "2"}  # f = 2x − 1 ≠ stated outputs
    _rejected(t, "differ from the base model")
    t = copy.deepcopy(cert)
    t["instance"]["base"]["theta"] = {"t": 1.0}
    _rejected(t)
    t = copy.deepcopy(cert)
    t["instance"]["base"]["theta"] = {}
    _rejected(t, "one value per parameter")
    t = copy.deepcopy(cert)
    t["instance"]["base"]["outputs"] = [["add", ["mul", ["var", "t"], ["var", "y1"]], "-1"]]
    _rejected(t, "unknown variable")
    t = copy.deepcopy(cert)
    t["instance"]["base"]["inputs"] = ["t"]  # a name used twice
    _rejected(t, "distinct")


@pytest.mark.parametrize("tree,why", [
    (["sin", ["var", "t"]], "outside the kernel's exact grammar"),
    (["pow", ["var", "t"], "1/2"], "integer exponent"),
    (["pow", ["var", "t"], True], "integer exponent"),
    (["pow", ["var", "t"], 10 ** 6], "integer exponent"),
    (["exp", ["exp", "1"]], "non-rational"),
    (["pow", ["add", ["exp", "1"], "1"], -1], "single term"),
    (["exp", "5000"], "exceeds"),
    (1.5, "not an expression"),
    (["add"], "outside"),
])
def test_grammar_refusals(tree, why):
    with pytest.raises(kernel.Invalid, match=why):
        eval_expression(tree, {"t": Fraction(1, 2)})


def test_grammar_depth_bound():
    tree = "1"
    for _ in range(200):
        tree = ["add", tree, "1"]
    with pytest.raises(kernel.Invalid, match="bound"):
        eval_expression(tree, {})


def test_sympy_refusals_are_clear():
    for text in ("sqrt(t)", "log(t)", "t**t", "sin(t)"):
        with pytest.raises(ValueError, match="outside the kernel's exact grammar"):
            expr_to_ast(sp.sympify(text), {"t"})


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10 ** 6))
def test_grammar_evaluation_matches_sympy(seed):
    """Random expressions in t, x (rationals, +, ×, integer powers incl. −1 of monomials, exp of rationals)."""
    rng = random.Random(seed)
    t, x = sp.symbols("t x")
    tv, xv = Fraction(rng.randint(-6, 6), rng.randint(1, 4)), Fraction(rng.randint(-6, 6), rng.randint(1, 4))

    def gen(d):
        r = rng.random()
        if d == 0 or r < 0.25:
            return rng.choice([t, x, sp.Rational(rng.randint(-5, 5), rng.randint(1, 3))])
        if r < 0.5:
            return gen(d - 1) + gen(d - 1)
        if r < 0.7:
            return gen(d - 1) * gen(d - 1)
        if r < 0.85:
            return gen(d - 1) ** rng.randint(0, 3)
        return sp.exp(rng.choice([t, x, t * x, t - x]))
    e = gen(3)
    sub = {t: sp.Rational(tv.numerator, tv.denominator), x: sp.Rational(xv.numerator, xv.denominator)}
    val = eval_expression(expr_to_ast(e, {"t", "x"}), {"t": tv, "x": xv})
    ref = sp.expand(e.xreplace(sub))
    back = sum((sp.Rational(c.numerator, c.denominator) * sp.exp(sp.Rational(q.numerator, q.denominator))
                for q, c in val.terms.items()), sp.Integer(0))
    assert sp.expand(back - ref) == 0


def test_example1_certificate_carries_the_expression_and_is_rechecked():
    inst = E._example1_instance()
    cert = E.theta_certificate(inst, {"t": sp.Rational(1, 5)})
    assert cert["instance"]["base"]["kind"] == "expression" and kernel.verify(cert)[0]
    t = copy.deepcopy(cert)  # f(1/5) = 1 − (7/2)e^{−288/25}: drop the exponential term
    t["instance"]["outputs"] = [["1"]]
    _rejected(t, "differ from the base model")
    t = copy.deepcopy(cert)  # change one coefficient inside the tree
    t["instance"]["base"]["outputs"][0] = ["mul", "5", ["add", "1/2", ["exp", ["mul", "-16", ["pow", ["add", "-1/5", ["var", "t"]], 2]]]]]
    _rejected(t, "differ from the base model")


# --- parts that were sound: exact Q[e^Q] arithmetic and enclosures ---------------------------------

def test_equal_exponents_written_differently_are_merged():
    s = ExpSum.read({"exp": [["1", "1/2"], ["-1", "2/4"], ["3", "0.5"], ["-3", "1/2"]]})
    assert s.is_zero() and s.sign() == 0


def test_sign_is_never_decided_from_an_enclosure_containing_zero():
    # e − 2718281828459045/10^15 is positive but tiny; the kernel must refine until the enclosure excludes 0
    s = ExpSum.exp(Fraction(1)) - ExpSum.const(Fraction(2718281828459045, 10 ** 15))
    assert s.sign() == 1
    s = ExpSum.exp(Fraction(1)) - ExpSum.const(Fraction(2718281828459046, 10 ** 15))
    assert s.sign() == -1


@settings(max_examples=40, deadline=None)
@given(st.fractions(min_value=-60, max_value=60, max_denominator=97), st.integers(8, 80))
def test_enclosure_bounds_are_ordered_and_consistent_at_every_precision(q, bits):
    lo, hi = exp_enclosure(q, bits)
    lo2, hi2 = exp_enclosure(-q, bits)
    assert 0 < lo <= hi and lo * lo2 <= 1 <= hi * hi2  # e^q · e^{−q} = 1 must lie in the product enclosure


# --- parts that were sound: hypotheses and claim logic --------------------------------------------

def _bad_theta_cert(loss="squared", p=2, Y=((1, 0, -1),)):
    inst = AugmentedInstance(LayeredBase([2, 1, 1]), [[1, 0, 2], [0, 1, 1]], [list(Y[0])], Loss(loss, p), "1/2")
    return inst, E.theta_certificate(inst, [[[1, 1]], [[1]]])


@pytest.mark.parametrize("field,value,why", [
    (("loss", "p"), 1, "p ≥ 2"), (("loss", "p"), "3", "p ≥ 2"), (("loss", "p"), True, "p ≥ 2"),
    (("lambda",), "-1/2", "λ must be positive"), (("lambda",), "0", "λ must be positive"),
    (("normalization",), "median", "normalization"), (("loss", "kind"), "hinge", "unsupported loss"),
])
def test_hypotheses_of_the_instance(field, value, why):
    _, cert = _bad_theta_cert("smoothed_hinge", 3, ((1, -1, -1),))
    assert kernel.verify(cert)[0]
    t = copy.deepcopy(cert)
    obj = t["instance"]
    for f in field[:-1]:
        obj = obj[f]
    obj[field[-1]] = value
    _rejected(t, why)


def test_cross_entropy_negative_labels_refused():
    """Negative labels make ℓ non-convex, so pooled gradient 0 would not imply a global minimum."""
    _, cert = _expr_cert(["t*x1", "-t*x1"], [[1, 2]], [["1/2", "1/2"], ["1/2", "1/2"]], {"t": 0}, "cross_entropy")
    assert cert["claim"] == "global_min_at_a_zero" and kernel.verify(cert)[0]
    t = copy.deepcopy(cert)
    t["instance"]["Y"] = [["2", "2"], ["-1", "-1"]]
    _rejected(t)


def test_no_local_min_evidence_must_point_at_a_nonzero_pooled_gradient():
    # two samples at the same input with opposite residuals: pooled gradient 0 although each gradient is not
    inst = AugmentedInstance(ExpressionBase(["t"], ["x1"], ["0*t"]), [[1, 1]], [[1, -1]], Loss("squared"), 1, "sum")
    cert = E.theta_certificate(inst, {"t": 0})
    assert cert["claim"] == "global_min_at_a_zero"
    forged = copy.deepcopy(cert)
    forged["claim"] = "no_local_min_given_theta"
    forged["evidence"] = [{"type": "pooled_gradient_nonzero", "input": 0, "output": 0},
                          {"type": "separating_direction", "u": ["1"]}]
    _rejected(forged, "is 0")


def test_descent_curve_cannot_claim_an_order_reached_by_the_regulariser():
    inst = AugmentedInstance(ExpressionBase(["t"], ["x1"], ["-1 + 0*t"]), [[1]], [[1]], Loss("smoothed_hinge", 3), "1/2")
    cert = E.descent_certificate(inst, {"t": 0}, [0], [[0]])
    assert kernel.verify(cert)[0]
    for alpha, order in ((1, 2), (2, 4), (2, 1)):
        t = copy.deepcopy(cert)
        t["evidence"][0].update(alpha=alpha, order=order)
        _rejected(t, "alpha")
    t = copy.deepcopy(cert)
    t["evidence"][0]["v"] = [-1]  # the wrong sign of a: ascent, not descent
    _rejected(t, "not negative")
    t = copy.deepcopy(cert)
    t["point"]["a"] = ["1/100"]
    _rejected(t, "a = 0")


# --- polynomial strict local minima (Theorem 3) ----------------------------------------------------

def _poly_cert(expr="(z1*z2 - 3)**2 + z1**4 + z2**4", point=None):
    z = sp.symbols("z1 z2")
    return E.polynomial_min_certificate(sp.sympify(expr), z, point or {"z1": 1, "z2": 1})


def test_polynomial_min_certificate_and_tampering():
    cert = _poly_cert()
    assert kernel.verify(cert) == (True, "valid") and cert["value"] == "6"
    t = copy.deepcopy(cert)
    t["point"]["z1"] = "-1"  # (−1, 1): ∂Q/∂z1 = 2(−1−3)(1) − 4 ≠ 0
    _rejected(t, "is not 0")
    t = copy.deepcopy(cert)
    t["value"] = "5"
    _rejected(t, "stated value")
    t = copy.deepcopy(cert)
    t["evidence"] = [{"type": "gradient_zero"}]
    _rejected(t, "hessian_pd")
    # a saddle (z1 z2 at 0) and a degenerate minimum (z⁴ at 0) are both refused: the Hessian is not PD
    _rejected(_poly_cert("z1*z2", {"z1": 0, "z2": 0}), "positive definite")
    _rejected(_poly_cert("z1**4 + z2**2", {"z1": 0, "z2": 0}), "positive definite")
    t = copy.deepcopy(cert)
    t["polynomial"]["expression"] = ["exp", ["var", "z1"]]
    _rejected(t, "exp in a polynomial")


# --- Theorem 4's second statement, Example 1's θ*, stated values, better θ′ ------------------------

def _cubic():
    inst = AugmentedInstance(ExpressionBase(["t"], ["x1"], ["t**3 - 3*t"]), [[0]], [[-3]], Loss("squared"), 1)
    return inst, E.gradient_zero_certificate(inst, {"t": 1}, better={"t": sp.Rational(-21, 10)})


def test_theta_gradient_zero_certificate_and_tampering():
    inst, cert = _cubic()
    assert kernel.verify(cert) == (True, "valid")
    t = copy.deepcopy(cert)  # θ = 1/2 is not stationary for t³ − 3t
    t["instance"]["base"]["theta"] = {"t": "1/2"}
    t["instance"]["outputs"] = [["-11/8"]]
    _rejected(t, "is not 0")
    t = copy.deepcopy(cert)  # θ′ = 2 has L(2) = (2 + 3)² = 25 > L(1) = 1: not better
    t["evidence"][0]["base_update"] = {"theta": {"t": "2"}}
    _rejected(t, "smaller loss")
    t = copy.deepcopy(cert)
    t["evidence"][0]["base_update"] = {"theta": {"t": "-21/10"}, "outputs": [["0"]]}
    _rejected(t, "'theta' or 'W' only")
    relu = AugmentedInstance(LayeredBase([1, 1, 1], "0"), [[1]], [[1]], Loss("squared"), 1)
    _rejected(E.gradient_zero_certificate(relu, [[[1]], [[1]]]), "expression base")


def test_stationary_interval_certificate_and_tampering():
    inst = E._example1_instance()
    cert = E.stationary_interval_certificate(inst, {"t": sp.Rational(1, 5)}, Fraction(21, 100))
    assert kernel.verify(cert) == (True, "valid")
    t = copy.deepcopy(cert)
    t["evidence"][0]["hi"] = "1/10"  # hi < θ
    _rejected(t, "θ < hi")
    t = copy.deepcopy(cert)
    t["evidence"][0]["hi"] = "1/5"
    _rejected(t)
    t = copy.deepcopy(cert)
    t["evidence"][0]["hi"] = "9/10"  # f'(9/10) > 0 > f'(1/5): also a sign change, accepted
    assert kernel.verify(t)[0]
    t["instance"]["base"]["theta"] = {"t": "21/100"}  # f' > 0 at both ends: refused
    t["instance"]["outputs"] = [[to_expsum_json(inst.outputs({"t": sp.Rational(21, 100)})[0][0])]]
    _rejected(t, "does not change sign")
    # a pole: f = 1/t² has f'(−1) > 0 > f'(1) but no stationary point in between
    pole = AugmentedInstance(ExpressionBase(["t"], ["x1"], ["t**(-2)"]), [[0]], [[0]], Loss("squared"), 1)
    _rejected(E.stationary_interval_certificate(pole, {"t": -1}, Fraction(1)), "pole")


@pytest.mark.parametrize("fn,value", [("example_3", 1), ("example_6", 8), ("example_7", 16)])
def test_stated_values_are_recomputed(fn, value):
    cert = next(c for c in getattr(E, fn)().certificates if "value_at_a_zero" in c)
    assert cert["value_at_a_zero"] == str(value) and kernel.verify(cert)[0]
    t = copy.deepcopy(cert)
    t["value_at_a_zero"] = str(value + 1)
    _rejected(t, "stated value")
    t["value_at_a_zero"] = {"exp": [[str(value), "1/2"]]}
    _rejected(t, "stated value")


def test_better_theta_cross_entropy_compared_exactly():
    inst = AugmentedInstance(ExpressionBase(["t"], ["x1"], ["t*x1", "-t*x1"]), [[1, 2]], [[1, 1], [0, 0]],
                             Loss("cross_entropy"), 1)
    cert = E.theta_certificate(inst, {"t": -1})
    cert["evidence"].append(E.better_theta_evidence(inst, {"t": 1}))
    assert kernel.verify(cert)[0]
    t = copy.deepcopy(cert)
    t["evidence"][-1] = E.better_theta_evidence(inst, {"t": -2})  # t = −2 is worse than t = −1
    _rejected(t, "smaller loss")


def test_augmentation_direction_certificate_and_tampering():
    cert = next(c for c in E.example_2().certificates if c["claim"] == "augmentation_creates_theta_direction")
    assert kernel.verify(cert) == (True, "valid")
    t = copy.deepcopy(cert)  # a = 0: g ≡ 0, so ∂L̃/∂θ = ∂L/∂θ = 0 — no new direction
    t["evidence"][0]["a"] = ["0"]
    _rejected(t, "is 0 at the stated")
    t = copy.deepcopy(cert)  # θ moved off the critical point of L
    t["instance"]["base"]["theta"]["t2"] = "0"
    t["instance"]["outputs"] = [["-2", "-2"]]
    _rejected(t, "not a critical point")
    t = copy.deepcopy(cert)
    t["evidence"][0]["param"] = "x1"
    _rejected(t, "param")
    # a transcendental augmented output (b = 1) is handled exactly in Q[e^Q]: still a new direction
    t = copy.deepcopy(cert)
    t["evidence"][0]["b"] = ["1"]
    assert kernel.verify(t)[0]


def test_better_theta_must_keep_the_architecture():
    """Forgery against the new ``better_theta`` evidence (caught in this audit before release): the bottleneck
    (2, 1, 2) network at its global minimum, "beaten" by full-rank (2, 2, 2) weights that fit Y exactly."""
    dl, X, Y, Wg = E._bottleneck_instance()
    inst = AugmentedInstance(LayeredBase([2, 1, 2]), X, Y, Loss("squared"), 1)
    cert = E.theta_certificate(inst, Wg)
    assert kernel.verify(cert)[0]
    forged = copy.deepcopy(cert)
    forged["evidence"].append({"type": "better_theta", "base_update": {"W": [[["1", "0"], ["0", "1"]],
                                                                              [["1", "0"], ["0", "1/2"]]]}})
    _rejected(forged, "architecture")
    forged["evidence"][-1]["base_update"] = {"W": [[["1", "0"]], [["1"], ["0"]], [["1", "0"], ["0", "1"]]]}
    _rejected(forged, "architecture")
    forged["evidence"][-1]["base_update"] = {"W": [[["1", "0"]], [["1"], ["1/10"]]]}  # same shapes, but worse
    _rejected(forged, "smaller loss")
