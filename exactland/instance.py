"""Instances: a model, exact data, a loss and an optional regularizer — plain, serializable data.

Schema v1 (JSON)::

    {"model": {"kind": "deep_linear", "widths": [d_x, d_1, ..., d_y]},
     "data": {"X": [[...], ...], "Y": [[...], ...]},     # X is d_x x m, Y is d_y x m
     "loss": {"kind": "squared", "scale": "1/2"},        # scale * ||W_{H+1}...W_1 X - Y||_F^2
     "regularization": null}                             # or {"kind": "tikhonov", "weights": [L_1, ...]}

A point is ``{"W": [W_1, ..., W_{H+1}]}``.  The flat parameter order used everywhere in
exactland is W_1 row-major, then W_2 row-major, ..., then W_{H+1}; :func:`kawaguchi_order`
gives the permutation to Kawaguchi (2016)'s order (vec(W_kᵀ) blocks, W_{H+1} first).

Loss normalizations differ between papers (Kawaguchi 2016 and KHK 2019b: ½‖·‖²; the depth
paper: ‖·‖²; Kawaguchi–Kaelbling 2020: (1/m)Σ).  The ``scale`` field records which one an
instance uses, and every reported loss value carries it.

>>> inst = Instance.from_json({"model": {"kind": "deep_linear", "widths": [2, 1, 2]},
...     "data": {"X": [[1, 0, 1], [0, 1, 1]], "Y": [[1, 2, "1/2"], [0, 1, 1]]}})
>>> inst.model.H, inst.n_params, inst.loss.scale
(1, 4, Fraction(1, 2))
>>> Instance.from_json({"model": {"kind": "deep_linear", "widths": [2, 1, 2]},
...     "data": {"X": [[1, 0.5], [0, 1]], "Y": [[1, 2], [0, 1]]}})
Traceback (most recent call last):
...
exactland.numbers.ExactnessError: data.X[0][1]: 0.5 is a float; ...
"""

from __future__ import annotations

import json
import random as _random
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Sequence

from . import numbers as nb
from .numbers import Matrix, ShapeError, exact, fmt, fmt_matrix, matrix, shape_of

SCHEMA_VERSION = 1


class HypothesisFails(ValueError):
    """Data violate a theorem's hypothesis (reported as such, never as a crash)."""


@dataclass(frozen=True)
class DeepLinear:
    """``W_{H+1} ⋯ W_1 x`` with ``widths = [d_x, d_1, ..., d_H, d_y]``."""

    widths: tuple[int, ...]
    kind: str = "deep_linear"

    def __post_init__(self):
        w = tuple(int(d) for d in self.widths)
        if len(w) < 2 or any(d < 1 for d in w):
            raise ValueError(f"deep_linear widths must be >= 2 positive integers, got {list(self.widths)}")
        object.__setattr__(self, "widths", w)

    @property
    def H(self) -> int:
        """Number of hidden layers (Kawaguchi's H; the network has H+1 weight matrices)."""
        return len(self.widths) - 2

    @property
    def shapes(self) -> list[tuple[int, int]]:
        """Shapes of W_1, ..., W_{H+1}: W_k is d_k x d_{k-1}."""
        return [(self.widths[k], self.widths[k - 1]) for k in range(1, len(self.widths))]

    @property
    def p(self) -> int:
        """Smallest hidden width (``d_x`` when there is no hidden layer)."""
        hidden = self.widths[1:-1]
        return min(hidden) if hidden else min(self.widths)

    def to_json(self) -> dict:
        return {"kind": self.kind, "widths": list(self.widths)}


@dataclass(frozen=True)
class SquaredLoss:
    """``scale * ||Ŷ - Y||_F²``; Kawaguchi (2016) uses scale ½ (the default)."""

    scale: Fraction = Fraction(1, 2)
    kind: str = "squared"

    def describe(self) -> str:
        return f"{fmt(self.scale)}·‖W_(H+1)⋯W_1 X − Y‖_F²"

    def to_json(self) -> dict:
        return {"kind": self.kind, "scale": fmt(self.scale)}


@dataclass(frozen=True)
class Tikhonov:
    """Elementwise ``Σ_k Σ_ij Λ_k[i][j] (W_k)_ij²`` (weights must be >= 0)."""

    weights: tuple  # tuple of matrices (lists of lists of Fraction)
    kind: str = "tikhonov"

    def to_json(self) -> dict:
        return {"kind": self.kind, "weights": [fmt_matrix(w) for w in self.weights]}


@dataclass
class Instance:
    """Everything that defines a loss surface.  Exact numbers only.

    Build it from Python (``Instance(DeepLinear((2, 1, 2)), X, Y)``), from JSON
    (:meth:`from_json`) or with a seeded generator (:func:`random_instance`).
    """

    model: DeepLinear
    X: Matrix
    Y: Matrix
    loss: SquaredLoss = field(default_factory=SquaredLoss)
    regularization: Tikhonov | None = None
    meta: dict = field(default_factory=dict)

    def __post_init__(self):
        if isinstance(self.model, (list, tuple)):
            self.model = DeepLinear(tuple(self.model))
        convert = bool(self.meta.pop("convert_floats", False)) if self.meta else False
        self.X = matrix(self.X, "data.X", convert)
        self.Y = matrix(self.Y, "data.Y", convert)
        dx, dy = self.model.widths[0], self.model.widths[-1]
        if shape_of(self.X)[0] != dx:
            raise ShapeError(f"data.X has shape {shape_of(self.X)} but the model's input width d_x = {dx} "
                             f"needs shape ({dx}, m)")
        if shape_of(self.Y)[0] != dy:
            raise ShapeError(f"data.Y has shape {shape_of(self.Y)} but the model's output width d_y = {dy} "
                             f"needs shape ({dy}, m)")
        if shape_of(self.X)[1] != shape_of(self.Y)[1]:
            raise ShapeError(f"data.X has shape {shape_of(self.X)} and data.Y has shape {shape_of(self.Y)}: "
                             "they must have the same number of columns (samples)")
        if shape_of(self.X)[1] < 1:
            raise ShapeError("data needs at least one sample (column)")
        if self.regularization is not None:
            ws = self.regularization.weights
            if len(ws) != len(self.model.shapes):
                raise ShapeError(f"regularization.weights has {len(ws)} matrices but the model has "
                                 f"{len(self.model.shapes)} weight matrices")
            checked = []
            for k, (w, shp) in enumerate(zip(ws, self.model.shapes)):
                m = matrix(w, f"regularization.weights[{k}]", convert)
                if shape_of(m) != shp:
                    raise ShapeError(f"regularization.weights[{k}] has shape {shape_of(m)} but W_{k + 1} "
                                     f"has shape {shp}")
                if any(x < 0 for row in m for x in row):
                    raise ValueError(f"regularization.weights[{k}] has a negative weight")
                checked.append(m)
            self.regularization = Tikhonov(tuple(checked))

    # --- sizes and parameter layout ---------------------------------------------------
    @property
    def m(self) -> int:
        return shape_of(self.X)[1]

    @property
    def n_params(self) -> int:
        return sum(r * c for r, c in self.model.shapes)

    @property
    def offsets(self) -> list[int]:
        out, k = [], 0
        for r, c in self.model.shapes:
            out.append(k)
            k += r * c
        return out

    def flatten(self, W: Sequence[Matrix]) -> list[Fraction]:
        """The flat parameter vector: W_1 row-major, then W_2, ...

        >>> inst = random_instance((2, 1, 2), m=3, seed=0)
        >>> inst.flatten(inst.unflatten(list(range(4)))) == [Fraction(i) for i in range(4)]
        True
        """
        return [x for w in W for row in w for x in row]

    def unflatten(self, theta: Sequence) -> list[Matrix]:
        theta = [exact(t, f"theta[{i}]") for i, t in enumerate(theta)]
        if len(theta) != self.n_params:
            raise ShapeError(f"parameter vector has length {len(theta)} but the model has {self.n_params} "
                             f"parameters (shapes {self.model.shapes})")
        out, k = [], 0
        for r, c in self.model.shapes:
            out.append([theta[k + i * c: k + (i + 1) * c] for i in range(r)])
            k += r * c
        return out

    def param_name(self, index: int) -> str:
        """``'W_2[0][1]'`` for a flat index."""
        for k, ((r, c), off) in enumerate(zip(self.model.shapes, self.offsets)):
            if off <= index < off + r * c:
                i, j = divmod(index - off, c)
                return f"W_{k + 1}[{i}][{j}]"
        raise IndexError(index)

    def point(self, W, convert_floats: bool = False) -> list[Matrix]:
        """Validate a point ``[W_1, ..., W_{H+1}]`` (or ``{"W": [...]}``) against the shapes."""
        if isinstance(W, dict):
            if "W" not in W:
                raise ShapeError("a point is {\"W\": [W_1, ..., W_(H+1)]}")
            W = W["W"]
        if len(W) != len(self.model.shapes):
            raise ShapeError(f"point has {len(W)} weight matrices but the model has {len(self.model.shapes)}")
        return [matrix(w, f"W_{k + 1}", convert_floats, shape=shp)
                for k, (w, shp) in enumerate(zip(W, self.model.shapes))]

    def zero_point(self) -> list[Matrix]:
        return [nb.zeros(r, c) for r, c in self.model.shapes]

    # --- JSON ---------------------------------------------------------------------------
    def to_json(self) -> dict:
        out = {"schema": SCHEMA_VERSION, "model": self.model.to_json(),
               "data": {"X": fmt_matrix(self.X), "Y": fmt_matrix(self.Y)},
               "loss": self.loss.to_json(),
               "regularization": self.regularization.to_json() if self.regularization else None}
        if self.meta:
            out["meta"] = self.meta
        return out

    @classmethod
    def from_json(cls, obj, convert_floats: bool = False) -> "Instance":
        """Read schema v1 from a dict, a JSON string or a path."""
        if isinstance(obj, (str, Path)) and not str(obj).lstrip().startswith("{"):
            obj = json.loads(Path(obj).read_text())
        elif isinstance(obj, str):
            obj = json.loads(obj)
        if not isinstance(obj, dict):
            raise ValueError("an instance is a JSON object with keys model, data, loss, regularization")
        if "instance" in obj and "model" not in obj:  # a certificate or result that embeds one
            obj = obj["instance"]
        for key in ("model", "data"):
            if key not in obj:
                raise ValueError(f"instance JSON lacks the required key {key!r}")
        model = obj["model"]
        if model.get("kind") != "deep_linear":
            raise ValueError(f"model kind {model.get('kind')!r} is not supported yet (supported: 'deep_linear')")
        loss = obj.get("loss") or {"kind": "squared"}
        if loss.get("kind", "squared") != "squared":
            raise ValueError(f"loss kind {loss.get('kind')!r} is not supported yet (supported: 'squared')")
        sc = exact(loss.get("scale", "1/2"), "loss.scale", convert_floats)
        if sc <= 0:
            raise ValueError("loss.scale must be positive")
        reg = obj.get("regularization")
        if reg is not None:
            if reg.get("kind") != "tikhonov":
                raise ValueError(f"regularization kind {reg.get('kind')!r} is not supported (supported: 'tikhonov')")
            reg = Tikhonov(tuple(reg["weights"]))
        data = obj["data"]
        meta = dict(obj.get("meta") or {})
        if convert_floats:
            meta["convert_floats"] = True
        return cls(DeepLinear(tuple(model["widths"])), data.get("X"), data.get("Y"),
                   SquaredLoss(sc), reg, meta)

    def with_scale(self, scale) -> "Instance":
        """The same instance under another loss normalization (a paper's own)."""
        return Instance(self.model, self.X, self.Y, SquaredLoss(exact(scale)), self.regularization, dict(self.meta))

    def __repr__(self):
        return (f"Instance(deep_linear {list(self.model.widths)}, m={self.m}, loss={self.loss.describe()}"
                f"{', tikhonov' if self.regularization else ''})")


def point_to_json(W: Sequence[Matrix]) -> dict:
    return {"W": [fmt_matrix(w) for w in W]}


def kawaguchi_order(inst: Instance) -> list[int]:
    """Permutation ``perm`` with ``theta_kawaguchi[i] = theta[perm[i]]``.

    Kawaguchi (2016) differentiates by vec(W_kᵀ) — the rows of W_k stacked, i.e. row-major —
    and lists the blocks from W_{H+1} down to W_1.

    >>> kawaguchi_order(random_instance((1, 2, 1), m=2, seed=0))
    [2, 3, 0, 1]
    """
    perm = []
    for (r, c), off in reversed(list(zip(inst.model.shapes, inst.offsets))):
        perm.extend(range(off, off + r * c))
    return perm


# --- data helpers -------------------------------------------------------------------------

def random_rational(rng: _random.Random, num: int = 6, den: int = 4) -> Fraction:
    return Fraction(rng.randint(-num, num), rng.randint(1, den))


def random_matrix(rng: _random.Random, r: int, c: int, num: int = 6, den: int = 4) -> Matrix:
    return [[random_rational(rng, num, den) for _ in range(c)] for _ in range(r)]


def random_invertible(rng: _random.Random, n: int, num: int = 3, den: int = 2, shift: int = 0) -> Matrix:
    """A seeded random invertible rational ``n × n`` matrix ``shift·I + random_matrix(...)`` (redrawn until
    its rank is ``n``)."""
    while True:
        G = random_matrix(rng, n, n, num, den)
        if shift:
            G = nb.matadd(nb.scale(shift, nb.identity(n)), G)
        if nb.rank(G) == n:
            return G


def random_instance(widths, m: int | None = None, seed: int = 0, scale=Fraction(1, 2),
                    num: int = 6, den: int = 4) -> Instance:
    """A seeded random exact instance (small rationals ``a/b`` with ``|a| <= num``, ``b <= den``).

    >>> random_instance((3, 2, 2), m=4, seed=7).X == random_instance((3, 2, 2), m=4, seed=7).X
    True
    """
    rng = _random.Random(seed)
    widths = tuple(widths)
    m = m if m is not None else widths[0] + 2
    X = random_matrix(rng, widths[0], m, num, den)
    Y = random_matrix(rng, widths[-1], m, num, den)
    return Instance(DeepLinear(widths), X, Y, SquaredLoss(exact(scale)),
                    meta={"seed": seed, "generator": "random_instance"})


def random_regularized_instance(widths, m: int | None = None, seed: int = 0, lam_max: int = 9) -> Instance:
    """:func:`random_instance` plus a Tikhonov regularizer with every weight λ = a/(10 b), 1 ≤ a ≤
    ``lam_max``, 1 ≤ b ≤ 9 (seeded by ``seed + 1000``): the instances of ``benchmarks/solve.py``, the
    solve tests and ``proofs/regularized_deep_linear.py``.

    >>> inst = random_regularized_instance((2, 2, 2), m=3, seed=0)
    >>> all(0 < x <= Fraction(9, 10) for w in inst.regularization.weights for row in w for x in row)
    True
    """
    inst = random_instance(widths, m=m, seed=seed)
    rng = _random.Random(seed + 1000)
    ws = [[[Fraction(rng.randint(1, lam_max), rng.randint(1, 9) * 10) for _ in range(c)] for _ in range(r)]
          for r, c in inst.model.shapes]
    return Instance(inst.model, inst.X, inst.Y, inst.loss, Tikhonov(tuple(ws)), dict(inst.meta))


def cayley_orthogonal(rng: _random.Random, n: int, num: int = 3, den: int = 2) -> Matrix:
    """A random rational orthogonal matrix ``(I - S)(I + S)⁻¹`` with S skew-symmetric rational."""
    S = nb.zeros(n, n)
    for i in range(n):
        for j in range(i + 1, n):
            S[i][j] = random_rational(rng, num, den)
            S[j][i] = -S[i][j]
    eye = nb.identity(n)
    return nb.matmul(nb.matsub(eye, S), nb.inverse(nb.matadd(eye, S)))


def rational_spectrum_instance(widths, m: int | None = None, seed: int = 0, scale=Fraction(1, 2)) -> Instance:
    """A seeded instance whose Σ has rational, distinct eigenvalues and rational eigenvectors.

    ``X`` has orthonormal rows (rows of a rational orthogonal m x m matrix, so XXᵀ = I) and
    ``Y = O diag(s) X_{:d_y} + N`` with O rational orthogonal, distinct s > 0, and N's rows
    orthogonal to X's.  Then Σ = O diag(s²) Oᵀ.  Needs ``d_y <= d_x < m``.

    >>> inst = rational_spectrum_instance((3, 2, 2), seed=1)
    >>> sigma_matrix(inst) == nb.matmul(nb.matmul(inst.meta_O, [[inst.meta_s[0]**2, 0], [0, inst.meta_s[1]**2]]), nb.transpose(inst.meta_O))
    True
    """
    widths = tuple(widths)
    dx, dy = widths[0], widths[-1]
    if dy > dx:
        raise HypothesisFails(f"rational_spectrum_instance needs d_y <= d_x, got d_y={dy}, d_x={dx}")
    m = m if m is not None else dx + 1
    if m <= dx:
        raise ValueError("rational_spectrum_instance needs m > d_x")
    rng = _random.Random(seed)
    Q = cayley_orthogonal(rng, m)
    X = Q[:dx]
    O = cayley_orthogonal(rng, dy)
    s = sorted(rng.sample(range(1, 4 * dy + 3), dy), reverse=True)
    s = [Fraction(v, 2) for v in s]
    D = [[s[i] if i == j else Fraction(0) for j in range(dx)] for i in range(dy)]
    noise = [[c * q for q in Q[dx]] for c in (random_rational(rng, 2, 2) for _ in range(dy))]
    Y = nb.matadd(nb.matmul(nb.matmul(O, D), X), noise)
    inst = Instance(DeepLinear(widths), X, Y, SquaredLoss(exact(scale)),
                    meta={"seed": seed, "generator": "rational_spectrum_instance"})
    inst.meta_O, inst.meta_s = O, s  # for tests and constructions; not serialized
    return inst


def row_space_projector(X: Matrix) -> Matrix:
    """``P_X = Xᵀ(XXᵀ)⁺X``, the projector onto the row space of X (exact, any rank)."""
    return nb.projector(nb.transpose(X))


def sigma_matrix(inst: Instance) -> Matrix:
    """Σ = YXᵀ(XXᵀ)⁻¹XYᵀ (with the pseudo-inverse when XXᵀ is singular: Σ = Y P_X Yᵀ)."""
    X, Y = inst.X, inst.Y
    if nb.rank(nb.matmul(X, nb.transpose(X))) == len(X):
        YXt = nb.matmul(Y, nb.transpose(X))
        return nb.matmul(nb.matmul(YXt, nb.inverse(nb.matmul(X, nb.transpose(X)))), nb.transpose(YXt))
    return nb.matmul(nb.matmul(Y, row_space_projector(X)), nb.transpose(Y))


def ols_matrix(inst: Instance) -> Matrix:
    """The least-squares regression matrix ``YXᵀ(XXᵀ)⁻¹`` (requires XXᵀ invertible)."""
    X, Y = inst.X, inst.Y
    XXt = nb.matmul(X, nb.transpose(X))
    if nb.rank(XXt) != len(X):
        raise HypothesisFails("XXᵀ is singular: the least-squares matrix YXᵀ(XXᵀ)⁻¹ does not exist")
    return nb.matmul(nb.matmul(Y, nb.transpose(X)), nb.inverse(XXt))


def has_distinct_eigenvalues(S: Matrix) -> bool:
    """Exactly: a symmetric matrix has distinct eigenvalues iff its characteristic polynomial is
    square-free, i.e. gcd(p, p') = 1 (equivalently, its discriminant is non-zero).

    >>> has_distinct_eigenvalues([[2, 0], [0, 2]]), has_distinct_eigenvalues([[2, 1], [1, 2]])
    (False, True)
    """
    from sympy import Poly, QQ, symbols
    x = symbols("x")
    p = Poly([c for c in nb.charpoly(S)], x, domain=QQ)
    return p.gcd(p.diff(x)).degree() == 0


@dataclass
class DataHypotheses:
    """The data hypotheses of Kawaguchi (2016) Theorem 2.3, each decided exactly."""

    rank_XXt: int
    rank_XYt: int
    d_x: int
    d_y: int
    sigma_distinct: bool | None

    @property
    def XXt_full_rank(self) -> bool:
        return self.rank_XXt == self.d_x

    @property
    def XYt_full_rank(self) -> bool:
        return self.rank_XYt == min(self.d_x, self.d_y)

    @property
    def dy_le_dx(self) -> bool:
        return self.d_y <= self.d_x

    def failures(self) -> list[str]:
        out = []
        if not self.XXt_full_rank:
            out.append(f"XXᵀ is not of full rank (rank {self.rank_XXt} < d_x = {self.d_x})")
        if not self.XYt_full_rank:
            out.append(f"XYᵀ is not of full rank (rank {self.rank_XYt} < {min(self.d_x, self.d_y)})")
        if not self.dy_le_dx:
            out.append(f"d_y = {self.d_y} > d_x = {self.d_x}")
        if self.sigma_distinct is False:
            out.append("Σ has a repeated eigenvalue (its characteristic polynomial is not square-free)")
        return out

    @property
    def all_hold(self) -> bool:
        return not self.failures()


def check_data_hypotheses(inst: Instance) -> DataHypotheses:
    """Decide Theorem 2.3's data hypotheses exactly (ranks over Q, square-freeness of charpoly Σ).

    >>> h = check_data_hypotheses(random_instance((3, 2, 2), m=5, seed=3))
    >>> h.all_hold
    True
    """
    X, Y = inst.X, inst.Y
    XXt = nb.matmul(X, nb.transpose(X))
    XYt = nb.matmul(X, nb.transpose(Y))
    return DataHypotheses(nb.rank(XXt), nb.rank(XYt), len(X), len(Y),
                          has_distinct_eigenvalues(sigma_matrix(inst)))

