"""Shared helpers for the exactland tests: independent reference computations and strategies.

The helpers here deliberately avoid exactland's own algorithms (they rebuild the loss as a sympy
expression from scratch, diagonalize by congruence, ...) so that tests compare two independent
computations rather than a function with itself.
"""

from __future__ import annotations

import random
from fractions import Fraction

import sympy
from hypothesis import strategies as st

SMALL_SHAPES = [(2, 1, 2), (2, 2, 1, 2), (1, 2, 2, 1), (2, 1, 1), (1, 1, 1, 1)]


def rq(rng: random.Random, num: int = 4, den: int = 3) -> Fraction:
    return Fraction(rng.randint(-num, num), rng.randint(1, den))


def rmat(rng: random.Random, r: int, c: int, num: int = 4, den: int = 3):
    return [[rq(rng, num, den) for _ in range(c)] for _ in range(r)]


def random_point(inst, rng: random.Random, num: int = 3, den: int = 2):
    return [rmat(rng, r, c, num, den) for r, c in inst.model.shapes]


def random_tikhonov(inst, rng: random.Random):
    """Non-negative rational weights, some of them zero."""
    from exactland import Tikhonov
    return Tikhonov(tuple([[Fraction(rng.randint(0, 3), rng.randint(1, 2)) for _ in range(c)] for _ in range(r)]
                          for r, c in inst.model.shapes))


def to_sym(q: Fraction):
    return sympy.Rational(q.numerator, q.denominator)


def reference_loss_expr(inst):
    """The loss rebuilt from the README's definition, independently of exactland.landscape.

    Returns ``(expr, symbols)`` with symbols in the flat order (W_1 row-major, then W_2, ...)."""
    syms, mats = [], []
    for k, (r, c) in enumerate(inst.model.shapes):
        block = [[sympy.Symbol(f"ref{k}_{i}_{j}") for j in range(c)] for i in range(r)]
        syms.extend(x for row in block for x in row)
        mats.append(sympy.Matrix(block))
    P = sympy.Matrix([[to_sym(x) for x in row] for row in inst.X])
    for w in mats:
        P = w * P
    Y = sympy.Matrix([[to_sym(x) for x in row] for row in inst.Y])
    R = P - Y
    expr = to_sym(inst.loss.scale) * sum(R[i, j] ** 2 for i in range(R.rows) for j in range(R.cols))
    if inst.regularization is not None:
        for lam, w in zip(inst.regularization.weights, mats):
            expr += sum(to_sym(lam[i][j]) * w[i, j] ** 2 for i in range(w.rows) for j in range(w.cols))
    return sympy.expand(expr), syms


def congruence_inertia(A):
    """Inertia by exact congruence diagonalization (Sylvester's law of inertia): pivot on a
    non-zero diagonal entry, or make one with e_i + e_j when the remaining diagonal is zero.
    Independent of characteristic polynomials and of Descartes' rule."""
    A = [[Fraction(x) for x in row] for row in A]
    n = len(A)
    alive = list(range(n))
    pos = neg = 0
    while alive:
        i = next((i for i in alive if A[i][i] != 0), None)
        if i is None:
            pair = next(((i, j) for i in alive for j in alive if i != j and A[i][j] != 0), None)
            if pair is None:
                break
            i, j = pair
            # replace basis vector i by e_i + e_j: row/col i += row/col j
            for k in range(n):
                A[i][k] += A[j][k]
            for k in range(n):
                A[k][i] += A[k][j]
            assert A[i][i] != 0
        piv = A[i][i]
        if piv > 0:
            pos += 1
        else:
            neg += 1
        alive.remove(i)
        for j in alive:
            f = A[j][i] / piv
            if f:
                for k in alive:
                    A[j][k] -= f * A[i][k]
                A[j][i] = Fraction(0)
        for j in alive:
            A[i][j] = Fraction(0)
    return pos, neg, n - pos - neg


def root_sign_inertia(A):
    """Inertia from sympy's exact real-root isolation of the characteristic polynomial
    (CRootOf signs), independent of Descartes' rule of signs."""
    M = sympy.Matrix([[to_sym(Fraction(x)) for x in row] for row in A])
    lam = sympy.Symbol("lam")
    p = sympy.Poly(M.charpoly(lam).as_expr(), lam)
    roots = sympy.real_roots(p)
    assert len(roots) == M.rows  # symmetric: real-rooted
    pos = sum(1 for r in roots if r.is_positive)
    neg = sum(1 for r in roots if r.is_negative)
    zero = sum(1 for r in roots if r.is_zero)
    assert pos + neg + zero == M.rows
    return pos, neg, zero


@st.composite
def symmetric_matrices(draw, max_n: int = 4, low_rank: bool = False):
    """Random small rational symmetric matrices; ``low_rank`` gives ±BᵀB combinations (often
    singular and semidefinite)."""
    n = draw(st.integers(1, max_n))
    q = st.fractions(min_value=-3, max_value=3, max_denominator=3)
    if low_rank:
        k = draw(st.integers(0, n))
        B = [[draw(q) for _ in range(n)] for _ in range(k)]
        sign = draw(st.sampled_from([1, -1]))
        return [[sign * sum((B[r][i] * B[r][j] for r in range(k)), Fraction(0)) for j in range(n)]
                for i in range(n)]
    A = [[Fraction(0)] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1):
            A[i][j] = A[j][i] = draw(q)
    return A
