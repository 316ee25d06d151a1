"""Exact scalars and matrices.

Every number that reaches a verdict in exactland is a :class:`fractions.Fraction` (or an
exact algebraic number built from them).  This module is the single door through which
user numbers enter: it accepts ``int``, ``Fraction``, sympy ``Rational``, python-flint
``fmpq``/``fmpz`` and strings such as ``"-3/7"`` or ``"0.25"`` (a decimal *string* is an
exact decimal), and it refuses ``float`` with a message naming the offending entry, because
a binary float is rarely the number its author meant.  ``convert_floats=True`` turns a float
into the decimal it prints as (``0.1 -> 1/10``), which is what a caller who asks usually means.

Heavy linear algebra goes through sympy's ``DomainMatrix`` over ``QQ``; when python-flint is
installed sympy stores it as flint's ``fmpq_mat`` (the "DFM" representation), which is what
makes exact inertia of a 100x100 Hessian take milliseconds.  Nothing here depends on which
backend is active: the algorithm is written once, over the domain (the sympy.polys habit).

>>> exact("-3/7")
Fraction(-3, 7)
>>> exact(0.5)
Traceback (most recent call last):
...
exactland.numbers.ExactnessError: 0.5 is a float; exactland needs exact numbers (int, Fraction, "p/q" string). Pass convert_floats=True to convert it to the decimal it prints as.
>>> exact(0.1, convert_floats=True)
Fraction(1, 10)
>>> fmt(Fraction(6, 4))
'3/2'
"""

from __future__ import annotations

import numbers as _pynumbers
from fractions import Fraction
from typing import Iterable, Sequence

Matrix = list  # a list of rows, each a list of Fraction (plain data, JSON friendly)


class ExactnessError(TypeError):
    """A non-exact number (a float) was given where an exact one is required."""


class ShapeError(ValueError):
    """Matrices whose shapes do not fit together."""


def _where(where: str) -> str:
    return f"{where}: " if where else ""


def exact(value, where: str = "", convert_floats: bool = False) -> Fraction:
    """Convert ``value`` to a :class:`Fraction`, refusing floats unless asked.

    ``where`` names the entry in error messages (``"data.X[1][2]"``).

    >>> exact(3), exact("2/6"), exact("1.25")
    (Fraction(3, 1), Fraction(1, 3), Fraction(5, 4))
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, bool):
        raise ExactnessError(f"{_where(where)}{value!r} is a bool, not a number")
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float) or type(value).__name__ in ("float16", "float32", "float64", "longdouble", "mpf",
                                                            "Float"):
        if convert_floats:
            return Fraction(repr(float(value)))
        label = f"{where}: " if where else ""
        raise ExactnessError(
            f"{label}{value!r} is a float; exactland needs exact numbers (int, Fraction, "
            "\"p/q\" string). Pass convert_floats=True to convert it to the decimal it prints as.")
    if isinstance(value, str):
        text = value.strip()
        try:
            return Fraction(text)
        except (ValueError, ZeroDivisionError) as err:
            raise ValueError(f"{_where(where)}{value!r} is not an exact number such as '-3/7'") from err
    if isinstance(value, _pynumbers.Integral):  # numpy integers
        return Fraction(int(value))
    # sympy Rational / Integer, flint fmpq / fmpz: all expose numerator and denominator
    p = getattr(value, "p", None)
    q = getattr(value, "q", None)
    if p is not None and q is not None and not callable(p):
        return Fraction(int(p), int(q))
    try:
        import sympy
        if isinstance(value, sympy.Basic):
            if value.is_Rational:
                return Fraction(int(value.p), int(value.q))
            raise ExactnessError(f"{_where(where)}{value} is not rational (exactland data must be rational)")
    except ImportError:  # pragma: no cover
        pass
    if hasattr(value, "numerator") and hasattr(value, "denominator"):
        return Fraction(int(value.numerator), int(value.denominator))
    raise TypeError(f"{_where(where)}{value!r} of type {type(value).__name__} is not an exact number")


def matrix(rows, where: str = "matrix", convert_floats: bool = False, shape=None) -> Matrix:
    """A rectangular list of lists of Fractions; errors name the entry and the shapes.

    >>> matrix([[1, "1/2"], [0, 3]])
    [[Fraction(1, 1), Fraction(1, 2)], [Fraction(0, 1), Fraction(3, 1)]]
    >>> matrix([[1, 2], [3]], "W_1")
    Traceback (most recent call last):
    ...
    exactland.numbers.ShapeError: W_1 is ragged: row 0 has 2 entries, row 1 has 1
    """
    if hasattr(rows, "tolist") and not isinstance(rows, list):
        rows = rows.tolist()
    if hasattr(rows, "shape") and hasattr(rows, "tolist"):
        rows = rows.tolist()
    try:
        import sympy
        if isinstance(rows, sympy.MatrixBase):
            rows = rows.tolist()
    except ImportError:  # pragma: no cover
        pass
    if not isinstance(rows, (list, tuple)) or any(not isinstance(r, (list, tuple)) for r in rows):
        raise ShapeError(f"{where} must be a list of rows (a list of lists), got {type(rows).__name__}")
    out = []
    for i, row in enumerate(rows):
        if i and len(row) != len(rows[0]):
            raise ShapeError(f"{where} is ragged: row 0 has {len(rows[0])} entries, row {i} has {len(row)}")
        out.append([exact(x, f"{where}[{i}][{j}]", convert_floats) for j, x in enumerate(row)])
    if shape is not None and shape_of(out) != tuple(shape):
        raise ShapeError(f"{where} has shape {shape_of(out)} but {tuple(shape)} is required")
    return out


def shape_of(a: Matrix) -> tuple[int, int]:
    return (len(a), len(a[0]) if a else 0)


def fmt(q) -> str:
    """An exact number as a JSON-friendly string: ``'3'``, ``'-3/7'``."""
    q = exact(q)
    return str(q.numerator) if q.denominator == 1 else f"{q.numerator}/{q.denominator}"


def fmt_matrix(a: Matrix) -> list:
    return [[fmt(x) for x in row] for row in a]


# --- plain exact matrix arithmetic (small matrices; Fractions) -------------------------

def zeros(r: int, c: int) -> Matrix:
    return [[Fraction(0)] * c for _ in range(r)]


def identity(n: int) -> Matrix:
    return [[Fraction(int(i == j)) for j in range(n)] for i in range(n)]


def transpose(a: Matrix) -> Matrix:
    return [list(col) for col in zip(*a)] if a and a[0] else [[] for _ in range(len(a[0]) if a else 0)]


def matmul(a: Matrix, b: Matrix) -> Matrix:
    if shape_of(a)[1] != shape_of(b)[0]:
        raise ShapeError(f"cannot multiply {shape_of(a)} by {shape_of(b)}")
    bt = list(zip(*b)) if b else []
    if not bt:
        return [[] for _ in a] if not b or not b[0] else zeros(len(a), len(b[0]))
    return [[sum((x * y for x, y in zip(row, col)), Fraction(0)) for col in bt] for row in a]


def matsub(a: Matrix, b: Matrix) -> Matrix:
    return [[x - y for x, y in zip(ra, rb)] for ra, rb in zip(a, b)]


def matadd(a: Matrix, b: Matrix) -> Matrix:
    return [[x + y for x, y in zip(ra, rb)] for ra, rb in zip(a, b)]


def scale(c, a: Matrix) -> Matrix:
    return [[c * x for x in row] for row in a]


def frob2(a: Matrix) -> Fraction:
    return sum((x * x for row in a for x in row), Fraction(0))


def inner(a: Matrix, b: Matrix) -> Fraction:
    return sum((x * y for ra, rb in zip(a, b) for x, y in zip(ra, rb)), Fraction(0))


def chain(mats: Sequence[Matrix], n: int | None = None) -> Matrix:
    """Product ``mats[0] @ mats[1] @ ...``; the empty product is ``identity(n)``."""
    if not mats:
        return identity(n)
    out = mats[0]
    for m in mats[1:]:
        out = matmul(out, m)
    return out


# --- DomainMatrix bridge (fast path through python-flint when present) -----------------

def backend() -> str:
    """Which exact matrix backend sympy's DomainMatrix uses here: ``'flint'`` or ``'python'``."""
    from sympy.external.gmpy import GROUND_TYPES
    return "flint" if GROUND_TYPES == "flint" else "python"


def to_domain(a: Matrix):
    """A Fraction matrix as a ``DomainMatrix`` over QQ (flint-backed when available)."""
    from sympy import QQ
    from sympy.polys.matrices import DomainMatrix
    r, c = shape_of(a)
    rows = [[QQ(x.numerator, x.denominator) for x in row] for row in a]
    dm = DomainMatrix(rows, (r, c), QQ)
    return dm


def from_domain(dm) -> Matrix:
    from sympy import QQ
    return [[Fraction(int(QQ.numer(x)), int(QQ.denom(x))) for x in row] for row in dm.to_list()]


def charpoly(a: Matrix) -> list[Fraction]:
    """Coefficients of ``det(xI - A)``, highest degree first (exact).

    >>> charpoly([[2, 1], [1, 2]])
    [Fraction(1, 1), Fraction(-4, 1), Fraction(3, 1)]
    """
    from sympy import QQ
    a = matrix(a)
    if not a:
        return [Fraction(1)]
    coeffs = to_domain(a).charpoly()
    return [Fraction(int(QQ.numer(x)), int(QQ.denom(x))) for x in coeffs]


def inertia(a: Matrix) -> tuple[int, int, int]:
    """Exact inertia ``(n_plus, n_minus, n_zero)`` of a rational symmetric matrix.

    The characteristic polynomial of a symmetric matrix has only real roots, so Descartes'
    rule of signs is exact for it: the number of positive roots is the number of sign changes
    of its coefficients, the number of negative roots that of ``p(-x)``, and the multiplicity
    of the root 0 is the number of trailing zero coefficients.  No floating point anywhere.

    >>> inertia([[1, 0, 0], [0, -2, 0], [0, 0, 0]])
    (1, 1, 1)
    >>> inertia([[0, 1], [1, 0]])
    (1, 1, 0)
    """
    a = matrix(a)
    for i, row in enumerate(a):
        for j in range(i):
            if row[j] != a[j][i]:
                raise ValueError(f"matrix is not symmetric at ({i}, {j})")
    return inertia_from_charpoly(charpoly(a))


def inertia_from_charpoly(coeffs: Sequence[Fraction]) -> tuple[int, int, int]:
    n = len(coeffs) - 1
    zero = 0
    while zero < n and coeffs[n - zero] == 0:
        zero += 1
    core = list(coeffs[: n + 1 - zero])
    plus = sign_changes(core)
    deg = len(core) - 1
    minus = sign_changes([c * (-1) ** (deg - i) for i, c in enumerate(core)])
    if plus + minus + zero != n:  # impossible for a real-rooted polynomial
        raise ArithmeticError("characteristic polynomial is not real-rooted; matrix not symmetric?")
    return plus, minus, zero


def sign_changes(coeffs: Iterable) -> int:
    signs = [1 if c > 0 else -1 for c in coeffs if c != 0]
    return sum(1 for s, t in zip(signs, signs[1:]) if s != t)


def rank(a: Matrix) -> int:
    """Exact rank.

    >>> rank([[1, 2], [2, 4]])
    1
    """
    a = matrix(a)
    if not a or not a[0]:
        return 0
    return to_domain(a).rank()


def inverse(a: Matrix) -> Matrix:
    a = matrix(a)
    return from_domain(to_domain(a).inv())


def nullspace(a: Matrix) -> Matrix:
    """A basis of the right null space ``{x : A x = 0}``, as a list of basis vectors.

    >>> nullspace([[1, 1, 0], [0, 0, 0]])
    [[Fraction(-1, 1), Fraction(1, 1), Fraction(0, 1)], [Fraction(0, 1), Fraction(0, 1), Fraction(1, 1)]]
    """
    a = matrix(a)
    if not a:
        return []
    ns = to_domain(a).nullspace()
    return from_domain(ns) if ns.shape[0] else []


def column_space_basis(a: Matrix) -> Matrix:
    """Columns of ``a`` forming a basis of its column space, as a matrix (n x r)."""
    a = matrix(a)
    if not a or not a[0]:
        return [[] for _ in a]
    _, pivots = to_domain(a).rref()
    return [[row[j] for j in pivots] for row in a]


def projector(a: Matrix) -> Matrix:
    """Orthogonal projector onto the column space of ``a``: ``B (BᵀB)⁻¹ Bᵀ`` for a basis B.

    This is ``C(CᵀC)⁻Cᵀ`` for any generalized inverse, read as Kawaguchi (2016) intends.

    >>> projector([[1, 1], [1, 1]])
    [[Fraction(1, 2), Fraction(1, 2)], [Fraction(1, 2), Fraction(1, 2)]]
    """
    b = column_space_basis(a)
    n = len(a)
    if not b or not b[0]:
        return zeros(n, n)
    bt = transpose(b)
    return matmul(matmul(b, inverse(matmul(bt, b))), bt)


def is_psd(a: Matrix) -> bool:
    p, m, z = inertia(a)
    return m == 0
