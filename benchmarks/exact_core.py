"""Benchmark of the exact core (issue: exact core).  Run: ``uv run python benchmarks/exact_core.py``.

1. Exact inertia of a 100x100 rational Hessian of a deep linear network at a strict saddle
   (widths (10, 5, 10): 50 + 50 parameters), exactland's route (python-flint charpoly through
   sympy's DomainMatrix, then Descartes sign counts) against pure sympy's exact route on the same
   matrix (``Matrix.charpoly()`` with ``SYMPY_GROUND_TYPES=python``, then the same sign counts),
   run in a subprocess so the ground types really are pure Python.  Both inertias must agree.
2. End to end: build the landscape of a (4, 3, 3, 4) network and classify a global minimum built
   from the closed form (W₃ = U_3, W₂ = I, W₁ = U_3ᵀ·YXᵀ(XXᵀ)⁻¹), including the kernel re-check.

Prints times and the ratio; the target for (1) is a ratio of at least 5.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from exactland import numbers as nb  # noqa: E402
from exactland.classify import classify  # noqa: E402
from exactland.instance import Instance, ols_matrix, rational_spectrum_instance  # noqa: E402
from exactland.landscape import Landscape  # noqa: E402

BASELINE = r"""
import json, sys, time
from sympy import Matrix, Rational
from sympy.external.gmpy import GROUND_TYPES
rows = json.load(open(sys.argv[1]))
A = Matrix([[Rational(x) for x in r] for r in rows])
t = time.perf_counter()
p = A.charpoly().all_coeffs()
n = len(p) - 1
z = 0
while z < n and p[n - z] == 0:
    z += 1
core = p[:n + 1 - z]
def changes(cs):
    s = [1 if c > 0 else -1 for c in cs if c != 0]
    return sum(1 for a, b in zip(s, s[1:]) if a != b)
deg = len(core) - 1
inertia = (changes(core), changes([c * (-1) ** (deg - i) for i, c in enumerate(core)]), z)
print(json.dumps({"seconds": time.perf_counter() - t, "inertia": inertia, "ground_types": GROUND_TYPES}))
"""


def saddle_hessian():
    """A dense 100x100 Hessian: Σ has rational eigenvectors, but the data and the point are mixed by
    random invertible maps (X -> AX with W₁ -> W₁A⁻¹, and the layer symmetry W₂G⁻¹, GW₁), which keep
    the point critical and its class, and make the Hessian dense like a generic one."""
    import random
    inst = rational_spectrum_instance((10, 5, 10), seed=3)
    rng = random.Random(3)
    A = [[Fraction(rng.randint(-3, 3)) + (2 if i == j else 0) for j in range(10)] for i in range(10)]
    G = [[Fraction(rng.randint(-2, 2)) + (3 if i == j else 0) for j in range(5)] for i in range(5)]
    O, Wols = inst.meta_O, ols_matrix(inst)
    idx = [0, 1, 2, 3, 5]  # skips the 5th eigenvector: a non-global critical family (a saddle)
    W2 = [[O[r][i] for i in idx] for r in range(10)]
    W1 = nb.matmul(nb.transpose(W2), Wols)
    inst = Instance(inst.model, nb.matmul(A, inst.X), inst.Y)
    W1 = nb.matmul(nb.matmul(G, W1), nb.inverse(A))
    W2 = nb.matmul(W2, nb.inverse(G))
    ls = Landscape(inst)
    assert not any(ls.gradient_vector([W1, W2])), "constructed point is not critical"
    return ls.hessian([W1, W2])


def main():
    print(f"exactland exact-core benchmark (matrix backend: {nb.backend()})")
    Hm = saddle_hessian()
    n = len(Hm)
    ours = []
    for _ in range(3):
        t = time.perf_counter()
        inertia = nb.inertia(Hm)
        ours.append(time.perf_counter() - t)
    t_ours = min(ours)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump([[nb.fmt(x) for x in row] for row in Hm], fh)
    env = dict(os.environ, SYMPY_GROUND_TYPES="python")
    out = subprocess.run([sys.executable, "-c", BASELINE, fh.name], env=env, capture_output=True, text=True,
                         check=True)
    base = json.loads(out.stdout)
    os.unlink(fh.name)
    agree = tuple(base["inertia"]) == tuple(inertia)
    print(f"\n1. exact inertia of a {n}x{n} rational Hessian at a strict saddle of a (10, 5, 10) network")
    print(f"   exactland (charpoly via {nb.backend()} + Descartes): {t_ours:.4f} s   inertia {inertia}")
    print(f"   pure sympy (Matrix.charpoly, ground types {base['ground_types']}): {base['seconds']:.4f} s   "
          f"inertia {tuple(base['inertia'])}")
    print(f"   ratio: {base['seconds'] / t_ours:.1f}x faster (target >= 5x); inertias agree: {agree}")

    t0 = time.perf_counter()
    inst = rational_spectrum_instance((4, 3, 3, 4), seed=5)
    O, Wols = inst.meta_O, ols_matrix(inst)
    W3 = [[O[r][i] for i in range(3)] for r in range(4)]
    W2 = nb.identity(3)
    W1 = nb.matmul(nb.transpose(W3), Wols)
    t1 = time.perf_counter()
    v = classify(inst, [W1, W2, W3])
    t2 = time.perf_counter()
    print(f"\n2. (4, 3, 3, 4) network, {inst.n_params} parameters: build {t1 - t0:.3f} s, classify + certify + "
          f"kernel re-check {t2 - t1:.3f} s, total {t2 - t0:.3f} s -> {v.cls}")
    return 0 if agree and v.cls == "global_min" else 1


if __name__ == "__main__":
    sys.exit(main())
