"""Adversarial audit of the trusted "interval" checker (exactland.kernel.interval) and of the
``global_min_value`` claims it shares with the base kernel.

Soundness is tested against exact facts computed independently: for one-layer (linear regression
with a Tikhonov term) instances the unique critical point θ* solves a rational linear system, so
"the box contains exactly one critical point" and "L(θ*) lies in the loss enclosure" can be
checked exactly for every certificate the kernel accepts, including shifted/forged ones.
"""

from __future__ import annotations

import copy
import random
from fractions import Fraction

import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

from exactland import kernel
from exactland.landscape import Landscape
from exactland.numeric.certify import certify_point
from exactland.numeric.core import random_deep_linear


def _exact_critical_point(inst):
    """θ* of a one-layer instance: the gradient is affine, H θ* = −∇L(0)."""
    ls = Landscape(inst)
    zero = [Fraction(0)] * inst.n_params
    H = sp.Matrix([[sp.Rational(x.numerator, x.denominator) for x in r] for r in ls.hessian(zero)])
    g = sp.Matrix([sp.Rational(x.numerator, x.denominator) for x in ls.gradient_vector(zero)])
    sol = H.LUsolve(-g)
    return [Fraction(int(sp.fraction(x)[0]), int(sp.fraction(x)[1])) for x in sol]


def _box(cert):
    ce, rad = cert["center"]["exponent"], cert["radius"]
    center = [Fraction(m) * Fraction(2) ** ce for m in cert["center"]["mantissas"]]
    return center, Fraction(rad["mantissa"]) * Fraction(2) ** rad["exponent"]


@given(st.sampled_from([(2, 2), (3, 1), (2, 3)]), st.integers(0, 10 ** 6))
@settings(max_examples=8, deadline=None)
def test_accepted_boxes_contain_the_exact_critical_point_even_when_shifted(widths, seed):
    # honest certificate for linear regression + Tikhonov, then the centre moved by k·r/4 along a
    # random coordinate (k = 0 … 12): whenever the kernel accepts, θ* must be in the box and the
    # stated loss enclosure must contain L(θ*); k ≥ 5 (θ* outside) must always be refused
    rng = random.Random(seed)
    inst = random_deep_linear(widths, m=3, seed=seed, reg="1/4")
    star = _exact_critical_point(inst)
    res = certify_point(inst, [float(x) for x in star])
    assert res.certified, res.reason
    L_star = Landscape(inst).loss(star)
    i = rng.randrange(inst.n_params)
    for k in range(13):
        c = copy.deepcopy(res.certificate)
        shift = k * 2 ** (c["radius"]["exponent"] - 2 - c["center"]["exponent"])
        c["center"]["mantissas"][i] += rng.choice((-1, 1)) * shift
        center, r = _box(c)
        ok, why = kernel.verify(c)
        inside = all(abs(a - b) <= r for a, b in zip(center, star))
        if ok:
            assert inside, (k, why)
            lo, hi = (Fraction(x) for x in c["loss_enclosure"])
            assert lo <= L_star <= hi
        if k >= 5:
            assert not inside and not ok


@pytest.fixture(scope="module")
def origin_cert():
    # the origin is exactly critical for every Tikhonov weight (a strict saddle here)
    inst = random_deep_linear((2, 2, 2), m=4, seed=0, reg="1/20")
    res = certify_point(inst, [0.0] * inst.n_params)
    assert res.certified, res.reason
    return res


def test_class_forgeries_with_a_free_preconditioner_are_refused(origin_cert):
    cert, (p, q, _) = origin_cert.certificate, origin_cert.inertia
    assert kernel.verify(cert) == (True, "valid")
    n = p + q
    forged_bases = {
        "identity basis": {"exponent": 0, "rows": [[int(i == j) for j in range(n)] for i in range(n)]},
        "singular basis": {"exponent": cert["basis"]["exponent"],
                           "rows": [cert["basis"]["rows"][0]] * n},
        "honest basis": cert["basis"],
    }
    for name, basis in forged_bases.items():
        for claim, inertia in (("local_min", (n, 0)), ("local_max", (0, n)), ("strict_saddle", (p + 1, q - 1)),
                               ("strict_saddle", (p - 1, q + 1))):
            if inertia == (p, q) and name == "honest basis":
                continue
            c = copy.deepcopy(cert)
            c["basis"], c["claim"] = basis, claim
            c["inertia"] = {"positive": inertia[0], "negative": inertia[1], "zero": 0}
            c["inverse_eigenvalues"]["mantissas"] = [abs(m) if k < inertia[0] else -abs(m)
                                                     for k, m in enumerate(c["inverse_eigenvalues"]["mantissas"])]
            assert not kernel.verify(c)[0], (name, claim, inertia)


def test_equivalent_basis_changes_keep_the_true_claim(origin_cert):
    # negating a basis row (and reordering rows with their μ) changes nothing mathematically
    c = copy.deepcopy(origin_cert.certificate)
    c["basis"]["rows"][0] = [-x for x in c["basis"]["rows"][0]]
    c["basis"]["rows"].reverse()
    c["inverse_eigenvalues"]["mantissas"].reverse()
    assert kernel.verify(c) == (True, "valid")


def test_loss_enclosure_must_contain_the_true_loss(origin_cert):
    # the origin: L(0) = s‖Y‖² exactly; an enclosure missing it, or too narrow, is refused
    c = origin_cert.certificate
    inst = origin_cert.certificate["instance"]
    L0 = Fraction(inst["loss"]["scale"]) * sum(Fraction(y) ** 2 for row in inst["data"]["Y"] for y in row)
    lo, hi = (Fraction(x) for x in c["loss_enclosure"])
    assert lo <= L0 <= hi
    for bad in ([L0 + Fraction(1, 10 ** 30), hi], [lo, L0 - Fraction(1, 10 ** 30)], [L0, L0], [hi, lo]):
        d = copy.deepcopy(c)
        d["loss_enclosure"] = [str(x) for x in bad]
        assert not kernel.verify(d)[0], bad


# --- global_min_value: the Eckart–Young bound needs a positive loss scale -----------------------------

def _negative_scale_instance(scale="-1/2"):
    # L(w) = s(w − 1)²: for s < 0 it is unbounded below and w = 1 is its global MAXIMUM
    return {"model": {"kind": "deep_linear", "widths": [1, 1]}, "data": {"X": [["1"]], "Y": [["1"]]},
            "loss": {"kind": "squared", "scale": scale}}


def test_interval_global_min_value_refuses_a_negative_scale():
    # forgery: "the global minimum of −½(w − 1)² is 0" (it is −∞); t = 1, Z = 0 satisfy Z ⪰ Σ − tI
    c = {"exactland_certificate": 1, "kernel": "interval", "claim": "global_min_value",
         "instance": _negative_scale_instance(), "value_enclosure": ["0", "0"], "point": ["1"], "t": "1", "Z": [["0"]]}
    ok, why = kernel.verify(c)
    assert not ok and "scale" in why
    c["instance"] = _negative_scale_instance("1/2")  # the same data with s > 0: min 0 at w = 1, true
    assert kernel.verify(c) == (True, "valid")


def test_base_kernel_global_min_refuses_a_negative_scale():
    # was accepted: global_min 'proved' at the global maximum of −½(w − 1)²
    c = {"exactland_certificate": 1, "claim": "global_min", "instance": _negative_scale_instance(),
         "point": {"W": [[["1"]]]}, "evidence": [{"type": "global_min_value", "t": "1", "Z": [["0"]]}]}
    ok, why = kernel.verify(c)
    assert not ok and "scale must be positive" in why


def test_base_kernel_zero_scale_is_a_clean_refusal():
    # used to raise ZeroDivisionError out of kernel.verify
    c = {"exactland_certificate": 1, "claim": "global_min", "instance": _negative_scale_instance("0"),
         "point": {"W": [[["1"]]]}, "evidence": [{"type": "global_min_value", "t": "1", "Z": [["0"]]}]}
    ok, why = kernel.verify(c)
    assert not ok and "scale must be positive" in why


def test_instance_loader_itself_refuses_non_positive_scale():
    # the loader's rule the kernels should share (documented hypothesis of the loss)
    from exactland.instance import Instance
    with pytest.raises(ValueError, match="positive"):
        Instance.from_json(_negative_scale_instance())


# --- pairs must be JSON lists of two numbers: a string or an object means something else to a reader --

def test_enclosures_must_be_lists_of_two_numbers(origin_cert):
    inst = {"model": {"kind": "deep_linear", "widths": [1, 1]}, "data": {"X": [["1"]], "Y": [["1"]]}}
    g = {"exactland_certificate": 1, "kernel": "interval", "claim": "global_min_value", "instance": inst,
         "value_enclosure": ["0", "1"], "point": ["1"], "t": "1", "Z": [["0"]]}
    assert kernel.verify(g) == (True, "valid")  # the global minimum of ½(w − 1)² is 0: true
    # {"0": "5", "1": "6"} reads as "the minimum lies in [5, 6]" (false), the kernel iterated the keys 0, 1;
    # "01" was read as the characters 0 and 1
    for bad in ({"0": "5", "1": "6"}, "01", ["0", "1", "2"], ["0"]):
        assert not kernel.verify(dict(g, value_enclosure=bad))[0], bad
    c = copy.deepcopy(origin_cert.certificate)
    lo, hi = c["loss_enclosure"]
    for bad in ({lo: "5", hi: "6"}, [lo, hi, hi]):
        c["loss_enclosure"] = bad
        assert not kernel.verify(c)[0], bad
