"""Monodromy solving + certified complex roots for the full-support subsystems of a regularized
one-hidden-layer linear network (untrusted numerics, rigorous certification).

Used by :mod:`exactland.solve.structured` for a unit set S whose quotient system is too large for
msolve's multimodular lifting (the (3,2,3) network: 616 orbits, > 50 minutes of lifting): msolve's
*first prime* still gives the number N of complex solutions of the quotient system (probabilistic,
seconds), and this module finds them:

1. **Family.**  Restrict the network to the units S (the others are zero) and treat the Tikhonov
   weights of those units and the targets Y as parameters p = (Λ₁, Λ₂, Y): the gradient
   G(W; p) is affine in p.  A seed is made by choosing a random complex W₀ and Y₀ and solving for the
   Λ's entry by entry (``∂L/∂W_ij = 0`` is ``λ_ij = −(∂fit/∂W_ij)/(2W_ij)``): (W₀, p₀) is a solution
   on the main component of the incidence variety, the one holding every full-support solution at a
   generic parameter.
2. **Monodromy** (Duff, Hill, Jensen, Lee, Leykin, Sommars 2019): the seed is tracked to the target
   p* (the instance's own data), then loops p* → p_a → p_b → p* through random complex parameters
   permute the solutions at p*; new ones are added until there are N sign orbits (each solution is
   stored once per orbit ``(r_j, c_j) ↦ (−r_j, −c_j)``) or the loops stop producing new ones.
   Path tracking: RK4 predictor, Newton corrector, adaptive steps, vectorized over all paths (numpy).
3. **Certification** (rigorous, python-flint's acb balls): every solution gets a complex Krawczyk box
   ``K(X) ⊂ int X`` ⇒ exactly one solution of G(·; p*) = 0 in X.  A box centred on a real point is
   conjugation-symmetric, so its unique solution is real; a box whose imaginary part excludes 0 in
   some coordinate holds a non-real solution.  The boxes and all their sign-flip images are checked
   pairwise disjoint (exact ball overlap tests after a conservative sweep), so the solutions are
   distinct.  N distinct certified orbits = msolve's count ⇒ the list is complete (probabilistic only
   through msolve's first-prime count and the chart of the quotient, as for the msolve route).
4. Each real orbit's members then get the usual kernel-checked real Krawczyk certificate with the
   Hessian's inertia (:func:`exactland.numeric.certify.certify_point`) in the full network; the kernel
   box is checked to lie inside the complex box, which ties the kernel's point to the orbit.

The numerics decide nothing: a missed or duplicated path only delays the loop count, and every
reported solution carries a certified box.  The acb part runs outside the stdlib kernel (python-flint
is a trusted library here, like msolve for counts); the kernel re-checks every real point.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from .realroots import working_prec


# --- the parametric family ----------------------------------------------------------------------------

class ShallowFamily:
    """G(W; p) for ``L = s‖W₂W₁X − Y‖² + ΣΛ₁∘W₁² + ΣΛ₂∘W₂²`` (W₁: h×d0, W₂: d2×h), batched in numpy.

    A point is the flat vector (W₁ row-major, W₂ row-major); a parameter the flat vector
    (Λ₁, Λ₂, Y) row-major."""

    def __init__(self, X, scale, h: int, d2: int):
        self.X = np.asarray(X, dtype=complex)
        self.d0, self.m = self.X.shape
        self.h, self.d2, self.s = h, d2, float(scale)
        self.n1 = h * self.d0
        self.n = self.n1 + d2 * h
        self.A = self.X @ self.X.T

    def split(self, Z):
        N = Z.shape[0]
        return Z[:, :self.n1].reshape(N, self.h, self.d0), Z[:, self.n1:].reshape(N, self.d2, self.h)

    def split_p(self, P):
        N = P.shape[0]
        a, b = self.n1, self.n
        return (P[:, :a].reshape(N, self.h, self.d0), P[:, a:b].reshape(N, self.d2, self.h),
                P[:, b:].reshape(N, self.d2, self.m))

    def _R(self, W1, W2, Y):
        """R = (W₂W₁X − Y)Xᵀ = W₂W₁A − YXᵀ with A = XXᵀ."""
        return W2 @ (W1 @ self.A) - Y @ self.X.T

    def grad(self, Z, P):
        W1, W2 = self.split(Z)
        L1, L2, Y = self.split_p(P)
        R = self._R(W1, W2, Y)
        G1 = 2 * self.s * np.swapaxes(W2, 1, 2) @ R + 2 * L1 * W1
        G2 = 2 * self.s * R @ np.swapaxes(W1, 1, 2) + 2 * L2 * W2
        return np.concatenate([G1.reshape(len(Z), -1), G2.reshape(len(Z), -1)], axis=1)

    def jac(self, Z, P):
        """(N, n, n): ∂G/∂W (the Hessian) in closed form: with M = W₂ᵀW₂, Q = W₁AW₁ᵀ, PA = W₁A,
        H₁₁ = 2s M⊗A + 2diag Λ₁, H₂₂ = 2s I⊗Q + 2diag Λ₂,
        H₁₂[(i,j),(a,b)] = 2s(δ_ib R[a,j] + W₂[a,i]·PA[b,j])."""
        N = len(Z)
        h, d0, d2, s = self.h, self.d0, self.d2, self.s
        W1, W2 = self.split(Z)
        L1, L2, Y = self.split_p(P)
        PA = W1 @ self.A
        R = W2 @ PA - Y @ self.X.T
        M = np.swapaxes(W2, 1, 2) @ W2
        Q = PA @ np.swapaxes(W1, 1, 2)
        H11 = (2 * s) * np.einsum("nik,jl->nijkl", M, self.A).reshape(N, h * d0, h * d0)
        H22 = (2 * s) * np.einsum("ac,neb->nabce", np.eye(d2), Q).reshape(N, d2 * h, d2 * h)
        H12 = (2 * s) * (np.einsum("ib,naj->nijab", np.eye(h), R) +
                         np.einsum("nai,nbj->nijab", W2, PA)).reshape(N, h * d0, d2 * h)
        idx1 = np.arange(h * d0)
        H11[:, idx1, idx1] += 2 * L1.reshape(N, -1)
        idx2 = np.arange(d2 * h)
        H22[:, idx2, idx2] += 2 * L2.reshape(N, -1)
        top = np.concatenate([H11, H12], axis=2)
        bot = np.concatenate([np.swapaxes(H12, 1, 2), H22], axis=2)
        return np.concatenate([top, bot], axis=1)

    def grad_p(self, Z, dP):
        """∂G/∂p · dP (G is affine in p)."""
        W1, W2 = self.split(Z)
        dL1, dL2, dY = self.split_p(dP)
        dB = dY @ self.X.T
        G1 = -2 * self.s * np.swapaxes(W2, 1, 2) @ dB + 2 * dL1 * W1
        G2 = -2 * self.s * dB @ np.swapaxes(W1, 1, 2) + 2 * dL2 * W2
        return np.concatenate([G1.reshape(len(Z), -1), G2.reshape(len(Z), -1)], axis=1)

    def seed(self, rng):
        """A random complex (W₀, p₀) with G(W₀; p₀) = 0 (the Λ's solved entry by entry)."""
        c = lambda *sh: rng.standard_normal(sh) + 1j * rng.standard_normal(sh)
        W1, W2, Y = c(1, self.h, self.d0), c(1, self.d2, self.h), c(1, self.d2, self.m)
        H = W1 @ self.X
        E = W2 @ H - Y
        L1 = -self.s * (np.swapaxes(W2, 1, 2) @ E @ self.X.T) / W1
        L2 = -self.s * (E @ np.swapaxes(H, 1, 2)) / W2
        z = np.concatenate([W1.ravel(), W2.ravel()])
        p = np.concatenate([L1.ravel(), L2.ravel(), Y.ravel()])
        return z, p

    def flips(self):
        """The 2^h sign-flip vectors of the hidden units (flat order)."""
        out = []
        for mask in range(1 << self.h):
            sg = np.array([-1.0 if (mask >> j) & 1 else 1.0 for j in range(self.h)])
            out.append(np.concatenate([np.repeat(sg, self.d0), np.tile(sg, self.d2)]))
        return np.array(out)


# --- path tracking --------------------------------------------------------------------------------------

def _solve(J, b):
    try:
        return np.linalg.solve(J, b[..., None])[..., 0]
    except np.linalg.LinAlgError:
        out = np.full_like(b, np.nan)
        for i in range(len(b)):
            try:
                out[i] = np.linalg.solve(J[i], b[i])
            except np.linalg.LinAlgError:
                pass
        return out


def newton(fam, Z, P, steps: int = 3):
    for _ in range(steps):
        Z = Z - _solve(fam.jac(Z, P), fam.grad(Z, P))
    return Z


#: step control of :func:`track`
TRACK = {'h0': 0.05, 'hmax': 1.0, 'streak': 2, 'first': 1e-2, 'contract': 1e-1}


def track(fam, Z, pa, pb, max_steps: int = 4000, deadline=None):
    """Track the solutions Z (N, n) of G(·; pa) = 0 along p(t) = pa + t(pb − pa), t: 0 → 1.
    Returns (Z_end, ok) — ok False where a path failed (step size underflow, divergence, time)."""
    Z = np.array(Z, dtype=complex)
    N = len(Z)
    dp = (pb - pa)[None, :]
    t = np.zeros(N)
    h = np.full(N, TRACK['h0'])
    ok = np.ones(N, bool)
    done = np.zeros(N, bool)
    streak = np.zeros(N, int)

    def P(tt):
        return pa[None, :] + tt[:, None] * dp

    def vel(z, tt):
        return -_solve(fam.jac(z, P(tt)), fam.grad_p(z, np.broadcast_to(dp, (len(z), dp.shape[1]))))

    for _ in range(max_steps):
        act = ~done & ok
        if not act.any():
            break
        if deadline is not None and time.monotonic() > deadline:
            ok &= done
            break
        idx = np.nonzero(act)[0]
        z, tt = Z[idx], t[idx]
        hh = np.minimum(h[idx], 1 - tt)
        k1 = vel(z, tt)
        k2 = vel(z + 0.5 * hh[:, None] * k1, tt + 0.5 * hh)
        k3 = vel(z + 0.5 * hh[:, None] * k2, tt + 0.5 * hh)
        k4 = vel(z + hh[:, None] * k3, tt + hh)
        zp = z + hh[:, None] / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        t1 = tt + hh
        Pt = P(t1)
        scale = 1 + np.max(np.abs(zp), axis=1)
        d1 = _solve(fam.jac(zp, Pt), fam.grad(zp, Pt))
        zc = zp - d1
        d2 = _solve(fam.jac(zc, Pt), fam.grad(zc, Pt))
        zc = zc - d2
        n1 = np.max(np.abs(d1), axis=1) / scale
        n2 = np.max(np.abs(d2), axis=1) / scale
        good = np.isfinite(n1) & np.isfinite(n2) & (n1 < TRACK['first']) & (n2 < 1e-9 + TRACK['contract'] * n1) & (n2 < 1e-6)
        gi, bi = idx[good], idx[~good]
        Z[gi] = zc[good]
        t[gi] = t1[good]
        streak[gi] += 1
        grow = gi[streak[gi] >= TRACK['streak']]
        h[grow] = np.minimum(h[grow] * 2, TRACK['hmax'])
        streak[grow] = 0
        h[bi] *= 0.5
        streak[bi] = 0
        done |= t >= 1
        ok &= h > 1e-13
        ok &= np.max(np.abs(Z), axis=1) < 1e8
    ok &= done
    if ok.any():
        Z[ok] = newton(fam, Z[ok], np.broadcast_to(pb, (int(ok.sum()), len(pb))), 2)
    return Z, ok


# --- monodromy ------------------------------------------------------------------------------------------

@dataclass
class MonodromyResult:
    solutions: np.ndarray          # (K, n) one member per sign orbit, at the target parameter
    loops: int = 0
    tracked: int = 0
    seconds: float = 0.0
    stopped: str = ""


def _new_rows(cands, sols, flips, tol=1e-7):
    """Indices of candidate rows that are not (up to a sign flip) in sols nor earlier in cands."""
    keep = []
    pool = [sols] if len(sols) else []
    for i, z in enumerate(cands):
        sc = 1 + np.max(np.abs(z))
        imgs = flips * z[None, :]
        seen = False
        for block in pool + ([cands[keep]] if keep else []):
            d = np.max(np.abs(block[:, None, :] - imgs[None, :, :]), axis=2)
            if np.any(d < tol * sc):
                seen = True
                break
        if not seen:
            keep.append(i)
    return keep


def monodromy(fam, p_target, expected: int, seed: int = 0, deadline=None, max_stall: int = 6):
    """Solutions (one per sign orbit) of G(·; p_target) = 0 on the main component, by monodromy loops
    until ``expected`` orbits are found, ``max_stall`` loops in a row bring none, or the deadline."""
    rng = np.random.default_rng(seed + 7919)
    t0 = time.monotonic()
    flips = fam.flips()
    res = MonodromyResult(np.zeros((0, fam.n), complex))
    scale = max(1.0, float(np.max(np.abs(p_target))))
    rand_p = lambda: p_target + scale * (rng.standard_normal(len(p_target)) + 1j * rng.standard_normal(len(p_target)))
    for _attempt in range(10):
        z0, p0 = fam.seed(rng)
        Z, ok = track(fam, z0[None, :], p0, p_target, deadline=deadline)
        res.tracked += 1
        if ok[0]:
            res.solutions = Z[:1]
            break
    else:
        res.stopped = "no seed solution could be tracked to the target"
        return res
    stall = 0
    while len(res.solutions) < expected and stall < max_stall:
        if deadline is not None and time.monotonic() > deadline:
            res.stopped = "time limit"
            break
        pa, pb = rand_p(), rand_p()
        Z, ok = res.solutions.copy(), np.ones(len(res.solutions), bool)
        for q0, q1 in ((p_target, pa), (pa, pb), (pb, p_target)):
            Zs, oks = track(fam, Z[ok], q0, q1, deadline=deadline)
            res.tracked += int(ok.sum())
            Z2 = np.zeros_like(Z)
            Z2[ok] = Zs
            ok2 = ok.copy()
            ok2[ok] = oks
            Z, ok = Z2, ok2
        cand = Z[ok]
        keep = _new_rows(cand, res.solutions, flips)
        res.loops += 1
        if keep:
            res.solutions = np.concatenate([res.solutions, cand[keep]])
            stall = 0
        else:
            stall += 1
    if not res.stopped:
        res.stopped = "count reached" if len(res.solutions) >= expected else f"{max_stall} loops without a new solution"
    res.seconds = time.monotonic() - t0
    return res


# --- rigorous part: complex Krawczyk with acb balls ---------------------------------------------------

def _acb(z):
    import flint
    return flint.acb(float(z.real), float(z.imag))  # exact: binary floats


#: precision (bits) of the balls holding the rational data (non-dyadic rationals are rounded)
DATA_PREC = 1024


class BallFamily:
    """G and ∂G/∂W of the same network over acb balls (exact data: X, Y, Λ, s as arb/acb numbers)."""

    def __init__(self, X, Y, L1, L2, scale):
        import flint
        q = lambda f: flint.acb(flint.fmpq(Fraction(f).numerator, Fraction(f).denominator))
        with working_prec(DATA_PREC):  # the data's balls: rounding radius 2^-DATA_PREC
            self.X = flint.acb_mat([[q(x) for x in row] for row in X])
            self.Y = flint.acb_mat([[q(y) for y in row] for row in Y])
            self.L1 = [[q(v) for v in row] for row in L1]
            self.L2 = [[q(v) for v in row] for row in L2]
            self.s = q(scale)
        self.h, self.d0 = len(L1), len(L1[0])
        self.d2 = len(L2)
        self.n1 = self.h * self.d0
        self.n = self.n1 + self.d2 * self.h

    def mats(self, z):
        import flint
        W1 = flint.acb_mat([[z[i * self.d0 + j] for j in range(self.d0)] for i in range(self.h)])
        W2 = flint.acb_mat([[z[self.n1 + i * self.h + j] for j in range(self.h)] for i in range(self.d2)])
        return W1, W2

    def grad(self, z):
        W1, W2 = self.mats(z)
        H = W1 * self.X
        E = W2 * H - self.Y
        G1 = 2 * self.s * (W2.transpose() * E * self.X.transpose())
        G2 = 2 * self.s * (E * H.transpose())
        out = [G1[i, j] + 2 * self.L1[i][j] * W1[i, j] for i in range(self.h) for j in range(self.d0)]
        out += [G2[i, j] + 2 * self.L2[i][j] * W2[i, j] for i in range(self.d2) for j in range(self.h)]
        return out

    def jac(self, z):
        """The n×n interval Jacobian on the box z (list of acb balls): columns by directional derivatives."""
        import flint
        W1, W2 = self.mats(z)
        H = W1 * self.X
        E = W2 * H - self.Y
        W2T, XT, HT = W2.transpose(), self.X.transpose(), H.transpose()
        cols = []
        for k in range(self.n):
            V1 = flint.acb_mat(self.h, self.d0)
            V2 = flint.acb_mat(self.d2, self.h)
            if k < self.n1:
                V1[k // self.d0, k % self.d0] = 1
            else:
                V2[(k - self.n1) // self.h, (k - self.n1) % self.h] = 1
            dE = (V2 * W1 + W2 * V1) * self.X
            dG1 = 2 * self.s * (V2.transpose() * E * XT + W2T * dE * XT)
            dG2 = 2 * self.s * (dE * HT + E * (V1 * self.X).transpose())
            col = [dG1[i, j] + (2 * self.L1[i][j] if k == i * self.d0 + j else 0)
                   for i in range(self.h) for j in range(self.d0)]
            col += [dG2[i, j] + (2 * self.L2[i][j] if k == self.n1 + i * self.h + j else 0)
                    for i in range(self.d2) for j in range(self.h)]
            cols.append(col)
        return flint.acb_mat([[cols[k][i] for k in range(self.n)] for i in range(self.n)])


@dataclass
class CertifiedRoot:
    box: list                 # acb balls, one per coordinate: exactly one solution inside
    real: bool | None         # True: the solution is real; False: non-real; None: undecided


def krawczyk(bf: BallFamily, ym, radius, prec: int = 256):
    """The box ``ym ± radius`` (in real and imaginary parts) if Krawczyk certifies a unique solution in
    it, else None.  ``ym``: exact acb midpoints; ``radius``: an arb upper bound.
    K(X) = y − C·G(y) + (I − C·J(X))(X − y) ⊂ int X  ⇒  exactly one solution in X (any matrix C)."""
    import flint
    with working_prec(prec):
        n = len(ym)
        eye = flint.acb_mat(n, n)
        for i in range(n):
            eye[i, i] = 1
        try:  # C ≈ J(y)⁻¹ at the working precision (a double inverse is too poor for condition 10¹²)
            C = bf.jac(ym).solve(eye, algorithm="approx")
        except ZeroDivisionError:
            return None
        C = flint.acb_mat([[flint.acb(c.real.mid(), c.imag.mid()) for c in row] for row in C.tolist()])
        r = flint.arb(0, radius)
        X = [v + flint.acb(r, r) for v in ym]
        Fy = flint.acb_mat([[v] for v in bf.grad(ym)])
        M = eye - C * bf.jac(X)
        D = flint.acb_mat([[X[i] - ym[i]] for i in range(n)])
        K = flint.acb_mat([[v] for v in ym]) - C * Fy + M * D
        if all(X[i].contains_interior(K[i, 0]) for i in range(n)):
            return X
        return None


def refine(bf: BallFamily, y, steps: int = 4, prec: int = 256):
    """Newton steps in ball arithmetic from the float vector y; returns exact acb midpoints (the
    iterates' midpoints, ``prec`` bits) — ill-conditioned roots need more than double precision."""
    import flint
    with working_prec(prec):
        ym = [_acb(v) for v in y]
        for _ in range(steps):
            J = bf.jac(ym)
            F = flint.acb_mat([[v] for v in bf.grad(ym)])
            try:
                d = J.solve(F, algorithm="approx")  # Newton step: midpoints only
            except ZeroDivisionError:
                break
            ym = [flint.acb(ym[i].real.mid() - d[i, 0].real.mid(), ym[i].imag.mid() - d[i, 0].imag.mid())
                  for i in range(len(ym))]
        return ym


#: box radii tried (relative to 1 + max|z|), smallest first: tight boxes make the kernel-box containment
#: and the disjointness checks easy; larger ones are the fallback when the midpoint is less accurate
RADII = (1e-40, 1e-20, 1e-12, 1e-8, 1e-6)


def certify_root(bf: BallFamily, z) -> CertifiedRoot | None:
    """A certified box around the numerical solution z, with its realness decided when possible."""
    import flint
    z = np.asarray(z, complex)
    ym = refine(bf, z)
    sc = 1 + float(np.max(np.abs(z)))
    if float(np.max(np.abs(z.imag))) < 1e-6 * sc:  # a conjugation-symmetric box: its solution is real
        yr = [flint.acb(v.real.mid()) for v in ym]
        for rel in RADII:
            X = krawczyk(bf, yr, rel * sc)
            if X is not None:
                return CertifiedRoot(X, True)
    for rel in RADII:
        X = krawczyk(bf, ym, rel * sc)
        if X is not None:
            nonreal = any(not x.imag.contains(0) for x in X)
            return CertifiedRoot(X, False if nonreal else None)
    return None


def flipped(box, sg):
    return [x if s > 0 else -x for x, s in zip(box, sg)]


def disjoint_boxes(boxes) -> bool:
    """True when the acb boxes are pairwise disjoint (exact overlap tests; a conservative float sweep
    on one coordinate only prunes pairs whose intervals are far apart)."""
    if len(boxes) < 2:
        return True
    n = len(boxes[0])
    spans = np.array([[float(b[k].real.mid()) for k in range(n)] for b in boxes])
    k0 = int(np.argmax(np.std(spans, axis=0)))
    lo = np.array([float(b[k0].real.lower()) for b in boxes])
    hi = np.array([float(b[k0].real.upper()) for b in boxes])
    pad = 1e-12 * (1 + np.abs(lo) + np.abs(hi))
    lo, hi = lo - pad, hi + pad
    order = np.argsort(lo)
    active = []
    for i in order:
        active = [j for j in active if hi[j] >= lo[i]]
        for j in active:
            if all(boxes[i][k].overlaps(boxes[j][k]) for k in range(n)):
                return False
        active.append(i)
    return True


# --- one unit set S of a network ----------------------------------------------------------------------

@dataclass
class UnitsOutcome:
    """Certified solutions (one per sign orbit) of the network restricted to the units S, all units
    non-zero.  ``roots``: CertifiedRoot list (box coordinates: W₁ rows of S, then W₂ columns of S, in
    the restricted flat order); ``problems``: what keeps the list from being complete and certified."""

    units: tuple
    roots: list
    monodromy: MonodromyResult
    uncertified: int = 0
    problems: list = field(default_factory=list)
    seconds: float = 0.0


def restricted_data(inst, S):
    """(X, Y, Λ₁ rows S, Λ₂ columns S, scale) of the network restricted to the hidden units S."""
    lam1, lam2 = inst.regularization.weights
    return (inst.X, inst.Y, [list(lam1[j]) for j in S], [[row[j] for j in S] for row in lam2], inst.loss.scale)


def solve_units(inst, S, expected: int, deadline=None, seed: int = 0) -> UnitsOutcome:
    """Monodromy + certification for the unit set S (see the module docstring)."""
    t0 = time.monotonic()
    X, Y, L1, L2, scale = restricted_data(inst, S)
    d2 = len(Y)
    fam = ShallowFamily([[float(x) for x in row] for row in X], scale, len(S), d2)
    target = np.array([float(v) for row in L1 for v in row] + [float(v) for row in L2 for v in row] +
                      [float(v) for row in Y for v in row], dtype=complex)
    mono = monodromy(fam, target, expected, seed=seed, deadline=deadline)
    bf = BallFamily(X, Y, L1, L2, scale)
    out = UnitsOutcome(tuple(S), [], mono)
    for z in mono.solutions:
        if deadline is not None and time.monotonic() > deadline:
            out.problems.append("time limit reached while certifying the homotopy's solutions")
            break
        r = certify_root(bf, z)
        if r is None:
            out.uncertified += 1
            continue
        if not all(any(not r.box[k].contains(0) for k in _unit_coords(fam, j)) for j in range(len(S))):
            out.problems.append("a certified solution has a hidden unit not certified non-zero; left out")
            continue
        if r.real is None:
            out.problems.append("a certified solution's realness is undecided; left out")
            continue
        out.roots.append(r)
    if out.uncertified:
        out.problems.append(f"{out.uncertified} numerical solution(s) of units {list(S)} could not be certified")
    images = [flipped(r.box, sg) for r in out.roots for sg in fam.flips()]
    if not disjoint_boxes(images):
        out.problems.append(f"two certified boxes of units {list(S)} (or sign-flip images) overlap")
    if len(out.roots) < expected:
        out.problems.append(
            f"units {list(S)}: {len(out.roots)} certified sign orbits, msolve's first prime counts {expected} "
            f"solutions of the quotient system (monodromy: {mono.stopped}); the difference may be solutions "
            "with some σ_j = 0 of the quotient (no critical point) or missed ones")
    out.seconds = time.monotonic() - t0
    return out


def _unit_coords(fam, j):
    return [j * fam.d0 + c for c in range(fam.d0)] + [fam.n1 + i * fam.h + j for i in range(fam.d2)]


def embed(inst, S, values, signs):
    """Flat full-network vector from the restricted one (units outside S zero), sign pattern applied;
    ``values`` in any ring with negation (numbers, balls, intervals)."""
    (h, d0), (d2, _) = inst.model.shapes
    k = len(S)
    full = [0] * inst.n_params
    for a, j in enumerate(S):
        for c in range(d0):
            full[j * d0 + c] = values[a * d0 + c] if signs[a] > 0 else -values[a * d0 + c]
        for i in range(d2):
            v = values[k * d0 + i * k + a]
            full[h * d0 + i * h + j] = v if signs[a] > 0 else -v
    return full
