"""The trusted "interval" checker (exactland.kernel.interval) and its producer (exactland.numeric.certify):
enclosures contain the exact values, certificates verify, and every tampering is rejected."""

import copy
import json
import random
import re
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from conftest import random_tikhonov
from exactland import kernel
from exactland.classify import classify
from exactland.instance import random_instance
from exactland.kernel import interval as ik
from exactland.landscape import Landscape
from exactland.numeric.certify import certify_point, global_min_enclosure
from exactland.numeric.core import random_deep_linear
from exactland.numeric.search import explore

SHAPES = [(2, 1, 2), (2, 2, 1, 2), (1, 2, 2, 1), (2, 2, 2), (3, 2, 2, 2)]


@given(st.sampled_from(SHAPES), st.integers(0, 10 ** 6), st.booleans())
@settings(max_examples=25, deadline=None)
def test_enclosures_contain_the_exact_gradient_and_hessian_everywhere_in_the_box(widths, seed, regularized):
    rng = random.Random(seed)
    inst = random_instance(widths, m=rng.randint(1, 3), seed=seed, scale=Fraction(rng.randint(1, 3), 3))
    if regularized:
        inst.regularization = random_tikhonov(inst, rng)
    kin = kernel._instance(inst.to_json())
    n = inst.n_params
    ce = -rng.randint(3, 70)
    cm = [rng.randint(-2 ** (-ce + 1), 2 ** (-ce + 1)) for _ in range(n)]
    rm, re_ = rng.randint(1, 5), -rng.randint(2, 30)
    center = [Fraction(m) * Fraction(2) ** ce for m in cm]
    r = Fraction(rm) * Fraction(2) ** re_
    ls = Landscape(inst)
    gm, gr, eg = ik.gradient_enclosure(kin, ik._layers(kin, cm, ce, 0, ce, ik.GRAD_BITS))
    for m, rad, exact in zip(gm, gr, ls.gradient_vector(center)):
        assert abs(exact - Fraction(m) * Fraction(2) ** eg) <= Fraction(rad) * Fraction(2) ** eg
    Hm, Hr, eH = ik.hessian_enclosure(kin, ik._layers(kin, cm, ce, rm, re_))
    for corner in range(3):  # the centre, a random point and a vertex of the box
        if corner == 0:
            pt = center
        elif corner == 1:
            pt = [c + r * Fraction(rng.randint(-8, 8), 8) for c in center]
        else:
            pt = [c + r * rng.choice((-1, 1)) for c in center]
        He = ls.hessian(pt)
        for i in range(n):
            for j in range(n):
                assert abs(He[i][j] - Fraction(Hm[i][j]) * Fraction(2) ** eH) <= Fraction(Hr[i][j]) * Fraction(2) ** eH


@pytest.mark.parametrize("widths,seed", [((2, 2, 2), 0), ((2, 1, 1, 2), 1), ((3, 2, 2), 2)])
def test_regularized_origin_certified_class_equals_exact_class(widths, seed):
    # the origin is exactly critical for every Tikhonov weight: the exact engine classifies it
    inst = random_deep_linear(widths, m=4, seed=seed, reg="1/3")
    exact = classify(inst, inst.zero_point())
    res = certify_point(inst, [0.0] * inst.n_params)
    assert res.certified and kernel.verify(res.certificate) == (True, "valid")
    assert res.cls == exact.cls or (exact.cls == "global_min" and res.cls == "local_min")
    assert res.inertia == exact.inertia
    lo, hi = res.loss_enclosure
    assert lo <= exact.loss <= hi


@pytest.fixture(scope="module")
def saddle_cert():
    inst = random_deep_linear((3, 3, 2), m=5, seed=0, reg="1/20")
    res = explore(inst, starts=6, budget=60, seed=0, certify=True, progress=False)
    certs = {p["class"]: p["certificate"] for p in res.points if p["certified"]}
    assert "strict_saddle" in certs and "local_min" in certs
    return certs


def test_certificates_verify_through_the_cli(saddle_cert, tmp_path):
    from exactland.cli import main
    for cls, cert in saddle_cert.items():
        path = tmp_path / f"{cls}.json"
        path.write_text(json.dumps(cert))
        assert main(["verify", str(path)]) == 0


def _tampered(cert, edit):
    c = copy.deepcopy(cert)
    edit(c)
    return c


TAMPERS = {
    "centre coordinate moved": lambda c: c["center"]["mantissas"].__setitem__(0, c["center"]["mantissas"][0] + 2 ** 90),
    "centre exponent": lambda c: c["center"].__setitem__("exponent", c["center"]["exponent"] + 1),
    "radius zero": lambda c: c["radius"].__setitem__("mantissa", 0),
    "radius huge": lambda c: c["radius"].__setitem__("exponent", 3),
    "inertia count": lambda c: c["inertia"].update(positive=c["inertia"]["positive"] - 1,
                                                    negative=c["inertia"]["negative"] + 1),
    "inertia zero": lambda c: c["inertia"].update(positive=c["inertia"]["positive"] - 1, zero=1),
    "eigenvalue sign": lambda c: c["inverse_eigenvalues"]["mantissas"].__setitem__(
        0, -c["inverse_eigenvalues"]["mantissas"][0]),
    "basis row": lambda c: c["basis"]["rows"].__setitem__(0, list(c["basis"]["rows"][1])),
    "data entry": lambda c: c["instance"]["data"]["Y"][0].__setitem__(0, "7"),
    "regularization weight": lambda c: c["instance"]["regularization"]["weights"][0][0].__setitem__(0, "3"),
    "loss enclosure": lambda c: c.__setitem__("loss_enclosure", [c["loss_enclosure"][1], c["loss_enclosure"][1]]),
    "non-integer mantissa": lambda c: c["center"]["mantissas"].__setitem__(0, 0.5),
    "string exponent": lambda c: c["radius"].__setitem__("exponent", "-3"),
    "short centre": lambda c: c["center"]["mantissas"].pop(),
    "absurd exponent": lambda c: c["radius"].__setitem__("exponent", 10 ** 9),
    "missing basis": lambda c: c.pop("basis"),
}


@pytest.mark.parametrize("name", sorted(TAMPERS))
def test_kernel_rejects_tampered_certificates(saddle_cert, name):
    for cls, cert in saddle_cert.items():
        assert kernel.verify(cert) == (True, "valid")
        ok, why = kernel.verify(_tampered(cert, TAMPERS[name]))
        assert not ok, (name, cls)


def test_kernel_rejects_wrong_class_claims(saddle_cert):
    for cls, cert in saddle_cert.items():
        for wrong in {"local_min", "local_max", "strict_saddle"} - {cls}:
            ok, why = kernel.verify(_tampered(cert, lambda c: c.__setitem__("claim", wrong)))
            assert not ok and "does not make" in why
        ok, _ = kernel.verify(_tampered(cert, lambda c: c.__setitem__("claim", "global_min")))
        assert not ok


def test_degenerate_points_stay_numerical():
    # unregularized H = 2: the origin has Hessian 0; intervals can never certify a zero eigenvalue
    inst = random_instance((2, 2, 2, 2), m=3, seed=0)
    res = certify_point(inst, [0.0] * inst.n_params)
    assert not res.certified and res.cls == "degenerate" and "zero eigenvalue" in res.reason
    # a hand-made certificate claiming a singular inertia is refused by the kernel
    inst = random_deep_linear((2, 2, 2), m=4, seed=0, reg="1/3")
    cert = certify_point(inst, [0.0] * inst.n_params).certificate
    bad = _tampered(cert, lambda c: c["inertia"].update(positive=c["inertia"]["positive"] - 1, zero=1))
    ok, why = kernel.verify(bad)
    assert not ok and "non-singular" in why


def test_kernel_file_is_standard_library_only():
    src = Path(ik.__file__).read_text()
    imports = re.findall(r"^\s*(?:from|import)\s+([\w.]+)", src, re.M)
    assert set(imports) <= {"__future__", "fractions", "operator", "sys"}, imports
    for word in ("float", "tolerance", "1e-"):
        assert word not in src


def test_global_min_enclosure_brackets_the_exact_optimum():
    from exactland.instance import rational_spectrum_instance
    inst = rational_spectrum_instance((3, 2, 2), seed=1)
    lo, hi = global_min_enclosure(inst)
    s = inst.loss.scale
    y2 = sum(y * y for row in inst.Y for y in row)
    exact = s * (y2 - sum(v * v for v in inst.meta_s[:2]))  # Σ = O diag(s²) Oᵀ, r = 2
    assert lo <= exact <= hi and hi - lo < Fraction(1, 10 ** 20)
    with pytest.raises(ValueError, match="unregularized"):
        global_min_enclosure(random_deep_linear((2, 2, 2), m=3, reg="1"))


def test_two_hundred_parameters_certified_with_inertia():
    # the done-when: ≥ 200 parameters, regularized, certified critical point with certified inertia
    inst = random_deep_linear((10, 9, 9, 5), m=12, seed=0, reg="1/20")
    assert inst.n_params >= 200
    res = explore(inst, starts=1, budget=120, seed=0, certify=True, progress=False)
    p = res.points[0]
    assert p["certified"] and p["class"] == "local_min"
    assert kernel.verify(json.loads(json.dumps(p["certificate"]))) == (True, "valid")
    assert p["certificate"]["inertia"] == {"positive": 216, "negative": 0, "zero": 0}


def test_global_min_value_certificate_and_its_tampering():
    from exactland.instance import rational_spectrum_instance
    from exactland.numeric.certify import global_min_certificate
    inst = rational_spectrum_instance((3, 2, 2), seed=1)
    res = explore(inst, starts=3, budget=30, seed=0, progress=False)
    cert = res.global_min["certificate"]
    assert kernel.verify(cert) == (True, "valid")
    lo, hi = (Fraction(x) for x in res.global_min["certified_enclosure"])
    s = inst.loss.scale
    exact = s * (sum(y * y for row in inst.Y for y in row) - sum(v * v for v in inst.meta_s[:2]))
    assert lo <= exact <= hi and hi - lo < Fraction(1, 10 ** 6)
    tampers = [
        lambda c: c.__setitem__("value_enclosure", [str(exact + Fraction(1, 10 ** 9)), c["value_enclosure"][1]]),
        lambda c: c.__setitem__("value_enclosure", [c["value_enclosure"][0], str(exact - Fraction(1, 10 ** 9))]),
        lambda c: c["Z"][0].__setitem__(1, str(Fraction(c["Z"][0][1]) + 1)),
        lambda c: c["Z"][0].__setitem__(0, "-1"),
        lambda c: c.__setitem__("t", str(Fraction(c["t"]) - 5)),
        lambda c: c["point"].__setitem__(0, str(Fraction(c["point"][0]) + 3)),
        lambda c: c["instance"]["data"]["Y"][0].__setitem__(0, "9"),
        lambda c: c["instance"].__setitem__("regularization", {"kind": "tikhonov", "weights": [
            [["1"] * 3] * 2, [["1"] * 2] * 2]}),
    ]
    for i, edit in enumerate(tampers):
        assert not kernel.verify(_tampered(cert, edit))[0], i
    with pytest.raises(ValueError):
        global_min_certificate(random_deep_linear((2, 2, 2), m=3, reg="1"), [[0.0] * 8])
