"""Subcommands of `exactland` for the elimination topic (registered through exactland.cli.PLUGINS).

``exactland plot elimination-figure1 [--out PNG] [--lam λ]`` and ``… elimination-figure4``: Figures 1 and 4
of Kawaguchi & Kaelbling (2020) — the 1-D loss of Example 1 and the ``(θ, b)`` view of L̃ with
``a*`` minimised out (in closed form; ``W`` has no effect since ``x₁ = 0``), with the negative
normalised gradient field and a gradient-descent run that converges in θ to the suboptimal
local minimum while ``b`` diverges.  Illustrations in floating point, not certificates.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def _f(theta):
    import numpy as np
    return 5 * (-0.3 * np.exp(-16 * (theta - 0.2) ** 2) - 0.7 * np.exp(-32 * (theta - 0.8) ** 2) + 0.5)


def _fprime(theta):
    import numpy as np
    return 5 * (9.6 * (theta - 0.2) * np.exp(-16 * (theta - 0.2) ** 2)
                + 44.8 * (theta - 0.8) * np.exp(-32 * (theta - 0.8) ** 2))


def _reduced(kind, theta, b, lam):
    """min over a of L̃(θ, a, b) (closed form), Example 1 data (x₁ = 0)."""
    import numpy as np
    f = _f(theta)
    kappa = lam * np.exp(-2 * b)
    if kind == "figure1":  # (max(0, 1 + f + a e^b))³ + λa², y = −1; u = 1 + f + a e^b ∈ [0, c]
        c = np.maximum(1 + f, 0)
        u = (-kappa + np.sqrt(kappa ** 2 + 6 * kappa * c)) / 3
        return u ** 3 + kappa * (u - c) ** 2
    y = _f(0.8)  # figure 4: squared loss, y₁ = f(0.8)
    r = f - y
    return r ** 2 * kappa / (1 + kappa)


def _loss(kind, theta):
    import numpy as np
    f = _f(theta)
    return np.maximum(0, 1 + f) ** 3 if kind == "figure1" else (f - _f(0.8)) ** 2


def _descent_run(kind, lam, theta0=0.3, b0=0.0, steps=40000, lr=0.002):
    """Plain gradient descent on L̃(θ, a, b) (x₁ = 0, so w is inert) from (θ0, a = 0, b0)."""
    import math
    import numpy as np
    th, a, b = theta0, 0.0, b0
    path = [(th, b)]
    for _ in range(steps):
        eb = math.exp(b)
        q = float(_f(th)) + a * eb
        if kind == "figure1":
            d = 3 * max(0.0, 1 + q) ** 2
        else:
            d = 2 * (q - _f(0.8))
        g_th, g_a, g_b = d * float(_fprime(th)), d * eb + 2 * lam * a, d * a * eb
        th, a, b = th - lr * g_th, a - lr * g_a, b - lr * g_b
        path.append((th, b))
    return np.array(path)


def plot_figure(kind: str, out, lam: float = 1.0) -> Path:
    """Save the PNG of Figure 1 (``kind="figure1"``, smoothed hinge p = 3) or Figure 4 (``"figure4"``, squared)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    th = np.linspace(0, 1, 301)
    bs = np.linspace(-2, 6, 241)
    T, B = np.meshgrid(np.linspace(0, 1, 241), bs)
    Z = _reduced(kind, T, B, lam)
    fig = plt.figure(figsize=(15, 4.6))
    ax1 = fig.add_subplot(1, 3, 1)
    ax1.plot(th, _loss(kind, th), "C0")
    ax1.set_xlabel("θ")
    ax1.set_ylabel("L(θ)")
    ax1.set_title("(a) original objective L")
    ax2 = fig.add_subplot(1, 3, 2, projection="3d")
    ax2.plot_surface(T, B, Z, cmap="viridis", linewidth=0, antialiased=True, rstride=4, cstride=4)
    ax2.set_xlabel("θ")
    ax2.set_ylabel("b")
    ax2.set_zlabel("L̃")
    ax2.set_title("(b) L̃ with (a*, W*) minimised out")
    ax2.view_init(elev=28, azim=-130)
    ax3 = fig.add_subplot(1, 3, 3)
    cs = ax3.contourf(T, B, Z, levels=30, cmap="viridis")
    fig.colorbar(cs, ax=ax3)
    Tq, Bq = np.meshgrid(np.linspace(0.02, 0.98, 22), np.linspace(-1.8, 5.8, 18))
    eps = 1e-5
    gT = (_reduced(kind, Tq + eps, Bq, lam) - _reduced(kind, Tq - eps, Bq, lam)) / (2 * eps)
    gB = (_reduced(kind, Tq, Bq + eps, lam) - _reduced(kind, Tq, Bq - eps, lam)) / (2 * eps)
    norm = np.hypot(gT, gB) + 1e-300
    ax3.quiver(Tq, Bq, -gT / norm, -gB / norm, color="w", width=0.003, scale=30)
    run = _descent_run(kind, lam)
    ax3.plot(run[:, 0], np.clip(run[:, 1], bs[0], bs[-1]), "r-", lw=1.6, label=f"gradient descent from θ = 0.3, b = 0 "
                                                                          f"(final θ = {run[-1, 0]:.3f}, b = {run[-1, 1]:.2f})")
    ax3.set_xlim(0, 1)
    ax3.set_ylim(bs[0], bs[-1])
    ax3.set_xlabel("θ")
    ax3.set_ylabel("b")
    ax3.legend(loc="lower right", fontsize=7)
    ax3.set_title("(c) −∇L̃/‖∇L̃‖ and a descent run")
    loss = "smoothed hinge p = 3, y₁ = −1" if kind == "figure1" else "squared loss, y₁ = f(0.8)"
    fig.suptitle(f"Kawaguchi & Kaelbling (2020), Figure {kind[-1]}: Example 1 data (m = 1, x₁ = 0), {loss}, λ = {lam:g} "
                 "— numerical illustration")
    fig.tight_layout()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out


def cmd_figure(args) -> int:
    """``exactland plot elimination-figureN``: write the PNG, return 0."""
    kind = args.figure.split("-")[-1]
    path = plot_figure(kind, args.out or f"exactland-output/elimination_{kind}.png", args.lam)
    print(f"wrote {path} (numerical illustration; the certified statements are in `exactland check elimination`)")
    return 0


def _plot_subparsers(sub):
    """The figure subparsers under ``plot``, shared with other topics that add figures."""
    plot = sub.choices.get("plot")
    if plot is None:
        plot = sub.add_parser("plot", help="draw a figure (one subcommand per figure)")
    for action in plot._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    return plot.add_subparsers(dest="figure", required=True)


def register(sub):
    """Add this topic's subcommands to the argparse subparsers ``sub``."""
    figs = _plot_subparsers(sub)
    for name, what in (("elimination-figure1", "Figure 1 (Example 1, smoothed hinge)"),
                       ("elimination-figure4", "Figure 4 (Example 1 data, squared loss)")):
        p = figs.add_parser(name, help=f"Kawaguchi & Kaelbling (2020) {what}")
        p.add_argument("--out", help="PNG path (default exactland-output/elimination_figureN.png)")
        p.add_argument("--lam", type=float, default=1.0, help="λ of the regulariser λa² (default 1)")
        p.set_defaults(fn=cmd_figure, figure=name)
