"""exactland.numeric.core: every Hessian block, the gradient, the loss and Hessian-vector products of
the floating-point core against the exact engine (exactland.landscape, itself checked against sympy)."""

import random
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from conftest import SMALL_SHAPES, random_tikhonov
from exactland.instance import random_instance
from exactland.landscape import Landscape
from exactland.numeric.core import (DeepLinearNumeric, extreme_eigenvalues, gradient_mp, loss_mp,
                                    random_deep_linear)

SHAPES = SMALL_SHAPES + [(3, 2, 2, 2), (2, 3, 1, 2, 2)]


def _dyadic_point(n, rng):
    # dyadic rationals are exact doubles, so float and exact evaluations see the same point
    return [Fraction(rng.randint(-12, 12), 4) for _ in range(n)]


def _setup(widths, seed, regularized):
    rng = random.Random(seed)
    inst = random_instance(widths, m=rng.randint(1, 4), seed=seed, scale=Fraction(rng.randint(1, 3), 2))
    if regularized:
        inst.regularization = random_tikhonov(inst, rng)
    th = _dyadic_point(inst.n_params, rng)
    return inst, th, rng


def _f(M):
    return np.array([[float(x) for x in r] for r in M])


@given(st.sampled_from(SHAPES), st.integers(0, 10 ** 6), st.booleans())
@settings(max_examples=30, deadline=None)
def test_every_hessian_block_matches_the_exact_engine(widths, seed, regularized):
    inst, th, _ = _setup(widths, seed, regularized)
    net = DeepLinearNumeric(inst)
    He = _f(Landscape(inst).hessian(th))
    Hn = net.hessian(np.array([float(x) for x in th]))
    scale = 1 + np.max(np.abs(He))
    offs, shapes = inst.offsets, inst.model.shapes
    for k in range(len(shapes)):
        for l in range(len(shapes)):
            (rk, ck), (rl, cl) = shapes[k], shapes[l]
            exact_blk = He[offs[k]:offs[k] + rk * ck, offs[l]:offs[l] + rl * cl]
            num_blk = net.hessian_block(np.array([float(x) for x in th]), k, l)
            assert np.max(np.abs(num_blk - exact_blk), initial=0) <= 1e-12 * scale, (widths, k, l)
    assert np.allclose(Hn, Hn.T, rtol=0, atol=0)


@given(st.sampled_from(SHAPES), st.integers(0, 10 ** 6), st.booleans())
@settings(max_examples=30, deadline=None)
def test_loss_gradient_hvp_match_the_exact_engine(widths, seed, regularized):
    inst, th, rng = _setup(widths, seed, regularized)
    net = DeepLinearNumeric(inst)
    ls = Landscape(inst)
    t = np.array([float(x) for x in th])
    v = _dyadic_point(inst.n_params, rng)
    L = float(ls.loss(th))
    assert abs(net.loss(t) - L) <= 1e-12 * (1 + abs(L))
    ge = np.array([float(x) for x in ls.gradient_vector(th)])
    assert np.max(np.abs(net.gradient(t) - ge)) <= 1e-12 * (1 + np.max(np.abs(ge)))
    f2, g2 = net.loss_and_gradient(t)
    assert abs(f2 - net.loss(t)) <= 1e-14 * (1 + abs(L)) and np.array_equal(g2, net.gradient(t))
    # vᵀHv from the exact curve expansion, Hv from the exact Hessian
    He = _f(ls.hessian(th))
    hv = net.hvp(t, np.array([float(x) for x in v]))
    assert np.max(np.abs(hv - He @ np.array([float(x) for x in v]))) <= 1e-11 * (1 + np.max(np.abs(He))) * (
        1 + max(abs(float(x)) for x in v))
    q = float(ls.quadratic_form(th, v))
    assert abs(float(np.array([float(x) for x in v]) @ hv) - q) <= 1e-10 * (1 + abs(q)) * (1 + np.max(np.abs(He)))


def test_diagonal_block_is_kawaguchi_lemma_4_3():
    # Lemma 4.3: the (k, k) block is (A_kᵀA_k) ⊗ (B_kB_kᵀ) (scale ½ ⇒ factor 2s = 1), row-major vec
    inst = random_instance((3, 2, 2, 2), m=4, seed=5)
    net = DeepLinearNumeric(inst)
    th = np.random.default_rng(5).standard_normal(net.n)
    W = net.unflatten(th)
    X = net.X
    A1 = W[2] @ W[1]
    B1 = X
    assert np.allclose(net.hessian_block(th, 0, 0), np.kron(A1.T @ A1, B1 @ B1.T))
    A2, B2 = W[2], W[0] @ X
    assert np.allclose(net.hessian_block(th, 1, 1), np.kron(A2.T @ A2, B2 @ B2.T))


def test_lanczos_extremes_agree_with_dense_spectrum():
    inst = random_deep_linear((6, 5, 4, 3), m=8, seed=2, reg="1/10")
    net = DeepLinearNumeric(inst)
    th = np.random.default_rng(2).standard_normal(net.n) * 0.5
    w = np.linalg.eigvalsh(net.hessian(th))
    ev = extreme_eigenvalues(net, th, k=3, seed=1)
    assert np.allclose(ev["smallest"], w[:3], atol=1e-8 * np.max(np.abs(w)))
    assert np.allclose(ev["largest"], w[-3:], atol=1e-8 * np.max(np.abs(w)))


def test_mpmath_reevaluation_matches_exact_values():
    inst = random_instance((2, 2, 2), m=3, seed=4)
    inst.regularization = random_tikhonov(inst, random.Random(4))
    th = [Fraction(1, 3), Fraction(-2, 7), Fraction(5, 11), Fraction(1, 13), 1, 2, Fraction(-3, 5), Fraction(1, 2)]
    ls = Landscape(inst)
    import mpmath
    with mpmath.workdps(60):
        g = gradient_mp(inst, th, dps=60)
        for a, b in zip(g, ls.gradient_vector(th)):
            assert abs(a - mpmath.mpf(b.numerator) / b.denominator) < mpmath.mpf(10) ** -55
        L = ls.loss(th)
        assert abs(loss_mp(inst, th, dps=60) - mpmath.mpf(L.numerator) / L.denominator) < mpmath.mpf(10) ** -55
        # and they differ from a 15-digit evaluation: the re-evaluation is really in high precision
        assert abs(loss_mp(inst, th, dps=60) - loss_mp(inst, th, dps=15)) > 0


def test_bad_input_is_reported_clearly():
    net = DeepLinearNumeric(random_instance((2, 1, 2), m=3, seed=0))
    with pytest.raises(ValueError, match="4 parameters"):
        net.loss(np.zeros(5))


def test_uniform_tikhonov_keeps_rotation_symmetry_and_degenerate_minima():
    # finding (docs/numeric.md): ⟨λ, W∘W⟩ with one λ is invariant under W_1 ↦ O W_1, W_2 ↦ W_2 Oᵀ, so a
    # minimizer with non-zero weights lies on an orbit of critical points and has a zero Hessian eigenvalue
    from exactland.numeric.search import explore
    inst = random_deep_linear((3, 3, 2), m=5, seed=0, reg="1/20", uniform=True)
    net = DeepLinearNumeric(inst)
    res = explore(inst, starts=3, budget=30, seed=0, progress=False)
    best = min(res.points, key=lambda p: p["loss"])
    assert best["class"] == "degenerate"
    th = np.array(best["theta"])
    W1, W2 = net.unflatten(th)
    c, s_ = np.cos(0.7), np.sin(0.7)
    O = np.array([[c, -s_, 0], [s_, c, 0], [0, 0, 1.0]])
    moved = net.flatten([O @ W1, W2 @ O.T])
    assert np.max(np.abs(moved - th)) > 1e-3
    assert abs(net.loss(moved) - best["loss"]) < 1e-12 and np.max(np.abs(net.gradient(moved))) < 1e-9
    # elementwise weights break the rotations: the minima found are non-degenerate
    inst2 = random_deep_linear((3, 3, 2), m=5, seed=0, reg="1/20")
    res2 = explore(inst2, starts=3, budget=30, seed=0, progress=False)
    assert min(res2.points, key=lambda p: p["loss"])["class"] == "local_min"
