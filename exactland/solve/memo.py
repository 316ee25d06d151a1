"""One small cache for per-object derived data in the solver (untrusted side).

The solver derives the same data many times from one object — a coefficient list shared by every
point of a field, the instance of a solve — and hashing long coefficients for every lookup costs
more than the lookup saves.  :func:`by_identity` keys on object identity and guards every hit with
the very same objects plus an equal ``snapshot`` of what the value depends on (so a mutated object is
rebuilt, never served stale).
"""

from __future__ import annotations


def by_identity(store: dict, objs: tuple, snapshot, build, extra: tuple = (), limit: int = 64):
    """``build()``, remembered in ``store`` under the identities of ``objs`` (plus the hashable
    ``extra``): a hit needs the same objects (``is``) and an equal ``snapshot``.  The store is cleared
    when it holds more than ``limit`` entries."""
    key = tuple(map(id, objs)) + tuple(extra)
    hit = store.get(key)
    if hit is not None and all(a is b for a, b in zip(hit[0], objs)) and hit[1] == snapshot:
        return hit[2]
    value = build()
    if len(store) > limit:
        store.clear()
    store[key] = (objs, snapshot, value)
    return value
