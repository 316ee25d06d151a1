"""Trusted checker ``"augmented"``: the objective with one exponential neuron per output.

Kawaguchi & Kaelbling (2020), "Elimination of all bad local minima in deep learning":
``L̃(θ, a, b, W) = c_m Σ_i ℓ(f(x_i; θ) + g(x_i), y_i) + λ‖a‖²`` with ``g_k(x) = a_k exp(w_kᵀx + b_k)``,
``c_m = 1/m`` ("mean") or ``1`` ("sum"), ``λ > 0``.  Standard library only.

Numbers.  Everything the checks need lives in the ring ``Q[e^Q]`` of finite sums ``Σ c_j e^{q_j}``
with rational ``c_j, q_j`` (:class:`ExpSum`).  Equality is decided exactly: by the
Lindemann–Weierstrass theorem the numbers ``e^{q}`` for distinct algebraic ``q`` are linearly
independent over the algebraic numbers, so a sum with distinct exponents is zero iff every
coefficient is zero.  A non-zero sum has its sign decided by rigorous enclosures of ``e^q``
(Taylor series with a rational remainder bound, exact ``Fraction`` arithmetic, outward dyadic
rounding), refined until the enclosure excludes 0 — which happens because the sum is non-zero.

Instance (``cert["instance"]``): ``X`` (d_x × m), ``Y`` (d_y × m), ``loss`` (``squared``
‖q − y‖², ``cross_entropy`` −Σ_k y_k log softmax(q)_k, ``smoothed_hinge`` Σ_k max(0, 1 − y_k q_k)^p
with integer p ≥ 2), ``lambda`` > 0, ``normalization`` and ``outputs`` F = f(X; θ) (d_y × m;
entries exact rationals or ``{"exp": [[c, q], …]}``) and ``base``, from which the kernel recomputes F
and requires equality: ``deep_linear`` or ``relu`` weights, or ``expression`` {params, inputs, outputs,
theta} with each output a tree of the exact grammar (see :func:`eval_expression`: numbers, variables,
add, mul, integer powers, exp of a rational value) that the kernel evaluates itself in Q[e^Q].  A
certificate without a base is refused (the first pass trusted the stated outputs then).
All three losses are convex with locally Lipschitz gradient, so
``ℓ(F + Δ) = ℓ(F) + ∇ℓ(F)ᵀΔ + O(‖Δ‖²)`` and ``ℓ(F + Δ) ≥ ℓ(F) + ∇ℓ(F)ᵀΔ``.

Claims and what is checked (pooled gradient: ``R_jk = Σ_{i: x_i = x̄_j} ∂_k ℓ_{y_i}(F_i)``):

``global_min_at_a_zero`` (evidence ``pooled_gradient_zero``): every ``R_jk`` is exactly 0.  Then for
    every (θ', a', b', W'), by convexity per distinct input, ``L̃(θ', a', b', W') ≥ c_m Σ_i ℓ(F_i)
    = L̃(θ, 0, b, W)``: *every* point with a = 0 (any b, W) is a global, hence local, minimum.
``no_local_min_given_theta`` (evidence ``pooled_gradient_nonzero`` {input i, output k} and
    ``separating_direction`` {u}): ``R_jk ≠ 0`` for the group j of column i, and the numbers
    ``uᵀx̄_j`` are pairwise distinct.  Proof for every (a, b, W): if a_k ≠ 0 then
    ``a_k ∂L̃/∂a_k − ∂L̃/∂b_k = 2λa_k² ≠ 0`` (because ``a_k ∂g_k/∂a_k = ∂g_k/∂b_k``), so the point is
    not critical.  If a = 0, let ``z_n = Σ_i ∂_kℓ_i e^{w_kᵀx_i + b_k}(uᵀx_i)^n``; the vector
    ``(z_0, …, z_{m'−1})`` is a Vandermonde matrix in the distinct ``uᵀx̄_j`` applied to
    ``(R_jk e^{w_kᵀx̄_j+b_k})_j ≠ 0``, so some ``z_n ≠ 0``; for the least such n the curve
    ``a_k(t) = −sgn(z_n) t^{n+1}``, ``w_k(t) = w_k + t u`` gives
    ``L̃(t) − L̃(0) = −c_m |z_n| t^{2n+1}/n! + O(t^{2n+2})``.  No (a, b, W) is a local minimum of L̃|_θ.
``theta_gradient_zero_all_augmentations`` (expression base): every ``∂f_k(x_i; θ)/∂θ_j`` is exactly 0
    (forward-mode differentiation of the grammar tree in Q[e^Q]), so ``∂L̃/∂θ = c_m Σ_i ∇ℓ(f̃(x_i))ᵀ ∂f/∂θ = 0``
    at (θ, a, b, W) for every (a, b, W) — Theorem 4's second statement.
``theta_stationary_in_interval`` (evidence ``derivative_sign_change`` {hi}): one parameter, one output, one
    distinct input, no negative powers in the tree (θ ↦ f is then continuous, an entire function); ∂f/∂θ has
    opposite exact signs at θ and hi > θ, so some θ* ∈ (θ, hi) has ∂L̃/∂θ(θ*, a, b, W) = 0 for every (a, b, W).
``augmentation_creates_theta_direction`` (expression base; evidence ``augmented_point`` {a, b, W, param}):
    ∂L/∂θ = 0 at θ (every parameter, a = 0) but ∂L̃/∂θ_param ≠ 0 at (θ, a, b, W) — Example 2: the added
    neurons turn a critical point of L into a non-critical point of L̃ (exact in Q[e^Q]).
``polynomial_strict_local_min`` (no ``instance``; ``polynomial`` {variables, expression} in the grammar
    without exp or negative powers, ``point``, optional ``value``): ∇P(z) = 0 and ∇²P(z) positive definite
    (symmetric elimination, every pivot > 0), the second-order sufficient condition for a strict local minimum.

Optional on any instance certificate: evidence ``better_theta`` {base_update: {"theta" or "W" of the same shapes}} — the
kernel recomputes f at θ′ and checks L(θ′) < L(θ) exactly (squared/smoothed hinge in Q[e^Q]; cross-entropy
with integer labels through ``exp(Σ_i ℓ_i) = Π_i (Σ_k e^{F_ik})^{Σ_k y_ik} e^{−Σ_k y_ik F_ik}``), so θ is
not a global minimum of L; and ``value_at_a_zero`` — the kernel checks ``L̃(θ, 0, b, W) = c_m Σ_i ℓ(F_i)``
equals it (squared, smoothed hinge).

``not_local_min`` (evidence ``descent_curve`` {v, U, alpha, order, coefficient_sign: -1}) at the point
    ``{"a": 0…, "b", "W"}``: along ``a(t) = t^α v``, ``W(t) = W + tU`` the coefficient of t^{α+j}
    (j < α) is ``c_m Σ_{i,k} v_k ∂_kℓ_i e^{s_ik}(u_kᵀx_i)^j / j!``; those below ``order`` are exactly
    0, the one at ``order`` (< 2α, so the O(‖g‖²) and λ‖a‖² terms cannot reach it) is negative.
"""

from __future__ import annotations

import sys
from fractions import Fraction
from math import factorial


def _invalid(msg):
    # the package's Invalid without an import statement (kernel files import only the standard library);
    # loaded standalone, outside the package, a ValueError carries the message instead
    cls = getattr(sys.modules.get(__name__.rpartition(".")[0]), "Invalid", ValueError)
    return cls(msg)


def _q(x) -> Fraction:
    if isinstance(x, bool) or not isinstance(x, (int, str)):
        raise _invalid(f"not an exact number: {x!r}")
    try:
        return Fraction(x)
    except (ValueError, ZeroDivisionError):
        raise _invalid(f"not an exact number: {x!r}") from None


# --- the ring Q[e^Q] -------------------------------------------------------------------------------

class ExpSum:
    """Σ c·e^q with rational c, q, kept as {q: c} without zero coefficients.

    >>> (ExpSum.exp(Fraction(1)) - ExpSum.exp(Fraction(1))).is_zero()
    True
    >>> (ExpSum.exp(Fraction(1)) - ExpSum.const(Fraction(271, 100))).sign()
    1
    """

    __slots__ = ("terms",)

    def __init__(self, terms=None):
        self.terms = {q: c for q, c in (terms or {}).items() if c != 0}

    @classmethod
    def const(cls, c):
        """The rational c."""
        return cls({Fraction(0): Fraction(c)})

    @classmethod
    def exp(cls, q, c=1):
        """c·e^q."""
        return cls({Fraction(q): Fraction(c)})

    @classmethod
    def read(cls, x):
        """From kernel JSON: an exact number or {"exp": [[c, q], …]}."""
        if isinstance(x, dict):
            out = cls()
            for pair in x["exp"]:
                c, q = pair
                out = out + cls.exp(_q(q), _q(c))
            return out
        return cls.const(_q(x))

    def __add__(self, other):
        out = dict(self.terms)
        for q, c in other.terms.items():
            out[q] = out.get(q, Fraction(0)) + c
        return ExpSum(out)

    def __neg__(self):
        return ExpSum({q: -c for q, c in self.terms.items()})

    def __sub__(self, other):
        return self + (-other)

    def __mul__(self, other):
        if not isinstance(other, ExpSum):
            return ExpSum({q: c * other for q, c in self.terms.items()})
        out = {}
        for q1, c1 in self.terms.items():
            for q2, c2 in other.terms.items():
                out[q1 + q2] = out.get(q1 + q2, Fraction(0)) + c1 * c2
        return ExpSum(out)

    def is_zero(self) -> bool:
        """Exact (Lindemann–Weierstrass): distinct rational exponents, so zero iff no term."""
        return not self.terms

    def rational(self):
        """The value if it is rational (no non-zero exponent), else None."""
        if all(q == 0 for q in self.terms):
            return self.terms.get(Fraction(0), Fraction(0))
        return None

    def enclosure(self, bits):
        """Rational (lo, hi) around the value, from enclosures of each e^q at ``bits``."""
        lo = hi = Fraction(0)
        for q, c in self.terms.items():
            elo, ehi = exp_enclosure(q, bits)
            lo += c * (elo if c > 0 else ehi)
            hi += c * (ehi if c > 0 else elo)
        return lo, hi

    def sign(self, max_bits=1 << 14) -> int:
        """−1, 0 or 1, exactly: 0 by the zero test, otherwise from an enclosure excluding 0."""
        if self.is_zero():
            return 0
        r = self.rational()
        if r is not None:
            return (r > 0) - (r < 0)
        bits = 40
        while bits <= max_bits:
            lo, hi = self.enclosure(bits)
            if lo > 0:
                return 1
            if hi < 0:
                return -1
            bits *= 2
        raise _invalid("sign of a non-zero exponential sum not decided within the precision cap")


MAX_EXPONENT = 4096  # keeps every enclosure within the precision cap of ExpSum.sign


def _down(x, bits):
    return Fraction((x.numerator << bits) // x.denominator, 1 << bits)


def _up(x, bits):
    return Fraction(-((-x.numerator << bits) // x.denominator), 1 << bits)


def exp_enclosure(q, bits=60):
    """Rational (lo, hi) with lo ≤ e^q ≤ hi, width about 2^(−bits)·e^q·(small factor).

    For 0 ≤ r ≤ 1/2, ``S_N(r) ≤ e^r ≤ S_N(r) + 2 r^{N+1}/(N+1)!``; ``e^q = (e^{q/n})^n``; negative q by
    reciprocals.

    >>> lo, hi = exp_enclosure(Fraction(1), 50)
    >>> Fraction(2718281828459045, 10**15) < lo < hi < Fraction(2718281828459046, 10**15)
    True
    """
    q = Fraction(q)
    if q == 0:
        return Fraction(1), Fraction(1)
    if abs(q) > MAX_EXPONENT:
        raise _invalid(f"exponent {q} exceeds the kernel's bound {MAX_EXPONENT}")
    if q < 0:
        lo, hi = exp_enclosure(-q, bits)
        scale = bits + 8 + max(0, hi.numerator.bit_length() - hi.denominator.bit_length())  # relative width
        return _down(1 / hi, scale), _up(1 / lo, scale)
    n = 1
    while q / n > Fraction(1, 2):
        n *= 2
    r = q / n
    work = bits + 2 * n.bit_length() + 16
    term, s, j = Fraction(1), Fraction(1), 0
    while True:
        j += 1
        term = term * r / j
        s += term
        tail = 2 * term * r / (j + 1)
        if tail < Fraction(1, 1 << work):
            break
    lo, hi = _down(s, work), _up(s + tail, work)
    plo, phi = Fraction(1), Fraction(1)
    base_lo, base_hi, k = lo, hi, n
    while k:  # n is a power of two: repeated squaring with outward rounding
        if k & 1:
            plo, phi = _down(plo * base_lo, work), _up(phi * base_hi, work)
        k >>= 1
        if k:
            base_lo, base_hi = _down(base_lo * base_lo, work), _up(base_hi * base_hi, work)
    return plo, phi


# --- the instance ----------------------------------------------------------------------------------

def _mat(rows, shape, name, reader=_q):
    if not isinstance(rows, list) or len(rows) != shape[0] or any(
            not isinstance(r, list) or len(r) != shape[1] for r in rows):
        raise _invalid(f"{name} does not have shape {shape}")
    return [[reader(x) for x in r] for r in rows]


# --- the exact expression grammar of user-supplied base models ---------------------------------------
#
# An expression is a JSON tree: an exact number (int or "p/q" string); ["var", name];
# ["add", e, …]; ["mul", e, …]; ["pow", e, n] with an integer |n| ≤ MAX_POWER (n < 0 only where e is a
# single term c·e^q, c ≠ 0, i.e. a unit of Q[e^Q]); ["exp", e] where e evaluates to a rational.
# The kernel evaluates it itself in Q[e^Q]; anything else is refused.

MAX_POWER = 64
MAX_DEPTH = 64
MAX_NODES = 5000


def _ast_walk(node, leaf, ops, depth, count):
    count[0] += 1
    if count[0] > MAX_NODES or depth > MAX_DEPTH:
        raise _invalid(f"expression larger than the kernel's bound ({MAX_NODES} nodes, depth {MAX_DEPTH})")
    if isinstance(node, (int, str)) and not isinstance(node, bool):
        return leaf("const", _q(node))
    if not isinstance(node, list) or not node or not isinstance(node[0], str):
        raise _invalid(f"not an expression of the kernel grammar: {node!r}")
    op, args = node[0], node[1:]
    if op == "var":
        if len(args) != 1 or not isinstance(args[0], str):
            raise _invalid(f"malformed variable {node!r}")
        return leaf("var", args[0])
    if op == "pow":
        if len(args) != 2 or isinstance(args[1], bool) or not isinstance(args[1], int) or abs(args[1]) > MAX_POWER:
            raise _invalid(f"pow needs an integer exponent of size ≤ {MAX_POWER}: {node!r}")
        return ops["pow"](_ast_walk(args[0], leaf, ops, depth + 1, count), args[1])
    if op in ("add", "mul") and args:
        vals = [_ast_walk(a, leaf, ops, depth + 1, count) for a in args]
        out = vals[0]
        for v in vals[1:]:
            out = out + v if op == "add" else out * v
        return out
    if op == "exp" and len(args) == 1:
        return ops["exp"](_ast_walk(args[0], leaf, ops, depth + 1, count))
    raise _invalid(f"operation {op!r} is outside the kernel's exact grammar (add, mul, pow, exp, var, numbers)")


def _es_pow(x, n):
    if n < 0:
        if len(x.terms) != 1:
            raise _invalid("negative power of a value that is not a single term c·e^q (no exact inverse here)")
        (q, c), = x.terms.items()
        x, n = ExpSum.exp(-q, 1 / c), -n
    out = ExpSum.const(1)
    for _ in range(n):
        out = out * x
    return out


def _es_exp(x):
    r = x.rational()
    if r is None:
        raise _invalid("exp of a non-rational value is outside Q[e^Q]")
    if abs(r) > MAX_EXPONENT:
        raise _invalid(f"exponent {r} exceeds the kernel's bound {MAX_EXPONENT}")
    return ExpSum.exp(r)


def eval_expression(node, env):
    """Value in Q[e^Q] of a grammar expression at rational values ``env`` {name: Fraction}.

    >>> e = eval_expression(["add", ["mul", "2", ["var", "t"]], ["exp", ["pow", ["var", "t"], 2]]], {"t": Fraction(1, 2)})
    >>> sorted(e.terms.items())
    [(Fraction(0, 1), Fraction(1, 1)), (Fraction(1, 4), Fraction(1, 1))]
    """
    def leaf(kind, v):
        if kind == "const":
            return ExpSum.const(v)
        if v not in env:
            raise _invalid(f"unknown variable {v!r} in an expression")
        return ExpSum.const(env[v])
    return _ast_walk(node, leaf, {"pow": _es_pow, "exp": _es_exp}, 0, [0])


class Poly:
    """Polynomials over Q in named variables: {exponent tuple: coefficient} (for :func:`_check_poly_min`)."""

    __slots__ = ("n", "terms")

    def __init__(self, n, terms=None):
        self.n, self.terms = n, {e: c for e, c in (terms or {}).items() if c != 0}

    def __add__(self, other):
        out = dict(self.terms)
        for e, c in other.terms.items():
            out[e] = out.get(e, Fraction(0)) + c
        return Poly(self.n, out)

    def __mul__(self, other):
        out = {}
        for e1, c1 in self.terms.items():
            for e2, c2 in other.terms.items():
                e = tuple(x + y for x, y in zip(e1, e2))
                out[e] = out.get(e, Fraction(0)) + c1 * c2
        return Poly(self.n, out)

    def diff(self, j):
        """∂/∂(variable j)."""
        return Poly(self.n, {e[:j] + (e[j] - 1,) + e[j + 1:]: c * e[j] for e, c in self.terms.items() if e[j]})

    def at(self, point):
        """Value at a rational point."""
        total = Fraction(0)
        for e, c in self.terms.items():
            v = c
            for x, k in zip(point, e):
                v *= x ** k
            total += v
        return total


def eval_polynomial(node, names):
    """A grammar expression without exp and negative powers, as a :class:`Poly` in ``names``."""
    n = len(names)

    def leaf(kind, v):
        if kind == "const":
            return Poly(n, {(0,) * n: v})
        if v not in names:
            raise _invalid(f"unknown variable {v!r} in the polynomial")
        j = names.index(v)
        return Poly(n, {tuple(int(i == j) for i in range(n)): Fraction(1)})

    def pw(x, k):
        if k < 0:
            raise _invalid("negative power: not a polynomial")
        out = Poly(n, {(0,) * n: Fraction(1)})
        for _ in range(k):
            out = out * x
        return out

    def ex(_):
        raise _invalid("exp in a polynomial certificate")
    return _ast_walk(node, leaf, {"pow": pw, "exp": ex}, 0, [0])


class _Dual:
    """value + ε·derivative over Q[e^Q] (forward-mode differentiation of grammar expressions)."""

    __slots__ = ("v", "d")

    def __init__(self, v, d):
        self.v, self.d = v, d

    def __add__(self, other):
        return _Dual(self.v + other.v, self.d + other.d)

    def __mul__(self, other):
        return _Dual(self.v * other.v, self.v * other.d + self.d * other.v)


def _dual_pow(x, n):
    if n == 0:
        return _Dual(ExpSum.const(1), ExpSum())
    return _Dual(_es_pow(x.v, n), _es_pow(x.v, n - 1) * x.d * n)


def _dual_exp(x):
    e = _es_exp(x.v)
    return _Dual(e, e * x.d)


def eval_derivative(node, env, var):
    """∂/∂var of a grammar expression at ``env``, exactly in Q[e^Q].

    >>> d = eval_derivative(["add", ["pow", ["var", "t"], 3], ["mul", "-3", ["var", "t"]]], {"t": Fraction(1)}, "t")
    >>> d.is_zero()
    True
    """
    def leaf(kind, v):
        if kind == "const":
            return _Dual(ExpSum.const(v), ExpSum())
        if v not in env:
            raise _invalid(f"unknown variable {v!r} in an expression")
        return _Dual(ExpSum.const(env[v]), ExpSum.const(int(v == var)))
    return _ast_walk(node, leaf, {"pow": _dual_pow, "exp": _dual_exp}, 0, [0]).d


def _has_negative_power(node):
    if isinstance(node, list) and node and node[0] == "pow" and len(node) == 3 and isinstance(node[2], int) \
            and node[2] < 0:
        return True
    return isinstance(node, list) and any(_has_negative_power(a) for a in node[1:])


def _base_outputs(base, X):
    """F = f(X; θ) (ExpSum entries): deep linear product, leaky-ReLU network, or a grammar expression."""
    if base.get("kind") == "expression":
        return _expression_outputs(base, X)
    Ws = base["W"]
    if not isinstance(Ws, list) or not Ws:
        raise _invalid("base.W must be a non-empty list of matrices")
    out = X
    slope = _q(base.get("slope", 0)) if base["kind"] == "relu" else None
    if base["kind"] not in ("deep_linear", "relu"):
        raise _invalid(f"unsupported base model {base['kind']!r}")
    for k, Wk in enumerate(Ws):
        if not isinstance(Wk, list) or not Wk or not isinstance(Wk[0], list):
            raise _invalid("weight matrices must be lists of rows")
        Wk = _mat(Wk, (len(Wk), len(out)), f"base.W[{k}]")
        out = [[sum((w * out[l][j] for l, w in enumerate(row)), Fraction(0)) for j in range(len(out[0]))]
               for row in Wk]
        if slope is not None and k < len(Ws) - 1:
            out = [[x if x >= 0 else slope * x for x in row] for row in out]
    return [[ExpSum.const(x) for x in row] for row in out]


def _expression_outputs(base, X):
    params, inputs, outs, theta = base["params"], base["inputs"], base["outputs"], base["theta"]
    if not isinstance(params, list) or not isinstance(inputs, list):
        raise _invalid("expression base: params and inputs must be lists of names")
    names = params + inputs
    if not all(isinstance(n, str) for n in names) or len(set(names)) != len(names):
        raise _invalid("expression base: parameter and input names must be distinct strings")
    if len(inputs) != len(X):
        raise _invalid(f"expression base: {len(inputs)} inputs for data of dimension {len(X)}")
    if not isinstance(theta, dict) or set(theta) != set(params):
        raise _invalid("expression base: theta must give exactly one value per parameter")
    if not isinstance(outs, list) or not outs:
        raise _invalid("expression base: outputs must be a non-empty list of expressions")
    env = {p: _q(theta[p]) for p in params}
    cols = []
    for i in range(len(X[0])):
        env_i = dict(env, **{x: X[r][i] for r, x in enumerate(inputs)})
        cols.append([eval_expression(e, env_i) for e in outs])
    return [[cols[i][k] for i in range(len(cols))] for k in range(len(outs))]


def _instance(obj):
    X = obj["X"]
    if not isinstance(X, list) or not X or not isinstance(X[0], list) or not X[0]:
        raise _invalid("X must be a non-empty d_x × m matrix")
    m = len(X[0])
    X = _mat(X, (len(X), m), "X")
    Y = obj["Y"]
    if not isinstance(Y, list) or not Y:
        raise _invalid("Y must be a non-empty d_y × m matrix")
    Y = _mat(Y, (len(Y), m), "Y")
    dy = len(Y)
    F = _mat(obj["outputs"], (dy, m), "outputs", ExpSum.read)
    if not isinstance(obj.get("base"), dict):
        raise _invalid("the instance needs a base model (deep_linear, relu or expression) so that the kernel "
                       "recomputes the outputs f(X; θ) itself")
    G = _base_outputs(obj["base"], X)
    if len(G) != dy or any(not (F[k][i] - G[k][i]).is_zero() for k in range(dy) for i in range(m)):
        raise _invalid("stated outputs differ from the base model's outputs f(X; θ)")
    loss = obj["loss"]
    kind = loss["kind"]
    p = None
    if kind == "smoothed_hinge":
        p = loss.get("p", 2)
        if isinstance(p, bool) or not isinstance(p, int) or p < 2:
            raise _invalid("smoothed hinge needs an integer p ≥ 2")
    elif kind == "cross_entropy":
        if any(F[k][i].rational() is None for k in range(dy) for i in range(m)):
            raise _invalid("cross-entropy certificates need rational outputs")
        if any(y < 0 for row in Y for y in row):
            raise _invalid("cross-entropy labels must be non-negative (else ℓ need not be convex)")
    elif kind != "squared":
        raise _invalid(f"unsupported loss {kind!r}")
    lam = _q(obj["lambda"])
    if lam <= 0:
        raise _invalid("λ must be positive (the identity a_k∂L̃/∂a_k − ∂L̃/∂b_k = 2λa_k² needs λ ≠ 0)")
    norm = obj.get("normalization", "mean")
    if norm not in ("mean", "sum"):
        raise _invalid("normalization is 'mean' or 'sum'")
    cols = [tuple(X[r][i] for r in range(len(X))) for i in range(m)]
    groups = {}
    for i, c in enumerate(cols):
        groups.setdefault(c, []).append(i)
    for idx in groups.values():
        if any(not (F[k][i] - F[k][idx[0]]).is_zero() for i in idx for k in range(dy)):
            raise _invalid("equal inputs with different outputs: no model f(x; θ) has these outputs")
    return {"raw": obj, "X": X, "Y": Y, "F": F, "m": m, "dx": len(X), "dy": dy, "loss": kind, "p": p,
            "cm": Fraction(1, m) if norm == "mean" else Fraction(1), "cols": cols, "groups": list(groups.values())}


def gradient(inst, i):
    """(N, D): ∇ℓ_{y_i}(F_i) = N / D with N a list of ExpSum and D a positive ExpSum."""
    F = [inst["F"][k][i] for k in range(inst["dy"])]
    y = [inst["Y"][k][i] for k in range(inst["dy"])]
    one = ExpSum.const(1)
    if inst["loss"] == "squared":
        return [(Fk - ExpSum.const(yk)) * 2 for Fk, yk in zip(F, y)], one
    if inst["loss"] == "smoothed_hinge":
        out = []
        for Fk, yk in zip(F, y):
            z = ExpSum.const(1) - Fk * yk
            if z.sign() > 0:
                zp = one
                for _ in range(inst["p"] - 1):
                    zp = zp * z
                out.append(zp * (-inst["p"] * yk))
            else:
                out.append(ExpSum())
        return out, one
    E = [ExpSum.exp(Fk.rational()) for Fk in F]  # cross-entropy: softmax(F)·Σy − y
    D = ExpSum()
    for e in E:
        D = D + e
    sy = sum(y, Fraction(0))
    return [e * sy - D * yk for e, yk in zip(E, y)], D


def pooled(inst):
    """R[j][k]: numerators of the pooled gradient per distinct input (equal outputs share D)."""
    out = []
    for idx in inst["groups"]:
        row = [ExpSum() for _ in range(inst["dy"])]
        for i in idx:
            N, _ = gradient(inst, i)
            row = [r + n for r, n in zip(row, N)]
        out.append(row)
    return out


def loss_at_a_zero(inst, F=None):
    """``c_m Σ_i ℓ_{y_i}(F_i)`` = L̃(θ, 0, b, W) in Q[e^Q], for the squared and smoothed-hinge losses."""
    F = inst["F"] if F is None else F
    if inst["loss"] == "cross_entropy":
        raise _invalid("cross-entropy values are logarithms, outside Q[e^Q]; the kernel compares exp(Σ_i ℓ_i) instead")
    total = ExpSum()
    for i in range(inst["m"]):
        for k in range(inst["dy"]):
            y, q = inst["Y"][k][i], F[k][i]
            if inst["loss"] == "squared":
                d = q - ExpSum.const(y)
                total = total + d * d
            else:
                z = ExpSum.const(1) - q * y
                if z.sign() > 0:
                    total = total + _es_pow(z, inst["p"])
    return total * inst["cm"]


def _ce_exp_total(inst, F):
    """exp(Σ_i ℓ_i) = Π_i (Σ_k e^{F_ik})^{Σ_k y_ik} · e^{−Σ_k y_ik F_ik} for integer labels and rational F."""
    out = ExpSum.const(1)
    for i in range(inst["m"]):
        ys = [inst["Y"][k][i] for k in range(inst["dy"])]
        if any(y.denominator != 1 for y in ys):
            raise _invalid("exact cross-entropy comparison needs integer labels")
        fs = [F[k][i].rational() for k in range(inst["dy"])]
        if any(f is None for f in fs):
            raise _invalid("cross-entropy certificates need rational outputs")
        den = ExpSum()
        for f in fs:
            den = den + ExpSum.exp(f)
        out = out * _es_pow(den, int(sum(ys))) * ExpSum.exp(-sum((y * f for y, f in zip(ys, fs)), Fraction(0)))
    return out


def _check_better_theta(inst, ev):
    """L(θ') < L(θ) for the base point θ' given by ``base_update``: θ is not a global minimum of L."""
    upd = ev["base_update"]
    if not isinstance(upd, dict) or not upd or set(upd) - {"theta", "W"}:
        raise _invalid("base_update replaces the base model's 'theta' or 'W' only")
    base = inst["raw"]["base"]
    if "W" in upd:  # the same architecture: as many matrices, each of the same shape (θ′ ranges over its space)
        old, new = base.get("W"), upd["W"]
        if not isinstance(old, list) or not isinstance(new, list) or len(old) != len(new) or any(
                not isinstance(A, list) or not isinstance(B, list) or len(A) != len(B)
                or any(not isinstance(r, list) or not isinstance(s, list) or len(r) != len(s) for r, s in zip(A, B))
                for A, B in zip(old, new)):
            raise _invalid("base_update W must have the architecture of the base (same number and shapes of matrices)")
    G = _base_outputs(dict(base, **upd), inst["X"])
    if len(G) != inst["dy"]:
        raise _invalid("base_update changes the output dimension")
    if inst["loss"] == "cross_entropy":
        diff = _ce_exp_total(inst, inst["F"]) - _ce_exp_total(inst, G)
    else:
        diff = loss_at_a_zero(inst) - loss_at_a_zero(inst, G)
    if diff.sign() <= 0:
        raise _invalid("the stated better base point does not have a smaller loss")


def _expression_base(inst):
    base = inst["raw"]["base"]
    if base.get("kind") != "expression":
        raise _invalid("this claim needs an expression base model")
    env = {p: _q(base["theta"][p]) for p in base["params"]}
    return base, env


def _check_theta_gradient_zero(inst):
    """∂f_k(x_i; θ)/∂θ_j = 0 for all i, j, k, so ∂L̃/∂θ = c_m Σ_i ∇ℓ(f̃(x_i))ᵀ ∂f(x_i; θ)/∂θ = 0 for every (a, b, W)."""
    base, env = _expression_base(inst)
    for i in range(inst["m"]):
        env_i = dict(env, **{x: inst["X"][r][i] for r, x in enumerate(base["inputs"])})
        for k, e in enumerate(base["outputs"]):
            for p in base["params"]:
                if not eval_derivative(e, env_i, p).is_zero():
                    raise _invalid(f"∂f_{k}(x_{i})/∂{p} is not 0")


def _theta_gradient(inst, F, p):
    """A positive multiple of ∂/∂p of c_m Σ_i ℓ_{y_i}(F_i) with F the given (augmented) outputs and the
    Jacobian of the expression base at θ: Σ_i Σ_k N_ik ∂f_k(x_i)/∂p · Π_{l≠i} D_l."""
    base, env = _expression_base(inst)
    grads = [gradient(dict(inst, F=F), i) for i in range(inst["m"])]
    total = ExpSum()
    for i, (N, _) in enumerate(grads):
        env_i = dict(env, **{x: inst["X"][r][i] for r, x in enumerate(base["inputs"])})
        other = ExpSum.const(1)
        for l, (_, D) in enumerate(grads):
            if l != i:
                other = other * D
        for k, e in enumerate(base["outputs"]):
            total = total + N[k] * eval_derivative(e, env_i, p) * other
    return total


def _check_augmentation_descent(inst, ev):
    """∂L/∂θ = 0 at θ (a = 0), but ∂L̃/∂θ_p ≠ 0 at the stated (θ, a, b, W): Example 2's new direction."""
    base, _ = _expression_base(inst)
    for p in base["params"]:
        if not _theta_gradient(inst, inst["F"], p).is_zero():
            raise _invalid(f"∂L/∂{p} is not 0 at θ: θ is not a critical point of L")
    a = [_q(x) for x in ev["a"]]
    b = [_q(x) for x in ev["b"]]
    W = _mat(ev["W"], (inst["dx"], inst["dy"]), "W")
    if len(a) != inst["dy"] or len(b) != inst["dy"] or ev["param"] not in base["params"]:
        raise _invalid("a, b need length d_y and param must be a parameter of the base")
    Ft = [[inst["F"][k][i] + ExpSum.exp(sum((W[r][k] * inst["X"][r][i] for r in range(inst["dx"])), b[k]), a[k])
           for i in range(inst["m"])] for k in range(inst["dy"])]
    if inst["loss"] == "cross_entropy" and any(v.rational() is None for row in Ft for v in row):
        raise _invalid("cross-entropy needs rational augmented outputs")
    if _theta_gradient(inst, Ft, ev["param"]).is_zero():
        raise _invalid(f"∂L̃/∂{ev['param']} is 0 at the stated (a, b, W)")


def _check_stationary_in_interval(inst, ev):
    """One parameter, one output, one distinct input, no negative powers (so θ ↦ f is continuous):
    ∂f/∂θ has opposite signs at θ and at ``hi`` > θ, hence vanishes at some θ* in between (intermediate
    values), where ∂L̃/∂θ = c_m Σ_i ℓ'(f̃(x_i))·∂f/∂θ = 0 for every (a, b, W)."""
    base, env = _expression_base(inst)
    if len(base["params"]) != 1 or inst["dy"] != 1 or len(inst["groups"]) != 1:
        raise _invalid("needs one parameter, one output and one distinct input")
    if _has_negative_power(base["outputs"][0]):
        raise _invalid("negative powers could hide a pole between the two points")
    p = base["params"][0]
    lo, hi = env[p], _q(ev["hi"])
    if not lo < hi:
        raise _invalid("needs θ < hi")
    env_x = {x: inst["X"][r][0] for r, x in enumerate(base["inputs"])}
    s_lo = eval_derivative(base["outputs"][0], dict(env_x, **{p: lo}), p).sign()
    s_hi = eval_derivative(base["outputs"][0], dict(env_x, **{p: hi}), p).sign()
    if s_lo * s_hi >= 0:
        raise _invalid("∂f/∂θ does not change sign between θ and hi")


def _descent(inst, pt, ev):
    a = [_q(x) for x in pt["a"]]
    if len(a) != inst["dy"] or any(a):
        raise _invalid("descent_curve certificates are stated at points with a = 0")
    b = [_q(x) for x in pt["b"]]
    if len(b) != inst["dy"]:
        raise _invalid("b has the wrong length")
    W = _mat(pt["W"], (inst["dx"], inst["dy"]), "W")
    v = [_q(x) for x in ev["v"]]
    U = _mat(ev["U"], (inst["dx"], inst["dy"]), "U")
    alpha, order = ev["alpha"], ev["order"]
    for name, n in (("alpha", alpha), ("order", order)):
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise _invalid(f"{name} must be a positive integer")
    if len(v) != inst["dy"] or not alpha <= order < 2 * alpha:
        raise _invalid("need len(v) = d_y and alpha ≤ order < 2·alpha")
    if ev.get("coefficient_sign") != -1:
        raise _invalid("a descent curve claims coefficient_sign -1")
    grads = [gradient(inst, i) for i in range(inst["m"])]
    dens = [D for _, D in grads]
    for j in range(order - alpha + 1):
        c = ExpSum()
        for i in range(inst["m"]):
            other = ExpSum.const(1)
            for l, D in enumerate(dens):
                if l != i:
                    other = other * D
            for k in range(inst["dy"]):
                if v[k]:
                    s = sum((W[r][k] * inst["X"][r][i] for r in range(inst["dx"])), b[k])
                    ux = sum((U[r][k] * inst["X"][r][i] for r in range(inst["dx"])), Fraction(0))
                    c = c + grads[i][0][k] * other * ExpSum.exp(s, v[k] * ux ** j / factorial(j))
        if j < order - alpha and not c.is_zero():
            raise _invalid(f"coefficient of t^{alpha + j} is not 0")
        if j == order - alpha and c.sign() >= 0:
            raise _invalid(f"coefficient of t^{order} is not negative")


def _check_poly_min(cert, ev):
    """Second-order sufficient condition: ∇P(z) = 0 and ∇²P(z) positive definite (exact pivots)."""
    poly = cert["polynomial"]
    names = poly["variables"]
    if not isinstance(names, list) or not names or not all(isinstance(v, str) for v in names) \
            or len(set(names)) != len(names):
        raise _invalid("polynomial.variables must be distinct names")
    P = eval_polynomial(poly["expression"], names)
    pt = cert["point"]
    if not isinstance(pt, dict) or set(pt) != set(names):
        raise _invalid("point must give one value per variable")
    z = [_q(pt[v]) for v in names]
    if "gradient_zero" not in ev or "hessian_pd" not in ev:
        raise _invalid("polynomial_strict_local_min needs gradient_zero and hessian_pd evidence")
    grad = [P.diff(j) for j in range(len(names))]
    nz = [names[j] for j, g in enumerate(grad) if g.at(z) != 0]
    if nz:
        raise _invalid(f"∂P/∂{nz[0]} is not 0 at the point")
    H = [[g.diff(l).at(z) for l in range(len(names))] for g in grad]
    for j in range(len(H)):  # symmetric Gaussian elimination: PD iff every pivot is positive
        if H[j][j] <= 0:
            raise _invalid("the Hessian is not positive definite at the point")
        for r in range(j + 1, len(H)):
            f = H[r][j] / H[j][j]
            H[r] = [x - f * y for x, y in zip(H[r], H[j])]
    if "value" in cert and P.at(z) != _q(cert["value"]):
        raise _invalid(f"stated value {cert['value']} is not P(z) = {P.at(z)}")


def check(cert) -> None:
    """Raise :class:`exactland.kernel.Invalid` unless ``cert`` proves its claim (see module doc)."""
    if cert.get("kernel") != "augmented":
        raise _invalid("not an augmented certificate")
    claim = cert.get("claim")
    ev = {e.get("type"): e for e in cert.get("evidence") or []}
    if claim == "polynomial_strict_local_min":
        _check_poly_min(cert, ev)
        return
    inst = _instance(cert["instance"])
    if claim == "global_min_at_a_zero":
        if "pooled_gradient_zero" not in ev:
            raise _invalid("global_min_at_a_zero needs pooled_gradient_zero evidence")
        bad = [(j, k) for j, row in enumerate(pooled(inst)) for k, r in enumerate(row) if not r.is_zero()]
        if bad:
            raise _invalid(f"pooled gradient is not zero at (input group, output) {bad[0]}")
    elif claim == "no_local_min_given_theta":
        if "pooled_gradient_nonzero" not in ev or "separating_direction" not in ev:
            raise _invalid("needs pooled_gradient_nonzero and separating_direction evidence")
        e = ev["pooled_gradient_nonzero"]
        i, k = e["input"], e["output"]
        if not (isinstance(i, int) and isinstance(k, int) and 0 <= i < inst["m"] and 0 <= k < inst["dy"]):
            raise _invalid("input/output index out of range")
        j = next(n for n, idx in enumerate(inst["groups"]) if i in idx)
        if pooled(inst)[j][k].is_zero():
            raise _invalid(f"pooled gradient at input {i}, output {k} is 0")
        u = [_q(x) for x in ev["separating_direction"]["u"]]
        if len(u) != inst["dx"]:
            raise _invalid("u has the wrong length")
        taus = [sum((ui * xi for ui, xi in zip(u, inst["cols"][idx[0]])), Fraction(0)) for idx in inst["groups"]]
        if len(set(taus)) != len(taus):
            raise _invalid("uᵀx̄_j are not pairwise distinct")
    elif claim == "theta_gradient_zero_all_augmentations":
        _check_theta_gradient_zero(inst)
    elif claim == "theta_stationary_in_interval":
        if "derivative_sign_change" not in ev:
            raise _invalid("theta_stationary_in_interval needs derivative_sign_change evidence")
        _check_stationary_in_interval(inst, ev["derivative_sign_change"])
    elif claim == "augmentation_creates_theta_direction":
        if "augmented_point" not in ev:
            raise _invalid("augmentation_creates_theta_direction needs augmented_point evidence")
        _check_augmentation_descent(inst, ev["augmented_point"])
    elif claim == "not_local_min":
        if "descent_curve" not in ev:
            raise _invalid("not_local_min needs descent_curve evidence")
        _descent(inst, cert["point"], ev["descent_curve"])
    else:
        raise _invalid(f"unknown claim {claim!r}")
    if "better_theta" in ev:
        _check_better_theta(inst, ev["better_theta"])
    if "value_at_a_zero" in cert and not (loss_at_a_zero(inst) - ExpSum.read(cert["value_at_a_zero"])).is_zero():
        raise _invalid(f"stated value {cert['value_at_a_zero']} is not L̃(θ, 0, b, W)")
