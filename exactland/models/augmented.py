"""The augmented model of Kawaguchi & Kaelbling (2020): one exponential neuron per output.

``f̃(x; θ, a, b, W) = f(x; θ) + g(x; a, b, W)`` with ``g_k = a_k exp(w_kᵀx + b_k)`` and
``L̃ = c_m Σ_i ℓ(f̃(x_i), y_i) + λ‖a‖²`` (``c_m = 1/m`` as in the paper's §2.1, or ``1`` — plain
sums, as Examples 4 and 7 use).  Base models ``f``: deep linear (:class:`exactland.instance.DeepLinear`),
a small leaky-ReLU network without biases (``relu``, slope 0 = ReLU), or a user-supplied sympy
expression in named parameters and inputs (``expression``).  Losses (Assumption 1): ``squared``
‖q − y‖², ``cross_entropy`` −Σ_k y_k log softmax(q)_k, ``smoothed_hinge`` Σ_k max(0, 1 − y_k q_k)^p,
integer p ≥ 2.

Schema (``model.kind == "augmented"``)::

    {"model": {"kind": "augmented", "lambda": "1/10", "normalization": "mean",
               "base": {"kind": "deep_linear", "widths": [2, 1, 1]}},
     "data": {"X": [[...]], "Y": [[...]]}, "loss": {"kind": "smoothed_hinge", "p": 3}}

Base kinds: ``{"kind": "relu", "widths": [...], "slope": "1/10"}``,
``{"kind": "expression", "params": ["t"], "inputs": ["x1"], "outputs": ["t**3 - 3*t"]}``.
A base point θ is a list of weight matrices (deep_linear, relu) or a ``{name: value}`` dict.

>>> inst = load_augmented({"model": {"kind": "augmented", "lambda": 1,
...     "base": {"kind": "expression", "params": ["t"], "inputs": ["x"], "outputs": ["2*t"]}},
...     "data": {"X": [[0]], "Y": [[1]]}, "loss": {"kind": "squared"}})
>>> inst.outputs({"t": 1})
[[2]]
>>> inst.value({"t": 1}, a=[0], b=[5], W=[[7]])
1
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import sympy as sp

from ..numbers import exact, fmt, matrix, shape_of

LOSSES = ("squared", "cross_entropy", "smoothed_hinge")


def _r(x):
    return sp.Rational(x.numerator, x.denominator) if isinstance(x, Fraction) else sp.sympify(x)


# --- losses -----------------------------------------------------------------------------------

class Loss:
    """A loss criterion ℓ(q, y) of Assumption 1 (convex and differentiable in q).

    >>> Loss("smoothed_hinge", 3).expr([sp.Integer(-1)], [1])
    8
    """

    def __init__(self, kind="squared", p=2):
        if kind not in LOSSES:
            raise ValueError(f"loss kind {kind!r} is not supported (supported: {', '.join(LOSSES)})")
        if kind == "smoothed_hinge" and (isinstance(p, bool) or not isinstance(p, int) or p < 2):
            raise ValueError(f"smoothed hinge needs an integer p ≥ 2 (Assumption 1), got {p!r}")
        self.kind, self.p = kind, p

    def expr(self, q, y):
        """ℓ(q, y) as a sympy expression (q, y sequences of length d_y)."""
        y = [_r(v) for v in y]
        if self.kind == "squared":
            return sum(((qk - yk) ** 2 for qk, yk in zip(q, y)), sp.Integer(0))
        if self.kind == "smoothed_hinge":
            return sum((sp.Max(0, 1 - yk * qk) ** self.p for qk, yk in zip(q, y)), sp.Integer(0))
        lse = sp.log(sum((sp.exp(qk) for qk in q), sp.Integer(0)))
        return -sum((yk * (qk - lse) for qk, yk in zip(q, y)), sp.Integer(0))

    def to_json(self):
        """The JSON object of the schema."""
        return {"kind": self.kind, **({"p": self.p} if self.kind == "smoothed_hinge" else {})}


# --- base models --------------------------------------------------------------------------------

class ExpressionBase:
    """f(x; θ) given by sympy expressions in named parameters and inputs."""

    kind = "expression"

    def __init__(self, params, inputs, outputs):
        self.params = [sp.Symbol(p) for p in params]
        self.inputs = [sp.Symbol(x) for x in inputs]
        self.exprs = [sp.sympify(e, locals={s.name: s for s in self.params + self.inputs}) for e in outputs]
        floats = sorted({str(f) for e in self.exprs for f in e.atoms(sp.Float)})
        if floats:
            raise ValueError(f"expression base: {', '.join(floats)} is a float; write exact numbers (e.g. 3/10)")
        free = set().union(*(e.free_symbols for e in self.exprs)) - set(self.params) - set(self.inputs)
        if free:
            raise ValueError(f"expression base: unknown symbols {sorted(map(str, free))}")
        self.dx, self.dy = len(self.inputs), len(self.exprs)

    def theta_symbols(self):
        """Sympy symbols for the flat parameter vector θ."""
        return list(self.params)

    def theta_values(self, theta):
        """θ as exact sympy numbers, checked against the parameter layout."""
        if not isinstance(theta, dict) or set(theta) != {p.name for p in self.params}:
            raise ValueError(f"θ must be a dict with exactly the keys {[p.name for p in self.params]}")
        return [_r(exact(theta[p.name], f"theta.{p.name}")) for p in self.params]

    def sym(self, thetas, x):
        """f(x; θ) as a list of sympy expressions (θ, x may be symbols or numbers)."""
        sub = dict(zip(self.params, thetas)) | dict(zip(self.inputs, x))
        return [e.xreplace(sub) for e in self.exprs]

    def kernel_base(self, theta):
        """The ``base`` object of a kernel certificate: outputs as exact-grammar trees, θ rational.

        >>> ExpressionBase(["t"], ["x"], ["t*x - 1/2"]).kernel_base({"t": 3})["outputs"]
        [['add', '-1/2', ['mul', ['var', 't'], ['var', 'x']]]]
        """
        names = {s.name for s in self.params + self.inputs}
        th = self.theta_values(theta)
        return {"kind": "expression", "params": [p.name for p in self.params], "inputs": [x.name for x in self.inputs],
                "outputs": [expr_to_ast(e, names) for e in self.exprs],
                "theta": {p.name: fmt(exact(v)) for p, v in zip(self.params, th)}}

    def to_json(self):
        """The JSON object of the schema."""
        return {"kind": "expression", "params": [p.name for p in self.params],
                "inputs": [x.name for x in self.inputs], "outputs": [str(e) for e in self.exprs]}


class LayeredBase:
    """Deep linear (``slope=None``) or leaky-ReLU network ``W_L σ(⋯σ(W_1 x))`` without biases."""

    def __init__(self, widths, slope=None):
        self.widths = [int(w) for w in widths]
        if len(self.widths) < 2 or min(self.widths) < 1:
            raise ValueError(f"widths must be ≥ 2 positive integers, got {widths}")
        self.slope = None if slope is None else exact(slope, "base.slope")
        self.kind = "deep_linear" if slope is None else "relu"
        self.dx, self.dy = self.widths[0], self.widths[-1]
        self.shapes = [(self.widths[k], self.widths[k - 1]) for k in range(1, len(self.widths))]

    def theta_symbols(self):
        """Sympy symbols for the flat parameter vector θ."""
        return [sp.Symbol(f"W{k + 1}_{i}{j}") for k, (r, c) in enumerate(self.shapes) for i in range(r) for j in range(c)]

    def theta_values(self, theta):
        """θ as exact sympy numbers, checked against the parameter layout."""
        if isinstance(theta, dict):
            theta = theta.get("W")
        if not isinstance(theta, (list, tuple)) or len(theta) != len(self.shapes):
            raise ValueError(f"θ must be a list of {len(self.shapes)} weight matrices")
        out = []
        for k, (Wk, shp) in enumerate(zip(theta, self.shapes)):
            out += [_r(x) for row in matrix(Wk, f"theta.W[{k}]", shape=shp) for x in row]
        return out

    def sym(self, thetas, x):
        """f(x; θ) as a list of sympy expressions (θ, x may be symbols or numbers)."""
        h, pos = list(x), 0
        for k, (r, c) in enumerate(self.shapes):
            Wk = [thetas[pos + i * c: pos + (i + 1) * c] for i in range(r)]
            pos += r * c
            h = [sum((w * v for w, v in zip(row, h)), sp.Integer(0)) for row in Wk]
            if self.slope is not None and k < len(self.shapes) - 1:
                s = _r(self.slope)
                h = [sp.Piecewise((v, v >= 0), (s * v, True)) for v in h]
        return h

    def to_json(self):
        """The JSON object of the schema."""
        out = {"kind": self.kind, "widths": self.widths}
        if self.slope is not None:
            out["slope"] = fmt(self.slope)
        return out


def expr_to_ast(e, names):
    """A sympy expression as a tree of the kernel's exact grammar (numbers, var, add, mul, integer pow, exp).

    Refuses anything else (sqrt, log, sin, symbolic powers, floats) with a ValueError naming the culprit.

    >>> expr_to_ast(sp.sympify("exp(-(t - 1/5)**2)/3"), {"t"})
    ['mul', '1/3', ['exp', ['mul', '-1', ['pow', ['add', '-1/5', ['var', 't']], 2]]]]
    >>> expr_to_ast(sp.sqrt(sp.Symbol("t")), {"t"})
    Traceback (most recent call last):
    ...
    ValueError: sqrt(t) is outside the kernel's exact grammar (rationals, parameters, inputs, +, ×, integer powers, exp)
    """
    if e.is_Rational:
        return fmt(exact(e))
    if e.is_Symbol and e.name in names:
        return ["var", e.name]
    if e == sp.E:
        return ["exp", "1"]
    if isinstance(e, sp.exp):
        return ["exp", expr_to_ast(e.args[0], names)]
    if e.is_Add or e.is_Mul:
        return ["add" if e.is_Add else "mul", *[expr_to_ast(a, names) for a in e.args]]
    if e.is_Pow and e.exp.is_Integer:
        return ["pow", expr_to_ast(e.base, names), int(e.exp)]
    raise ValueError(f"{e} is outside the kernel's exact grammar (rationals, parameters, inputs, +, ×, integer powers, exp)")


def base_from_json(obj):
    """A base model from its JSON object (``deep_linear``, ``relu`` or ``expression``)."""
    kind = obj.get("kind")
    if kind == "deep_linear":
        return LayeredBase(obj["widths"])
    if kind == "relu":
        return LayeredBase(obj["widths"], obj.get("slope", 0))
    if kind == "expression":
        return ExpressionBase(obj["params"], obj["inputs"], obj["outputs"])
    raise ValueError(f"base model kind {kind!r} is not supported (deep_linear, relu, expression)")


# --- the augmented instance -------------------------------------------------------------------------

def to_expsum_json(value):
    """A rational or a sum of rational multiples of e^{rational} as kernel JSON.

    >>> to_expsum_json(sp.Rational(3, 2) - 7 * sp.exp(sp.Rational(-1, 3)))
    {'exp': [['3/2', '0'], ['-7', '-1/3']]}
    >>> to_expsum_json(sp.Rational(1, 2))
    '1/2'
    """
    value = sp.expand(sp.sympify(value))
    if value.is_Rational:
        return fmt(exact(value))
    terms = {}
    for term in sp.Add.make_args(value):
        c, rest = term.as_coeff_Mul()
        if rest == 1:
            q = sp.Integer(0)
        elif rest == sp.E:
            q = sp.Integer(1)
        elif isinstance(rest, sp.exp) and rest.args[0].is_Rational:
            q = rest.args[0]
        elif rest.is_Pow and rest.base == sp.E and rest.exp.is_Rational:
            q = rest.exp
        else:
            raise ValueError(f"{value} is not a rational combination of exponentials of rationals")
        if not c.is_Rational:
            raise ValueError(f"{value}: coefficient {c} is not rational")
        terms[q] = terms.get(q, 0) + c
    return {"exp": [[fmt(exact(c)), fmt(exact(q))] for q, c in terms.items() if c != 0]}


class AugmentedInstance:
    """Base model, exact data, loss, λ > 0 and normalization of L̃ (see module docstring)."""

    def __init__(self, base, X, Y, loss: Loss, lam, normalization="mean", convert_floats=False):
        self.base = base
        self.X = matrix(X, "data.X", convert_floats)
        self.Y = matrix(Y, "data.Y", convert_floats)
        if shape_of(self.X)[0] != base.dx or shape_of(self.Y)[0] != base.dy:
            raise ValueError(f"data.X must be {base.dx} × m and data.Y {base.dy} × m for this base model, got "
                             f"{shape_of(self.X)} and {shape_of(self.Y)}")
        if shape_of(self.X)[1] != shape_of(self.Y)[1]:
            raise ValueError("data.X and data.Y need the same number of columns")
        self.loss = loss
        if loss.kind == "cross_entropy" and any(y < 0 for row in self.Y for y in row):
            raise ValueError("hypothesis fails: cross-entropy labels must be non-negative (Assumption 1: convex ℓ)")
        self.lam = exact(lam, "model.lambda", convert_floats)
        if self.lam <= 0:
            raise ValueError("hypothesis fails: λ must be positive (the paper's λ > 0)")
        if normalization not in ("mean", "sum"):
            raise ValueError("normalization must be 'mean' (1/m, the paper's §2.1) or 'sum'")
        self.normalization = normalization

    @property
    def m(self):
        """Number of samples."""
        return shape_of(self.X)[1]

    @property
    def dx(self):
        """Input dimension."""
        return self.base.dx

    @property
    def dy(self):
        """Output dimension."""
        return self.base.dy

    def cm(self):
        """The normalization constant c_m (1/m or 1)."""
        return sp.Rational(1, self.m) if self.normalization == "mean" else sp.Integer(1)

    def column(self, i):
        """x_i as sympy rationals."""
        return [_r(self.X[r][i]) for r in range(self.dx)]

    def outputs(self, theta):
        """F = f(X; θ) exactly (d_y × m sympy numbers)."""
        th = self.base.theta_values(theta)
        cols = [[sp.simplify(v) for v in self.base.sym(th, self.column(i))]
                for i in range(self.m)]
        return [[cols[i][k] for i in range(self.m)] for k in range(self.dy)]

    def objective(self, thetas, a, b, W):
        """L̃ as a sympy expression in whatever symbols/values are passed (W is d_x × d_y)."""
        total = sp.Integer(0)
        for i in range(self.m):
            x = self.column(i)
            f = self.base.sym(thetas, x)
            q = [f[k] + a[k] * sp.exp(sum((W[r][k] * x[r] for r in range(self.dx)), sp.Integer(0)) + b[k])
                 for k in range(self.dy)]
            total += self.loss.expr(q, [self.Y[k][i] for k in range(self.dy)])
        return self.cm() * total + _r(self.lam) * sum((ak ** 2 for ak in a), sp.Integer(0))

    def value(self, theta, a, b, W):
        """L̃(θ, a, b, W) exactly (a sympy number; rational when a = 0 or all exponents vanish)."""
        vals = [[_r(exact(v, "point")) for v in row] for row in W]
        return sp.simplify(self.objective(self.base.theta_values(theta), [_r(exact(v, "a")) for v in a],
                                          [_r(exact(v, "b")) for v in b], vals))

    def symbols(self):
        """Fresh symbols (a, b, W) of the added neurons."""
        a = list(sp.symbols(f"a1:{self.dy + 1}", real=True))
        b = list(sp.symbols(f"b1:{self.dy + 1}", real=True))
        W = [[sp.Symbol(f"w{r + 1}_{k + 1}", real=True) for k in range(self.dy)] for r in range(self.dx)]
        return a, b, W

    def kernel_instance(self, theta):
        """The ``instance`` object of an ``augmented`` kernel certificate at base point θ."""
        F = self.outputs(theta)
        out = {"X": [[fmt(x) for x in row] for row in self.X], "Y": [[fmt(y) for y in row] for row in self.Y],
               "loss": self.loss.to_json(), "lambda": fmt(self.lam), "normalization": self.normalization,
               "outputs": [[to_expsum_json(v) for v in row] for row in F]}
        if self.base.kind == "expression":
            out["base"] = self.base.kernel_base(theta)
        elif self.base.kind in ("deep_linear", "relu"):
            th = self.base.theta_values(theta)
            mats, pos = [], 0
            for r, c in self.base.shapes:
                mats.append([[fmt(exact(th[pos + i * c + j])) for j in range(c)] for i in range(r)])
                pos += r * c
            out["base"] = {"kind": self.base.kind, "W": mats}
            if self.base.kind == "relu":
                out["base"]["slope"] = fmt(self.base.slope)
        return out

    def to_json(self):
        """The JSON object of the schema."""
        return {"model": {"kind": "augmented", "lambda": fmt(self.lam), "normalization": self.normalization,
                          "base": self.base.to_json()},
                "data": {"X": [[fmt(x) for x in row] for row in self.X], "Y": [[fmt(y) for y in row] for row in self.Y]},
                "loss": self.loss.to_json()}


def load_augmented(obj, convert_floats=False):
    """Loader for :mod:`exactland.models` (``model.kind == "augmented"``)."""
    if isinstance(obj, (str, Path)):
        text = str(obj)
        obj = json.loads(text) if text.lstrip().startswith("{") else json.loads(Path(text).read_text())
    model = obj["model"]
    if "base" not in model:
        raise ValueError("an augmented model needs a 'base' model object")
    loss = obj.get("loss") or {"kind": "squared"}
    return AugmentedInstance(base_from_json(model["base"]), obj["data"]["X"], obj["data"]["Y"],
                             Loss(loss.get("kind", "squared"), loss.get("p", 2)), model.get("lambda", 1),
                             model.get("normalization", "mean"), convert_floats)
