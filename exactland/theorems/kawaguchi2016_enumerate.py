"""Kawaguchi (2016) Theorem 2.3 (ii)–(iv) and Corollary 2.4 on the *whole* critical set of small
instances, found by solving the gradient equations exactly — independently of the paper's lemmas.

``exactland check kawaguchi2016 --enumerate`` appends the rows this module returns
(:func:`enumerate_claims`).  Nothing here uses the paper's characterization of critical points
(Lemma 4.2, eigenvectors of Σ, ...): the critical set is computed from ∇L = 0 alone.

Method (details and the coverage argument in ``docs/kawaguchi_enumerate.md``):

1. **Gauge fixing, complete.**  ``GL(d_k)`` acts on hidden layer k by
   ``(W_{k+1}, W_k) ↦ (W_{k+1}G⁻¹, GW_k)``; ``Φ_G`` is linear and ``L∘Φ_G = L``, so ``∇²L(Φθ) =
   Φ⁻ᵀ∇²L(θ)Φ⁻¹`` and the class of a point (critical or not, global, local min, inertia) is
   constant on orbits.  Top-down (k = H, …, 1) choose ``G_k`` bringing ``G_{k+1}W_{k+1}G_k⁻¹`` to
   reduced column echelon form (RCEF); later ``G_{k-1}, …`` never touch ``W_{k+1}``.  So every orbit
   meets a *stratum*: ``W_2, …, W_{H+1}`` each in RCEF with a fixed pivot pattern, W_1 free.
   (For a width-1 unit: its outgoing column is 0, or its first non-zero entry is 1.)
   :func:`normal_form` computes the gauge element; the tests check it on random points.
2. **Exact solving per stratum.**  The gradient (all parameters, not only the stratum's) on the
   stratum is a polynomial system over Q.  Gröbner bases (sympy, over QQ) with splitting on
   factors (``f₁f₂ = 0`` → ``f₁ = 0`` | ``f₁ ≠ 0, f₂ = 0``; the ≠ conditions are kept by
   saturation) partition its solution set into *pieces* ``{G = 0, N ≠ 0}``.
3. **Zero-dimensional pieces** are solved exactly (a separating linear form, lex basis in shape
   position, factored eliminant, isolated real roots): rational points are classified by
   :func:`exactland.classify.classify`, algebraic ones by :func:`exactland.solve.points.classify_point`
   (``"algebraic"`` certificates); both re-checked by the kernel.
4. **Positive-dimensional pieces** are kept as exact implicit descriptions (reduced Gröbner basis +
   non-vanishing conditions, with their dimension).  The loss is shown constant (its normal form is
   a rational constant), compared exactly with the global optimum, and "not a local minimum, not a
   local maximum" is proved for *every complex point* of the piece by ideal membership: a pair
   (i, j) with ``h_ii`` vanishing on the piece (radical membership) and ``h_ij`` vanishing nowhere on
   it (``1 ∈ ⟨G, h_ij, 1 − zΠN⟩``) gives a principal 2×2 minor ``−h_ij² < 0``, so the Hessian is
   indefinite.  Where ``h_ij`` may vanish the piece is split (``h_ij ≠ 0`` certified; ``h_ij = 0``
   recursed) — the ``xy²`` behaviour of ``(abc − y)²`` on ``a = b = 0``.  Fallbacks: a principal
   submatrix constant on the piece (exact inertia), or curves from a rational member's certificate
   checked symbolically on the whole piece (this certifies families of bad saddles, Hessian ≡ 0);
   conjugate components (loss a root of an irreducible μ, one root the optimum) are told apart by exact
   signs at each real root.
5. **Global or not** is decided against the closed-form optimum ``s(‖Y‖² − top_r(Σ))``
   (Eckart–Young; ``r = min`` width), an exact algebraic number; as a completeness check the
   smallest critical value found must equal it, and none may lie below it.

>>> rows = enumerate_claims(seed=0, shapes=((1, 1, 1),))
>>> [r.status for r in rows]
['held', 'held', 'held', 'inconclusive']
"""

from __future__ import annotations

import random as _random
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import combinations

from .. import kernel
from .. import numbers as nb
from ..classify import classify
from ..instance import Instance, check_data_hypotheses, random_instance, sigma_matrix
from ..numbers import fmt
from . import ClaimResult

#: (shape, m) of the enumerated instances: scalar chains, width-1 bottlenecks with d = 2, width-2 layers,
#: and d_x > d_y (a kernel of YXᵀ: positive-dimensional families, of bad saddles for H = 2)
ENUM_SHAPES = (((1, 1, 1), 3), ((1, 1, 1, 1), 3), ((2, 1, 2), 3), ((2, 1, 1, 2), 3), ((1, 2, 1), 3),
               ((2, 1, 1), 3), ((3, 1, 2), 4), ((2, 2, 2), 3), ((1, 2, 2, 1), 3), ((2, 2, 1, 2), 3),
               ((3, 2, 1, 2), 5))

MAX_SPLIT_DEPTH = 6


class EnumerationError(RuntimeError):
    """The enumeration could not be completed (the affected row becomes inconclusive)."""


# --- gauge fixing ------------------------------------------------------------------------------------

def rcef_patterns(r: int, c: int):
    """Pivot-row tuples of the reduced column echelon forms of an r × c matrix (rank ρ = len).

    >>> list(rcef_patterns(2, 1))
    [(), (0,), (1,)]
    """
    for rho in range(min(r, c) + 1):
        yield from combinations(range(r), rho)


def rcef_entry(piv: tuple, i: int, j: int):
    """0, 1, or None (free) for entry (i, j) of an RCEF with pivot rows ``piv``."""
    if j >= len(piv):
        return 0
    if i < piv[j]:
        return 0
    if i == piv[j]:
        return 1
    if i in piv:  # reduced: zero in the other pivot rows
        return 0
    return None


def strata(widths):
    """All strata: one pivot pattern for each of W_2, …, W_{H+1}."""
    shapes = [(widths[k + 1], widths[k]) for k in range(len(widths) - 1)]
    pats = [list(rcef_patterns(r, c)) for r, c in shapes[1:]]
    out = [()]
    for p in pats:
        out = [o + (q,) for o in out for q in p]
    return out


def _rref_with_transform(M):
    """(R, E) with R = E·M in reduced row echelon form, E invertible (exact)."""
    n, c = len(M), len(M[0]) if M else 0
    A = [list(map(Fraction, row)) + [Fraction(int(i == j)) for j in range(n)] for i, row in enumerate(M)]
    r = 0
    for col in range(c):
        p = next((i for i in range(r, n) if A[i][col] != 0), None)
        if p is None:
            continue
        A[r], A[p] = A[p], A[r]
        piv = A[r][col]
        A[r] = [x / piv for x in A[r]]
        for i in range(n):
            if i != r and A[i][col] != 0:
                f = A[i][col]
                A[i] = [a - f * b for a, b in zip(A[i], A[r])]
        r += 1
    return [row[:c] for row in A], [row[c:] for row in A]


def normal_form(W):
    """Gauge-transform a point to the strata's normal form (W_2, …, W_{H+1} in RCEF).

    Returns ``(W', pattern, Gs)`` with ``W'_k = G_k W_k G_{k-1}⁻¹`` (G_0 = G_{H+1} = I); the
    pattern is the stratum of :func:`strata` containing W'.
    """
    W = [[list(map(Fraction, row)) for row in w] for w in W]
    H = len(W) - 1
    Gs = [None] * (H + 2)
    pattern = [None] * H
    for k in range(H, 0, -1):  # hidden layer k; its outgoing matrix W_{k+1} is W[k] (already G_{k+1}·W_{k+1})
        M = W[k]
        R, E = _rref_with_transform(nb.transpose(M))        # R = E Mᵀ  ⇒  Rᵀ = M Eᵀ
        Ginv = nb.transpose(E)
        G = nb.inverse(Ginv)
        W[k] = nb.transpose(R)
        Rt = W[k]
        piv = []
        for j in range(len(Rt[0])):
            i = next((i for i in range(len(Rt)) if Rt[i][j] != 0), None)
            if i is None:
                break
            piv.append(i)
        pattern[k - 1] = tuple(piv)
        W[k - 1] = nb.matmul(G, W[k - 1])
        Gs[k] = G
    return W, tuple(pattern), Gs


# --- the symbolic landscape --------------------------------------------------------------------------

class Symbolic:
    """The loss, gradient and Hessian of an instance as sympy polynomials over Q (flat order)."""

    def __init__(self, inst: Instance):
        import sympy as sp
        self.inst = inst
        self.sp = sp
        self.shapes = inst.model.shapes
        self.syms, self.mats = [], []
        for k, (r, c) in enumerate(self.shapes):
            M = [[sp.Symbol(f"w{k + 1}_{i}{j}") for j in range(c)] for i in range(r)]
            self.mats.append(M)
            self.syms.extend(x for row in M for x in row)
        P = sp.Matrix(self.mats[0])
        for M in self.mats[1:]:
            P = sp.Matrix(M) * P
        X = sp.Matrix([[sp.Rational(x.numerator, x.denominator) for x in row] for row in inst.X])
        Y = sp.Matrix([[sp.Rational(x.numerator, x.denominator) for x in row] for row in inst.Y])
        R = P * X - Y
        s = inst.loss.scale
        self.loss = sp.expand(sp.Rational(s.numerator, s.denominator) * sum(e ** 2 for e in R))
        self.grad = [sp.expand(sp.diff(self.loss, v)) for v in self.syms]
        n = len(self.syms)
        self.hess = [[sp.expand(sp.diff(self.grad[i], self.syms[j])) for j in range(n)] for i in range(n)]

    def stratum_subs(self, pattern):
        """{symbol: 0 or 1} fixing W_2, …, W_{H+1} to the pivot pattern; the remaining symbols."""
        sub = {}
        for k, piv in enumerate(pattern, start=1):
            for i, row in enumerate(self.mats[k]):
                for j, x in enumerate(row):
                    e = rcef_entry(piv, i, j)
                    if e is not None:
                        sub[x] = self.sp.Integer(e)
        free = [x for x in self.syms if x not in sub]
        return sub, free


# --- Gröbner helpers ---------------------------------------------------------------------------------

_Z = None


def _z():
    global _Z
    if _Z is None:
        import sympy as sp
        _Z = sp.Symbol("_zsat")
    return _Z


def _gb(polys, gens, order="grevlex"):
    import sympy as sp
    polys = [p for p in polys if p != 0]
    if not polys:
        return []
    if not gens:
        return [sp.Integer(1)] if any(p != 0 for p in polys) else []
    return list(sp.groebner(polys, *gens, order=order, domain="QQ").exprs)


def _is_one(G) -> bool:
    return len(G) == 1 and G[0].is_number and G[0] != 0


def saturate(eqs, nonzero, gens):
    """A Gröbner basis (grevlex) of (⟨eqs⟩ : (ΠN)^∞): its variety is the closure of {eqs = 0, N ≠ 0}."""
    import sympy as sp
    if nonzero:
        z = _z()
        prodN = sp.Mul(*nonzero)
        G = _gb(list(eqs) + [1 - z * prodN], [z] + list(gens), order="lex")
        G = [g for g in G if z not in g.free_symbols]
        if not G:
            return []
    else:
        G = list(eqs)
    return _gb(G, gens)


def vanishes_on(G, h, gens) -> bool:
    """h = 0 at every (complex) point of V(G): radical membership 1 ∈ ⟨G, 1 − z h⟩."""
    import sympy as sp
    if sp.expand(h) == 0:
        return True
    return _is_one(_gb(list(G) + [1 - _z() * h], [_z()] + list(gens)))


def nowhere_zero_on(G, h, nonzero, gens) -> bool:
    """h ≠ 0 at every complex point of V(G) \\ V(ΠN): 1 ∈ ⟨G, h, 1 − zΠN⟩."""
    import sympy as sp
    extra = [1 - _z() * sp.Mul(*nonzero)] if nonzero else []
    gg = [_z()] + list(gens) if nonzero else list(gens)
    return _is_one(_gb(list(G) + [h] + extra, gg))


def normal_form_of(G, f, gens):
    import sympy as sp
    if not G:
        return sp.expand(f)
    return sp.groebner(G, *gens, order="grevlex", domain="QQ").reduce(sp.expand(f))[1]


def dimension(G, gens) -> int:
    """Krull dimension of Q[gens]/⟨G⟩ (G a grevlex Gröbner basis): −1 if empty."""
    import sympy as sp
    from ..solve.groebner import dimension_from_leading
    if not G:
        return len(gens)
    if _is_one(G):
        return -1
    if not gens:
        return 0
    from sympy.polys.orderings import grevlex
    leading = [sp.Poly(g, *gens).monoms(order=grevlex)[0] for g in G]
    return dimension_from_leading(leading, len(gens))


@dataclass
class Piece:
    """{x : G(x) = 0, N(x) ≠ 0} inside a stratum (G a saturated grevlex Gröbner basis)."""
    G: list
    N: list
    gens: list
    dim: int = 0

    def describe(self) -> str:
        vs = "(" + ", ".join(str(x) for x in self.gens) + ")"
        eq = ", ".join(str(g) for g in self.G)
        ne = ", ".join(str(n) for n in self.N)
        cond = "; ".join(c for c in ((f"{eq} = 0" if eq else ""), (f"{ne} ≠ 0" if ne else "")) if c)
        return f"{{{vs} : {cond or 'any'}}} (dim {self.dim})"


def decompose(eqs, nonzero, gens, depth: int = 0) -> list[Piece]:
    """Partition {eqs = 0, nonzero ≠ 0} into pieces whose basis elements are irreducible over Q."""
    import sympy as sp
    if depth > 40:
        raise EnumerationError("decomposition did not terminate")
    G = saturate(eqs, nonzero, gens)
    if _is_one(G):
        return []
    for g in G:
        _, facs = sp.factor_list(g, *gens) if gens else (None, [])
        facs = [(f, m) for f, m in facs if not f.is_number]
        # drop factors known to be non-zero on the piece
        facs = [(f, m) for f, m in facs if not any(sp.cancel(f / n).is_number for n in nonzero)]
        if not facs:  # g is a unit on the piece: empty
            return []
        if len(facs) == 1 and facs[0][1] == 1 and (sp.expand(facs[0][0] - g) == 0 or sp.cancel(g / facs[0][0]).is_number):
            continue  # irreducible (up to a constant)
        if len(facs) == 1:  # a power of one irreducible factor (times units on the piece): keep the factor
            rest = [h for h in G if h is not g]
            return decompose(rest + [facs[0][0]], nonzero, gens, depth + 1)
        f1 = facs[0][0]
        others = sp.Mul(*[f for f, _ in facs[1:]])
        rest = [h for h in G if h is not g]
        return (decompose(rest + [f1], nonzero, gens, depth + 1)
                + decompose(rest + [others], list(nonzero) + [f1], gens, depth + 1))
    return [Piece(G, list(nonzero), list(gens), dimension(G, gens))]


# --- zero-dimensional pieces: exact real points ------------------------------------------------------

def real_points(piece: Piece, seed: int = 0):
    """The real points of a zero-dimensional piece: a list of (f, lo, hi, [q_1, …, q_n]) with
    coordinate x_i = q_i(α) (lowest degree first, reduced mod f) at the root α of the irreducible
    f in (lo, hi).  Exact: lex basis in shape position for a separating linear form."""
    import sympy as sp
    from ..solve import realroots as rr
    from ..solve.points import descartes_interval
    gens = piece.gens
    if not gens:
        return [([Fraction(0), Fraction(1)], Fraction(-1), Fraction(1), [])]
    T = sp.Symbol("_T")
    rng = _random.Random(seed)
    for attempt in range(12):
        form = [1] * len(gens) if attempt == 0 else [rng.randint(-5, 5) or 1 for _ in gens]
        if attempt == 1:
            form = list(range(1, len(gens) + 1))
        L = _gb(list(piece.G) + [T - sum(c * x for c, x in zip(form, gens))], list(gens) + [T], order="lex")
        if _is_one(L):
            return []
        elim = [g for g in L if g.free_symbols <= {T}]
        if len(elim) != 1 or len(L) != len(gens) + 1:
            continue
        q = {}
        ok = True
        for g in L:
            if g in elim:
                continue
            P = sp.Poly(g, *gens, T)
            lead = [x for x in gens if P.degree(x) > 0]
            if len(lead) != 1 or P.degree(lead[0]) != 1:
                ok = False
                break
            x = lead[0]
            c = sp.Poly(g, x).coeff_monomial(x)
            if not c.is_number:
                ok = False
                break
            q[x] = sp.expand(-(g - c * x) / c)
        if not ok or len(q) != len(gens):
            continue
        pe = sp.Poly(elim[0], T)
        # the eliminant must be square-free: then the form separates the points of V(G).  If it is not,
        # add its square-free part (same variety; Seidenberg: this makes the zero-dimensional ideal radical)
        if sp.degree(sp.gcd(pe, pe.diff(T)), T) > 0:
            sqf = sp.quo(pe, sp.gcd(pe, pe.diff(T))).as_expr()
            L2 = _gb(L + [sqf], list(gens) + [T], order="lex")
            piece = Piece([g.subs(T, sum(c * x for c, x in zip(form, gens))) for g in L2 if T in g.free_symbols
                           and not (g.free_symbols - {T})] + list(piece.G), piece.N, gens, 0)
            piece.G = _gb(piece.G, gens)
            continue
        out = []
        coeffs = [Fraction(int(c.p), int(c.q)) for c in reversed(pe.all_coeffs())]
        for f in rr.squarefree_factors(coeffs):
            fq = rr.to_flint(f)
            qs = []
            for x in gens:
                pq = sp.Poly(q[x], T)
                cs = [Fraction(int(c.p), int(c.q)) for c in reversed(pq.all_coeffs())]
                red = rr.from_flint(rr.to_flint(cs) % fq) if any(cs) else []
                qs.append(red)
            for (_, lo, hi) in rr.real_roots_of(f):
                if len(f) > 2:
                    lo, hi = descartes_interval(f, lo, hi)
                out.append((f, lo, hi, qs))
        return out
    raise EnumerationError(f"no separating linear form found for {piece.describe()}")


# --- the optimum -------------------------------------------------------------------------------------

def global_optimum(inst: Instance):
    """s(‖Y‖² − top_r(Σ)), r = min width (Eckart–Young for the rank-r product), as an exact
    :class:`~exactland.solve.points.AlgebraicNumber`."""
    from ..solve import realroots as rr
    from ..solve.points import AlgebraicNumber, algebraic_value, compare
    s = inst.loss.scale
    S = sigma_matrix(inst)
    dy = len(S)
    r = min(inst.model.widths)
    Y2 = nb.frob2(inst.Y)
    if r >= dy:
        v = s * (Y2 - sum(S[i][i] for i in range(dy)))
        return AlgebraicNumber([-v, Fraction(1)], v, v)
    if r != 1:
        raise EnumerationError(f"optimum with 1 < r = {r} < d_y = {dy} not implemented")
    chi = list(reversed(nb.charpoly(S))) if nb.charpoly(S)[0] == 1 else nb.charpoly(S)
    roots = []
    for f in rr.squarefree_factors(chi):
        for (_, lo, hi) in rr.real_roots_of(f):
            roots.append(AlgebraicNumber(f, lo, hi))
    top = roots[0]
    for a in roots[1:]:
        if compare(a, top) > 0:
            top = a
    return algebraic_value([s * Y2, -s], top.minpoly, top.lo, top.hi)


def _alg(x):
    from ..solve.points import AlgebraicNumber
    if isinstance(x, AlgebraicNumber):
        return x
    x = Fraction(x)
    return AlgebraicNumber([-x, Fraction(1)], x, x)


def _afmt(a) -> str:
    if a.rational is not None:
        return fmt(a.rational)
    return f"{a.decimal(12)}… (root of {_poly_text(a.minpoly)})"


# --- one instance ------------------------------------------------------------------------------------

@dataclass
class Outcome:
    """What the enumeration of one stratum piece established."""
    stratum: tuple
    kind: str                 # "point" | "family"
    description: str
    value: object = None      # AlgebraicNumber
    is_global: bool | None = None
    cls: str = "inconclusive"  # global | saddle (indefinite) | non_strict_saddle | local_min | ... | inconclusive
    negative_eigenvalue: bool | None = None
    proof: str = ""
    certificate: dict | None = None
    inertia: tuple | None = None
    piece: Piece | None = None      # families: the piece, its extra non-vanishing conditions, the stratum map
    extra_nonzero: list = field(default_factory=list)
    sub: dict | None = None
    middle_rank_deficient: bool | None = None   # rank(W_H⋯W_2) < p on the whole piece (families)


@dataclass
class InstanceReport:
    inst: Instance
    shape: tuple
    hypotheses: list
    optimum: object
    outcomes: list = field(default_factory=list)
    n_strata: int = 0
    problems: list = field(default_factory=list)     # failures (a claim or a consistency check)
    unresolved: list = field(default_factory=list)   # inconclusive pieces
    spot_checks: list = field(default_factory=list)
    certificates: list = field(default_factory=list)


def _flat_polys(sym: Symbolic, sub, free, qs):
    """Flat numerators (polynomials in T, lowest first) of every parameter at a stratum point."""
    val = dict(zip(free, qs))
    out = []
    for x in sym.syms:
        if x in sub:
            v = Fraction(int(sub[x]))
            out.append([v] if v else [])
        else:
            out.append(val[x])
    return out


def _classify_point(inst, sym, pattern, sub, free, f, lo, hi, qs, Lstar, rep: InstanceReport, seed):
    from ..solve.points import CriticalPoint, classify_point, compare
    nums = _flat_polys(sym, sub, free, qs)
    pt = CriticalPoint(inst, f, lo, hi, nums, [Fraction(1)])
    classify_point(inst, pt, seed=seed)
    val = _alg(pt.loss)
    c = compare(val, Lstar)
    oc = Outcome(pattern, "point", "rational point " + str([fmt(x) for x in pt.exact]) if pt.is_rational
                 else f"algebraic point over Q[T]/({_poly_text(f)}), T ≈ {float((lo + hi) / 2):.6g}",
                 value=val, is_global=(c == 0), certificate=pt.certificate, inertia=pt.inertia)
    if pt.certificate is not None:
        ok, why = kernel.verify(pt.certificate)
        if not ok:
            rep.problems.append(f"kernel rejected the certificate of {oc.description}: {why}")
        rep.certificates.append(pt.certificate)
    if c < 0:
        rep.problems.append(f"critical value {_afmt(val)} below the optimum {_afmt(Lstar)} at {oc.description}")
    if pt.cls == "global_min" and c != 0:
        rep.problems.append(f"classify certifies a global minimum at {oc.description} with loss {_afmt(val)}, "
                            f"but the optimum used is {_afmt(Lstar)}")
    if c == 0:
        oc.cls, oc.proof = "global", f"loss = optimum {_afmt(Lstar)} (exact)"
    elif pt.cls in ("strict_saddle", "non_strict_saddle", "local_min", "local_max"):
        oc.cls = pt.cls
        oc.proof = f"{pt.cls} ({pt.reason}), kernel-checked certificate"
    else:
        oc.cls, oc.proof = "inconclusive", pt.reason or "unclassified"
    if pt.inertia is not None:
        oc.negative_eigenvalue = pt.inertia[1] > 0
    if not pt.is_rational and oc.cls == "strict_saddle":
        oc.negative_eigenvalue = True
    return oc, pt


def _poly_text(f) -> str:
    from ..solve.points import _poly_str
    return _poly_str(f)


def _split_by_value(sym, pattern, sub, piece: Piece, Lnf, Lstar, rep, depth):
    """The loss is not constant modulo the piece's ideal: split by the irreducible factors μ of the
    eliminant of ⟨G, T − L⟩ ∩ Q[T] (every critical value on the piece is a root of it)."""
    import sympy as sp
    T = sp.Symbol("_V")
    gens = piece.gens
    Lg = _gb(list(piece.G) + [T - Lnf], list(gens) + [T], order="lex")
    elim = [g for g in Lg if g.free_symbols <= {T}]
    if len(elim) != 1 or not elim[0].free_symbols:
        return [Outcome(pattern, "family", piece.describe(), cls="inconclusive",
                        proof=f"loss not constant on the piece and no value eliminant (normal form {Lnf})")]
    out = []
    for mu, _m in sp.factor_list(elim[0], T)[1]:
        for sp_piece in decompose(list(piece.G) + [mu.subs(T, Lnf)], piece.N, gens):
            out.extend(_piece_outcomes(sym, pattern, sub, sp_piece, Lstar, rep, depth, value_poly=mu, vsym=T))
    return out


def _sign_at(c_expr, vsym, mu, root) -> int:
    """The exact sign of c(β), c ∈ Q[v], β the real root ``root`` of the irreducible μ."""
    import sympy as sp
    from ..solve.points import AlgebraicNumber, algebraic_value, compare
    c = [Fraction(int(x.p), int(x.q)) for x in reversed(sp.Poly(c_expr, vsym).all_coeffs())]
    if not any(c):
        return 0
    a = algebraic_value(c, mu, root.lo, root.hi) if len(mu) > 2 else None
    if a is None:
        from ..solve import realroots as rr
        val = rr._peval(c, root.rational)
        return (val > 0) - (val < 0)
    if a.rational is not None:
        return (a.rational > 0) - (a.rational < 0)
    return compare(a, AlgebraicNumber([Fraction(0), Fraction(1)], Fraction(0), Fraction(0)))


def _conjugate_outcomes(sym, pattern, sub, piece, Lnf, value_poly, v, mu, roots, Lstar, rep, vals_text):
    """A family whose loss is a root of an irreducible μ of degree > 1 one of whose real roots is the
    optimum: conjugate components that ideal membership cannot tell apart.  Per real root β, with the
    value as a new variable v (⟨G, μ(v), L − v⟩): a principal submatrix H[S, S] whose entries all reduce
    to polynomials in v alone is constant on the component L = β; its inertia, decided exactly at β
    (signs of its characteristic polynomial's coefficients in Q(β), Descartes), bounds the Hessian's
    (Cauchy interlacing: a negative / positive eigenvalue of H[S, S] is one of H)."""
    import sympy as sp
    from ..solve.points import compare
    gens = piece.gens
    G2 = _gb(list(piece.G) + [value_poly.subs(sp.Symbol(str(v)), v), Lnf - v], list(gens) + [v])
    out = []
    if _is_one(G2):
        return out
    n = len(sym.syms)
    names = [str(x) for x in sym.syms]
    gb2 = sp.groebner(G2, *gens, v, order="grevlex", domain="QQ")
    cache = {}

    def h(i, j):
        key = (min(i, j), max(i, j))
        if key not in cache:
            cache[key] = gb2.reduce(sp.expand(sym.hess[i][j].subs(sub)))[1]
        return cache[key]

    def const(e):
        return e.free_symbols <= {v}
    best = []
    for start in range(n):
        if not const(h(start, start)):
            continue
        S = [start]
        for j in range(n):
            if j not in S and const(h(j, j)) and all(const(h(i, j)) for i in S):
                S.append(j)
        if len(S) > len(best):
            best = S
    for beta in roots:
        c = compare(beta, Lstar)
        desc = piece.describe() + f" ∩ {{L = {beta.decimal(10)}…}} [loss a root of {_poly_text(mu)}]"
        oc = Outcome(pattern, "family", desc, value=beta, is_global=(c == 0), piece=None, sub=sub)
        if c < 0:
            rep.problems.append(f"critical value {_afmt(beta)} below the optimum on {desc}")
        if c == 0:
            oc.cls, oc.proof = "global", "loss = optimum on this conjugate component (exact)"
            out.append(oc)
            continue
        if not best:
            oc.cls, oc.proof = "inconclusive", "no principal submatrix constant on the conjugate component"
            out.append(oc)
            continue
        M = sp.Matrix([[h(i, j) for j in best] for i in best])
        x = sp.Symbol("_x")
        cp = M.charpoly(x).all_coeffs()  # highest degree first, entries in Q[v]
        mu_expr = sum(sp.Rational(cf.numerator, cf.denominator) * v ** k for k, cf in enumerate(mu))
        signs = [Fraction(_sign_at(sp.rem(sp.expand(cf), mu_expr, v), v, mu, beta)) for cf in cp]
        pl, mi, ze = nb.inertia_from_charpoly(signs)
        sub_names = ", ".join(names[i] for i in best)
        oc.inertia = (pl, mi, ze)
        oc.negative_eigenvalue = True if mi else None
        if pl and mi:
            oc.cls = "strict_saddle"
            oc.proof = (f"the principal submatrix on ({sub_names}) is constant on the component (entries in Q[v] "
                        f"modulo ⟨G, μ(v), L − v⟩) with inertia {(pl, mi, ze)} at v = β (exact signs): "
                        "indefinite Hessian")
        else:
            oc.cls = "inconclusive"
            oc.proof = f"principal submatrix on ({sub_names}) has inertia {(pl, mi, ze)}: not decisive"
        out.append(oc)
    return out


def curve_order(sym: Symbolic, sub, piece: Piece, vecs):
    """Along θ(t) = θ + Σ_i t^i v_i (constant rational v_i), for every θ of the piece at once: the lowest
    order k whose coefficient of L(θ(t)) − L(θ) does not vanish on the piece, and that coefficient if it
    is a rational constant there (else None).  (None, None) if the loss is constant along the curve."""
    import sympy as sp
    t = sp.Symbol("_t")
    rep = {}
    for idx, x in enumerate(sym.syms):
        base = sub.get(x, x)
        rep[x] = base + sum(t ** (i + 1) * sp.Rational(v[idx].numerator, v[idx].denominator)
                            for i, v in enumerate(vecs))
    diff = sp.expand(sym.loss.xreplace(rep) - sym.loss.subs(sub))
    P = sp.Poly(diff, t)
    for k in range(1, P.degree() + 1):
        ck = P.coeff_monomial(t ** k)
        nf = normal_form_of(piece.G, ck, piece.gens)
        if nf == 0 or vanishes_on(piece.G, nf, piece.gens):
            continue
        if nf.is_number:
            r = sp.Rational(nf)
            return k, Fraction(int(r.p), int(r.q))
        return k, None
    return None, None


def _fallback_certificates(sym, sub, piece, oc: Outcome, h, names, rep) -> bool:
    """When no principal 2×2 minor works on the whole piece:

    1. a principal submatrix H[S, S] whose entries are rational constants on the piece, with exact inertia
       (a negative and a positive eigenvalue of it are ones of H, by interlacing);
    2. curves taken from the certificate of a rational member (its negative / positive curvature
       directions, its descent / ascent curves), tested symbolically on the *whole* piece: the lowest
       non-vanishing coefficient of L(θ(t)) − L(θ) must be a rational constant on the piece (odd order:
       the loss falls and rises; even order: its sign).  If the Hessian vanishes on the piece, the piece is
       a family of saddles without a negative eigenvalue (Corollary 2.4's bad saddles)."""
    n = len(names)
    best = []
    for start in range(n):
        if not h(start, start).is_number:
            continue
        S = [start]
        for j in range(n):
            if j not in S and h(j, j).is_number and all(h(i, j).is_number for i in S):
                S.append(j)
        if len(S) > len(best):
            best = S
    if best:
        M = [[Fraction(int(h(i, j).p), int(h(i, j).q)) for j in best] for i in best]
        pl, mi, ze = nb.inertia(M)
        if pl and mi:
            oc.cls, oc.negative_eigenvalue = "strict_saddle", True
            oc.proof = (f"principal submatrix on ({', '.join(names[i] for i in best)}) is constant on the piece "
                        f"(normal forms) with inertia {(pl, mi, ze)}: Hessian indefinite (interlacing)")
            return True
    pt = rational_member(piece, [], _random.Random(len(rep.outcomes)))
    if pt is None:
        return False
    W = _point_of(sym.inst, sym, sub, pt)
    v = classify(sym.inst, W)
    curves = []
    for ev in (v.certificate or {}).get("evidence", []):
        if ev.get("type") in ("negative_curvature", "positive_curvature"):
            curves.append([nb.matrix([ev["v"]])[0]])
        elif ev.get("type") in ("descent_curve", "ascent_curve"):
            curves.append([nb.matrix([c])[0] for c in ev["curve"]])
    down = up = neg = None
    for vecs in curves:
        k, c = curve_order(sym, sub, piece, vecs)
        if k is None or c is None:
            continue
        what = f"order {k}, coefficient {fmt(c)} on the whole piece along {[[fmt(x) for x in u] for u in vecs]}"
        if k % 2 or c < 0:
            down = down or what
        if k % 2 or c > 0:
            up = up or what
        if k == 2 and len(vecs) == 1 and c < 0:
            neg = what
    if not (down and up):
        return False
    if neg:
        oc.cls, oc.negative_eigenvalue = "strict_saddle", True
    elif all(vanishes_on(piece.G, h(i, j), piece.gens) for i in range(n) for j in range(i, n)):
        oc.cls, oc.negative_eigenvalue = "non_strict_saddle", False
        oc.middle_rank_deficient = _middle_rank_deficient(sym, sub, piece)
    else:
        oc.cls, oc.negative_eigenvalue = "saddle", None
    oc.proof = (f"curves from a rational member's certificate, checked on the whole piece: loss falls ({down}) "
                f"and rises ({up})" + ("; Hessian ≡ 0 on the piece" if oc.cls == "non_strict_saddle" else ""))
    return True


def _middle_rank_deficient(sym, sub, piece) -> bool:
    """rank(W_H⋯W_2) < p at every point of the piece: every p×p minor vanishes on it."""
    import sympy as sp
    mats = sym.mats[1:-1]
    if not mats:
        return False
    M = sp.Matrix(mats[0])
    for A in mats[1:]:
        M = sp.Matrix(A) * M
    M = M.subs(sub)
    p = min(sym.inst.model.widths[1:-1])
    rows, cols = M.shape
    for R in combinations(range(rows), p):
        for C in combinations(range(cols), p):
            if not vanishes_on(piece.G, sp.expand(M.extract(list(R), list(C)).det()), piece.gens):
                return False
    return True


def _family_outcome(sym: Symbolic, pattern, sub, piece: Piece, Lstar, rep: InstanceReport, depth=0,
                    value_poly=None, vsym=None):
    """Outcomes for a positive-dimensional piece (possibly split further)."""
    import sympy as sp
    from ..solve import realroots as rr
    from ..solve.points import AlgebraicNumber, compare
    gens = piece.gens
    Lnf = normal_form_of(piece.G, sym.loss.subs(sub), gens)
    if Lnf.is_number:
        val = _alg(Fraction(int(sp.Rational(Lnf).p), int(sp.Rational(Lnf).q)))
        c = compare(val, Lstar)
        vals_text = fmt(val.rational)
    elif value_poly is None:
        return _split_by_value(sym, pattern, sub, piece, Lnf, Lstar, rep, depth)
    else:  # the value is a root of the irreducible μ: every real root is a candidate (conjugate components)
        mu = [Fraction(int(c.p), int(c.q)) for c in reversed(sp.Poly(value_poly, vsym).all_coeffs())]
        mu = [x / mu[-1] for x in mu]
        roots = [AlgebraicNumber(mu, lo, hi) for (_, lo, hi) in rr.real_roots_of(mu)]
        if not roots:
            return [Outcome(pattern, "family", piece.describe() + " (no real points: value not real)",
                            cls="empty", proof=f"every value is a non-real root of {_poly_text(mu)}")]
        cs = [compare(r, Lstar) for r in roots]
        vals_text = "a real root of " + _poly_text(mu) + " (≈ " + ", ".join(r.decimal(8) for r in roots) + ")"
        if 0 in cs:
            return _conjugate_outcomes(sym, pattern, sub, piece, Lnf, value_poly, vsym, mu, roots, Lstar, rep,
                                       vals_text)
        val, c = roots[0], min(cs)
    oc = Outcome(pattern, "family", piece.describe(), value=val, is_global=(c == 0), piece=piece, sub=sub)
    if not Lnf.is_number:
        oc.description += f" [loss = {vals_text}]"
    bad_grad = [i for i, g in enumerate(sym.grad) if normal_form_of(piece.G, g.subs(sub), gens) != 0]
    if bad_grad:  # cannot happen (the gradient generates the ideal); checked anyway
        rep.problems.append(f"gradient not identically 0 on {piece.describe()} (components {bad_grad})")
    if c < 0:
        rep.problems.append(f"critical value {_afmt(val)} below the optimum {_afmt(Lstar)} on {piece.describe()}")
    if c == 0:
        oc.cls, oc.proof = "global", f"loss ≡ {vals_text} = optimum on the piece (normal form)"
        return [oc]
    n = len(sym.syms)
    Hs = [[None] * n for _ in range(n)]

    def h(i, j):
        if Hs[i][j] is None:
            Hs[i][j] = Hs[j][i] = normal_form_of(piece.G, sym.hess[i][j].subs(sub), gens)
        return Hs[i][j]

    zero_diag = [i for i in range(n) if vanishes_on(piece.G, h(i, i), gens)]
    names = [str(x) for x in sym.syms]
    split_candidate = None
    for i in zero_diag:
        for j in range(n):
            if j == i:
                continue
            hij = h(i, j)
            if vanishes_on(piece.G, hij, gens):
                continue
            if hij.is_number or nowhere_zero_on(piece.G, hij, piece.N, gens):
                oc.cls, oc.negative_eigenvalue = "strict_saddle", True
                oc.proof = (f"∂²L/∂{names[i]}² ≡ 0 and ∂²L/∂{names[i]}∂{names[j]} = {hij} vanishes nowhere on the "
                            f"piece (ideal membership): principal 2×2 minor −h² < 0, Hessian indefinite")
                return [oc]
            if split_candidate is None:
                split_candidate = (i, j, hij)
    if _fallback_certificates(sym, sub, piece, oc, h, names, rep):
        return [oc]
    if split_candidate is None or depth >= MAX_SPLIT_DEPTH:
        oc.cls = "inconclusive"
        oc.proof = "no principal-minor certificate on the whole piece" + (
            " (split depth limit)" if split_candidate else "")
        return [oc]
    i, j, hij = split_candidate
    oc.cls, oc.negative_eigenvalue = "strict_saddle", True
    oc.extra_nonzero = [hij]
    oc.description = piece.describe() + f" ∩ {{{hij} ≠ 0}}"
    oc.proof = (f"∂²L/∂{names[i]}² ≡ 0 and ∂²L/∂{names[i]}∂{names[j]} = {hij} ≠ 0 by the split: principal 2×2 "
                f"minor −h² < 0, Hessian indefinite")
    out = [oc]
    for sub_piece in decompose(list(piece.G) + [hij], piece.N, gens):
        out.extend(_piece_outcomes(sym, pattern, sub, sub_piece, Lstar, rep, depth + 1))
    return out


def _piece_outcomes(sym, pattern, sub, piece, Lstar, rep, depth=0, seed=0, value_poly=None, vsym=None):
    inst = sym.inst
    if piece.dim < 0:
        return []
    if piece.dim == 0:
        out = []
        free = piece.gens
        for (f, lo, hi, qs) in real_points(piece, seed):
            oc, pt = _classify_point(inst, sym, pattern, sub, free, f, lo, hi, qs, Lstar, rep, seed)
            out.append(oc)
        return out
    return _family_outcome(sym, pattern, sub, piece, Lstar, rep, depth, value_poly, vsym)


def rational_member(piece: Piece, extra_nonzero, rng: _random.Random, tries: int = 8):
    """A rational point of the piece (with the extra conditions), found by fixing variables to small
    integers and solving exactly; None if none is found (a spot check is then skipped, and said so)."""
    import sympy as sp
    N = list(piece.N) + list(extra_nonzero)
    gens = piece.gens
    for _ in range(tries):
        G = list(piece.G)
        order = list(gens)
        rng.shuffle(order)
        for x in order:
            if dimension(G, gens) <= 0:
                break
            for _ in range(4):
                cand = saturate(G + [x - rng.randint(-3, 3)], N, gens)
                if not _is_one(cand) and dimension(cand, gens) < dimension(G, gens):
                    G = cand
                    break
        if dimension(G, gens) != 0:
            continue
        for (f, lo, hi, qs) in real_points(Piece(G, N, gens, 0)):
            if len(f) != 2:
                continue
            a = -f[0] / f[1]
            from ..solve import realroots as rr
            pt = {x: sp.Rational(v.numerator, v.denominator)
                  for x, v in zip(gens, (rr._peval(q, a) if q else Fraction(0) for q in qs))}
            if all(sp.sympify(n).subs(pt) != 0 for n in N) and all(sp.sympify(g).subs(pt) == 0 for g in piece.G):
                return pt
    return None


def _gauge_check(inst: Instance, W, what: str, rng: _random.Random, rep: InstanceReport, v0=None):
    """Orbit argument, spot check: a random gauge Φ_G of the point has the same loss, class, inertia."""
    from ..instance import random_invertible
    from ..landscape import Landscape
    H = len(W) - 1
    V = [list(map(list, w)) for w in W]
    for k in range(1, H + 1):  # hidden layer k: W_{k+1} ↦ W_{k+1} G⁻¹, W_k ↦ G W_k
        G = random_invertible(rng, inst.model.widths[k])
        V[k] = nb.matmul(V[k], nb.inverse(G))
        V[k - 1] = nb.matmul(G, V[k - 1])
    v0 = v0 or classify(inst, W)
    v1 = classify(inst, V)
    ls = Landscape(inst)
    same = (v0.cls == v1.cls and ls.loss(W) == ls.loss(V) and v0.inertia == v1.inertia
            and kernel.verify(v1.certificate)[0])
    rep.spot_checks.append(f"gauge spot check at {what}: {v0.cls} → {v1.cls}, inertia "
                           f"{v0.inertia} → {v1.inertia}: {'same' if same else 'DIFFERENT'}")
    if not same:
        rep.problems.append(f"gauge spot check failed at {what}")
    else:
        rep.certificates.append(v1.certificate)


def _point_of(inst: Instance, sym: Symbolic, sub, val):
    flat = []
    for x in sym.syms:
        v = sub.get(x, val.get(x))
        flat.append(Fraction(int(v.p), int(v.q)))
    return inst.unflatten(flat)


def _family_spot_check(inst, sym, oc: Outcome, rng, rep: InstanceReport):
    """A kernel-checked certificate at a rational member of a family, whose class must match the proof."""
    pt = rational_member(oc.piece, oc.extra_nonzero, rng)
    if pt is None:
        rep.spot_checks.append(f"no rational member found for {oc.description[:80]} (no spot check)")
        return
    W = _point_of(inst, sym, oc.sub, pt)
    v = classify(inst, W)
    ok = kernel.verify(v.certificate)[0]
    expected = {"global": ("global_min",), "saddle": ("strict_saddle", "non_strict_saddle")}.get(oc.cls, (oc.cls,))
    rep.spot_checks.append(f"family member {[str(pt[x]) for x in oc.piece.gens]} of {oc.description[:60]}…: "
                           f"classify → {v.cls} (expected {' or '.join(expected)}), kernel "
                           f"{'valid' if ok else 'INVALID'}")
    if v.cls not in expected or not ok:
        rep.problems.append(f"spot check at a member of {oc.description}: classify says {v.cls}, the family proof "
                            f"says {expected}")
        return
    rep.certificates.append(v.certificate)
    _gauge_check(inst, W, f"a member of {oc.description[:60]}…", rng, rep, v)


def enumerate_instance(inst: Instance, optimum=None, seed: int = 0) -> InstanceReport:
    """Enumerate the critical set of ``inst`` stratum by stratum and decide every piece.

    ``optimum`` overrides the closed-form global optimum (only for tests that tamper with it)."""
    if inst.regularization is not None:
        raise ValueError("the enumerate mode is for unregularized instances (Theorem 2.3's setting); "
                         "this instance has Tikhonov regularization")
    if getattr(inst.model, "kind", None) != "deep_linear" or getattr(inst.loss, "kind", None) != "squared":
        raise ValueError("the enumerate mode needs a deep linear model with the squared loss")
    hyp = check_data_hypotheses(inst).failures()
    Lstar = global_optimum(inst) if optimum is None else _alg(optimum)
    rep = InstanceReport(inst, inst.model.widths, hyp, Lstar)
    sym = Symbolic(inst)
    sts = strata(inst.model.widths)
    rep.n_strata = len(sts)
    for pattern in sts:
        sub, free = sym.stratum_subs(pattern)
        eqs = [e for e in (sym.sp.expand(g.subs(sub)) for g in sym.grad) if e != 0]
        for piece in decompose(eqs, [], free):
            rep.outcomes.extend(_piece_outcomes(sym, pattern, sub, piece, Lstar, rep, seed=seed))
    rng = _random.Random(seed)
    for oc in rep.outcomes:
        if oc.cls == "inconclusive":
            rep.unresolved.append(f"{oc.description}: {oc.proof}")
        if oc.kind == "point" and oc.certificate is not None and "kernel" not in oc.certificate:
            W = [nb.matrix(w) for w in oc.certificate["point"]["W"]]
            _gauge_check(inst, W, oc.description, rng, rep)
        elif oc.kind == "family" and oc.cls != "inconclusive" and oc.piece is None:
            rep.spot_checks.append(f"no spot check on {oc.description[:80]}… (irrational loss value)")
        elif oc.kind == "family" and oc.cls != "inconclusive":
            _family_spot_check(inst, sym, oc, rng, rep)
    values = [oc.value for oc in rep.outcomes if oc.value is not None]
    if not any(oc.is_global for oc in rep.outcomes) and rep.unresolved:
        rep.unresolved.append("no decided piece attains the optimum (it may lie in an unresolved piece)")
    elif not any(oc.is_global for oc in rep.outcomes):
        rep.problems.append(f"no critical point attains the optimum {_afmt(Lstar)}: the enumeration is "
                            "incomplete or the optimum is wrong")
    if not values:
        rep.problems.append("no critical point found")
    return rep


def locate(rep: InstanceReport, W):
    """The outcome of ``rep`` whose piece contains the gauge normal form of the critical point W (None if
    none does — the enumeration would then have missed it).  Rational points and families only."""
    import sympy as sp
    V, pattern, _ = normal_form(W)
    sym = Symbolic(rep.inst)
    sub, free = sym.stratum_subs(pattern)
    flat = [x for w in V for row in w for x in row]
    val = {x: sp.Rational(v.numerator, v.denominator) for x, v in zip(sym.syms, flat)}
    for o in rep.outcomes:
        if o.stratum != pattern:
            continue
        if o.kind == "point" and o.certificate is not None and "kernel" not in o.certificate:
            if [nb.matrix(w) for w in o.certificate["point"]["W"]] == V:
                return o
        elif o.kind == "family" and o.piece is not None:
            pc = o.piece
            if all(sp.sympify(g).subs(val) == 0 for g in pc.G) and \
                    all(sp.sympify(n).subs(val) != 0 for n in list(pc.N) + list(o.extra_nonzero)):
                return o
    return None


# --- instances ---------------------------------------------------------------------------------------

def _normalize_shapes(shapes):
    out = []
    for s in shapes:
        if len(s) == 2 and isinstance(s[0], tuple):
            out.append(s)
        else:
            out.append((tuple(s), s[0] + 2))
    return out


# --- the rows ----------------------------------------------------------------------------------------

def _status(reports, need):
    """failed if a report has a problem or a counterexample; inconclusive if unresolved; else held."""
    fails = [p for r in reports for p in r.problems] + [x for x in need if x[0] == "fail"]
    if fails:
        return "failed"
    if any(r.unresolved for r in reports) or any(x[0] == "open" for x in need):
        return "inconclusive"
    return "held"


def _why_not_held(reports, need) -> str:
    items = ([p for r in reports for p in r.problems] + [x[1] for x in need if x[0] == "fail"]
             + [f"{r.shape}: {u}" for r in reports for u in r.unresolved] + [x[1] for x in need if x[0] == "open"])
    text = "; ".join(items)
    return text if len(text) <= 240 else text[:237] + "…"


def _common_details(reports):
    out = []
    for r in reports:
        pts = sum(1 for o in r.outcomes if o.kind == "point")
        fams = sum(1 for o in r.outcomes if o.kind == "family")
        out.append(f"{r.shape} (seed {(r.inst.meta or {}).get('seed')}): {r.n_strata} strata, {pts} real points, "
                   f"{fams} families (pieces); optimum {_afmt(r.optimum)}")
        for o in r.outcomes:
            out.append(f"  stratum {o.stratum} {o.kind} {o.description}: loss {_afmt(o.value) if o.value else '?'}, "
                       f"{o.cls} — {o.proof}")
        out.extend("  " + s for s in r.spot_checks)
        out.extend("  PROBLEM: " + p for p in r.problems)
        out.extend("  UNRESOLVED: " + u for u in r.unresolved)
    return out


def seeded_instances(seed: int = 0, shapes=None) -> list[Instance]:
    """One seeded random exact instance per shape (``(widths, m)`` pairs or bare widths, m = d_x + 2),
    redrawn (seed·1000 + k) until Theorem 2.3's data hypotheses hold (checked exactly)."""
    shapes = ENUM_SHAPES if shapes is None else _normalize_shapes(shapes)
    out = []
    for shape, m in shapes:
        for k in range(50):
            cand = random_instance(shape, m=m, seed=seed * 1000 + k)
            if check_data_hypotheses(cand).all_hold:
                out.append(cand)
                break
        else:
            raise EnumerationError(f"no instance of shape {shape} satisfies the hypotheses in 50 draws")
    return out


def enumerate_claims(seed: int = 0, shapes=None, progress=None, optimum_override=None,
                     instances=None) -> list[ClaimResult]:
    """The enumerate rows (Theorem 2.3 (ii), (iii), (iv), Corollary 2.4) on ``instances`` (default:
    :func:`seeded_instances` of ``shapes``).  ``optimum_override(inst)`` replaces the closed-form optimum
    (tamper tests only)."""
    say = progress or (lambda msg: None)
    if instances is None:
        instances = seeded_instances(seed, shapes)
    reports = []
    for inst in instances:
        shape = inst.model.widths
        say(f"enumerating the critical set of {shape}")
        try:
            reports.append(enumerate_instance(inst, optimum=None if optimum_override is None
                                              else optimum_override(inst), seed=seed))
        except Exception as err:  # noqa: BLE001 - a crash in one instance makes the rows inconclusive, not hidden
            rep = InstanceReport(inst, shape, check_data_hypotheses(inst).failures(), None)
            rep.unresolved.append(f"{type(err).__name__}: {err}")
            reports.append(rep)
    hyp_ok = all(not r.hypotheses for r in reports)
    hyp_failed = [f"{r.shape}: {h}" for r in reports for h in r.hypotheses]
    details = _common_details(reports)
    certs = [c for r in reports for c in r.certificates]
    inst_names = ", ".join(str(r.shape) for r in reports)

    def nonglobal(r):
        return [o for o in r.outcomes if o.is_global is False]

    # (ii): no non-global piece is a local minimum
    need2 = []
    for r in reports:
        for o in nonglobal(r):
            if o.cls == "local_min":
                need2.append(("fail", f"{r.shape}: non-global local minimum {o.description}"))
            elif o.cls not in ("strict_saddle", "non_strict_saddle", "saddle"):
                need2.append(("open", f"{r.shape}: {o.description} not decided"))
    st2 = _status(reports, need2)
    npieces = sum(len(r.outcomes) for r in reports)
    nstrata = sum(r.n_strata for r in reports)
    ii = ClaimResult("enumerate_theorem_2_3_ii", st2, hyp_ok,
                     f"critical sets of {inst_names} enumerated exactly ({nstrata} strata, {npieces} pieces): "
                     f"every local minimum is global" if st2 == "held" else
                     f"enumeration {st2}: {_why_not_held(reports, need2)}",
                     details, hyp_failed, certs[:],
                     [] if st2 != "failed" else [x[1] for x in need2 if x[0] == "fail"])
    # (iii): every non-global critical point is a saddle (neither local min nor local max)
    need3 = []
    for r in reports:
        for o in nonglobal(r):
            if o.cls == "local_min" or o.cls == "local_max":
                need3.append(("fail", f"{r.shape}: non-global {o.cls} {o.description}"))
            elif o.cls not in ("strict_saddle", "non_strict_saddle", "saddle"):
                need3.append(("open", f"{r.shape}: {o.description} not decided"))
    st3 = _status(reports, need3)
    iii = ClaimResult("enumerate_theorem_2_3_iii", st3, hyp_ok,
                      f"every non-global critical piece of {inst_names} is a saddle (families: indefinite "
                      f"principal minors or curves checked on the whole family; points: kernel certificates)"
                      if st3 == "held" else
                      f"enumeration {st3}: {_why_not_held(reports, need3)}", details, hyp_failed, certs[:])
    # Corollary 2.4
    need4 = []
    shallow = [r for r in reports if r.inst.model.H == 1]
    deep = [r for r in reports if r.inst.model.H >= 2]
    for r in shallow:
        for o in nonglobal(r):
            if o.negative_eigenvalue is False:
                need4.append(("fail", f"{r.shape} (H = 1): {o.description} has no negative eigenvalue"))
            elif o.negative_eigenvalue is None:
                need4.append(("open", f"{r.shape}: {o.description}: negative eigenvalue not decided"))
    bad, bad_certs = [], []
    for r in deep:
        found = [o for o in nonglobal(r) if o.cls == "non_strict_saddle" and o.negative_eigenvalue is False
                 and (o.kind == "family" or (o.certificate is not None and kernel.verify(o.certificate)[0]))]
        found.sort(key=lambda o: o.kind != "point")  # a kernel-checked point first
        if found:
            bad.append(f"{r.shape}: {found[0].description}" + (f" (inertia {found[0].inertia})" if found[0].inertia
                                                                 else " (Hessian ≡ 0 on the family)")
                       + (f" and {len(found) - 1} more" if len(found) > 1 else ""))
            bad_certs.extend(o.certificate for o in found if o.certificate is not None)
        elif r.unresolved:
            need4.append(("open", f"{r.shape} (H = {r.inst.model.H}): no bad saddle among the decided pieces"))
        else:  # the enumeration is complete: there is none
            need4.append(("fail", f"{r.shape} (H = {r.inst.model.H}): the complete enumeration has no saddle "
                                  "without a negative eigenvalue"))
    if not shallow or not deep:
        need4.append(("open", "needs instances with H = 1 and with H ≥ 2"))
    st4 = _status(reports, need4)
    cor = ClaimResult("enumerate_corollary_2_4", st4, hyp_ok,
                      ("H ≥ 2: bad saddles " + "; ".join(bad) + f"; H = 1 ({', '.join(str(r.shape) for r in shallow)}): "
                       "every non-global critical point has a negative eigenvalue") if st4 == "held" else
                      f"enumeration {st4}: {_why_not_held(reports, need4)}",
                      details, hyp_failed, bad_certs)
    # Theorem 2.3 (iv): rank(W_H⋯W_2) = p ⇒ every saddle has a negative eigenvalue; on the enumeration:
    # every non-global critical point without a negative eigenvalue must have rank(W_H⋯W_2) < p
    need5, checked = [], 0
    for r in reports:
        p = min(r.inst.model.widths[1:-1])
        for o in nonglobal(r):
            if o.negative_eigenvalue:
                continue
            if o.kind == "family" and o.negative_eigenvalue is False and o.middle_rank_deficient:
                checked += 1
                continue
            if o.negative_eigenvalue is None or o.certificate is None or "kernel" in o.certificate:
                need5.append(("open", f"{r.shape}: {o.description}: negative eigenvalue not decided"))
                continue
            W = [nb.matrix(w) for w in o.certificate["point"]["W"]]
            mid = nb.chain(list(reversed(W[1:-1]))) if len(W) > 2 else nb.identity(r.inst.model.widths[1])
            rk = nb.rank(mid)
            checked += 1
            if rk == p:
                need5.append(("fail", f"{r.shape}: {o.description} has no negative eigenvalue although "
                                      f"rank(W_H⋯W_2) = p = {p}"))
    st5 = _status(reports, need5)
    iv = ClaimResult("enumerate_theorem_2_3_iv", st5, hyp_ok,
                     (f"every non-global critical piece of the {len(reports)} instances has a negative eigenvalue "
                      f"except {checked} point(s)/families, each with rank(W_H⋯W_2) < p") if st5 == "held" else
                     f"enumeration {st5}: {_why_not_held(reports, need5)}", details, hyp_failed, bad_certs[:])
    return [ii, iii, iv, cor]
