"""exactland.numbers: the single door for user numbers, and exact inertia / rank / projectors."""

from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings, strategies as st

from conftest import congruence_inertia, root_sign_inertia, symmetric_matrices
from exactland import numbers as nb
from exactland.numbers import ExactnessError, ShapeError, exact


# --- exact(): what is accepted, what is refused -------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    (3, Fraction(3)),
    (-7, Fraction(-7)),
    (Fraction(-3, 7), Fraction(-3, 7)),
    (sympy.Rational(5, 6), Fraction(5, 6)),
    (sympy.Integer(-4), Fraction(-4)),
    ("2/6", Fraction(1, 3)),
    (" -3/7 ", Fraction(-3, 7)),
    ("0.25", Fraction(1, 4)),
    ("1.1", Fraction(11, 10)),  # a decimal string is exact, unlike the float 1.1
    (np.int64(9), Fraction(9)),
    (np.int32(-2), Fraction(-2)),
])
def test_exact_accepts_exact_numbers(value, expected):
    out = exact(value)
    assert isinstance(out, Fraction)
    assert out == expected


@given(st.fractions(max_denominator=10 ** 6))
@settings(max_examples=40)
def test_exact_string_and_sympy_round_trip(q):
    assert exact(f"{q.numerator}/{q.denominator}") == q
    assert exact(sympy.Rational(q.numerator, q.denominator)) == q
    assert exact(nb.fmt(q)) == q


@pytest.mark.parametrize("value", [0.5, 1.0, np.float64(0.25), np.float32(0.5), float("nan")])
def test_exact_refuses_floats_naming_the_entry(value):
    with pytest.raises(ExactnessError) as err:
        exact(value, "data.X[1][2]")
    assert "data.X[1][2]" in str(err.value)
    assert "float" in str(err.value)


def test_exact_refuses_bool_and_irrational_and_garbage():
    with pytest.raises(ExactnessError):
        exact(True, "flag")
    with pytest.raises(ExactnessError) as err:
        exact(sympy.Float("0.5"), "w")  # a sympy Float is binary floating point too
    assert "w" in str(err.value)
    with pytest.raises(ExactnessError) as err:
        exact(sympy.sqrt(2), "w")
    assert "not rational" in str(err.value)
    with pytest.raises(ValueError) as err:
        exact("one half", "loss.scale")
    assert "loss.scale" in str(err.value)
    with pytest.raises(ValueError):
        exact("1/0", "x")
    with pytest.raises(TypeError):
        exact(object(), "x")


def test_matrix_refuses_float_naming_the_index():
    with pytest.raises(ExactnessError) as err:
        nb.matrix([[1, 2], [3, 0.5]], "W_2")
    assert "W_2[1][1]" in str(err.value)


@pytest.mark.parametrize("value, expected", [(0.1, Fraction(1, 10)), (0.25, Fraction(1, 4)),
                                             (1e-3, Fraction(1, 1000)), (-2.5, Fraction(-5, 2)),
                                             (np.float64(0.3), Fraction(3, 10))])
def test_convert_floats_reads_the_printed_decimal(value, expected):
    assert exact(value, convert_floats=True) == expected
    # and it is the decimal as printed, not the binary value
    assert exact(repr(float(value))) == exact(value, convert_floats=True)


def test_convert_floats_in_matrices():
    m = nb.matrix([[0.5, 1], ["1/3", 0.1]], convert_floats=True)
    assert m == [[Fraction(1, 2), Fraction(1)], [Fraction(1, 3), Fraction(1, 10)]]


def test_matrix_shapes_are_checked():
    with pytest.raises(ShapeError) as err:
        nb.matrix([[1, 2], [3]], "W_1")
    assert "ragged" in str(err.value)
    with pytest.raises(ShapeError) as err:
        nb.matrix([[1, 2]], "W_1", shape=(2, 1))
    assert "(1, 2)" in str(err.value) and "(2, 1)" in str(err.value)
    with pytest.raises(ShapeError) as err:
        nb.matmul([[1, 2]], [[1, 2]])
    assert "(1, 2)" in str(err.value)


def test_matrix_accepts_numpy_and_sympy_arrays():
    assert nb.matrix(np.array([[1, 2], [3, 4]])) == [[1, 2], [3, 4]]
    assert nb.matrix(sympy.Matrix([[sympy.Rational(1, 2), 0]])) == [[Fraction(1, 2), 0]]
    with pytest.raises(ExactnessError):
        nb.matrix(np.array([[1.5, 2.0]]), "A")


# --- inertia ------------------------------------------------------------------------------------

@given(symmetric_matrices(max_n=4))
@settings(max_examples=30, deadline=None)
def test_inertia_matches_exact_eigenvalue_signs(A):
    got = nb.inertia(A)
    assert got == root_sign_inertia(A)
    assert got == congruence_inertia(A)


@given(symmetric_matrices(max_n=4, low_rank=True))
@settings(max_examples=30, deadline=None)
def test_inertia_of_semidefinite_singular_matrices(A):
    got = nb.inertia(A)
    assert got == congruence_inertia(A)
    assert got == root_sign_inertia(A)
    # ±BᵀB is semidefinite: one of the two signs is absent
    assert got[0] == 0 or got[1] == 0
    assert got[2] == len(A) - nb.rank(A)


@pytest.mark.parametrize("A, expected", [
    # leading principal minors are 0, 0: a leading-minor test would call it PSD; it is NSD
    ([[0, 0], [0, -1]], (0, 1, 1)),
    ([[0, 1], [1, 0]], (1, 1, 0)),              # leading minors 0, -1: indefinite
    ([[1, 1], [1, 1]], (1, 0, 1)),              # PSD singular
    ([[0, 0, 0], [0, 0, 0], [0, 0, 0]], (0, 0, 3)),
    ([[1, 1, 0], [1, 1, 0], [0, 0, -2]], (1, 1, 1)),
])
def test_inertia_small_traps(A, expected):
    assert nb.inertia(A) == expected == congruence_inertia(A)
    assert nb.is_psd(A) == (expected[1] == 0)


def test_inertia_refuses_non_symmetric():
    with pytest.raises(ValueError):
        nb.inertia([[1, 2], [3, 1]])


@given(symmetric_matrices(max_n=4))
@settings(max_examples=20, deadline=None)
def test_charpoly_matches_sympy(A):
    lam = sympy.Symbol("lam")
    M = sympy.Matrix([[sympy.Rational(x.numerator, x.denominator) for x in row] for row in A])
    ref = sympy.Poly((lam * sympy.eye(len(A)) - M).det(), lam).all_coeffs()
    assert nb.charpoly(A) == [nb.exact(c) for c in ref]


# --- rank, nullspace, inverse, projector ---------------------------------------------------------

@st.composite
def low_rank_matrices(draw):
    """A random r x c rational matrix of random rank k <= min(r, c) (as L R)."""
    r, c = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    k = draw(st.integers(0, min(r, c)))
    q = st.fractions(-3, 3, max_denominator=3)
    if k == 0:
        return nb.zeros(r, c)
    L = [[draw(q) for _ in range(k)] for _ in range(r)]
    R = [[draw(q) for _ in range(c)] for _ in range(k)]
    return nb.matmul(L, R)


@given(low_rank_matrices())
@settings(max_examples=30, deadline=None)
def test_projector_is_orthogonal_projector_onto_column_space(A):
    P = nb.projector(A)
    n = len(A)
    assert nb.shape_of(P) == (n, n)
    assert nb.matmul(P, P) == P                       # idempotent
    assert P == nb.transpose(P)                       # symmetric
    assert nb.matmul(P, A) == A                       # fixes the column space
    assert nb.rank(P) == nb.rank(A)                   # and nothing more
    assert sympy.Matrix(A).rank() == nb.rank(A)


@given(low_rank_matrices())
@settings(max_examples=30, deadline=None)
def test_nullspace_and_rank(A):
    ns = nb.nullspace(A)
    c = nb.shape_of(A)[1]
    assert len(ns) == c - nb.rank(A)
    for v in ns:
        assert nb.matmul(A, [[x] for x in v]) == nb.zeros(len(A), 1)
    if ns:
        assert nb.rank(ns) == len(ns)


@given(symmetric_matrices(max_n=4))
@settings(max_examples=20, deadline=None)
def test_inverse(A):
    if nb.rank(A) < len(A):
        return
    assert nb.matmul(A, nb.inverse(A)) == nb.identity(len(A))


def test_fmt():
    assert nb.fmt(Fraction(6, 4)) == "3/2"
    assert nb.fmt(-4) == "-4"
    assert nb.fmt_matrix([[Fraction(1, 2), 0]]) == [["1/2", "0"]]
