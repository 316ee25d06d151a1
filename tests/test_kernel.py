"""The trusted kernel: every evidence type has a genuine certificate that the kernel accepts, and
tampered versions of it (one coordinate, one sign, one degree, one coefficient, one dropped item,
a swapped claim, a float) that it rejects with a reason.  Also: the kernel imports nothing from
the rest of exactland."""

import ast
import copy
import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from conftest import congruence_inertia, symmetric_matrices
from exactland import kernel, numbers as nb
from exactland.classify import certificate, classify
from exactland.instance import (DeepLinear, Instance, Tikhonov, ols_matrix, random_instance,
                                rational_spectrum_instance)
from exactland.landscape import Landscape

KERNEL_DIR = Path(kernel.__file__).parent


# --- genuine certificates, one per evidence type ----------------------------------------------------

def _evidence(cert):
    return {ev["type"]: ev for ev in cert["evidence"]}


@pytest.fixture(scope="module")
def not_critical():
    # W_1 = 0, W_2, W_3 ≠ 0: only the W_1 block of the gradient can be non-zero
    inst = random_instance((2, 2, 1, 2), m=3, seed=3)
    W = [nb.zeros(2, 2), [[1, -1]], [[2], [Fraction(1, 2)]]]
    v = classify(inst, W)
    assert v.cls == "not_critical"
    return inst, v.certificate


@pytest.fixture(scope="module")
def non_strict():
    inst = random_instance((3, 2, 2, 2), m=4, seed=0)
    v = classify(inst, inst.zero_point())
    assert v.cls == "non_strict_saddle"
    assert set(_evidence(v.certificate)) == {"gradient_zero", "hessian_psd", "descent_curve", "ascent_curve"}
    return inst, v.certificate


@pytest.fixture(scope="module")
def strict():
    inst = random_instance((2, 1, 2), m=3, seed=2)
    v = classify(inst, inst.zero_point())
    assert v.cls == "strict_saddle"
    assert {"negative_curvature", "positive_curvature"} <= set(_evidence(v.certificate))
    return inst, v.certificate


@pytest.fixture(scope="module")
def local_min():
    inst = random_instance((2, 2, 1, 2), m=3, seed=1)
    inst.regularization = Tikhonov(tuple([[Fraction(i + j + 1, k + 2) for j in range(c)] for i in range(r)]
                                         for k, (r, c) in enumerate(inst.model.shapes)))
    inst = Instance.from_json(inst.to_json())  # validated
    v = classify(inst, inst.zero_point())
    assert v.cls == "local_min"
    return inst, v.certificate


@pytest.fixture(scope="module")
def local_max():
    """L = ½(w₂w₁x − y)² − w₁² − w₂² with x = 1, y = 0: a strict local max at 0.  Negative
    Tikhonov weights are refused by Instance, so the certificate is written by hand (the kernel
    checks whatever objective the certificate states)."""
    inst = Instance(DeepLinear((1, 1, 1)), [[1]], [[0]])
    W = inst.zero_point()
    cert = certificate(inst, W, "local_max", [{"type": "gradient_zero"}, {"type": "hessian_nd"}], loss=0)
    cert["instance"]["regularization"] = {"kind": "tikhonov", "weights": [[["-1"]], [["-1"]]]}
    return inst, cert


@pytest.fixture(scope="module")
def global_min():
    inst = rational_spectrum_instance((3, 1, 2), seed=5)
    W2 = [row[:1] for row in inst.meta_O]
    W1 = nb.matmul(nb.transpose(W2), ols_matrix(inst))
    v = classify(inst, [W1, W2])
    assert v.cls == "global_min"
    return inst, v.certificate


ALL = ["not_critical", "non_strict", "strict", "local_min", "local_max", "global_min"]


@pytest.fixture(params=ALL)
def genuine(request):
    return request.getfixturevalue(request.param)


def _rejected(cert, *fragments):
    ok, why = kernel.verify(cert)
    assert ok is False, "tampered certificate accepted"
    assert isinstance(why, str) and why and why != "valid"
    for f in fragments:
        assert f in why, (f, why)
    return why


def test_every_evidence_type_has_a_genuine_certificate(not_critical, non_strict, strict, local_min, local_max,
                                                       global_min):
    seen = set()
    for _, cert in (not_critical, non_strict, strict, local_min, local_max, global_min):
        assert kernel.verify(cert) == (True, "valid")
        assert kernel.verify(json.dumps(cert)) == (True, "valid")
        seen |= set(_evidence(cert))
    all_types = {t for reqs in kernel.ENTAILS.values() for alts in reqs for t in alts}
    assert all_types <= seen, all_types - seen


def test_verify_reads_a_path(non_strict, tmp_path):
    path = tmp_path / "cert.json"
    path.write_text(json.dumps(non_strict[1]))
    assert kernel.verify(str(path)) == (True, "valid")
    assert kernel.verify(str(tmp_path / "missing.json"))[0] is False


# --- tampering: the point ------------------------------------------------------------------------------

def _bump_point(cert, k, i, j, delta=1):
    c = copy.deepcopy(cert)
    c["point"]["W"][k][i][j] = nb.fmt(Fraction(c["point"]["W"][k][i][j]) + delta)
    return c


@pytest.mark.parametrize("name", ["non_strict", "strict", "local_min", "local_max", "global_min"])
def test_changing_any_point_coordinate_is_rejected(name, request):
    inst, cert = request.getfixturevalue(name)
    cert = {k: v for k, v in cert.items() if k != "loss"}  # the evidence alone must catch it
    assert kernel.verify(cert)[0]
    for k, (r, c) in enumerate(inst.model.shapes):
        for i in range(r):
            for j in range(c):
                _rejected(_bump_point(cert, k, i, j))


def test_changing_the_point_of_not_critical(not_critical, non_strict):
    inst, cert = not_critical
    # move to a critical point (the origin of an H = 2 network): the component is now zero
    c = copy.deepcopy(cert)
    c["point"] = {"W": [nb.fmt_matrix(w) for w in inst.zero_point()]}
    c.pop("loss")
    _rejected(c, "gradient component")


def test_not_critical_index_tampered(not_critical):
    inst, cert = not_critical
    ls = Landscape(inst)
    g = ls.gradient_vector(inst.point(cert["point"]))
    zero_idx = [i for i, x in enumerate(g) if x == 0]
    assert zero_idx  # the W_2, W_3 blocks
    for i in zero_idx:
        c = copy.deepcopy(cert)
        c["evidence"][0]["index"] = i
        _rejected(c, "gradient component")
    for i in (-1, inst.n_params):
        c = copy.deepcopy(cert)
        c["evidence"][0]["index"] = i
        _rejected(c)
    # the kernel accepts exactly the non-zero components (compared with the landscape's gradient)
    for i, gi in enumerate(g):
        c = copy.deepcopy(cert)
        c["evidence"][0]["index"] = i
        assert kernel.verify(c)[0] == (gi != 0)


# --- tampering: curves ------------------------------------------------------------------------------

def _with_ev(cert, kind, **changes):
    c = copy.deepcopy(cert)
    for ev in c["evidence"]:
        if ev["type"] == kind:
            ev.update(changes)
    return c


@pytest.mark.parametrize("kind", ["descent_curve", "ascent_curve"])
def test_curve_tampering_is_rejected(non_strict, kind):
    inst, cert = non_strict
    ev = _evidence(cert)[kind]
    k, coef = ev["order"], Fraction(ev["coefficient"])
    # order (degree) claims
    for bad in (k - 1, k + 1, 0):
        _rejected(_with_ev(cert, kind, order=bad))
    # coefficient claims
    for bad in (coef + 1, 2 * coef, -coef, 0):
        _rejected(_with_ev(cert, kind, coefficient=nb.fmt(bad)))
    # flipping the sign of the direction flips the sign of an odd-order term
    assert k % 2 == 1
    flipped = [[nb.fmt(-Fraction(x)) for x in vec] for vec in ev["curve"]]
    _rejected(_with_ev(cert, kind, curve=flipped), "does not start with")
    # ... and the flipped curve with the flipped coefficient is the *other* kind of curve
    other = "ascent_curve" if kind == "descent_curve" else "descent_curve"
    # the descent curve run backwards is an ascent curve and vice versa: swapping both is valid
    c2 = copy.deepcopy(cert)
    for e in c2["evidence"]:
        if e["type"] in ("descent_curve", "ascent_curve"):
            e.update(type="ascent_curve" if e["type"] == "descent_curve" else "descent_curve",
                     curve=[[nb.fmt(-Fraction(x)) for x in vec] for vec in e["curve"]],
                     coefficient=nb.fmt(-Fraction(e["coefficient"])))
    assert kernel.verify(c2) == (True, "valid")
    # relabelling the curve as the other kind without changing it: wrong sign
    c = copy.deepcopy(cert)
    c["evidence"].append(dict(ev, type=other))
    _rejected(c, "wrong sign")
    # a changed coordinate of the direction, compared with the landscape's own expansion
    ls = Landscape(inst)
    W = inst.point(cert["point"])
    for idx in range(len(ev["curve"][0])):
        vec = [Fraction(x) for x in ev["curve"][0]]
        vec[idx] += 1
        p = ls.loss_along(W, [vec])
        expected_ok = all(p[j] == 0 for j in range(1, k)) and len(p) > k and p[k] == coef
        c = _with_ev(cert, kind, curve=[[nb.fmt(x) for x in vec]])
        assert kernel.verify(c)[0] == expected_ok
    # empty or malformed curves
    _rejected(_with_ev(cert, kind, curve=[]))
    _rejected(_with_ev(cert, kind, curve=[ev["curve"][0][:-1]]))


# --- tampering: curvature vectors -------------------------------------------------------------------

def test_curvature_tampering(strict):
    inst, cert = strict
    ev = _evidence(cert)
    neg, pos = ev["negative_curvature"]["v"], ev["positive_curvature"]["v"]
    _rejected(_with_ev(cert, "negative_curvature", v=pos), "wrong sign")
    _rejected(_with_ev(cert, "positive_curvature", v=neg), "wrong sign")
    zero = ["0"] * len(neg)
    _rejected(_with_ev(cert, "negative_curvature", v=zero))
    _rejected(_with_ev(cert, "positive_curvature", v=zero))
    _rejected(_with_ev(cert, "negative_curvature", v=neg[:-1]))
    # one sign flipped: the kernel agrees with the landscape's quadratic form, entry by entry
    ls = Landscape(inst)
    W = inst.point(cert["point"])
    for kind, vec, want in (("negative_curvature", neg, -1), ("positive_curvature", pos, 1)):
        for i in range(len(vec)):
            u = [Fraction(x) for x in vec]
            if u[i] == 0:
                u[i] = Fraction(1)
            else:
                u[i] = -u[i]
            q = ls.quadratic_form(W, u)
            assert kernel.verify(_with_ev(cert, kind, v=[nb.fmt(x) for x in u]))[0] == (q * want > 0)


# --- tampering: definiteness ------------------------------------------------------------------------

def test_hessian_pd_needs_every_weight(local_min):
    inst, cert = local_min
    # a zero weight leaves a zero row/column in the Hessian 2 diag Λ at the origin (H = 2)
    c = copy.deepcopy(cert)
    c["instance"]["regularization"]["weights"][1][0][0] = "0"
    _rejected(c, "hessian_pd")
    # drop the regularizer entirely: the Hessian at the origin is 0
    c = copy.deepcopy(cert)
    c["instance"]["regularization"] = None
    c.pop("loss")
    _rejected(c, "hessian_pd")


def test_hessian_nd_tampering(local_max):
    inst, cert = local_max
    c = copy.deepcopy(cert)
    c["instance"]["regularization"]["weights"][0][0][0] = "0"
    _rejected(c, "hessian_nd")
    c = copy.deepcopy(cert)
    c["instance"]["regularization"]["weights"][1][0][0] = "1"
    _rejected(c, "hessian_nd")
    # the same point is not a local min
    c = copy.deepcopy(cert)
    c["claim"] = "local_min"
    c["evidence"] = [{"type": "gradient_zero"}, {"type": "hessian_pd"}]
    _rejected(c, "hessian_pd")


def test_hessian_psd_rejected_on_indefinite_hessian(strict, non_strict):
    _, cert = strict
    c = copy.deepcopy(cert)
    c["evidence"].append({"type": "hessian_psd"})
    _rejected(c, "hessian_psd")
    c = copy.deepcopy(cert)
    c["evidence"].append({"type": "hessian_pd"})
    _rejected(c, "hessian_pd")
    _, cert = non_strict  # Hessian 0: PSD but not PD, not ND
    for kind in ("hessian_pd", "hessian_nd"):
        c = copy.deepcopy(cert)
        c["evidence"].append({"type": kind})
        _rejected(c, kind)


# --- tampering: the global-min evidence ------------------------------------------------------------

def test_global_min_tampering(global_min):
    inst, cert = global_min
    ev = _evidence(cert)["global_min_value"]
    t = Fraction(ev["t"])
    Z = [[Fraction(x) for x in row] for row in ev["Z"]]
    d = len(Z)
    _rejected(_with_ev(cert, "global_min_value", t=nb.fmt(t + 1)), "Ky Fan")
    Zp = [row[:] for row in Z]
    Zp[0][0] += Fraction(1, 100)
    _rejected(_with_ev(cert, "global_min_value", Z=nb.fmt_matrix(Zp)), "Ky Fan")
    Zn = [row[:] for row in Z]
    Zn[0][0] -= 1000
    _rejected(_with_ev(cert, "global_min_value", Z=nb.fmt_matrix(Zn)))
    if d > 1:
        Za = [row[:] for row in Z]
        Za[0][1] += 1
        _rejected(_with_ev(cert, "global_min_value", Z=nb.fmt_matrix(Za)), "symmetric")
    _rejected(_with_ev(cert, "global_min_value", Z=nb.fmt_matrix(nb.zeros(d, d)), t="0"))
    _rejected(_with_ev(cert, "global_min_value", Z=[["0"]] * (d + 1)))
    # the claimed loss
    c = copy.deepcopy(cert)
    c["loss"] = nb.fmt(Fraction(cert["loss"]) - Fraction(1, 1000))
    _rejected(c, "stated loss")
    # a regularizer voids the global-min argument
    c = copy.deepcopy(cert)
    c["instance"]["regularization"] = {"kind": "tikhonov", "weights": [nb.fmt_matrix(nb.zeros(r, cc))
                                                                      for r, cc in inst.model.shapes]}
    _rejected(c, "regularized")
    # a sub-optimal point (the product scaled by 1/2) is rejected with the same (t, Z)
    c = copy.deepcopy(cert)
    c["point"]["W"][1] = nb.fmt_matrix(nb.scale(Fraction(1, 2), inst.point(cert["point"])[1]))
    c.pop("loss")
    c["evidence"] = [e for e in c["evidence"] if e["type"] == "global_min_value"]
    _rejected(c, "Ky Fan")
    # changing the data changes the optimum
    c = copy.deepcopy(cert)
    c["instance"]["data"]["Y"][0][0] = nb.fmt(Fraction(c["instance"]["data"]["Y"][0][0]) + 1)
    c.pop("loss")
    _rejected(c)


def test_claimed_loss_tampered(genuine):
    inst, cert = genuine
    c = copy.deepcopy(cert)
    c["loss"] = nb.fmt(Fraction(cert["loss"]) + Fraction(1, 7))
    _rejected(c, "stated loss")
    assert Fraction(cert["loss"]) == _kernel_loss(cert)


def _kernel_loss(cert):
    kinst = kernel._instance(cert["instance"])
    W = [[[Fraction(x) for x in row] for row in w] for w in cert["point"]["W"]]
    return kernel.loss_poly(kinst, W, [])[0]


# --- tampering: missing evidence, swapped claims --------------------------------------------------------

def test_dropping_a_required_evidence_item_is_rejected(genuine):
    _, cert = genuine
    required = kernel.ENTAILS[cert["claim"]]
    for i, ev in enumerate(cert["evidence"]):
        c = copy.deepcopy(cert)
        del c["evidence"][i]
        remaining = {e["type"] for e in c["evidence"]}
        if any(not (remaining & set(alts)) for alts in required):
            _rejected(c, "needs evidence")
    c = copy.deepcopy(cert)
    c["evidence"] = []
    _rejected(c, "needs evidence")


@pytest.mark.parametrize("name, swapped", [
    ("non_strict", "local_min"), ("non_strict", "strict_saddle"), ("non_strict", "global_min"),
    ("strict", "non_strict_saddle"), ("strict", "local_min"), ("strict", "local_max"),
    ("local_min", "global_min"), ("local_min", "local_max"), ("local_min", "strict_saddle"),
    ("global_min", "local_min"), ("global_min", "strict_saddle"),
    ("not_critical", "critical_point"), ("not_critical", "saddle"),
    ("local_max", "local_min"), ("local_max", "not_local_max"),
    ("non_strict", "no_such_claim"),
])
def test_swapped_claim_is_rejected(name, swapped, request):
    _, cert = request.getfixturevalue(name)
    c = copy.deepcopy(cert)
    c["claim"] = swapped
    _rejected(c)


@pytest.mark.parametrize("name, weaker", [
    ("non_strict", "saddle"), ("non_strict", "not_local_min"), ("non_strict", "not_extremum"),
    ("non_strict", "critical_point"), ("strict", "not_local_min"), ("strict", "not_local_max"),
    ("strict", "saddle"), ("local_min", "critical_point"), ("local_max", "critical_point"),
    ("global_min", "critical_point"),
])
def test_weaker_claims_from_the_same_evidence_are_accepted(name, weaker, request):
    _, cert = request.getfixturevalue(name)
    c = copy.deepcopy(cert)
    c["claim"] = weaker
    assert kernel.verify(c) == (True, "valid")


def test_unknown_evidence_and_format_rejected(non_strict):
    _, cert = non_strict
    c = copy.deepcopy(cert)
    c["evidence"].append({"type": "trust_me"})
    _rejected(c, "unknown evidence")
    c = copy.deepcopy(cert)
    c["exactland_certificate"] = 2
    _rejected(c, "format")
    _rejected([cert])


# --- floats ----------------------------------------------------------------------------------------------

def _float_paths(name, cert):
    paths = [("instance", "data", "X", 0, 0), ("instance", "data", "Y", 0, 0), ("instance", "loss", "scale"),
             ("point", "W", 0, 0, 0), ("loss",)]
    ev = {e["type"]: i for i, e in enumerate(cert["evidence"])}
    if "descent_curve" in ev:
        paths += [("evidence", ev["descent_curve"], "curve", 0, 0), ("evidence", ev["descent_curve"], "coefficient")]
    if "negative_curvature" in ev:
        paths += [("evidence", ev["negative_curvature"], "v", 0)]
    if "global_min_value" in ev:
        paths += [("evidence", ev["global_min_value"], "t"), ("evidence", ev["global_min_value"], "Z", 0, 0)]
    if cert["instance"].get("regularization"):
        paths += [("instance", "regularization", "weights", 0, 0, 0)]
    return paths


@pytest.mark.parametrize("name", ALL)
def test_floats_in_a_certificate_are_rejected(name, request):
    _, cert = request.getfixturevalue(name)
    for path in _float_paths(name, cert):
        c = copy.deepcopy(cert)
        node = c
        for key in path[:-1]:
            node = node[key]
        value = node[path[-1]]
        node[path[-1]] = float(Fraction(value))  # the same value, as a float
        _rejected(c, "non-exact")


@pytest.mark.parametrize("name, path", [
    ("not_critical", ("evidence", 0, "index")),
    ("non_strict", ("evidence", 2, "order")),
    ("non_strict", ("instance", "model", "widths", 1)),
])
def test_floats_in_integer_fields_are_rejected(name, path, request):
    """Integer fields (a gradient index, a curve order, a width) must not be read through
    ``int()``, which silently accepts (and truncates) floats."""
    _, cert = request.getfixturevalue(name)
    c = copy.deepcopy(cert)
    node = c
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = float(node[path[-1]]) + 0.5  # not even an integer
    _rejected(c)


# --- malformed input never crashes the kernel --------------------------------------------------------------

@pytest.mark.parametrize("mutate", [
    lambda c: c.update(evidence=["gradient_zero"]),
    lambda c: c.update(evidence="gradient_zero"),
    lambda c: c.update(point=None),
    lambda c: c.update(point={"W": "zero"}),
    lambda c: c["instance"].update(model=["deep_linear"]),
    lambda c: c["instance"].update(data=None),
    lambda c: c["instance"].update(loss="squared"),
    lambda c: c["instance"]["data"].update(X=[[1, 2], [3]]),
    lambda c: c["instance"].update(regularization=[1]),
    lambda c: c["evidence"][2].update(curve=None),
    lambda c: c["evidence"][2].update(order="three"),
    lambda c: c.update(instance=None),
], ids=["evidence-item-not-object", "evidence-a-string", "point-null", "W-a-string", "model-a-list",
        "data-null", "loss-a-string", "X-ragged", "regularization-a-list", "curve-null", "order-not-int",
        "instance-null"])
def test_malformed_certificates_are_rejected_not_crashes(non_strict, mutate):
    _, cert = non_strict
    c = copy.deepcopy(cert)
    mutate(c)
    ok, why = kernel.verify(c)  # must return, not raise
    assert ok is False and why


def test_missing_weight_matrix_rejected(non_strict):
    _, cert = non_strict
    c = copy.deepcopy(cert)
    c["point"]["W"] = c["point"]["W"][:-1]
    _rejected(c, "weight matrices")


def test_extra_weight_matrix_rejected(non_strict):
    """The point must have exactly one matrix per layer; trailing extra matrices are not silently
    dropped (kernel.check's own length check is meant to catch this)."""
    _, cert = non_strict
    c = copy.deepcopy(cert)
    c["point"]["W"] = c["point"]["W"] + [[["1"]]]
    _rejected(c)


# --- the kernel's own exact linear algebra -------------------------------------------------------------

@given(symmetric_matrices(max_n=4))
@settings(max_examples=30, deadline=None)
def test_semidefinite_agrees_with_inertia(A):
    p, m, z = congruence_inertia(A)
    assert kernel.semidefinite(A) == (m == 0)
    assert kernel.semidefinite(A, strict=True) == (m == 0 and z == 0)


@given(symmetric_matrices(max_n=4, low_rank=True))
@settings(max_examples=30, deadline=None)
def test_semidefinite_on_singular_semidefinite(A):
    p, m, z = nb.inertia(A)
    assert kernel.semidefinite(A) == (m == 0)
    assert kernel.semidefinite(A, strict=True) == (m == 0 and z == 0)


def test_semidefinite_traps():
    assert not kernel.semidefinite([[0, 0], [0, -1]])   # leading minors 0, 0
    assert not kernel.semidefinite([[0, 1], [1, 0]])
    assert kernel.semidefinite([[1, 1], [1, 1]])
    assert not kernel.semidefinite([[1, 1], [1, 1]], strict=True)
    assert kernel.semidefinite([[0, 0], [0, 0]])


def test_kernel_sigma_matches_library(global_min):
    from exactland.instance import sigma_matrix
    inst, cert = global_min
    assert kernel.sigma(kernel._instance(cert["instance"])) == sigma_matrix(inst)
    rank_deficient = Instance(DeepLinear((2, 1, 2)), [[1, 2, 3], [2, 4, 6]], [[1, 0, 1], [0, 1, 1]])
    assert kernel.sigma(kernel._instance(rank_deficient.to_json())) == sigma_matrix(rank_deficient)


# --- independence of the kernel ---------------------------------------------------------------------------

def test_kernel_imports_only_the_standard_library():
    files = sorted(KERNEL_DIR.rglob("*.py"))
    assert files
    for path in files:
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:  # relative: only within the kernel package itself (siblings, never "..")
                    assert node.level == 1 and path.parent == KERNEL_DIR, f"{path}: import leaves the kernel"
                    assert node.module is None or (KERNEL_DIR / f"{node.module}.py").exists(), \
                        f"{path}: relative import of {node.module}"
                    continue
                names = [node.module]
            elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "__import__":
                raise AssertionError(f"{path}: dynamic import")
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert top != "exactland", f"{path} imports {name}"
                assert top in sys.stdlib_module_names or top == "__future__", f"{path} imports {name}"


def test_kernel_runs_standalone():
    """Loaded from its file alone, the kernel verifies a certificate without importing exactland
    or sympy."""
    inst = random_instance((2, 1, 2), m=3, seed=2)
    cert = classify(inst, inst.zero_point()).certificate
    script = (
        "import importlib.util, json, sys\n"
        f"spec = importlib.util.spec_from_file_location('lonely_kernel', {str(KERNEL_DIR / '__init__.py')!r})\n"
        "mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)\n"
        "ok, why = mod.verify(json.loads(sys.stdin.read()))\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('exactland', 'sympy', 'flint', 'numpy'))\n"
        "print(json.dumps([ok, why, bad]))\n")
    out = subprocess.run([sys.executable, "-c", script], input=json.dumps(cert), capture_output=True, text=True,
                         check=True, timeout=60)
    ok, why, bad = json.loads(out.stdout)
    assert (ok, why, bad) == (True, "valid", [])
