"""Trusted checker "piecewise_extra": spurious local minima of deeper ReLU networks.

Standard library only.  It reuses the exact forward pass and the ``path_features`` local-minimum
check of the "khk2019b" kernel module (same package; feedforward schema of
``exactland/models/piecewise.py``, any depth, bias-free, identity output, squared loss).

Claim ``spurious_local_min_all_active``, evidence object::

    {"type": "path_features", "lower_point": [flat θ′], "units_active": true}

checked as follows:

* local minimum: for every closed activation region at θ the residual Ŷ − Y is orthogonal to the
  region's path features; the output on that region lies in their span, so no point of the region
  has a smaller loss (khk2019b kernel, ``local_min`` / ``path_features``);
* spurious: L(θ′) < L(θ) at the stated ``lower_point``, both computed exactly;
* all active: every hidden unit has a positive pre-activation on some sample, and contributes —
  setting its outgoing weights to 0 changes the output on some sample (an active unit whose signal is
  cancelled downstream is as trivial as a dead one).
"""

from __future__ import annotations

from fractions import Fraction


def _loss(kk, inst, W):
    return inst["scale"] * sum((x * x for row in kk._residual(inst, W) for x in row), Fraction(0))


def check(cert) -> None:
    """Raise :class:`exactland.kernel.Invalid` unless ``cert`` proves its claim."""
    from . import Invalid
    from . import khk2019b as kk
    if cert.get("claim") != "spurious_local_min_all_active":
        raise Invalid(f"unknown claim {cert.get('claim')!r} for the piecewise_extra kernel")
    ev = cert["evidence"]
    if not isinstance(ev, dict) or ev.get("type") != "path_features":
        raise Invalid("evidence must be an object of type 'path_features'")
    inst = kk.parse_instance(cert["instance"])
    W = kk.parse_point(inst, cert["point"])
    L = _loss(kk, inst, W)
    if "loss" in cert and kk._q(cert["loss"]) != L:
        raise Invalid(f"stated loss {cert['loss']} is not L(θ) = {L}")
    kk._check_local_min(inst, W, {"type": "path_features"})
    Wl = kk.parse_point(inst, {"theta": ev["lower_point"]})
    if not _loss(kk, inst, Wl) < L:
        raise Invalid("the lower point does not have a smaller loss: θ is not shown spurious")
    if ev.get("units_active") is not True:
        raise Invalid("units_active must be true for this claim")
    Gs, out = kk.preactivations(inst, W)
    for li, G in enumerate(Gs):
        for k in range(len(G[0])):
            if not any(G[i][k] > 0 for i in range(inst["m"])):
                raise Invalid(f"hidden unit {k + 1} of layer {li + 1} is not active on any sample")
            cut = [[list(row) for row in M] for M in W]
            cut[li + 1][k] = [Fraction(0)] * len(cut[li + 1][k])     # outgoing weights of unit k
            if kk.preactivations(inst, cut)[1] == out:
                raise Invalid(f"hidden unit {k + 1} of layer {li + 1} does not contribute to the output")
