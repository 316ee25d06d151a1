#!/usr/bin/env python
"""Small-scale numerical reproduction of the KHK 2019b synthetic experiment (Figure 1, synthetic panel).

NUMERICAL (floating point), not certified.  A teacher network (tanh, no biases, linear output) labels
Gaussian inputs; bias-free ReLU students of several depths H and widths w are trained by mini-batch SGD with
momentum (the paper's 0.01 / 0.9 / batch 200, fewer epochs), and √J(θ) is computed at initialization and after
training, with J(θ) = ½‖(I − P[G])vec Y‖² (Appendix C; G = ∂vecŶ/∂θ = [D D⁽ᴴ⁺¹⁾]) and the Numerical Recipes
rank cutoff ½·σ_max·ε·√(rows + cols + 1).  Sizes are reduced (paper: m = 5000, teacher H = 7 width 50,
batch 200, 40 epochs = 1000 steps): defaults m = 300, teacher H = 3 width 20, d_x = 10, batch 20, 40 epochs
(600 steps) — about a minute on one core.

Usage: ``uv run python experiments/depth_width_synthetic.py [--seed N] [--m 300] [--epochs 40] [--batch 20]
[--out fig.png]``.
Prints the √J tables (initial / trained) and writes a two-panel heat map.
"""

from __future__ import annotations

import argparse
import math
import time

import numpy as np


def teacher_data(rng, m, dx, depth, width):
    """Inputs N(0, I), labels from a tanh teacher with N(0, 1/fan_in) weights (digest U1: the paper's
    'normalized standard deviation' is unreadable; 1/√fan-in is used)."""
    X = rng.standard_normal((m, dx))
    h = X
    for _ in range(depth):
        h = np.tanh(h @ (rng.standard_normal((h.shape[1], width)) / math.sqrt(h.shape[1])))
    Y = h @ (rng.standard_normal((width, 1)) / math.sqrt(width))
    return X, Y


def init_student(rng, dx, H, w):
    """Bias-free ReLU student, weights N(0, 1/fan_in)."""
    dims = [dx] + [w] * H + [1]
    return [rng.standard_normal((dims[l], dims[l + 1])) / math.sqrt(dims[l]) for l in range(H + 1)]


def forward(Ws, X):
    hs, pre = [X], []
    for W in Ws[:-1]:
        z = hs[-1] @ W
        pre.append(z)
        hs.append(np.maximum(z, 0))
    return hs, pre, hs[-1] @ Ws[-1]


def jacobian(Ws, X):
    """G = ∂vec Ŷ/∂θ (d_y = 1): for each sample the gradient of its output, θ = vec(W⁽¹⁾), …, column-major."""
    hs, pre, out = forward(Ws, X)
    m = X.shape[0]
    cols = []
    back = np.repeat(Ws[-1].T, m, axis=0)  # ∂ŷ_i/∂h⁽ᴴ⁾_i, shape (m, w_H)
    per_layer = [None] * len(Ws)
    per_layer[-1] = hs[-1]  # ∂ŷ_i/∂W⁽ᴴ⁺¹⁾ = h⁽ᴴ⁾_i
    for l in range(len(Ws) - 2, -1, -1):
        delta = back * (pre[l] > 0)  # ∂ŷ_i/∂z⁽ˡ⁺¹⁾_i
        # ∂ŷ_i/∂W⁽ˡ⁺¹⁾_{j,k} = h⁽ˡ⁾_{i,j} δ_{i,k}; column-major vec: index k·d_in + j
        per_layer[l] = np.einsum("ij,ik->ikj", hs[l], delta).reshape(m, -1)
        back = delta @ Ws[l].T
    for block in per_layer:
        cols.append(block)
    return np.hstack(cols)


def sqrt_j(Ws, X, Y):
    """√J(θ) with J = ½‖(I − P[G])y‖², rank by the Numerical Recipes cutoff (paper §4.4)."""
    G = jacobian(Ws, X)
    y = Y[:, 0]
    U, s, _ = np.linalg.svd(G, full_matrices=False)
    cutoff = 0.5 * s[0] * np.finfo(float).eps * math.sqrt(G.shape[0] + G.shape[1] + 1) if s.size else 0
    U = U[:, s > cutoff]
    r = y - U @ (U.T @ y)
    return math.sqrt(0.5 * float(r @ r))


def train(Ws, X, Y, rng, epochs, lr=0.01, momentum=0.9, batch=200):
    vel = [np.zeros_like(W) for W in Ws]
    m = X.shape[0]
    for _ in range(epochs):
        order = rng.permutation(m)
        for s in range(0, m, batch):
            idx = order[s:s + batch]
            hs, pre, out = forward(Ws, X[idx])
            g = (out - Y[idx]) / len(idx)  # gradient of the mean of ½(ŷ − y)²
            grads = [None] * len(Ws)
            grads[-1] = hs[-1].T @ g
            back = g @ Ws[-1].T
            for l in range(len(Ws) - 2, -1, -1):
                delta = back * (pre[l] > 0)
                grads[l] = hs[l].T @ delta
                back = delta @ Ws[l].T
            for W, v, gr in zip(Ws, vel, grads):
                v *= momentum
                v -= lr * gr
                W += v
    return Ws


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--m", type=int, default=300)
    ap.add_argument("--epochs", type=int, default=40)
    ap.add_argument("--batch", type=int, default=20)
    ap.add_argument("--depths", default="1,2,3,4")
    ap.add_argument("--widths", default="2,4,8,16")
    ap.add_argument("--out", default="depth_width_synthetic.png")
    args = ap.parse_args(argv)
    depths = [int(x) for x in args.depths.split(",")]
    widths = [int(x) for x in args.widths.split(",")]
    rng = np.random.default_rng(args.seed)
    X, Y = teacher_data(rng, args.m, 10, 3, 20)
    start = time.perf_counter()
    init = np.zeros((len(depths), len(widths)))
    trained = np.zeros_like(init)
    loss0, loss1 = np.zeros_like(init), np.zeros_like(init)
    for a, H in enumerate(depths):
        for b, w in enumerate(widths):
            Ws = init_student(rng, 10, H, w)
            init[a, b] = sqrt_j(Ws, X, Y)
            loss0[a, b] = 0.5 * float(((forward(Ws, X)[2] - Y) ** 2).sum())
            Ws = train(Ws, X, Y, rng, args.epochs, batch=args.batch)
            trained[a, b] = sqrt_j(Ws, X, Y)
            loss1[a, b] = 0.5 * float(((forward(Ws, X)[2] - Y) ** 2).sum())
    print(f"NUMERICAL (floating point). seed {args.seed}, m = {args.m}, d_x = 10, teacher tanh H = 3 width 20, "
          f"{args.epochs} epochs of batch {args.batch}, {time.perf_counter() - start:.1f} s")
    for name, tab in (("initial", init), ("trained", trained), ("L(θ) initial", loss0), ("L(θ) trained", loss1)):
        print(f"{name if name.startswith('L') else f'√J ({name})'}; rows depth H, columns width w")
        print("H\\w " + "".join(f"{w:>9}" for w in widths))
        for H, row in zip(depths, tab):
            print(f"{H:<4}" + "".join(f"{v:9.4f}" for v in row))
    print(f"√(½‖Y‖²) = {math.sqrt(0.5 * float((Y ** 2).sum())):.4f} (the value of J with an empty Jacobian)")
    mono_w = float(np.mean(np.diff(trained, axis=1) <= 1e-9))
    mono_d = float(np.mean(np.diff(trained, axis=0) <= 1e-9))
    print(f"fraction of width steps with non-increasing trained √J: {mono_w:.2f}; depth steps: {mono_d:.2f}; "
          f"cells where training lowered √J: {float(np.mean(trained < init - 1e-9)):.2f}")
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        fig, axes = plt.subplots(1, 2, figsize=(9, 3.6))
        vmax = max(init.max(), trained.max())
        for ax, tab, name in zip(axes, (init, trained), ("initial", "trained")):
            im = ax.imshow(tab, origin="lower", cmap="viridis", vmin=0, vmax=vmax)
            ax.set_xticks(range(len(widths)), widths)
            ax.set_yticks(range(len(depths)), depths)
            ax.set_xlabel("width")
            ax.set_ylabel("depth")
            ax.set_title(f"√J(θ), {name} (numerical)")
        fig.colorbar(im, ax=axes)
        fig.savefig(args.out, dpi=120)
        print(f"plot written to {args.out}")
    except ImportError:  # pragma: no cover
        print("matplotlib missing: no plot")


if __name__ == "__main__":
    main()
