"""Scoped permission for long decimal integers.

Python ≥ 3.11 refuses int ↔ decimal-string conversions beyond 4300 digits (a guard against
denial-of-service on untrusted input).  Exact coefficients of high-degree number fields (msolve's
parametrizations, minimal polynomials in JSON) are longer, so the solver lifts the limit — but only
while it runs: :func:`long_ints` sets it to 0 (no limit) on entry and restores the caller's value on
the last exit (a counter makes nested and concurrent use from the solver's threads safe).

>>> import sys
>>> before = sys.get_int_max_str_digits()
>>> with long_ints():
...     len(str(10 ** 5000))
5001
>>> sys.get_int_max_str_digits() == before
True
"""

from __future__ import annotations

import contextlib
import functools
import sys
import threading

_LOCK = threading.Lock()
_DEPTH = 0
_SAVED = None


@contextlib.contextmanager
def long_ints():
    """Lift the int/str digit limit for the duration of the block (see the module docstring)."""
    global _DEPTH, _SAVED
    if not hasattr(sys, "set_int_max_str_digits"):  # Python < 3.11: no limit exists
        yield
        return
    with _LOCK:
        if _DEPTH == 0:
            _SAVED = sys.get_int_max_str_digits()
            sys.set_int_max_str_digits(0)
        _DEPTH += 1
    try:
        yield
    finally:
        with _LOCK:
            _DEPTH -= 1
            if _DEPTH == 0:
                sys.set_int_max_str_digits(_SAVED)


def allow_long_ints(fn):
    """Decorator form of :func:`long_ints`."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with long_ints():
            return fn(*args, **kwargs)
    return wrapper
