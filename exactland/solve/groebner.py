"""The pure-Python backend: sympy Gröbner bases over QQ and a rational univariate representation.

1. a grevlex Gröbner basis G of the gradient ideal I (sympy, exact over Q; run in a child
   process so that a time limit can stop it);
2. dimension from the leading monomials: the largest set of variables S such that no leading
   monomial lies in Q[S] (0 iff every variable has a pure power among the leading monomials);
3. zero-dimensional: the standard monomials give dim Q[x]/I = the complex count with multiplicity
   (certified: the computation is exact); multiplication matrices M_v in that basis; for a seeded
   random linear form t, χ = charpoly(M_t) and its square-free part q̄ (degree = number of distinct
   solutions when t separates them); the RUR x_i = g_{x_i}(t)/g_1(t) from the trace formula
   g_v(T) = Σ_j Tr(M_v M_t^j)·H_{D−1−j}(T) (Rouillier 1999).  If t does not separate, some
   parametrized point fails the exact gradient check and another form is tried.

>>> from exactland.instance import Instance, DeepLinear, Tikhonov
>>> from exactland.solve.system import gradient_system
>>> inst = Instance(DeepLinear((1, 1)), [[1]], [[2]], regularization=Tikhonov(([["1"]],)))
>>> dimension_from_leading([(1,)], 1)
0
"""

from __future__ import annotations

import itertools
import multiprocessing as mp
import random as _random
from fractions import Fraction

from .msolve import SolverTimeout


def _gb_worker(n, polys_terms, conn):
    from sympy import QQ
    from sympy.polys.orderings import grevlex
    from sympy.polys.rings import ring
    from sympy.polys.groebnertools import groebner
    R, *gens = ring(",".join(f"x{i}" for i in range(n)), QQ, grevlex)
    polys = [R(dict((m, QQ(a, b)) for m, (a, b) in terms)) for terms in polys_terms]
    G = groebner(polys, R)
    conn.send([[(m, (int(c.numerator), int(c.denominator))) for m, c in g.terms()] for g in G])
    conn.close()


def call_in_child(target, args, timeout, what: str):
    """Run ``target(*args, conn)`` in a forked child process and return what it sends on ``conn``;
    the child is killed after ``timeout`` seconds (:class:`SolverTimeout`, naming ``what``) — the way a
    pure-Python computation gets a time limit."""
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=target, args=(*args, child), daemon=True)
    proc.start()
    child.close()
    if not parent.poll(timeout):
        proc.kill()
        proc.join()
        raise SolverTimeout(f"{what} did not finish within {timeout} s")
    try:
        data = parent.recv()
    except EOFError:
        proc.join()
        raise RuntimeError(f"{what}: the child process died (exit {proc.exitcode})") from None
    proc.join()
    return data


def groebner_basis(system, timeout=None):
    """A reduced grevlex Gröbner basis of the gradient ideal (list of ring elements); raises
    :class:`SolverTimeout` after ``timeout`` seconds."""
    n = len(system.gens)
    terms = [[(m, (int(c.numerator), int(c.denominator))) for m, c in p.terms()] for p in system.polys]
    data = call_in_child(_gb_worker, (n, terms), timeout, "sympy's groebner")
    R = system.ring
    from sympy import QQ
    return [R(dict((m, QQ(a, b)) for m, (a, b) in t)) for t in data]


def dimension_from_leading(leading, n: int) -> int:
    """Krull dimension of Q[x]/I from the leading monomials of a Gröbner basis of I: the largest
    set of variables none of whose monomials is a leading monomial's multiple... (a maximal
    independent set: no leading monomial uses only variables of the set).

    >>> dimension_from_leading([(2, 0), (0, 3)], 2), dimension_from_leading([(1, 1)], 2)
    (0, 1)
    """
    if any(not any(m) for m in leading):
        return -1  # the ideal is the whole ring: no solution
    supports = [frozenset(i for i, e in enumerate(m) if e) for m in leading]
    for size in range(n, -1, -1):
        for S in itertools.combinations(range(n), size):
            s = frozenset(S)
            if not any(sup <= s for sup in supports):
                return size
    return 0


def standard_monomials(leading, n: int) -> list[tuple]:
    """Monomials divisible by no leading monomial (finite for a zero-dimensional ideal)."""
    def divisible(m):
        return any(all(a >= b for a, b in zip(m, lm)) for lm in leading)
    out, frontier, seen = [], [tuple([0] * n)], set()
    while frontier:
        nxt = []
        for m in frontier:
            if m in seen or divisible(m):
                continue
            seen.add(m)
            out.append(m)
            for i in range(n):
                nxt.append(tuple(e + (j == i) for j, e in enumerate(m)))
        frontier = nxt
    return sorted(out)


def multiplication_matrices(G, basis, R):
    """M_{x_i} (i = 0..n-1) as flint fmpq_mat in the basis of standard monomials (columns = images)."""
    import flint
    index = {m: k for k, m in enumerate(basis)}
    N = len(basis)
    gens = R.gens
    mats = []
    for i, x in enumerate(gens):
        M = flint.fmpq_mat(N, N)
        for k, m in enumerate(basis):
            r = (x * R({m: R.domain.one})).rem(G)
            for mon, c in r.terms():
                M[index[mon], k] = flint.fmpq(int(c.numerator), int(c.denominator))
        mats.append(M)
    return mats


def rur(mats, form):
    """(χ, q̄, g_1, [g_{x_i}]) for the linear form t = Σ form_i x_i (coefficient lists, lowest first)."""
    import flint
    N = mats[0].nrows()
    Mt = flint.fmpq_mat(N, N)
    for c, M in zip(form, mats):
        if c:
            Mt = Mt + M * c
    chi = [Fraction(int(c.p), int(c.q)) for c in Mt.charpoly().coeffs()]
    from . import realroots as rr
    P = rr.to_flint(chi)
    qbar = P // P.gcd(P.derivative())
    q = rr.from_flint(qbar)
    q = [c / q[-1] for c in q]
    D = len(q) - 1
    powers = [flint.fmpq_mat(N, N, [int(i == j) for i in range(N) for j in range(N)])]
    for _ in range(1, D):
        powers.append(powers[-1] * Mt)

    def trace(A):
        return sum((A[i, i] for i in range(N)), flint.fmpq(0))

    def tr_prod(A, B):  # Tr(AB) without forming AB
        At = A.transpose()
        tot = flint.fmpq(0)
        for i in range(N):
            for j in range(N):
                a = At[i, j]
                if a != 0:
                    tot += a * B[i, j]
        return tot

    def g_of(traces):
        # g(T) = Σ_j tr_j · H_{D-1-j}(T), H_{D-1-j}(T) = Σ_k q[k+j+1] T^k
        out = [Fraction(0)] * D
        for j, tr in enumerate(traces):
            trf = Fraction(int(tr.p), int(tr.q))
            if trf:
                for k in range(D - j):
                    out[k] += trf * q[k + j + 1]
        return out
    g1 = g_of([trace(Pw) for Pw in powers])
    gx = [g_of([tr_prod(M, Pw) for Pw in powers]) for M in mats]
    return chi, q, g1, gx


def distinct_count(G, basis, mats, R) -> int:
    """Number of distinct complex solutions, exactly: the rank of the Hermite quadratic form
    H_ij = Tr(M_{b_i b_j}) on the standard monomials b (Hermite; see Basu–Pollack–Roy, Thm 4.102)."""
    import flint
    N = len(basis)
    index = {m: k for k, m in enumerate(basis)}
    ident = flint.fmpq_mat(N, N, [int(i == j) for i in range(N) for j in range(N)])
    Mb = {}
    for m in basis:  # M_b for each standard monomial, along a parent in the staircase
        if not any(m):
            Mb[m] = ident
            continue
        i = next(k for k, e in enumerate(m) if e)
        parent = tuple(e - (k == i) for k, e in enumerate(m))
        Mb[m] = mats[i] * Mb[parent]
    tau = [sum((Mb[m][k, k] for k in range(N)), flint.fmpq(0)) for m in basis]
    H = flint.fmpq_mat(N, N)
    one = R.domain.one
    for a in range(N):
        for b in range(a, N):
            prod = tuple(x + y for x, y in zip(basis[a], basis[b]))
            if prod in index:
                val = tau[index[prod]]
            else:
                r = R({prod: one}).rem(G)
                val = sum((flint.fmpq(int(c.numerator), int(c.denominator)) * tau[index[mon]]
                           for mon, c in r.terms()), flint.fmpq(0))
            H[a, b] = H[b, a] = val
    return H.rank()


def solve_sympy(res, system, deadline, seed) -> None:
    """Fill ``res`` with the sympy backend (see :func:`exactland.solve.solve`)."""
    from . import points_from_parametrization, remaining
    n = len(system.gens)
    G = groebner_basis(system, remaining(deadline))
    leading = [g.LM for g in G]
    dim = dimension_from_leading(leading, n)
    if dim == -1:
        res.dimension, res.complex_count, res.complex_count_distinct, res.real_count = -1, 0, 0, 0
        res.complete, res.message = "certified", "the gradient ideal is the whole ring: no critical point"
        return
    if dim > 0:
        _positive_dimensional(res, system, dim, deadline, seed)
        return
    basis = standard_monomials(leading, n)
    res.dimension = 0
    res.complex_count = len(basis)
    mats = multiplication_matrices(G, basis, system.ring)
    distinct = distinct_count(G, basis, mats, system.ring)
    res.complex_count_distinct = distinct
    rng = _random.Random(seed)
    for attempt in range(6):
        remaining(deadline)
        form = [rng.randint(-9, 9) for _ in range(n)]
        chi, q, g1, gx = rur(mats, form)
        if len(q) - 1 != distinct:  # t does not separate the solutions: try another form
            continue
        params = [([-c for c in g], 1) for g in gx]
        pts, msg = points_from_parametrization(res.instance, q, g1, params, form, deadline, system)
        if not msg:
            res.complex_count_distinct = len(q) - 1
            res.points, res.real_count = pts, len(pts)
            res.complete = "certified"
            res.message = (f"sympy Gröbner basis over Q (exact): complex count with multiplicity = dim Q[x]/I, "
                           f"distinct count = rank of the Hermite trace form; the linear form {form} (seed {seed}) "
                           f"separates them (its square-free eliminant has that degree), so the real points are "
                           f"complete; every one verified exactly")
            return
    res.complete = "partial"
    res.message = "no separating linear form found in 4 tries; counts with multiplicity only"


def _positive_dimensional(res, system, dim, deadline, seed):
    """Random affine slices of codimension ``dim``: sample real points on the top-dimensional components."""
    from .msolve_backend import random_slices
    from .system import GradientSystem
    from . import remaining
    res.dimension = dim
    rng = _random.Random(seed)
    n = len(system.gens)
    slices = random_slices(n, dim, rng)
    R = system.ring
    extra = [sum((R(a) * g for a, g in zip(c, R.gens)), R.zero) - R.domain.convert(b.numerator) / b.denominator
             for c, b in slices]
    sliced = GradientSystem(system.instance, R, system.gens, list(system.polys) + extra, system.loss)
    G = groebner_basis(sliced, remaining(deadline))
    leading = [g.LM for g in G]
    res.complete = "partial"
    res.message = (f"positive-dimensional critical set of dimension {dim} (exact, from the leading monomials of a "
                   f"Gröbner basis); {dim} random affine slices (seed {seed}) sample real points on the components of "
                   f"dimension {dim} they meet; lower-dimensional components are not covered")
    if dimension_from_leading(leading, n) != 0:
        res.message += "; the slices did not cut the set to finitely many points"
        return
    basis = standard_monomials(leading, n)
    mats = multiplication_matrices(G, basis, R)
    for attempt in range(4):
        form = [rng.randint(-9, 9) for _ in range(n)]
        chi, q, g1, gx = rur(mats, form)
        from . import points_from_parametrization
        pts, msg = points_from_parametrization(res.instance, q, g1, [([-c for c in g], 1) for g in gx], form,
                                               deadline, system)
        if not msg:
            from .msolve_backend import record_samples
            record_samples(res, pts, slices)
            return
