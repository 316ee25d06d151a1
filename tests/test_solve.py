"""Exact critical-point enumeration (issue 3): backends, algebraic certificates, CLI."""

from __future__ import annotations

import copy
import json
import random
from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st, HealthCheck

from exactland import kernel
from exactland.instance import DeepLinear, Instance, Tikhonov, random_instance
from exactland.landscape import Landscape
from exactland.solve import find_msolve, solve
from exactland.solve.groebner import groebner_basis, standard_monomials, dimension_from_leading
from exactland.solve.system import gradient_system

HAVE_MSOLVE = find_msolve() is not None
needs_msolve = pytest.mark.skipif(not HAVE_MSOLVE, reason="msolve binary not installed")


def reg_instance(widths, m, seed):
    """A seeded regularized instance: random data, Tikhonov weights in (0, 1)."""
    inst = random_instance(widths, m=m, seed=seed)
    rng = random.Random(seed + 1000)
    ws = [[[Fraction(rng.randint(1, 9), rng.randint(1, 9) * 10) for _ in range(c)] for _ in range(r)]
          for r, c in inst.model.shapes]
    return Instance(inst.model, inst.X, inst.Y, inst.loss, Tikhonov(tuple(ws)), dict(inst.meta))


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
@pytest.mark.parametrize("inst", [SCALAR, reg_instance((2, 1, 1), 2, 3), reg_instance((1, 2, 1), 2, 5)],
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
    res = solve(SCALAR, backend="sympy")
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
