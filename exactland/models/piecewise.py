"""Piecewise-polynomial networks (ReLU, leaky ReLU, identity units), exactly.

Two model kinds, both bias-free (append a constant-1 row to ``X`` for biases), over exact data
``X`` (d_x × m, one column per sample) and ``Y`` (d_y × m), with the squared loss

    L(θ) = s · Σ_i ‖f(x_i; θ) − y_i‖²,      s = ``loss.scale`` (default 1/2, as everywhere in exactland).

* ``{"kind": "feedforward", "layers": [{"width": d_1, "activation": "relu"}, …,
  {"width": d_y, "activation": "identity"}], "skip": [l, …]}``: ``h⁰ = x``,
  ``hˡ = σ_l(W_l hˡ⁻¹)`` for every listed layer (the last one is the output layer, width d_y);
  each ``l`` in ``skip`` (0 ≤ l < number of hidden layers; 0 is the input) adds ``V_l hˡ`` to the
  output layer's pre-activation (KHK 2019a Example 3).  Parameters, in this order: ``W_1, …, W_{H+1}``
  then ``V_l`` for ``l`` in ``skip`` order, each matrix row by row (row-major).
* ``{"kind": "resnet", "residual": [{"width": …, "activation": …}, …], "d_y": d_y}``:
  ``f(x) = W (x + R z(x; u))`` with ``z`` the feedforward net ``residual`` on ``x`` (weights ``u``,
  output width d_z), ``W`` d_y × d_x, ``R`` d_x × d_z (KHK 2019a eq. 4.1).  Parameters: ``W``, ``R``,
  then the residual net's weights.

Activations: ``"relu"`` (slope 0 below 0), ``"leaky:p/q"`` (slope p/q below 0, exact rational) and
``"identity"``.  An **activation pattern** is a tuple over the activation layers (feedforward:
hidden layers then the output layer; resnet: the residual layers), each a tuple over units, each a
tuple over samples of the sign of the pre-activation: 1, 0 (a kink) or −1.  A **region** is a pattern
without zeros: on it the network is a polynomial in θ.  Identity layers carry all 1s.

All arithmetic runs on exact truncated power series in one variable t ("jets"): the forward pass
along a polynomial curve θ(t) picks each unit's slope from the *leading* non-zero coefficient of its
pre-activation jet, which is the exact one-sided (t → 0⁺) expansion even when θ(0) sits on a kink.
So ``loss_along`` gives exact one-sided expansions at kinks, and with a fixed ``pattern`` the same
pass evaluates a chosen piece (one-sided polynomial) instead.

>>> net = PiecewiseNetwork.from_json({"model": {"kind": "feedforward", "layers": [
...     {"width": 1, "activation": "relu"}, {"width": 1, "activation": "identity"}]},
...     "data": {"X": [["1", "-1"]], "Y": [["1", "0"]]}})
>>> net.n_params, net.loss([2, "1/2"]), net.activation_pattern([2, "1/2"])
(2, Fraction(0, 1), (((1, -1),), ((1, 1),)))
"""

from __future__ import annotations

import json
import random as _random
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import product as _iproduct
from pathlib import Path

from .. import numbers as nb
from ..numbers import ShapeError, exact, fmt, fmt_matrix, matrix, shape_of

__all__ = ["Layer", "PiecewiseNetwork", "NotARegion", "slope_of", "random_feedforward",
           "random_resnet", "random_point", "load_feedforward", "load_resnet", "least_squares",
           "solve_consistent", "unit_patterns", "one_hidden_layer_minima", "region_certificate",
           "search_spurious", "two_hidden_layer_minima", "path_certificate",
           "spurious_two_layer_certificate"]


class NotARegion(ValueError):
    """A point sits on a kink where a single region (piece) was required."""


def slope_of(activation: str) -> Fraction:
    """The slope below zero of an activation name.

    >>> slope_of("relu"), slope_of("leaky:1/2"), slope_of("identity")
    (Fraction(0, 1), Fraction(1, 2), Fraction(1, 1))
    """
    if activation == "relu":
        return Fraction(0)
    if activation == "identity":
        return Fraction(1)
    if isinstance(activation, str) and activation.startswith("leaky:"):
        a = exact(activation[6:], "activation slope")
        if a < 0 or a == 1:
            raise ValueError(f"leaky slope must be ≥ 0 and ≠ 1, got {activation!r}")
        return a
    raise ValueError(f"unknown activation {activation!r} (use 'relu', 'leaky:p/q' or 'identity')")


@dataclass(frozen=True)
class Layer:
    """One layer: its width and activation name."""

    width: int
    activation: str = "relu"

    def __post_init__(self):
        if isinstance(self.width, bool) or not isinstance(self.width, int) or self.width < 1:
            raise ValueError(f"layer width must be a positive integer, got {self.width!r}")
        slope_of(self.activation)

    @property
    def slope(self) -> Fraction:
        """Slope of the activation below zero."""
        return slope_of(self.activation)

    def to_json(self) -> dict:
        """``{"width": …, "activation": …}``."""
        return {"width": self.width, "activation": self.activation}


# --- jets: truncated power series in t with Fraction coefficients ----------------------------------

def _jmul(p, q, deg):
    out = [Fraction(0)] * min(len(p) + len(q) - 1, deg + 1)
    for i, a in enumerate(p):
        if a and i <= deg:
            for j, b in enumerate(q[:deg + 1 - i]):
                if b:
                    out[i + j] += a * b
    return out


def _jadd(p, q):
    if len(p) < len(q):
        p, q = q, p
    return [a + q[i] if i < len(q) else a for i, a in enumerate(p)]


def _lead_sign(p) -> int:
    for c in p:
        if c:
            return 1 if c > 0 else -1
    return 0


def _as_layers(spec, where):
    if not isinstance(spec, list) or not spec:
        raise ValueError(f"{where} must be a non-empty list of layers")
    out = []
    for k, l in enumerate(spec):
        if isinstance(l, Layer):
            out.append(l)
        elif isinstance(l, dict):
            out.append(Layer(l.get("width"), l.get("activation", "relu")))
        else:
            raise ValueError(f"{where}[{k}] must be an object with width and activation")
    return tuple(out)


@dataclass
class PiecewiseNetwork:
    """A feedforward or ResNet network with piecewise-linear units over exact data, squared loss.

    Build it with :meth:`from_json`, :func:`random_feedforward` or :func:`random_resnet`.
    ``theta`` arguments are flat parameter vectors (any exact numbers; floats are refused).
    """

    kind: str
    layers: tuple           # feedforward: all layers incl. output; resnet: the residual layers
    X: list
    Y: list
    skip: tuple = ()
    scale: Fraction = Fraction(1, 2)
    meta: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.kind not in ("feedforward", "resnet"):
            raise ValueError(f"model kind must be 'feedforward' or 'resnet', got {self.kind!r}")
        self.layers = _as_layers(list(self.layers), "model.layers")
        self.X = matrix(self.X, "data.X")
        self.Y = matrix(self.Y, "data.Y")
        self.scale = exact(self.scale, "loss.scale")
        if self.scale <= 0:
            raise ValueError("loss.scale must be positive")
        if shape_of(self.X)[1] != shape_of(self.Y)[1] or shape_of(self.X)[1] < 1:
            raise ShapeError(f"data.X {shape_of(self.X)} and data.Y {shape_of(self.Y)} need the same "
                             "positive number of columns (samples)")
        self.skip = tuple(self.skip or ())
        if self.kind == "feedforward":
            if self.layers[-1].width != self.d_y:
                raise ShapeError(f"the last layer (output) has width {self.layers[-1].width} but data.Y has "
                                 f"{self.d_y} rows")
            H = len(self.layers) - 1
            for l in self.skip:
                if isinstance(l, bool) or not isinstance(l, int) or not 0 <= l < H:
                    raise ValueError(f"skip entries are layer indices 0..{H - 1} (0 = input), got {l!r}")
            if len(set(self.skip)) != len(self.skip):
                raise ValueError("skip has repeated layers")
        elif self.skip:
            raise ValueError("skip connections are for feedforward models")

    # --- sizes and layout ------------------------------------------------------------------------
    @property
    def m(self) -> int:
        """Number of samples."""
        return shape_of(self.X)[1]

    @property
    def d_x(self) -> int:
        """Input dimension (rows of X)."""
        return shape_of(self.X)[0]

    @property
    def d_y(self) -> int:
        """Output dimension (rows of Y)."""
        return shape_of(self.Y)[0]

    @property
    def d_z(self) -> int:
        """Width of the last layer (the residual features z for a resnet)."""
        return self.layers[-1].width

    @property
    def widths(self) -> list:
        """Input width then every layer's width (feedforward) / residual layers (resnet)."""
        return [self.d_x] + [l.width for l in self.layers]

    @property
    def shapes(self) -> list:
        """Shapes of the weight matrices, in parameter order."""
        w = self.widths
        chain = [(w[k + 1], w[k]) for k in range(len(self.layers))]
        if self.kind == "feedforward":
            return chain + [(self.d_y, w[l]) for l in self.skip]
        return [(self.d_y, self.d_x), (self.d_x, self.d_z)] + chain

    @property
    def names(self) -> list:
        """Names of the weight matrices, in parameter order."""
        H = len(self.layers)
        if self.kind == "feedforward":
            return [f"W{k + 1}" for k in range(H)] + [f"V{l}" for l in self.skip]
        return ["W", "R"] + [f"U{k + 1}" for k in range(H)]

    @property
    def n_params(self) -> int:
        """Length of the flat parameter vector θ."""
        return sum(r * c for r, c in self.shapes)

    def unflatten(self, theta) -> list:
        """The weight matrices of a flat vector (exact numbers; shapes checked)."""
        theta = self._vec(theta)
        out, k = [], 0
        for r, c in self.shapes:
            out.append([theta[k + i * c:k + (i + 1) * c] for i in range(r)])
            k += r * c
        return out

    def flatten(self, mats) -> list:
        """The flat vector of a list of weight matrices (inverse of :meth:`unflatten`)."""
        if len(mats) != len(self.shapes):
            raise ShapeError(f"expected {len(self.shapes)} matrices ({', '.join(self.names)})")
        out = []
        for M, shp, name in zip(mats, self.shapes, self.names):
            M = matrix(M, name, shape=shp)
            out.extend(x for row in M for x in row)
        return out

    def param_name(self, k: int) -> str:
        """``"W1[0,1]"``-style name of flat index k."""
        for name, (r, c) in zip(self.names, self.shapes):
            if k < r * c:
                return f"{name}[{k // c},{k % c}]"
            k -= r * c
        raise IndexError("parameter index out of range")

    def _vec(self, theta) -> list:
        if isinstance(theta, dict):
            theta = theta.get("theta")
        if not isinstance(theta, (list, tuple)) or len(theta) != self.n_params:
            raise ShapeError(f"θ must be a flat list of {self.n_params} exact numbers "
                             f"({', '.join(f'{n} {r}×{c}' for n, (r, c) in zip(self.names, self.shapes))})")
        return [exact(x, f"theta[{k}]") for k, x in enumerate(theta)]

    # --- the forward pass on jets -----------------------------------------------------------------
    def _forward(self, curve, deg, pattern=None, record=None):
        """Output jets ``F[r][i]`` (d_y × m) along θ(t) = Σ_k curve[k] t^k (``curve[0]`` = θ).

        ``pattern``: a region (or any pattern: a 0 entry uses the leading-sign rule) that fixes the
        slope of every (unit, sample); ``None`` chooses each slope from the leading coefficient.
        ``record`` (a list) receives the pre-activation jets layer by layer."""
        n = self.n_params
        coords = [[curve[j][k] for j in range(min(len(curve), deg + 1))] for k in range(n)]
        mats, k = [], 0
        for r, c in self.shapes:
            mats.append([[coords[k + i * c + j] for j in range(c)] for i in range(r)])
            k += r * c
        m = self.m
        x = [[[self.X[a][i]] for i in range(m)] for a in range(self.d_x)]  # x[unit][sample] = jet

        def lin(M, h):
            return [[_sum(_jmul(M[a][b], h[b][i], deg) for b in range(len(h))) for i in range(m)]
                    for a in range(len(M))]

        def act(p, layer, li):
            a = layer.slope
            out = []
            for u, row in enumerate(p):
                orow = []
                for i, jet in enumerate(row):
                    s = pattern[li][u][i] if pattern is not None else 0
                    if s == 0:
                        s = _lead_sign(jet)
                    orow.append(jet if s >= 0 or a == 1 else [a * c for c in jet])
                out.append(orow)
            return out

        if self.kind == "feedforward":
            H = len(self.layers) - 1
            hs, h = [x], x
            for li, layer in enumerate(self.layers):
                p = lin(mats[li], h)
                if li == H:
                    for V, l in zip(mats[H + 1:], self.skip):
                        q = lin(V, hs[l])
                        p = [[_jadd(p[a][i], q[a][i]) for i in range(m)] for a in range(len(p))]
                if record is not None:
                    record.append(p)
                h = act(p, layer, li)
                hs.append(h)
            return h
        W, R = mats[0], mats[1]
        h = x
        for li, layer in enumerate(self.layers):
            p = lin(mats[2 + li], h)
            if record is not None:
                record.append(p)
            h = act(p, layer, li)
        Rz = lin(R, h)
        inner = [[_jadd(x[a][i], Rz[a][i]) for i in range(m)] for a in range(self.d_x)]
        return lin(W, inner)

    def _curve(self, theta, dirs):
        return [self._vec(theta)] + [self._vec(d) for d in dirs]

    def _check_pattern(self, pattern):
        if pattern is None:
            return None
        shape_ok = (isinstance(pattern, (list, tuple)) and len(pattern) == len(self.layers) and all(
            len(P) == l.width and all(len(row) == self.m and all(s in (1, 0, -1) for s in row) for row in P)
            for P, l in zip(pattern, self.layers)))
        if not shape_ok:
            raise ValueError("a pattern is a tuple over layers of tuples over units of tuples over samples "
                             "of signs 1, 0, -1")
        return pattern

    # --- values at a point ----------------------------------------------------------------------------
    def output(self, theta) -> list:
        """f_X(θ) as a d_y × m matrix of Fractions (exact, kinks or not)."""
        F = self._forward(self._curve(theta, []), 0)
        return [[row[i][0] if row[i] else Fraction(0) for i in range(self.m)] for row in F]

    def loss(self, theta) -> Fraction:
        """L(θ) = s Σ ‖f(x_i) − y_i‖², exact."""
        F = self.output(theta)
        return self.scale * sum((F[r][i] - self.Y[r][i]) ** 2 for r in range(self.d_y) for i in range(self.m))

    def preactivations(self, theta) -> list:
        """Pre-activation matrices (units × samples) of every activation layer at θ."""
        rec = []
        self._forward(self._curve(theta, []), 0, record=rec)
        return [[[j[0] if j else Fraction(0) for j in row] for row in P] for P in rec]

    def activation_pattern(self, theta) -> tuple:
        """Signs (1, 0, −1) of every pre-activation; identity layers are all 1."""
        pre = self.preactivations(theta)
        return tuple(tuple(tuple(1 if l.activation == "identity" else (x > 0) - (x < 0) for x in row)
                           for row in P) for P, l in zip(pre, self.layers))

    def kinks(self, theta) -> list:
        """(layer, unit, sample) triples whose pre-activation is exactly 0 at a non-identity unit."""
        pat = self.activation_pattern(theta)
        return [(l, u, i) for l, P in enumerate(pat) for u, row in enumerate(P) for i, s in enumerate(row) if s == 0]

    def one_sided_patterns(self, theta, limit: int = 4096) -> list:
        """Every region pattern whose sign choices agree with θ off the kinks (each kink set to ±1):
        a superset of the regions whose closure contains θ (some may be empty near θ)."""
        pat = self.activation_pattern(theta)
        ks = self.kinks(theta)
        if 2 ** len(ks) > limit:
            raise ValueError(f"{len(ks)} kinks give 2^{len(ks)} one-sided pieces, more than limit={limit}")
        out = []
        for signs in _iproduct((1, -1), repeat=len(ks)):
            P = [[list(row) for row in L] for L in pat]
            for (l, u, i), s in zip(ks, signs):
                P[l][u][i] = s
            out.append(tuple(tuple(tuple(r) for r in L) for L in P))
        return out

    def region(self, theta) -> tuple:
        """The region pattern of θ; raises :class:`NotARegion` when θ is on a kink."""
        ks = self.kinks(theta)
        if ks:
            raise NotARegion(f"θ is on a kink at (layer, unit, sample) {ks[:4]}; pass a one-sided pattern "
                             "(see one_sided_patterns)")
        return self.activation_pattern(theta)

    # --- derivatives on a region (piece) ----------------------------------------------------------------
    def jacobian(self, theta, pattern=None) -> list:
        """∂f_X/∂θ of the piece ``pattern`` (default: θ's own region), (m·d_y) × n, rows sample-major
        (row i·d_y + r is output r of sample i)."""
        pattern = self._check_pattern(pattern) if pattern is not None else self.region(theta)
        th = self._vec(theta)
        cols = []
        for k in range(self.n_params):
            e = [Fraction(0)] * self.n_params
            e[k] = Fraction(1)
            F = self._forward([th, e], 1, pattern)
            cols.append([_c(F[r][i], 1) for i in range(self.m) for r in range(self.d_y)])
        return [list(row) for row in zip(*cols)] if cols else []

    def residual_vector(self, theta) -> list:
        """f_X(θ) − Y stacked sample-major (length m·d_y)."""
        F = self.output(theta)
        return [F[r][i] - self.Y[r][i] for i in range(self.m) for r in range(self.d_y)]

    def gradient(self, theta, pattern=None) -> list:
        """∇L of the piece ``pattern`` at θ: 2s Jᵀ(f_X − Y)."""
        J = self.jacobian(theta, pattern)
        r = self.residual_vector(theta)
        return [2 * self.scale * sum((J[a][k] * r[a] for a in range(len(r))), Fraction(0))
                for k in range(self.n_params)]

    def hessian(self, theta, pattern=None) -> list:
        """∇²L of the piece ``pattern`` at θ (exact, by polarization of second-order jets)."""
        pattern = self._check_pattern(pattern) if pattern is not None else self.region(theta)
        n = self.n_params

        def q(v):
            return 2 * self._loss_jet([self._vec(theta), v], 2, pattern)[2]

        def e(*ks):
            v = [Fraction(0)] * n
            for k in ks:
                v[k] += 1
            return v
        diag = [q(e(i)) for i in range(n)]
        Hm = [[Fraction(0)] * n for _ in range(n)]
        for i in range(n):
            Hm[i][i] = diag[i]
            for j in range(i):
                Hm[i][j] = Hm[j][i] = (q(e(i, j)) - diag[i] - diag[j]) / 2
        return Hm

    def _loss_jet(self, curve, deg, pattern=None):
        F = self._forward(curve, deg, pattern)
        tot = [Fraction(0)] * (deg + 1)
        for r in range(self.d_y):
            for i in range(self.m):
                d = _jadd(F[r][i], [-self.Y[r][i]])
                tot = _jadd(tot, [self.scale * c for c in _jmul(d, d, deg)])
        return tot + [Fraction(0)] * (deg + 1 - len(tot))

    def loss_along(self, theta, dirs, degree: int, pattern=None) -> list:
        """Coefficients c_0..c_degree of L(θ + t d_1 + t² d_2 + …) for t → 0⁺ (exact one-sided
        expansion, kinks included); with ``pattern``, of that piece's polynomial instead."""
        return self._loss_jet(self._curve(theta, dirs), degree, self._check_pattern(pattern))

    def output_along(self, theta, dirs, degree: int, pattern=None) -> list:
        """Jets (lists of coefficients) of f_X(θ + t d_1 + …) for t → 0⁺, as a d_y × m matrix of jets."""
        F = self._forward(self._curve(theta, dirs), degree, self._check_pattern(pattern))
        return [[row[i] + [Fraction(0)] * (degree + 1 - len(row[i])) for i in range(self.m)] for row in F]

    def one_sided_derivative(self, theta, v) -> list:
        """D⁺f_X(θ; v) (sample-major vector): the exact one-sided directional derivative."""
        F = self.output_along(theta, [v], 1)
        return [F[r][i][1] for i in range(self.m) for r in range(self.d_y)]

    def output_differentiable(self, theta, limit: int = 4096):
        """Is θ ↦ f_X(θ) differentiable at θ?  ``True`` (certified: every one-sided piece has the
        same Jacobian at θ — then the pieces, polynomials agreeing on their common boundaries,
        share one first-order expansion), ``False`` (certified: some coordinate direction e_k has
        D⁺f(θ; e_k) ≠ −D⁺f(θ; −e_k)), or ``None`` (undecided)."""
        if not self.kinks(theta):
            return True
        pats = self.one_sided_patterns(theta, limit)
        J0 = self.jacobian(theta, pats[0])
        if all(self.jacobian(theta, P) == J0 for P in pats[1:]):
            return True
        return False if self.nondifferentiability_witness(theta) is not None else None

    def nondifferentiability_witness(self, theta, extra=()):
        """A direction v with D⁺f_X(θ; v) + D⁺f_X(θ; −v) ≠ 0 (so f_X is not differentiable at θ), or None."""
        n = self.n_params
        cands = [[Fraction(int(j == k)) for j in range(n)] for k in range(n)] + [list(v) for v in extra]
        for v in cands:
            a = self.one_sided_derivative(theta, v)
            b = self.one_sided_derivative(theta, [-x for x in v])
            if any(x + y for x, y in zip(a, b)):
                return v
        return None

    def loss_differentiable(self, theta, limit: int = 4096) -> bool:
        """Sufficient exact test that L is differentiable at θ: every one-sided piece has the same gradient."""
        if not self.kinks(theta):
            return True
        pats = self.one_sided_patterns(theta, limit)
        g0 = self.gradient(theta, pats[0])
        return all(self.gradient(theta, P) == g0 for P in pats[1:])

    def region_polynomial(self, pattern, symbols=None):
        """The loss of the piece ``pattern`` as a sympy polynomial in the parameters (``th0, th1, …``
        unless ``symbols`` is given)."""
        import sympy
        self._check_pattern(pattern)
        syms = list(symbols) if symbols is not None else list(sympy.symbols(f"th0:{self.n_params}"))
        mats, k = [], 0
        for r, c in self.shapes:
            mats.append(sympy.Matrix(r, c, syms[k:k + r * c]))
            k += r * c
        X = sympy.Matrix([[sympy.Rational(x.numerator, x.denominator) for x in row] for row in self.X])

        def act(P, layer, li):
            a = sympy.Rational(layer.slope.numerator, layer.slope.denominator)
            return sympy.Matrix(P.rows, P.cols, lambda u, i: P[u, i] if pattern[li][u][i] >= 0 else a * P[u, i])
        if self.kind == "feedforward":
            H = len(self.layers) - 1
            hs, h = [X], X
            for li, layer in enumerate(self.layers):
                p = mats[li] * h
                if li == H:
                    for V, l in zip(mats[H + 1:], self.skip):
                        p = p + V * hs[l]
                h = act(p, layer, li)
                hs.append(h)
            F = h
        else:
            h = X
            for li, layer in enumerate(self.layers):
                h = act(mats[2 + li] * h, layer, li)
            F = mats[0] * (X + mats[1] * h)
        Y = sympy.Matrix([[sympy.Rational(x.numerator, x.denominator) for x in row] for row in self.Y])
        s = sympy.Rational(self.scale.numerator, self.scale.denominator)
        return sympy.expand(s * sum(e ** 2 for e in (F - Y)))

    # --- JSON -------------------------------------------------------------------------------------------
    def model_json(self) -> dict:
        """The ``model`` object of the instance JSON."""
        if self.kind == "feedforward":
            return {"kind": "feedforward", "layers": [l.to_json() for l in self.layers], "skip": list(self.skip)}
        return {"kind": "resnet", "residual": [l.to_json() for l in self.layers], "d_y": self.d_y}

    def to_json(self) -> dict:
        """The instance as schema-v1 JSON (``exactland.models.load`` reads it back)."""
        out = {"schema": 1, "model": self.model_json(),
               "data": {"X": fmt_matrix(self.X), "Y": fmt_matrix(self.Y)},
               "loss": {"kind": "squared", "scale": fmt(self.scale)}}
        if self.meta:
            out["meta"] = self.meta
        return out

    @classmethod
    def from_json(cls, obj, convert_floats: bool = False) -> "PiecewiseNetwork":
        """Read a feedforward/resnet instance from a dict, JSON text or a path."""
        if isinstance(obj, (str, Path)):
            text = str(obj)
            obj = json.loads(text) if text.lstrip().startswith("{") else json.loads(Path(text).read_text())
        if not isinstance(obj, dict) or not isinstance(obj.get("model"), dict) or "data" not in obj:
            raise ValueError("an instance is a JSON object with 'model' and 'data'")
        model, data = obj["model"], obj["data"]
        loss = obj.get("loss") or {}
        if loss.get("kind", "squared") != "squared":
            raise ValueError(f"loss kind {loss.get('kind')!r} is not supported (supported: 'squared')")
        if obj.get("regularization"):
            raise ValueError("regularization is not supported for piecewise networks")
        X = matrix(data.get("X"), "data.X", convert_floats)
        Y = matrix(data.get("Y"), "data.Y", convert_floats)
        sc = exact(loss.get("scale", "1/2"), "loss.scale", convert_floats)
        kind = model.get("kind")
        if kind == "feedforward":
            return cls("feedforward", _as_layers(model.get("layers"), "model.layers"), X, Y,
                       tuple(model.get("skip") or ()), sc, dict(obj.get("meta") or {}))
        if kind == "resnet":
            dy = model.get("d_y", len(Y))
            if dy != len(Y):
                raise ShapeError(f"model.d_y = {dy} but data.Y has {len(Y)} rows")
            return cls("resnet", _as_layers(model.get("residual"), "model.residual"), X, Y, (), sc,
                       dict(obj.get("meta") or {}))
        raise ValueError(f"model kind {kind!r} is not a piecewise network kind")


def _sum(jets):
    acc = [Fraction(0)]
    for p in jets:
        acc = _jadd(acc, p)
    return acc


def _c(p, k):
    return p[k] if k < len(p) else Fraction(0)


def load_feedforward(obj, convert_floats=False):
    """Loader for :mod:`exactland.models` (``model.kind == "feedforward"``)."""
    return PiecewiseNetwork.from_json(obj, convert_floats)


def load_resnet(obj, convert_floats=False):
    """Loader for :mod:`exactland.models` (``model.kind == "resnet"``)."""
    return PiecewiseNetwork.from_json(obj, convert_floats)


# --- seeded generators ---------------------------------------------------------------------------------

def _rq(rng, num, den):
    return Fraction(rng.randint(-num, num), rng.randint(1, den))


def random_feedforward(hidden=(2,), d_x: int = 2, d_y: int = 1, m: int = 4, activation: str = "relu",
                       seed: int = 0, skip=(), num: int = 4, den: int = 2, bias: bool = False,
                       scale=Fraction(1, 2)) -> PiecewiseNetwork:
    """A seeded random exact feedforward instance (hidden layers ``hidden`` with ``activation``,
    identity output).  ``bias=True`` makes the last input row the constant 1.

    >>> a = random_feedforward(seed=3); b = random_feedforward(seed=3)
    >>> a.X == b.X and a.Y == b.Y, a.n_params
    (True, 6)
    """
    rng = _random.Random(seed)
    X = [[_rq(rng, num, den) for _ in range(m)] for _ in range(d_x)]
    if bias:
        X[-1] = [Fraction(1)] * m
    Y = [[_rq(rng, num, den) for _ in range(m)] for _ in range(d_y)]
    layers = [Layer(w, activation) for w in hidden] + [Layer(d_y, "identity")]
    return PiecewiseNetwork("feedforward", tuple(layers), X, Y, tuple(skip), scale,
                            {"seed": seed, "generator": "random_feedforward"})


def random_resnet(residual=(2,), d_x: int = 2, d_y: int = 1, m: int = 4, activation: str = "relu",
                  seed: int = 0, num: int = 4, den: int = 2, scale=Fraction(1, 2)) -> PiecewiseNetwork:
    """A seeded random exact ResNet instance ``W(x + R z(x; u))``, z with the given residual widths.

    >>> random_resnet(seed=1).n_params   # W 1×2, R 2×2, U1 2×2
    10
    """
    rng = _random.Random(seed)
    X = [[_rq(rng, num, den) for _ in range(m)] for _ in range(d_x)]
    Y = [[_rq(rng, num, den) for _ in range(m)] for _ in range(d_y)]
    layers = [Layer(w, activation) for w in residual]
    return PiecewiseNetwork("resnet", tuple(layers), X, Y, (), scale,
                            {"seed": seed, "generator": "random_resnet"})


def random_point(net: PiecewiseNetwork, seed: int = 0, num: int = 3, den: int = 2) -> list:
    """A seeded random rational parameter vector for ``net``."""
    rng = _random.Random(seed)
    return [_rq(rng, num, den) for _ in range(net.n_params)]


# --- exact least squares --------------------------------------------------------------------------------

def solve_consistent(A, b):
    """A particular solution (free variables 0) and a null-space basis of A x = b, or ``(None, basis)``
    when the system is inconsistent.  Exact Gauss–Jordan over Fractions.

    >>> solve_consistent([[1, 1], [2, 2]], [2, 4])[0]
    [Fraction(2, 1), Fraction(0, 1)]
    """
    rows = [[Fraction(x) for x in r] + [Fraction(y)] for r, y in zip(A, b)]
    n = len(A[0]) if A else 0
    piv, r = [], 0
    for c in range(n):
        p = next((i for i in range(r, len(rows)) if rows[i][c] != 0), None)
        if p is None:
            continue
        rows[r], rows[p] = rows[p], rows[r]
        rows[r] = [x / rows[r][c] for x in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][c] != 0:
                f = rows[i][c]
                rows[i] = [x - f * y for x, y in zip(rows[i], rows[r])]
        piv.append(c)
        r += 1
    free = [c for c in range(n) if c not in piv]
    basis = []
    for fc in free:
        v = [Fraction(0)] * n
        v[fc] = Fraction(1)
        for i, pc in enumerate(piv):
            v[pc] = -rows[i][fc]
        basis.append(v)
    if any(all(x == 0 for x in row[:n]) and row[n] != 0 for row in rows):
        return None, basis
    x = [Fraction(0)] * n
    for i, pc in enumerate(piv):
        x[pc] = rows[i][n]
    return x, basis


def least_squares(F, y):
    """``(α, value)`` minimizing ‖F α − y‖² exactly (F a list of rows); value is the minimum of ‖·‖².

    >>> least_squares([[1], [1]], [0, 2])
    ([Fraction(1, 1)], Fraction(2, 1))
    """
    n = len(F[0]) if F else 0
    if n == 0:
        return [], sum((Fraction(v) ** 2 for v in y), Fraction(0))
    G = [[sum((F[a][i] * F[a][j] for a in range(len(F))), Fraction(0)) for j in range(n)] for i in range(n)]
    h = [sum((F[a][i] * y[a] for a in range(len(F))), Fraction(0)) for i in range(n)]
    alpha, _ = solve_consistent(G, h)
    val = sum(((sum((F[a][k] * alpha[k] for k in range(n)), Fraction(0)) - y[a]) ** 2 for a in range(len(F))),
              Fraction(0))
    return alpha, val


# --- one hidden layer: region enumeration and exact solving ------------------------------------------------

def _cells_2d(X):
    """Interior points of every cell of the central line arrangement {w : w·x_i = 0} in R² (exact)."""
    rays = []
    for i in range(len(X[0])):
        n = (-X[1][i], X[0][i])
        if n != (0, 0):
            rays += [n, (-n[0], -n[1])]
    if not rays:
        return [(Fraction(1), Fraction(0))]
    import math

    def half(v):  # 0 for angles in [0, π), 1 for [π, 2π)
        return 0 if (v[1] > 0 or (v[1] == 0 and v[0] > 0)) else 1
    from functools import cmp_to_key

    def cmp(a, b):
        ha, hb = half(a), half(b)
        if ha != hb:
            return ha - hb
        cr = a[0] * b[1] - a[1] * b[0]
        return -1 if cr > 0 else (1 if cr < 0 else 0)
    rays.sort(key=cmp_to_key(cmp))
    out = []
    for a, b in zip(rays, rays[1:] + rays[:1]):
        cr = a[0] * b[1] - a[1] * b[0]
        if cr > 0:
            out.append((a[0] + b[0], a[1] + b[1]))
        elif cr == 0 and a[0] * b[0] + a[1] * b[1] < 0:  # opposite rays: the half-plane between them
            out.append((-a[1], a[0]))
    del math
    return out


def _cells_3d(X):
    """Interior points of every cell of the central plane arrangement {w : w·x_i = 0} in R³, exactly.

    Each cell of an essential central arrangement is a pointed cone, so it has an extreme ray
    r = ±(x_a × x_b); the cells whose closure contains r are the 2-D cells of the planes through r
    (coordinates along p = x_a, q = r × x_a), pushed off r by an exact small step.  Arrangements of rank
    ≤ 2 reduce to :func:`_cells_2d` in the span of the x_i.

    >>> len({tuple(1 if sum(w[b] * x[b] for b in range(3)) > 0 else -1 for x in zip(*X))
    ...      for X in [[[1, 0, 0, 1], [0, 1, 0, 1], [0, 0, 1, 1]]] for w in _cells_3d(X)})   # 4 generic planes
    14
    """
    X = [[Fraction(v) for v in row] for row in X]
    m = len(X[0])
    pts = [tuple(X[b][i] for b in range(3)) for i in range(m)]
    pts = [p for p in pts if any(p)]

    def dot(a, b):
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]

    def cross(a, b):
        return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])
    if not pts:
        return [(Fraction(1), Fraction(0), Fraction(0))]
    if nb.rank([list(p) for p in pts]) <= 2:
        p = pts[0]
        q = next((c for c in pts if any(cross(p, c))), None)
        if q is None:     # rank 1: two half-spaces
            return [tuple(p), tuple(-v for v in p)]
        n = cross(p, q)
        q2 = cross(n, p)   # p, q2 span the x_i's plane; w = α p + β q2 (+ anything along n)
        cells = _cells_2d([[dot(x, p) for x in pts], [dot(x, q2) for x in pts]])
        return [tuple(a * p[k] + b * q2[k] for k in range(3)) for a, b in cells]
    out, seen = [], set()
    for a in range(len(pts)):
        for b in range(a + 1, len(pts)):
            c = cross(pts[a], pts[b])
            if not any(c):
                continue
            for r in (c, tuple(-v for v in c)):
                p = pts[a]
                q = cross(r, p)
                through = [x for x in pts if dot(x, r) == 0]
                cells = _cells_2d([[dot(x, p) for x in through], [dot(x, q) for x in through]])
                for al, be in cells:
                    d = tuple(al * p[k] + be * q[k] for k in range(3))
                    step = Fraction(1)
                    for x in pts:
                        xr, xd = dot(x, r), dot(x, d)
                        if xr != 0 and xd != 0:
                            step = min(step, abs(xr) / (2 * abs(xd)))
                    w = tuple(r[k] + step * d[k] for k in range(3))
                    sig = tuple(1 if dot(x, w) > 0 else -1 for x in pts)
                    if sig not in seen and all(dot(x, w) != 0 for x in pts):
                        seen.add(sig)
                        out.append(w)
    return out


def unit_patterns(X, seed: int = 0, samples: int = 400):
    """Distinct strict sign patterns (tuples over samples) of w·x_i realized by some w, each with a
    rational representative w: all of them for d_x = 2 and d_x = 3 (the cells of the arrangement,
    enumerated exactly), a seeded random sample of them for d_x ≥ 4."""
    dx, m = len(X), len(X[0])
    if dx == 2:
        cands = [list(c) for c in _cells_2d(X)]
    elif dx == 3:
        cands = [list(c) for c in _cells_3d(X)]
    else:
        rng = _random.Random(seed)
        cands = [[Fraction(rng.randint(-9, 9), rng.randint(1, 3)) for _ in range(dx)] for _ in range(samples)]
    out = {}
    for w in cands:
        pre = [sum((w[b] * X[b][i] for b in range(dx)), Fraction(0)) for i in range(m)]
        if all(pre):
            out.setdefault(tuple(1 if p > 0 else -1 for p in pre), w)
    return out


def one_hidden_layer_minima(net: PiecewiseNetwork, seed: int = 0, max_regions: int = 20000):
    """Local minima in the interior of activation regions of a one-hidden-layer network (identity
    output, d_y = 1), found exactly: for each combination of unit patterns the loss is a convex quadratic
    in the products u_j = w2_j w1_j; its least-squares minimizer is mapped back to a θ with the same
    pattern when possible.  Returns ``(minima, tried)``: minima are dicts with theta, loss, pattern.
    Untrusted: certify the results with :func:`region_certificate`."""
    if net.kind != "feedforward" or len(net.layers) != 2 or net.layers[1].activation != "identity" or net.skip:
        raise ValueError("one_hidden_layer_minima needs a feedforward net with one hidden layer and identity output")
    if net.d_y != 1:
        raise ValueError("one_hidden_layer_minima supports d_y = 1 (the products u_j are then vectors)")
    X, y, m, dx = net.X, net.Y[0], net.m, net.d_x
    n, a = net.layers[0].width, net.layers[0].slope
    pats = unit_patterns(X, seed)
    keys = sorted(pats)
    from itertools import combinations_with_replacement
    found, tried = [], 0
    for combo in combinations_with_replacement(range(len(keys)), n):
        tried += 1
        if tried > max_regions:
            break
        P = [keys[c] for c in combo]
        Phi = [[(1 if P[j][i] > 0 else a) * X[b][i] for j in range(n) for b in range(dx)] for i in range(m)]
        u, _ = least_squares(Phi, y)
        theta_w1, theta_w2 = [], []
        ok = True
        for j in range(n):
            uj = u[j * dx:(j + 1) * dx]
            pre = [sum((uj[b] * X[b][i] for b in range(dx)), Fraction(0)) for i in range(m)]
            if not any(uj):
                theta_w1.append(list(pats[P[j]]))
                theta_w2.append(Fraction(0))
                continue
            sigma = next((s for s in (1, -1) if all(s * pre[i] * P[j][i] > 0 for i in range(m))), None)
            if sigma is None:
                ok = False
                break
            theta_w1.append([sigma * x for x in uj])
            theta_w2.append(Fraction(sigma))
        if not ok:
            continue
        theta = [x for row in theta_w1 for x in row] + theta_w2
        found.append({"theta": theta, "loss": net.loss(theta), "pattern": tuple(P), "u": u})
    return found, tried


def two_hidden_layer_minima(net: PiecewiseNetwork, seed: int = 0, max_regions: int = 20000):
    """Local minima of a two-hidden-layer network (identity output, d_y = 1, no skip) in the interior
    of regions where every second-layer unit is active on every sample, found exactly.

    On such a region f(x_i) = Σ_j c_j σ(w1_j·x_i) with c = W3·W2, so the loss is the one-hidden-layer
    region quadratic in u_j = c_j w1_j (:func:`one_hidden_layer_minima`); its least-squares minimizer is
    mapped back to (W1, W2, W3) with W3 = (2, −1, 0, …), W2 rows c + λ_k g (g = (1, …, 1), λ_k ∈ {λ, 2λ, λ, …})
    and λ large enough that every second-layer pre-activation is > 0.  The path-feature relaxation
    (kernel "khk2019b", ``local_min`` with ``path_features``) certifies these points: on the closed
    region the output lies in the span of the path features and the residual is orthogonal to them.
    Returns ``(minima, tried)`` like :func:`one_hidden_layer_minima`.  Untrusted: certify with
    :func:`path_certificate`.

    >>> net = random_feedforward((2, 2), d_x=2, d_y=1, m=4, seed=0)
    >>> mins, _ = two_hidden_layer_minima(net)
    >>> [str(mn["loss"]) for mn in mins], net.kinks(mins[0]["theta"]), any(net.gradient(mins[0]["theta"]))
    (['289/24'], [], False)
    """
    if (net.kind != "feedforward" or len(net.layers) != 3 or net.layers[2].activation != "identity"
            or net.skip or net.d_y != 1):
        raise ValueError("two_hidden_layer_minima needs a feedforward net with two hidden layers, identity "
                         "output, d_y = 1 and no skip")
    d1, d2 = net.layers[0].width, net.layers[1].width
    if d2 < 2:
        raise ValueError("two_hidden_layer_minima needs at least 2 units in the second hidden layer")
    one = PiecewiseNetwork("feedforward", (net.layers[0], Layer(1, "identity")), net.X, net.Y, (), net.scale,
                           dict(net.meta))
    mins, tried = one_hidden_layer_minima(one, seed, max_regions)
    X, m, dx = net.X, net.m, net.d_x
    out = []
    for mn in mins:
        theta = _embed_two_layer(net, one, mn["theta"])
        if theta is None or net.kinks(theta) or net.loss(theta) != mn["loss"]:
            continue
        out.append({"theta": theta, "loss": mn["loss"], "pattern": mn["pattern"], "u": mn["u"]})
    return out, tried


def _embed_two_layer(net, one, th1, strict: bool = True):
    """θ of the two-hidden-layer ``net`` computing the same outputs as the one-hidden-layer point ``th1``
    of ``one`` (W3 = (2, −1, 0, …), W2 rows c + λ_k(1, …, 1)), or None.  With ``strict`` every sample must
    reach the second layer (Σ_j h1_j > 0), so all second-layer pre-activations are > 0."""
    d1, d2, dx, m = net.layers[0].width, net.layers[1].width, net.d_x, net.m
    W1 = [th1[j * dx:(j + 1) * dx] for j in range(d1)]
    c = th1[d1 * dx:]
    a = net.layers[0].slope
    h = [[p if p > 0 else a * p for p in row] for row in one.preactivations(th1)[0]]
    gh = [sum((h[j][i] for j in range(d1)), Fraction(0)) for i in range(m)]
    if any(v < 0 for v in gh) or (strict and any(v == 0 for v in gh)):
        return None
    ch = [sum((c[j] * h[j][i] for j in range(d1)), Fraction(0)) for i in range(m)]
    lam = 1 + max([Fraction(0)] + [-ch[i] / gh[i] for i in range(m) if gh[i] > 0])
    lams = [lam, 2 * lam] + [lam] * (d2 - 2)
    W2 = [[c[j] + lk for j in range(d1)] for lk in lams]
    W3 = [Fraction(2), Fraction(-1)] + [Fraction(0)] * (d2 - 2)
    return [x for row in W1 for x in row] + [x for row in W2 for x in row] + W3


def path_certificate(net, theta, claim: str = "local_min") -> dict:
    """A kernel "khk2019b" ``local_min`` certificate with ``path_features`` evidence (any depth, d_y
    any): on every closed region at θ, 𝒟_pᵀ(Ŷ − Y) = 0 for the path-feature matrix 𝒟_p."""
    return _certificate(net, theta, claim, {"type": "path_features"}, kernel="khk2019b")


def _certificate(net, theta, claim, evidence, kernel="piecewise"):
    return {"exactland_certificate": 1, "kernel": kernel, "claim": claim, "instance": net.to_json(),
            "point": {"theta": [fmt(x) for x in theta]}, "loss": fmt(net.loss(theta)), "evidence": evidence}


def region_certificate(net, theta, lower=None, all_active=False) -> dict:
    """A "piecewise" certificate that θ is a local minimum (one hidden layer: convex quadratic in the
    products on every one-sided piece), spurious when ``lower`` (a point with smaller loss) is given."""
    ev = [{"type": "region_convex_min"}]
    claim = "local_min"
    if lower is not None:
        ev.append({"type": "lower_point", "theta": [fmt(x) for x in lower]})
        claim = "spurious_local_min"
        if all_active:
            ev.append({"type": "units_active"})
            claim = "spurious_local_min_all_active"
    return _certificate(net, theta, claim, ev)


def search_spurious(hidden: int = 2, samples: int = 4, seed: int = 0, d_x: int = 2, tries: int = 50,
                    activation: str = "relu", bias: bool = False, progress=None, layers: int = 1) -> dict:
    """Search seeded exact instances (seed, seed+1, …; at most ``tries``) of a one-hidden-layer network
    for a spurious local minimum in which every hidden unit is active on some sample and contributes
    (u_j ≠ 0).  Returns ``{"found", "tried", "instance", "point", "loss", "lower_point", "certificate",
    "seed", "regions"}``; the certificate is checked by the kernel before it is returned.  ``regions``
    counts the activation cells of one hidden unit (the cells of the central arrangement
    {w : w·x_i = 0}, enumerated exactly for d_x ≤ 3, sampled for d_x ≥ 4) and the region combinations
    (multisets of unit cells) solved on the instance where the minimum was found.  ``layers=2``: two hidden
    layers of ``hidden`` units each, minima on regions with a linear second layer
    (:func:`two_hidden_layer_minima`), certificate of kernel "piecewise_extra"."""
    from .. import kernel
    if layers == 2:
        return _search_spurious_two(hidden, samples, seed, d_x, tries, activation, bias, progress)
    if layers != 1:
        raise ValueError("search_spurious supports 1 or 2 hidden layers")
    for t in range(tries):
        s = seed + t
        net = random_feedforward((hidden,), d_x=d_x, d_y=1, m=samples, activation=activation, seed=s, bias=bias)
        minima, regions = one_hidden_layer_minima(net, seed=s)
        cells = len(unit_patterns(net.X, s))
        counts = {"unit_cells": cells, "combinations": regions,
                  "enumeration": "exact" if d_x <= 3 else "sampled"}
        if progress:
            progress(f"instance seed {s}: {cells} cells per unit ({counts['enumeration']}), {regions} region "
                     f"combinations, {len(minima)} realizable minima")
        if not minima:
            continue
        best = min(minima, key=lambda r: r["loss"])
        for cand in sorted(minima, key=lambda r: -r["loss"]):
            if cand["loss"] <= best["loss"]:
                break
            th = cand["theta"]
            n = hidden
            u = cand["u"]
            pats = cand["pattern"]
            if any(not any(u[j * d_x:(j + 1) * d_x]) or 1 not in pats[j] for j in range(n)):
                continue
            cert = region_certificate(net, th, lower=best["theta"], all_active=True)
            ok, why = kernel.verify(cert)
            if not ok:  # pragma: no cover - the search is untrusted; never report an unverified result
                if progress:
                    progress(f"candidate rejected by the kernel: {why}")
                continue
            return {"found": True, "tried": t + 1, "seed": s, "instance": net.to_json(),
                    "point": {"theta": [fmt(x) for x in th]}, "loss": fmt(cand["loss"]),
                    "lower_point": {"theta": [fmt(x) for x in best["theta"]], "loss": fmt(best["loss"])},
                    "certificate": cert, "regions": counts}
    return {"found": False, "tried": tries, "seed": seed, "instance": None, "point": None, "certificate": None}


def spurious_two_layer_certificate(net, theta, lower) -> dict:
    """Kernel "piecewise_extra" certificate: θ is a local minimum (path features on every closed region at
    θ), the lower point has a smaller loss, and every hidden unit is active on a sample and contributes."""
    return _certificate(net, theta, "spurious_local_min_all_active",
                        {"type": "path_features", "lower_point": [fmt(x) for x in lower], "units_active": True},
                        kernel="piecewise_extra")


def _search_spurious_two(hidden, samples, seed, d_x, tries, activation, bias, progress):
    from ..kernel import Invalid, piecewise_extra
    for t in range(tries):
        s = seed + t
        net = random_feedforward((hidden, hidden), d_x=d_x, d_y=1, m=samples, activation=activation, seed=s,
                                 bias=bias)
        one = PiecewiseNetwork("feedforward", (net.layers[0], Layer(1, "identity")), net.X, net.Y, (), net.scale,
                               dict(net.meta))
        mins, regions = two_hidden_layer_minima(net, seed=s)
        lows = []
        for mn in one_hidden_layer_minima(one, seed=s)[0]:
            th = _embed_two_layer(net, one, mn["theta"], strict=False)
            if th is not None and net.loss(th) == mn["loss"]:
                lows.append(th)
        counts = {"unit_cells": len(unit_patterns(net.X, s)), "combinations": regions,
                  "enumeration": "exact" if d_x <= 3 else "sampled"}
        if progress:
            progress(f"instance seed {s}: {regions} first-layer region combinations, {len(mins)} certifiable "
                     f"two-layer minima")
        if not mins or not lows:
            continue
        best = min(lows, key=net.loss)
        for cand in sorted(mins, key=lambda r: -r["loss"]):
            if cand["loss"] <= net.loss(best):
                break
            cert = spurious_two_layer_certificate(net, cand["theta"], best)
            try:
                piecewise_extra.check(cert)
            except Invalid:
                continue
            return {"found": True, "tried": t + 1, "seed": s, "instance": net.to_json(),
                    "point": {"theta": [fmt(x) for x in cand["theta"]]}, "loss": fmt(cand["loss"]),
                    "lower_point": {"theta": [fmt(x) for x in best], "loss": fmt(net.loss(best))},
                    "certificate": cert, "regions": counts}
    return {"found": False, "tried": tries, "seed": seed, "instance": None, "point": None, "certificate": None}
