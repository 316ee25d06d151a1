"""`exactland check kawaguchi2016 --enumerate`: the whole critical set of small instances, found by
solving ∇L = 0 exactly, against Theorem 2.3 (ii)–(iii) and Corollary 2.4.

Expected values here are computed independently of the module (closed forms for scalar chains,
the product and gauge identities recomputed with plain rational arithmetic)."""

from __future__ import annotations

import random
from fractions import Fraction
from math import comb

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from exactland import kernel
from exactland import numbers as nb
from exactland.instance import DeepLinear, Instance, SquaredLoss
from exactland.theorems import kawaguchi2016_enumerate as en

fracs = st.fractions(min_value=-4, max_value=4, max_denominator=3)


def _scalar_chain(H: int, x, y) -> Instance:
    """(1, …, 1) with H hidden layers; X = x, Y = y (1 × m)."""
    return Instance(DeepLinear((1,) * (H + 2)), [list(x)], [list(y)], SquaredLoss(Fraction(1, 2)))


def _prod(W):
    P = W[0]
    for w in W[1:]:
        P = nb.matmul(w, P)
    return P


# --- gauge fixing covers every point ----------------------------------------------------------------

def test_strata_count_is_product_of_rcef_counts():
    for widths in ((2, 2, 2), (2, 1, 1, 2), (1, 2, 2, 1), (3, 2, 2, 2)):
        expected = 1
        for k in range(1, len(widths) - 1):   # W_{k+1} is d_{k+1} × d_k
            r, c = widths[k + 1], widths[k]
            expected *= sum(comb(r, rho) for rho in range(min(r, c) + 1))
        assert len(en.strata(widths)) == expected


@settings(max_examples=40, deadline=None)
@given(st.sampled_from([(2, 2, 2), (2, 1, 1, 2), (1, 2, 2, 1), (3, 2, 2, 2), (2, 2, 1, 2)]),
       st.integers(0, 10 ** 6), st.integers(0, 7))
def test_normal_form_lands_in_a_stratum(widths, seed, mask):
    rng = random.Random(seed)
    W = [[[Fraction(rng.randint(-3, 3), rng.randint(1, 2)) for _ in range(c)] for _ in range(r)]
         for r, c in zip(widths[1:], widths[:-1])]
    for k in range(len(W)):  # rank-deficient layers too: zero some columns
        if mask >> k & 1:
            for row in W[k]:
                row[0] = Fraction(0)
    V, pattern, Gs = en.normal_form(W)
    assert pattern in en.strata(widths)
    for k, piv in enumerate(pattern, start=1):
        for i, row in enumerate(V[k]):
            for j, x in enumerate(row):
                e = en.rcef_entry(piv, i, j)
                assert e is None or x == e
    assert _prod(V) == _prod(W)
    H = len(W) - 1
    for j in range(H + 1):  # V_{j+1} = G_{j+1} W_{j+1} G_j⁻¹
        left = Gs[j + 1] if j + 1 <= H else nb.identity(widths[-1])
        right = nb.inverse(Gs[j]) if j >= 1 else nb.identity(widths[0])
        assert V[j] == nb.matmul(nb.matmul(left, W[j]), right)


# --- scalar chains: critical values against closed forms -------------------------------------------

@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 2), st.lists(st.tuples(fracs, fracs), min_size=1, max_size=3))
def test_scalar_chain_enumeration(depth, data):
    x = [a for a, _ in data]
    y = [b for _, b in data]
    xy = sum(a * b for a, b in data)
    xx = sum(a * a for a in x)
    assume(xx != 0 and xy != 0)
    inst = _scalar_chain(depth, x, y)
    rep = en.enumerate_instance(inst)
    assert not rep.problems and not rep.unresolved
    yy = sum(b * b for b in y)
    opt = Fraction(1, 2) * (yy - xy * xy / xx)
    values = {o.value.rational for o in rep.outcomes}
    assert values == {opt, Fraction(1, 2) * yy}
    for o in rep.outcomes:
        assert o.is_global == (o.value.rational == opt)
        if not o.is_global:
            assert o.cls in ("strict_saddle", "non_strict_saddle")
    bad = [o for o in rep.outcomes if o.cls == "non_strict_saddle"]
    # H = 1: none; H = 2: exactly the origin (every other non-global point has a negative eigenvalue)
    assert len(bad) == (depth - 1)
    if bad:
        assert bad[0].certificate["point"]["W"] == [[["0"]]] * 3
        assert kernel.verify(bad[0].certificate)[0]
    rows = en.enumerate_claims(instances=[inst])
    assert [r.status for r in rows][:2] == ["held", "held"]


def test_xy2_case_split_on_the_line_a_eq_b_eq_0():
    inst = _scalar_chain(2, [Fraction(1), Fraction(2)], [Fraction(1), Fraction(1, 2)])
    rep = en.enumerate_instance(inst)
    assert not rep.problems and not rep.unresolved
    fams = [o for o in rep.outcomes if o.kind == "family"]
    assert fams and all(o.cls == "strict_saddle" for o in fams)
    assert any(o.extra_nonzero for o in fams)          # the piece was split where h_ij vanishes
    origin = [o for o in rep.outcomes if o.kind == "point" and o.inertia == (0, 0, 3)]
    assert len(origin) == 1 and origin[0].cls == "non_strict_saddle"


# --- the rows on seeded instances -------------------------------------------------------------------

def test_family_with_ker_YXt_and_spot_checks():
    inst = en.seeded_instances(0, [((2, 1, 1), 3)])[0]
    rep = en.enumerate_instance(inst)
    assert not rep.problems and not rep.unresolved
    fam = [o for o in rep.outcomes if o.kind == "family"]
    assert fam and fam[0].cls == "strict_saddle" and fam[0].piece.dim == 1
    assert any("family member" in s and "kernel valid" in s for s in rep.spot_checks)
    for c in rep.certificates:
        assert kernel.verify(c)[0]


def test_conjugate_components_are_separated():
    """(2, 2, 1, 2): a family whose loss is either root of one irreducible quadratic — the optimum and a
    saddle value — decided per real root by exact signs."""
    inst = en.seeded_instances(0, [((2, 2, 1, 2), 3)])[0]
    rep = en.enumerate_instance(inst)
    assert not rep.problems and not rep.unresolved
    conj = [o for o in rep.outcomes if o.kind == "family" and o.value is not None and o.value.rational is None]
    assert {o.is_global for o in conj} == {True, False}
    assert all(o.cls == "strict_saddle" for o in conj if not o.is_global)


# --- tampering is caught ----------------------------------------------------------------------------

def test_wrong_optimum_fails():
    inst = en.seeded_instances(0, [((2, 1, 1), 3)])[0]
    true = en.global_optimum(inst).rational
    for wrong in (true + 1, true - 1, Fraction(1, 2) * nb.frob2(inst.Y)):
        rows = en.enumerate_claims(instances=[inst], optimum_override=lambda _i, w=wrong: w)
        assert rows[0].status == "failed", wrong
    assert en.enumerate_claims(instances=[inst])[0].status == "held"


def test_without_family_proofs_rows_are_not_held(monkeypatch):
    inst = en.seeded_instances(0, [((2, 1, 1), 3)])[0]
    monkeypatch.setattr(en, "vanishes_on", lambda *a, **k: False)
    rows = en.enumerate_claims(instances=[inst])
    assert rows[0].status == "inconclusive" and rows[1].status == "inconclusive"


def test_check_all_accepts_enumerate_and_others_refuse():
    import inspect
    from exactland import theorems
    from exactland.theorems import kawaguchi2016
    assert "enumerate" in inspect.signature(kawaguchi2016.check_all).parameters
    with pytest.raises(ValueError, match="does not support --enumerate"):
        theorems.check("elimination", enumerate=True)


@pytest.mark.slow
def test_enumerate_rows_all_held():
    rows = en.enumerate_claims(seed=0)
    assert [r.name for r in rows] == ["enumerate_theorem_2_3_ii", "enumerate_theorem_2_3_iii",
                                      "enumerate_theorem_2_3_iv", "enumerate_corollary_2_4"]
    for r in rows:
        assert r.status == "held", (r.name, r.summary)
        assert r.hypotheses_hold
    for c in rows[1].certificates:
        assert kernel.verify(c)[0]


@pytest.mark.slow
def test_cli_enumerate_json():
    import json
    import subprocess
    import sys
    out = subprocess.run([sys.executable, "-m", "exactland", "check", "kawaguchi2016", "--enumerate", "--json"],
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    rep = json.loads(out.stdout)
    names = {c["name"]: c["status"] for c in rep["claims"]}
    for n in ("enumerate_theorem_2_3_ii", "enumerate_theorem_2_3_iii", "enumerate_theorem_2_3_iv",
              "enumerate_corollary_2_4"):
        assert names[n] == "held"


def test_a_non_global_local_min_would_fail_the_rows(monkeypatch):
    """The row logic: were a non-global piece a local minimum, (ii) and (iii) fail with it named."""
    inst = _scalar_chain(1, [Fraction(1), Fraction(2)], [Fraction(1), Fraction(1, 2)])
    real = en._classify_point

    def forged(*args, **kw):
        oc, pt = real(*args, **kw)
        if not oc.is_global:
            oc.cls = "local_min"
        return oc, pt
    monkeypatch.setattr(en, "_classify_point", forged)
    rows = en.enumerate_claims(instances=[inst])
    assert rows[0].status == "failed" and "non-global local minimum" in rows[0].summary
    assert rows[1].status == "failed"


def test_regularized_instance_is_refused():
    from exactland import Tikhonov
    inst = _scalar_chain(1, [Fraction(1)], [Fraction(1)])
    reg = Instance(inst.model, inst.X, inst.Y, inst.loss, Tikhonov(([[Fraction(1)]], [[Fraction(1)]])))
    with pytest.raises(ValueError, match="unregularized"):
        en.enumerate_instance(reg)


def test_a_psd_saddle_with_full_rank_middle_would_fail_iv_and_corollary(monkeypatch):
    """H = 1 (W_H⋯W_2 = I, rank p): a non-global point without a negative eigenvalue contradicts both
    Theorem 2.3 (iv) and Corollary 2.4 — forged here to see the rows fail."""
    inst = _scalar_chain(1, [Fraction(1), Fraction(2)], [Fraction(1), Fraction(1, 2)])
    real = en._classify_point

    def forged(*args, **kw):
        oc, pt = real(*args, **kw)
        if not oc.is_global:
            oc.cls, oc.negative_eigenvalue = "non_strict_saddle", False
        return oc, pt
    monkeypatch.setattr(en, "_classify_point", forged)
    rows = {r.name: r for r in en.enumerate_claims(instances=[inst])}
    assert rows["enumerate_theorem_2_3_iv"].status == "failed"
    assert rows["enumerate_corollary_2_4"].status == "failed"
    assert rows["enumerate_theorem_2_3_ii"].status == "held"   # a saddle is still not a local min


@pytest.mark.parametrize("widths", [(3, 1, 2), (3, 2, 1, 2)])
def test_every_constructed_critical_point_lies_in_an_enumerated_piece(widths):
    """Cross-check against the paper-based constructions of kawaguchi2016.critical_points (gauged eigen
    points, thin/full variants): the gauge normal form of each lies in exactly one enumerated piece, and
    the piece's class agrees with classify's kernel-checked verdict at the point."""
    from exactland.classify import classify
    from exactland.theorems import kawaguchi2016 as K
    pts = [(label, inst, W) for label, inst, W in K.critical_points(0)
           if inst.model.widths == widths and "rational-spectrum" in label]
    assert pts
    rep = en.enumerate_instance(pts[0][1])
    assert not rep.problems and not rep.unresolved
    match = {"global": "global_min", "strict_saddle": "strict_saddle", "non_strict_saddle": "non_strict_saddle"}
    for label, inst, W in pts:
        assert inst is pts[0][1]
        o = en.locate(rep, W)
        assert o is not None, label
        assert match[o.cls] == classify(inst, W).cls, label
    if len(widths) == 4:  # H = 2: a family of saddles whose Hessian vanishes identically (the "thin" points)
        flat = [o for o in rep.outcomes if o.kind == "family" and o.cls == "non_strict_saddle"]
        assert flat and all(o.negative_eigenvalue is False and o.middle_rank_deficient for o in flat)
