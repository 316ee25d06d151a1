"""Monodromy + certified complex roots (exactland.solve.homotopy) and its use by the structured solver."""

from __future__ import annotations

import threading
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from exactland.instance import random_regularized_instance
from exactland.solve import msolve as ms
from exactland.solve import homotopy as hm
from exactland.solve import solve

pytestmark = pytest.mark.skipif(ms.find_msolve() is None, reason="msolve not installed")


def _family(inst, S):
    X, Y, L1, L2, scale = hm.restricted_data(inst, S)
    fam = hm.ShallowFamily([[float(x) for x in r] for r in X], scale, len(S), len(Y))
    target = np.array([float(v) for r in L1 for v in r] + [float(v) for r in L2 for v in r] +
                      [float(v) for r in Y for v in r], dtype=complex)
    return fam, target, hm.BallFamily(X, Y, L1, L2, scale)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10 ** 6), st.sampled_from([(2, 1, 2), (3, 2, 3), (2, 2, 1), (1, 3, 2)]))
def test_numeric_family_derivatives(seed, widths):
    """The closed-form Hessian and parameter derivative agree with central differences; seeds solve."""
    inst = random_regularized_instance(widths, m=3, seed=seed % 97)
    h = inst.model.shapes[0][0]
    fam, target, _ = _family(inst, tuple(range(h)))
    rng = np.random.default_rng(seed)
    z, p = fam.seed(rng)
    assert np.max(np.abs(fam.grad(z[None], p[None]))) < 1e-8 * (1 + np.max(np.abs(p)))
    Z, P = z[None], p[None]
    J = fam.jac(Z, P)[0]
    e = 1e-6
    cols = [(fam.grad(Z + e * np.eye(fam.n)[k][None], P) - fam.grad(Z - e * np.eye(fam.n)[k][None], P))[0] / (2 * e)
            for k in range(fam.n)]
    assert np.allclose(J, np.array(cols).T, rtol=1e-5, atol=1e-5 * np.max(np.abs(J)))
    dp = rng.standard_normal(len(p))
    num = (fam.grad(Z, P + e * dp[None]) - fam.grad(Z, P - e * dp[None])) / (2 * e)
    assert np.allclose(fam.grad_p(Z, dp[None]), num, rtol=1e-5, atol=1e-5 * (1 + np.max(np.abs(num))))


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 10 ** 6))
def test_ball_family_encloses_numeric(seed):
    """The acb evaluation of G and ∂G/∂W at a point contains the float evaluation (up to float error)."""
    inst = random_regularized_instance((3, 2, 3), m=3, seed=seed % 50)
    fam, target, bf = _family(inst, (0, 1))
    rng = np.random.default_rng(seed)
    z = rng.standard_normal(fam.n) + 1j * rng.standard_normal(fam.n)
    balls = [hm._acb(v) for v in z]
    g = bf.grad(balls)
    J = bf.jac(balls).tolist()
    gn = fam.grad(z[None], target[None])[0]
    Jn = fam.jac(z[None], target[None])[0]
    for a, b in zip(g, gn):
        assert abs(complex(float(a.real.mid()), float(a.imag.mid())) - b) < 1e-9 * (1 + abs(b))
    for i in range(fam.n):
        for k in range(fam.n):
            c = J[i][k]
            assert abs(complex(float(c.real.mid()), float(c.imag.mid())) - Jn[i, k]) < 1e-9 * (1 + abs(Jn[i, k]))


@pytest.fixture(scope="module")
def small_case():
    inst = random_regularized_instance((2, 2, 2), m=3, seed=0)
    fam, target, bf = _family(inst, (0, 1))
    mono = hm.monodromy(fam, target, 48, seed=0)
    return inst, fam, target, bf, mono


def test_monodromy_finds_msolve_count(small_case):
    """Monodromy on the (2,2,2) full-support system reaches msolve's 48 orbits; every one is certified,
    the boxes and their sign images are pairwise disjoint."""
    inst, fam, target, bf, mono = small_case
    assert len(mono.solutions) == 48 and mono.stopped == "count reached"
    roots = [hm.certify_root(bf, z) for z in mono.solutions]
    assert all(r is not None for r in roots)
    assert hm.disjoint_boxes([hm.flipped(r.box, sg) for r in roots for sg in fam.flips()])
    assert sum(1 for r in roots if r.real) == 2


def test_krawczyk_rejects_wrong_boxes(small_case):
    """No box around a non-solution, nor one holding two solutions (a box of two orbit members)."""
    inst, fam, target, bf, mono = small_case
    z = mono.solutions[0]
    ym = hm.refine(bf, z)
    sc = 1 + float(np.max(np.abs(z)))
    assert hm.krawczyk(bf, ym, 1e-20 * sc) is not None
    shifted = [v + 1e-3 * sc for v in ym]
    assert hm.krawczyk(bf, shifted, 1e-20 * sc) is None
    # a box centred between z and its sign image −z on unit 0 contains both (or neither): never certified
    flip = fam.flips()[1]
    mid = (z + flip * z) / 2
    rad = float(np.max(np.abs(z - mid))) * 1.5
    assert hm.krawczyk(bf, [hm._acb(v) for v in mid], rad) is None


def test_disjoint_boxes_detects_overlap(small_case):
    inst, fam, target, bf, mono = small_case
    r = hm.certify_root(bf, mono.solutions[3])
    other = hm.certify_root(bf, mono.solutions[4])
    assert hm.disjoint_boxes([r.box, other.box])
    assert not hm.disjoint_boxes([r.box, other.box, r.box])


def test_realness_by_conjugation(small_case):
    """A real solution gets a conjugation-symmetric box; a non-real one a box off the real axis."""
    inst, fam, target, bf, mono = small_case
    roots = [hm.certify_root(bf, z) for z in mono.solutions]
    real = [r for r in roots if r.real]
    nonreal = [r for r in roots if r.real is False]
    assert real and nonreal and len(real) + len(nonreal) == len(roots)
    for r in real:
        assert all(x.imag.mid() == 0 for x in r.box)
    for r in nonreal:
        assert any(not x.imag.contains(0) for x in r.box)


def test_solve_units_reports_shortfall():
    """Asked for more solutions than exist, the outcome says the list is short (never silently)."""
    inst = random_regularized_instance((2, 1, 2), m=3, seed=1)
    oc = hm.solve_units(inst, (0,), expected=50)
    assert len(oc.roots) < 50
    assert any("msolve's first prime counts 50" in p for p in oc.problems)


def test_solve_units_deadline():
    inst = random_regularized_instance((2, 2, 2), m=3, seed=0)
    import time
    oc = hm.solve_units(inst, (0, 1), expected=48, deadline=time.monotonic() - 1)
    assert oc.problems and len(oc.roots) < 48


@pytest.mark.parametrize("widths", [(2, 2, 2), (1, 2, 2)])
def test_homotopy_always_matches_msolve(widths):
    """The whole structured pipeline with every subsystem solved by monodromy gives the same counts, real
    points (same boxes up to containment), classes and loss enclosures as msolve's exact parametrization."""
    inst = random_regularized_instance(widths, m=3, seed=0)
    a = solve(inst, backend="msolve", method="structured", homotopy="never")
    b = solve(inst, backend="msolve", method="structured", homotopy="always")
    assert b.complete == a.complete == "probabilistic", b.message
    assert (b.complex_count, b.complex_count_distinct, b.real_count) == \
        (a.complex_count, a.complex_count_distinct, a.real_count)
    assert [e["complex_count"] for e in b.reduced] == [e["complex_count"] for e in a.reduced]
    assert sorted(p.cls for p in a.points) == sorted(p.cls for p in b.points)
    for p in b.points[1:]:
        assert hasattr(p, "box") and p.certificate["kernel"] == "interval"
        mids = [float((lo + hi) / 2) for lo, hi in p.box]
        match = [q for q in a.points if max(abs(x - float(y)) for x, y in zip(mids, q.approx(20))) < 1e-12]
        assert len(match) == 1 and match[0].cls == p.cls
        la, lb = match[0].loss.enclosure(64), p.loss.enclosure(64)
        assert la[0] <= lb[1] and lb[0] <= la[1]


def test_json_of_box_points():
    inst = random_regularized_instance((2, 1, 2), m=3, seed=0)
    res = solve(inst, backend="msolve", method="structured", homotopy="always")
    js = res.to_json()
    boxes = [p["coordinates"] for p in js["points"] if "box" in p["coordinates"]]
    assert boxes and all(len(c["box"]) == inst.n_params for c in boxes)
    for c in boxes:
        assert all(Fraction(lo) <= Fraction(hi) for lo, hi in c["box"])
    assert any(e.get("method") == "homotopy" for e in js["symmetry_reduced"])


def test_run_probe_stops_after_first_prime():
    from exactland.solve.structured import reduced_system
    inst = random_regularized_instance((2, 2, 2), m=3, seed=0)
    text = reduced_system(inst, (0, 1), 0).to_msolve()
    early = ms.run_probe(text, 1)
    assert early["degree"] == 48 and early["sqfr_degree"] == 48
    full = ms.run_probe(text, None)
    assert ms.parse_output(full["output"])["degree"] == 48


def test_cancellable_kills_msolve():
    from exactland.solve.structured import reduced_system
    inst = random_regularized_instance((3, 2, 3), m=3, seed=0)
    text = reduced_system(inst, (0, 1), 0).to_msolve()  # minutes of msolve
    token = threading.Event()
    threading.Timer(0.5, token.set).start()
    with pytest.raises(ms.SolverTimeout, match="cancelled"):
        ms.cancellable(token, ms.run, text)


@pytest.mark.slow
def test_323_pipeline():
    """The (3,2,3) network of the benchmark: 2537 complex critical points (616 orbits by monodromy),
    every real one kernel-certified."""
    inst = random_regularized_instance((3, 2, 3), m=3, seed=0)
    res = solve(inst, backend="msolve", timeout=1200)
    assert res.complete == "probabilistic", res.message
    assert res.complex_count == 2537
    assert all(p.certificate for p in res.points)


def test_cli_homotopy(tmp_path, capsys):
    import json
    from exactland import kernel
    from exactland.cli import main
    path = tmp_path / "inst.json"
    path.write_text(json.dumps(random_regularized_instance((2, 1, 2), m=3, seed=0).to_json()))
    assert main(["solve", str(path), "--homotopy", "always"]) == 0
    out = capsys.readouterr().out
    assert "17 complex, 5 real" in out and "isolating box (monodromy)" in out
    assert main(["solve", str(path), "--homotopy", "always", "--json"]) == 0
    js = json.loads(capsys.readouterr().out)
    assert all(kernel.verify(p["certificate"])[0] for p in js["points"])
    with pytest.raises(SystemExit):
        main(["solve", str(path), "--homotopy", "sometimes"])


def test_homotopy_always_needs_structured():
    inst = random_regularized_instance((2, 1, 2), m=3, seed=0)
    with pytest.raises(ValueError, match="structured"):
        solve(inst, backend="msolve", method="raw", homotopy="always")
    with pytest.raises(ValueError, match="homotopy"):
        solve(inst, backend="msolve", homotopy="often")
    deep = random_regularized_instance((1, 1, 1, 1), m=1, seed=0)
    with pytest.raises(ValueError, match="one hidden layer"):
        solve(deep, backend="msolve", homotopy="always")
