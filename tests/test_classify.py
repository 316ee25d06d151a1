"""exactland.classify: verdicts on constructed points, each certificate re-checked by the kernel,
and each verdict cross-checked against an independent computation (sympy / congruence inertia,
the landscape's loss along the certified curves, the closed-form global optimum)."""

import random
from fractions import Fraction

import pytest
import sympy
from hypothesis import assume, given, settings, strategies as st

from conftest import SMALL_SHAPES, congruence_inertia, random_point, to_sym
from exactland import kernel, numbers as nb
from exactland.classify import CLASSES, classify, curvature_witness
from exactland.instance import (DeepLinear, Instance, Tikhonov, cayley_orthogonal, check_data_hypotheses,
                                ols_matrix, random_instance, random_invertible, rational_spectrum_instance)
from exactland.landscape import Landscape


def _assert_certified(v, inst):
    assert v.cls in CLASSES
    assert v.certificate is not None
    assert kernel.verify(v.certificate) == (True, "valid")
    assert v.certified
    assert Fraction(v.certificate["loss"]) == v.loss
    assert v.certificate["instance"] == inst.to_json()
    js = v.to_json()
    assert js["class"] == v.cls and js["critical"] == v.critical and Fraction(js["loss"]) == v.loss


def _optimum(inst):
    """The global optimum s(‖Y‖² − top_r(Σ)), Σ = YXᵀ(XXᵀ)⁺XYᵀ, from sympy's pseudo-inverse and
    exact eigenvalues (independent of exactland's Σ and of the kernel's Ky Fan check)."""
    X = sympy.Matrix([[to_sym(x) for x in row] for row in inst.X])
    Y = sympy.Matrix([[to_sym(x) for x in row] for row in inst.Y])
    S = Y * X.T * (X * X.T).pinv() * X * Y.T
    eig = []
    for lam, mult in S.eigenvals().items():
        eig.extend([lam] * mult)
    eig.sort(key=lambda e: -float(sympy.N(e, 50)))
    r = min(inst.model.widths)
    return to_sym(inst.loss.scale) * (to_sym(nb.frob2(inst.Y)) - sum(eig[:r]))


# --- not critical -------------------------------------------------------------------------------------

@given(st.sampled_from(SMALL_SHAPES + [(3, 2, 2, 2)]), st.integers(0, 10 ** 6))
@settings(max_examples=30, deadline=None)
def test_random_points_are_not_critical(widths, seed):
    rng = random.Random(seed)
    inst = random_instance(widths, m=rng.randint(1, 3), seed=seed)
    W = random_point(inst, rng)
    g = Landscape(inst).gradient_vector(W)
    assume(any(g))
    v = classify(inst, W)
    assert v.cls == "not_critical" and not v.critical
    _assert_certified(v, inst)
    idx = v.certificate["evidence"][0]["index"]
    assert g[idx] != 0
    assert kernel.gradient(kernel._instance(inst.to_json()), W)[idx] != 0


# --- the bad saddle: zero point with H >= 2 -----------------------------------------------------------

@given(st.sampled_from([(2, 2, 2, 2), (3, 2, 2, 2), (2, 1, 1, 2), (2, 2, 2, 1), (1, 1, 1, 1)]),
       st.integers(0, 10 ** 5))
@settings(max_examples=12, deadline=None)
def test_zero_point_with_two_hidden_layers_is_non_strict_saddle(widths, seed):
    inst = random_instance(widths, m=widths[0] + 1, seed=seed)
    h = check_data_hypotheses(inst)
    assume(h.XXt_full_rank and h.XYt_full_rank)
    v = classify(inst, inst.zero_point(), seed=seed)
    assert v.cls == "non_strict_saddle"
    _assert_certified(v, inst)
    ls = Landscape(inst)
    H = ls.hessian(inst.zero_point())
    assert v.inertia == congruence_inertia(H) == (0, 0, inst.n_params)  # Hessian is 0 at the origin
    ev = {e["type"]: e for e in v.certificate["evidence"]}
    # the certified descent curve, recomputed by the landscape: the loss really falls
    d = ev["descent_curve"]
    curve = [[Fraction(x) for x in vec] for vec in d["curve"]]
    p = ls.loss_along(inst.zero_point(), curve)
    k = d["order"]
    assert all(c == 0 for c in p[1:k]) and p[k] == Fraction(d["coefficient"]) < 0
    # Kawaguchi (2016) Thm 2.3 (iv): the loss at the origin is not the global optimum
    assert to_sym(v.loss) != _optimum(inst)


def test_zero_point_with_one_hidden_layer_is_strict_saddle():
    for seed in range(3):
        inst = random_instance((3, 2, 2), m=4, seed=seed)
        v = classify(inst, inst.zero_point())
        assert v.cls == "strict_saddle"
        _assert_certified(v, inst)
        H = Landscape(inst).hessian(inst.zero_point())
        assert v.inertia == congruence_inertia(H)
        assert v.inertia[1] > 0


# --- global minima ----------------------------------------------------------------------------------

def _global_min_point(inst, p):
    W2 = [row[:p] for row in inst.meta_O]                 # top-p eigenvectors of Σ
    W1 = nb.matmul(nb.transpose(W2), ols_matrix(inst))
    return [W1, W2]


@given(st.sampled_from([(3, 1, 2), (3, 2, 3), (2, 1, 2), (4, 2, 3), (3, 2, 2)]), st.integers(0, 10 ** 5))
@settings(max_examples=20, deadline=None)
def test_global_min_of_one_hidden_layer_and_its_GL_orbit(widths, seed):
    inst = rational_spectrum_instance(widths, seed=seed)
    p = widths[1]
    W = _global_min_point(inst, p)
    v = classify(inst, W)
    assert v.cls == "global_min" and v.critical
    _assert_certified(v, inst)
    assert to_sym(v.loss) == _optimum(inst)
    rng = random.Random(seed)
    G = random_invertible(rng, p)
    W1, W2 = W
    Wg = [nb.matmul(G, W1), nb.matmul(W2, nb.inverse(G))]
    assert nb.matmul(Wg[1], Wg[0]) == nb.matmul(W2, W1)
    vg = classify(inst, Wg)
    assert vg.cls == "global_min"
    _assert_certified(vg, inst)
    assert vg.loss == v.loss


@given(st.sampled_from([(3, 1, 2), (3, 2, 3), (4, 2, 3)]), st.integers(0, 10 ** 5))
@settings(max_examples=12, deadline=None)
def test_wrong_eigenvector_choice_is_a_saddle_not_a_min(widths, seed):
    """Using the *bottom* p eigenvectors instead of the top ones gives a critical point that is a
    saddle (Kawaguchi 2016 Thm 2.3 (iii)): never reported as a minimum."""
    inst = rational_spectrum_instance(widths, seed=seed)
    p, dy = widths[1], widths[-1]
    assume(p < dy)
    W2 = [row[dy - p:] for row in inst.meta_O]
    W1 = nb.matmul(nb.transpose(W2), ols_matrix(inst))
    ls = Landscape(inst)
    assert ls.gradient_vector([W1, W2]) == [0] * inst.n_params
    v = classify(inst, [W1, W2])
    assert v.cls == "strict_saddle"
    _assert_certified(v, inst)
    assert to_sym(v.loss) > _optimum(inst)
    assert v.inertia == congruence_inertia(ls.hessian([W1, W2]))


def test_global_min_with_repeated_sigma_eigenvalue():
    """Σ = (9/4) I: the Ky Fan gap t must be the repeated eigenvalue itself."""
    rng = random.Random(3)
    Q = cayley_orthogonal(rng, 3)
    O = cayley_orthogonal(rng, 2)
    inst = Instance(DeepLinear((2, 1, 2)), Q[:2], nb.scale(Fraction(3, 2), nb.matmul(O, Q[:2])))
    assert check_data_hypotheses(inst).sigma_distinct is False
    for u in ([[Fraction(3, 5)], [Fraction(4, 5)]], [[Fraction(1)], [Fraction(0)]]):
        W = [nb.matmul(nb.transpose(u), ols_matrix(inst)), u]
        v = classify(inst, W)
        assert v.cls == "global_min"
        _assert_certified(v, inst)
        assert to_sym(v.loss) == _optimum(inst)


@pytest.mark.parametrize("hidden", [1, 2])
def test_global_min_with_rank_deficient_X(hidden):
    """XXᵀ singular: Σ uses the projector onto X's row space; the optimum is still certified."""
    inst = Instance(DeepLinear((2, hidden, 2)), [[1, 2, 3], [2, 4, 6]], [[1, 0, 1], [0, 1, 1]])
    X = sympy.Matrix(inst.X)
    M = sympy.Matrix(inst.Y) * X.T * (X * X.T).pinv()     # minimum-norm least-squares map, rank 1
    assert M.rank() == 1
    W1 = [[1, 2]] + [[0, 0]] * (hidden - 1)
    W2 = [[nb.exact(M[i, 0])] + [0] * (hidden - 1) for i in range(2)]
    assert nb.matmul(W2, W1) == [[nb.exact(x) for x in M.row(i)] for i in range(2)]
    v = classify(inst, [W1, W2])
    assert v.cls == "global_min"
    _assert_certified(v, inst)
    assert to_sym(v.loss) == _optimum(inst)
    # a worse point with the same (t, Z) evidence is rejected by the kernel
    worse = [W1, nb.scale(Fraction(1, 2), W2)]
    assert classify(inst, worse).cls != "global_min"


# --- regularized: the origin is a strict local min for H >= 2 -------------------------------------------

@given(st.sampled_from([(2, 2, 1, 2), (1, 2, 2, 1), (2, 1, 1, 1), (2, 2, 2, 1, 1)]), st.integers(0, 10 ** 5))
@settings(max_examples=12, deadline=None)
def test_tikhonov_origin_is_local_min(widths, seed):
    rng = random.Random(seed)
    base = random_instance(widths, m=2, seed=seed)
    lam = tuple([[Fraction(rng.randint(1, 4), rng.randint(1, 3)) for _ in range(c)] for _ in range(r)]
                for r, c in base.model.shapes)
    inst = Instance(base.model, base.X, base.Y, regularization=Tikhonov(lam))
    W = inst.zero_point()
    v = classify(inst, W)
    assert v.cls == "local_min"
    _assert_certified(v, inst)
    H = Landscape(inst).hessian(W)
    flat_lam = [x for w in lam for row in w for x in row]
    assert H == [[2 * flat_lam[i] if i == j else 0 for j in range(len(flat_lam))] for i in range(len(flat_lam))]
    assert v.inertia == (inst.n_params, 0, 0)


def test_tikhonov_with_one_zero_weight_is_not_local_min():
    """Drop one weight: the Hessian 2 diag Λ becomes singular and the verdict must not claim
    local_min (whatever it claims must verify)."""
    base = random_instance((2, 2, 1, 2), m=2, seed=4)
    lam = [[[Fraction(1)] * c for _ in range(r)] for r, c in base.model.shapes]
    lam[0][0][0] = Fraction(0)
    inst = Instance(base.model, base.X, base.Y, regularization=Tikhonov(tuple(lam)))
    v = classify(inst, inst.zero_point())
    assert v.cls != "local_min"
    assert kernel.verify(v.certificate)[0]
    assert v.inertia == (inst.n_params - 1, 0, 1)


# --- a strict local max is impossible here; the classifier never claims one -------------------------------

@given(st.sampled_from(SMALL_SHAPES), st.integers(0, 10 ** 5))
@settings(max_examples=20, deadline=None)
def test_hessian_diagonal_is_nonnegative_so_no_local_max(widths, seed):
    """Along one coordinate the loss is a convex quadratic, so every diagonal Hessian entry is
    >= 0 and a negative-definite Hessian cannot occur (no strict local max to construct with
    non-negative Tikhonov weights); classify must never say local_max."""
    rng = random.Random(seed)
    inst = random_instance(widths, m=2, seed=seed)
    W = random_point(inst, rng)
    H = Landscape(inst).hessian(W)
    assert all(H[i][i] >= 0 for i in range(len(H)))
    assert classify(inst, W).cls != "local_max"


# --- witnesses ----------------------------------------------------------------------------------------

@given(st.integers(1, 4).flatmap(lambda n: st.lists(st.lists(st.fractions(-3, 3, max_denominator=3), min_size=n,
                                                             max_size=n), min_size=n, max_size=n)),
       st.sampled_from([1, -1]))
@settings(max_examples=40, deadline=None)
def test_curvature_witness_exists_iff_inertia_allows(M, sign):
    n = len(M)
    A = [[(M[i][j] + M[j][i]) / 2 for j in range(n)] for i in range(n)]
    p, m, _ = congruence_inertia(A)
    w = curvature_witness(A, sign)
    if (p if sign > 0 else m) == 0:
        assert w is None
    else:
        assert w is not None
        q = sum((w[i] * A[i][j] * w[j] for i in range(n) for j in range(n)), Fraction(0))
        assert sign * q > 0


def test_verdict_rendering():
    inst = random_instance((2, 1, 2), m=3, seed=2)
    v = classify(inst, inst.zero_point())
    assert "strict_saddle" in str(v) and "loss" in str(v)
    assert v._repr_latex_().startswith("$")
