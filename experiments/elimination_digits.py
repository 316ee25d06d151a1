#!/usr/bin/env python
"""Appendix D "good case" of Kawaguchi & Kaelbling (2020) on scikit-learn's offline digits — NUMERICAL evidence.

Run: ``uv run --group experiments python experiments/elimination_digits.py [--trials N] [--out PNG]``.

Three methods, identical settings and seeds per trial (numpy, AdaGrad, mini-batch 64, cross-entropy):

* ``original``: a one-hidden-layer ReLU network f (64 → H → 10) minimising L;
* ``elimination``: f̃ = f + g, g_k = a_k exp(w_kᵀx + b_k), minimising L̃ = L(f̃) + λ‖a‖²;
* ``elimination + monitor``: the same, restarting every parameter at a fresh random point whenever
  ‖a‖₂ + ‖b‖₂ + ‖W‖₂ ≥ 7, with ‖W‖₂ the spectral norm (largest singular value) of W ∈ R^{d_x × d_y}
  (the paper writes ‖W‖₂ without saying which; the Frobenius norm is an alternative).

Reported per trial: the standard training objective (mean cross-entropy, no regulariser) of the trained
network — f for ``original``, f̃ = f + g for the other two — on the whole training set, as in the paper's
Figure 3.  The loss of the base network f alone (g dropped) is printed beside it: away from a local
minimum of L̃ the added neurons need not vanish, so the two differ.
This is a floating-point experiment, not a certificate; it demonstrates, it does not prove.
The paper used LeNet on Semeion/KMNIST; we use a much smaller network and data set (8×8 digits,
1797 images, inputs scaled to [0, 1]) so it runs in about a minute on 2 cores.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np


def load_data():
    """scikit-learn's 8×8 digits, inputs scaled to [0, 1], one-hot labels."""
    from sklearn.datasets import load_digits  # ships with scikit-learn: no download
    d = load_digits()
    X = d.data / 16.0
    Y = np.eye(10)[d.target]
    return X, Y


def init(rng, dx, h, dy):
    """Random base weights; added neurons a = b = 0, small random W."""
    return {"W1": rng.normal(0, np.sqrt(2 / dx), (dx, h)), "c1": np.zeros(h),
            "W2": rng.normal(0, np.sqrt(1 / h), (h, dy)), "c2": np.zeros(dy),
            "a": np.zeros(dy), "b": np.zeros(dy), "W": rng.normal(0, 0.01, (dx, dy))}


def forward(P, X, augmented):
    """Pre-activations, hidden layer, outputs (f or f̃) and the exponentials."""
    Z = X @ P["W1"] + P["c1"]
    Hh = np.maximum(Z, 0)
    F = Hh @ P["W2"] + P["c2"]
    E = None
    if augmented:
        E = np.exp(np.clip(X @ P["W"] + P["b"], -50, 50))
        F = F + P["a"] * E
    return Z, Hh, F, E


def cross_entropy(F, Y):
    """Mean cross-entropy and softmax probabilities."""
    F = F - F.max(axis=1, keepdims=True)
    logp = F - np.log(np.exp(F).sum(axis=1, keepdims=True))
    return -(Y * logp).sum(axis=1).mean(), np.exp(logp)


def grads(P, X, Y, augmented, lam):
    """Gradients of the mean cross-entropy (+ λ‖a‖² when augmented)."""
    Z, Hh, F, E = forward(P, X, augmented)
    _, prob = cross_entropy(F, Y)
    dF = (prob - Y) / len(X)
    g = {"W2": Hh.T @ dF, "c2": dF.sum(0)}
    dZ = (dF @ P["W2"].T) * (Z > 0)
    g["W1"], g["c1"] = X.T @ dZ, dZ.sum(0)
    if augmented:
        dG = dF * E
        g["a"] = dG.sum(0) + 2 * lam * P["a"]
        dS = dG * P["a"]
        g["b"], g["W"] = dS.sum(0), X.T @ dS
    return g


def train(X, Y, seed, method, epochs, hidden, lr, lam, threshold):
    """One seeded trial of one method; returns (loss of trained net, loss of base f, restarts, final norm)."""
    rng = np.random.default_rng(seed)
    augmented = method != "original"
    P = init(rng, X.shape[1], hidden, Y.shape[1])
    acc = {k: np.full_like(v, 1e-8) for k, v in P.items()}
    restarts = 0
    for _ in range(epochs):
        order = rng.permutation(len(X))
        for s in range(0, len(X), 64):
            idx = order[s:s + 64]
            g = grads(P, X[idx], Y[idx], augmented, lam)
            for k, gk in g.items():
                acc[k] += gk ** 2
                P[k] -= lr * gk / np.sqrt(acc[k])
            if method == "monitor":
                norm = np.linalg.norm(P["a"]) + np.linalg.norm(P["b"]) + np.linalg.norm(P["W"], 2)
                if norm >= threshold:
                    P = init(rng, X.shape[1], hidden, Y.shape[1])
                    acc = {k: np.full_like(v, 1e-8) for k, v in P.items()}
                    restarts += 1
    loss_model = cross_entropy(forward(P, X, augmented)[2], Y)[0]
    loss_base = cross_entropy(forward(P, X, False)[2], Y)[0]
    final_norm = np.linalg.norm(P["a"]) + np.linalg.norm(P["b"]) + np.linalg.norm(P["W"], 2)
    return loss_model, loss_base, restarts, final_norm


def main(argv=None) -> int:
    """Run all trials, print the summary, save the histogram."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trials", type=int, default=100)
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--hidden", type=int, default=8)
    ap.add_argument("--lr", type=float, default=0.05)
    ap.add_argument("--lam", type=float, default=0.01)
    ap.add_argument("--threshold", type=float, default=7.0)
    ap.add_argument("--seed", type=int, default=0, help="trial t uses seed + t for every method")
    ap.add_argument("--out", default="exactland-output/elimination_digits_histogram.png")
    args = ap.parse_args(argv)
    X, Y = load_data()
    names = {"original": "original (minimise L)", "elimination": "elimination of local minima (minimise L̃)",
             "monitor": "elimination & failure-mode monitor"}
    results = {m: [] for m in names}
    base_only = {m: [] for m in names}
    restarts, norms = [], []
    t0 = time.time()
    for t in range(args.trials):
        for m in names:
            lm, lb, r, nrm = train(X, Y, args.seed + t, m, args.epochs, args.hidden, args.lr, args.lam, args.threshold)
            results[m].append(lm)
            base_only[m].append(lb)
            if m == "monitor":
                restarts.append(r)
            if m == "elimination":
                norms.append(nrm)
    print(f"NUMERICAL demonstration (not a certificate): digits {X.shape[0]}×{X.shape[1]}, network 64-{args.hidden}-10 "
          f"ReLU, AdaGrad lr {args.lr}, batch 64, {args.epochs} epochs, λ = {args.lam}, monitor threshold "
          f"{args.threshold} (‖a‖₂+‖b‖₂+‖W‖₂, spectral norm), seeds {args.seed}..{args.seed + args.trials - 1}")
    for m, label in names.items():
        v = np.array(results[m])
        print(f"  {label:45s} training loss: mean {v.mean():.4f}  median {np.median(v):.4f}  "
              f"10%/90% {np.quantile(v, 0.1):.4f}/{np.quantile(v, 0.9):.4f}  max {v.max():.4f}"
              + ("" if m == "original" else f"  (base f alone, g dropped: median {np.median(base_only[m]):.4f})"))
    print(f"  monitor restarts: total {sum(restarts)}, trials with a restart {sum(r > 0 for r in restarts)}; "
          f"final ‖a‖₂+‖b‖₂+‖W‖₂ without monitor: median {np.median(norms):.2f}, max {np.max(norms):.2f}")
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(7.5, 4.5))
    allv = np.concatenate([np.array(v) for v in results.values()])
    bins = np.linspace(allv.min(), allv.max(), 30)
    for (m, label), ls in zip(names.items(), ("-", "--", ":")):
        ax.hist(results[m], bins=bins, histtype="step", linewidth=2, linestyle=ls, label=label)
    ax.set_xlabel("training loss (mean cross-entropy of the trained network)")
    ax.set_ylabel("number of trials")
    ax.set_title(f"digits (sklearn), {args.trials} seeded trials per method — numerical evidence")
    ax.legend(fontsize=8)
    fig.tight_layout()
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(args.out, dpi=110)
    print(f"wrote {args.out} ({time.time() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
