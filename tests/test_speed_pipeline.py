"""The shortcuts that make solve()'s fixed costs small must give the same answers as the general
routes they bypass (fast msolve parsing, conjugate comparison, ball-based root counting, caches,
exact box centres).  No timings are asserted here."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from exactland import kernel
from exactland.instance import Instance, random_instance, random_regularized_instance
from exactland.landscape import Landscape
from exactland.numeric.certify import _exact_loss, certify_point
from exactland.solve import find_msolve, solve
from exactland.solve import critical_values as cv
from exactland.solve import msolve as ms
from exactland.solve import points as P
from exactland.solve import realroots as rr
from exactland.solve.system import gradient_system

needs_msolve = pytest.mark.skipif(find_msolve() is None, reason="msolve binary not installed")


# --- msolve output parsing --------------------------------------------------------------------------

@needs_msolve
@pytest.mark.parametrize("widths, reg", [((1, 1, 1), True), ((2, 1, 2), True), ((1, 2, 1), True),
                                         ((2, 1, 2), False), ((1, 1, 1), False)])
def test_fast_parse_matches_the_general_parser_on_real_msolve_output(widths, reg):
    inst = (random_regularized_instance if reg else random_instance)(widths, m=3, seed=2)
    text = ms.run(gradient_system(inst).to_msolve())
    assert ms.parse_output(text) == ms._parse_general(text)


@pytest.mark.parametrize("text", [
    "[-1]:",
    "[1, 3, -1, []]:",
    # finite, with a rational coefficient in the parametrization: JSON does not read it, the general parser does
    "[0, [0, 1, 1, ['x'], [1], [1, [[1, [-3/4, 1]], [0, [1]], []]]], [[1 / 2^1, 1 / 2^0]]]:",
    # finite, integer parametrization (the fast route)
    "[0, [0, 2, 2, ['x', 'y'], [0, 1], [1, [[2, [-2, 0, 1]], [1, [0, 2]], [[[1, [0, 3]], 5]]]]], "
    "[[[1 / 2^1, 3 / 2^1], [5 / 2^2, 6 / 2^2]]]]:",
])
def test_fast_parse_matches_the_general_parser_on_every_shape(text):
    assert ms.parse_output(text) == ms._parse_general(text)


def test_fast_parse_reads_the_integer_case_itself(monkeypatch):
    text = ("[0, [0, 2, 2, ['x', 'y'], [0, 1], [1, [[2, [-2, 0, 1]], [1, [0, 2]], [[[1, [0, 3]], 5]]]]], "
            "[[[1 / 2^1, 3 / 2^1], [5 / 2^2, 6 / 2^2]]]]:")
    expected = ms._parse_general(text)
    monkeypatch.setattr(ms, "_parse_general", lambda t: pytest.fail("fell back to the general parser"))
    assert ms.parse_output(text) == expected


def test_fast_parse_raises_what_the_general_parser_raises():
    bad = "[0, [0, 1, 1, ['x'], [1], [1, [[3, [1, 1]], [0, [1]], []]]]]:"  # degree 3, two coefficients
    with pytest.raises(ValueError) as general:
        ms._parse_general(bad)
    with pytest.raises(ValueError) as fast:
        ms.parse_output(bad)
    assert str(fast.value) == str(general.value)


# --- exact comparison of conjugate algebraic numbers -------------------------------------------------

def test_conjugate_comparison_agrees_with_full_root_isolation():
    rng = random.Random(5)
    f = [Fraction(c) for c in (1, 0, -10, 0, 1)]  # x^4 − 10x^2 + 1: roots ±√2 ± √3, irreducible
    assert len(rr.squarefree_factors(f)) == 1
    roots = rr.real_roots_of(f)
    assert len(roots) == 4
    nums = [P.AlgebraicNumber(f, lo, hi) for _, lo, hi in roots]
    for _ in range(20):
        i, j = rng.randrange(len(nums)), rng.randrange(len(nums))
        a = P.AlgebraicNumber(f, nums[i].lo, nums[i].hi)
        b = P.AlgebraicNumber(f, nums[j].lo, nums[j].hi)
        assert P._compare_conjugates(a, b) == (i > j) - (i < j)


def test_conjugate_comparison_of_overlapping_intervals():
    f = [Fraction(-2), Fraction(0), Fraction(1)]  # ±√2
    a = P.AlgebraicNumber(f, Fraction(1), Fraction(2))
    b = P.AlgebraicNumber(f, Fraction(13, 10), Fraction(3))  # the same root, another interval
    c = P.AlgebraicNumber(f, Fraction(-2), Fraction(0))
    assert P.compare(a, b) == 0 and P.compare(b, a) == 0
    assert P.compare(c, a) == -1 and P.compare(a, c) == 1
    # intervals overlapping without sharing the root: refinement separates them
    d = P.AlgebraicNumber(f, Fraction(-3, 2), Fraction(1, 2))   # holds −√2 only
    e = P.AlgebraicNumber(f, Fraction(0), Fraction(3, 2))       # holds +√2 only
    assert P.compare(d, e) == -1 and P.compare(e, d) == 1


# --- root counting by balls vs Descartes ---------------------------------------------------------------

def test_quick_count_agrees_with_descartes():
    rng = random.Random(7)
    polys = [[Fraction(-2), 0, 1], [Fraction(-7), 0, 3, 0, -5, 1], [Fraction(1), -3, 0, 1]]
    polys = [[Fraction(c) for c in q] for q in polys]
    checked = 0
    for q in polys:
        for _ in range(200):
            a = Fraction(rng.randint(-400, 400), rng.randint(1, 100))
            b = a + Fraction(rng.randint(1, 400), rng.randint(1, 1000))
            quick = cv._quick_count(q, a, b)
            if quick is not None:
                checked += 1
                assert quick == cv.descartes_count(q, a, b)
    assert checked > 300


# --- caches -----------------------------------------------------------------------------------------

def test_flint_poly_cache_sees_mutation():
    p = [Fraction(-2), Fraction(0), Fraction(1)]
    assert rr.sign_at(p, Fraction(1)) == -1
    p[0] = Fraction(2)  # now x^2 + 2 > 0 everywhere
    assert rr.sign_at(p, Fraction(1)) == 1


def test_gradient_system_cache_sees_mutation():
    inst = random_regularized_instance((1, 1, 1), m=2, seed=3)
    s1 = gradient_system(inst)
    assert gradient_system(inst) is s1
    inst.Y[0][0] += 1
    s2 = gradient_system(inst)
    assert s2 is not s1 and s2.loss != s1.loss
    fresh = gradient_system(Instance(inst.model, [list(r) for r in inst.X], [list(r) for r in inst.Y],
                                     inst.loss, inst.regularization))
    assert fresh.loss == s2.loss


# --- exact loss and exact box centres ------------------------------------------------------------------

@pytest.mark.parametrize("widths", [(2, 1, 2), (2, 1, 1, 2), (1, 3, 2)])
def test_exact_loss_equals_landscape(widths):
    rng = random.Random(11)
    for inst in (random_regularized_instance(widths, m=3, seed=1), random_instance(widths, m=2, seed=2)):
        th = [Fraction(rng.randint(-10 ** 20, 10 ** 20), 2 ** rng.randint(0, 90)) for _ in range(inst.n_params)]
        assert _exact_loss(inst, th) == Landscape(inst).loss(th)


@needs_msolve
def test_box_points_are_certified_and_kernel_checked():
    inst = random_regularized_instance((2, 1, 2), m=3, seed=0)
    res = solve(inst, backend="msolve", method="raw")
    boxes = [p for p in res.points if p.certificate and p.certificate.get("kernel") == "interval"]
    assert boxes
    for p in boxes:
        assert kernel.verify(p.certificate)[0]
        centre, r = P.box_of(p.certificate)
        enc = P.point_enclosure(p)
        assert all(c - r < a and b < c + r for (a, b), c in zip(enc, centre))


def test_certify_point_with_an_exact_centre():
    from exactland.numeric.core import random_deep_linear
    inst = random_deep_linear((2, 2, 2), m=4, seed=0, reg="4")
    res = certify_point(inst, [0.0] * inst.n_params, center=[Fraction(0)] * inst.n_params)
    assert res.certified and res.cls == "local_min" and kernel.verify(res.certificate)[0]
    with pytest.raises(ValueError):
        certify_point(inst, [0.0] * inst.n_params, center=[Fraction(0)])


@needs_msolve
def test_mirrored_boxes_are_rechecked_by_the_kernel():
    from exactland.numeric.certify import mirrored
    inst = random_regularized_instance((2, 1, 2), m=3, seed=0)
    res = solve(inst, backend="msolve", method="raw")
    pt = next(p for p in res.points if p.certificate and p.certificate.get("kernel") == "interval")
    cr = certify_point(inst, [float(x) for x in P.box_of(pt.certificate)[0]])
    assert cr.certified
    flip = P._flip_signs(inst, 1)  # the hidden unit's sign: a symmetry of the loss
    good = mirrored(inst, cr, flip)
    assert good is not None and kernel.verify(good.certificate)[0]
    mant = cr.certificate["center"]["mantissas"]
    assert good.certificate["center"]["mantissas"] == [s * m for s, m in zip(flip, mant)]
    # flipping one weight alone is no symmetry: the flipped box holds no critical point, the kernel says no
    assert mirrored(inst, cr, [-1] + [1] * (inst.n_params - 1)) is None
    # every point of the solve is covered by its own kernel-valid box, pairwise disjoint
    assert all(kernel.verify(p.certificate)[0] for p in res.points) and P.boxes_disjoint(res.points)


def test_speculated_origin_verdict_equals_a_fresh_classification():
    from exactland.classify import classify
    inst = random_regularized_instance((2, 1, 2), m=3, seed=4)
    P.speculate_origin(inst, seed=3)
    zero = [Fraction(0)] * inst.n_params
    assert P._speculated(inst, [Fraction(1)] + zero[1:], 3) is None  # not the origin: not taken
    got = P._speculated(inst, zero, 3)
    fresh = classify(inst, inst.unflatten(zero), seed=3)
    assert got is not None
    assert (got.cls, got.certificate, got.inertia) == (fresh.cls, fresh.certificate, fresh.inertia)
    assert kernel.verify(got.certificate)[0]
    assert P._speculated(inst, zero, 3) is None  # used once
    P.speculate_origin(inst, seed=3)
    inst.Y[0][0] += 1  # a changed instance never gets the stale verdict
    assert P._speculated(inst, zero, 3) is None
