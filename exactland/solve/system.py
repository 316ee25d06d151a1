"""The raw gradient system of an instance, as exact polynomials over Q.

The variables are the parameters in exactland's flat order (W_1 row-major, then W_2, ...),
named ``x0, x1, ...`` (msolve wants plain identifiers).  The gradient is expanded with sympy's
sparse polynomial ring over QQ (``sympy.polys.rings``), so nothing here goes through floats.

>>> from exactland.instance import random_instance
>>> sysm = gradient_system(random_instance((1, 1, 1), m=1, seed=0))
>>> sysm.names, len(sysm.polys)
(['x0', 'x1'], 2)
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ..instance import Instance


@dataclass
class GradientSystem:
    """The polynomials ∂L/∂θ_i (i in the flat order) in the ring ``ring`` (grevlex over QQ)."""

    instance: Instance
    ring: object
    gens: list
    polys: list
    loss: object

    @property
    def names(self) -> list[str]:
        return [str(g) for g in self.gens]

    def to_msolve(self) -> str:
        """msolve's input format: variables, characteristic 0, polynomials separated by commas
        (remembered while ``gens`` and ``polys`` hold the same objects)."""
        key = (tuple(map(id, self.gens)), tuple(map(id, self.polys)))
        cached = self.__dict__.get("_msolve_text")
        if cached is not None and cached[0] == key:
            return cached[1]
        lines = [",".join(self.names), "0"]
        body = [_poly_text(p, self.names) for p in self.polys]
        text = "\n".join(lines) + "\n" + ",\n".join(body) + "\n"
        self.__dict__["_msolve_text"] = (key, text)
        return text


def _poly_text(p, names) -> str:
    terms = []
    for monom, coeff in sorted(p.terms(), reverse=True):
        c = Fraction(int(coeff.numerator), int(coeff.denominator))
        mon = "*".join(f"{names[i]}^{e}" if e > 1 else names[i] for i, e in enumerate(monom) if e)
        a = abs(c)
        num = f"{a.numerator}" if a.denominator == 1 else f"{a.numerator}/{a.denominator}"
        body = (f"{num}*{mon}" if num != "1" else mon) if mon else num
        terms.append(("-" if c < 0 else "+") + body)
    text = "".join(terms).lstrip("+")
    return text or "0"


_SYSTEMS: dict = {}


def _snapshot(inst: Instance):
    """Everything the gradient system depends on (exact values), to detect a mutated instance."""
    reg = inst.regularization
    return (tuple(inst.model.widths), tuple(map(tuple, inst.X)), tuple(map(tuple, inst.Y)), inst.loss.scale,
            None if reg is None else tuple(tuple(map(tuple, w)) for w in reg.weights))


def gradient_system(inst: Instance, order: str = "grevlex") -> GradientSystem:
    """The gradient system of a deep linear instance (optionally Tikhonov regularized).

    Remembered per instance object (solve, the point checks and the loss evaluations all ask for it);
    a hit needs the same object with unchanged data, widths, scale and weights.

    >>> from exactland.instance import random_instance
    >>> s = gradient_system(random_instance((2, 1, 2), m=3, seed=1))
    >>> [max(sum(m) for m in p.monoms()) for p in s.polys]
    [3, 3, 3, 3]
    """
    from .memo import by_identity
    return by_identity(_SYSTEMS, (inst,), _snapshot(inst), lambda: _build_gradient_system(inst, order),
                       extra=(order,), limit=32)


def _build_gradient_system(inst: Instance, order: str) -> GradientSystem:
    from sympy import QQ
    from sympy.polys.orderings import grevlex, lex
    from sympy.polys.rings import ring

    n = inst.n_params
    R, *gens = ring(",".join(f"x{i}" for i in range(n)), QQ, grevlex if order == "grevlex" else lex)
    if n == 1:
        gens = list(gens)
    q = lambda f: QQ(f.numerator, f.denominator)
    W, k = [], 0
    for r, c in inst.model.shapes:
        W.append([[gens[k + i * c + j] for j in range(c)] for i in range(r)])
        k += r * c
    P = [[R(q(x)) for x in row] for row in inst.X]
    for Wk in W:
        P = [[sum((Wk[i][l] * P[l][j] for l in range(len(P))), R.zero) for j in range(len(P[0]))]
             for i in range(len(Wk))]
    loss = R.zero
    for i, row in enumerate(P):
        for j, e in enumerate(row):
            d = e - q(inst.Y[i][j])
            loss += d * d
    loss = loss * q(inst.loss.scale)
    if inst.regularization is not None:
        for Lk, Wk in zip(inst.regularization.weights, W):
            for lr, wr in zip(Lk, Wk):
                for lam, w in zip(lr, wr):
                    if lam:
                        loss += q(lam) * w * w
    polys = [loss.diff(g) for g in gens]
    return GradientSystem(inst, R, list(gens), polys, loss)
