"""Exact critical VALUES: a univariate polynomial over Q vanishing at every critical value, and the
identification of one loss value (known by a rational enclosure) as a real algebraic number.

For a polynomial system I = (g_1, ..., g_s) ⊂ Q[x] (the gradient of the loss L) the set of values
{L(θ) : θ ∈ V_C(I)} is the zero set of the elimination ideal

    J = (I + (ℓ − L(x))) ∩ Q[ℓ] = {p : p(L) ∈ I},

and J ≠ 0 when L takes finitely many values on V(I) — always for a critical set: L is constant on each
irreducible component of {∇L = 0} (dL vanishes on its smooth, connected locus), so J ≠ 0 even when
the critical set is positive-dimensional (unregularized deep linear networks).
:func:`critical_value_polynomial` returns the monic generator of J:

* **msolve** (``-e n -g 2``: block order eliminating the n parameters, reduced Gröbner basis of the
  elimination ideal over Q).  msolve's multimodular algorithm stops on a probabilistic criterion, so
  the answer is **probabilistic** — the same status as the msolve enumeration itself.
* **sympy** (pure Python, small instances): a grevlex Gröbner basis G of I (exact over Q, in a child
  process killed at the time limit).  Zero-dimensional I: the minimal polynomial of the
  multiplication-by-L matrix on Q[x]/I (standard monomials of G), which *is* the generator of J
  (p(M_L) = 0 ⇔ p(L) ∈ I).  Positive-dimensional I: a lex Gröbner basis of I + (ℓ − L) with ℓ last;
  its element in Q[ℓ] generates J (elimination theorem).  Either way **certified** (exact).

:func:`identify` then turns a rigorous rational enclosure [lo, hi] of one critical value (e.g. the
kernel-checked ``BoxLoss`` enclosure of a box-certified critical point) into an exact
:class:`~exactland.solve.points.AlgebraicNumber`: the irreducible factor q of the polynomial having
exactly one root in [lo, hi] (Descartes' rule of signs on the Möbius-transformed factor; 0 or 1
sign variations are exact counts), and no other factor having a root there.

**Correctness argument.**  If θ* is a (real) critical point, L(θ*) is a root of every p ∈ J.  If
[lo, hi] ∋ L(θ*) (kernel-checked) and the square-free part of p has exactly one real root in
[lo, hi], that root is L(θ*).  This does *not* use any description of θ* itself — only that θ* is a
critical point (which the interval kernel proves) and that p ∈ J.  The only unproved link is p ∈ J
for msolve's p (probabilistic); the sympy backend's p is exact.  Also: two values identified with the
same minimal polynomial and intersecting isolating intervals are *exactly* equal
(:func:`same_value`), which decides ties between box-certified points exactly.

>>> from exactland.instance import Instance, DeepLinear, Tikhonov
>>> from exactland.solve.system import gradient_system
>>> inst = Instance(DeepLinear((1, 1, 1)), [[1]], [[2]], regularization=Tikhonov(([["1/4"]], [["1/4"]])))
>>> p = critical_value_polynomial(gradient_system(inst), backend="sympy")
>>> [str(c) for c in p]          # L = ½(ab − 2)² + (a² + b²)/4: values 2 (at 0), 7/8 (minima), −9/8 (complex points)
['63/32', '-95/64', '-7/4', '1']
>>> str(identify(p, Fraction(2), Fraction(2))), str(identify(p, Fraction(1, 10), Fraction(1)))
('2', '7/8')
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from fractions import Fraction

from .msolve import SolverTimeout, find_msolve
from .points import AlgebraicNumber
from . import realroots as rr
from .digits import allow_long_ints

__all__ = ["critical_value_polynomial", "compute_critical_value_polynomial", "compute_and_prepare",
           "CriticalValuePolynomial", "identify", "identify_refining", "real_critical_values", "same_value",
           "descartes_count", "parse_univariate", "check_in_field_mod_p", "SolverTimeout"]


# --------------------------------------------------------------------------------------------------
# input normalization

def _ring_and_polys(system, loss_poly):
    """(names, ring, polys, loss) from a GradientSystem, msolve-format text, or a list of sympy
    ring elements; ``loss_poly`` may be a ring element, a text in the variables, or None (system's)."""
    from sympy import QQ
    from sympy.polys.orderings import grevlex
    from sympy.polys.rings import PolyElement, ring

    if hasattr(system, "polys") and hasattr(system, "gens") and hasattr(system, "loss"):  # GradientSystem
        R, polys = system.ring, list(system.polys)
        names = [str(g) for g in system.gens]
        loss = system.loss if loss_poly is None else loss_poly
    elif isinstance(system, str):
        lines = [ln for ln in system.strip().splitlines() if ln.strip()]
        if len(lines) < 2:
            raise ValueError("msolve-format system text needs a line of variables and a characteristic line")
        names = [v.strip() for v in lines[0].split(",")]
        if not all(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", v) for v in names) or len(set(names)) != len(names):
            raise ValueError(f"bad variable line {lines[0]!r}: distinct identifiers separated by commas expected")
        if lines[1].strip() != "0":
            raise ValueError(f"characteristic {lines[1].strip()!r}: only characteristic 0 (over Q) is supported")
        R, *_ = ring(",".join(names), QQ, grevlex)
        body = "\n".join(lines[2:])
        polys = [_parse_poly(R, names, t) for t in body.split(",") if t.strip()]
        if loss_poly is None:
            raise ValueError("loss_poly is required with a system given as text")
        loss = loss_poly
    elif isinstance(system, (list, tuple)):
        if not system:
            raise ValueError("empty system: no polynomials given")
        if not all(isinstance(p, PolyElement) for p in system):
            raise TypeError("a list system must hold sympy ring elements (sympy.polys.rings.PolyElement)")
        R = system[0].ring
        if any(p.ring != R for p in system):
            raise ValueError("the polynomials of the system live in different rings")
        polys, names = list(system), [str(g) for g in R.gens]
        if loss_poly is None:
            raise ValueError("loss_poly is required with a system given as a list of polynomials")
        loss = loss_poly
    else:
        raise TypeError(f"system: GradientSystem, msolve text or list of ring elements expected, not "
                        f"{type(system).__name__}")
    if isinstance(loss, str):
        loss = _parse_poly(R, names, loss)
    elif isinstance(loss, PolyElement):
        if loss.ring != R:
            raise ValueError("loss_poly is not in the ring of the system")
    else:
        raise TypeError(f"loss_poly: a ring element or a text polynomial expected, not {type(loss).__name__}")
    if R.domain != QQ:
        R2, *_ = ring(",".join(names), QQ, grevlex)
        polys = [R2(p.as_expr()) for p in polys]
        loss = R2(loss.as_expr())
        R = R2
    return names, R, polys, loss


def _parse_poly(R, names, text):
    import sympy
    text = text.strip().replace("^", "**")
    if not re.fullmatch(r"[\sA-Za-z0-9_+\-*/().]*", text):
        raise ValueError(f"polynomial text has unexpected characters: {text[:60]!r}")
    syms = {n: sympy.Symbol(n) for n in names}
    try:
        expr = sympy.sympify(text, locals=syms, rational=True)
    except (sympy.SympifyError, SyntaxError, TypeError) as exc:
        raise ValueError(f"cannot parse polynomial {text[:60]!r}: {exc}") from None
    free = {str(s) for s in expr.free_symbols}
    if not free <= set(names):
        raise ValueError(f"polynomial uses unknown variables {sorted(free - set(names))}")
    try:
        return R.from_expr(expr)
    except Exception as exc:
        raise ValueError(f"not a polynomial over Q: {text[:60]!r} ({exc})") from None


def _poly_text(p, names) -> str:
    from .system import _poly_text as pt
    return pt(p, names)


def elimination_text(names, polys, loss) -> tuple[str, str]:
    """msolve input for (I + (ℓ − L)) with the parameters first and ℓ last; returns (text, ℓ's name)."""
    ell = "ell"
    while ell in names:
        ell += "l"
    neg = _poly_text(-loss, names)
    last = ell + ("" if neg.startswith("-") else "+") + neg if neg != "0" else ell
    body = ",\n".join([_poly_text(p, names) for p in polys] + [last])
    return f"{','.join(names + [ell])}\n0\n{body}\n", ell


# --------------------------------------------------------------------------------------------------
# msolve

_TERM = re.compile(r"([+-]?)\s*(?:(\d+)(?:\s*/\s*(\d+))?)?\s*\*?\s*(?:([A-Za-z_][A-Za-z0-9_]*)(?:\s*\^\s*(\d+))?)?")


def parse_univariate(text: str, var: str) -> list[Fraction]:
    """The single polynomial of msolve's ``-g 2`` output for a univariate elimination ideal, as
    coefficients (lowest degree first).

    >>> parse_univariate("#c\\n[2*l^2-3/4*l+1]:", "l")
    [Fraction(1, 1), Fraction(-3, 4), Fraction(2, 1)]
    """
    body = "\n".join(ln for ln in text.splitlines() if not ln.lstrip().startswith("#"))
    body = body.strip().rstrip(":").strip()
    if not (body.startswith("[") and body.endswith("]")):
        raise ValueError(f"msolve output: a bracketed Gröbner basis expected, got {body[:80]!r}")
    inner = body[1:-1].strip()
    if "[" in inner or "]" in inner:
        raise ValueError(f"msolve output: unexpected nesting {inner[:80]!r}")
    elems = [e.strip() for e in inner.split(",") if e.strip()]
    if not elems:
        raise ArithmeticError("msolve returned an empty basis: the elimination ideal is zero "
                              "(the polynomial takes infinitely many values on the variety)")
    if len(elems) != 1:
        raise ValueError(f"msolve output: {len(elems)} basis elements for a univariate ideal (expected 1)")
    s = re.sub(r"\s+", "", elems[0])
    coeffs: dict[int, Fraction] = {}
    pos = 0
    while pos < len(s):
        m = _TERM.match(s, pos)
        if not m or m.end() == pos or (m.group(2) is None and m.group(4) is None):
            raise ValueError(f"msolve output: cannot read term at {s[pos:pos + 40]!r}")
        sign, num, den, v, exp = m.groups()
        if v is not None and v != var:
            raise ValueError(f"msolve output: variable {v!r} in the elimination ideal (expected only {var!r})")
        c = Fraction(int(num) if num else 1, int(den) if den else 1)
        if sign == "-":
            c = -c
        e = (int(exp) if exp else 1) if v is not None else 0
        coeffs[e] = coeffs.get(e, Fraction(0)) + c
        pos = m.end()
        if pos < len(s) and s[pos] not in "+-":
            raise ValueError(f"msolve output: unexpected text {s[pos:pos + 40]!r}")
    deg = max(coeffs)
    out = [coeffs.get(i, Fraction(0)) for i in range(deg + 1)]
    while len(out) > 1 and out[-1] == 0:
        out.pop()
    if out == [0]:
        raise ArithmeticError("the elimination ideal is zero (the polynomial takes infinitely many values)")
    return out


def _msolve_elimination(text: str, nelim: int, var: str, timeout, binary=None, threads: int = 1):
    from . import msolve as ms
    out = ms.run(text, timeout=timeout, threads=threads, binary=binary, extra=("-e", nelim, "-g", 2),
                 param=False, what="msolve (elimination)")
    return parse_univariate(out, var)


# --------------------------------------------------------------------------------------------------
# pure-Python fallback (sympy + flint), in a child process so that a time limit can stop it

def _fallback_worker(names, polys_terms, loss_terms, conn):
    try:
        conn.send(("ok", _fallback_compute(names, polys_terms, loss_terms)))
    except BaseException as exc:  # pragma: no cover - reported to the parent
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    conn.close()


def _fallback_compute(names, polys_terms, loss_terms):
    from sympy import QQ
    from sympy.polys.groebnertools import groebner
    from sympy.polys.orderings import grevlex, lex
    from sympy.polys.rings import ring
    from .groebner import dimension_from_leading, standard_monomials

    n = len(names)
    R, *_ = ring(",".join(names), QQ, grevlex)
    mk = lambda R_, terms: R_(dict((m, QQ(a, b)) for m, (a, b) in terms))
    polys = [mk(R, t) for t in polys_terms]
    loss = mk(R, loss_terms)
    G = groebner(polys, R)
    leading = [g.LM for g in G]
    dim = dimension_from_leading(leading, n)
    if dim == -1:
        return [(1, 1)]  # I = (1): no critical point, J = (1)
    if dim == 0:
        import flint
        basis = standard_monomials(leading, n)
        index = {m: k for k, m in enumerate(basis)}
        N = len(basis)
        M = flint.fmpq_mat(N, N)
        one = R.domain.one
        for k, m in enumerate(basis):
            r = (loss * R({m: one})).rem(G)
            for mon, c in r.terms():
                M[index[mon], k] = flint.fmpq(int(c.numerator), int(c.denominator))
        mp_ = M.minpoly()
        return [(int(c.p), int(c.q)) for c in mp_.coeffs()]
    # positive-dimensional: lex basis of I + (ℓ − L), ℓ last (smallest in lex)
    ell = "ell"
    while ell in names:
        ell += "l"
    S, *gens = ring(",".join(list(names) + [ell]), QQ, lex)
    emb = lambda terms: S(dict((tuple(m) + (0,), QQ(a, b)) for m, (a, b) in terms))
    sp = [emb(t) for t in polys_terms] + [gens[-1] - emb(loss_terms)]
    GL = groebner(sp, S)
    uni = [g for g in GL if all(all(e == 0 for e in m[:-1]) for m in g.monoms())]
    if not uni:
        raise ArithmeticError("the elimination ideal is zero (the polynomial takes infinitely many values)")
    g = min(uni, key=lambda g: g.degree(gens[-1]))
    coeffs = [QQ.zero] * (g.degree(gens[-1]) + 1)
    for m, c in g.terms():
        coeffs[m[-1]] = c
    return [(int(c.numerator), int(c.denominator)) for c in coeffs]


def _sympy_fallback(names, polys, loss, timeout):
    from .groebner import call_in_child
    terms = lambda p: [(tuple(m), (int(c.numerator), int(c.denominator))) for m, c in p.terms()]
    status, data = call_in_child(_fallback_worker, (list(names), [terms(p) for p in polys], terms(loss)),
                                 timeout, "the sympy critical-value computation")
    if status != "ok":
        if data.startswith("ArithmeticError"):
            raise ArithmeticError(data.split(": ", 1)[1])
        raise RuntimeError(f"the sympy critical-value computation failed: {data}")
    return [Fraction(a, b) for a, b in data]


# --------------------------------------------------------------------------------------------------
# the public entry points

@dataclass
class CriticalValuePolynomial:
    """The monic generator of (I + (ℓ − L)) ∩ Q[ℓ] (``coeffs``, lowest degree first) and how it was obtained."""

    coeffs: list
    backend: str          # "msolve" | "sympy"
    complete: str         # "probabilistic" (msolve) | "certified" (sympy, exact)
    seconds: float

    @property
    def degree(self) -> int:
        return len(self.coeffs) - 1

    def squarefree(self) -> list[Fraction]:
        """The square-free part (monic): its roots are the distinct critical values, each simple."""
        P = rr.to_flint(self.coeffs)
        q = rr.from_flint(P // P.gcd(P.derivative())) if P.degree() > 0 else [Fraction(1)]
        return [c / q[-1] for c in q]


@allow_long_ints
def compute_critical_value_polynomial(system, loss_poly=None, timeout: float | None = None,
                                      backend: str = "auto", binary: str | None = None) -> CriticalValuePolynomial:
    """See :func:`critical_value_polynomial`; also says which backend answered and whether the
    answer is certified (exact) or probabilistic (msolve)."""
    if backend not in ("auto", "msolve", "sympy"):
        raise ValueError(f"backend must be 'auto', 'msolve' or 'sympy', not {backend!r}")
    if timeout is not None and not timeout > 0:
        raise ValueError(f"timeout must be positive, not {timeout!r}")
    names, R, polys, loss = _ring_and_polys(system, loss_poly)
    if not polys:
        raise ValueError("empty system: no polynomials given")
    if backend == "auto":
        backend = "msolve" if (binary or find_msolve()) else "sympy"
    t0 = time.perf_counter()
    if backend == "msolve":
        text, ell = elimination_text(names, polys, loss)
        coeffs = _msolve_elimination(text, len(names), ell, timeout, binary)
        complete = "probabilistic"
    else:
        coeffs = _sympy_fallback(names, polys, loss, timeout)
        complete = "certified"
    lc = coeffs[-1]
    if lc == 0:
        raise ArithmeticError("backend returned a zero polynomial")
    coeffs = [Fraction(c) / lc for c in coeffs]
    return CriticalValuePolynomial(coeffs, backend, complete, time.perf_counter() - t0)


def compute_and_prepare(*args, **kwargs) -> CriticalValuePolynomial:
    """:func:`compute_critical_value_polynomial`, then the factorization and the exact flint/arb forms
    that :func:`identify` needs, cached for the returned coefficient list (run in the background thread
    of :func:`exactland.solve._start_critical_values`, while the main msolve is usually still busy)."""
    cvp = compute_critical_value_polynomial(*args, **kwargs)
    try:
        for q in _factors_of(cvp.coeffs):
            if len(q) > 2:
                rr.flint_poly(q)
                rr._newton_data(q)
    except (ValueError, ArithmeticError):  # identify reports these itself
        pass
    return cvp


def critical_value_polynomial(system, loss_poly=None, timeout: float | None = None,
                              backend: str = "auto", binary: str | None = None) -> list[Fraction]:
    """The monic generator of the elimination ideal (I + (ℓ − L)) ∩ Q[ℓ] (coefficients lowest degree
    first, Fractions): a nonzero polynomial vanishing at the loss at every complex critical point.

    ``system``: a :class:`~exactland.solve.system.GradientSystem` (``loss_poly`` defaults to its
    ``.loss``), msolve-format text (``"x0,x1\\n0\\npoly,\\npoly\\n"``; ``loss_poly`` as text or ring
    element), or a list of sympy ring elements (with ``loss_poly`` in the same ring).  ``backend``:
    ``"msolve"`` (probabilistic), ``"sympy"`` (exact; small systems), ``"auto"`` (msolve when
    installed).  The constant ``[1]`` means there is no critical point.  Raises
    :class:`~exactland.solve.msolve.SolverTimeout` after ``timeout`` seconds; ``ArithmeticError`` when
    the elimination ideal is zero (L takes infinitely many values on V(I) — impossible for a gradient
    ideal of L, possible for arbitrary input).
    """
    return compute_critical_value_polynomial(system, loss_poly, timeout, backend, binary).coeffs


# --------------------------------------------------------------------------------------------------
# exact root counting and identification

def descartes_count(q, lo: Fraction, hi: Fraction) -> int:
    """Sign variations of (1+y)^d q((lo + hi·y)/(1 + y)): an upper bound on the number of roots of q
    in the open interval (lo, hi), with the same parity; 0 and 1 are exact counts.

    >>> descartes_count([-2, 0, 1], Fraction(1), Fraction(2)), descartes_count([-2, 0, 1], Fraction(-2), Fraction(2))
    (1, 2)
    """
    import flint
    lo, hi = Fraction(lo), Fraction(hi)
    if not lo < hi:
        raise ValueError(f"descartes_count needs lo < hi, got [{lo}, {hi}]")
    Q = rr.flint_poly(q)
    # r(x) = q(lo + (hi − lo)x): roots in (0, 1); then y ↦ x = 1/(1+y) maps (0, ∞) onto (0, 1)
    r = Q(flint.fmpq_poly([flint.fmpq(lo.numerator, lo.denominator),
                           flint.fmpq((hi - lo).numerator, (hi - lo).denominator)]))
    d = r.degree()
    if d <= 0:
        return 0
    rev = flint.fmpq_poly(list(reversed(r.coeffs())))  # x^d r(1/x)
    s = rev(flint.fmpq_poly([1, 1]))
    signs = [(c > 0) - (c < 0) for c in s.coeffs() if c != 0]
    return sum(1 for a, b in zip(signs, signs[1:]) if a != b)


def _quick_count(q, lo: Fraction, hi: Fraction) -> int | None:
    """The number of roots of the square-free q (no rational roots) in [lo, hi] when one ball
    evaluation decides it, else None (then :func:`descartes_count`): 0 when Arb's enclosure of
    q([lo, hi]) excludes 0; 1 when q changes sign between lo and hi (exact signs) and the enclosure
    of q'([lo, hi]) excludes 0 (q strictly monotone there).  Arb's ball arithmetic is rigorous: every
    enclosure contains the true range."""
    try:
        import flint
    except ImportError:  # pragma: no cover - python-flint is a dependency
        return None
    size, P, dP, _ = rr._newton_data(q)
    w = hi - lo
    wbits = max(0, w.denominator.bit_length() - w.numerator.bit_length())
    mag = max(abs(lo), abs(hi), Fraction(1))
    with rr.working_prec(2 * size + 2 * wbits + (len(q) - 1) * (int(mag).bit_length() + 1) + 64):
        arb = lambda x: flint.arb(flint.fmpq(x.numerator, x.denominator))
        ball = flint.arb(arb((lo + hi) / 2), arb(w / 2))  # ⊇ [lo, hi]
        if not P(ball).contains(0):
            return 0
        sl, sh = rr.sign_at(q, lo), rr.sign_at(q, hi)
        if sl != 0 and sh != 0 and sl != sh and not dP(ball).contains(0):
            return 1
    return None


_FACTOR_CACHE: dict = {}


def _factors(poly) -> list[list[Fraction]]:
    """Distinct monic irreducible factors (cached: every point of one instance shares the polynomial)."""
    return [list(q) for q in _cached_factors(_trimmed(poly))]


def _trimmed(poly) -> list[Fraction]:
    coeffs = [Fraction(c) for c in poly]
    while len(coeffs) > 1 and coeffs[-1] == 0:
        coeffs.pop()
    if not coeffs or all(c == 0 for c in coeffs):
        raise ValueError("identify: the zero polynomial vanishes everywhere; a nonzero polynomial is required")
    return coeffs


_BY_ID: dict = {}


def _factors_of(poly) -> list[list[Fraction]]:
    """:func:`_cached_factors` of ``poly``, remembered per list object (every point of an instance
    identifies its loss with the same list; hashing its long coefficients for each point costs more
    than the identification itself).  A hit needs the same object with unchanged coefficients."""
    from .memo import by_identity
    return by_identity(_BY_ID, (poly,), tuple(poly), lambda: _cached_factors(_trimmed(poly)), limit=8)


def _cached_factors(coeffs) -> list[list[Fraction]]:
    """The cache's own factor lists of the trimmed nonzero ``coeffs`` (not to be mutated: their
    flint conversions are cached per list by :func:`~exactland.solve.realroots.flint_poly`)."""
    if len(coeffs) == 1:
        return []
    key = tuple(coeffs)
    if key not in _FACTOR_CACHE:
        if len(_FACTOR_CACHE) > 8:
            _FACTOR_CACHE.clear()
        _FACTOR_CACHE[key] = rr.squarefree_factors(coeffs)
    return _FACTOR_CACHE[key]


def identify(poly, lo, hi) -> AlgebraicNumber | None:
    """The unique root of ``poly`` in the closed rational interval [lo, hi], as an
    :class:`AlgebraicNumber` (monic irreducible minimal polynomial, open isolating interval), or
    ``None`` when [lo, hi] is not proved to hold exactly one distinct root (the caller refines the
    enclosure and asks again).  Raises ``ValueError`` when [lo, hi] provably holds no root (the
    enclosure and the polynomial contradict each other).

    >>> a = identify([-2, 0, 1], Fraction(1), Fraction(3, 2)); a.minpoly, a.decimal(8)
    ([Fraction(-2, 1), Fraction(0, 1), Fraction(1, 1)], '1.4142136')
    >>> identify([-2, 0, 1], Fraction(-2), Fraction(2)) is None
    True
    """
    lo, hi = Fraction(lo), Fraction(hi)
    if lo > hi:
        raise ValueError(f"identify: empty interval [{lo}, {hi}]")
    found, undecided = [], False
    for q in _factors_of(poly):
        if len(q) == 2:  # linear factor: its rational root, compared exactly
            r = -q[0] / q[1]
            if lo <= r <= hi:
                found.append(AlgebraicNumber(list(q), r - 1, r + 1))
            continue
        if lo == hi:  # irreducible of degree ≥ 2: no rational root
            continue
        v = _quick_count(q, lo, hi)
        if v is None:
            v = descartes_count(q, lo, hi)  # q has no rational root, so no root at lo or hi
        if v == 1:
            found.append(AlgebraicNumber(list(q), lo, hi))
        elif v > 1:
            undecided = True
    if len(found) > 1 or (found and undecided) or (not found and undecided):
        return None
    if not found:
        raise ValueError(f"identify: the polynomial has no root in [{lo}, {hi}] (the enclosure and the "
                         "critical-value polynomial disagree)")
    return found[0]


def identify_refining(poly, enclosure, bits: int = 64, max_bits: int = 1 << 16) -> AlgebraicNumber | None:
    """:func:`identify` with an enclosure that can be refined: ``enclosure(bits)`` returns a rational
    interval of width about 2^-bits containing the value (e.g. ``LossValue.enclosure``).  Doubles
    ``bits`` until the interval isolates a root; None if ``max_bits`` is reached."""
    while bits <= max_bits:
        lo, hi = enclosure(bits)
        a = identify(poly, lo, hi)
        if a is not None:
            return a
        bits *= 2
    return None


def real_critical_values(poly) -> list[AlgebraicNumber]:
    """Every real root of ``poly`` (all real critical values when ``poly`` is the critical-value
    polynomial), increasing, each an :class:`AlgebraicNumber` with its irreducible factor."""
    out = []
    for q in _factors(poly):
        for f, a, b in rr.real_roots_of(q):
            out.append(AlgebraicNumber(q, a, b))
    # sort exactly: refine intervals of distinct numbers until disjoint (distinct roots separate)
    from functools import cmp_to_key
    from .points import compare
    return sorted(out, key=cmp_to_key(compare))


def same_value(a: AlgebraicNumber, b: AlgebraicNumber) -> bool:
    """Exact equality of two real algebraic numbers given by monic irreducible minimal polynomials and
    isolating intervals: equal iff the polynomials agree and the root lies in both intervals.

    >>> r2 = [Fraction(-2), Fraction(0), Fraction(1)]
    >>> same_value(AlgebraicNumber(r2, Fraction(1), Fraction(3)), AlgebraicNumber(r2, Fraction(0), Fraction(3, 2)))
    True
    """
    pa, pb = [Fraction(c) for c in a.minpoly], [Fraction(c) for c in b.minpoly]
    pa, pb = [c / pa[-1] for c in pa], [c / pb[-1] for c in pb]
    if pa != pb:
        return False  # distinct monic irreducible polynomials have no common root
    if len(pa) == 2:
        return True
    lo, hi = max(a.lo, b.lo), min(a.hi, b.hi)
    if not lo < hi:
        return False
    # at most one root of the (square-free) irreducible pa in (lo, hi); it is there iff the sign changes
    sl, sh = rr.sign_at(pa, lo), rr.sign_at(pa, hi)
    if sl == 0 or sh == 0:  # impossible for an irreducible polynomial of degree ≥ 2
        raise ArithmeticError("an irreducible polynomial of degree ≥ 2 vanished at a rational point")
    return sl != sh


# --------------------------------------------------------------------------------------------------
# an independent, cheap consistency check against a point's field description

def check_in_field_mod_p(q, loss_poly, numerators, denominator, f, primes: int = 3, seed: int = 0) -> str:
    """Does q vanish at L(x(α)) for x_i = numerators[i](α)/denominator(α), f(α) = 0?  Checked modulo
    ``primes`` random 61-bit primes p (the identity f | H, H(T) = Σ_j q_j N(T)^j E(T)^(d−j) with
    E = D^k and N = D^k·L(x(T)) homogenized, reduced mod p; no division by D).

    Returns ``"refuted"`` when some good prime gives a nonzero residue — an exact proof that
    q(L(α)) ≠ 0 (if f | H over Q, f | H mod every p not dividing a denominator nor lc(f)) — and
    ``"consistent"`` when every prime gives zero (probabilistic evidence only: a nonzero H can
    vanish mod p by chance).  Used to cross-check msolve's elimination polynomial against msolve's
    parametrization (two separate computations) where the exact check in Q[T]/(f) is too costly
    (degree-192 fields with ~10⁴-bit coefficients: the exact reduction did not finish in 10 min).

    ``loss_poly`` is a sympy ring element (e.g. ``gradient_system(inst).loss``); coefficient lists
    lowest degree first.
    """
    import flint
    import random as _random
    rng = _random.Random(seed)
    terms = [(m, Fraction(int(c.numerator), int(c.denominator))) for m, c in loss_poly.terms()]
    k = max((sum(m) for m, _ in terms), default=0)
    if len(numerators) != len(loss_poly.ring.gens):
        raise ValueError(f"{len(numerators)} coordinates for a loss in {len(loss_poly.ring.gens)} variables")
    q = [Fraction(c) for c in q]
    f = [Fraction(c) for c in f]
    denominator = [Fraction(c) for c in denominator]
    numerators = [[Fraction(c) for c in v] for v in numerators]
    dens = {c.denominator for c in q + f + denominator} | {c.denominator for v in numerators for c in v} \
        | {c.denominator for _, c in terms}
    done, tries = 0, 0
    while done < primes:
        tries += 1
        if tries > 50 * primes:
            raise ArithmeticError("no good prime found")
        p = _next_prime(rng.getrandbits(61) | (1 << 60))
        if any(d % p == 0 for d in dens) or f[-1].numerator % p == 0:
            continue
        red = lambda cs: flint.nmod_poly([c.numerator * pow(c.denominator, -1, p) % p for c in cs], p)
        F = red(f)
        D = red(denominator) % F
        X = [red(v) % F if v else flint.nmod_poly([], p) for v in numerators]
        one = flint.nmod_poly([1], p)
        Dpow = [one]
        for _ in range(k):
            Dpow.append((Dpow[-1] * D) % F)
        N = flint.nmod_poly([], p)
        for m, c in terms:
            t = flint.nmod_poly([c.numerator * pow(c.denominator, -1, p) % p], p)
            for i, e in enumerate(m):
                for _ in range(e):
                    t = (t * X[i]) % F
            N = (N + t * Dpow[k - sum(m)]) % F
        E = Dpow[k]
        d = len(q) - 1
        acc = red([q[d]])
        Epow = one
        for j in range(d - 1, -1, -1):
            Epow = (Epow * E) % F
            acc = (acc * N + red([q[j]]) * Epow) % F
        if not acc.is_zero():
            return "refuted"
        done += 1
    return "consistent"


def _next_prime(n: int) -> int:
    import sympy
    return int(sympy.nextprime(n))
