"""Seeded multi-start search for critical points (numerical), with optional interval certification.

Three local methods, used round-robin over the starts (start ``i`` uses ``METHODS[i % 3]`` and the
random generator ``numpy.random.default_rng([seed, i])``, so any start reproduces on its own):

* ``gd`` — gradient descent with L-BFGS curvature updates (scipy; plain Armijo descent as fallback;
  finds minima);
* ``newton_gradnorm`` — Levenberg–Marquardt on ``½‖∇L‖²`` (Newton on ∇L = 0; finds critical points of
  every index, saddles included);
* ``saddle_free`` — saddle-free Newton, steps ``−|H|⁻¹∇L`` with ``|H|`` the Hessian with its
  eigenvalues replaced by their absolute values (Dauphin et al. 2014); escapes saddles.

Newton-type methods form the dense Hessian and are used up to :data:`DENSE_MAX` parameters; above
that every start runs gradient descent followed by a Hessian-free trust-region Newton polish
(scipy ``trust-krylov`` on Hessian-vector products), and the class comes from Lanczos extreme
eigenvalues.
Converged points are polished by Newton's method, de-duplicated, classified numerically and, with
``certify=True``, certified by :func:`exactland.numeric.certify.certify_point` (non-degenerate points
of up to :data:`CERTIFY_MAX` parameters).  Everything not certified is labelled numerical.

The result file (``--resume FILE``) is rewritten after every start, so an interrupted run
continues where it stopped.

>>> from exactland.numeric.core import random_deep_linear
>>> inst = random_deep_linear((2, 2, 2), m=4, seed=0, reg="1/8")
>>> res = explore(inst, starts=3, budget=30, seed=0, progress=False)
>>> res.starts_done, all(p["class"] in CLASSES for p in res.points)
(3, True)
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .core import DeepLinearNumeric, extreme_eigenvalues
from .certify import certify_point, newton_refine, numerical_class

METHODS = ("gd", "newton_gradnorm", "saddle_free")
CLASSES = ("global_min", "local_min", "strict_saddle", "local_max", "degenerate", "unclassified")
LANCZOS_MAXITER = 3000  # restarts; "unclassified" when the smallest eigenvalue has not converged by then
DENSE_MAX = 2500
CERTIFY_MAX = 600
GRAD_TOL = 1e-9


@dataclass
class ExploreResult:
    """Distinct critical points found (dicts, JSON-ready), how many starts ran, and notes."""

    instance: dict
    seed: int
    starts: int
    starts_done: int = 0
    points: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    complete: bool = False
    elapsed: float = 0.0
    global_min: dict | None = None

    def to_json(self) -> dict:
        return {"instance": self.instance, "seed": self.seed, "starts": self.starts,
                "starts_done": self.starts_done, "complete": self.complete, "elapsed_s": round(self.elapsed, 3),
                "global_min": self.global_min, "notes": self.notes, "points": self.points}


# --- local methods ------------------------------------------------------------------------------

def _gd(net, th, deadline, maxiter=5000):
    """Gradient descent with L-BFGS curvature updates (scipy); stops at the deadline."""
    from scipy.optimize import minimize

    def cb(intermediate_result=None):
        if time.time() > deadline:
            raise StopIteration

    try:
        r = minimize(net.loss_and_gradient, th, jac=True, method="L-BFGS-B", callback=cb,
                     options={"maxiter": maxiter, "gtol": GRAD_TOL, "ftol": 0.0, "maxcor": 30})
        out = r.x
    except (FloatingPointError, ValueError):
        out = th
    if not np.all(np.isfinite(out)):
        return _armijo_gd(net, th, deadline)
    return out


def _hessian_free_newton(net, th, deadline, maxiter=20000):
    """Trust-region Newton with Krylov subproblems on Hessian-vector products (scipy ``trust-krylov``):
    the polish for sizes where the Hessian is not formed.  Stops at the deadline."""
    from scipy.optimize import minimize

    def cb(intermediate_result=None):
        if time.time() > deadline:
            raise StopIteration

    import warnings
    try:
        with warnings.catch_warnings():  # trlib's internal 0·inf on its first subproblem; harmless
            warnings.simplefilter("ignore", RuntimeWarning)
            r = minimize(net.loss_and_gradient, th, jac=True, hessp=net.hvp, method="trust-krylov", callback=cb,
                         options={"gtol": GRAD_TOL, "maxiter": maxiter})
    except (FloatingPointError, ValueError, np.linalg.LinAlgError):
        return th
    return r.x if np.all(np.isfinite(r.x)) else th


def _armijo_gd(net, th, deadline, maxiter=5000):
    """Plain gradient descent with Armijo backtracking (fallback)."""
    step = 1.0
    f, g = net.loss_and_gradient(th)
    for _ in range(maxiter):
        gn = float(np.max(np.abs(g)))
        if gn < GRAD_TOL or time.time() > deadline:
            break
        gg = float(g @ g)
        while True:
            cand = th - step * g
            fc, gc = net.loss_and_gradient(cand)
            if np.isfinite(fc) and fc <= f - 0.5 * step * gg:
                break
            step *= 0.5
            if step < 1e-30:
                return th
        th, f, g = cand, fc, gc
        step *= 2.0
    return th


def _newton_gradnorm(net, th, deadline, maxiter=100):
    mu = 1e-3
    g = net.gradient(th)
    phi = 0.5 * float(g @ g)
    for _ in range(maxiter):
        if float(np.max(np.abs(g))) < GRAD_TOL or time.time() > deadline:
            break
        w, V = np.linalg.eigh(net.hessian(th))
        c = V.T @ g
        while True:  # Levenberg–Marquardt step (H² + μI)⁻¹ H g, from one eigendecomposition
            cand = th - V @ (w * c / (w * w + mu))
            gc = net.gradient(cand)
            pc = 0.5 * float(gc @ gc)
            if np.isfinite(pc) and pc < phi:
                th, g, phi = cand, gc, pc
                mu = max(mu / 10, 1e-15)
                break
            mu *= 10
            if mu > 1e12:
                return th
    return th


def _saddle_free(net, th, deadline, maxiter=300):
    f, g = net.loss_and_gradient(th)
    mu = 1.0
    for _ in range(maxiter):
        if float(np.max(np.abs(g))) < GRAD_TOL or time.time() > deadline:
            break
        w, V = np.linalg.eigh(net.hessian(th))
        c = V.T @ g
        while True:  # damped |H|: steps −V (|Λ| + μ)⁻¹ Vᵀ g, μ adapted like Levenberg–Marquardt
            d = V @ (c / (np.abs(w) + mu))
            cand = th - d
            fc, gc = net.loss_and_gradient(cand)
            if np.isfinite(fc) and fc <= f - 1e-4 * float(g @ d):
                th, f, g = cand, fc, gc
                mu = max(mu / 10, 1e-12)
                break
            mu *= 10
            if mu > 1e15:
                return th
    return th


_LOCAL = {"gd": _gd, "newton_gradnorm": _newton_gradnorm, "saddle_free": _saddle_free}


# --- the search ----------------------------------------------------------------------------------

def _classify_numerically(net, th):
    if net.n <= DENSE_MAX:
        w = np.linalg.eigvalsh(net.hessian(th))
        return numerical_class(w), float(w[0]), float(w[-1])
    from scipy.sparse.linalg import ArpackNoConvergence
    try:
        ev = extreme_eigenvalues(net, th, k=1, maxiter=LANCZOS_MAXITER)
    except ArpackNoConvergence:
        return "unclassified", None, None
    lo, hi = float(ev["smallest"][0]), float(ev["largest"][0])
    thr = 1e-8 * max(abs(lo), abs(hi), 1e-300)
    if lo > thr:
        cls = "local_min"
    elif lo < -thr and hi > thr:
        cls = "strict_saddle"
    elif hi < -thr:
        cls = "local_max"
    else:
        cls = "degenerate"
    return cls, lo, hi


def _bar(done, total, npts, t0, budget):
    width = 30
    k = int(width * done / max(total, 1))
    sys.stderr.write(f"\r[{'#' * k}{'.' * (width - k)}] {done}/{total} starts, {npts} points, "
                     f"{time.time() - t0:5.1f}/{budget:g} s")
    sys.stderr.flush()


def explore(inst, starts: int = 10, budget: float = 60.0, seed: int = 0, certify: bool = False,
            resume: str | Path | None = None, progress: bool = True, init_scale: float | None = None,
            methods=METHODS) -> ExploreResult:
    """Multi-start critical-point search on a deep linear instance; see the module docstring.

    ``budget`` (seconds) bounds the whole run: when it runs out, the result is partial
    (``complete=False``, with a note saying how many starts ran) — rerun with ``resume`` to continue.
    """
    if starts < 1:
        raise ValueError("--starts must be at least 1")
    net = DeepLinearNumeric(inst)
    inst_json = inst.to_json()
    res = ExploreResult(inst_json, seed, starts)
    path = Path(resume) if resume else None
    if path is not None and path.exists():
        old = json.loads(path.read_text())
        if old.get("instance") != inst_json:
            raise ValueError(f"{path} holds results for a different instance; use another --resume file")
        if old.get("seed") != seed:
            raise ValueError(f"{path} was written with seed {old.get('seed')}, not {seed}")
        res.points, res.starts_done = list(old.get("points") or []), int(old.get("starts_done", 0))
        res.notes.append(f"resumed from {path} after {res.starts_done} starts")
    if inst.regularization is None:
        try:
            from .certify import global_min_enclosure
            lo, hi = global_min_enclosure(inst)
            res.global_min = {"lo": str(lo), "hi": str(hi), "value": float(lo),
                              "how": "exact enclosure of s(‖Y‖² − top_r(Σ)) by real-root isolation (sympy)"}
        except Exception as err:  # noqa: BLE001 - the enclosure is an extra; report why it is missing
            res.notes.append(f"no global-minimum enclosure: {err}")
    t0 = time.time()
    deadline = t0 + budget
    dense = net.n <= DENSE_MAX
    if not dense:
        res.notes.append(f"{net.n} parameters > {DENSE_MAX}: gradient descent + Hessian-free Newton, class from "
                         "Lanczos extremes")
    scale = init_scale if init_scale is not None else 1.0 / np.sqrt(max(inst.model.widths))
    for i in range(res.starts_done, starts):
        if time.time() > deadline:
            res.notes.append(f"time budget of {budget:g} s exhausted after {i} of {starts} starts (partial result)")
            break
        rng = np.random.default_rng([seed, i])
        method = methods[i % len(methods)] if dense else "gd"
        th = rng.standard_normal(net.n) * scale
        th = _LOCAL[method](net, th, deadline)
        if dense and method == "gd" and np.all(np.isfinite(th)):  # slow tail of GD: finish by saddle-free Newton
            th = _saddle_free(net, th, deadline)
        elif not dense and np.all(np.isfinite(th)):  # ... or by Hessian-free Newton (HVPs only)
            th = _hessian_free_newton(net, th, deadline)
        if dense and np.all(np.isfinite(th)):
            th = newton_refine(net, th)
        if np.all(np.isfinite(th)):
            gn = _record(res, inst, net, th, method, i, certify)
            if gn is not None:
                res.notes.append(f"start {i} ({method}) stopped at |∇L|∞ = {gn:.1e} without reaching a critical point")
        else:
            res.notes.append(f"start {i} ({method}) diverged")
        res.starts_done = i + 1
        if path is not None:
            path.write_text(json.dumps(res.to_json()))
        if progress:
            _bar(res.starts_done, starts, len(res.points), t0, budget)
    if progress:
        sys.stderr.write("\n")
    if res.global_min is not None:
        try:  # a kernel-checkable bracket of the optimum: Ky Fan below, the best point found above
            from .certify import global_min_certificate
            cert, clo, chi = global_min_certificate(inst, [p["theta"] for p in res.points] + [np.zeros(net.n)])
            res.global_min.update(certificate=cert, certified_enclosure=[str(clo), str(chi)])
        except (ArithmeticError, ValueError) as err:
            res.notes.append(f"global-minimum value not certified: {err}")
    res.complete = res.starts_done >= starts
    res.elapsed = time.time() - t0
    if path is not None:
        path.write_text(json.dumps(res.to_json()))
    return res


def _record(res, inst, net, th, method, start, certify):
    f, g = net.loss_and_gradient(th)
    gn = float(np.max(np.abs(g)))
    if not gn < 1e-6 * (1 + float(np.max(np.abs(th)))):
        return gn  # did not converge to a critical point
    for p in res.points:  # de-duplicate
        other = np.array(p["theta"])
        if np.max(np.abs(other - th)) <= 1e-6 * (1 + float(np.max(np.abs(th)))):
            p["hits"] = p.get("hits", 1) + 1
            return None
    cls, lo, hi = _classify_numerically(net, th)
    if res.global_min is not None and cls == "degenerate" and lo > -1e-8 * max(abs(hi), 1.0):
        if abs(f - res.global_min["value"]) <= 1e-9 * max(1.0, abs(f)):
            cls = "global_min"
    point = {"loss": f, "class": cls, "certified": False, "certificate": None,
             "label": "numerical", "grad_inf": gn, "eig_min": lo, "eig_max": hi,
             "method": method, "start": start, "hits": 1, "theta": th.tolist()}
    if res.global_min is not None:
        point["gap_to_global_min"] = f - res.global_min["value"]
    if certify:
        if net.n > CERTIFY_MAX:
            point["reason"] = f"not certified: {net.n} parameters > {CERTIFY_MAX} (kernel cost grows as n³)"
        elif cls in ("degenerate", "global_min"):
            point["reason"] = ("not certified: numerically singular Hessian — intervals never certify a zero "
                               "eigenvalue (non-isolated or degenerate point); "
                               + ("the global-minimum value is enclosed exactly above"
                                  if cls == "global_min" else "use the exact engine or a regularized instance"))
        else:
            cr = certify_point(inst, th)
            point["certified"] = cr.certified
            point["reason"] = cr.reason
            if cr.certified:
                point.update(certificate=cr.certificate, label="certified", **{"class": cr.cls},
                             loss_enclosure=[str(cr.loss_enclosure[0]), str(cr.loss_enclosure[1])])
    res.points.append(point)
    return None
