"""Exact real critical points: rational ones and real algebraic ones, with their class and certificate.

A point with irrational coordinates is ``x = c(α)`` with α the root of a square-free (here
irreducible) f in an isolating interval (lo, hi) and each coordinate a polynomial of degree <
deg f.  It is classified by the kernel's own exact procedure (:mod:`exactland.kernel.algebraic`):
the gradient vanishes in Q[T]/(f), and the Hessian's inertia is decided by exact sign
determination at α.  A rational point (deg f = 1) goes through :func:`exactland.classify.classify`,
whose certificates the main kernel checks (including global-minimum and higher-order ones).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from ..instance import Instance
from ..numbers import fmt
from . import realroots as rr
from .digits import allow_long_ints


@dataclass
class AlgebraicNumber:
    """A real algebraic number: the unique root of the irreducible ``minpoly`` in (lo, hi).

    >>> a = AlgebraicNumber([Fraction(-2), Fraction(0), Fraction(1)], Fraction(1), Fraction(2))
    >>> a.decimal(10)
    '1.414213562'
    """

    minpoly: list
    lo: Fraction
    hi: Fraction

    @property
    def rational(self) -> Fraction | None:
        if len(self.minpoly) == 2:
            return -self.minpoly[0] / self.minpoly[1]
        return None

    def enclosure(self, bits: int) -> tuple[Fraction, Fraction]:
        if self.rational is not None:
            return self.rational, self.rational
        if self.hi - self.lo > Fraction(1, 2 ** bits) and bits > 24:
            ball = rr.arb_root(self.minpoly, self.lo, self.hi, bits)  # interval Newton (fast)
            if ball is not None:
                lo, hi = rr.arb_to_interval(ball)
                self.lo, self.hi = max(self.lo, lo), min(self.hi, hi)
        lo, hi = rr.refine(self.minpoly, self.lo, self.hi, bits)
        self.lo, self.hi = lo, hi
        return lo, hi

    def decimal(self, digits: int = 30) -> str:
        """Decimal digits from an exact enclosure much narrower than the last digit."""
        import mpmath
        lo, hi = self.enclosure(int(digits * 3.33) + 20)
        with mpmath.workdps(digits + 10):
            mid = mpmath.mpf(lo.numerator) / lo.denominator / 2 + mpmath.mpf(hi.numerator) / hi.denominator / 2
            return mpmath.nstr(mid, digits)

    def to_json(self):
        if self.rational is not None:
            return fmt(self.rational)
        return {"minpoly": [fmt(c) for c in self.minpoly], "interval": [fmt(self.lo), fmt(self.hi)]}

    def __str__(self):
        r = self.rational
        return fmt(r) if r is not None else f"root of {_poly_str(self.minpoly)} in ({fmt(self.lo)}, {fmt(self.hi)})"


class LossValue:
    """The loss at a high-degree algebraic point: exactly N(α)/D(α)^(2L), with rational enclosures
    (its minimal polynomial is not computed: too costly for such degrees)."""

    def __init__(self, pt):
        self.pt = pt
        self.rational = None

    def enclosure(self, bits: int):
        return self.pt.loss_enclosure(bits)

    def decimal(self, digits: int = 30) -> str:
        import mpmath
        bits = int(digits * 3.33) + 40
        while True:
            lo, hi = self.enclosure(bits)
            with mpmath.workdps(digits + 5):
                a = mpmath.nstr(mpmath.mpf(lo.numerator) / lo.denominator, digits)
                b = mpmath.nstr(mpmath.mpf(hi.numerator) / hi.denominator, digits)
            if a == b or bits > 4000:
                return a
            bits *= 2

    def to_json(self):
        pt = self.pt
        return {"numerator": [fmt(c) for c in pt.loss_numerator()],
                "denominator_power": 2 * len(pt.instance.model.shapes),
                "meaning": "loss = numerator(T) / denominator(T)^denominator_power at the point's T"}

    def __str__(self):
        return f"≈ {self.decimal(20)} (exact: N(α)/D(α)^k, see JSON)"


def _poly_str(p) -> str:
    terms = []
    for i in range(len(p) - 1, -1, -1):
        c = p[i]
        if c:
            terms.append(f"{fmt(c)}" + ("" if i == 0 else ("·T" if i == 1 else f"·T^{i}")))
    return " + ".join(terms) or "0"


def compare(a, b) -> int:
    """Exact comparison of two real algebraic numbers (-1, 0, 1); raises ArithmeticError when a
    high-degree :class:`LossValue` cannot be separated from the other number (an undecided tie)."""
    if isinstance(a, AlgebraicNumber) and isinstance(b, AlgebraicNumber) and a.minpoly == b.minpoly:
        if a.rational is not None:
            return 0
        c = _compare_conjugates(a, b)
        if c is not None:
            return c
        roots = rr.real_roots_of(a.minpoly)
        ia = _which_root(a, roots)
        ib = _which_root(b, roots)
        return (ia > ib) - (ia < ib)
    bits = 16
    while True:
        alo, ahi = a.enclosure(bits)
        blo, bhi = b.enclosure(bits)
        if ahi < blo:
            return -1
        if bhi < alo:
            return 1
        bits *= 2
        if bits > 1 << 12:  # distinct minimal polynomials: the values differ, so this ends
            raise ArithmeticError("comparison did not separate the two numbers (undecided tie)")


def _compare_conjugates(a: AlgebraicNumber, b: AlgebraicNumber, max_bits: int = 1 << 12):
    """Exact order of two roots of one polynomial f = a.minpoly, each the unique root of f in its
    interval, without isolating every root of f: disjoint intervals order the roots; overlapping ones
    hold the same root iff f changes sign on their intersection (it holds at most one root: exactly
    one iff the sign changes), else both are refined until they separate.  None (the caller falls back
    to full root isolation) when f vanishes at an endpoint (not irreducible of degree ≥ 2) or the
    roots did not separate by ``max_bits``."""
    f = a.minpoly
    bits = 16
    while True:
        for x in (a.lo, a.hi, b.lo, b.hi):
            if rr.sign_at(f, x) == 0:
                return None
        if a.hi <= b.lo:  # f(a.hi) ≠ 0: root(a) < a.hi ≤ b.lo < root(b)
            return -1
        if b.hi <= a.lo:
            return 1
        lo, hi = max(a.lo, b.lo), min(a.hi, b.hi)
        if rr.sign_at(f, lo) != rr.sign_at(f, hi):
            return 0  # the intersection holds a root of f: the unique root of both intervals
        bits *= 2
        if bits > max_bits:
            return None
        a.enclosure(bits)
        b.enclosure(bits)


def _which_root(a: AlgebraicNumber, roots) -> int:
    bits = 8
    while True:
        lo, hi = a.enclosure(bits)
        hits = [i for i, (_, rlo, rhi) in enumerate(roots) if not (hi < rlo or rhi < lo)]
        if len(hits) == 1:
            return hits[0]
        bits *= 2
        roots = [(f, *rr.refine(f, rlo, rhi, bits)) for f, rlo, rhi in roots]


def algebraic_value(elt: list, f: list, lo: Fraction, hi: Fraction) -> AlgebraicNumber:
    """The real number elt(α) (α the root of irreducible f in (lo, hi)) as an :class:`AlgebraicNumber`.

    Its minimal polynomial divides the characteristic polynomial of multiplication by elt in Q[T]/(f).
    """
    elt = rr.from_flint(rr.to_flint(elt) % rr.to_flint(f)) if elt else []
    if len(elt) <= 1:
        c = elt[0] if elt else Fraction(0)
        return AlgebraicNumber([-c, Fraction(1)], c, c)
    import flint
    d = len(f) - 1
    cols = []
    basis_elt = rr.to_flint(elt)
    F = rr.to_flint(f)
    for j in range(d):
        e = (basis_elt * rr.to_flint([0] * j + [1])) % F
        c = rr.from_flint(e) if not e.is_zero() else []
        cols.append(c + [Fraction(0)] * (d - len(c)))
    M = flint.fmpq_mat(d, d, [flint.fmpq(cols[j][i].numerator, cols[j][i].denominator)
                              for i in range(d) for j in range(d)])
    chi = rr.from_flint(flint.fmpq_poly(list(M.charpoly().coeffs())))
    candidates = []
    for g in rr.squarefree_factors(chi):
        candidates.extend(rr.real_roots_of(g))
    bits = 16
    while True:
        lo, hi = rr.refine(f, lo, hi, bits)
        vlo, vhi = _interval_eval(elt, lo, hi)
        hits = [(g, a, b) for g, a, b in candidates if not (vhi < a or b < vlo)]
        if len(hits) == 1:
            return AlgebraicNumber(*hits[0])
        candidates = [(g, *rr.refine(g, a, b, bits)) for g, a, b in candidates]
        bits *= 2
        if bits > 1 << 16:
            raise ArithmeticError("could not identify the algebraic value")


def _interval_eval(p, lo, hi):
    a, b = Fraction(0), Fraction(0)
    for c in reversed(p):
        prods = (a * lo, a * hi, b * lo, b * hi)
        a, b = min(prods) + c, max(prods) + c
    return a, b


@dataclass
class CriticalPoint:
    """One exact real critical point (see :func:`exactland.solve.solve`)."""

    instance: Instance
    minpoly: list                  # f, irreducible; degree 1 for a rational point
    lo: Fraction
    hi: Fraction
    numerators: list               # coordinate i = numerators[i](α) / denominator(α) (lowest degree first)
    denominator: list = field(default_factory=lambda: [Fraction(1)])
    cls: str = "inconclusive"
    certificate: dict | None = None
    inertia: tuple | None = None
    reason: str = ""
    loss_value: AlgebraicNumber | None = None
    notes: list = field(default_factory=list)

    @property
    def is_rational(self) -> bool:
        return len(self.minpoly) == 2

    @property
    def alpha(self) -> Fraction | None:
        return -self.minpoly[0] / self.minpoly[1] if self.is_rational else None

    @property
    def exact(self):
        """Rationals (a list of Fraction) for a rational point, else the algebraic description (dict)."""
        if self.is_rational:
            a = self.alpha
            d = rr._peval(self.denominator, a)
            return [rr._peval(c, a) / d for c in self.numerators]
        return {"minpoly": [fmt(c) for c in self.minpoly], "interval": [fmt(self.lo), fmt(self.hi)],
                "numerators": [[fmt(c) for c in p] for p in self.numerators],
                "denominator": [fmt(c) for c in self.denominator],
                "meaning": "coordinate i is numerators[i](T) / denominator(T) at the unique root T of "
                           "minpoly in the open interval (coefficients lowest degree first)"}

    @property
    def loss(self):
        """The exact loss: a Fraction, or an :class:`AlgebraicNumber`."""
        if self.loss_value is None:
            if self.is_rational:
                from ..landscape import Landscape
                L = Landscape(self.instance).loss(self.instance.unflatten(self.exact))
                self.loss_value = AlgebraicNumber([-L, Fraction(1)], L, L)
            elif len(self.minpoly) - 1 > KERNEL_DEGREE_LIMIT:
                return LossValue(self)
            else:
                self.loss_value = algebraic_value(self.loss_element(), self.minpoly, self.lo, self.hi)
        r = self.loss_value.rational
        return r if r is not None else self.loss_value

    def coordinates_mod_f(self) -> list:
        """Each coordinate as a polynomial in T reduced modulo f (python-flint, exact)."""
        if self.is_rational:
            return [[x] if x else [] for x in self.exact]
        dinv = rr.mod_inverse(self.denominator, self.minpoly)
        return [rr.mulmod(v, dinv, self.minpoly) if v else [] for v in self.numerators]

    def loss_numerator(self) -> list:
        """N(T) with L(x(α)) = N(α) / D(α)^(2L) (L = number of layers), reduced mod f (flint, exact)."""
        from .system import gradient_system
        sysm = gradient_system(self.instance)
        return eval_hom(sysm.loss, self.numerators, self.denominator, self.minpoly,
                        2 * len(self.instance.model.shapes))

    def loss_element(self) -> list:
        """L(x(T)) reduced modulo f (python-flint, exact; inverts D, so only for small degrees)."""
        if self.is_rational:
            from ..landscape import Landscape
            L = Landscape(self.instance).loss(self.instance.unflatten(self.exact))
            return [L] if L else []
        from .system import gradient_system
        sysm = gradient_system(self.instance)
        return eval_mod(sysm.loss, self.coordinates_mod_f(), self.minpoly)

    def loss_enclosure(self, bits: int = 128) -> tuple[Fraction, Fraction]:
        """A rational interval containing the loss (kernel interval routine on a fine enclosure of α)."""
        if self.is_rational:
            L = self.loss
            return L, L
        bits = bits + working_bits(self)
        self.lo, self.hi = rr.tighten(self.minpoly, self.lo, self.hi, bits + 8)
        from ..kernel.algebraic import Field, Iv
        from ..kernel import _instance, loss_poly
        from ..kernel.algebraic import _mats
        F = Field(self.minpoly, self.lo, self.hi)
        F.refine(bits)
        dlo, dhi = F.enclose(self.denominator)
        xs = [Iv(*F.enclose(c)) / Iv(dlo, dhi) for c in self.numerators]
        kinst = _instance(self.instance.to_json())
        v = loss_poly(kinst, _mats(kinst, xs), [])[0]
        return (v.a, v.b) if isinstance(v, Iv) else (Fraction(v), Fraction(v))

    @property
    def loss_decimal(self) -> str:
        v = self.loss
        return v.decimal(30) if not isinstance(v, Fraction) else AlgebraicNumber(
            [-v, Fraction(1)], v, v).decimal(30)

    def approx(self, digits: int = 30):
        """Coordinates as mpmath numbers (flat order), from an exact enclosure of α (numerical)."""
        import mpmath
        if self.is_rational:
            return [mpmath.mpf(x.numerator) / x.denominator for x in self.exact]
        # rigorous enclosures first: msolve's coordinate polynomials have huge, cancelling coefficients,
        # so evaluating them at a few hundred bits would lose every digit
        return midpoints(point_enclosure(self, working_bits(self) + int(digits * 3.33) + 64), digits)

    @allow_long_ints
    def to_json(self) -> dict:
        ex = self.exact
        coords = [fmt(x) for x in ex] if isinstance(ex, list) else ex
        lv = self.loss
        return {"coordinates": coords, "loss": fmt(lv) if isinstance(lv, Fraction) else lv.to_json(),
                "loss_decimal": self.loss_decimal, "class": self.cls, "inertia": None if self.inertia is None
                else list(self.inertia), "reason": self.reason, "notes": self.notes,
                "certificate": self.certificate}


def midpoints(enclosures, digits: int):
    """Midpoints of rational intervals as mpmath numbers with ``digits`` digits (numerical output)."""
    import mpmath
    with mpmath.workdps(digits + 10):
        vals = [(mpmath.mpf(a.numerator) / a.denominator + mpmath.mpf(b.numerator) / b.denominator) / 2
                for a, b in enclosures]
    with mpmath.workdps(digits):
        return [+v for v in vals]


def eval_mod(poly, xs, f) -> list:
    """The sympy ring polynomial ``poly`` at x = xs (elements of Q[T]/(f)), reduced mod f (flint)."""
    import flint
    F = rr.to_flint(f)
    X = [rr.to_flint(x) if x else flint.fmpq_poly([]) for x in xs]
    powers = {}

    def pw(i, e):
        key = (i, e)
        if key not in powers:
            powers[key] = X[i] if e == 1 else (pw(i, e - 1) * X[i]) % F
        return powers[key]
    acc = flint.fmpq_poly([])
    for monom, coeff in poly.terms():
        term = flint.fmpq_poly([flint.fmpq(int(coeff.numerator), int(coeff.denominator))])
        for i, e in enumerate(monom):
            if e:
                term = (term * pw(i, e)) % F
        acc += term
    acc = acc % F
    return rr.from_flint(acc) if not acc.is_zero() else []


def eval_hom(poly, nums, den, f, degree: int) -> list:
    """D^degree · poly(v/D) reduced modulo f (python-flint), without inverting D: each term
    c·v^a gets the factor D^(degree − |a|); ``degree`` must be ≥ the total degree of ``poly``."""
    import flint
    F = rr.to_flint(f)
    V = [rr.to_flint(x) if x else flint.fmpq_poly([]) for x in nums]
    Dp = rr.to_flint(den)
    cache = {}

    def pw(base, key, e):
        if (key, e) not in cache:
            cache[(key, e)] = flint.fmpq_poly([1]) if e == 0 else (pw(base, key, e - 1) * base) % F
        return cache[(key, e)]
    acc = flint.fmpq_poly([])
    for monom, coeff in poly.terms():
        term = flint.fmpq_poly([flint.fmpq(int(coeff.numerator), int(coeff.denominator))])
        for i, e in enumerate(monom):
            if e:
                term = (term * pw(V[i], i, e)) % F
        term = (term * pw(Dp, "D", degree - sum(monom))) % F
        acc += term
    acc = acc % F
    return rr.from_flint(acc) if not acc.is_zero() else []


def algebraic_certificate(inst: Instance, pt: CriticalPoint, claim: str, inertia=None, loss=None,
                          bits: int = 128) -> dict:
    """``loss`` (optional): N(T) with L(x(α)) = N(α)/D(α)^(2L)."""
    """The "algebraic" certificate of ``pt`` (checked by :mod:`exactland.kernel.algebraic`)."""
    cert = {"exactland_certificate": 1, "kernel": "algebraic", "claim": claim, "instance": inst.to_json(),
            "point": {"minpoly": [fmt(c) for c in pt.minpoly], "interval": [fmt(pt.lo), fmt(pt.hi)],
                      "numerators": [[fmt(c) for c in p] for p in pt.numerators],
                      "denominator": [fmt(c) for c in pt.denominator]},
            "precision_bits": bits}
    if loss is not None:
        cert["loss"] = [fmt(c) for c in loss]
    if inertia is not None:
        cert["inertia"] = list(inertia)
    return cert


def gradient_vanishes(inst: Instance, pt: CriticalPoint, system=None) -> bool:
    """Exact (python-flint) check that every gradient component vanishes in Q[T]/(f) at the point.

    This is the fast untrusted-side check; the kernel repeats it in pure Python (:func:`classify_point`)."""
    from .system import gradient_system
    system = system or gradient_system(inst)
    if pt.is_rational:
        from ..landscape import Landscape
        return not any(Landscape(inst).gradient_vector(inst.unflatten(pt.exact)))
    return all(not eval_hom(g, pt.numerators, pt.denominator, pt.minpoly, max(sum(m) for m in g.monoms()))
               for g in system.polys)


#: fields of larger degree are not re-checked by the pure-Python kernel inside solve() (too slow);
#: their certificates can still be re-checked with ``exactland verify``.
KERNEL_DEGREE_LIMIT = 8

#: irrational points of fields of at least this degree are certified by interval boxes first
#: (:func:`certify_by_box`); the exact in-field route (gradient in Q[T]/(f), ``"algebraic"``
#: certificate) is the fallback when the box fails (e.g. a singular Hessian).  Measured: the
#: algebraic kernel's rational-interval inertia check took 87 s on one degree-8 point of a
#: regularized (2,2,1) network, the box 0.02 s.  Losses stay exact for fields of degree ≤
#: KERNEL_DEGREE_LIMIT (minimal polynomial by a characteristic polynomial) and beyond that come
#: from the critical-value polynomial (:mod:`exactland.solve.critical_values`).
BOX_FROM_DEGREE = 2


def classify_point(inst: Instance, pt: CriticalPoint, seed: int = 0,
                   kernel_degree_limit: int | None = None) -> CriticalPoint:
    """Decide the class of ``pt`` exactly and attach a kernel-checked certificate."""
    from .. import kernel
    kernel_degree_limit = KERNEL_DEGREE_LIMIT if kernel_degree_limit is None else kernel_degree_limit
    if not isinstance(pt, CriticalPoint):
        return pt  # a point of the symmetry-reduced method: certified (or not) where it was found
    if pt.certificate is not None and pt.certificate.get("kernel") == "interval":
        return pt  # already certified (interval box) while the points were built
    if pt.is_rational:
        from ..classify import classify
        v = _speculated(inst, pt.exact, seed) or classify(inst, inst.unflatten(pt.exact), seed=seed)
        pt.cls, pt.certificate, pt.inertia, pt.reason = v.cls, v.certificate, v.inertia, v.reason
        return pt
    pt.lo, pt.hi = rr.tighten(pt.minpoly, pt.lo, pt.hi, working_bits(pt) + 8)
    inn = _guess_inertia(inst, pt)
    cert, cls, why = _algebraic_verdict(inst, pt, inn)
    if len(pt.minpoly) - 1 > kernel_degree_limit:
        return _class_by_intervals(inst, pt, cert, cls, why, inn)
    for _ in range(3):  # widen the working precision if the enclosures were too coarse
        ok, msg = kernel.verify(cert)
        if ok or "non-zero" not in msg:
            break
        cert["precision_bits"] *= 2
    if not ok and "inertia" in msg:
        cert["precision_bits"] *= 2
        ok, msg = kernel.verify(cert)
    if not ok:  # the guess was wrong (e.g. a tiny eigenvalue): decide the inertia exactly, then re-check
        pt.notes.append(f"rational-approximation inertia guess {inn} rejected by the kernel; decided exactly")
        inn = exact_inertia(inst, pt)
        cert, cls, why = _algebraic_verdict(inst, pt, inn)
        ok, msg = kernel.verify(cert)
    if not ok:
        raise ArithmeticError(f"internal error: the kernel rejected an algebraic certificate: {msg}")
    pt.cls, pt.certificate, pt.inertia, pt.reason = cls, cert, inn, why
    return pt


_SPECULATED: dict = {}
_SPEC_POOL = None


def speculate_origin(inst: Instance, seed: int = 0, after=None) -> None:
    """Start classifying θ = 0 — a critical point of every deep linear network with ≥ 2 weight
    matrices (each gradient block has a factor W_j, j ≠ k, or the Tikhonov term λ∘W_k) — in a
    background thread, while msolve runs in its own process and this one only waits.
    :func:`classify_point` then takes that verdict for the rational point 0 instead of recomputing it:
    the same call (:func:`exactland.classify.classify`, same instance, point and seed), so the same
    verdict, whose certificate classify has the kernel check.  Only for coercive instances (every
    Tikhonov weight > 0: finitely many critical points, 0 among them).  ``after`` (a Future, e.g. the
    critical-value msolve running beside the main one): start only when it is done, so that the
    classification takes the core it frees instead of competing with the two msolve processes."""
    global _SPEC_POOL
    reg = inst.regularization
    if len(inst.model.shapes) < 2 or reg is None or not all(x > 0 for w in reg.weights for row in w for x in row):
        return
    from concurrent.futures import ThreadPoolExecutor
    from ..classify import classify
    from .system import _snapshot
    if _SPEC_POOL is None:
        _SPEC_POOL = ThreadPoolExecutor(max_workers=1)
    zero = [Fraction(0)] * inst.n_params
    future = _SPEC_POOL.submit(_after, after, classify, inst, inst.unflatten(zero), seed)
    _SPECULATED.clear()  # one instance at a time: a stale entry is dropped, never reused
    _SPECULATED[(id(inst), seed)] = (inst, _snapshot(inst), future)


def _after(future, fn, *args):
    """``fn(*args)`` once ``future`` is done (whatever its outcome), and at least a moment after the
    call: the caller's thread first gets the interpreter to itself to start msolve (Python threads
    share one interpreter lock; msolve then runs outside it)."""
    import concurrent.futures
    import time as _time
    _time.sleep(SPECULATION_DELAY)
    if future is not None:
        concurrent.futures.wait([future])
    return fn(*args)


#: seconds the speculative classification waits at least before it starts (see :func:`_after`)
SPECULATION_DELAY = 0.002


def _speculated(inst: Instance, exact, seed: int):
    """The verdict of :func:`speculate_origin` for this instance and seed when ``exact`` is the
    origin and the instance is unchanged since, else None."""
    key = (id(inst), seed)
    hit = _SPECULATED.get(key)
    if hit is None or hit[0] is not inst or any(exact):
        return None
    from .system import _snapshot
    _SPECULATED.pop(key, None)
    if hit[1] != _snapshot(inst):
        return None
    try:
        return hit[2].result()
    except Exception:  # classify raised in the background: let the caller run it and raise
        return None


def _guess_inertia(inst: Instance, pt: CriticalPoint):
    """Untrusted guess: the exact inertia of the Hessian at a rational point 2^-200-close to pt."""
    from .. import numbers as nb
    from ..landscape import Landscape
    lo, hi = rr.tighten(pt.minpoly, pt.lo, pt.hi, 200)
    t = (lo + hi) / 2
    d = rr._peval(pt.denominator, t)
    x = [rr._peval(c, t) / d for c in pt.numerators]
    return nb.inertia(Landscape(inst).hessian(inst.unflatten(x)))


def exact_inertia(inst: Instance, pt: CriticalPoint):
    """The Hessian's inertia at the algebraic point, by the kernel's exact procedure."""
    from ..kernel import _instance, hessian
    from ..kernel.algebraic import Elt, Field, inertia
    F = Field(pt.minpoly, pt.lo, pt.hi, squarefree=True)
    x = [Elt(list(c), F) for c in pt.coordinates_mod_f()]
    kinst = _instance(inst.to_json())
    W, k = [], 0
    for r, c in kinst["shapes"]:
        W.append([x[k + i * c:k + (i + 1) * c] for i in range(r)])
        k += r * c
    Hm = [[e if isinstance(e, Elt) else Elt([Fraction(e)] if e else [], F) for e in row]
          for row in hessian(kinst, W)]
    return inertia(Hm, F)


def _class_by_intervals(inst, pt, cert, cls, why, inn):
    """High-degree fields: the kernel's interval-inertia routine decides the class (cheap); the gradient
    identity was checked exactly with python-flint; the full pure-Python kernel re-check is left to
    ``exactland verify`` (slow for such degrees)."""
    from ..kernel import _instance, hessian
    from ..kernel.algebraic import Field, Iv, interval_inertia, _mats
    F = Field(pt.minpoly, pt.lo, pt.hi)
    kinst = _instance(inst.to_json())
    got = None
    for bits in (cert["precision_bits"], 2 * cert["precision_bits"]):
        F.refine(bits)
        dlo, dhi = F.enclose(pt.denominator)
        if dlo <= 0 <= dhi:
            continue
        xs = [Iv(*F.enclose(c)) / Iv(dlo, dhi) for c in pt.numerators]
        got = interval_inertia(hessian(kinst, _mats(kinst, xs)))
        if got is not None:
            cert["precision_bits"] = bits
            break
    note = (f"field degree {len(pt.minpoly) - 1} > {KERNEL_DEGREE_LIMIT}: gradient = 0 checked exactly with "
            "python-flint, inertia decided by the kernel's interval routine; full kernel re-check "
            "(exactland verify) not run here")
    if got is None:
        pt.cls, pt.certificate, pt.inertia = "inconclusive", None, None
        pt.reason = "interval Hessian undecided (singular?) at a high-degree algebraic point"
        pt.notes.append(note)
        return pt
    bits = cert["precision_bits"]
    cert, cls, why = _algebraic_verdict(inst, pt, got)
    cert["precision_bits"] = bits
    pt.cls, pt.certificate, pt.inertia, pt.reason = cls, cert, got, why
    pt.notes.append(note)
    return pt


def _algebraic_verdict(inst: Instance, pt: CriticalPoint, inn):
    p, m, z = inn
    if p and m:
        cls, claim, why = "strict_saddle", "strict_saddle", "indefinite Hessian (exact signs at α)"
    elif z == 0:
        cls = claim = "local_min" if m == 0 else "local_max"
        why = f"Hessian {'positive' if m == 0 else 'negative'} definite (exact signs at α)"
    else:
        cls, claim = "inconclusive", "critical_point"
        why = ("Hessian semidefinite and singular at an irrational point; higher-order tests at algebraic "
               "points are not implemented")
    cert = algebraic_certificate(inst, pt, claim, inn, pt.loss_numerator(), bits=working_bits(pt))
    return cert, cls, why


def working_bits(pt: CriticalPoint) -> int:
    """Enclosure width 2^-bits for interval evaluation at α: enough to beat the coefficient sizes."""
    size = _coefficient_size(pt.numerators, pt.denominator)
    big = max(abs(pt.lo), abs(pt.hi), Fraction(1))
    return 128 + size + (len(pt.minpoly) - 1) * (int(big).bit_length() + 1)


_SIZES: dict = {}


def _coefficient_size(numerators, denominator) -> int:
    """max over the coefficients c of the coordinate polynomials of bits(num c) + bits(den c); cached
    per (numerators, denominator) list objects (shared by every point of one field).  Only a working
    precision derives from it — every enclosure built with it is rigorous at any precision — so the
    cache needs no content check."""
    from .memo import by_identity
    return by_identity(_SIZES, (numerators, denominator), None, lambda: max(
        (abs(c.numerator).bit_length() + c.denominator.bit_length() for p in numerators + [denominator] for c in p),
        default=0))


def descartes_interval(f, lo: Fraction, hi: Fraction) -> tuple[Fraction, Fraction]:
    """Shrink an isolating interval of a simple root until Descartes' rule counts exactly one root
    (what the kernel checks); endpoints stay non-roots."""
    from ..kernel.algebraic import descartes_count
    while descartes_count(f, lo, hi) != 1:
        mid = (lo + hi) / 2
        if rr._peval(f, mid) == 0:
            mid = (lo + 3 * hi) / 4 if rr._peval(f, (lo + 3 * hi) / 4) != 0 else (3 * lo + hi) / 4
        if (rr._peval(f, lo) > 0) == (rr._peval(f, mid) > 0):
            lo = mid
        else:
            hi = mid
    return lo, hi


# --- high-degree fields: interval (Krawczyk) certificates ---------------------------------------------

def point_enclosure(pt: CriticalPoint, bits: int | None = None) -> list[tuple[Fraction, Fraction]]:
    """Exact rational intervals containing each coordinate of the algebraic point ``pt``: α's
    isolating interval is tightened (sign change of f checked exactly) and numerators and denominator
    are evaluated on it in rational interval arithmetic (outward-correct by construction).

    >>> pt = CriticalPoint(None, [Fraction(-2), Fraction(0), Fraction(1)], Fraction(1), Fraction(2),
    ...                    [[Fraction(0), Fraction(1)]], [Fraction(1)])
    >>> lo, hi = point_enclosure(pt, 60)[0]
    >>> 0 < lo and lo * lo < 2 < hi * hi and hi - lo < Fraction(1, 2**50)
    True
    """
    if pt.is_rational:
        return [(x, x) for x in pt.exact]
    bits = working_bits(pt) if bits is None else bits
    ball = rr.arb_root(pt.minpoly, pt.lo, pt.hi, bits)
    if ball is not None:  # arb balls (python-flint): rigorous, and fast at thousands of bits
        enc = rr.arb_eval_ratio(pt.numerators, pt.denominator, ball, bits + 64)
        if enc is not None:
            return enc
    pt.lo, pt.hi = rr.tighten(pt.minpoly, pt.lo, pt.hi, bits)
    P = bits + 64
    dlo, dhi = _dyadic_interval_eval(pt.denominator, pt.lo, pt.hi, P)
    if dlo <= 0 <= dhi:
        raise ArithmeticError("the denominator's enclosure contains 0; more precision needed")
    out = []
    for p in pt.numerators:
        a, b = _dyadic_interval_eval(p, pt.lo, pt.hi, P) if p else (Fraction(0), Fraction(0))
        qs = (a / dlo, a / dhi, b / dlo, b / dhi)
        out.append((min(qs), max(qs)))
    return out


def _dyadic_interval_eval(p, lo: Fraction, hi: Fraction, P: int) -> tuple[Fraction, Fraction]:
    """An interval containing p(x) for every x in [lo, hi]: Horner's rule in interval arithmetic on
    integers scaled by 2^P, every result rounded outward (floor / ceil), so the enclosure is rigorous
    while the numbers stay P bits long.

    >>> a, b = _dyadic_interval_eval([Fraction(-2), Fraction(0), Fraction(1)], Fraction(1), Fraction(3, 2), 30)
    >>> a <= -1 and b >= Fraction(1, 4)
    True
    """
    one = 1 << P
    xl, xh = (lo.numerator * one) // lo.denominator, -((-hi.numerator * one) // hi.denominator)
    a = b = 0
    for c in reversed(p):
        cl = (c.numerator * one) // c.denominator
        ch = -((-c.numerator * one) // c.denominator)
        prods = (a * xl, a * xh, b * xl, b * xh)
        a, b = (min(prods) >> P) + cl, -((-max(prods)) >> P) + ch
    return Fraction(a, one), Fraction(b, one)


def box_of(cert: dict) -> tuple[list[Fraction], Fraction]:
    """Centre (flat, exact) and sup-norm radius of an ``interval`` certificate's box."""
    c = cert["center"]
    r = cert["radius"]
    return ([Fraction(m) * Fraction(2) ** c["exponent"] for m in c["mantissas"]],
            Fraction(r["mantissa"]) * Fraction(2) ** r["exponent"])


#: working precision (bits) of the first, cheap enclosure in :func:`certify_by_box`; the box needs
#: widths ≤ 2^-120 (its radius is about 2^-40, its centre has 100 bits), else the full
#: :func:`working_bits` enclosure is computed.  Measured: 2^-150 widths or better on (2,1,2) and
#: (2,1,1,2), 3× faster than the full precision on degree-80 fields.
BOX_ENCLOSURE_BITS = 160

#: enclosures at most this wide are far narrower than any box radius tried (about 2^-40; centres
#: have 100 bits): their midpoint is taken as the box centre without a Newton step
EXACT_CENTER_WIDTH = Fraction(1, 2 ** 120)


def certify_by_box(inst: Instance, pt: CriticalPoint, memo: list | None = None) -> bool:
    """Certify the algebraic point ``pt`` with an interval (Krawczyk) certificate checked by the kernel
    (:mod:`exactland.kernel.interval`): the box contains exactly one true critical point and the
    Hessian has the stated inertia on the whole box; then check EXACTLY that the algebraic point lies
    in the box (rational interval enclosure of its coordinates inside centre ± radius).  Sets
    ``pt.cls/certificate/inertia/reason``; returns False (point untouched) when this fails (e.g. a
    singular Hessian, which intervals cannot certify).

    ``memo`` (a list kept by the caller across the points of one instance): certificates found so far;
    when a hidden-unit sign flip maps one of their boxes onto this point, the flipped certificate is
    tried first (:func:`~exactland.numeric.certify.mirrored`) — it is re-checked by the kernel like any
    other, and the containment check below is the same."""
    try:
        enc = point_enclosure(pt, BOX_ENCLOSURE_BITS)  # cheap first: usually far narrower than needed
    except ArithmeticError:
        enc = None
    if enc is None or any(b - a > EXACT_CENTER_WIDTH for a, b in enc):
        enc = point_enclosure(pt)  # the worst-case precision (coefficient sizes)
    res, why = certified_box(inst, enc, memo)
    if res is None:
        pt.reason = why.replace("the enclosure", "the algebraic point's enclosure")
        return False
    pt.cls, pt.certificate, pt.inertia = res.cls, res.certificate, tuple(res.inertia)
    if len(pt.minpoly) - 1 > KERNEL_DEGREE_LIMIT:  # else the exact loss comes from the field (loss property)
        pt.loss_value = BoxLoss(*res.loss_enclosure)
    pt.reason = (f"{res.reason}; the algebraic point's exact enclosure lies inside the box, and the box holds "
                 "exactly one critical point")
    pt.notes.append(f"field degree {len(pt.minpoly) - 1}: verified by a kernel-checked "
                    "interval certificate (a unique true critical point in the box, inertia on the whole box) "
                    "plus an exact containment check; the gradient was not expanded in Q[T]/(f), so that the "
                    "algebraic description is that critical point rests on the backend")
    return True


def certified_box(inst: Instance, enc, memo: list | None = None):
    """``(result, "")`` with a kernel-checked interval certificate (:func:`certify_point`) whose box
    contains every interval of the enclosure ``enc`` (checked exactly), or ``(None, why)``.
    ``memo``: see :func:`certify_by_box` (sign-flipped copies of earlier certificates are tried first,
    and new certificates are added to it)."""
    from ..numeric.certify import certify_point
    res = _mirror_of(inst, enc, memo) if memo else None
    if res is None:
        mid = [(a + b) / 2 for a, b in enc]
        # an enclosure far narrower than any box radius tried: its midpoint is the centre, no Newton step
        exact_mid = all(b - a <= EXACT_CENTER_WIDTH for a, b in enc)
        res = certify_point(inst, [float(x) for x in mid], verify=True, center=mid if exact_mid else None)
        if res.certified and memo is not None:
            memo.append(res)
    if not res.certified:
        return None, res.reason
    center, r = box_of(res.certificate)
    if not all(c - r < a and b < c + r for (a, b), c in zip(enc, center)):
        return None, "the certified box does not contain the enclosure"
    return res, ""


def _mirror_of(inst: Instance, enc, memo):
    """A kernel-checked certificate for the box S(B) ∋ enclosure ``enc``, B a box of ``memo`` and S a
    hidden-unit sign flip (a symmetry of the loss), or None."""
    from ..numeric.certify import mirrored
    n_hidden = sum(r for r, _ in inst.model.shapes[:-1])
    if n_hidden > 8:
        return None
    for res in memo:
        center, r = box_of(res.certificate)
        for mask in range(1, 1 << n_hidden):
            S = _flip_signs(inst, mask)
            if all(s * c - r < a and b < s * c + r for s, c, (a, b) in zip(S, center, enc)):
                out = mirrored(inst, res, S)
                if out is not None:
                    return out
    return None


class BoxLoss:
    """The loss at a box-certified point: a kernel-checked rational enclosure [lo, hi] (no exact
    algebraic description computed).  Comparisons that the enclosure cannot separate are undecided."""

    rational = None

    def __init__(self, lo: Fraction, hi: Fraction):
        self.lo, self.hi = Fraction(lo), Fraction(hi)

    def enclosure(self, bits: int):
        return self.lo, self.hi

    def decimal(self, digits: int = 30) -> str:
        import mpmath
        with mpmath.workdps(digits + 5):
            a = mpmath.mpf(self.lo.numerator) / self.lo.denominator
            b = mpmath.mpf(self.hi.numerator) / self.hi.denominator
            d = max(1, min(digits, int(-mpmath.log10(abs(b - a) + mpmath.mpf(10) ** -(digits + 2)))))
            return mpmath.nstr((a + b) / 2, d)

    def to_json(self):
        return {"enclosure": [fmt(self.lo), fmt(self.hi)],
                "meaning": "the loss lies in this interval (checked by the interval certificate's kernel)"}

    def __str__(self):
        return f"∈ [{float(self.lo):.15g}, {float(self.hi):.15g}] (certified enclosure)"


def boxes_disjoint(points) -> bool:
    """True when the boxes of all box-certified points are pairwise disjoint (exact): then they hold
    pairwise distinct critical points."""
    boxes = [box_of(p.certificate) for p in points
             if p.certificate and p.certificate.get("kernel") == "interval"]
    for i in range(len(boxes)):
        for j in range(i):
            (ci, ri), (cj, rj) = boxes[i], boxes[j]
            if all(abs(a - b) <= ri + rj for a, b in zip(ci, cj)):
                return False
    return True


def _flip_signs(inst: Instance, mask: int) -> list[int]:
    """The ±1 vector (flat parameter order) of the hidden-unit sign flip ``mask`` (bit u flips hidden
    unit u: its row in the layer below and its column in the layer above).  It maps critical points to
    critical points of equal loss (the squared loss and the Tikhonov term are invariant)."""
    shapes = inst.model.shapes
    signs, unit = [], 0
    hidden = []
    for r, _c in shapes[:-1]:
        hidden.append([-1 if (mask >> (unit + i)) & 1 else 1 for i in range(r)])
        unit += r
    for k, (r, c) in enumerate(shapes):
        for i in range(r):
            for j in range(c):
                signs.append((hidden[k][i] if k < len(shapes) - 1 else 1) * (hidden[k - 1][j] if k > 0 else 1))
    return signs


def same_critical_value(inst: Instance, a: CriticalPoint, b: CriticalPoint) -> bool:
    """Exact proof that the box-certified points a and b have the same loss, when a hidden-unit sign
    flip S maps a's box into a (re-certified, larger) box around b: the unique critical point of that
    box is then S(θ_a), whose loss equals L(θ_a).  False when no flip does (undecided, not "different")."""
    from ..numeric.certify import certify_point
    if not (a.certificate and b.certificate and a.certificate.get("kernel") == b.certificate.get("kernel") == "interval"):
        return False
    ca, ra = box_of(a.certificate)
    cb, _ = box_of(b.certificate)
    n_hidden = sum(r for r, _ in inst.model.shapes[:-1])
    if n_hidden > 12:
        return False
    for mask in range(1, 1 << n_hidden):
        S = _flip_signs(inst, mask)
        if max(abs(s * x - y) for s, x, y in zip(S, ca, cb)) > ra:
            continue
        res = certify_point(inst, [float(x) for x in cb], radii=[float(4 * ra)], verify=True)
        if not res.certified:
            continue
        c2, r2 = box_of(res.certificate)
        if all(abs(s * x - y) + ra < r2 for s, x, y in zip(S, ca, c2)) and all(
                abs(x - y) + rb < r2 for x, y, rb in zip(cb, c2, [box_of(b.certificate)[1]] * len(cb))):
            return True
    return False
