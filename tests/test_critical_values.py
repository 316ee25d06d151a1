"""Critical values as exact algebraic numbers (exactland.solve.critical_values)."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest
import sympy
from hypothesis import HealthCheck, given, settings, strategies as st

from exactland.instance import DeepLinear, Instance, Tikhonov, random_instance, random_regularized_instance
from exactland.solve import find_msolve, solve
from exactland.solve.critical_values import (
    check_in_field_mod_p, compute_critical_value_polynomial, critical_value_polynomial, descartes_count, identify,
    identify_refining, parse_univariate, real_critical_values, same_value)
from exactland.solve.msolve import SolverTimeout
from exactland.solve.points import AlgebraicNumber, BoxLoss
from exactland.solve.system import gradient_system

HAVE_MSOLVE = find_msolve() is not None
needs_msolve = pytest.mark.skipif(not HAVE_MSOLVE, reason="msolve binary not installed")
SQRT2 = [Fraction(-2), Fraction(0), Fraction(1)]


def reg_instance(widths, m, seed):
    return random_regularized_instance(widths, m=m, seed=seed)


def exact_loss(p):
    """The loss of a solved point as an AlgebraicNumber when solve gives it exactly, else None."""
    L = p.loss
    if isinstance(L, Fraction):
        return AlgebraicNumber([-L, Fraction(1)], L - 1, L + 1)
    if isinstance(L, AlgebraicNumber):
        return L
    return None


def check_every_point(res, P):
    """Every real critical point's loss is identified from P; exact losses agree exactly; box
    enclosures contain the identified value."""
    n_exact = 0
    for p in res.points:
        L = p.loss
        if isinstance(L, BoxLoss):
            a = identify(P, L.lo, L.hi)
            assert a is not None
            lo, hi = a.enclosure(80)
            assert L.lo <= hi and lo <= L.hi
        elif isinstance(L, Fraction):
            a = identify(P, L, L)
        else:
            a = identify_refining(P, L.enclosure, bits=8)
        assert a is not None
        ex = exact_loss(p)
        if ex is not None:
            assert same_value(a, ex), (str(a), str(ex))
            n_exact += 1
    return n_exact


# ---------------------------------------------------------------- identify and friends (no solver)

def test_identify_sqrt2_and_refusals():
    a = identify(SQRT2, Fraction(1), Fraction(3, 2))
    assert a.minpoly == SQRT2 and a.lo < a.hi
    assert a.decimal(12).startswith("1.41421356")
    assert identify(SQRT2, Fraction(-2), Fraction(2)) is None        # two roots: caller refines
    with pytest.raises(ValueError, match="no root"):
        identify(SQRT2, Fraction(2), Fraction(3))
    with pytest.raises(ValueError, match="empty interval"):
        identify(SQRT2, Fraction(2), Fraction(1))
    with pytest.raises(ValueError, match="zero polynomial"):
        identify([0, 0], Fraction(0), Fraction(1))


def test_identify_rational_root_at_endpoint_and_factors():
    # (ℓ − 1/3)² (ℓ² − 2): a repeated rational root at the endpoint, and an irrational factor
    P = sympy.Poly((sympy.Symbol("l") - sympy.Rational(1, 3)) ** 2 * (sympy.Symbol("l") ** 2 - 2))
    coeffs = [Fraction(int(c.p), int(c.q)) for c in reversed(P.all_coeffs())]
    a = identify(coeffs, Fraction(1, 3), Fraction(1, 2))
    assert a.rational == Fraction(1, 3)
    b = identify(coeffs, Fraction(1, 2), Fraction(3, 2))
    assert b.minpoly == SQRT2
    assert identify(coeffs, Fraction(0), Fraction(3, 2)) is None


def test_descartes_is_exact_for_0_and_1():
    rng = random.Random(5)
    for _ in range(30):
        roots = sorted({Fraction(rng.randint(-20, 20), rng.randint(1, 5)) for _ in range(4)})
        P = sympy.Poly(sympy.prod(sympy.Symbol("x") - sympy.Rational(r.numerator, r.denominator) for r in roots))
        coeffs = [Fraction(int(c.p), int(c.q)) for c in reversed(P.all_coeffs())]
        lo, hi = sorted(Fraction(rng.randint(-40, 40), 7) for _ in range(2))
        if lo == hi:
            continue
        true = sum(1 for r in roots if lo < r < hi)
        v = descartes_count(coeffs, lo, hi)
        assert v >= true and (v - true) % 2 == 0
        if v <= 1:
            assert v == true


def test_same_value_and_real_critical_values():
    r2a = AlgebraicNumber(SQRT2, Fraction(1), Fraction(3))
    r2b = AlgebraicNumber(SQRT2, Fraction(0), Fraction(3, 2))
    m2 = AlgebraicNumber(SQRT2, Fraction(-3), Fraction(-1))
    assert same_value(r2a, r2b) and not same_value(r2a, m2)
    assert not same_value(r2a, AlgebraicNumber([Fraction(-3), Fraction(0), Fraction(1)], Fraction(1), Fraction(2)))
    vals = real_critical_values([Fraction(2), Fraction(0), Fraction(-3), Fraction(0), Fraction(1)])  # (ℓ²−1)(ℓ²−2)
    assert [v.decimal(6) for v in vals] == ["-1.41421", "-1.0", "1.0", "1.41421"]


def test_parse_univariate():
    assert parse_univariate("#x\n[l^2-1/2*l+3]:", "l") == [3, Fraction(-1, 2), 1]
    assert parse_univariate("[1]:", "l") == [1]
    with pytest.raises(ValueError, match="variable 'x0'"):
        parse_univariate("[x0*l-1]:", "l")
    with pytest.raises(ValueError, match="2 basis elements"):
        parse_univariate("[l-1, l^2]:", "l")
    with pytest.raises(ArithmeticError, match="zero"):
        parse_univariate("[]:", "l")


# ---------------------------------------------------------------- the polynomial, both backends

def test_input_forms_and_errors():
    inst = reg_instance((1, 1, 1), 1, 1)
    s = gradient_system(inst)
    P = critical_value_polynomial(s, backend="sympy")
    loss_text = str(s.loss.as_expr()).replace("**", "^")
    assert critical_value_polynomial(s.to_msolve(), loss_text, backend="sympy") == P
    assert critical_value_polynomial(list(s.polys), s.loss, backend="sympy") == P
    with pytest.raises(ValueError, match="loss_poly is required"):
        critical_value_polynomial(s.to_msolve())
    with pytest.raises(ValueError, match="characteristic"):
        critical_value_polynomial("x0,x1\n7\nx0,x1\n", "x0")
    with pytest.raises(ValueError, match="unknown variables"):
        critical_value_polynomial(s.to_msolve(), "x0*y", backend="sympy")
    with pytest.raises(ValueError, match="backend"):
        critical_value_polynomial(s, backend="magma")
    with pytest.raises(TypeError):
        critical_value_polynomial(42, "x0")


def test_no_critical_point_gives_constant():
    # x0 = 0 and x0 = 1 have no common solution: the elimination ideal is (1)
    assert critical_value_polynomial("x0\n0\nx0,\nx0-1\n", "x0", backend="sympy") == [1]
    if HAVE_MSOLVE:
        assert critical_value_polynomial("x0\n0\nx0,\nx0-1\n", "x0", backend="msolve") == [1]


def test_timeout_raises():
    s = gradient_system(reg_instance((3, 1, 3), 3, 0))
    with pytest.raises(SolverTimeout):
        critical_value_polynomial(s, backend="sympy", timeout=0.2)
    if HAVE_MSOLVE:
        s2 = gradient_system(reg_instance((2, 2, 2), 3, 0))
        with pytest.raises(SolverTimeout):
            critical_value_polynomial(s2, backend="msolve", timeout=0.05)


@pytest.mark.parametrize("m,seed", [(1, 1), (2, 1)])
def test_matches_exact_losses_of_solve(m, seed):
    """Loss values that solve(backend="sympy") gives exactly (rational, degree-4 algebraic) are the
    identified roots of the independently computed critical-value polynomial."""
    inst = reg_instance((1, 1, 1), m, seed)
    res = solve(inst, backend="sympy", timeout=60)
    P = critical_value_polynomial(gradient_system(inst), backend="sympy")
    assert check_every_point(res, P) == len(res.points) == 3


def test_box_points_identified():
    """(1,1,1,1) with one sample: every irrational point lives in a degree-16 field (box-certified,
    loss only an enclosure); each loss is identified exactly, and the sign-flip minima tie exactly."""
    inst = reg_instance((1, 1, 1, 1), 1, 1)
    res = solve(inst, backend="sympy", timeout=60)
    boxes = [p for p in res.points if isinstance(p.loss, BoxLoss)]
    assert boxes, "the instance is meant to exercise box-certified points"
    P = critical_value_polynomial(gradient_system(inst), backend="sympy")
    check_every_point(res, P)
    mins = [identify(P, p.loss.lo, p.loss.hi) for p in res.points if p.cls == "global_min"]
    assert len(mins) >= 2 and all(same_value(mins[0], b) for b in mins)
    # cross-check against the points' own field description (mod p): the identified factor is
    # consistent, every other factor of P is refuted (exactly) at that point
    from exactland.solve.realroots import squarefree_factors
    loss = gradient_system(inst).loss
    for p in boxes:
        q = identify(P, p.loss.lo, p.loss.hi).minpoly
        assert check_in_field_mod_p(q, loss, p.numerators, p.denominator, p.minpoly) == "consistent"
        for g in squarefree_factors(P):
            if g != q:
                assert check_in_field_mod_p(g, loss, p.numerators, p.denominator, p.minpoly, primes=1) == "refuted"


def _sigma_values(inst):
    """Unregularized (d, 1, d) network: the critical values s(‖Y‖² − λ) for λ ∈ {0} ∪ eig(Σ),
    Σ = YXᵀ(XXᵀ)⁻¹XYᵀ (closed form, computed with sympy matrices, not with exactland)."""
    X = sympy.Matrix([[sympy.Rational(x.numerator, x.denominator) for x in r] for r in inst.X])
    Y = sympy.Matrix([[sympy.Rational(x.numerator, x.denominator) for x in r] for r in inst.Y])
    S = Y * X.T * (X * X.T).inv() * X * Y.T
    s = sympy.Rational(inst.loss.scale.numerator, inst.loss.scale.denominator)
    l, lam = sympy.symbols("l lam")
    ny = sum(v ** 2 for v in Y)
    expr = sympy.expand((l - s * ny) * S.charpoly(lam).as_expr().subs(lam, ny - l / s))
    P = sympy.Poly(expr, l)
    return sympy.Poly(sympy.quo(P, sympy.gcd(P, P.diff(l))), l).monic()


@given(st.integers(0, 10 ** 6))
@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck))
def test_property_unregularized_closed_form(seed):
    """Positive-dimensional critical sets: the critical-value polynomial still exists, and its
    square-free part is the closed form of the (2,1,2) deep linear network (both backends)."""
    inst = random_instance((2, 1, 2), m=3, seed=seed)
    ref = _sigma_values(inst)
    backends = ["sympy"] + (["msolve"] if HAVE_MSOLVE else [])
    for b in backends:
        cvp = compute_critical_value_polynomial(gradient_system(inst), backend=b, timeout=60)
        got = [Fraction(c) for c in cvp.squarefree()]
        want = [Fraction(int(c.p), int(c.q)) for c in reversed(ref.all_coeffs())]
        assert got == want, (b, got, want)


@given(st.integers(0, 10 ** 6), st.sampled_from([(1, 1, 1), (2, 1, 1)]))
@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck))
def test_property_random_tiny_regularized(seed, widths):
    """Random tiny regularized instances: every real critical point's exact loss is a root of the
    sympy polynomial, identified exactly; msolve's polynomial equals the exact one."""
    rng = random.Random(seed)
    inst = random_instance(widths, m=1, seed=seed)
    ws = [[[Fraction(rng.randint(1, 9), rng.randint(1, 9) * 10) for _ in range(c)] for _ in range(r)]
          for r, c in inst.model.shapes]
    inst = Instance(inst.model, inst.X, inst.Y, inst.loss, Tikhonov(tuple(ws)), dict(inst.meta))
    sysm = gradient_system(inst)
    exact = compute_critical_value_polynomial(sysm, backend="sympy", timeout=60)
    assert exact.complete == "certified"
    if HAVE_MSOLVE:
        assert critical_value_polynomial(sysm, backend="msolve", timeout=60) == exact.coeffs
    res = solve(inst, backend="sympy", timeout=60)
    check_every_point(res, exact.coeffs)


@needs_msolve
@pytest.mark.parametrize("widths", [(2, 1, 2)])
def test_msolve_agrees_with_fallback_benchmark(widths):
    sysm = gradient_system(reg_instance(widths, 3, 0))
    a = compute_critical_value_polynomial(sysm, backend="msolve", timeout=60)
    b = compute_critical_value_polynomial(sysm, backend="sympy", timeout=60)
    assert a.complete == "probabilistic" and b.complete == "certified"
    assert a.coeffs == b.coeffs


@pytest.mark.slow
@needs_msolve
@pytest.mark.parametrize("widths", [(3, 1, 3), (2, 1, 1, 2)])
def test_msolve_agrees_with_fallback_slow(widths):
    sysm = gradient_system(reg_instance(widths, 3, 0))
    assert critical_value_polynomial(sysm, backend="msolve", timeout=120) == \
        critical_value_polynomial(sysm, backend="sympy", timeout=300)


@pytest.mark.slow
@needs_msolve
def test_222_every_real_point_gets_an_exact_loss():
    """Regularized (2,2,2): solve() gives every real point an exact loss (the 16 box-certified points,
    fields of degree 16 and 192, get minimal polynomials of degree 8 and 48 from the critical-value
    polynomial), each inside the point's kernel-checked loss enclosure, and the four global minima tie
    exactly; the identification is consistent with the parametrization mod p."""
    from exactland.solve.points import AlgebraicNumber
    inst = reg_instance((2, 2, 2), 3, 0)
    res = solve(inst, backend="msolve", timeout=600, method="raw")
    P = critical_value_polynomial(gradient_system(inst), backend="msolve", timeout=600)
    assert all(isinstance(p.loss, (Fraction, AlgebraicNumber)) for p in res.points)
    check_every_point(res, P)
    mins = [p.loss for p in res.points if p.cls == "global_min"]
    assert len(mins) == 4 and all(same_value(mins[0], b) for b in mins)
    boxed = [p for p in res.points if p.certificate.get("kernel") == "interval"]
    assert len(boxed) == 16
    assert sorted({len(p.loss.minpoly) - 1 for p in boxed}) == [8, 48]
    loss = gradient_system(inst).loss
    for p in boxed:
        lo, hi = (Fraction(x) for x in p.certificate["loss_enclosure"])
        a_lo, a_hi = p.loss.enclosure(80)
        assert a_lo <= hi and lo <= a_hi  # the exact value lies in the kernel-checked enclosure
        assert check_in_field_mod_p(p.loss.minpoly, loss, p.numerators, p.denominator, p.minpoly) == "consistent"
