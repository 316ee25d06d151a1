"""Fast floating-point loss, gradient, Hessian-vector product and full Hessian of deep linear networks.

Everything here is *numerical* (IEEE double precision, numpy): it produces approximations and
candidates, never verdicts.  Verdicts come from :mod:`exactland.numeric.certify` (interval
enclosures re-checked by :mod:`exactland.kernel.interval`) or from the exact engine.

Notation (0-based layers k = 0, …, L−1, ``W_k`` of shape ``r_k × c_k``; flat order ``W_0``
row-major, then ``W_1``, …, as everywhere in exactland): ``B_k = W_{k−1}⋯W_0 X`` (below),
``A_k = W_{L−1}⋯W_{k+1}`` (above), ``R = W_{L−1}⋯W_0 X − Y``, loss
``L = s‖R‖² + Σ_k ⟨Λ_k, W_k∘W_k⟩``.

* gradient ``∂L/∂W_k = 2s A_kᵀ R B_kᵀ + 2Λ_k∘W_k`` (by back-propagation ``G_k = A_kᵀR``);
* Hessian block (k, k) = ``2s (A_kᵀA_k) ⊗ (B_kB_kᵀ) + 2 diag(vec Λ_k)`` — Kawaguchi (2016)
  Lemma 4.3's diagonal block, in row-major vec order;
* Hessian block (k, l), k > l, entry ((a,b),(c,d)) =
  ``2s[(A_kᵀA_l)_{ac} (B_kB_lᵀ)_{bd} + (A_kᵀRB_lᵀ)_{ad} M_{bc}]`` with ``M = W_{k−1}⋯W_{l+1}``.
  The first term is the Gauss–Newton part ``J_kᵀJ_l`` (a Kronecker product, Lemma 4.3's
  first-layer off-diagonal blocks for l = 0); the second is the residual part, a Kronecker product
  with the middle factors swapped.  Derived by differentiating ``G_k B_kᵀ`` in ``W_l``: the factor
  ``B_k = M W_l B_l`` carries ``W_l`` below k, and ``R`` carries it through the Gauss–Newton term.
* Hessian-vector product by forward-mode differentiation of the back-propagation (cost of two
  gradients, memory linear in the number of parameters).

>>> from exactland.instance import random_instance
>>> inst = random_instance((2, 2, 1), m=3, seed=1)
>>> net = DeepLinearNumeric(inst)
>>> import numpy as np
>>> th = np.zeros(net.n)
>>> bool(np.isclose(net.loss(th), float(inst.loss.scale * sum(y * y for r in inst.Y for y in r))))
True
>>> bool(np.allclose(net.hvp(th, np.ones(net.n)), net.hessian(th) @ np.ones(net.n)))
True
"""

from __future__ import annotations

from fractions import Fraction
from typing import Sequence

import numpy as np


def _to_float_matrix(M) -> np.ndarray:
    return np.array([[float(x) for x in row] for row in M], dtype=float)


class DeepLinearNumeric:
    """Double-precision loss, gradient, HVP and Hessian of a deep linear instance (squared loss,
    optional Tikhonov regularization).  Parameters are flat numpy vectors in exactland's order."""

    def __init__(self, inst):
        self.instance = inst
        self.shapes = list(inst.model.shapes)
        self.L = len(self.shapes)
        self.X = _to_float_matrix(inst.X)
        self.Y = _to_float_matrix(inst.Y)
        self.s = float(inst.loss.scale)
        self.reg = ([_to_float_matrix(w) for w in inst.regularization.weights]
                    if inst.regularization is not None else None)
        self.offsets = list(inst.offsets)
        self.n = int(inst.n_params)

    # --- layout ---------------------------------------------------------------------------
    def unflatten(self, theta) -> list[np.ndarray]:
        """Views of ``theta`` as the weight matrices ``W_1, …, W_{H+1}``."""
        theta = np.asarray(theta, dtype=float)
        if theta.shape != (self.n,):
            raise ValueError(f"parameter vector has shape {theta.shape}, the model has {self.n} parameters")
        return [theta[o:o + r * c].reshape(r, c) for (r, c), o in zip(self.shapes, self.offsets)]

    def flatten(self, Ws) -> np.ndarray:
        """The flat vector of a list of weight matrices."""
        return np.concatenate([np.asarray(w, dtype=float).ravel() for w in Ws])

    def _below(self, W):
        B = [self.X]
        for k in range(self.L - 1):
            B.append(W[k] @ B[-1])
        return B  # B[k] = W_{k-1}...W_0 X

    def residual(self, theta) -> np.ndarray:
        """``W_{H+1}⋯W_1X − Y``."""
        W = self.unflatten(theta)
        B = self._below(W)
        return W[-1] @ B[-1] - self.Y

    # --- value and derivatives --------------------------------------------------------------
    def loss(self, theta) -> float:
        """The loss value."""
        W = self.unflatten(theta)
        R = W[-1] @ self._below(W)[-1] - self.Y
        val = self.s * float(np.sum(R * R))
        if self.reg is not None:
            val += sum(float(np.sum(lam * w * w)) for lam, w in zip(self.reg, W))
        return val

    def gradient(self, theta) -> np.ndarray:
        """∇L as a flat vector (back-propagation)."""
        W = self.unflatten(theta)
        B = self._below(W)
        G = W[-1] @ B[-1] - self.Y
        out = [None] * self.L
        for k in range(self.L - 1, -1, -1):
            out[k] = 2 * self.s * (G @ B[k].T)
            if self.reg is not None:
                out[k] = out[k] + 2 * self.reg[k] * W[k]
            if k:
                G = W[k].T @ G
        return self.flatten(out)

    def loss_and_gradient(self, theta):
        """``(L, ∇L)`` sharing one forward pass."""
        W = self.unflatten(theta)
        B = self._below(W)
        R = W[-1] @ B[-1] - self.Y
        val = self.s * float(np.sum(R * R))
        G = R
        out = [None] * self.L
        for k in range(self.L - 1, -1, -1):
            out[k] = 2 * self.s * (G @ B[k].T)
            if self.reg is not None:
                out[k] = out[k] + 2 * self.reg[k] * W[k]
                val += float(np.sum(self.reg[k] * W[k] * W[k]))
            if k:
                G = W[k].T @ G
        return val, self.flatten(out)

    def hvp(self, theta, v) -> np.ndarray:
        """``∇²L(θ) v`` without forming the Hessian: forward-mode derivative of the back-propagation."""
        W = self.unflatten(theta)
        V = self.unflatten(v)
        B = [self.X]
        dB = [np.zeros_like(self.X)]
        for k in range(self.L - 1):
            B.append(W[k] @ B[-1])
            dB.append(V[k] @ B[-2] + W[k] @ dB[-1])
        G = W[-1] @ B[-1] - self.Y
        dG = V[-1] @ B[-1] + W[-1] @ dB[-1]
        out = [None] * self.L
        for k in range(self.L - 1, -1, -1):
            out[k] = 2 * self.s * (dG @ B[k].T + G @ dB[k].T)
            if self.reg is not None:
                out[k] = out[k] + 2 * self.reg[k] * V[k]
            if k:
                G, dG = W[k].T @ G, V[k].T @ G + W[k].T @ dG
        return self.flatten(out)

    def hessian(self, theta) -> np.ndarray:
        """The full ``n × n`` Hessian from its Kronecker blocks (see the module docstring)."""
        W = self.unflatten(theta)
        L = self.L
        B = self._below(W)
        R = W[-1] @ B[-1] - self.Y
        dy = self.Y.shape[0]
        A = [None] * L
        A[L - 1] = np.eye(dy)
        for k in range(L - 2, -1, -1):
            A[k] = A[k + 1] @ W[k + 1]
        two_s = 2 * self.s
        Hm = np.empty((self.n, self.n))
        for k in range(L):
            rk, ck = self.shapes[k]
            ok = self.offsets[k]
            blk = two_s * np.kron(A[k].T @ A[k], B[k] @ B[k].T)
            if self.reg is not None:
                blk[np.diag_indices_from(blk)] += 2 * self.reg[k].ravel()
            Hm[ok:ok + rk * ck, ok:ok + rk * ck] = blk
            AtR = A[k].T @ R
            M = np.eye(ck)  # W_{k-1} ... W_{l+1}, built downwards as l decreases
            for l in range(k - 1, -1, -1):
                rl, cl = self.shapes[l]
                ol = self.offsets[l]
                if l < k - 1:
                    M = M @ W[l + 1]
                T = AtR @ B[l].T  # r_k x c_l
                blk = np.kron(A[k].T @ A[l], B[k] @ B[l].T)
                blk += np.einsum("ad,bc->abcd", T, M).reshape(rk * ck, rl * cl)
                blk *= two_s
                Hm[ok:ok + rk * ck, ol:ol + rl * cl] = blk
                Hm[ol:ol + rl * cl, ok:ok + rk * ck] = blk.T
        return Hm

    def hessian_block(self, theta, k: int, l: int) -> np.ndarray:
        """Block (k, l) (0-based layers) of the Hessian, rows for ``W_k``, columns for ``W_l``."""
        Hm = self.hessian(theta)
        (rk, ck), (rl, cl) = self.shapes[k], self.shapes[l]
        ok, ol = self.offsets[k], self.offsets[l]
        return Hm[ok:ok + rk * ck, ol:ol + rl * cl]


def extreme_eigenvalues(net: DeepLinearNumeric, theta, k: int = 1, which: str = "both", seed: int = 0,
                        maxiter: int | None = None):
    """The ``k`` smallest and/or largest Hessian eigenvalues by Lanczos (scipy ``eigsh``) on
    Hessian-vector products — the Hessian is never formed.  Numerical.

    Returns ``{"smallest": array, "largest": array}`` (the keys asked for by ``which``).  ``maxiter``
    caps the Lanczos restarts; when it is reached, scipy's ``ArpackNoConvergence`` propagates (its
    ``eigenvalues`` attribute holds the Ritz values that did converge).

    >>> from exactland.instance import random_instance
    >>> inst = random_instance((3, 3, 2), m=4, seed=0)
    >>> net = DeepLinearNumeric(inst)
    >>> th = np.random.default_rng(0).standard_normal(net.n)
    >>> ev = extreme_eigenvalues(net, th, k=2)
    >>> bool(np.allclose(ev["smallest"], np.linalg.eigvalsh(net.hessian(th))[:2]))
    True
    """
    from scipy.sparse.linalg import LinearOperator, eigsh
    theta = np.asarray(theta, dtype=float)
    n = net.n
    op = LinearOperator((n, n), matvec=lambda v: net.hvp(theta, np.ravel(v)), dtype=float)
    v0 = np.random.default_rng(seed).standard_normal(n)
    out = {}
    if n <= max(2 * k + 1, 12):  # too small for Lanczos: dense
        w = np.linalg.eigvalsh(net.hessian(theta))
        if which in ("both", "smallest"):
            out["smallest"] = w[:k]
        if which in ("both", "largest"):
            out["largest"] = w[::-1][:k][::-1]
        return out
    if which in ("both", "smallest"):
        out["smallest"] = np.sort(eigsh(op, k=k, which="SA", v0=v0, maxiter=maxiter, return_eigenvectors=False))
    if which in ("both", "largest"):
        out["largest"] = np.sort(eigsh(op, k=k, which="LA", v0=v0, maxiter=maxiter, return_eigenvectors=False))
    return out


def to_fractions(theta) -> list[Fraction]:
    """The exact rational values of a float vector (every double is a dyadic rational)."""
    return [Fraction(float(x)) for x in np.asarray(theta, dtype=float).ravel()]


def gradient_mp(inst, theta, dps: int = 50) -> list:
    """∇L at ``theta`` re-evaluated in mpmath with ``dps`` decimal digits (numerical, but free of
    double-precision cancellation).  ``theta`` may hold floats, Fractions or mpf.

    >>> from exactland.instance import random_instance
    >>> inst = random_instance((2, 1, 2), m=3, seed=0)
    >>> g = gradient_mp(inst, [0, 0, 0, 0])
    >>> [float(x) for x in g] == [0.0] * 4
    True
    """
    import mpmath
    with mpmath.workdps(dps):
        def mpv(x):
            return mpmath.mpf(x.numerator) / x.denominator if isinstance(x, Fraction) else mpmath.mpf(x)

        shapes = inst.model.shapes
        vals = [mpv(Fraction(t) if isinstance(t, (int, Fraction)) else t) for t in theta]
        W, k = [], 0
        for r, c in shapes:
            W.append(mpmath.matrix([[vals[k + i * c + j] for j in range(c)] for i in range(r)]))
            k += r * c
        X = mpmath.matrix([[mpv(x) for x in row] for row in inst.X])
        Y = mpmath.matrix([[mpv(x) for x in row] for row in inst.Y])
        B = [X]
        for w in W[:-1]:
            B.append(w * B[-1])
        G = W[-1] * B[-1] - Y
        s2 = 2 * mpv(inst.loss.scale)
        out = [None] * len(W)
        for k in range(len(W) - 1, -1, -1):
            gk = s2 * (G * B[k].T)
            if inst.regularization is not None:
                lam = inst.regularization.weights[k]
                for i in range(gk.rows):
                    for j in range(gk.cols):
                        gk[i, j] += 2 * mpv(lam[i][j]) * W[k][i, j]
            out[k] = gk
            if k:
                G = W[k].T * G
        return [out[k][i, j] for k in range(len(W)) for i in range(out[k].rows) for j in range(out[k].cols)]


def loss_mp(inst, theta, dps: int = 50):
    """The loss at ``theta`` in mpmath with ``dps`` digits (numerical re-evaluation)."""
    import mpmath
    with mpmath.workdps(dps):
        def mpv(x):
            if isinstance(x, (int, Fraction)):
                x = Fraction(x)
                return mpmath.mpf(x.numerator) / x.denominator
            return mpmath.mpf(x)
        vals = [mpv(t) for t in theta]
        P = mpmath.matrix([[mpv(x) for x in row] for row in inst.X])
        k = 0
        total = mpmath.mpf(0)
        for idx, (r, c) in enumerate(inst.model.shapes):
            Wk = mpmath.matrix([[vals[k + i * c + j] for j in range(c)] for i in range(r)])
            if inst.regularization is not None:
                lam = inst.regularization.weights[idx]
                total += sum(mpv(lam[i][j]) * Wk[i, j] ** 2 for i in range(r) for j in range(c))
            P = Wk * P
            k += r * c
        Y = inst.Y
        total += mpv(inst.loss.scale) * sum((P[i, j] - mpv(Y[i][j])) ** 2
                                             for i in range(P.rows) for j in range(P.cols))
        return +total


def random_deep_linear(widths: Sequence[int], m: int, seed: int = 0, reg=None, scale=Fraction(1, 2),
                       uniform: bool = False):
    """A seeded random exact instance with dyadic data (entries ``k/8``), sized for the numerical core.

    ``reg`` (exact) adds a Tikhonov term: elementwise weights ``reg·k/8`` with seeded k in 4…12, or the
    same weight ``reg`` everywhere when ``uniform``.  A uniform weight keeps the rotation symmetry
    ``(W_{k+1}Oᵀ, OW_k)`` of the hidden units (``‖OW‖ = ‖W‖``), so every critical point with a
    non-zero hidden layer lies on a positive-dimensional orbit and is degenerate; elementwise weights
    leave only the discrete sign flips, and critical points are generically isolated (certifiable).

    >>> inst = random_deep_linear((3, 4, 2), m=5, seed=1, reg="1/10")
    >>> inst.n_params, inst.regularization is not None
    (20, True)
    """
    from ..instance import DeepLinear, Instance, SquaredLoss, Tikhonov
    from ..numbers import exact
    rng = np.random.default_rng(seed)
    widths = tuple(int(w) for w in widths)
    X = [[Fraction(int(v), 8) for v in row] for row in rng.integers(-12, 13, size=(widths[0], m))]
    Y = [[Fraction(int(v), 8) for v in row] for row in rng.integers(-12, 13, size=(widths[-1], m))]
    inst = Instance(DeepLinear(widths), X, Y, SquaredLoss(exact(scale)),
                    meta={"seed": seed, "generator": "random_deep_linear"})
    if reg is not None:
        lam = exact(reg, "reg")
        inst.regularization = Tikhonov(tuple(
            [[lam if uniform else lam * Fraction(int(rng.integers(4, 13)), 8) for _ in range(c)] for _ in range(r)]
            for r, c in inst.model.shapes))
    return inst
