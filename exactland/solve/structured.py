"""Symmetry-reduced solving of regularized one-hidden-layer linear networks (zero-unit split + sign quotient).

Setting: ``L(W₁, W₂) = s‖W₂W₁X − Y‖² + Σ Λ₁∘W₁² + Σ Λ₂∘W₂²`` with every λ > 0.  Hidden unit j owns
row j of W₁ (``r_j``) and column j of W₂ (``c_j``); no parameter belongs to two units.

**Zero-unit split.**  At a critical point (over C) ``r_j = 0 ⟺ c_j = 0``: if r_j = 0 the unit's
output is 0 and ``∂L/∂c_j = 2Λ₂[:, j]∘c_j``, so c_j = 0; symmetrically.  So the critical set is
the disjoint union over subsets S of hidden units of ``V*_S`` = critical points of the network
restricted to the units S with every one of them non-zero (the others zero); ``V*_∅`` = {origin}.

**Sign quotient.**  ``(r_j, c_j) ↦ (−r_j, −c_j)`` preserves L and acts freely on V*_S.  Chart for a
non-zero unit (r_j ≠ 0): pick a random integer vector a_j (first entry 1) with ``u_j = a_j·r_j ≠ 0``
and put ``σ_j = u_j²``, ``ρ_j = r_j/u_j`` (so ``a_j·ρ_j = 1``: one coordinate is eliminated) and
``γ_j = c_j/u_j``.  Then ``c_j r_jᵀ = σ_j γ_j ρ_jᵀ`` and the regularizer of the unit is
``σ_j (A_j(ρ_j) + B_j(γ_j))`` (A, B the weighted squares), so ``L = L̂(σ, ρ, γ)`` with the polynomial
``L̂ = fit(Σ_j σ_jγ_jρ_jᵀ) + Σ_j σ_j(A_j + B_j)``.  The map ``(u, ρ, γ) ↦ (uρ, uγ)`` is a bijection
from {u ≠ 0} onto {a·r ≠ 0} whose only identifications are u ↦ −u, and ∂L/∂u = 2u ∂L̂/∂σ; hence the
orbits of V*_S (away from the hyperplanes a_j·r_j = 0) are exactly the critical points of L̂ with every
σ_j ≠ 0.  ∂L̂/∂ρ_j and ∂L̂/∂γ_j are divisible by σ_j; dividing it out gives the system::

    ∂fit/∂σ_j + A_j + B_j = 0,   (∂fit/∂ρ_j)/σ_j + ∂A_j/∂ρ_j = 0,   (∂fit/∂γ_j)/σ_j + ∂B_j/∂γ_j = 0

(j ∈ S; no saturation variable: the division keeps the equations from degenerating at σ_j = 0, and
solutions with some σ_j = 0 — they would be spurious — are detected exactly per factor of the
eliminant and removed from the counts).  A real solution with every σ_j > 0 gives the 2^|S| real
critical points ``r_j = ±√σ_j ρ_j``, ``c_j = ±√σ_j γ_j``; one with some σ_j < 0 gives none (u_j
imaginary).  Measured: this form has the same number of variables as the raw system and degree ≤ 5;
msolve solves the (2,2,2) subsystem S = {0, 1} (48 orbits) in 0.2 s, against 2.0 s for an earlier
form with γ = u·c and saturation variables, and 1.2 s for the raw (2,2,2) system.

**Counts.**  Raw complex solutions = 1 (origin) + Σ_S 2^|S| · #solutions(S-system), counted without
multiplicity; with multiplicity too when every solution is simple (msolve's degree = the
square-free eliminant's degree for every subsystem, checked).  Probabilistic parts: msolve's
multimodular answer, and that no critical point lies on a chart hyperplane a_j·r_j = 0 (a_j is
random; for sizes where the raw system is solvable the derived count is compared with the raw one
in the tests).

**Verification.**  Each real critical point gets a kernel-checked interval certificate
(:func:`exactland.numeric.certify.certify_point`: Krawczyk box holding exactly one true critical point,
inertia on the whole box), and the orbit point's rigorous enclosure (arb balls from the exact
parametrization) is checked to lie inside the box, exactly; all boxes are checked pairwise disjoint.
"""

from __future__ import annotations

import random as _random
import time
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import combinations

from ..instance import Instance
from ..numbers import fmt
from . import realroots as rr
from .digits import allow_long_ints
from .points import BoxLoss

#: the reduction needs at most this many hidden units (2^h subsystems)
MAX_UNITS = 6


def not_applicable(inst: Instance) -> str | None:
    """Why the structured method does not apply to ``inst`` (None when it does)."""
    shapes = inst.model.shapes
    if len(shapes) != 2:
        return "the symmetry-reduced method handles one hidden layer only (two weight matrices)"
    reg = inst.regularization
    if reg is None or not all(x > 0 for w in reg.weights for row in w for x in row):
        return "the zero-unit split needs a Tikhonov regularizer with every weight > 0"
    if shapes[0][0] > MAX_UNITS:
        return f"more than {MAX_UNITS} hidden units"
    return None


@dataclass
class ReducedSystem:
    """The quotient system of the unit set S (see the module docstring)."""

    units: tuple
    names: list
    polys: list
    loss: object          # the loss at critical points, a polynomial in the reduced variables
    gens: list
    charts: dict          # unit -> integer vector a_j (a_j[0] = 1)
    layout: dict          # unit -> (index of σ_j, indices of free ρ_j, indices of γ_j)

    def msolve_order(self) -> list:
        """The variable order given to msolve: a ρ coordinate last (msolve eliminates to the last
        variable when it separates; on the (2,2,2) network this halves the eliminant's bit size and
        cuts msolve's time by a third compared with σ or w last — measured)."""
        rho = [self.names[i] for j in self.units for i in self.layout[j][1]]
        if not rho:
            return list(self.names)
        return [nm for nm in self.names if nm != rho[0]] + [rho[0]]

    def to_msolve(self) -> str:
        from .system import _poly_text
        return (",".join(self.msolve_order()) + "\n0\n" +
                ",\n".join(_poly_text(p, self.names) for p in self.polys) + "\n")

    def full_rho(self, j, vals):
        """ρ_j from the free coordinates (values in any ring supporting + and *)."""
        a = self.charts[j]
        _, free, _ = self.layout[j]
        rest = [vals[i] for i in free]
        first = 1 - sum(a[k + 1] * rest[k] for k in range(len(rest)))
        return [first] + rest


def reduced_system(inst: Instance, S, seed: int = 0) -> ReducedSystem:
    """Build the S-system over QQ (sympy sparse polynomials, exact)."""
    from sympy import QQ
    from sympy.polys.orderings import grevlex
    from sympy.polys.rings import ring
    (h, d0), (d2, _) = inst.model.shapes
    rng = _random.Random(1000003 * seed + sum(1 << j for j in S))
    names, layout = [], {}
    for j in S:
        i0 = len(names)
        names += [f"s{j}"] + [f"r{j}_{i}" for i in range(1, d0)] + [f"g{j}_{i}" for i in range(d2)]
        layout[j] = (i0, list(range(i0 + 1, i0 + d0)), list(range(i0 + d0, i0 + d0 + d2)))
    R, *gens = ring(",".join(names), QQ, grevlex)
    q = lambda f: QQ(f.numerator, f.denominator)
    charts = {j: [1] + [rng.choice([-3, -2, -1, 1, 2, 3]) for _ in range(d0 - 1)] for j in S}
    rho, gam, sig = {}, {}, {}
    for j in S:
        i_s, free, gi = layout[j]
        sig[j] = gens[i_s]
        rest = [gens[i] for i in free]
        rho[j] = [R.one - sum((charts[j][k + 1] * rest[k] for k in range(d0 - 1)), R.zero)] + rest
        gam[j] = [gens[i] for i in gi]
    lam1, lam2 = inst.regularization.weights
    X = [[q(x) for x in row] for row in inst.X]
    Y = [[q(y) for y in row] for row in inst.Y]
    m = len(X[0])
    XM = [[sum((rho[j][c] * X[c][t] for c in range(d0)), R.zero) for t in range(m)] for j in S]  # ρ_jᵀX
    fit = R.zero
    for i in range(d2):
        for t in range(m):
            e = sum((sig[j] * gam[j][i] * XM[k][t] for k, j in enumerate(S)), R.zero) - Y[i][t]
            fit += e * e
    fit = fit * q(inst.loss.scale)
    A = {j: sum((q(lam1[j][c]) * rho[j][c] ** 2 for c in range(d0)), R.zero) for j in S}
    B = {j: sum((q(lam2[i][j]) * gam[j][i] ** 2 for i in range(d2)), R.zero) for j in S}
    polys = []
    for j in S:
        i_s, free, gi = layout[j]
        polys.append(fit.diff(sig[j]) + A[j] + B[j])
        for i in free + gi:  # ∂L̂/∂v = σ_j·(…): divide the unit's own σ_j out (exact division)
            quo, rem = fit.diff(gens[i]).div(sig[j])
            if rem:
                raise AssertionError("internal error: the reduced gradient is not divisible by σ")
            polys.append(quo + (A[j] + B[j]).diff(gens[i]))
    loss = fit + sum((sig[j] * (A[j] + B[j]) for j in S), R.zero)
    return ReducedSystem(tuple(S), names, polys, loss, list(gens), charts, layout)


# --- points -----------------------------------------------------------------------------------------------

@dataclass(kw_only=True)
class _Verdict:
    """Class, certificate and loss of a point found by the structured method (shared by
    :class:`OrbitPoint` and :class:`BoxPoint`, which duck-type CriticalPoint for reports and JSON)."""

    cls: str = "inconclusive"
    certificate: dict | None = None
    inertia: tuple | None = None
    reason: str = ""
    notes: list = field(default_factory=list)
    loss_value: object = None

    is_rational = False

    @property
    def loss(self):
        return self.loss_value

    @property
    def loss_decimal(self) -> str:
        return self.loss_value.decimal(30)

    @allow_long_ints
    def to_json(self) -> dict:
        lv = self.loss_value
        return {"coordinates": self.exact, "loss": fmt(lv) if isinstance(lv, Fraction) else lv.to_json(),
                "loss_decimal": self.loss_decimal, "class": self.cls,
                "inertia": None if self.inertia is None else list(self.inertia), "reason": self.reason,
                "notes": self.notes, "certificate": self.certificate}


@dataclass
class OrbitPoint(_Verdict):
    """A real critical point found through the quotient: ``signs`` picks one of the 2^|S| orbit members.
    Duck-types :class:`~exactland.solve.points.CriticalPoint` for reports, JSON and classification."""

    instance: Instance
    system: ReducedSystem
    minpoly: list
    lo: Fraction
    hi: Fraction
    numerators: list      # reduced variable i = numerators[i](T)/denominator(T)
    denominator: list
    signs: tuple
    orbit: tuple          # (units, field, root index): members of one orbit share it (equal loss)

    @property
    def exact(self):
        S = self.system.units
        return {"reduced_system": {"units": list(S), "variables": self.system.names,
                                   "charts": {str(j): self.system.charts[j] for j in S}},
                "minpoly": [fmt(c) for c in self.minpoly], "interval": [fmt(self.lo), fmt(self.hi)],
                "numerators": [[fmt(c) for c in p] for p in self.numerators],
                "denominator": [fmt(c) for c in self.denominator], "signs": list(self.signs),
                "meaning": "reduced variable i = numerators[i](T) / denominator(T) at the unique root T of minpoly "
                           "in the interval; hidden unit j in units has W1 row j = signs_j·sqrt(s_j)·ρ_j and W2 "
                           "column j = signs_j·sqrt(s_j)·γ_j, where ρ_j = (1 − Σ_k≥1 chart_j[k]·r_j_k, r_j_1, …); "
                           "the other hidden units are zero"}

    def approx(self, digits: int = 30):
        """Coordinates (flat order) as mpmath numbers, from rigorous enclosures narrower than the last
        digit (numerical output)."""
        from .points import CriticalPoint, midpoints, point_enclosure, working_bits
        extra = int(digits * 3.33) + 64
        probe = CriticalPoint(None, self.minpoly, self.lo, self.hi, self.numerators, self.denominator)
        enc = point_enclosure(probe, working_bits(probe) + extra)
        return midpoints(orbit_enclosures(self.instance, self.system, enc, self.signs, prec=extra + 64), digits)


class ReducedLoss(BoxLoss):
    """The loss at an orbit point: the polynomial ``fit + Σσ_j(A_j + B_j)`` of the reduced variables at T —
    exact as ``N(T)/D(T)^k`` (computed on demand: costly for fields of high degree) — with a
    kernel-checked rational enclosure from the point's interval certificate."""

    rational = None

    def __init__(self, pt: OrbitPoint, lo: Fraction, hi: Fraction):
        self.pt, self.lo, self.hi = pt, Fraction(lo), Fraction(hi)

    def enclosure(self, bits: int):
        return self.lo, self.hi

    def numerator(self) -> list:
        from .points import eval_hom
        pt = self.pt
        deg = max(sum(mon) for mon in pt.system.loss.monoms())
        return eval_hom(pt.system.loss, pt.numerators, pt.denominator, pt.minpoly, deg), deg

    def to_json(self):
        num, k = self.numerator()
        return {"numerator": [fmt(c) for c in num], "denominator_power": k,
                "enclosure": [fmt(self.lo), fmt(self.hi)],
                "meaning": "loss = numerator(T) / denominator(T)^denominator_power at the point's T (exact); "
                           "the enclosure is checked by the interval certificate's kernel"}

    def __str__(self):
        return f"∈ [{float(self.lo):.15g}, {float(self.hi):.15g}] (certified enclosure; exact form in JSON)"


def _arb_iv(lo: Fraction, hi: Fraction):
    import flint
    m = (lo + hi) / 2
    return flint.arb(flint.fmpq(m.numerator, m.denominator)) + flint.arb(0, flint.arb(flint.fmpq(
        (hi - lo).numerator, (hi - lo).denominator)))


def orbit_enclosures(inst: Instance, rs: ReducedSystem, enc, signs, prec: int = 256):
    """Rigorous rational intervals for the flat parameters of the orbit member ``signs``, from interval
    enclosures ``enc`` of the reduced variables (arb ball arithmetic; None if some σ_j is not > 0)."""
    (h, d0), (d2, _) = inst.model.shapes
    with rr.working_prec(prec):
        balls = [_arb_iv(a, b) for a, b in enc]
        W1 = [[(Fraction(0), Fraction(0))] * d0 for _ in range(h)]
        W2 = [[(Fraction(0), Fraction(0))] * h for _ in range(d2)]
        for j, sg in zip(rs.units, signs):
            i_s, free, gi = rs.layout[j]
            if not balls[i_s] > 0:
                return None
            u = balls[i_s].sqrt() * sg
            rho = rs.full_rho(j, balls)
            for c in range(d0):
                W1[j][c] = rr.arb_to_interval(u * rho[c])
            for i, gidx in enumerate(gi):
                W2[i][j] = rr.arb_to_interval(balls[gidx] * u)
        return [x for row in W1 for x in row] + [x for row in W2 for x in row]


#: ``homotopy="auto"``: a subsystem whose ideal has at least this degree (msolve's first prime) is
#: solved by monodromy + certified boxes (:mod:`exactland.solve.homotopy`) instead of msolve's
#: multimodular lifting.  Measured: msolve lifts the (2,3,2) subsystems (≤ 150 orbits) in seconds, the
#: (3,2,3) one (616 orbits) not in 50 minutes; monodromy finds and certifies those 616 in about 35 s.
HOMOTOPY_FROM_DEGREE = 300


def _counts(out, rs):
    """(degree, square-free degree, spurious factors) of an msolve answer for the S-system, without the
    solutions having some σ_j = 0 (σ_j(t) vanishes on a whole irreducible factor of the eliminant or
    nowhere on it)."""
    elim = [Fraction(c) for c in out["elim"]]
    F = rr.to_flint(elim)
    fnums, fden = _param(out, rs.names)
    sig_nums = [fnums[rs.layout[j][0]] for j in rs.units]
    degree, sqf_deg, spurious = out["degree"], (F // F.gcd(F.derivative())).degree(), []
    for fac, mult in F.factor()[1]:
        if any((sn % fac).is_zero() for sn in sig_nums):
            spurious.append(rr.from_flint(fac * (1 / fac.coeffs()[-1])))
            degree -= mult * fac.degree()
            sqf_deg -= fac.degree()
    return degree, sqf_deg, spurious, elim, fnums, fden


def solve_structured(res, deadline=None, seed: int = 0, threads: int = 1, homotopy: str = "auto") -> None:
    """Fill the :class:`~exactland.solve.SolveResult` ``res`` by the zero-unit split and sign quotient
    (msolve on each subsystem; monodromy + certified boxes for the large ones, ``homotopy``:
    ``"auto"`` (from :data:`HOMOTOPY_FROM_DEGREE`), ``"always"`` or ``"never"``)."""
    import threading
    from . import remaining
    from . import msolve as ms
    from .points import CriticalPoint, certified_box, point_enclosure
    inst = res.instance
    why = not_applicable(inst)
    if why:
        raise ValueError(f"structured method: {why}")
    if homotopy not in ("auto", "always", "never"):
        raise ValueError(f"homotopy must be auto, always or never, not {homotopy!r}")
    switch = {"auto": HOMOTOPY_FROM_DEGREE, "always": 0, "never": None}[homotopy]
    (h, d0), (d2, _) = inst.model.shapes
    n = inst.n_params
    origin = CriticalPoint(inst, [Fraction(0), Fraction(1)], Fraction(-1), Fraction(1), [[] for _ in range(n)],
                           [Fraction(1)])
    points, info = [origin], []
    total, distinct, all_simple, problems = 1, 1, True, []
    for size in range(1, h + 1):
        for S in combinations(range(h), size):
            rs = reduced_system(inst, S, seed)
            t0 = time.monotonic()
            from . import _start_critical_values, attach_critical_values
            token = threading.Event()
            cv = _start_critical_values(rs.polys, rs.loss, deadline, cancel=token)  # in parallel: a second msolve
            probe = ms.run_probe(rs.to_msolve(), switch, timeout=remaining(deadline), threads=threads)
            first_new = len(points)
            entry = {"units": list(S), "variables": len(rs.names), "msolve_seconds": round(time.monotonic() - t0, 3)}
            info.append(entry)
            out = ms.parse_output(probe["output"]) if "output" in probe else None
            if out is not None and out["status"] == "empty":
                token.set()
                entry.update(complex_count=0, complex_count_distinct=0, real_orbits=0)
                continue
            if out is not None and out["status"] != "finite":
                token.set()
                problems.append(f"subsystem {S} is not zero-dimensional")
                entry["status"] = out["status"]
                continue
            if out is None or homotopy == "always":
                token.set()  # the critical-value polynomial would need the same multimodular lifting
                if out is None:
                    expected = probe["degree"]
                    entry["msolve_first_prime"] = {"degree": expected, "sqfr_degree": probe["sqfr_degree"],
                                                   "seconds": round(probe["seconds"], 3)}
                else:
                    expected = _counts(out, rs)[0]
                    entry["msolve_count_without_sigma_zero"] = expected
                found = _homotopy_subsystem(inst, rs, expected, points, problems, entry, deadline, seed)
                # Krawczyk-certified roots are simple: when `found` reaches msolve's degree (counted with
                # multiplicity) every solution is simple (the first prime's square-free degree is not
                # used: msolve may report it for a linear form it then rejects)
                all_simple &= found == expected
                total += (1 << size) * found
                distinct += (1 << size) * found
                entry["seconds"] = round(time.monotonic() - t0, 3)
                continue
            degree, sqf_deg, spurious, elim, fnums, fden = _counts(out, rs)
            entry.update(complex_count=degree, complex_count_distinct=sqf_deg)
            if spurious:
                entry["removed_sigma_zero"] = sum(len(f) - 1 for f in spurious)
            all_simple &= degree == sqf_deg
            total += (1 << size) * degree
            distinct += (1 << size) * sqf_deg
            real_orbits, memo = 0, []  # memo: certificates whose sign-flipped copies the orbit members try first
            for f, lo, hi, nums, D in _fields(elim, fnums, fden, spurious):
                if deadline is not None and time.monotonic() > deadline:
                    problems.append("time limit reached while verifying points")
                    break
                probe_pt = CriticalPoint(None, f, lo, hi, nums, D)
                enc = None
                for extra in (0, 256, 2048):
                    enc = point_enclosure(probe_pt, _bits(probe_pt) + extra)
                    sig = [enc[rs.layout[j][0]] for j in S]
                    if all(a > 0 or b < 0 for a, b in sig):
                        break
                if not all(a > 0 or b < 0 for a, b in sig):
                    problems.append(f"subsystem {S}: sign of σ undecided at a real root")
                    continue
                if any(b < 0 for a, b in sig):
                    continue  # some u_j imaginary: a non-real orbit
                real_orbits += 1
                key = (S, tuple(f), probe_pt.lo)
                for signs in _sign_patterns(len(S)):
                    cr, why = certified_box(inst, orbit_enclosures(inst, rs, enc, signs), memo)
                    pt = OrbitPoint(inst, rs, f, probe_pt.lo, probe_pt.hi, nums, D, signs, key)
                    if cr is None:
                        pt.reason = f"interval certificate failed: {why}"
                        problems.append(f"a real critical point of subsystem {S} could not be certified ({why})")
                        pt.loss_value = ReducedLoss(pt, Fraction(0), Fraction(0))
                        points.append(pt)
                        continue
                    pt.cls, pt.certificate, pt.inertia = cr.cls, cr.certificate, tuple(cr.inertia)
                    pt.loss_value = ReducedLoss(pt, *cr.loss_enclosure)
                    pt.reason = (f"{cr.reason}; the orbit point's exact enclosure lies inside the box, which holds "
                                 "exactly one critical point")
                    pt.notes.append(f"found through the sign-quotient of units {list(S)} (other units zero); "
                                    f"field degree {len(f) - 1}; verified by a kernel-checked interval certificate "
                                    "plus an exact containment check")
                    points.append(pt)
            entry["real_orbits"] = real_orbits
            attach_critical_values(res, points[first_new:], cv)
            entry["seconds"] = round(time.monotonic() - t0, 3)
    from .points import boxes_disjoint
    if not boxes_disjoint(points):
        problems.append("two certified boxes overlap")
    res.dimension = 0
    res.points = points
    res.real_count = len(points)
    res.complex_count_distinct = distinct
    res.complex_count = total if all_simple else None
    res.reduced = info
    res.complete = "partial" if problems else "probabilistic"
    homs = [e["units"] for e in info if e.get("method") == "homotopy"]
    note = ("symmetry-reduced: zero-unit split + sign quotient (exactland.solve.structured); raw complex count "
            f"derived as 1 + Σ_S 2^|S|·N_S over {len(info)} subsystems" +
            ("" if all_simple else "; some subsystem has multiple solutions, so the count with multiplicity "
                                   "is not derived"))
    if homs:
        note += (f"; subsystems {homs} solved by monodromy with certified complex Krawczyk boxes "
                 "(exactland.solve.homotopy), complete when the certified count equals msolve's first-prime "
                 "degree; their losses are kernel-checked enclosures (no critical-value polynomial)")
    res.message = "; ".join(problems + [note, "msolve (probabilistic), and no critical point on a random chart "
                                              "hyperplane (probabilistic); every real point kernel-certified"])


def _homotopy_subsystem(inst, rs, expected, points, problems, entry, deadline, seed) -> int:
    """Solve the S-system by monodromy (:func:`exactland.solve.homotopy.solve_units`), append the
    kernel-certified real points to ``points``; returns the number of certified sign orbits."""
    from . import homotopy as hm
    from .points import BoxLoss, certified_box
    S = rs.units
    memo = []  # certificates whose sign-flipped copies the orbit members try first (kernel-checked)
    oc = hm.solve_units(inst, S, expected, deadline, seed)
    problems.extend(oc.problems)
    found = len(oc.roots)
    entry.update(method="homotopy", complex_count=found, complex_count_distinct=found,
                 monodromy_loops=oc.monodromy.loops, paths_tracked=oc.monodromy.tracked,
                 monodromy_stopped=oc.monodromy.stopped, homotopy_seconds=round(oc.seconds, 3))
    real_orbits = 0
    for idx, root in enumerate(oc.roots):
        if not root.real:
            continue
        real_orbits += 1
        key = (S, "homotopy", idx)
        for signs in _sign_patterns(len(S)):
            if deadline is not None and time.monotonic() > deadline:
                problems.append("time limit reached while verifying points")
                entry["real_orbits"] = real_orbits
                return found
            full = hm.embed(inst, S, [x.real for x in root.box], signs)
            box = [rr.arb_to_interval(v) if not isinstance(v, int) else (Fraction(0), Fraction(0)) for v in full]
            cr, why = certified_box(inst, box, memo)
            if cr is None:
                problems.append(f"a real critical point of units {list(S)} (homotopy) could not be certified "
                                f"({why}); it is not listed")
                continue
            pt = BoxPoint(inst, tuple(S), box, signs, key)
            pt.cls, pt.certificate, pt.inertia = cr.cls, cr.certificate, tuple(cr.inertia)
            pt.loss_value = BoxLoss(*cr.loss_enclosure)
            pt.reason = (f"{cr.reason}; the complex Krawczyk box of the homotopy solution (a real solution: "
                         "the box is conjugation-symmetric) lies inside the kernel's box, which holds exactly one "
                         "critical point")
            pt.notes.append(f"found by monodromy on units {list(S)} (other units zero), certified by a complex "
                            "Krawczyk box and a kernel-checked interval certificate")
            points.append(pt)
    entry["real_orbits"] = real_orbits
    return found


@dataclass
class BoxPoint(_Verdict):
    """A real critical point given by an isolating box (the unique critical point of the instance in
    it), found by :mod:`exactland.solve.homotopy`.  Duck-types CriticalPoint like OrbitPoint."""

    instance: Instance
    units: tuple
    box: list             # rational intervals, flat order
    signs: tuple
    orbit: tuple

    @property
    def exact(self):
        return {"box": [[fmt(a), fmt(b)] for a, b in self.box], "units": list(self.units),
                "signs": list(self.signs),
                "meaning": "the unique critical point of the instance in this box (flat parameter order); it is "
                           "real, the hidden units outside `units` are zero, and it is the only solution of the "
                           "restricted network's gradient in a complex box around it (complex Krawczyk test); the "
                           "box is checked to lie in the kernel-checked certificate's box"}

    def approx(self, digits: int = 30):
        """Coordinates as mpmath numbers: the box midpoints (boxes are about 10⁻⁴⁰ wide, so at most
        ~40 significant digits are meaningful; numerical output)."""
        from .points import midpoints
        return midpoints(self.box, digits)


def _sign_patterns(k):
    for mask in range(1 << k):
        yield tuple(-1 if (mask >> i) & 1 else 1 for i in range(k))


def _bits(pt) -> int:
    from .points import working_bits
    return working_bits(pt)


def _param(out, names):
    """msolve's parametrization as python-flint polynomials in the order ``names`` (msolve may
    reorder the variables): ``(numerators, denominator)``."""
    n = len(names)
    fnums, fden = rr.param_polys(out["den"], out["params"], out["form"], n)
    by_name = dict(zip(out["names"][:n], fnums))
    return [by_name[nm] for nm in names], fden


def _fields(elim, fnums, fden, skip=()):
    """``(f, lo, hi, numerators, denominator)`` for every real root t of the eliminant, the reduced
    variables being numerators[i](t)/denominator(t) (reduced modulo the irreducible factor f);
    factors in ``skip`` (solutions with some σ_j = 0) are left out."""
    for f in rr.squarefree_factors(elim):
        if f in skip:
            continue
        roots = rr.real_roots_of(f)
        if not roots:
            continue
        Ff = rr.to_flint(f)
        nums = [rr.from_flint(v % Ff) if not (v % Ff).is_zero() else [] for v in fnums]
        D = rr.from_flint(fden % Ff)
        for _, lo, hi in roots:
            yield f, lo, hi, nums, D
