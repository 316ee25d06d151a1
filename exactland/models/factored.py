"""Networks whose loss depends on the weights only through the end-to-end matrix:
``L(M_1, …, M_k) = f(M_k ⋯ M_1)`` (one tower) or ``f(Σ_t M_{t,k_t} ⋯ M_{t,1})`` (multi-tower), for a
loss ``f`` of the ``m × n`` end-to-end matrix — the setting of "Depth creates no more spurious local
minima in linear networks".

Losses (``"loss": {"kind": ...}``), with their exactness:

=================  =============================================================  =====================
kind               f(M)                                                           value / f'(M)
=================  =============================================================  =====================
squared            scale·Σ ω_is ((MX − Y)_is)² (``weights`` ω optional, ≥ 0)        exact / exact
convex_polynomial  Σ c·Π M_ij^e (``terms``, or ``expr`` in symbols m{i}_{j})       exact / exact
polynomial         the same without a convexity claim (counterexamples)            exact / exact
smoothed_hinge     Σ max(0, 1 − Y_is (MX)_is)^p, labels ±1, integer p (≥ 2: C¹)    exact / exact
cross_entropy      Σ_s −log softmax(M x_s)_{y_s}                                   numerical / enclosure
convex_abs         Σ α_r|⟨C_r, M⟩ + c_r| + q(M), α ≥ 0, deg q ≤ 2 (not C¹)          exact / none
=================  =============================================================  =====================

Convexity of ``f`` is certified for the squared loss (weights ≥ 0), the hinge and cross-entropy (by
kind), and for polynomials of degree ≤ 2 (constant PSD Hessian, exact inertia); for a polynomial of
higher degree it is the user's claim, recorded as an assumption.

Schema (JSON)::

    {"model": {"kind": "factored", "widths": [d_0, …, d_k]},     # or "deep_linear", any loss
     "data": {"X": n × N, "Y": m × N} | {"X": …, "labels": [class, …]},
     "loss": {"kind": "squared", "scale": "1", "weights": m × N} | {"kind": "smoothed_hinge", "p": 2}
             | {"kind": "cross_entropy"} | {"kind": "convex_polynomial", "terms": [[c, [[i, j, e], …]], …]}}
    {"model": {"kind": "multi_tower", "towers": [[d_0, …, d_k], …]}, …}

A point is ``{"W": [M_1, …, M_k]}`` (one tower) or ``{"towers": [[M_1, …], …]}``.

>>> inst = load_factored({"model": {"kind": "factored", "widths": [2, 1, 2]},
...     "data": {"X": [[1, 0], [0, 1]], "Y": [[1, -1], [1, 1]]},
...     "loss": {"kind": "smoothed_hinge", "p": 2}})
>>> inst.loss_value(inst.zero_point())
Fraction(4, 1)
>>> inst.bottleneck()
(1, 1)
"""

from __future__ import annotations

import random as _random
from dataclasses import dataclass, field
from fractions import Fraction

from .. import numbers as nb
from ..numbers import Matrix, exact, fmt, fmt_matrix, matrix


class Loss:
    """A loss f of the end-to-end ``m × n`` matrix.  Subclasses define value / gradient."""

    kind = "loss"
    exact_gradient = True
    differentiable = True

    def value(self, P: Matrix):
        """f(P) exactly, or ``None`` when it is not rational."""
        raise NotImplementedError

    def gradient(self, P: Matrix) -> Matrix:
        """f'(P) exactly (raises for losses whose derivative is not rational)."""
        raise NotImplementedError

    def convexity(self) -> tuple[str, str]:
        """``("certified" | "assumed" | "none", why)``."""
        return "certified", f"{self.kind} is convex"

    def to_json(self) -> tuple[dict, dict]:
        """``(data, loss)`` JSON objects."""
        raise NotImplementedError


def _check_data(X, Y, n, m):
    if nb.shape_of(X)[0] != n:
        raise nb.ShapeError(f"data.X has shape {nb.shape_of(X)} but the input width is {n}")
    if Y is not None and nb.shape_of(Y) != (m, nb.shape_of(X)[1]):
        raise nb.ShapeError(f"data.Y has shape {nb.shape_of(Y)} but ({m}, {nb.shape_of(X)[1]}) is needed")


@dataclass
class SquaredData(Loss):
    """``scale·‖(MX − Y)∘√ω‖²`` (ω = all ones unless weights are given).  The depth paper uses scale 1."""

    X: Matrix
    Y: Matrix
    scale: Fraction = Fraction(1)
    weights: Matrix | None = None
    kind = "squared"

    def __post_init__(self):
        self.X, self.Y = matrix(self.X, "data.X"), matrix(self.Y, "data.Y")
        self.n, self.m = len(self.X), len(self.Y)
        self.scale = exact(self.scale, "loss.scale")
        if self.scale <= 0:
            raise ValueError("loss.scale must be positive")
        _check_data(self.X, self.Y, self.n, self.m)
        if self.weights is not None:
            self.weights = matrix(self.weights, "loss.weights", shape=nb.shape_of(self.Y))

    def _weighted_residual(self, P):
        R = nb.matsub(nb.matmul(P, self.X), self.Y)
        if self.weights is not None:
            R = [[r * w for r, w in zip(rr, wr)] for rr, wr in zip(R, self.weights)]
        return R

    def value(self, P):
        R = nb.matsub(nb.matmul(P, self.X), self.Y)
        w = self.weights
        return self.scale * sum((r * r * (w[i][s] if w else 1) for i, row in enumerate(R) for s, r in enumerate(row)),
                                Fraction(0))

    def gradient(self, P):
        return nb.scale(2 * self.scale, nb.matmul(self._weighted_residual(P), nb.transpose(self.X)))

    def convexity(self):
        if self.weights is not None and any(w < 0 for row in self.weights for w in row):
            return "none", "a negative weight makes the weighted squared loss non-convex"
        return "certified", "a (weighted, weights ≥ 0) sum of squares of affine functions is convex"

    def to_json(self):
        loss = {"kind": "squared", "scale": fmt(self.scale)}
        if self.weights is not None:
            loss["weights"] = fmt_matrix(self.weights)
        return {"X": fmt_matrix(self.X), "Y": fmt_matrix(self.Y)}, loss


@dataclass
class PolynomialLoss(Loss):
    """``Σ c·Π M_ij^e`` over the entries of the end-to-end matrix; ``convex`` states the user's claim."""

    m: int
    n: int
    terms: list
    convex: bool = True
    pieces: list | None = None

    def __post_init__(self):
        if self.pieces is not None:
            self.pieces = [_piece(p, self.m, self.n, k) for k, p in enumerate(self.pieces)]
        out = []
        for k, (c, mono) in enumerate(self.terms):
            factors = []
            for i, j, e in mono:
                if not (0 <= int(i) < self.m and 0 <= int(j) < self.n and int(e) >= 1):
                    raise ValueError(f"loss.terms[{k}]: bad factor {[i, j, e]} for a {self.m}×{self.n} matrix")
                factors.append((int(i), int(j), int(e)))
            out.append((exact(c, f"loss.terms[{k}]"), factors))
        self.terms = out

    @property
    def kind(self):
        return "convex_polynomial" if self.convex else "polynomial"

    @classmethod
    def from_expr(cls, expr, m, n, convex=True):
        """From a sympy expression (or string) in the symbols ``m{i}_{j}``.

        >>> f = PolynomialLoss.from_expr("(m0_0 - 1)**2 + m0_1**4", 1, 2)
        >>> f.value([[3, 1]]), f.gradient([[3, 1]])
        (Fraction(5, 1), [[Fraction(4, 1), Fraction(4, 1)]])
        """
        import sympy
        syms = [sympy.Symbol(f"m{i}_{j}") for i in range(m) for j in range(n)]
        e = sympy.sympify(expr, locals={str(s): s for s in syms})
        extra = e.free_symbols - set(syms)
        if extra:
            raise ValueError(f"loss.expr uses unknown symbols {sorted(map(str, extra))}; use m<i>_<j>")
        poly = sympy.Poly(sympy.expand(e), *syms)
        terms = []
        for mon, c in poly.terms():
            if not c.is_Rational:
                raise ValueError(f"loss.expr coefficient {c} is not rational")
            factors = [[k // n, k % n, int(a)] for k, a in enumerate(mon) if a]
            terms.append([Fraction(int(c.p), int(c.q)), factors])
        return cls(m, n, terms, convex)

    def degree(self):
        """Total degree of the polynomial."""
        return max((sum(e for _, _, e in mono) for _, mono in self.terms), default=0)

    def value(self, P):
        total = Fraction(0)
        for c, mono in self.terms:
            v = c
            for i, j, e in mono:
                v *= P[i][j] ** e
            total += v
        return total

    def gradient(self, P):
        G = nb.zeros(self.m, self.n)
        for c, mono in self.terms:
            for k, (i, j, e) in enumerate(mono):
                v = c * e * P[i][j] ** (e - 1)
                for l, (i2, j2, e2) in enumerate(mono):
                    if l != k:
                        v *= P[i2][j2] ** e2
                G[i][j] += v
        return G

    def hessian(self, P):
        """The exact Hessian of f at P, entries in row-major order (via sympy)."""
        import sympy
        syms = [sympy.Symbol(f"m{i}_{j}") for i in range(self.m) for j in range(self.n)]
        e = sum(sympy.Rational(c.numerator, c.denominator) * sympy.Mul(*[syms[i * self.n + j] ** k for i, j, k in mono])
                for c, mono in self.terms)
        H = sympy.hessian(e, syms).subs({s: sympy.Rational(x.numerator, x.denominator)
                                          for s, x in zip(syms, [x for row in P for x in row])})
        return [[exact(H[a, b]) for b in range(len(syms))] for a in range(len(syms))]

    def sympy_expr(self):
        """f as a sympy expression in the symbols ``m{i}_{j}``."""
        import sympy
        syms = [[sympy.Symbol(f"m{i}_{j}") for j in range(self.n)] for i in range(self.m)]
        return sum((sympy.Rational(c.numerator, c.denominator) * sympy.Mul(*[syms[i][j] ** e for i, j, e in mono])
                    for c, mono in self.terms), sympy.Integer(0))

    def convexity(self):
        """``(status, why)``; degree > 2 is certified when ``pieces`` (a decomposition f = Σ q_r^{k_r}) is given
        and every piece is convex: ``k = 1`` with a PSD Hessian, or ``k ≥ 2`` with q convex and ≥ 0 everywhere
        (the matrix ``[[H/2, ∇q(0)/2], [∇q(0)ᵀ/2, q(0)]]`` PSD), since t ↦ t^k is convex and non-decreasing on
        t ≥ 0.  The sum of the pieces must equal f exactly.

        >>> f = PolynomialLoss.from_expr("(m0_0 - 1)**2 + (m0_0**2 + m0_1**2)**2", 1, 2)
        >>> f.convexity()[0]
        'assumed'
        >>> f.pieces = [_piece({"power": 1, "expr": "(m0_0 - 1)**2"}, 1, 2),
        ...             _piece({"power": 2, "expr": "m0_0**2 + m0_1**2"}, 1, 2)]
        >>> f.convexity()
        ('certified', 'f = Σ q_r^k_r exactly (2 convex_pieces, powers 1, 2); each q convex, and ≥ 0 where k ≥ 2 (exact inertia)')
        >>> f.pieces = [_piece({"power": 1, "expr": "(m0_0 - 1)**2"}, 1, 2),
        ...             _piece({"power": 2, "expr": "m0_0**2 + m0_1**2 - 1"}, 1, 2)]
        >>> f.convexity()[0]   # does not sum to f (and the base is not ≥ 0)
        'assumed'
        """
        if not self.convex:
            return "none", "declared non-convex (kind 'polynomial')"
        if self.degree() <= 2:
            H = self.hessian(nb.zeros(self.m, self.n))
            if nb.is_psd(H):
                return "certified", "degree ≤ 2 with a PSD (constant) Hessian, exact inertia"
            return "none", "degree ≤ 2 but the Hessian is indefinite: f is not convex"
        if self.pieces:
            import sympy
            total = sum((q.sympy_expr() ** k for k, q in self.pieces), sympy.Integer(0))
            if sympy.expand(total - self.sympy_expr()) != 0:
                return "assumed", ("the convex_pieces do not sum to f (checked exactly); convexity is the user's "
                                   "claim (not checked)")
            for r, (k, q) in enumerate(self.pieces):
                ok, why = _piece_convex(q, k)
                if not ok:
                    return "assumed", f"convex_pieces[{r}]: {why}; convexity is the user's claim (not checked)"
            powers = ", ".join(str(k) for k, _ in self.pieces)
            return "certified", (f"f = Σ q_r^k_r exactly ({len(self.pieces)} convex_pieces, powers {powers}); each q "
                                 "convex, and ≥ 0 where k ≥ 2 (exact inertia)")
        return "assumed", (f"degree {self.degree()} polynomial: convexity is the user's claim (not checked; give "
                           "'convex_pieces' to certify it)")

    def to_json(self):
        out = {"kind": self.kind, "terms": [[fmt(c), [[i, j, e] for i, j, e in mono]] for c, mono in self.terms]}
        if self.pieces:
            out["convex_pieces"] = [{"power": k, "terms": q.to_json()[1]["terms"]} for k, q in self.pieces]
        return {}, out


def _piece(obj, m, n, r=0):
    """``(k, q)`` from ``{"power": k, "terms": …}`` / ``{"power": k, "expr": …}`` (q of degree ≤ 2), or an
    already parsed pair."""
    if isinstance(obj, tuple):
        return obj
    k = obj.get("power", 1)
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise ValueError(f"loss.convex_pieces[{r}].power must be an integer ≥ 1")
    q = PolynomialLoss.from_expr(obj["expr"], m, n) if "expr" in obj else PolynomialLoss(m, n, obj["terms"])
    if q.degree() > 2:
        raise ValueError(f"loss.convex_pieces[{r}]: the base polynomial must have degree ≤ 2")
    return k, q


def _piece_convex(q, k):
    """``(ok, why)``: q^k is convex by the rule in :meth:`PolynomialLoss.convexity`."""
    z = nb.zeros(q.m, q.n)
    H = q.hessian(z)
    if not nb.is_psd(H):
        return False, "the base quadratic is not convex"
    if k == 1:
        return True, "convex quadratic"
    g = [x for row in q.gradient(z) for x in row]
    half = Fraction(1, 2)
    Mx = [[h * half for h in row] + [gi * half] for row, gi in zip(H, g)] + [[gi * half for gi in g] + [q.value(z)]]
    if not nb.is_psd(Mx):
        return False, f"the base quadratic is not ≥ 0 everywhere, so its power {k} need not be convex"
    return True, "non-negative convex quadratic to a power"


@dataclass
class SmoothedHinge(Loss):
    """``Σ_is max(0, 1 − Y_is (MX)_is)^p``, labels ±1 (one-vs-all for m > 1); C¹ iff p ≥ 2."""

    X: Matrix
    Y: Matrix
    p: int = 2
    kind = "smoothed_hinge"

    def __post_init__(self):
        self.X, self.Y = matrix(self.X, "data.X"), matrix(self.Y, "data.Y")
        self.n, self.m = len(self.X), len(self.Y)
        _check_data(self.X, self.Y, self.n, self.m)
        if any(y not in (1, -1) for row in self.Y for y in row):
            raise ValueError("smoothed hinge labels (data.Y) must be +1 or -1")
        if isinstance(self.p, bool) or not isinstance(self.p, int) or self.p < 1:
            raise ValueError("smoothed hinge exponent p must be an integer ≥ 1")
        self.differentiable = self.p >= 2

    def _slack(self, P):
        Q = nb.matmul(P, self.X)
        return [[max(Fraction(0), 1 - y * q) for y, q in zip(yr, qr)] for yr, qr in zip(self.Y, Q)]

    def value(self, P):
        return sum((h ** self.p for row in self._slack(P) for h in row), Fraction(0))

    def gradient(self, P):
        if not self.differentiable:
            raise ValueError("max(0, 1 − yq)^1 is not differentiable where yq = 1")
        S = self._slack(P)
        W = [[-self.p * y * h ** (self.p - 1) for y, h in zip(yr, hr)] for yr, hr in zip(self.Y, S)]
        return nb.matmul(W, nb.transpose(self.X))

    def convexity(self):
        return "certified", "max(0, affine)^p with p ≥ 1 is convex"

    def to_json(self):
        return {"X": fmt_matrix(self.X), "Y": fmt_matrix(self.Y)}, {"kind": self.kind, "p": self.p}


@dataclass
class CrossEntropy(Loss):
    """``Σ_s −log softmax(M x_s)_{y_s}``: values are logarithms (numerical only); f' is exact where
    every sample's logits are equal (softmax uniform, e.g. at M = 0) and an enclosure elsewhere."""

    X: Matrix
    labels: list
    m: int = 2
    kind = "cross_entropy"
    exact_gradient = False

    def __post_init__(self):
        self.X = matrix(self.X, "data.X")
        self.n = len(self.X)
        if len(self.labels) != nb.shape_of(self.X)[1]:
            raise nb.ShapeError("data.labels needs one class per column of data.X")
        if any(isinstance(c, bool) or not isinstance(c, int) or not 0 <= c < self.m for c in self.labels):
            raise ValueError(f"data.labels must be class indices 0..{self.m - 1}")

    def value(self, P):
        return None

    def numerical_value(self, P):
        """f(P) in floating point (labelled numerical)."""
        import math
        Q = nb.matmul(P, self.X)
        tot = 0.0
        for s, y in enumerate(self.labels):
            z = [Q[i][s] for i in range(self.m)]
            zmax = max(z)
            tot += math.log(sum(math.exp(zi - zmax) for zi in z)) - (z[y] - zmax)
        return tot

    def gradient(self, P):
        Q = nb.matmul(P, self.X)
        if any(len({Q[i][s] for i in range(self.m)}) > 1 for s in range(len(self.labels))):
            raise ValueError("cross-entropy f'(P) is not rational here; use gradient_enclosure")
        W = [[Fraction(1, self.m) - (1 if self.labels[s] == i else 0) for s in range(len(self.labels))]
             for i in range(self.m)]
        return nb.matmul(W, nb.transpose(self.X))

    def to_json(self):
        return {"X": fmt_matrix(self.X), "labels": list(self.labels)}, {"kind": self.kind}


@dataclass
class ConvexAbs(Loss):
    """``Σ_r α_r |⟨C_r, M⟩ + c_r| + q(M)`` with α ≥ 0 and q a polynomial of degree ≤ 2: convex (when q's
    Hessian is PSD) but not differentiable — for the dropped-differentiability counterexamples."""

    m: int
    n: int
    abs_terms: list
    quadratic: PolynomialLoss | None = None
    kind = "convex_abs"
    differentiable = False

    def __post_init__(self):
        self.abs_terms = [(exact(a, "loss.abs_terms α"), matrix(C, "loss.abs_terms C", shape=(self.m, self.n)),
                           exact(c, "loss.abs_terms c")) for a, C, c in self.abs_terms]
        if any(a < 0 for a, _, _ in self.abs_terms):
            raise ValueError("convex_abs: a negative weight α makes f non-convex")
        self.quadratic = self.quadratic or PolynomialLoss(self.m, self.n, [], True)
        if self.quadratic.degree() > 2:
            raise ValueError("convex_abs: the polynomial part must have degree ≤ 2")

    def value(self, P):
        return self.quadratic.value(P) + sum((a * abs(nb.inner(C, P) + c) for a, C, c in self.abs_terms),
                                             Fraction(0))

    def gradient(self, P):
        raise ValueError("convex_abs is not differentiable (f' does not exist on the kinks)")

    def convexity(self):
        st, why = self.quadratic.convexity()
        return st, f"α ≥ 0 and the polynomial part: {why}"

    def to_json(self):
        return {}, {"kind": self.kind,
                    "abs_terms": [[fmt(a), fmt_matrix(C), fmt(c)] for a, C, c in self.abs_terms],
                    "terms": self.quadratic.to_json()[1]["terms"]}


def loss_from_json(obj, widths_m, widths_n, convert_floats=False) -> Loss:
    """The :class:`Loss` of an instance JSON object (``data`` and ``loss`` keys)."""
    loss = dict(obj.get("loss") or {"kind": "squared"})
    data = obj.get("data") or {}
    kind = loss.get("kind", "squared")
    cf = convert_floats
    if kind == "squared":
        w = loss.get("weights")
        return SquaredData(matrix(data.get("X"), "data.X", cf), matrix(data.get("Y"), "data.Y", cf),
                           exact(loss.get("scale", "1/2"), "loss.scale", cf),
                           None if w is None else matrix(w, "loss.weights", cf))
    if kind in ("convex_polynomial", "polynomial"):
        convex = kind == "convex_polynomial"
        f = (PolynomialLoss.from_expr(loss["expr"], widths_m, widths_n, convex) if "expr" in loss
             else PolynomialLoss(widths_m, widths_n, loss["terms"], convex))
        if loss.get("convex_pieces"):
            f.pieces = [_piece(p, widths_m, widths_n, r) for r, p in enumerate(loss["convex_pieces"])]
        return f
    if kind == "smoothed_hinge":
        return SmoothedHinge(matrix(data.get("X"), "data.X", cf), matrix(data.get("Y"), "data.Y", cf),
                             loss.get("p", 2))
    if kind == "convex_abs":
        return ConvexAbs(widths_m, widths_n, loss["abs_terms"],
                         PolynomialLoss(widths_m, widths_n, loss.get("terms") or [], True))
    if kind == "cross_entropy":
        return CrossEntropy(matrix(data.get("X"), "data.X", cf), list(data.get("labels") or []), widths_m)
    raise ValueError(f"loss kind {kind!r} is not supported (supported: squared, convex_polynomial, polynomial, "
                     "smoothed_hinge, cross_entropy)")


# --- the network -----------------------------------------------------------------------------------------

@dataclass
class FactoredInstance:
    """``L = f(Σ_t M_{t,k_t}⋯M_{t,1})``; ``towers`` lists each tower's widths ``[d_0, …, d_k]``."""

    towers: list
    loss: Loss
    meta: dict = field(default_factory=dict)
    multi: bool = False

    def __post_init__(self):
        self.towers = [tuple(int(d) for d in t) for t in self.towers]
        if not self.towers or any(len(t) < 2 or min(t) < 1 for t in self.towers):
            raise ValueError("each tower needs at least two positive widths [d_0, …, d_k]")
        n, m = self.towers[0][0], self.towers[0][-1]
        if any(t[0] != n or t[-1] != m for t in self.towers):
            raise nb.ShapeError("all towers must have the same input width d_0 and output width d_k")
        if (self.loss.m, self.loss.n) != (m, n):
            raise nb.ShapeError(f"the loss is a function of {self.loss.m}×{self.loss.n} matrices but the network's "
                                f"end-to-end matrix is {m}×{n}")
        self.multi = self.multi or len(self.towers) > 1

    @property
    def m(self):
        """Output dimension d_k."""
        return self.towers[0][-1]

    @property
    def n(self):
        """Input dimension d_0."""
        return self.towers[0][0]

    @property
    def shapes(self):
        """Per tower, the shapes (d_i, d_(i-1)) of M_1, …, M_k."""
        return [[(t[i], t[i - 1]) for i in range(1, len(t))] for t in self.towers]

    def bottleneck(self, tower: int = 0):
        """``(j, d)``: the narrowest width d = d_j of the tower, j chosen inside (0 < j < k) if possible.
        The tower has a bottleneck iff d < d_0 and d < d_k."""
        t = self.towers[tower]
        d = min(t)
        inner = [j for j in range(1, len(t) - 1) if t[j] == d]
        return (inner[0] if inner else (0 if t[0] == d else len(t) - 1)), d

    def has_bottleneck(self, tower: int = 0) -> bool:
        """True iff the narrowest width is below both end widths (the paper's "bottleneck")."""
        t = self.towers[tower]
        return min(t) < t[0] and min(t) < t[-1]

    def zero_point(self):
        """The all-zero point (a list of towers of zero matrices)."""
        return [[nb.zeros(r, c) for r, c in shp] for shp in self.shapes]

    def point(self, obj, convert_floats=False):
        """Validate ``{"W": [...]}`` / ``{"towers": [...]}`` / a list of towers; returns a list of towers."""
        if isinstance(obj, dict):
            towers = obj.get("towers")
            if towers is None:
                if "W" not in obj:
                    raise nb.ShapeError('a point is {"W": [M_1, …]} or {"towers": [[M_1, …], …]}')
                towers = [obj["W"]]
        else:
            towers = obj
        if len(towers) != len(self.towers):
            raise nb.ShapeError(f"point has {len(towers)} towers but the model has {len(self.towers)}")
        out = []
        for t, (mats, shp) in enumerate(zip(towers, self.shapes)):
            if len(mats) != len(shp):
                raise nb.ShapeError(f"tower {t} has {len(mats)} weight matrices but the model has {len(shp)}")
            out.append([matrix(w, f"tower {t} M_{i + 1}", convert_floats, shape=s)
                        for i, (w, s) in enumerate(zip(mats, shp))])
        return out

    def point_to_json(self, theta):
        """``{"W": …}`` for one tower, ``{"towers": …}`` for several, entries as exact strings."""
        if not self.multi:
            return {"W": [fmt_matrix(w) for w in theta[0]]}
        return {"towers": [[fmt_matrix(w) for w in mats] for mats in theta]}

    def product(self, theta) -> Matrix:
        """The end-to-end matrix Σ_t M_{t,k}⋯M_{t,1}."""
        total = nb.zeros(self.m, self.n)
        for mats in theta:
            total = nb.matadd(total, nb.chain(list(reversed(mats))))
        return total

    def loss_value(self, theta):
        """L(θ) = f(product), exactly (``None`` for cross-entropy)."""
        return self.loss.value(self.product(theta))

    def gradient(self, theta, G: Matrix | None = None):
        """∂L/∂M_{t,i} = U_iᵀ f'(P) L_iᵀ for every tower and layer (exact losses only)."""
        G = self.loss.gradient(self.product(theta)) if G is None else G
        out = []
        for mats in theta:
            k = len(mats)
            grads = []
            for i in range(k):
                U = nb.chain([mats[j] for j in range(k - 1, i, -1)], len(mats[i]))
                Lw = nb.chain([mats[j] for j in range(i - 1, -1, -1)], self.n)
                grads.append(nb.matmul(nb.matmul(nb.transpose(U), G), nb.transpose(Lw)))
            out.append(grads)
        return out

    def is_critical(self, theta) -> bool:
        """Every gradient entry is exactly 0 (losses with a rational f′ only)."""
        return all(x == 0 for grads in self.gradient(theta) for g in grads for row in g for x in row)

    def to_json(self) -> dict:
        """The instance as a schema-1 JSON object (model kind ``factored`` or ``multi_tower``)."""
        data, loss = self.loss.to_json()
        model = ({"kind": "multi_tower", "towers": [list(t) for t in self.towers]} if self.multi else
                 {"kind": "factored", "widths": list(self.towers[0])})
        out = {"schema": 1, "model": model, "data": data, "loss": loss, "regularization": None}
        if self.meta:
            out["meta"] = self.meta
        return out

    def __repr__(self):
        return f"FactoredInstance({'towers ' if self.multi else ''}{self.towers if self.multi else list(self.towers[0])}, " \
               f"loss={self.loss.kind})"


def load_factored(obj, convert_floats: bool = False) -> FactoredInstance:
    """Loader for :mod:`exactland.models` (kinds ``"factored"`` and ``"multi_tower"``); also reads a
    ``"deep_linear"`` object with any loss (the squared loss then keeps the schema's default scale ½)."""
    import json
    from pathlib import Path
    if isinstance(obj, (str, Path)):
        text = str(obj)
        obj = json.loads(text) if text.lstrip().startswith("{") else json.loads(Path(text).read_text())
    if "instance" in obj and "model" not in obj:
        obj = obj["instance"]
    model = obj.get("model") or {}
    kind = model.get("kind")
    if obj.get("regularization") is not None:
        raise ValueError("a regularized network is not of the form f(M_k⋯M_1): the depth-reduction results "
                         "do not apply (load it with exactland.models.load as a deep_linear instance)")
    if kind in ("factored", "deep_linear"):
        towers, multi = [model["widths"]], False
    elif kind == "multi_tower":
        towers, multi = model["towers"], True
        if not isinstance(towers, list) or not towers:
            raise ValueError("multi_tower needs a non-empty list 'towers' of width lists")
    else:
        raise ValueError(f"model kind {kind!r} is not a factored network (factored, deep_linear, multi_tower)")
    m, n = int(towers[0][-1]), int(towers[0][0])
    return FactoredInstance(towers, loss_from_json(obj, m, n, convert_floats), dict(obj.get("meta") or {}), multi)


def load_deep_linear(obj, convert_floats: bool = False):
    """A drop-in loader for ``"deep_linear"``: the squared loss (with or without Tikhonov regularization)
    gives the existing :class:`exactland.instance.Instance`; any other loss kind of this module gives a
    :class:`FactoredInstance` (so ``"deep_linear"`` with ``"loss": {"kind": "smoothed_hinge"}`` loads).

    >>> load_deep_linear({"model": {"kind": "deep_linear", "widths": [1, 1]}, "data": {"X": [[1]], "Y": [[1]]},
    ...                   "loss": {"kind": "smoothed_hinge", "p": 2}}).loss.kind
    'smoothed_hinge'
    >>> type(load_deep_linear({"model": {"kind": "deep_linear", "widths": [1, 1]},
    ...                        "data": {"X": [[1]], "Y": [[2]]}})).__name__
    'Instance'
    """
    from ..instance import Instance
    if ((obj.get("loss") or {}).get("kind", "squared") == "squared" and not (obj.get("loss") or {}).get("weights")):
        return Instance.from_json(obj, convert_floats=convert_floats)
    return load_factored(obj, convert_floats)


# --- seeded generators --------------------------------------------------------------------------------

def random_small(rng: _random.Random, r: int, c: int, num: int = 2, den: int = 1) -> Matrix:
    """A seeded random ``r × c`` matrix of small rationals ``a/b``, ``|a| ≤ num``, ``1 ≤ b ≤ den``.

    >>> random_small(_random.Random(0), 1, 2)
    [[Fraction(1, 1), Fraction(-2, 1)]]
    """
    return [[Fraction(rng.randint(-num, num), rng.randint(1, den)) for _ in range(c)] for _ in range(r)]
