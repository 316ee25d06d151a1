"""Pictures of a loss surface near a point (matplotlib, imported lazily).

Plots are illustrations, computed in floating point from the exact polynomial; no verdict is
ever read off a plot.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path


def slice_plot(landscape, point, d1, d2, path, title="", radius=1.0, n=121, label1="d₁", label2="d₂"):
    """Save a PNG of L(θ + a d₁ + b d₂) on [−r, r]², with the 1-D profile along d₁ beside it."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    base = landscape.loss(point)
    # exact bivariate polynomial L(θ + a d1 + b d2): from the restriction to lines through θ
    # we only need a grid of values, so evaluate the exact polynomial along each row a = const.
    a_vals = np.linspace(-radius, radius, n)
    Z = np.empty((n, n))
    for i, a in enumerate(a_vals):
        a_q = Fraction(a).limit_denominator(10 ** 6)
        shifted = [x + a_q * y for x, y in zip(landscape.instance.flatten(landscape.as_point(point)), d1)]
        coeffs = [float(c) for c in landscape.loss_along(shifted, [d2])]
        Z[i] = np.polynomial.polynomial.polyval(a_vals, coeffs)
    Z -= float(base)
    prof = [float(c) for c in landscape.loss_along(point, [d1])]
    prof[0] -= float(base)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.6))
    lim = float(np.quantile(np.abs(Z), 0.5)) or 1.0  # colour the neighbourhood, not the far corners
    cs = ax1.contourf(a_vals, a_vals, np.clip(Z.T, -lim, lim), levels=np.linspace(-lim, lim, 41), cmap="RdBu_r")
    ax1.contour(a_vals, a_vals, Z.T, levels=[0], colors="k", linewidths=1)
    ax1.plot([0], [0], "k*", ms=12)
    ax1.set_xlabel(label1)
    ax1.set_ylabel(label2)
    ax1.set_title("L(θ + a·d₁ + b·d₂) − L(θ)  (colour clipped)")
    fig.colorbar(cs, ax=ax1)
    ax2.plot(a_vals, np.polynomial.polynomial.polyval(a_vals, prof), "C3")
    ax2.axhline(0, color="k", lw=0.6)
    ax2.axvline(0, color="k", lw=0.6)
    ax2.set_xlabel(f"t (along {label1})")
    ax2.set_title("L(θ + t·d₁) − L(θ)")
    fig.suptitle(title)
    fig.tight_layout()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return Path(path)
