"""Kawaguchi (2016) Theorem 2.3 (ii)–(iv), H = 1: every critical family, classified and certified."""

import copy
import random
from fractions import Fraction

import pytest

from exactland import kernel
from exactland import numbers as nb
from exactland.instance import rational_spectrum_instance
from exactland.landscape import Landscape
from exactland.theorems import kawaguchi2016_families as fam


@pytest.fixture(scope="module")
def claims():
    return {name: getattr(fam, name)(seed=0)
            for name in ("theorem_2_3_ii", "theorem_2_3_iii", "theorem_2_3_iv_shallow")}


def test_claims_hold_with_names(claims):
    assert claims["theorem_2_3_ii"].name == "theorem_2_3_ii"
    assert claims["theorem_2_3_iii"].name == "theorem_2_3_iii"
    assert claims["theorem_2_3_iv_shallow"].name == "theorem_2_3_iv"
    for res in claims.values():
        assert res.status == "held", res.summary
        assert res.hypotheses_hold


def test_every_certificate_is_kernel_valid(claims):
    certs = claims["theorem_2_3_iii"].certificates
    assert len(certs) >= 21
    kinds = {c["claim"] for c in certs}
    assert kinds == {"strict_saddle", "global_min"}
    for c in certs:
        ok, why = kernel.verify(c)
        assert ok, why


def test_every_family_line_and_count(claims):
    for a in fam._analysis(0):
        dx, d1, dy = a["widths"]
        assert len(a["families"]) == fam.expected_family_count(d1, dy)
        assert len({f.I for f in a["families"]}) == len(a["families"])
        globals_ = [f for f in a["families"] if f.is_global]
        assert len(globals_) == 1 and globals_[0].cls == "global_min"
        for f in a["families"]:
            assert f.ok, f.problems
            if not f.is_global:
                assert f.cls == "strict_saddle" and f.neg_proof and f.pos_proof
    # at least one shape with free L-parameters in a saddle family and one with d1 >= d_y
    shapes = [a["widths"] for a in fam._analysis(0)]
    assert any(dx > dy for dx, _, dy in shapes) and any(d1 >= dy for _, d1, dy in shapes)
    assert any(f.l_dim > 0 and not f.is_global for a in fam._analysis(0) for f in a["families"])


def test_tampered_representative_rejected(claims):
    cert = next(c for c in claims["theorem_2_3_ii"].certificates if c["claim"] == "strict_saddle")
    assert kernel.verify(cert)[0]
    bad = copy.deepcopy(cert)
    w = bad["point"]["W"][0]
    w[0][0] = str(Fraction(w[0][0]) + 1)
    assert not kernel.verify(bad)[0]
    bad = copy.deepcopy(cert)
    ev = next(e for e in bad["evidence"] if e["type"] == "negative_curvature")
    pos = next(e for e in bad["evidence"] if e["type"] == "positive_curvature")
    ev["v"] = pos["v"]  # a positive-curvature vector offered as a negative one
    assert not kernel.verify(bad)[0]
    gm = copy.deepcopy(next(c for c in claims["theorem_2_3_ii"].certificates if c["claim"] == "global_min"))
    gm["point"]["W"][1][0][0] = str(Fraction(gm["point"]["W"][1][0][0]) + Fraction(1, 3))
    gm.pop("loss", None)
    assert not kernel.verify(gm)[0]


@pytest.mark.parametrize("widths", [(3, 2, 2), (3, 3, 2), (3, 2, 3)])
def test_random_critical_point_lands_in_predicted_family(widths):
    inst = rational_spectrum_instance(widths, seed=3)
    U, lam = fam.rational_eigendata(inst)
    Kb = nb.nullspace(nb.matmul(inst.Y, nb.transpose(inst.X)))
    rng = random.Random(5)
    ls = Landscape(inst)
    sets = fam.enumerate_index_sets(widths[1], widths[2])
    for _ in range(4):
        I = rng.choice(sets)
        W, G, L = fam.random_member(inst, U, I, Kb, rng)
        assert ls.gradient_vector(W) == [0] * inst.n_params
        assert fam.which_family(inst, U, W) == I
    # a non-critical point is in no family
    W = inst.unflatten([Fraction(rng.randint(-3, 3), 2) for _ in range(inst.n_params)])
    assert ls.gradient_vector(W) != [0] * inst.n_params
    assert fam.which_family(inst, U, W) is None


def test_symbolic_proof_catches_wrong_eigen_data():
    inst = rational_spectrum_instance((3, 2, 2), seed=0)
    U, lam = fam.rational_eigendata(inst)
    Kb = nb.nullspace(nb.matmul(inst.Y, nb.transpose(inst.X)))
    I = (1,)
    good = fam.Family(I, 1, (1, len(Kb)), False, fam.family_point(inst, U, I))
    fam._prove_family(inst, U, lam, good, Kb)
    assert not good.problems and good.neg_proof
    wrong = fam.Family(I, 1, (1, len(Kb)), False, fam.family_point(inst, U, I))
    fam._prove_family(inst, U, [lam[0] + 1, lam[1]], wrong, Kb)   # a wrong eigenvalue
    assert wrong.problems
    # a point off the critical set: perturbed eigenvector -> gradient not identically zero
    U2 = [row[:] for row in U]
    U2[0][1] += Fraction(1, 2)
    off = fam.Family(I, 1, (1, len(Kb)), False, fam.family_point(inst, U2, I))
    fam._prove_family(inst, U2, lam, off, Kb)
    assert any("gradient" in p for p in off.problems)


def test_family_count_formula():
    assert [fam.expected_family_count(d1, 3) for d1 in (1, 2, 3, 4)] == [4, 7, 8, 8]
    for d1 in range(1, 4):
        for dy in range(1, 4):
            sets = fam.enumerate_index_sets(d1, dy)
            assert len(sets) == len(set(sets)) == fam.expected_family_count(d1, dy)


def test_orbit_invariance_identity():
    assert fam.orbit_invariance_checked(2, 3, 2)


def test_generic_instance_families_proved_exactly():
    from exactland.instance import random_instance
    for w in fam.GENERIC_SHAPES:
        a = fam.analyze_generic_instance(random_instance(w, m=w[0] + 2, seed=0))
        assert not a["problems"]
        assert len(a["families"]) == fam.expected_family_count(w[1], w[2])
        for f in a["families"]:
            assert f.ok, f.problems
            assert f.cls == ("global_min" if f.is_global else "strict_saddle")
    # a generic instance where L-parameters exist
    assert any(w[0] > w[2] for w in fam.GENERIC_SHAPES)


def test_generic_proof_fails_for_wrong_eigenvalue_relation(monkeypatch):
    """If the eigenvalue symbols satisfy the wrong polynomial, the identities must not reduce to 0."""
    from exactland.instance import random_instance
    real_charpoly = nb.charpoly

    def shifted(a):
        c = real_charpoly(a)
        return c[:-1] + [c[-1] + Fraction(1, 3)]

    inst = random_instance((3, 2, 2), m=5, seed=0)
    monkeypatch.setattr(fam.nb, "charpoly", shifted)
    a = fam.analyze_generic_instance(inst)
    assert not a["problems"]   # the shifted polynomial is still square-free with real roots
    assert any(any("gradient" in p for p in f.problems) for f in a["families"])
    assert all(not f.ok for f in a["families"] if f.I)
