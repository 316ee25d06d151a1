"""exactland.numeric.search / crosscheck / cli_numeric: multi-start search, resumable results, time budget,
the cross-check against exact critical points, and the explore / hessian commands."""

import json
from fractions import Fraction

import numpy as np
import pytest

from exactland import kernel
from exactland.classify import classify
from exactland.instance import DeepLinear, Instance, Tikhonov
from exactland.landscape import Landscape
from exactland.numeric.core import DeepLinearNumeric, random_deep_linear
from exactland.numeric.crosscheck import COMPATIBLE, match
from exactland.numeric.search import explore


def scalar_instance():
    """L(a, b) = ½(ab − 2)² + ½a² + ½b²: critical points (0, 0) and (±1, ±1) in closed form
    (a = b, a² = y − 2λ = 1; a = −b gives only 0)."""
    half = Fraction(1, 2)
    return Instance(DeepLinear((1, 1, 1)), [[1]], [[2]], regularization=Tikhonov(([[half]], [[half]])))


def closed_form_points(inst):
    ls = Landscape(inst)
    pts = []
    for th in ([0, 0], [1, 1], [-1, -1]):
        assert ls.gradient_vector(th) == [0, 0]  # really critical, exactly
        pts.append({"theta": th, "cls": classify(inst, th).cls})
    return pts


def test_search_matches_closed_form_exact_points():
    inst = scalar_instance()
    exact = closed_form_points(inst)
    assert sorted(p["cls"] for p in exact) == ["local_min", "local_min", "strict_saddle"]
    res = explore(inst, starts=9, budget=30, seed=0, certify=True, progress=False)
    rep = match(res.points, exact)
    assert rep.ok, rep.report()
    assert rep.coverage == (3, 3), rep.report()
    for p in res.points:
        assert p["certified"] and kernel.verify(p["certificate"])[0]


def test_matcher_flags_wrong_classes_and_spurious_points():
    exact = closed_form_points(scalar_instance())
    bad = [{"theta": [0.0, 0.0], "class": "local_min"}, {"theta": [0.5, 0.5], "class": "local_min"}]
    rep = match(bad, exact)
    assert not rep.ok and rep.unmatched_numeric == [1] and rep.class_mismatch[0][:2] == (0, 0)
    assert rep.coverage == (1, 3)
    assert "global_min" in COMPATIBLE["local_min"] and "strict_saddle" not in COMPATIBLE["degenerate"]


def test_regularized_origin_is_matched_on_a_larger_instance():
    inst = random_deep_linear((3, 2, 2), m=4, seed=1, reg="8")  # strong weights: the origin is the minimum
    exact = [{"theta": [0] * inst.n_params, "cls": classify(inst, inst.zero_point()).cls}]
    res = explore(inst, starts=4, budget=30, seed=1, progress=False)
    rep = match(res.points, exact)
    assert rep.coverage == (1, 1) and rep.ok, rep.report()


@pytest.mark.parametrize("cases", [
    [((1, 1, 1), 1, 3), ((2, 1, 1), 2, 3)],
    pytest.param([((2, 1, 2), 2, 3), ((1, 2, 1), 2, 3)], marks=pytest.mark.slow),
])
def test_crosscheck_against_the_exact_solver(cases):
    pytest.importorskip("exactland.solve")
    from exactland.numeric.crosscheck import crosscheck
    from exactland.solve import solve
    for widths, m, seed in cases:
        inst = random_deep_linear(widths, m=m, seed=seed, reg="1/4")
        sres = solve(inst, backend="auto", timeout=60)
        res = explore(inst, starts=12, budget=30, seed=0, progress=False)
        rep = crosscheck(inst, res, sres)
        assert rep.ok, (widths, rep.report())
        assert rep.coverage[0] >= 1
        print(widths, rep.report())  # coverage report (pytest -s)


def test_explore_is_reproducible_and_points_are_critical():
    inst = random_deep_linear((3, 3, 2), m=5, seed=0, reg="1/20")
    a = explore(inst, starts=4, budget=60, seed=7, progress=False)
    b = explore(inst, starts=4, budget=60, seed=7, progress=False)
    assert [p["loss"] for p in a.points] == [p["loss"] for p in b.points]
    net = DeepLinearNumeric(inst)
    for p in a.points:
        assert np.max(np.abs(net.gradient(np.array(p["theta"])))) < 1e-8
        assert p["label"] == "numerical" and p["certified"] is False


def test_resume_continues_and_refuses_other_instances(tmp_path):
    inst = random_deep_linear((2, 2, 2), m=4, seed=0, reg="1/8")
    f = tmp_path / "run.json"
    first = explore(inst, starts=2, budget=60, seed=0, resume=f, progress=False)
    saved = json.loads(f.read_text())
    assert saved["starts_done"] == 2
    more = explore(inst, starts=5, budget=60, seed=0, resume=f, progress=False)
    assert more.starts_done == 5 and more.points[:len(first.points)] == first.points
    assert any("resumed" in n for n in more.notes)
    fresh = explore(inst, starts=5, budget=60, seed=0, progress=False)
    assert [p["loss"] for p in fresh.points] == [p["loss"] for p in more.points]
    other = random_deep_linear((2, 2, 2), m=4, seed=1, reg="1/8")
    with pytest.raises(ValueError, match="different instance"):
        explore(other, starts=3, resume=f, progress=False)
    with pytest.raises(ValueError, match="seed"):
        explore(inst, starts=6, seed=1, resume=f, progress=False)


def test_budget_exhausted_gives_partial_result_with_message():
    inst = random_deep_linear((2, 2, 2), m=4, seed=0, reg="1/8")
    res = explore(inst, starts=5, budget=0, seed=0, progress=False)
    assert not res.complete and res.starts_done < 5
    assert any("budget" in n and "partial" in n for n in res.notes)


def test_unregularized_search_reports_gap_to_global_minimum():
    from exactland.instance import random_instance
    inst = random_instance((2, 2, 2), m=4, seed=3)
    res = explore(inst, starts=6, budget=30, seed=0, certify=True, progress=False)
    assert res.global_min is not None
    lo = Fraction(res.global_min["lo"])
    for p in res.points:
        assert p["gap_to_global_min"] >= -1e-9  # no critical value below the global minimum
        assert not p["certified"] or p["class"] == "strict_saddle"
    assert any(p["class"] == "global_min" for p in res.points)
    assert all(p["loss"] >= float(lo) - 1e-9 for p in res.points)


def test_cli_explore_and_hessian(tmp_path, capsys):
    from exactland.cli import main
    inst = random_deep_linear((3, 3, 2), m=5, seed=0, reg="1/20")
    ipath = tmp_path / "inst.json"
    ipath.write_text(json.dumps(inst.to_json()))
    assert main(["explore", str(ipath), "--starts", "3", "--certify", "--json", "--quiet"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["points"]
    for i, p in enumerate(out["points"]):
        assert {"loss", "class", "certified", "certificate"} <= set(p)
        if p["certified"]:
            cpath = tmp_path / f"c{i}.json"
            cpath.write_text(json.dumps(p["certificate"]))
            assert main(["verify", str(cpath)]) == 0
    ppath = tmp_path / "point.json"
    W = DeepLinearNumeric(inst).unflatten(np.array(out["points"][0]["theta"]))
    ppath.write_text(json.dumps({"W": [w.tolist() for w in W]}))
    png = tmp_path / "spectrum.png"
    capsys.readouterr()
    assert main(["hessian", str(ipath), "--point", str(ppath), "--top", "3", "--plot", str(png), "--json"]) == 0
    h = json.loads(capsys.readouterr().out)
    assert png.exists() and png.stat().st_size > 1000
    assert len(h["smallest"]) == 3 and h["smallest"][0] <= h["largest"][-1] and h["label"] == "numerical"
    assert h["class_if_critical"] == out["points"][0]["class"] or out["points"][0]["certified"] is False
    ppath.write_text(json.dumps({"theta": [0.0] * 3}))
    assert main(["hessian", str(ipath), "--point", str(ppath)]) == 2
    assert "coordinates" in capsys.readouterr().err
    bad = inst.to_json()
    bad["data"]["X"][0][0] = 0.5
    ipath.write_text(json.dumps(bad))
    assert main(["explore", str(ipath), "--starts", "1"]) == 2
    assert "float" in capsys.readouterr().err


def test_large_size_path_hessian_free_newton_and_lanczos(monkeypatch):
    # above DENSE_MAX the search never forms the Hessian; exercise that path on a small instance and
    # compare its classes with the dense path's
    from exactland.numeric import search
    inst = random_deep_linear((3, 3, 2, 2), m=5, seed=2, reg="1/4")
    dense = explore(inst, starts=1, budget=60, seed=3, progress=False, methods=("gd",))
    monkeypatch.setattr(search, "DENSE_MAX", 10)
    monkeypatch.setattr(search.DeepLinearNumeric, "hessian", lambda self, th: pytest.fail("Hessian formed"))
    big = explore(inst, starts=1, budget=60, seed=3, progress=False)
    assert any("Hessian-free" in n for n in big.notes)
    assert big.points, big.notes
    for p in big.points:
        twin = min(dense.points, key=lambda q: np.max(np.abs(np.array(q["theta"]) - np.array(p["theta"]))))
        assert np.max(np.abs(np.array(twin["theta"]) - np.array(p["theta"]))) < 1e-5
        assert p["class"] == twin["class"] and p["method"] == "gd"


def test_cli_hessian_lanczos_path_reports_non_convergence(tmp_path, capsys, monkeypatch):
    from scipy.sparse.linalg import ArpackNoConvergence
    from exactland.cli import main
    from exactland.numeric import core, search
    inst = random_deep_linear((4, 4, 3), m=5, seed=0, reg="1/4")
    ipath, ppath = tmp_path / "i.json", tmp_path / "p.json"
    ipath.write_text(json.dumps(inst.to_json()))
    th = np.random.default_rng(0).standard_normal(inst.n_params)
    ppath.write_text(json.dumps({"theta": th.tolist()}))
    monkeypatch.setattr(search, "DENSE_MAX", 5)
    real = core.extreme_eigenvalues

    def flaky(net, theta, k=1, which="both", seed=0, maxiter=None):
        if which == "smallest":
            raise ArpackNoConvergence("no", np.array([]), np.zeros((net.n, 0)))
        return real(net, theta, k=k, which=which, seed=seed, maxiter=maxiter)

    monkeypatch.setattr(core, "extreme_eigenvalues", flaky)
    assert main(["hessian", str(ipath), "--point", str(ppath), "--top", "2", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    w = np.linalg.eigvalsh(DeepLinearNumeric(inst).hessian(th))
    assert np.allclose(out["largest"], w[::-1][:2]) and out["smallest"] == []
    assert "did not converge" in out["method"]
