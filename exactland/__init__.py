"""exactland: exact, certified checks of theorems about local minima of loss surfaces.

Five lines from Python::

    >>> from exactland import Instance, classify, verify, random_instance
    >>> inst = random_instance((2, 2, 2, 2), m=3, seed=0)      # three weight matrices
    >>> v = classify(inst, inst.zero_point())
    >>> v.cls, verify(v.certificate)
    ('non_strict_saddle', (True, 'valid'))
"""

import os as _os

if _os.environ.get("EXACTLAND_NO_FLINT"):  # the pure-Python fallback, everywhere (tests, benchmarks)
    _os.environ.setdefault("SYMPY_GROUND_TYPES", "python")

from .classify import Verdict, classify, certificate
from .instance import (DeepLinear, HypothesisFails, Instance, SquaredLoss, Tikhonov, check_data_hypotheses,
                       kawaguchi_order, point_to_json, random_instance, rational_spectrum_instance,
                       sigma_matrix)
from .kernel import verify
from .landscape import Landscape
from .numbers import ExactnessError, ShapeError

__all__ = ["Instance", "DeepLinear", "SquaredLoss", "Tikhonov", "Landscape", "classify", "Verdict",
           "certificate", "verify", "random_instance", "rational_spectrum_instance", "check_data_hypotheses",
           "sigma_matrix", "kawaguchi_order", "point_to_json", "HypothesisFails", "ExactnessError", "ShapeError"]
__version__ = "0.1.0"
