"""Numerical core for sizes beyond exact solving (floating point, with interval certificates where
they can be had).

* :mod:`.core` — numpy loss, gradient, Hessian-vector products and full Hessians of deep linear
  networks from their Kronecker block structure; Lanczos extreme eigenvalues; mpmath re-evaluation.
* :mod:`.search` — seeded multi-start critical-point search (gradient descent, Newton on ‖∇L‖²,
  saddle-free Newton) with a progress bar, a time budget and a resumable result file.
* :mod:`.certify` — interval certificates (Krawczyk existence/uniqueness + inertia on the box),
  checked by the trusted :mod:`exactland.kernel.interval`.
* :mod:`.crosscheck` — matching numerical points to exact ones.

Everything outside a verified certificate is labelled *numerical*.
"""

from .core import DeepLinearNumeric, extreme_eigenvalues, gradient_mp, loss_mp, random_deep_linear, to_fractions

__all__ = ["DeepLinearNumeric", "extreme_eigenvalues", "gradient_mp", "loss_mp", "random_deep_linear",
           "to_fractions"]
