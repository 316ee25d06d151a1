"""exactland.instance: schema v1, exactness at the door, layout, data hypotheses, generators."""

import json
import random
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings, strategies as st

from conftest import random_tikhonov, rmat, to_sym
from exactland import numbers as nb
from exactland.instance import (DeepLinear, Instance, SquaredLoss, Tikhonov, cayley_orthogonal,
                                check_data_hypotheses, has_distinct_eigenvalues, kawaguchi_order,
                                ols_matrix, point_to_json, random_instance, rational_spectrum_instance,
                                sigma_matrix)
from exactland.numbers import ExactnessError, ShapeError

widths_st = st.lists(st.integers(1, 3), min_size=2, max_size=4).map(tuple)


def _base_json():
    return {"model": {"kind": "deep_linear", "widths": [2, 1, 2]},
            "data": {"X": [[1, 0, 1], [0, 1, 1]], "Y": [[1, 2, "1/2"], [0, 1, 1]]},
            "loss": {"kind": "squared", "scale": "1/2"},
            "regularization": {"kind": "tikhonov", "weights": [[["1", "0"]], [["1/2"], ["2"]]]}}


# --- JSON round trip ---------------------------------------------------------------------------

@given(widths_st, st.integers(0, 10 ** 6), st.integers(1, 4), st.booleans(),
       st.fractions(min_value=Fraction(1, 7), max_value=3, max_denominator=7))
@settings(max_examples=30, deadline=None)
def test_json_round_trip(widths, seed, m, regularized, scale):
    inst = random_instance(widths, m=m, seed=seed, scale=scale)
    if regularized:
        inst.regularization = random_tikhonov(inst, random.Random(seed))
    text = json.dumps(inst.to_json())
    back = Instance.from_json(text)
    assert back.model.widths == inst.model.widths
    assert back.X == inst.X and back.Y == inst.Y
    assert back.loss.scale == inst.loss.scale
    if regularized:
        assert [list(map(list, w)) for w in back.regularization.weights] == \
               [list(map(list, w)) for w in inst.regularization.weights]
    else:
        assert back.regularization is None
    assert back.to_json() == json.loads(text)
    # no float anywhere in the serialized form (it must re-read without convert_floats)
    assert not _floats(json.loads(text))


def _floats(obj):
    if isinstance(obj, float):
        return [obj]
    if isinstance(obj, dict):
        return [f for v in obj.values() for f in _floats(v)]
    if isinstance(obj, list):
        return [f for v in obj for f in _floats(v)]
    return []


def test_from_json_accepts_path_and_string(tmp_path):
    obj = _base_json()
    path = tmp_path / "inst.json"
    path.write_text(json.dumps(obj))
    a, b, c = Instance.from_json(str(path)), Instance.from_json(path), Instance.from_json(json.dumps(obj))
    assert a.X == b.X == c.X == [[1, 0, 1], [0, 1, 1]]
    assert a.Y[0][2] == Fraction(1, 2)
    assert a.regularization.weights[1] == [[Fraction(1, 2)], [Fraction(2)]]


def test_point_json_round_trip():
    inst = random_instance((2, 2, 1), m=3, seed=4)
    W = random_pointish(inst)
    assert inst.point(json.loads(json.dumps(point_to_json(W)))) == W


def random_pointish(inst, seed=0):
    rng = random.Random(seed)
    return [rmat(rng, r, c) for r, c in inst.model.shapes]


# --- floats refused, with the entry named --------------------------------------------------------

@pytest.mark.parametrize("path, where", [
    (("data", "X", 0, 1), "data.X[0][1]"),
    (("data", "Y", 1, 2), "data.Y[1][2]"),
    (("regularization", "weights", 1, 0, 0), "regularization.weights[1][0][0]"),
    (("regularization", "weights", 0, 0, 1), "regularization.weights[0][0][1]"),
    (("loss", "scale"), "loss.scale"),
])
def test_float_anywhere_is_refused_naming_the_entry(path, where):
    obj = _base_json()
    node = obj
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = 0.5
    with pytest.raises(ExactnessError) as err:
        Instance.from_json(obj)
    assert str(err.value).startswith(where + ":")
    # convert_floats=True reads it as the decimal it prints as
    inst = Instance.from_json(obj, convert_floats=True)
    if path[0] == "data":
        assert getattr(inst, path[1])[path[2]][path[3]] == Fraction(1, 2)
    elif path[0] == "loss":
        assert inst.loss.scale == Fraction(1, 2)
    else:
        assert inst.regularization.weights[path[2]][path[3]][path[4]] == Fraction(1, 2)


def test_float_in_point_is_refused_naming_the_entry():
    inst = Instance.from_json(_base_json())
    with pytest.raises(ExactnessError) as err:
        inst.point({"W": [[[1, 2]], [[1], [0.25]]]})
    assert "W_2[1][0]" in str(err.value)
    assert inst.point({"W": [[[1, 2]], [[1], [0.25]]]}, convert_floats=True)[1][1][0] == Fraction(1, 4)
    with pytest.raises(ExactnessError) as err:
        inst.unflatten([0, 0, 0.5, 0])
    assert "theta[2]" in str(err.value)


def test_numpy_float_data_refused():
    with pytest.raises(ExactnessError) as err:
        Instance(DeepLinear((1, 1)), np.array([[1.0, 2.0]]), [[1, 2]])
    assert "data.X[0][0]" in str(err.value)


# --- shapes ------------------------------------------------------------------------------------

def test_shape_mismatch_errors_name_both_shapes():
    with pytest.raises(ShapeError) as err:
        Instance(DeepLinear((2, 1, 2)), [[1, 2, 3], [4, 5, 6]], [[1, 2], [3, 4]])
    assert "(2, 3)" in str(err.value) and "(2, 2)" in str(err.value)
    with pytest.raises(ShapeError) as err:
        Instance(DeepLinear((3, 1, 2)), [[1, 2], [4, 5]], [[1, 2], [3, 4]])
    assert "(2, 2)" in str(err.value) and "d_x = 3" in str(err.value)
    with pytest.raises(ShapeError) as err:
        Instance(DeepLinear((2, 1, 1)), [[1, 2], [4, 5]], [[1, 2], [3, 4]])
    assert "(2, 2)" in str(err.value) and "d_y = 1" in str(err.value)
    inst = Instance(DeepLinear((2, 1, 2)), [[1, 2], [4, 5]], [[1, 2], [3, 4]])
    with pytest.raises(ShapeError) as err:
        inst.point([[[1, 2]], [[1, 2]]])
    assert "(1, 2)" in str(err.value) and "(2, 1)" in str(err.value)
    with pytest.raises(ShapeError) as err:
        inst.point([[[1, 2]]])
    assert "1" in str(err.value) and "2" in str(err.value)
    with pytest.raises(ShapeError) as err:
        Instance(DeepLinear((2, 1, 2)), [[1, 2], [4, 5]], [[1, 2], [3, 4]],
                 regularization=Tikhonov(([[1, 1]], [[1, 1]])))
    assert "(1, 2)" in str(err.value) and "(2, 1)" in str(err.value)
    with pytest.raises(ShapeError):
        inst.unflatten([1, 2, 3])


def test_negative_regularization_weight_refused():
    with pytest.raises(ValueError) as err:
        Instance(DeepLinear((1, 1)), [[1]], [[1]], regularization=Tikhonov(([[-1]],)))
    assert "negative" in str(err.value)


def test_bad_model_or_loss_kind():
    obj = _base_json()
    obj["model"]["kind"] = "relu"
    with pytest.raises(ValueError):
        Instance.from_json(obj)
    obj = _base_json()
    obj["loss"]["scale"] = "0"
    with pytest.raises(ValueError):
        Instance.from_json(obj)
    with pytest.raises(ValueError):
        DeepLinear((2,))


# --- layout ------------------------------------------------------------------------------------

@given(widths_st, st.integers(0, 1000))
@settings(max_examples=30, deadline=None)
def test_flatten_unflatten_and_param_name(widths, seed):
    inst = random_instance(widths, m=2, seed=seed)
    n = inst.n_params
    assert n == sum(widths[k] * widths[k - 1] for k in range(1, len(widths)))
    theta = [Fraction(i) for i in range(n)]
    W = inst.unflatten(theta)
    assert inst.flatten(W) == theta
    for k, (w, (r, c)) in enumerate(zip(W, inst.model.shapes)):
        assert nb.shape_of(w) == (r, c)
        for i in range(r):
            for j in range(c):
                assert inst.param_name(int(w[i][j])) == f"W_{k + 1}[{i}][{j}]"


@given(widths_st, st.integers(0, 1000))
@settings(max_examples=30, deadline=None)
def test_kawaguchi_order_is_vec_of_transposes_top_layer_first(widths, seed):
    inst = random_instance(widths, m=2, seed=seed)
    n = inst.n_params
    perm = kawaguchi_order(inst)
    assert sorted(perm) == list(range(n))
    theta = list(range(n))
    W = [np.array(w, dtype=object) for w in inst.unflatten(theta)]
    # vec() stacks columns (column-major); vec(W_kᵀ) for k = H+1, ..., 1
    expected = [int(x) for w in reversed(W) for x in w.T.flatten(order="F")]
    assert [theta[p] for p in perm] == expected


# --- data hypotheses ------------------------------------------------------------------------------

def _conjugated_diag(diag, seed):
    O = cayley_orthogonal(random.Random(seed), len(diag))
    D = [[Fraction(diag[i]) if i == j else Fraction(0) for j in range(len(diag))] for i in range(len(diag))]
    return nb.matmul(nb.matmul(O, D), nb.transpose(O))


@pytest.mark.parametrize("diag, distinct", [((2, 2, 5), False), ((1, 2, 3), True), ((0, 0, 1), False),
                                            (("1/2", "1/3", 4), True), ((7, 7), False)])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_has_distinct_eigenvalues_on_conjugated_diagonals(diag, distinct, seed):
    S = _conjugated_diag([Fraction(d) for d in diag], seed)
    assert S == nb.transpose(S)
    assert has_distinct_eigenvalues(S) is distinct
    mults = sympy.Matrix([[to_sym(x) for x in row] for row in S]).eigenvals()
    assert (max(mults.values()) == 1) is distinct


def test_repeated_sigma_eigenvalue_detected_from_data():
    # X has orthonormal rows, Y = c · O X: Σ = c² I, a repeated eigenvalue
    rng = random.Random(3)
    Q = cayley_orthogonal(rng, 3)
    X = Q[:2]
    O = cayley_orthogonal(rng, 2)
    Y = nb.scale(Fraction(3, 2), nb.matmul(O, X))
    inst = Instance(DeepLinear((2, 1, 2)), X, Y)
    S = sigma_matrix(inst)
    assert S == nb.scale(Fraction(9, 4), nb.identity(2))
    h = check_data_hypotheses(inst)
    assert h.sigma_distinct is False
    assert not h.all_hold and any("repeated" in f for f in h.failures())
    assert h.XXt_full_rank and h.XYt_full_rank


def test_data_hypotheses_detect_rank_deficiency():
    inst = Instance(DeepLinear((2, 1, 2)), [[1, 2, 3], [2, 4, 6]], [[1, 0, 1], [0, 1, 1]])
    h = check_data_hypotheses(inst)
    assert not h.XXt_full_rank and h.rank_XXt == 1
    assert any("XXᵀ" in f for f in h.failures())
    # Σ with a singular XXᵀ uses the row-space projector: compare with sympy's pseudo-inverse
    X = sympy.Matrix(inst.X)
    Y = sympy.Matrix(inst.Y)
    ref = Y * X.T * (X * X.T).pinv() * X * Y.T
    assert sigma_matrix(inst) == [[nb.exact(ref[i, j]) for j in range(2)] for i in range(2)]


@given(st.sampled_from([(2, 1, 2), (3, 2, 2), (3, 1, 3), (2, 2, 1, 2), (3, 2, 1)]), st.integers(0, 10 ** 5))
@settings(max_examples=25, deadline=None)
def test_rational_spectrum_instance_sigma_is_O_diag_s2_Ot(widths, seed):
    inst = rational_spectrum_instance(widths, seed=seed)
    O, s = inst.meta_O, inst.meta_s
    dy = widths[-1]
    assert nb.matmul(O, nb.transpose(O)) == nb.identity(dy)
    assert len(set(s)) == dy and all(x > 0 for x in s) and s == sorted(s, reverse=True)
    # independent Σ = YXᵀ(XXᵀ)⁻¹XYᵀ with sympy
    X, Y = sympy.Matrix([[to_sym(x) for x in r] for r in inst.X]), sympy.Matrix([[to_sym(x) for x in r] for r in inst.Y])
    ref = Y * X.T * (X * X.T).inv() * X * Y.T
    expected = nb.matmul(nb.matmul(O, [[s[i] ** 2 if i == j else 0 for j in range(dy)] for i in range(dy)]),
                         nb.transpose(O))
    assert [[nb.exact(ref[i, j]) for j in range(dy)] for i in range(dy)] == expected
    assert sigma_matrix(inst) == expected
    assert nb.matmul(inst.X, nb.transpose(inst.X)) == nb.identity(widths[0])
    h = check_data_hypotheses(inst)
    assert h.sigma_distinct is True
    # ols_matrix solves the normal equations
    assert nb.matmul(nb.matmul(ols_matrix(inst), inst.X), nb.transpose(inst.X)) == \
        nb.matmul(inst.Y, nb.transpose(inst.X))


def test_random_instance_is_seeded():
    a, b, c = (random_instance((3, 2, 2), m=4, seed=s) for s in (7, 7, 8))
    assert a.X == b.X and a.Y == b.Y
    assert (a.X, a.Y) != (c.X, c.Y)
    assert a.meta["seed"] == 7


def test_with_scale_keeps_data():
    inst = random_instance((2, 1, 2), m=3, seed=1)
    other = inst.with_scale("1/3")
    assert other.loss.scale == Fraction(1, 3) and other.X == inst.X and other.Y == inst.Y
    assert SquaredLoss().scale == Fraction(1, 2)
