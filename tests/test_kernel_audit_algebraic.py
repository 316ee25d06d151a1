"""Adversarial audit of the trusted "algebraic" checker (exactland.kernel.algebraic).

Every certificate here is hand-made (not produced by exactland.solve), so the tests exercise what
the checker accepts for *any* input, not only for our generator's output.  Each forgery states
the false claim it tries to prove; each accepted certificate states why its claim is true.
Independent references: sympy's exact real-root counting, and congruences P·diag(d)·Pᵀ whose
inertia is known by Sylvester's law.
"""

from __future__ import annotations

import copy
import random
from fractions import Fraction

import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

from exactland import kernel
from exactland.kernel import algebraic as ak

T = sp.symbols("T")

# L(a, b) = ½(ab − 2)² + (a² + b²)/4: critical points 0 (saddle) and a = b = ±√(3/2) (strict minima)
SCALAR = {"model": {"kind": "deep_linear", "widths": [1, 1, 1]}, "data": {"X": [["1"]], "Y": [["2"]]},
          "regularization": {"kind": "tikhonov", "weights": [[["1/4"]], [["1/4"]]]}}
# L(a, b) = ½(ab)²: the axes ab = 0 are a continuum of degenerate critical points
FLAT = {"model": {"kind": "deep_linear", "widths": [1, 1, 1]}, "data": {"X": [["1"]], "Y": [["0"]]}}


def _cert(inst, claim, minpoly, interval, numerators, inertia=None, **extra):
    c = {"exactland_certificate": 1, "kernel": "algebraic", "claim": claim, "instance": copy.deepcopy(inst),
         "point": {"minpoly": [str(x) for x in minpoly], "interval": [str(x) for x in interval],
                   "numerators": [[str(x) for x in v] for v in numerators]}}
    if inertia is not None:
        c["inertia"] = list(inertia)
    c.update(extra)
    return c


def _coeffs(expr):
    """Coefficients of a sympy polynomial in T as strings, lowest degree first."""
    return [str(c) for c in reversed(sp.Poly(expr, T).all_coeffs())]


@pytest.fixture
def honest():
    return _cert(SCALAR, "local_min", ["-3/2", 0, 1], [1, 2], [[0, 1], [0, 1]], [2, 0, 0])


def test_honest_hand_made_certificate_and_its_mirror_verify(honest):
    assert kernel.verify(honest) == (True, "valid")
    mirror = copy.deepcopy(honest)
    mirror["point"]["interval"] = ["-2", "-1"]  # a = b = −√(3/2) is the other minimum
    assert kernel.verify(mirror) == (True, "valid")


# --- forgeries: each tries to prove something false ----------------------------------------------------

def test_forged_non_critical_point_is_refused(honest):
    # false claim: (√(3/2), −√(3/2)) is a critical point (∂L/∂a = (ab − 2)b + a/2 ≠ 0 there)
    bad = copy.deepcopy(honest)
    bad["point"]["numerators"][1] = ["0", "-1"]
    bad["claim"] = "critical_point"
    bad.pop("inertia")
    ok, why = kernel.verify(bad)
    assert not ok and "gradient" in why


def test_gradient_is_checked_at_the_isolated_root_not_another_root():
    # f = (T² − 3/2)(T² − 5): the coordinates a = b = T are critical at ±√(3/2) but not at √5;
    # isolating √5 (interval (2, 3)) must be refused, isolating √(3/2) is refused too because the
    # checker demands the gradient vanish modulo f (at every root) — sound, merely conservative.
    f = _coeffs((T ** 2 - sp.Rational(3, 2)) * (T ** 2 - 5))
    for interval in ([2, 3], [1, 2]):
        ok, why = kernel.verify(_cert(SCALAR, "critical_point", f, interval, [[0, 1], [0, 1]]))
        assert not ok and "gradient" in why


def test_class_is_decided_at_the_isolated_root():
    # f = T(T² − 3/2) and a = b = T: every root of f gives a critical point (0: the saddle, ±√(3/2): the
    # minima), so the gradient check passes for every interval — the class must follow the interval
    f = _coeffs(T * (T ** 2 - sp.Rational(3, 2)))
    at = {"saddle": [-1, 1], "min+": [1, 2], "min-": [-2, -1]}
    for name, interval in at.items():
        for claim, inertia in (("local_min", [2, 0, 0]), ("strict_saddle", [1, 1, 0])):
            ok, why = kernel.verify(_cert(SCALAR, claim, f, interval, [[0, 1], [0, 1]], inertia))
            assert ok == ((name == "saddle") == (claim == "strict_saddle")), (name, claim, why)


def test_saddle_cannot_be_claimed_a_minimum():
    # the origin of SCALAR is a strict saddle (Hessian [[1/2, −2], [−2, 1/2]]); claim it is a local min
    for inertia in ([2, 0, 0], [1, 1, 0], [0, 2, 0]):
        ok, why = kernel.verify(_cert(SCALAR, "local_min", [0, 1], [-1, 1], [[0], [0]], inertia))
        assert not ok
    assert kernel.verify(_cert(SCALAR, "strict_saddle", [0, 1], [-1, 1], [[0], [0]], [1, 1, 0]))[0]


def test_minimum_cannot_be_claimed_a_saddle_or_maximum(honest):
    for claim, inertia in (("strict_saddle", [1, 1, 0]), ("local_max", [0, 2, 0]), ("local_max", [2, 0, 0]),
                           ("local_min", [2, 0, 1]), ("local_min", [1, 0, 1]), ("local_min", [2, 0])):
        bad = copy.deepcopy(honest)
        bad["claim"], bad["inertia"] = claim, inertia
        assert not kernel.verify(bad)[0], (claim, inertia)


def test_isolation_needs_exactly_one_simple_root(honest):
    cases = {
        "double root (f = (T² − 3/2)²)": dict(minpoly=_coeffs((T ** 2 - sp.Rational(3, 2)) ** 2)),
        "no root in the interval": dict(interval=["3", "4"]),
        "two roots in the interval": dict(interval=["-2", "2"]),
        "endpoint is a root": dict(minpoly=["-1", "0", "1"], interval=["1", "2"]),
        "reversed interval": dict(interval=["2", "1"]),
        "empty interval": dict(interval=["1", "1"]),
        "constant polynomial": dict(minpoly=["3"]),
        "zero polynomial": dict(minpoly=["0", "0"]),
    }
    for name, change in cases.items():
        bad = copy.deepcopy(honest)
        bad["point"].update(change)
        assert not kernel.verify(bad)[0], name


def test_denominator_vanishing_at_alpha_is_refused(honest):
    # D ≡ 0 mod f: x = v/D is undefined; with D = f the rescaled gradient is trivially 0 mod f
    bad = copy.deepcopy(honest)
    bad["point"]["denominator"] = ["-3/2", "0", "1"]
    bad["point"]["numerators"] = [["0"], ["0"]]
    ok, why = kernel.verify(bad)
    assert not ok and "denominator" in why
    # D = 2^-200 + T² − 3/2 is non-zero at α but needs more than 8 bits to see it: refused (sound)
    eps = Fraction(1, 2 ** 200)
    tiny = copy.deepcopy(honest)
    tiny["point"]["denominator"] = [str(Fraction(-3, 2) + eps), "0", "1"]
    tiny["point"]["numerators"] = [["0", str(eps)], ["0", str(eps)]]  # v = εT ≡ D·T (mod f)
    tiny["precision_bits"] = 8
    assert not kernel.verify(tiny)[0]
    tiny["precision_bits"] = 400  # with enough precision D(α) = ε ≠ 0 is proved: x = v/D = T (true)
    assert kernel.verify(tiny) == (True, "valid")


def test_bad_exact_numbers_are_refused(honest):
    edits = [
        lambda c: c["point"]["numerators"][0].__setitem__(1, 1.0),
        lambda c: c["point"]["numerators"][0].__setitem__(1, True),
        lambda c: c["point"]["minpoly"].__setitem__(0, -1.5),
        lambda c: c["point"].__setitem__("interval", [1, 2.0]),
        lambda c: c["point"].__setitem__("interval", ["1", "2", "3"]),
        lambda c: c["point"]["numerators"].pop(),
        lambda c: c.__setitem__("precision_bits", 4),
        lambda c: c.__setitem__("inertia", ["2", 0, 0]),
        lambda c: c.__setitem__("claim", "global_min"),
        lambda c: c["instance"]["model"].__setitem__("kind", "relu"),
        lambda c: c["instance"].__setitem__("loss", {"kind": "hinge"}),
        lambda c: c.__setitem__("loss", ["1/2"]),  # stated loss value is not L(x(α)) = 7/8
    ]
    for i, edit in enumerate(edits):
        bad = copy.deepcopy(honest)
        edit(bad)
        assert not kernel.verify(bad)[0], i


def test_degenerate_points_go_through_the_exact_inertia():
    # FLAT at (α, 0), α = √2 a root of f = T³ − 2T (0 is another root): Hessian [[0, 0], [0, 2]]
    f = _coeffs(T ** 3 - 2 * T)
    assert kernel.verify(_cert(FLAT, "critical_point", f, [1, 2], [[0, 1], [0]], [1, 0, 1]))[0]
    for inertia in ([2, 0, 0], [1, 0, 0], [0, 1, 1], [1, 1, 0]):
        assert not kernel.verify(_cert(FLAT, "critical_point", f, [1, 2], [[0, 1], [0]], inertia))[0]
    # a singular Hessian never entails a strict class
    for claim in ("local_min", "local_max", "strict_saddle"):
        assert not kernel.verify(_cert(FLAT, claim, f, [1, 2], [[0, 1], [0]], [1, 0, 1]))[0]
    # the origin: Hessian 0, α = 0 found exactly by bisection
    assert kernel.verify(_cert(FLAT, "critical_point", f, [-1, 1], [[0, 1], [0]], [0, 0, 2]))[0]
    # the exact fallback needs a square-free f: a repeated factor elsewhere is refused, not misjudged
    g = _coeffs((T ** 3 - 2 * T) * (T - 5) ** 2)
    ok, why = kernel.verify(_cert(FLAT, "critical_point", g, [1, 2], [[0, 1], [0]], [1, 0, 1]))
    assert not ok and "square-free" in why


# --- property tests of the exact primitives against independent references ---------------------------

@given(st.lists(st.integers(-4, 4), min_size=1, max_size=3), st.lists(st.integers(-3, 3), min_size=1, max_size=2),
       st.integers(-12, 12), st.integers(1, 12), st.integers(1, 4))
@settings(max_examples=60, deadline=None)
def test_isolation_matches_sympy_root_count(roots, mult, lo_num, width, den):
    # f = Π (T − r_i)^m_i · (T² − 2): whenever Field accepts (lo, hi), sympy counts exactly one
    # distinct real root there and it is simple
    expr = (T ** 2 - 2) * sp.prod([(T - sp.Rational(r, 2)) ** (abs(m) + 1) for r, m in zip(roots, mult)])
    f = [Fraction(c) for c in _coeffs(expr)]
    lo, hi = Fraction(lo_num, den), Fraction(lo_num + width, den)
    poly = sp.Poly(expr, T)
    try:
        ak.Field(f, lo, hi)
    except kernel.Invalid:
        return
    inside = [r for r, m in sp.roots(poly, multiple=False).items() if r.is_real and lo < r < hi]
    assert len(inside) == 1
    assert sp.roots(poly, multiple=False)[inside[0]] == 1


@given(st.sampled_from([2, 3, 5, 7]), st.integers(-9, 9), st.integers(-9, 9), st.booleans(), st.integers(0, 10 ** 6))
@settings(max_examples=60, deadline=None)
def test_sign_in_Q_alpha_is_exact(k, a, b, vanish, seed):
    # α = √k isolated in (1, 3) as a root of f = (T² − k)(T + 7)(T − 11); sign(a + b√k) is known exactly,
    # and p = (T² − k)·h must get sign 0 although p ≢ 0 mod f (the gcd path)
    rng = random.Random(seed)
    f = [Fraction(c) for c in _coeffs((T ** 2 - k) * (T + 7) * (T - 11))]
    F = ak.Field(f, Fraction(1), Fraction(3), squarefree=True)
    if vanish:
        h = sum(rng.randint(-3, 3) * T ** i for i in range(3)) + 1
        p = [Fraction(c) for c in _coeffs(sp.expand((T ** 2 - k) * h))] if h != 0 else []
        assert F.sign(p) == 0
    else:
        exact = sp.sign(a + b * sp.sqrt(k))
        assert F.sign([Fraction(a), Fraction(b)]) == exact


@given(st.sampled_from([2, 3, 5, 7]), st.integers(-20, 20), st.integers(-20, 20), st.integers(8, 200))
@settings(max_examples=60, deadline=None)
def test_enclosure_of_an_element_contains_it(k, a, b, bits):
    # Field.enclose(a + bT) at α = √k must contain a + b√k: decided exactly by comparing squares
    f = [Fraction(-k), Fraction(0), Fraction(1)]
    F = ak.Field(f, Fraction(1), Fraction(3))
    F.refine(bits)
    lo, hi = F.enclose([Fraction(a), Fraction(b)])
    assert _below(lo, a, b, k) and _above(hi, a, b, k)


def _below(q, a, b, k):
    """q ≤ a + b√k, exactly (k not a square)."""
    d = q - a  # ⇔ d ≤ b√k
    return (d <= 0 and (b >= 0 or d * d >= b * b * k)) or (d > 0 and b > 0 and d * d <= b * b * k)


def _above(q, a, b, k):
    """q ≥ a + b√k, exactly."""
    d = q - a  # ⇔ d ≥ b√k
    return (d >= 0 and (b <= 0 or d * d >= b * b * k)) or (d < 0 and b < 0 and d * d <= b * b * k)


@given(st.integers(1, 4), st.integers(0, 10 ** 6))
@settings(max_examples=25, deadline=None)
def test_exact_inertia_by_congruence(n, seed):
    # A = P·diag(d)·Pᵀ with P rational invertible and d_i = u_i + w_i√2 (some exactly 0): the
    # inertia is the sign count of d (Sylvester), computed here with sympy, independently
    rng = random.Random(seed)
    f = [Fraction(c) for c in _coeffs((T ** 2 - 2) * (T - 3))]
    F = ak.Field(f, Fraction(1), Fraction(2), squarefree=True)
    d = []
    for _ in range(n):
        u, w = rng.choice([(0, 0), (rng.randint(-5, 5), rng.randint(-5, 5))])
        d.append((u, w))
    while True:
        P = [[Fraction(rng.randint(-3, 3)) for _ in range(n)] for _ in range(n)]
        if sp.Matrix(P).det() != 0:
            break
    A = [[ak.Elt([Fraction(0)], F) for _ in range(n)] for _ in range(n)]
    for i in range(n):
        for j in range(n):
            for l, (u, w) in enumerate(d):
                A[i][j] = A[i][j] + ak.Elt([P[i][l] * P[j][l] * u, P[i][l] * P[j][l] * w], F)
    signs = [sp.sign(u + w * sp.sqrt(2)) for u, w in d]
    expected = (signs.count(1), signs.count(-1), signs.count(0))
    assert ak.inertia(A, F) == expected


@given(st.integers(1, 4), st.integers(0, 10 ** 6))
@settings(max_examples=40, deadline=None)
def test_interval_inertia_holds_for_every_symmetric_matrix_in_the_box(n, seed):
    # whenever interval_inertia decides, the exact inertia (Descartes on the real-rooted characteristic
    # polynomial, via sympy) of the midpoint and of random symmetric members agrees
    rng = random.Random(seed)
    mid = [[Fraction(0)] * n for _ in range(n)]
    rad = [[Fraction(0)] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1):
            mid[i][j] = mid[j][i] = Fraction(rng.randint(-20, 20), rng.randint(1, 4))
            rad[i][j] = rad[j][i] = Fraction(rng.randint(0, 8), 4)
    box = [[ak.Iv(mid[i][j] - rad[i][j], mid[i][j] + rad[i][j]) for j in range(n)] for i in range(n)]
    got = ak.interval_inertia(box)
    if got is None:
        return
    for trial in range(4):
        M = [[Fraction(0)] * n for _ in range(n)]
        for i in range(n):
            for j in range(i + 1):
                t = Fraction(rng.randint(-4, 4), 4) if trial else Fraction(0)
                M[i][j] = M[j][i] = mid[i][j] + t * rad[i][j]
        assert _exact_inertia(M) == got


def _exact_inertia(M):
    n = len(M)
    x = sp.symbols("x")
    cp = sp.Matrix([[sp.Rational(e.numerator, e.denominator) for e in r] for r in M]).charpoly(x)
    cs = cp.all_coeffs()  # highest first; all roots real (symmetric matrix)
    zero = next(i for i, c in enumerate(reversed(cs)) if c != 0)

    def variations(seq):
        s = [c for c in seq if c != 0]
        return sum(1 for u, v in zip(s, s[1:]) if (u > 0) != (v > 0))
    pos = variations(cs)
    neg = variations([c * (-1) ** (len(cs) - 1 - i) for i, c in enumerate(cs)])
    assert pos + neg + zero == n
    return pos, neg, zero


def test_kernel_file_stays_standard_library_only():
    import re
    from pathlib import Path
    src = Path(ak.__file__).read_text()
    imports = {a or b for a, b in re.findall(r"^\s*(?:from\s+([\w.]+)\s+import\s|import\s+([\w.]+)\s*$)", src, re.M)}
    assert imports <= {"__future__", "fractions", "math", "sys", "."}, imports
    for word in ("float", "tolerance", "1e-"):
        assert word not in src


def test_isolating_interval_must_be_a_list_of_two_numbers(honest):
    # {"1": "100", "2": "200"} reads as (100, 200) — no root of T² − 3/2 there — but the kernel
    # iterated the keys and checked (1, 2); the string "12" was read as its characters 1 and 2
    for bad in ({"1": "100", "2": "200"}, "12", ["1", "2", "3"]):
        c = copy.deepcopy(honest)
        c["point"]["interval"] = bad
        assert not kernel.verify(c)[0], bad


@given(st.lists(st.integers(-6, 6), min_size=1, max_size=4), st.lists(st.integers(0, 2), min_size=1, max_size=4),
       st.integers(-13, 13), st.integers(1, 14))
@settings(max_examples=60, deadline=None)
def test_sturm_count_matches_sympy(roots, mult, lo_num, width):
    # the exported Sturm counter (not used by check itself) counts distinct roots, repeated factors included
    expr = (T ** 2 + 1) * sp.prod([(T - sp.Rational(r, 2)) ** (m + 1) for r, m in zip(roots, mult)])
    f = [Fraction(c) for c in _coeffs(expr)]
    lo, hi = Fraction(2 * lo_num + 1, 4), Fraction(2 * (lo_num + width) + 1, 4)  # never a root (odd/4)
    distinct = [r for r in sp.roots(sp.Poly(expr, T), multiple=False) if r.is_real and lo < r <= hi]
    assert ak.sturm_count(f, lo, hi) == len(distinct)
