"""Kernel checker for certificates of kind "algebraic": a real algebraic critical point and its class.

The point is x = v(α)/D(α): α is the root of a polynomial f over Q in an isolating interval
(lo, hi) with rational endpoints, and each coordinate is the quotient of a numerator polynomial
v_i(T) by one common denominator D(T) (a rational univariate representation; D = 1 is allowed).
The checker, with exact rational arithmetic only:

1. isolation: f(lo)·f(hi) ≠ 0 and Descartes' rule of signs on (lo, hi) (after the Möbius map
   x ↦ (lo + hi·x)/(1 + x)) counts exactly one sign variation, so f has exactly one root α there,
   and it is simple;
2. D(α) ≠ 0, by rational interval evaluation on (a refinement of) the interval;
3. the gradient vanishes at x(α): with L = H + 1 layers the loss satisfies
   D^(2L)·L(v/D) = s‖P(v)X − D^L Y‖² + D^(2L−2)·Σ λ v², whose gradient in v is D^(2L−1)·∇L(x); the main
   kernel's gradient routine is run on that rescaled instance at v, over the ring Q[T]/(f), and
   every component must reduce to the zero polynomial (so it vanishes at every root of f);
4. the stated loss numerator N(T) satisfies N ≡ D^(2L)·L(v/D) (mod f), i.e. L(x(α)) = N(α)/D(α)^(2L);
5. the Hessian has the stated inertia: entries enclosed with rational interval arithmetic on an
   enclosure of α of width 2^-bits (α's interval is bisected by the sign of f), then symmetric
   elimination whose every pivot interval excludes 0 — which decides the inertia of every
   symmetric matrix in the box, in particular the true Hessian.  If a pivot cannot be decided
   (a singular Hessian), the inertia is decided exactly over Q(α) instead: every zero test by a
   gcd with f and a sign change of the gcd, every sign by interval refinement (f square-free needed).
6. the claim agrees with the inertia: ``local_min`` (positive definite), ``local_max`` (negative
   definite), ``strict_saddle`` (both signs), ``critical_point`` (any).
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd

CLAIMS = ("critical_point", "local_min", "local_max", "strict_saddle")


def _invalid(msg):
    from . import Invalid
    return Invalid(msg)


# --- univariate polynomials over Q: lists of Fractions, lowest degree first ------------------------

def _trim(p):
    p = list(p)
    while p and p[-1] == 0:
        p.pop()
    return p


def _pmul(p, q):
    if not p or not q:
        return []
    out = [Fraction(0)] * (len(p) + len(q) - 1)
    for i, a in enumerate(p):
        if a:
            for j, b in enumerate(q):
                if b:
                    out[i + j] += a * b
    return out


def _psub(p, q):
    n = max(len(p), len(q))
    return _trim([(p[i] if i < len(p) else 0) - (q[i] if i < len(q) else 0) for i in range(n)])


def _pdivmod(p, q):
    p, q = _trim(p), _trim(q)
    if not q:
        raise ZeroDivisionError("division by the zero polynomial")
    quo = [Fraction(0)] * max(len(p) - len(q) + 1, 0)
    lead = q[-1]
    while len(p) >= len(q):
        c = p[-1] / lead
        k = len(p) - len(q)
        quo[k] = c
        for i, b in enumerate(q):
            p[k + i] -= c * b
        p = _trim(p)
    return _trim(quo), p


def _pmod(p, q):
    return _pdivmod(p, q)[1]


def _monic(p):
    p = _trim(p)
    return [c / p[-1] for c in p] if p else p


def _pgcd(p, q):
    p, q = _trim(p), _trim(q)
    while q:
        p, q = q, _pmod(p, q)
    return _monic(p)


def _pxgcd_inverse(a, f):
    """s with s·a ≡ 1 (mod f), assuming gcd(a, f) = 1."""
    r0, r1, s0, s1 = _trim(f), _trim(a), [], [Fraction(1)]
    while len(r1) > 1:
        quo, rem = _pdivmod(r0, r1)
        r0, r1 = r1, rem
        s0, s1 = s1, _psub(s0, _pmul(quo, s1))
    if not r1:
        raise _invalid("element is not invertible modulo f")
    return _pmod([c / r1[0] for c in s1], f)


def _peval(p, x):
    acc = Fraction(0)
    for c in reversed(p):
        acc = acc * x + c
    return acc


def _sign(x):
    return (x > 0) - (x < 0)


def _deriv(p):
    return _trim([i * c for i, c in enumerate(p)][1:])


def sturm_count(f, lo, hi):
    """Number of distinct roots of f in (lo, hi], by Sturm's theorem (f(lo), f(hi) ≠ 0 assumed).

    >>> sturm_count([Fraction(-2), Fraction(0), Fraction(1)], Fraction(0), Fraction(2))
    1
    """
    seq = [_trim(f), _deriv(f)]
    while seq[-1]:
        r = _pmod(seq[-2], seq[-1])
        if not r:
            break
        seq.append([-c for c in r])

    def variations(x):
        signs = [s for s in (_sign(_peval(p, x)) for p in seq) if s]
        return sum(1 for a, b in zip(signs, signs[1:]) if a != b)
    return variations(lo) - variations(hi)


def descartes_count(f, lo, hi) -> int:
    """Sign variations of (1 + x)^d f((lo + hi·x)/(1 + x)): an upper bound on the number of roots
    of f in (lo, hi) with the same parity; 1 means exactly one (simple) root.  Computed with
    integers: Σ f_i A^i B^(d−i) with A = a + c·x, B = q(1 + x) for lo = a/q, hi = c/q.

    >>> descartes_count([Fraction(-2), Fraction(0), Fraction(1)], Fraction(1), Fraction(2))
    1
    """
    f = [Fraction(c) for c in _trim(f)]
    den = 1
    for c in f:
        den = den * c.denominator // gcd(den, c.denominator)
    fi = [c.numerator * (den // c.denominator) for c in f]
    lo, hi = Fraction(lo), Fraction(hi)
    q = lo.denominator * hi.denominator // gcd(lo.denominator, hi.denominator)
    a, c = lo.numerator * (q // lo.denominator), hi.numerator * (q // hi.denominator)
    d = len(fi) - 1
    h = [fi[d]]
    Bk = [1]
    for k in range(1, d + 1):
        Bk = [q * (x + y) for x, y in zip(Bk + [0], [0] + Bk)]        # B^k = B^(k-1)·q(1 + x)
        h = [a * x + c * y for x, y in zip(h + [0], [0] + h)]         # h·(a + c x)
        h = [x + fi[d - k] * y for x, y in zip(h, Bk)]
    signs = [x > 0 for x in h if x != 0]
    return sum(1 for u, v in zip(signs, signs[1:]) if u != v)


# --- the real algebraic number α and the ring Q[T]/(f) ---------------------------------------------

class Field:
    """Arithmetic in Q[T]/(f) at the root α of f in (lo, hi), with exact sign decisions at α."""

    def __init__(self, f, lo, hi, squarefree: bool = False):
        f = _trim(f)
        if len(f) < 2:
            raise _invalid("the defining polynomial must have degree >= 1")
        if not lo < hi:
            raise _invalid("isolating interval must have lo < hi")
        if _peval(f, lo) == 0 or _peval(f, hi) == 0:
            raise _invalid("an endpoint of the isolating interval is a root of f")
        if descartes_count(f, lo, hi) != 1:
            raise _invalid("Descartes' rule does not show exactly one root of f in the isolating interval")
        if squarefree and len(_pgcd(f, _deriv(f))) > 1:
            raise _invalid("f is not square-free")
        self.f, self.lo, self.hi = _monic(f), lo, hi
        self.exact_root = None  # set if bisection lands on α itself

    def refine(self, bits: int):
        """Bisect (lo, hi) by the sign of f until its width is below 2^-bits."""
        width = Fraction(1, 2 ** bits)
        while self.exact_root is None and self.hi - self.lo > width:
            self._bisect()

    def enclose(self, p):
        """A rational interval containing p(α) (centered form on the current interval)."""
        if self.exact_root is not None:
            v = _peval(p, self.exact_root)
            return v, v
        m = (self.lo + self.hi) / 2
        r = (self.hi - self.lo) / 2
        big = max(abs(self.lo), abs(self.hi))
        slope = sum((abs(i * c) * big ** (i - 1) for i, c in enumerate(p) if i), Fraction(0))
        v = _peval(p, m)
        return v - r * slope, v + r * slope

    def reduce(self, p):
        return _pmod(p, self.f)

    def reduce_int(self, p, d):
        """(p mod f, d') for the element p/d with integer p: pseudo-division by the primitive
        integer multiple of f, then removal of the common factor (d' > 0)."""
        fi = self._fi
        a = fi[-1]
        while p and p[-1] == 0:
            p.pop()
        while len(p) >= len(fi):
            c = p[-1]
            k = len(p) - len(fi)
            p = [a * x for x in p]
            for i, b in enumerate(fi):
                if b:
                    p[k + i] -= c * b
            d *= a
            while p and p[-1] == 0:
                p.pop()
        if d < 0:
            p, d = [-x for x in p], -d
        g = d
        for x in p:
            if g == 1:
                break
            g = gcd(g, x)
        if g > 1:
            p, d = [x // g for x in p], d // g
        return p, d

    @property
    def f(self):
        return self._f

    @f.setter
    def f(self, value):
        self._f = value
        den = 1
        for c in value:
            den = den * c.denominator // gcd(den, c.denominator)
        ints = [c.numerator * (den // c.denominator) for c in value]
        g = 0
        for x in ints:
            g = gcd(g, x)
        self._fi = [x // g for x in ints]
        if self._fi[-1] < 0:
            self._fi = [-x for x in self._fi]

    def _interval_eval(self, p):
        lo, hi = Fraction(0), Fraction(0)
        a, b = self.lo, self.hi
        for c in reversed(p):
            prods = (lo * a, lo * b, hi * a, hi * b)
            lo, hi = min(prods) + c, max(prods) + c
        return lo, hi

    def _bisect(self):
        mid = (self.lo + self.hi) / 2
        fm = _peval(self.f, mid)
        if fm == 0:
            self.exact_root = mid
        elif _sign(fm) == _sign(_peval(self.f, self.lo)):
            self.lo = mid
        else:
            self.hi = mid

    def sign(self, p) -> int:
        """The sign of p(α), exactly (p a polynomial in T)."""
        p = self.reduce(p)
        if not p:
            return 0
        g = _pgcd(p, self.f)
        if len(g) > 1:  # f splits: keep the factor that has α as a root
            if self.exact_root is not None:
                at_root = _peval(g, self.exact_root) == 0
            else:
                at_root = _sign(_peval(g, self.lo)) != _sign(_peval(g, self.hi))
            self.f = g if at_root else _monic(_pdivmod(self.f, g)[0])
            if at_root:
                return 0
            p = self.reduce(p)
        for _ in range(100000):
            if self.exact_root is not None:
                return _sign(_peval(p, self.exact_root))
            lo, hi = self._interval_eval(p)
            if lo > 0:
                return 1
            if hi < 0:
                return -1
            self._bisect()
        raise _invalid("sign refinement did not terminate")  # unreachable: p(α) ≠ 0


class Elt:
    """An element p(T)/den of Q[T]/(f) (integer coefficients and one denominator, for speed),
    usable inside the main kernel's polynomial code (it mixes with Fractions and ints)."""

    __slots__ = ("p", "d", "F")

    def __init__(self, coeffs, F, den=None):
        self.F = F
        if den is None:  # from Fractions / ints
            coeffs = [Fraction(c) for c in coeffs]
            den = 1
            for c in coeffs:
                den = den * c.denominator // gcd(den, c.denominator)
            coeffs = [c.numerator * (den // c.denominator) for c in coeffs]
        self.p, self.d = F.reduce_int(list(coeffs), den)

    @property
    def c(self):
        """The coefficients as Fractions, reduced modulo the current f."""
        p, d = self.F.reduce_int(list(self.p), self.d)
        return [Fraction(x, d) for x in p]

    @staticmethod
    def _lift(x, F):
        return x if isinstance(x, Elt) else Elt([x], F)

    def __add__(self, o):
        o = Elt._lift(o, self.F)
        a, b = self.p, o.p
        if self.d == o.d:
            d = self.d
            n = max(len(a), len(b))
            s = [(a[i] if i < len(a) else 0) + (b[i] if i < len(b) else 0) for i in range(n)]
        else:
            d = self.d * o.d
            n = max(len(a), len(b))
            s = [(a[i] * o.d if i < len(a) else 0) + (b[i] * self.d if i < len(b) else 0) for i in range(n)]
        return Elt(s, self.F, d)

    __radd__ = __add__

    def __neg__(self):
        return Elt([-x for x in self.p], self.F, self.d)

    def __sub__(self, o):
        return self + (-Elt._lift(o, self.F))

    def __rsub__(self, o):
        return (-self) + o

    def __mul__(self, o):
        if not isinstance(o, Elt):
            o = Fraction(o)
            return Elt([x * o.numerator for x in self.p], self.F, self.d * o.denominator)
        a, b = self.p, o.p
        if not a or not b:
            return Elt([], self.F, 1)
        out = [0] * (len(a) + len(b) - 1)
        for i, x in enumerate(a):
            if x:
                for j, y in enumerate(b):
                    out[i + j] += x * y
        return Elt(out, self.F, self.d * o.d)

    __rmul__ = __mul__

    def __truediv__(self, o):
        if isinstance(o, Elt):
            return self * Elt(_pxgcd_inverse(o.c, self.F.f), self.F)
        o = Fraction(o)
        return Elt([x * o.denominator for x in self.p], self.F, self.d * o.numerator)

    def __bool__(self):
        return bool(self.p)

    def __eq__(self, o):
        return not (self - o).c

    def __hash__(self):
        return hash((tuple(self.p), self.d))


# --- inertia over Q(α) --------------------------------------------------------------------------

def inertia(A, F):
    """(n_plus, n_minus, n_zero) of the symmetric matrix A (entries Elt) at α, exactly.

    Symmetric elimination: a pivot with non-zero value at α contributes its sign and is
    eliminated (Schur complement); if every remaining diagonal entry vanishes at α but an
    off-diagonal one A_ij does not, the congruence e_i ↦ e_i + e_j makes the diagonal entry
    2A_ij non-zero; if every remaining entry vanishes, the rest are zero eigenvalues."""
    A = [list(row) for row in A]
    alive = list(range(len(A)))
    plus = minus = 0
    while alive:
        piv, s = None, 0
        for i in alive:
            s = F.sign(A[i][i].c)
            if s:
                piv = i
                break
        if piv is None:
            pair = next(((i, j) for i in alive for j in alive if i < j and F.sign(A[i][j].c)), None)
            if pair is None:
                break
            i, j = pair
            for k in range(len(A)):
                A[i][k] = A[i][k] + A[j][k]
            for k in range(len(A)):
                A[k][i] = A[k][i] + A[k][j]
            piv, s = i, F.sign(A[i][i].c)
            if s == 0:
                raise _invalid("inertia: congruence step failed")  # unreachable
        if s > 0:
            plus += 1
        else:
            minus += 1
        alive.remove(piv)
        inv = Elt([Fraction(1)], F) / A[piv][piv]
        for i in alive:
            f = A[i][piv] * inv
            if f:
                for j in alive:
                    A[i][j] = A[i][j] - f * A[piv][j]
    return plus, minus, len(alive)


# --- rational intervals ---------------------------------------------------------------------------

class Iv:
    """A closed interval [a, b] with rational endpoints; exact interval arithmetic."""

    __slots__ = ("a", "b")

    def __init__(self, a, b=None):
        self.a = Fraction(a)
        self.b = self.a if b is None else Fraction(b)

    @staticmethod
    def _l(x):
        return x if isinstance(x, Iv) else Iv(x)

    def __add__(self, o):
        o = Iv._l(o)
        return Iv(self.a + o.a, self.b + o.b)

    __radd__ = __add__

    def __neg__(self):
        return Iv(-self.b, -self.a)

    def __sub__(self, o):
        return self + (-Iv._l(o))

    def __rsub__(self, o):
        return Iv._l(o) - self

    def __mul__(self, o):
        o = Iv._l(o)
        ps = (self.a * o.a, self.a * o.b, self.b * o.a, self.b * o.b)
        return Iv(min(ps), max(ps))

    __rmul__ = __mul__

    def __truediv__(self, o):
        o = Iv._l(o)
        if o.a <= 0 <= o.b:
            raise ZeroDivisionError("interval division by an interval containing 0")
        return self * Iv(1 / o.b, 1 / o.a)

    def __bool__(self):
        return self.a != 0 or self.b != 0

    def __eq__(self, o):
        o = Iv._l(o)
        return self.a == o.a and self.b == o.b

    __hash__ = None

    def sign(self) -> int:
        """+1 / −1 when the interval excludes 0, else 0 (undecided)."""
        return 1 if self.a > 0 else (-1 if self.b < 0 else 0)


def interval_inertia(A):
    """Inertia shared by every symmetric matrix in the interval matrix A, or None if undecided.

    Each elimination step takes a diagonal pivot whose interval excludes 0 (the one farthest
    from 0 relative to its width); Sylvester's law of inertia gives one sign per pivot."""
    A = [[x if isinstance(x, Iv) else Iv(x) for x in row] for row in A]
    alive = list(range(len(A)))
    plus = minus = 0
    while alive:
        cands = [i for i in alive if A[i][i].sign()]
        if not cands:
            return None
        piv = max(cands, key=lambda i: min(abs(A[i][i].a), abs(A[i][i].b)))
        s = A[piv][piv].sign()
        plus, minus = plus + (s > 0), minus + (s < 0)
        alive.remove(piv)
        for i in alive:
            f = A[i][piv] / A[piv][piv]
            for j in alive:
                A[i][j] = A[i][j] - f * A[piv][j]
    return plus, minus, 0


# --- the check ----------------------------------------------------------------------------------

def _qlist(v, name):
    from . import _q
    if not isinstance(v, list):
        raise _invalid(f"{name} must be a list of exact numbers")
    return [_q(x) for x in v]


def _mats(inst, flat):
    W, k = [], 0
    for r, c in inst["shapes"]:
        W.append([flat[k + i * c:k + (i + 1) * c] for i in range(r)])
        k += r * c
    return W


def _pow(x, k, one):
    out = one
    for _ in range(k):
        out = out * x
    return out


def check(cert) -> None:
    """Raise :class:`exactland.kernel.Invalid` unless the algebraic certificate proves its claim.

    >>> from exactland.kernel import Invalid
    >>> try:
    ...     check({"exactland_certificate": 1, "kernel": "algebraic", "claim": "global_max"})
    ... except Invalid as err:
    ...     print(err)
    unknown claim 'global_max' for an algebraic point
    """
    import sys
    if not hasattr(sys, "set_int_max_str_digits"):
        return _check(cert)
    saved = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)  # exact coefficients of high-degree fields are long; restored below
    try:
        return _check(cert)
    finally:
        sys.set_int_max_str_digits(saved)


def _check(cert) -> None:
    from . import _instance, _int, _q, gradient, hessian, loss_poly
    claim = cert.get("claim")
    if claim not in CLAIMS:
        raise _invalid(f"unknown claim {claim!r} for an algebraic point")
    inst = _instance(cert["instance"])
    pt = cert["point"]
    f = _qlist(pt["minpoly"], "minpoly")
    if not isinstance(pt["interval"], list) or len(pt["interval"]) != 2:
        raise _invalid("interval must be a list [lo, hi] of two exact numbers")
    lo, hi = (_q(x) for x in pt["interval"])
    F = Field(f, lo, hi)
    f0 = list(F.f)
    n = sum(r * c for r, c in inst["shapes"])
    nums = pt["numerators"]
    if not isinstance(nums, list) or len(nums) != n:
        raise _invalid(f"point needs {n} coordinate numerators")
    den = _trim(_qlist(pt.get("denominator", ["1"]), "denominator"))
    bits = _int(cert.get("precision_bits", 128), "precision_bits")
    if not 8 <= bits <= 100000:
        raise _invalid("precision_bits must lie in [8, 100000]")
    F.refine(bits)
    dlo, dhi = F.enclose(den)
    if dlo <= 0 <= dhi:
        raise _invalid("cannot show that the denominator D(α) is non-zero")
    # exact gradient over Q[T]/(f) of the rescaled instance (see the module docstring)
    L = len(inst["shapes"])
    one = Elt([Fraction(1)], F)
    D = Elt(den, F)
    DL = _pow(D, L, one)
    D2L2 = _pow(D, 2 * L - 2, one)
    scaled = dict(inst)
    scaled["Y"] = [[DL * y for y in row] for row in inst["Y"]]
    if inst["reg"]:
        scaled["reg"] = [[[D2L2 * lam for lam in row] for row in Lk] for Lk in inst["reg"]]
    v = [Elt(_qlist(c, f"numerators[{i}]"), F) for i, c in enumerate(nums)]
    V = _mats(inst, v)
    for i, e in enumerate(gradient(scaled, V)):
        rest = _trim(_pmod(e.c, f0)) if isinstance(e, Elt) else _trim([Fraction(e)])
        if rest:
            raise _invalid(f"gradient component {i} is not 0 in Q[T]/(f)")
    if "loss" in cert:  # the stated N(T) with L(x(α)) = N(α) / D(α)^(2L)
        lhs = Elt(_qlist(cert["loss"], "loss"), F)
        rhs = loss_poly(scaled, V, [])[0]
        if _trim(_pmod((lhs - rhs).c, f0)):
            raise _invalid("stated loss is not L(x(α))")
    if claim == "critical_point" and "inertia" not in cert:
        return
    stated = tuple(_int(x, "inertia") for x in cert["inertia"])
    # interval Hessian at an enclosure of x(α)
    xs = []
    for c in nums:
        a, b = F.enclose(_qlist(c, "numerator"))
        xs.append(Iv(a, b) / Iv(dlo, dhi))
    got = interval_inertia(hessian(inst, _mats(inst, xs)))
    if got is None:  # singular (or too coarse): decide exactly over Q(α)
        Fx = Field(f, lo, hi, squarefree=True)
        Dinv = Elt([Fraction(1)], Fx) / Elt(den, Fx)
        x = [Elt(_qlist(c, "numerator"), Fx) * Dinv for c in nums]
        Hm = [[e if isinstance(e, Elt) else Elt([Fraction(e)] if e else [], Fx) for e in row]
              for row in hessian(inst, _mats(inst, x))]
        got = inertia(Hm, Fx)
    if got != stated:
        raise _invalid(f"stated inertia {stated} but the Hessian at α has inertia {got}")
    p, m, z = got
    need = {"local_min": m == 0 and z == 0, "local_max": p == 0 and z == 0, "strict_saddle": p > 0 and m > 0,
            "critical_point": True}[claim]
    if not need:
        raise _invalid(f"inertia {got} does not entail {claim}")
