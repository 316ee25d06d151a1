"""Exact enumeration of the critical points of a small instance: counted, located, classified.

``solve(inst, backend="auto" | "msolve" | "sympy", timeout=None)`` returns a :class:`SolveResult`:

* ``dimension`` — 0 when the critical set is finite;
* ``complex_count`` (with multiplicity, the dimension of Q[x]/I for the raw gradient ideal I),
  ``complex_count_distinct``, ``real_count``;
* ``points`` — every real critical point, exactly (:class:`~exactland.solve.points.CriticalPoint`:
  ``.exact``, ``.loss``, ``.loss_decimal``, ``.cls``, ``.certificate``, ``.approx(digits)``);
* ``complete`` — ``"certified"`` (exact Gröbner computation over Q), ``"probabilistic"`` (msolve's
  multimodular answer) or ``"partial"`` (a time limit or a failure; ``message`` says what is missing).

Every reported point is verified by the kernel: the gradient vanishes there exactly (in Q for
rational points, in Q[T]/(f) for algebraic ones), and its class is certified.  Backends:
:mod:`~exactland.solve.msolve` (the msolve binary) and :mod:`~exactland.solve.groebner` (sympy,
pure Python).  Positive-dimensional critical sets: see :func:`solve` and ``docs/solve.md``.

>>> from exactland.instance import Instance, DeepLinear, Tikhonov
>>> inst = Instance(DeepLinear((1, 1, 1)), [[1]], [[2]],
...                 regularization=Tikhonov(([["1/4"]], [["1/4"]])))
>>> res = solve(inst, backend="sympy")
>>> res.dimension, res.complex_count, res.real_count, sorted(p.cls for p in res.points)
(0, 5, 3, ['global_min', 'global_min', 'strict_saddle'])
"""

from __future__ import annotations

import random as _random

import time
from dataclasses import dataclass, field
from fractions import Fraction

from ..instance import Instance
from ..numbers import fmt
from . import realroots as rr
from .digits import allow_long_ints
from .msolve import SolverTimeout, find_msolve
from .points import AlgebraicNumber, CriticalPoint, classify_point, compare, gradient_vanishes


__all__ = ["solve", "SolveResult", "CriticalPoint", "AlgebraicNumber", "SolverTimeout", "find_msolve"]


@dataclass
class SolveResult:
    """All critical points of an instance (see the module docstring for the fields)."""

    instance: Instance
    backend: str
    dimension: int | None = None
    complex_count: int | None = None
    complex_count_distinct: int | None = None
    real_count: int | None = None
    points: list = field(default_factory=list)
    complete: str = "partial"
    message: str = ""
    components: list = field(default_factory=list)   # positive-dimensional case: what was sampled
    timings: dict = field(default_factory=dict)
    seed: int = 0
    reduced: list = field(default_factory=list)   # symmetry-reduced subsystems (method "structured")
    method: str = "raw"

    def summary(self) -> str:
        """``'21 complex, 5 real: 2 global min, 1 local min, 2 strict saddles'``-style line."""
        from collections import Counter
        names = {"global_min": "global min", "local_min": "local min", "strict_saddle": "strict saddles",
                 "non_strict_saddle": "non-strict saddles", "local_max": "local max",
                 "inconclusive": "inconclusive", "not_critical": "not critical"}
        cnt = Counter(p.cls for p in self.points)
        parts = ", ".join(f"{cnt[k]} {names.get(k, k)}" for k in names if cnt[k])
        if self.dimension:
            head = f"critical set of dimension {self.dimension}; {len(self.points)} sampled real points"
        else:
            cc = "?" if self.complex_count is None else self.complex_count
            rc = "?" if self.real_count is None else self.real_count
            head = f"{cc} complex, {rc} real"
        return f"{head}: {parts or 'no points'} [{self.complete}]"

    @allow_long_ints
    def to_json(self) -> dict:
        """The CLI's JSON (keys: dimension, complex_count, complex_count_distinct, real_count, points, ...)."""
        points, fields, index = [p.to_json() for p in self.points], [], {}
        for pj in points:  # points of one field share (minpoly, numerators, denominator): store them once
            c = pj["coordinates"]
            if isinstance(c, dict) and "numerators" in c:
                key = (tuple(c["minpoly"]), tuple(map(tuple, c["numerators"])), tuple(c.get("denominator", ())))
                if key not in index:
                    index[key] = len(fields)
                    fields.append({k: c[k] for k in ("minpoly", "numerators", "denominator")})
                c["field"] = index[key]
                for k in ("minpoly", "numerators", "denominator"):
                    del c[k]
                c["meaning"] = c["meaning"].replace("numerators[i](T) / denominator(T)",
                                                    "fields[field].numerators[i](T) / fields[field].denominator(T)"
                                                    ).replace("of minpoly", "of fields[field].minpoly")
        return {"dimension": self.dimension, "complex_count": self.complex_count,
                "complex_count_distinct": self.complex_count_distinct, "real_count": self.real_count,
                "points": points, "fields": fields, "complete": self.complete,
                "message": self.message, "backend": self.backend, "components": self.components,
                "summary": self.summary(), "seed": self.seed, "method": self.method,
                "symmetry_reduced": self.reduced,
                "loss_normalization": f"{fmt(self.instance.loss.scale)}·‖ŷ − y‖²"
                                      + (" + Σ λ_ij W_ij²" if self.instance.regularization else "")}


# --- parametrization -> verified real points -----------------------------------------------------

def points_from_parametrization(inst: Instance, elim, den, params, form, deadline=None,
                                system=None) -> tuple[list, str]:
    """Real points of ``x_i = -v_i(t)/(c_i den(t))`` at the real roots t of elim; each verified exactly.

    Returns ``(points, message)``; points whose gradient does not vanish are dropped and counted in
    the message (a backend fault), which makes the result partial."""
    from .points import BOX_FROM_DEGREE, boxes_disjoint, certify_by_box, descartes_interval
    n = inst.n_params
    elim = [Fraction(c) for c in elim]
    den = [Fraction(c) for c in den]
    points, bad = [], 0
    import flint
    fnums, fden = rr.param_polys(den, params, form, n)
    memo = []  # box certificates so far: sign-flipped copies are tried first for the next points
    for f in rr.squarefree_factors(elim):
        roots = rr.real_roots_of(f)
        if not roots:
            continue
        if len(f) == 2:  # a rational root: evaluate
            a = -f[0] / f[1]
            fa = flint.fmpq(a.numerator, a.denominator)
            d = fden(fa)
            nums = [_trim([Fraction(int((v(fa) / d).p), int((v(fa) / d).q))]) for v in fnums]
            D = [Fraction(1)]
        else:
            F = rr.to_flint(f)
            nums = [rr.from_flint(v % F) if not v.is_zero() else [] for v in fnums]
            D = rr.from_flint(fden % F)
        checked = None
        for (_, lo, hi) in roots:
            if deadline is not None and time.monotonic() > deadline:
                return points, "time limit reached while verifying points"
            pt = CriticalPoint(inst, f, lo, hi, nums, D)
            if len(f) - 1 >= BOX_FROM_DEGREE and certify_by_box(inst, pt, memo):
                points.append(pt)  # kernel-checked Krawczyk box containing the point (see certify_by_box)
                continue
            pt.lo, pt.hi = descartes_interval(f, pt.lo, pt.hi)  # the algebraic kernel's isolation test
            if checked is None or pt.is_rational:  # one exact check covers every root of f
                checked = gradient_vanishes(inst, pt, system)
            if checked:
                points.append(pt)
            else:
                bad += 1
    msg = f"{bad} point(s) from the backend failed the exact gradient check and were dropped" if bad else ""
    if not boxes_disjoint(points):
        msg = (msg + "; " if msg else "") + ("two certified boxes overlap: they may hold the same critical point "
                                             "(count of distinct real critical points not certified)")
    return points, msg


def _trim(p):
    p = list(p)
    while p and p[-1] == 0:
        p.pop()
    return p


def _sub(p, q):
    n = max(len(p), len(q))
    return _trim([(p[i] if i < len(p) else 0) - (q[i] if i < len(q) else 0) for i in range(n)])


def is_coercive(inst: Instance) -> bool:
    """All Tikhonov weights positive: the loss tends to infinity, so its global minimum is a critical point."""
    reg = inst.regularization
    return reg is not None and all(x > 0 for w in reg.weights for row in w for x in row)


def classify_all(res: SolveResult, deadline=None, seed: int = 0, kernel_degree_limit=None) -> None:
    """Classify every point of ``res`` (exact, certified); mark the least critical value global when
    the list is complete and the loss is coercive.  Stops at ``deadline`` (then partial)."""
    done = []
    for pt in res.points:
        if deadline is not None and time.monotonic() > deadline:
            pt.cls, pt.reason = "inconclusive", "time limit reached before this point was classified"
            res.complete = "partial"
            res.message = (res.message + "; " if res.message else "") + "time limit reached during classification"
            continue
        classify_point(res.instance, pt, seed=seed, kernel_degree_limit=kernel_degree_limit)
        done.append(pt)
    if res.dimension == 0 and res.complete != "partial" and is_coercive(res.instance) and done:
        best = [done[0]]
        undecided = False
        for pt in done[1:]:
            try:
                c = _cmp_loss(pt, best[0])
            except ArithmeticError:
                undecided, c = True, 0
            if c < 0:
                best = [pt]
            elif c == 0:
                best.append(pt)
        for pt in best:
            if undecided:
                pt.notes.append("least critical value up to a tie that exact comparison did not decide "
                                "(high-degree loss values); not labelled global")
                continue
            if pt.cls == "local_min" or pt.cls == "inconclusive":
                pt.notes.append(f"global minimum: the least critical value of a coercive loss, over a "
                                f"{res.complete} enumeration of all critical points (the certificate covers "
                                f"the local class; globality rests on the enumeration)")
                pt.cls = "global_min"


def _cmp_loss(a: CriticalPoint, b: CriticalPoint) -> int:
    la, lb = a.loss, b.loss
    la = AlgebraicNumber([-la, Fraction(1)], la, la) if isinstance(la, Fraction) else la
    lb = AlgebraicNumber([-lb, Fraction(1)], lb, lb) if isinstance(lb, Fraction) else lb
    if la.rational is not None and lb.rational is not None:
        return (la.rational > lb.rational) - (la.rational < lb.rational)
    if getattr(a, "orbit", None) is not None and a.orbit == getattr(b, "orbit", None):
        return 0  # members of one sign orbit: the same reduced point T, so the same loss exactly
    from .points import BoxLoss, same_critical_value
    if isinstance(la, BoxLoss) and isinstance(lb, BoxLoss) and not (la.hi < lb.lo or lb.hi < la.lo):
        if same_critical_value(a.instance, a, b):
            return 0  # a sign-flip symmetry maps one certified critical point onto the other
    return compare(la, lb)


# --- the entry point --------------------------------------------------------------------------------

#: ``method="auto"`` uses the symmetry-reduced method from this many parameters on.  Measured (best
#: of 7 runs, 2 cores): (2,1,2) (4 parameters) raw 27 ms, structured 38 ms (its per-subsystem msolve
#: runs and probes are fixed costs); (3,1,3) (6) raw 79 ms, structured 64 ms; (2,2,2) (8) 2.3 s vs 0.7 s
STRUCTURED_FROM = 6


@allow_long_ints
def solve(inst: Instance, backend: str = "auto", timeout: float | None = None, seed: int = 0,
          classify: bool = True, kernel_degree_limit: int | None = None, method: str = "auto",
          threads: int = 1, homotopy: str = "auto") -> SolveResult:
    """Every real critical point of ``inst``, exactly, with counts, classes and certificates.

    ``backend``: ``"msolve"``, ``"sympy"`` or ``"auto"`` (msolve when installed).  ``timeout`` (seconds)
    bounds the whole call; when it runs out the result is ``complete == "partial"`` with a message and
    whatever was verified so far.  ``seed`` drives the random linear forms and slices.
    Positive-dimensional critical sets (e.g. unregularized deep linear networks): the dimension is
    reported and random rational affine slices of that codimension pick sample points on the
    components they meet; their class is per point, never extended to the component.
    ``method``: ``"raw"`` (the gradient system as it is), ``"structured"`` (zero-unit split + sign
    quotient, :mod:`exactland.solve.structured`: one hidden layer, every Tikhonov weight > 0, msolve)
    or ``"auto"`` (structured when it applies and the instance has ≥ ``STRUCTURED_FROM`` parameters).
    ``threads``: msolve threads.  ``homotopy`` (structured method only): ``"auto"`` solves a
    subsystem whose ideal has degree ≥ :data:`~exactland.solve.structured.HOMOTOPY_FROM_DEGREE`
    (msolve's first prime) by monodromy with certified complex Krawczyk boxes
    (:mod:`exactland.solve.homotopy`) instead of msolve's multimodular lifting; ``"always"`` does so
    for every subsystem, ``"never"`` for none.
    """
    if not isinstance(inst, Instance):
        raise TypeError(f"solve needs an exactland Instance (deep linear), got {type(inst).__name__}")
    if backend not in ("auto", "msolve", "sympy"):
        raise ValueError(f"unknown backend {backend!r} (choose msolve, sympy or auto)")
    if backend == "auto":
        backend = "msolve" if find_msolve() else "sympy"
    if backend == "msolve" and not find_msolve():
        raise ValueError("msolve is not installed here; use --backend sympy")
    if method not in ("auto", "raw", "structured"):
        raise ValueError(f"unknown method {method!r} (choose raw, structured or auto)")
    from .structured import not_applicable
    why = not_applicable(inst)
    if method == "structured" and (why or backend != "msolve"):
        raise ValueError(f"method 'structured' does not apply: {why or 'it needs the msolve backend'}")
    if homotopy not in ("auto", "always", "never"):
        raise ValueError(f"unknown homotopy mode {homotopy!r} (choose auto, always or never)")
    if homotopy == "always" and (method == "raw" or why or backend != "msolve"):
        raise ValueError("homotopy 'always' needs the structured method "
                         f"({why or 'not with method raw' if method == 'raw' else why or 'it needs msolve'})")
    if method == "auto":
        method = ("structured" if not why and backend == "msolve" and
                  (inst.n_params >= STRUCTURED_FROM or homotopy == "always") else "raw")
    start = time.monotonic()
    deadline = None if timeout is None else start + timeout
    res = SolveResult(inst, backend, seed=seed, method=method)
    from .system import gradient_system
    system = gradient_system(inst)
    cv = None
    if backend == "msolve" and method == "raw":  # critical values, in parallel (a second msolve process)
        cv = _start_critical_values(system, None, deadline)
    try:
        if method == "structured":
            from .structured import solve_structured
            solve_structured(res, deadline, seed, threads, homotopy)
        elif backend == "msolve":
            from .msolve_backend import solve_msolve
            solve_msolve(res, system, deadline, seed)
        else:
            from .groebner import solve_sympy
            solve_sympy(res, system, deadline, seed)
    except SolverTimeout as err:
        res.complete = "partial"
        res.message = (res.message + "; " if res.message else "") + str(err)
    if cv is not None:
        attach_critical_values(res, res.points, cv)
    res.timings["solve"] = time.monotonic() - start
    if classify:
        t0 = time.monotonic()
        classify_all(res, deadline, seed, kernel_degree_limit)
        res.timings["classify"] = time.monotonic() - t0
    res.real_count = res.real_count if res.real_count is not None or res.dimension else None
    return res


_POOL = None


def _start_critical_values(system, loss, deadline, cancel=None):
    """Start computing the critical-value polynomial (msolve elimination of (I + (ℓ − L)) ∩ Q[ℓ],
    :mod:`exactland.solve.critical_values`) in a background thread — msolve runs as a separate process,
    so it uses the second core while the main solve runs.  Returns a Future.  ``cancel``: a
    threading.Event; setting it kills that msolve (the Future then raises SolverTimeout)."""
    global _POOL
    from concurrent.futures import ThreadPoolExecutor
    from .critical_values import compute_and_prepare as compute_critical_value_polynomial
    if _POOL is None:
        _POOL = ThreadPoolExecutor(max_workers=2)
    left = None if deadline is None else max(1.0, deadline - time.monotonic())
    if cancel is not None:
        from .msolve import cancellable
        return _POOL.submit(cancellable, cancel, compute_critical_value_polynomial, system, loss, left, "msolve")
    future = _POOL.submit(compute_critical_value_polynomial, system, loss, left, "msolve")
    if hasattr(system, "__dict__"):  # a GradientSystem: solve_msolve times a background task after it
        system.__dict__["_cv_future"] = future
    return future


def attach_critical_values(res, points, future) -> None:
    """Replace the certified loss enclosures of ``points`` by exact algebraic numbers: the unique root
    of the critical-value polynomial in the (kernel-checked) enclosure.  Why this is the loss: the
    box holds a true critical point θ* with L(θ*) in the enclosure, and every critical value is a root
    of that polynomial (msolve: probabilistic).  Points whose enclosure does not isolate a root keep
    the enclosure (noted)."""
    from .critical_values import identify
    from .points import BoxLoss
    todo = [p for p in points if isinstance(p.loss_value, BoxLoss)]
    try:
        cvp = future.result()
    except Exception as err:  # a time limit or a failure: the enclosures stay, the message says so
        if todo:
            res.message = (res.message + "; " if res.message else "") + (
                f"critical values not computed ({type(err).__name__}: {err}); losses of {len(todo)} point(s) "
                "are kernel-checked enclosures")
        return
    missed = 0
    for p in todo:
        try:
            a = identify(cvp.coeffs, p.loss_value.lo, p.loss_value.hi)
        except ValueError:
            a = None
        if a is None:
            missed += 1
            continue
        p.loss_value = a
        p.notes.append("loss: the unique root of the critical-value polynomial (msolve elimination, "
                       "probabilistic) in the kernel-checked loss enclosure")
    if missed:
        res.message = (res.message + "; " if res.message else "") + (
            f"{missed} loss enclosure(s) did not isolate a root of the critical-value polynomial")


def remaining(deadline) -> float | None:
    """Seconds left before ``deadline`` (None: no limit); raises SolverTimeout when none are left."""
    if deadline is None:
        return None
    left = deadline - time.monotonic()
    if left <= 0:
        raise SolverTimeout("time limit reached")
    return left


def random_form(n: int, rng: _random.Random) -> list[int]:
    """A random integer linear form (seeded), used to separate points."""
    return [rng.randint(-9, 9) or 1 for _ in range(n)]
