"""The loss surface of an instance, exactly: value, gradient, Hessian, higher derivatives.

For ``L(W) = s‖W_{H+1}⋯W_1X − Y‖² (+ Σ_k ⟨Λ_k, W_k∘W_k⟩)`` write, for layer k,
``A_k = W_{H+1}⋯W_{k+1}`` (the layers above), ``B_k = W_{k-1}⋯W_1X`` (below) and
``R = W_{H+1}⋯W_1X − Y``.  Then

* gradient: ``∂L/∂W_k = 2s A_kᵀ R B_kᵀ (+ 2Λ_k∘W_k)``;
* Hessian block (k, k): ``2s A_kᵀA_k ⊗ B_kB_kᵀ (+ 2 diag Λ_k)`` in row-major order — this is
  Kawaguchi (2016) Lemma 4.3's diagonal block (his scale is s = ½);
* Hessian block (k, l), k > l, entry ((a,b),(c,d)):
  ``2s[(A_kᵀA_l)_{ac}(B_kB_lᵀ)_{bd} + (A_kᵀRB_lᵀ)_{ad} M_{bc}]`` with ``M = W_{k-1}⋯W_{l+1}``.

These structured formulas are the fast path; :meth:`Landscape.hessian_generic` differentiates the
sympy expression instead, and the tests check the two agree on random instances.  Any
directional information — k-th directional derivatives, the loss along a polynomial curve —
comes from :meth:`Landscape.loss_along`, which expands ``L(θ + t v₁ + … + tʳ v_r)`` as an exact
polynomial in t.

>>> from exactland.instance import random_instance
>>> inst = random_instance((2, 2, 1), m=3, seed=1)
>>> ls = Landscape(inst)
>>> W = inst.zero_point()
>>> ls.loss(W) == inst.loss.scale * sum(y * y for row in inst.Y for y in row)
True
>>> ls.gradient_vector(W) == [0] * inst.n_params
True
"""

from __future__ import annotations

from fractions import Fraction
from typing import Sequence

from . import numbers as nb
from .instance import Instance
from .numbers import Matrix

Point = Sequence[Matrix]


class Landscape:
    """Exact loss surface of a deep linear :class:`~exactland.instance.Instance`."""

    def __init__(self, instance: Instance):
        self.instance = instance
        self.shapes = instance.model.shapes
        self.L = len(self.shapes)  # number of weight matrices, H + 1
        self.s = instance.loss.scale
        self._reg = instance.regularization.weights if instance.regularization else None

    # --- points ----------------------------------------------------------------------------
    def as_point(self, point) -> list[Matrix]:
        """Accept ``[W_1, ...]``, ``{"W": [...]}`` or a flat vector; validate and convert."""
        if isinstance(point, dict) or (point and isinstance(point[0], (list, tuple)) and point[0]
                                       and isinstance(point[0][0], (list, tuple))):
            return self.instance.point(point)
        if point and isinstance(point[0], (list, tuple)):  # list of matrices with empty rows
            return self.instance.point(point)
        return self.instance.unflatten(point)

    def _above(self, W: Point, k: int) -> Matrix:
        """A_k = W_{H+1} ⋯ W_{k+1} (k is 0-based here; identity when k is the top layer)."""
        mats = [W[j] for j in range(self.L - 1, k, -1)]
        return nb.chain(mats, self.shapes[-1][0])

    def _below(self, W: Point, k: int) -> Matrix:
        """B_k = W_{k-1} ⋯ W_1 X (k 0-based)."""
        out = self.instance.X
        for j in range(k):
            out = nb.matmul(W[j], out)
        return out

    def product(self, W: Point) -> Matrix:
        """W̄ = W_{H+1} ⋯ W_1."""
        W = self.as_point(W)
        return nb.chain(list(reversed(W)))

    def residual(self, W: Point) -> Matrix:
        W = self.as_point(W)
        return nb.matsub(self._below(W, self.L), self.instance.Y)

    # --- value, gradient, Hessian -----------------------------------------------------------
    def loss(self, W: Point) -> Fraction:
        W = self.as_point(W)
        val = self.s * nb.frob2(self.residual(W))
        if self._reg:
            val += sum(lam * w * w for Lk, Wk in zip(self._reg, W)
                       for lrow, wrow in zip(Lk, Wk) for lam, w in zip(lrow, wrow))
        return val

    def gradient(self, W: Point) -> list[Matrix]:
        """∂L/∂W_k for each k, as matrices of the shape of W_k."""
        W = self.as_point(W)
        R = self.residual(W)
        out = []
        for k in range(self.L):
            g = nb.scale(2 * self.s, nb.matmul(nb.matmul(nb.transpose(self._above(W, k)), R),
                                              nb.transpose(self._below(W, k))))
            if self._reg:
                g = nb.matadd(g, [[2 * lam * w for lam, w in zip(lr, wr)] for lr, wr in zip(self._reg[k], W[k])])
            out.append(g)
        return out

    def gradient_vector(self, W: Point) -> list[Fraction]:
        return self.instance.flatten(self.gradient(W))

    def hessian(self, W: Point) -> Matrix:
        """The exact n x n Hessian in the flat order (structured Kronecker-block formulas)."""
        W = self.as_point(W)
        n = self.instance.n_params
        Hm = nb.zeros(n, n)
        offs = self.instance.offsets
        R = self.residual(W)
        A = [self._above(W, k) for k in range(self.L)]
        B = [self._below(W, k) for k in range(self.L)]
        two_s = 2 * self.s
        for k in range(self.L):
            rk, ck = self.shapes[k]
            AtA = nb.matmul(nb.transpose(A[k]), A[k])
            BBt = nb.matmul(B[k], nb.transpose(B[k]))
            o = offs[k]
            for a in range(rk):
                for b in range(ck):
                    row = Hm[o + a * ck + b]
                    for c in range(rk):
                        f = two_s * AtA[a][c]
                        if f:
                            for d in range(ck):
                                row[o + c * ck + d] = f * BBt[b][d]
                    if self._reg:
                        row[o + a * ck + b] += 2 * self._reg[k][a][b]
            for l in range(k):
                rl, cl = self.shapes[l]
                AkAl = nb.matmul(nb.transpose(A[k]), A[l])
                BkBl = nb.matmul(B[k], nb.transpose(B[l]))
                ARB = nb.matmul(nb.matmul(nb.transpose(A[k]), R), nb.transpose(B[l]))
                M = nb.chain([W[j] for j in range(k - 1, l, -1)], ck)  # d_{k-1} x d_l
                ol = offs[l]
                for a in range(rk):
                    for b in range(ck):
                        i = o + a * ck + b
                        for c in range(rl):
                            for d in range(cl):
                                v = two_s * (AkAl[a][c] * BkBl[b][d] + ARB[a][d] * M[b][c])
                                Hm[i][ol + c * cl + d] = v
                                Hm[ol + c * cl + d][i] = v
        return Hm

    def quadratic_form(self, W: Point, v: Sequence) -> Fraction:
        """vᵀ∇²L v, computed from the curve expansion (no Hessian matrix needed)."""
        coeffs = self.loss_along(W, [v])
        return 2 * coeffs[2] if len(coeffs) > 2 else Fraction(0)

    # --- polynomial restrictions ---------------------------------------------------------------
    def loss_along(self, W: Point, curve: Sequence[Sequence]) -> list[Fraction]:
        """Coefficients ``[c_0, c_1, ...]`` of ``L(θ + t v_1 + t² v_2 + … + tʳ v_r)``, exactly.

        >>> from exactland.instance import random_instance
        >>> inst = random_instance((1, 1, 1), m=1, seed=0)
        >>> Landscape(inst).loss_along([[[0]], [[0]]], [[1, 1]])[:3] == [inst.loss.scale * inst.Y[0][0]**2, 0, 0]
        True
        """
        W = self.as_point(W)
        dirs = [self.instance.unflatten(v) for v in curve]
        polys = [poly_matrix_from(W[k], [d[k] for d in dirs]) for k in range(self.L)]
        out = [[[Fraction(x)] for x in row] for row in self.instance.X]
        for k in range(self.L):
            out = poly_matmul(polys[k], out)
        Y = self.instance.Y
        deg = max(len(p) for row in out for p in row)
        total = [Fraction(0)] * (2 * deg - 1)
        for i, row in enumerate(out):
            for j, p in enumerate(row):
                p = list(p) + [Fraction(0)] * (deg - len(p))
                p[0] -= Y[i][j]
                sq = poly_mul(p, p)
                for e, c in enumerate(sq):
                    total[e] += self.s * c
        if self._reg:
            for k in range(self.L):
                for i, row in enumerate(polys[k]):
                    for j, p in enumerate(row):
                        lam = self._reg[k][i][j]
                        if lam:
                            for e, c in enumerate(poly_mul(p, p)):
                                if e >= len(total):
                                    total.extend([Fraction(0)] * (e + 1 - len(total)))
                                total[e] += lam * c
        return total

    def directional(self, W: Point, v: Sequence, k: int) -> Fraction:
        """The k-th directional derivative ``d^k/dt^k L(θ + t v)`` at t = 0."""
        coeffs = self.loss_along(W, [v])
        from math import factorial
        return factorial(k) * (coeffs[k] if k < len(coeffs) else Fraction(0))

    # --- symbolic --------------------------------------------------------------------------------
    def symbols(self):
        """sympy symbols ``w{k}_{i}_{j}`` in the flat order."""
        import sympy
        return [sympy.Symbol(f"w{k + 1}_{i}_{j}") for k, (r, c) in enumerate(self.shapes)
                for i in range(r) for j in range(c)]

    def expr(self):
        """The loss as a sympy polynomial in :meth:`symbols`."""
        import sympy
        syms = self.symbols()
        Wsym = [sympy.Matrix(r, c, syms[o:o + r * c]) for (r, c), o in zip(self.shapes, self.instance.offsets)]
        X = sympy.Matrix(_to_sympy(self.instance.X))
        Y = sympy.Matrix(_to_sympy(self.instance.Y))
        P = X
        for w in Wsym:
            P = w * P
        R = P - Y
        e = sympy.Rational(self.s.numerator, self.s.denominator) * sum(x ** 2 for x in R)
        if self._reg:
            for Lk, w in zip(self._reg, Wsym):
                e += sum(sympy.Rational(lam.numerator, lam.denominator) * w[i, j] ** 2
                         for i, row in enumerate(Lk) for j, lam in enumerate(row))
        return sympy.expand(e)

    def gradient_expr(self):
        import sympy
        e = self.expr()
        return [sympy.diff(e, x) for x in self.symbols()]

    def hessian_expr(self):
        """The Hessian as a sympy Matrix of polynomials in :meth:`symbols`."""
        import sympy
        return sympy.hessian(self.expr(), self.symbols())

    def hessian_generic(self, W: Point) -> Matrix:
        """The Hessian by generic symbolic differentiation (slow; the reference for tests)."""
        import sympy
        W = self.as_point(W)
        syms = self.symbols()
        subs = dict(zip(syms, [sympy.Rational(x.numerator, x.denominator) for x in self.instance.flatten(W)]))
        Hs = sympy.hessian(self.expr(), syms)
        return [[nb.exact(Hs[i, j].subs(subs)) for j in range(len(syms))] for i in range(len(syms))]


def _to_sympy(a: Matrix):
    import sympy
    return [[sympy.Rational(x.numerator, x.denominator) for x in row] for row in a]


# --- univariate polynomial matrices (coefficient lists, lowest degree first) -------------------

def poly_mul(p: Sequence[Fraction], q: Sequence[Fraction]) -> list[Fraction]:
    out = [Fraction(0)] * (len(p) + len(q) - 1)
    for i, a in enumerate(p):
        if a:
            for j, b in enumerate(q):
                out[i + j] += a * b
    return out


def poly_matrix_from(W0: Matrix, dirs: Sequence[Matrix]) -> list:
    """Entry (i, j) is the polynomial ``W0[i][j] + t dirs[0][i][j] + t² dirs[1][i][j] + …``."""
    return [[[W0[i][j]] + [d[i][j] for d in dirs] for j in range(len(W0[0]))] for i in range(len(W0))]


def poly_matmul(A: list, B: list) -> list:
    rows, inner_, cols = len(A), len(B), len(B[0]) if B else 0
    out = []
    for i in range(rows):
        orow = []
        for j in range(cols):
            acc: list[Fraction] = [Fraction(0)]
            for k in range(inner_):
                prod = poly_mul(A[i][k], B[k][j])
                if len(prod) > len(acc):
                    acc.extend([Fraction(0)] * (len(prod) - len(acc)))
                for e, c in enumerate(prod):
                    acc[e] += c
            orow.append(acc)
        out.append(orow)
    return out
