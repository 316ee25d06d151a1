"""Exact critical-point enumeration (issue 3): backends, algebraic certificates, CLI."""

from __future__ import annotations

import copy
import json
import random
from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st, HealthCheck

from exactland import kernel
from exactland.instance import DeepLinear, Instance, Tikhonov, random_instance, random_regularized_instance
from exactland.landscape import Landscape
from exactland.solve import find_msolve, solve
from exactland.solve.groebner import groebner_basis, standard_monomials, dimension_from_leading
from exactland.solve.system import gradient_system

HAVE_MSOLVE = find_msolve() is not None
needs_msolve = pytest.mark.skipif(not HAVE_MSOLVE, reason="msolve binary not installed")


def reg_instance(widths, m, seed):
    """A seeded regularized instance: random data, Tikhonov weights in (0, 1)."""
    return random_regularized_instance(widths, m=m, seed=seed)


SCALAR = Instance(DeepLinear((1, 1, 1)), [[1]], [[2]], regularization=Tikhonov(([["1/4"]], [["1/4"]])))


def _signature(res):
    """Backend-independent description: counts, and the sorted (class, loss to 25 digits) pairs."""
    return (res.dimension, res.complex_count, res.complex_count_distinct, res.real_count,
            sorted((p.cls, p.loss_decimal[:25]) for p in res.points))


def test_irrational_critical_points_scalar_network():
    # L = ½(ab − 2)² + (a² + b²)/4: critical points 0 and a = b = ±√(3/2) (a root of T² − 3/2)
    res = solve(SCALAR, backend="sympy")
    assert (res.dimension, res.complex_count, res.real_count) == (0, 5, 3)
    irrational = [p for p in res.points if not p.is_rational]
    assert len(irrational) == 2
    for p in irrational:
        a = p.approx(40)
        assert abs(a[0] ** 2 - 1.5) < 1e-30 and abs(a[0] - a[1]) < 1e-30  # numerical sanity only
        assert p.cls == "global_min" and p.loss == Fraction(7, 8)
        assert kernel.verify(p.certificate) == (True, "valid")
    zero = [p for p in res.points if p.is_rational][0]
    assert zero.exact == [0, 0] and zero.cls == "strict_saddle"
    assert kernel.verify(zero.certificate)[0]


@needs_msolve
@pytest.mark.parametrize("inst", [SCALAR, pytest.param(reg_instance((2, 1, 1), 2, 3), marks=pytest.mark.slow),
                                  reg_instance((1, 2, 1), 2, 5)],
                         ids=["(1,1,1)", "(2,1,1)", "(1,2,1)"])
def test_backends_agree(inst):
    a, b = solve(inst, backend="msolve"), solve(inst, backend="sympy")
    assert a.complete == "probabilistic" and b.complete == "certified"
    assert _signature(a) == _signature(b)
    for p in a.points + b.points:
        assert p.certificate is not None and kernel.verify(p.certificate)[0]


@needs_msolve
def test_complex_count_matches_independent_groebner():
    inst = reg_instance((2, 1, 1), 2, 7)
    res = solve(inst, backend="msolve", classify=False)
    system = gradient_system(inst)
    G = groebner_basis(system)
    lead = [g.LM for g in G]
    assert dimension_from_leading(lead, inst.n_params) == 0
    assert res.complex_count == len(standard_monomials(lead, inst.n_params))


@pytest.mark.parametrize("backend", ["sympy"] + (["msolve"] if HAVE_MSOLVE else []))
def test_degenerate_instance_dimension_and_constant_critical_value(backend):
    # unregularized (1,1,1): the critical set is the hyperbola ab = 2 (dimension 1) plus the origin
    inst = Instance(DeepLinear((1, 1, 1)), [[1]], [[2]])
    res = solve(inst, backend=backend, seed=1)
    assert res.dimension == 1 and res.complete == "partial"
    assert res.points, "a random line meets the hyperbola ab = 2 in real points"
    ls = Landscape(inst)
    for p in res.points:
        x = p.approx(30)
        assert abs(x[0] * x[1] - 2) < 1e-20
        assert "sampled point" in " ".join(p.notes)
    # the loss is constant on a connected component of the critical set: exactly 0 on ab = 2
    assert {p.loss for p in res.points} == {0}
    assert all(p.cls == "global_min" for p in res.points if p.is_rational)


def test_timeout_gives_partial_result():
    inst = reg_instance((2, 2, 2), 3, 0)
    res = solve(inst, backend="sympy", timeout=0.5)
    assert res.complete == "partial"
    assert "did not finish" in res.message or "time limit" in res.message


def test_bad_input():
    with pytest.raises(TypeError):
        solve({"model": {"kind": "deep_linear"}})
    with pytest.raises(ValueError):
        solve(SCALAR, backend="maple")


# --- tamper tests for the "algebraic" certificate kind ----------------------------------------------

@pytest.fixture(scope="module")
def algebraic_cert():
    from exactland.solve import points
    saved, points.BOX_FROM_DEGREE = points.BOX_FROM_DEGREE, 10 ** 6  # the exact in-field route
    try:
        res = solve(SCALAR, backend="sympy")
    finally:
        points.BOX_FROM_DEGREE = saved
    cert = next(p.certificate for p in res.points if not p.is_rational)
    assert cert["kernel"] == "algebraic" and kernel.verify(cert)[0]
    return cert


def _tampered(cert, edit):
    c = copy.deepcopy(cert)
    edit(c)
    return kernel.verify(c)


def test_tamper_coordinate(algebraic_cert):
    def edit(c):
        c["point"]["numerators"][0][-1] = str(Fraction(c["point"]["numerators"][0][-1]) + 1)
    ok, why = _tampered(algebraic_cert, edit)
    assert not ok and "gradient" in why


def test_tamper_inertia_and_claim(algebraic_cert):
    assert not _tampered(algebraic_cert, lambda c: c.__setitem__("inertia", [1, 1, 0]))[0]
    assert not _tampered(algebraic_cert, lambda c: c.__setitem__("claim", "local_max"))[0]
    assert not _tampered(algebraic_cert, lambda c: c.__setitem__("claim", "strict_saddle"))[0]


def test_tamper_degree_and_interval(algebraic_cert):
    # a different polynomial (degree raised): the point is no longer a root / the gradient is not 0 mod f
    assert not _tampered(algebraic_cert, lambda c: c["point"]["minpoly"].append("1"))[0]
    # an interval with no root, and one with two roots of f
    assert not _tampered(algebraic_cert, lambda c: c["point"].__setitem__("interval", ["3", "4"]))[0]
    assert not _tampered(algebraic_cert, lambda c: c["point"].__setitem__("interval", ["-2", "2"]))[0]
    assert not _tampered(algebraic_cert, lambda c: c.__setitem__("precision_bits", 1.5))[0]


def test_tamper_loss_and_data(algebraic_cert):
    def loss(c):
        c["loss"][0] = str(Fraction(c["loss"][0]) + 1)
    assert not _tampered(algebraic_cert, loss)[0]
    assert not _tampered(algebraic_cert, lambda c: c["instance"]["data"]["Y"][0].__setitem__(0, "3"))[0]


# --- CLI --------------------------------------------------------------------------------------------

def test_cli_solve_json(tmp_path, capsys):
    from exactland.cli import main
    path = tmp_path / "inst.json"
    path.write_text(json.dumps(SCALAR.to_json()))
    assert main(["solve", str(path), "--backend", "sympy", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    for key in ("dimension", "complex_count", "complex_count_distinct", "real_count", "points"):
        assert key in out
    assert set(out["points"][0]) >= {"coordinates", "loss", "loss_decimal", "class", "certificate"}
    assert out["real_count"] == len(out["points"]) == 3
    assert main(["solve", str(path), "--backend", "sympy"]) == 0
    assert "5 complex, 3 real: 2 global min, 1 strict saddles" in capsys.readouterr().out


@needs_msolve
def test_cli_solve_structured(tmp_path, capsys):
    from exactland.cli import main
    inst = reg_instance((2, 2, 1), 2, 4)
    path = tmp_path / "inst.json"
    path.write_text(json.dumps(inst.to_json()))
    assert main(["solve", str(path), "--method", "structured", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["method"] == "structured" and [e["units"] for e in out["symmetry_reduced"]] == [[0], [1], [0, 1]]
    assert out["complex_count"] == 1 + sum(2 ** len(e["units"]) * e["complex_count"] for e in out["symmetry_reduced"])
    orbit = [p for p in out["points"] if isinstance(p["coordinates"], dict)]
    assert orbit and all(set(p["coordinates"]) >= {"reduced_system", "signs", "field", "interval"} for p in orbit)
    assert all(kernel.verify(p["certificate"])[0] for p in out["points"])
    assert main(["solve", str(path), "--method", "structured"]) == 0
    assert "sign orbit of units" in capsys.readouterr().out
    deep = tmp_path / "deep.json"
    deep.write_text(json.dumps(reg_instance((1, 1, 1, 1), 1, 0).to_json()))
    assert main(["solve", str(deep), "--method", "structured"]) != 0  # a clear error, not a crash
    assert "one hidden layer" in capsys.readouterr().err


# --- property test: random exact scalar networks ----------------------------------------------------

@needs_msolve
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(x=st.integers(1, 5), y=st.integers(-6, 6), l1=st.integers(1, 9), l2=st.integers(1, 9))
def test_random_scalar_networks(x, y, l1, l2):
    inst = Instance(DeepLinear((1, 1, 1)), [[x]], [[y]],
                    regularization=Tikhonov(([[Fraction(l1, 10)]], [[Fraction(l2, 10)]])))
    a, b = solve(inst, backend="msolve"), solve(inst, backend="sympy")
    assert _signature(a) == _signature(b)
    # every point is critical (exactly, kernel) and the least critical value is a global minimum
    assert all(kernel.verify(p.certificate)[0] for p in b.points)
    assert sum(p.cls == "global_min" for p in b.points) >= 1


@pytest.mark.slow
@needs_msolve
def test_regularized_222_finishes():
    inst = reg_instance((2, 2, 2), 3, 0)
    res = solve(inst, backend="msolve")
    assert res.dimension == 0 and res.complex_count == 225
    assert res.real_count == len(res.points) and res.complete == "probabilistic"
    assert all(p.cls != "inconclusive" for p in res.points)
    from exactland.solve.points import boxes_disjoint
    assert all(kernel.verify(p.certificate)[0] for p in res.points if len(p.minpoly) - 1 > 8)
    assert boxes_disjoint(res.points) and any(p.cls == "global_min" for p in res.points)


# --- high-degree fields: interval (Krawczyk) boxes instead of the in-field gradient check ---------------

@needs_msolve
@pytest.mark.parametrize("inst", [SCALAR, reg_instance((1, 2, 1), 2, 5)], ids=["(1,1,1)", "(1,2,1)"])
def test_box_path_agrees_with_exact_path(monkeypatch, inst):
    """The box path (default for irrational points) and the exact in-field path (``"algebraic"``
    certificates; forced here; fast only for small fields) agree on the same instance."""
    from exactland.solve import points as P
    monkeypatch.setattr(P, "BOX_FROM_DEGREE", 10 ** 6)
    exact_res = solve(inst, backend="msolve", method="raw")
    assert not any(p.certificate.get("kernel") == "interval" for p in exact_res.points)
    monkeypatch.setattr(P, "BOX_FROM_DEGREE", 2)
    monkeypatch.setattr(P, "KERNEL_DEGREE_LIMIT", 1)
    box_res = solve(inst, backend="msolve", method="raw")
    assert box_res.real_count == exact_res.real_count and box_res.complete == "probabilistic"
    boxed = [p for p in box_res.points if p.certificate and p.certificate.get("kernel") == "interval"]
    assert len(boxed) == sum(1 for p in exact_res.points if not p.is_rational) > 0
    assert P.boxes_disjoint(box_res.points)
    for p in boxed:
        assert kernel.verify(p.certificate) == (True, "valid")
        center, r = P.box_of(p.certificate)
        assert all(c - r < a and b < c + r for (a, b), c in zip(P.point_enclosure(p), center))
        lo, hi = (Fraction(x) for x in p.certificate["loss_enclosure"])  # kernel-checked enclosure
        L = p.loss  # exact: from the critical-value polynomial (KERNEL_DEGREE_LIMIT = 1 here)
        a, b = (L, L) if isinstance(L, Fraction) else L.enclosure(80)
        assert lo <= b and a <= hi
    # same classes, inertias and exact losses
    key = lambda res: sorted((p.cls, tuple(p.inertia) if p.inertia else None, p.loss_decimal[:25])
                             for p in res.points)
    assert key(box_res) == key(exact_res)
    # the tie between sign-flipped minima is decided exactly (symmetry + re-certified box): same globals
    glob = lambda res: sorted(p.loss_decimal[:12] for p in res.points if p.cls == "global_min")
    assert glob(box_res) == glob(exact_res) and glob(box_res)


def test_flip_signs_preserve_loss():
    from exactland.solve.points import _flip_signs
    inst = reg_instance((2, 2, 2), 3, 1)
    rng = random.Random(7)
    theta = [Fraction(rng.randint(-9, 9), rng.randint(1, 5)) for _ in range(inst.n_params)]
    ls = Landscape(inst)
    base = ls.loss(inst.unflatten(theta))
    for mask in range(4):
        S = _flip_signs(inst, mask)
        assert ls.loss(inst.unflatten([s * t for s, t in zip(S, theta)])) == base
        assert (mask == 0) == all(s == 1 for s in S)


@needs_msolve
def test_box_certificate_tamper(monkeypatch):
    from exactland.solve import points as P
    monkeypatch.setattr(P, "KERNEL_DEGREE_LIMIT", 1)
    res = solve(reg_instance((2, 1, 2), 3, 0), backend="msolve", classify=False)
    cert = next(p.certificate for p in res.points if p.certificate)
    assert kernel.verify(cert)[0]
    moved = copy.deepcopy(cert)
    moved["center"]["mantissas"][0] += 2 ** 20 * (abs(moved["center"]["mantissas"][0]) // 2 ** 20 + 1)
    assert not kernel.verify(moved)[0]
    wrong = copy.deepcopy(cert)
    wrong["inertia"] = {"positive": wrong["inertia"]["positive"] - 1, "negative": wrong["inertia"]["negative"] + 1,
                        "zero": 0}
    assert not kernel.verify(wrong)[0]


def test_box_containment_is_checked():
    """A point whose exact enclosure is outside the certified box is refused (certify_by_box → False)."""
    from exactland.solve import points as P
    # the scalar network's irrational critical point a = b = √(3/2), described by T² − 3/2 with
    # coordinates T and T (correct) and T and T + 1 (wrong second coordinate)
    f = [Fraction(-3, 2), Fraction(0), Fraction(1)]
    good = P.CriticalPoint(SCALAR, f, Fraction(1), Fraction(2), [[Fraction(0), Fraction(1)]] * 2)
    assert P.certify_by_box(SCALAR, good) and good.cls == "local_min"
    bad = P.CriticalPoint(SCALAR, f, Fraction(1), Fraction(2), [[Fraction(0), Fraction(1)], [Fraction(1), Fraction(1)]])
    assert not P.certify_by_box(SCALAR, bad) and bad.certificate is None


@settings(max_examples=25, deadline=None)
@given(st.lists(st.fractions(max_denominator=50), min_size=1, max_size=8), st.fractions(max_denominator=2 ** 40))
def test_sign_at_matches_exact_evaluation(p, x):
    from exactland.solve.realroots import _peval, sign_at
    v = _peval(p, x)
    assert sign_at(p, x) == (v > 0) - (v < 0)


# --- symmetry-reduced method (zero-unit split + sign quotient) ------------------------------------------

def _classes_and_losses(res):
    return sorted((p.cls, p.loss_decimal[:20]) for p in res.points)


@needs_msolve
@pytest.mark.parametrize("widths,m,seed", [((2, 2, 1), 2, 4), ((1, 2, 2), 2, 6), ((2, 1, 2), 3, 1), ((2, 2, 2), 3, 0)])
def test_structured_agrees_with_raw(widths, m, seed):
    inst = reg_instance(widths, m, seed)
    raw = solve(inst, backend="msolve", method="raw")
    red = solve(inst, backend="msolve", method="structured")
    assert red.method == "structured" and red.reduced
    # the derived raw count (1 + Σ_S 2^|S| N_S) is the raw ideal's count
    assert (red.complex_count, red.complex_count_distinct, red.real_count) == \
        (raw.complex_count, raw.complex_count_distinct, raw.real_count)
    assert _classes_and_losses(red) == _classes_and_losses(raw)
    # the same real points (40-digit approximations, as sorted lists)
    pts = lambda res: sorted(tuple(float(x) for x in p.approx(40)) for p in res.points)
    assert all(max(abs(a - b) for a, b in zip(x, y)) < 1e-12 for x, y in zip(pts(red), pts(raw)))
    from exactland.solve.points import AlgebraicNumber
    for p in red.points + raw.points:
        assert p.certificate is not None and kernel.verify(p.certificate)[0]
        assert isinstance(p.loss, (Fraction, AlgebraicNumber))  # exact, not an enclosure
    # both methods give the same exact critical values (same minimal polynomial, same root)
    exact = lambda res: sorted((p.loss.minpoly, p.loss_decimal[:25]) if isinstance(p.loss, AlgebraicNumber)
                               else ([-p.loss, 1], p.loss_decimal[:25]) for p in res.points)
    assert exact(red) == exact(raw)
    import sys
    before = sys.get_int_max_str_digits()
    for res in (raw, red):  # JSON with long exact coefficients, and the digit limit restored afterwards
        assert json.loads(json.dumps(res.to_json()))["real_count"] == res.real_count
        assert sys.get_int_max_str_digits() == before


@needs_msolve
def test_structured_orbits_are_sign_flips():
    from exactland.solve.points import box_of
    inst = reg_instance((2, 2, 1), 2, 4)
    res = solve(inst, backend="msolve", method="structured")
    orbits = {}
    for p in res.points:
        if getattr(p, "orbit", None) is not None:
            orbits.setdefault(p.orbit, []).append(p)
    assert orbits
    (h, d0), (d2, _) = inst.model.shapes
    for members in orbits.values():
        assert len(members) == 2 ** len(members[0].system.units)
        assert len({m.cls for m in members}) == 1  # the flip is an isometry preserving L
        base = members[0]
        c0, _ = box_of(base.certificate)
        for other in members[1:]:
            c1, _ = box_of(other.certificate)
            # flipping unit j negates W1 row j and W2 column j: the centres agree up to those signs
            for j, (s0, s1) in zip(base.system.units, zip(base.signs, other.signs)):
                flip = s0 * s1
                row = c0[j * d0:(j + 1) * d0], c1[j * d0:(j + 1) * d0]
                assert all(abs(flip * a - b) < Fraction(1, 10 ** 6) for a, b in zip(*row))


def test_structured_refuses_what_it_cannot_do():
    deep = reg_instance((2, 1, 1, 2), 2, 0)
    with pytest.raises(ValueError, match="one hidden layer"):
        solve(deep, backend="sympy", method="structured")
    plain = random_instance((2, 2, 2), m=3, seed=0)
    with pytest.raises(ValueError, match="Tikhonov"):
        solve(plain, backend="sympy", method="structured")
    zero_weight = reg_instance((2, 2, 2), 3, 0)
    w = [[list(r) for r in W] for W in zero_weight.regularization.weights]
    w[0][0][0] = Fraction(0)
    inst = Instance(zero_weight.model, zero_weight.X, zero_weight.Y, zero_weight.loss,
                    Tikhonov(tuple(w)))
    with pytest.raises(ValueError, match="every weight > 0"):
        solve(inst, backend="sympy", method="structured")


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10 ** 6))
def test_reduced_system_is_the_gradient_in_chart_coordinates(seed):
    """Property: at a random rational chart point (σ = u², ρ, γ) the reduced equations are the raw
    gradient at r_j = uρ_j, c_j = uγ_j by the chain rule: E_σ = (∇_rL·ρ + ∇_cL·γ)/(2u),
    E_ρk = (∂L/∂r_k − a_k ∂L/∂r_0)/u, E_γi = (∂L/∂c_i)/u (u is drawn first, so all is rational)."""
    from exactland.solve.structured import reduced_system
    from sympy import QQ
    rng = random.Random(seed)
    inst = reg_instance((2, 2, 2), 2, seed % 7)
    rs = reduced_system(inst, (0, 1), seed)
    u = {j: Fraction(rng.choice([-3, -2, -1, 1, 2, 3]), rng.randint(1, 3)) for j in (0, 1)}
    vals = [Fraction(0)] * len(rs.names)
    for j in (0, 1):
        i_s, free, gi = rs.layout[j]
        vals[i_s] = u[j] ** 2
        for i in free + gi:
            vals[i] = Fraction(rng.randint(-5, 5), rng.randint(1, 4))
    (h, d0), (d2, _) = inst.model.shapes
    W1 = [[Fraction(0)] * d0 for _ in range(h)]
    W2 = [[Fraction(0)] * h for _ in range(d2)]
    rho = {}
    for j in (0, 1):
        rho[j] = rs.full_rho(j, vals)
        W1[j] = [u[j] * x for x in rho[j]]
        for i, g in enumerate(rs.layout[j][2]):
            W2[i][j] = u[j] * vals[g]
    grad = Landscape(inst).gradient([W1, W2])
    conv = lambda x: Fraction(int(QQ.numer(x)), int(QQ.denom(x)))
    ev = [conv(p(*vals)) for p in rs.polys]
    row = 0
    for j in (0, 1):
        i_s, free, gi = rs.layout[j]
        a = rs.charts[j]
        g_r = grad[0][j]
        g_c = [grad[1][i][j] for i in range(d2)]
        gam = [vals[g] for g in gi]
        assert ev[row] == (sum(x * y for x, y in zip(g_r, rho[j])) + sum(x * y for x, y in zip(g_c, gam))) / (2 * u[j])
        row += 1
        for k in range(len(free)):
            assert ev[row] == (g_r[k + 1] - a[k + 1] * g_r[0]) / u[j]
            row += 1
        for i in range(d2):
            assert ev[row] == g_c[i] / u[j]
            row += 1
    assert row == len(rs.polys)


def test_digit_limit_is_scoped():
    import sys
    before = sys.get_int_max_str_digits()
    res = solve(SCALAR, backend="sympy")
    res.to_json()
    assert sys.get_int_max_str_digits() == before and before != 0
