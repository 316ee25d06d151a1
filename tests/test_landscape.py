"""exactland.landscape: value, gradient, Hessian and curve expansions, each checked against an
independent computation (a sympy expression rebuilt from the definition, the generic symbolic
Hessian, and the trusted kernel's polarization Hessian)."""

import random
from fractions import Fraction
from math import factorial

import sympy
from hypothesis import given, settings, strategies as st

from conftest import SMALL_SHAPES, random_point, random_tikhonov, reference_loss_expr, rmat, to_sym
from exactland import kernel, numbers as nb
from exactland.instance import random_instance
from exactland.landscape import Landscape

shapes_st = st.sampled_from(SMALL_SHAPES)
seeds = st.integers(0, 10 ** 6)


def _setup(widths, seed, regularized):
    rng = random.Random(seed)
    inst = random_instance(widths, m=rng.randint(1, 3), seed=seed, scale=Fraction(rng.randint(1, 3), rng.randint(1, 2)))
    if regularized:
        inst.regularization = random_tikhonov(inst, rng)
    return inst, random_point(inst, rng), rng


def _subs(inst, syms, W):
    return dict(zip(syms, [to_sym(x) for x in inst.flatten(W)]))


@given(shapes_st, seeds, st.booleans())
@settings(max_examples=25, deadline=None)
def test_loss_and_gradient_match_sympy_differentiation(widths, seed, regularized):
    inst, W, _ = _setup(widths, seed, regularized)
    ls = Landscape(inst)
    expr, syms = reference_loss_expr(inst)
    sub = _subs(inst, syms, W)
    assert ls.loss(W) == nb.exact(expr.subs(sub))
    ref_grad = [nb.exact(sympy.diff(expr, x).subs(sub)) for x in syms]
    assert ls.gradient_vector(W) == ref_grad
    kinst = kernel._instance(inst.to_json())
    assert kernel.gradient(kinst, W) == ref_grad
    # the landscape's own symbolic expression is the same polynomial
    assert sympy.expand(ls.expr().subs(dict(zip(ls.symbols(), syms))) - expr) == 0


@given(shapes_st, seeds, st.booleans())
@settings(max_examples=20, deadline=None)
def test_structured_hessian_equals_generic_and_kernel(widths, seed, regularized):
    inst, W, _ = _setup(widths, seed, regularized)
    ls = Landscape(inst)
    Hs = ls.hessian(W)
    expr, syms = reference_loss_expr(inst)
    sub = _subs(inst, syms, W)
    ref = sympy.hessian(expr, syms).subs(sub)
    n = len(syms)
    ref = [[nb.exact(ref[i, j]) for j in range(n)] for i in range(n)]
    assert Hs == ref
    assert ls.hessian_generic(W) == ref
    assert kernel.hessian(kernel._instance(inst.to_json()), W) == ref


@given(st.sampled_from([(2, 2, 2, 2), (1, 2, 1, 2, 1), (3, 1, 2)]), seeds)
@settings(max_examples=8, deadline=None)
def test_structured_hessian_deeper_and_wider(widths, seed):
    inst, W, _ = _setup(widths, seed, True)
    ls = Landscape(inst)
    assert ls.hessian(W) == kernel.hessian(kernel._instance(inst.to_json()), W)


@given(shapes_st, seeds, st.booleans())
@settings(max_examples=25, deadline=None)
def test_loss_along_agrees_with_derivatives(widths, seed, regularized):
    inst, W, rng = _setup(widths, seed, regularized)
    ls = Landscape(inst)
    n = inst.n_params
    v = [Fraction(rng.randint(-2, 2), rng.randint(1, 2)) for _ in range(n)]
    coeffs = ls.loss_along(W, [v])
    g = ls.gradient_vector(W)
    H = ls.hessian(W)
    vHv = sum((v[i] * H[i][j] * v[j] for i in range(n) for j in range(n)), Fraction(0))
    assert coeffs[0] == ls.loss(W)
    assert coeffs[1] == sum((a * b for a, b in zip(g, v)), Fraction(0))
    assert 2 * coeffs[2] == vHv == ls.quadratic_form(W, v)
    # every directional derivative against sympy's d^k/dt^k of the reference polynomial
    expr, syms = reference_loss_expr(inst)
    t = sympy.Symbol("t")
    theta = inst.flatten(W)
    line = expr.subs({x: to_sym(th) + t * to_sym(vi) for x, th, vi in zip(syms, theta, v)}, simultaneous=True)
    poly = sympy.Poly(sympy.expand(line), t)
    for k in range(0, 2 * len(widths) + 1):
        assert ls.directional(W, v, k) == nb.exact(poly.coeff_monomial(t ** k)) * factorial(k)
    # the kernel's primitive agrees
    kinst = kernel._instance(inst.to_json())
    kc = kernel.loss_poly(kinst, W, [inst.unflatten(v)])
    assert _trim(kc) == _trim(coeffs)


@given(shapes_st, seeds, st.booleans())
@settings(max_examples=20, deadline=None)
def test_loss_along_two_term_curve(widths, seed, regularized):
    inst, W, rng = _setup(widths, seed, regularized)
    ls = Landscape(inst)
    n = inst.n_params
    v1 = [Fraction(rng.randint(-2, 2)) for _ in range(n)]
    v2 = [Fraction(rng.randint(-2, 2), 3) for _ in range(n)]
    coeffs = ls.loss_along(W, [v1, v2])
    expr, syms = reference_loss_expr(inst)
    t = sympy.Symbol("t")
    curve = {x: to_sym(th) + t * to_sym(a) + t ** 2 * to_sym(b)
             for x, th, a, b in zip(syms, inst.flatten(W), v1, v2)}
    poly = sympy.Poly(sympy.expand(expr.subs(curve, simultaneous=True)), t)
    ref = [nb.exact(c) for c in reversed(poly.all_coeffs())]
    assert _trim(coeffs) == _trim(ref)
    # evaluating the polynomial at t = 1 is the loss at θ + v₁ + v₂
    theta = inst.flatten(W)
    assert sum(coeffs) == ls.loss([a + b + c for a, b, c in zip(theta, v1, v2)])
    kinst = kernel._instance(inst.to_json())
    assert _trim(kernel.loss_poly(kinst, W, [inst.unflatten(v1), inst.unflatten(v2)])) == _trim(ref)


def _trim(p):
    p = list(p)
    while p and p[-1] == 0:
        p.pop()
    return p


def test_point_formats_are_equivalent():
    inst = random_instance((2, 2, 1), m=3, seed=5)
    ls = Landscape(inst)
    W = rmat(random.Random(1), 2, 2), rmat(random.Random(2), 1, 2)
    flat = inst.flatten(W)
    assert ls.loss(list(W)) == ls.loss({"W": list(W)}) == ls.loss(flat)
    assert ls.gradient(list(W)) == ls.gradient(flat)


def test_product_and_residual():
    inst = random_instance((2, 2, 1, 2), m=3, seed=9)
    ls = Landscape(inst)
    W = random_point(inst, random.Random(0))
    prod = nb.matmul(W[2], nb.matmul(W[1], W[0]))
    assert ls.product(W) == prod
    assert ls.residual(W) == nb.matsub(nb.matmul(prod, inst.X), inst.Y)
    assert ls.loss(W) == inst.loss.scale * nb.frob2(ls.residual(W))


def test_zero_point_of_deep_network_has_zero_hessian():
    # H = 2: every product in the gradient and Hessian contains at least one zero factor
    inst = random_instance((3, 2, 2, 2), m=4, seed=0)
    ls = Landscape(inst)
    W = inst.zero_point()
    assert ls.gradient_vector(W) == [0] * inst.n_params
    assert ls.hessian(W) == nb.zeros(inst.n_params, inst.n_params)
