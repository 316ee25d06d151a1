"""Model kinds beyond plain deep linear networks, one module per family, and one loader for all.

``load(obj)`` reads an instance JSON object of any supported ``model.kind`` and returns the
matching instance object (a deep linear :class:`exactland.instance.Instance` for
``"deep_linear"``).  Each family's module registers its kinds in :data:`LOADERS` as
``kind -> "module:function"``; the function takes ``(obj, convert_floats)``.

>>> inst = load({"model": {"kind": "deep_linear", "widths": [1, 1]},
...              "data": {"X": [["1"]], "Y": [["2"]]}})
>>> inst.model.widths
(1, 1)
"""

from __future__ import annotations

import importlib

LOADERS = {
    "deep_linear": "exactland.models.factored:load_deep_linear",
    "factored": "exactland.models.factored:load_factored",
    "multi_tower": "exactland.models.factored:load_factored",
    "feedforward": "exactland.models.piecewise:load_feedforward",
    "resnet": "exactland.models.piecewise:load_resnet",
    "augmented": "exactland.models.augmented:load_augmented",
}


def load(obj, convert_floats: bool = False):
    """An instance object for the JSON object (or path, or JSON text) ``obj``, whatever its model kind."""
    import json
    from pathlib import Path
    if isinstance(obj, (str, Path)):
        text = str(obj)
        obj = json.loads(text) if text.lstrip().startswith("{") else json.loads(Path(text).read_text())
    if not isinstance(obj, dict) or not isinstance(obj.get("model"), dict):
        raise ValueError("an instance is a JSON object with a 'model' object")
    kind = obj["model"].get("kind")
    if kind not in LOADERS:
        raise ValueError(f"model kind {kind!r} is not supported (supported: {', '.join(sorted(LOADERS))})")
    module, func = LOADERS[kind].split(":")
    return getattr(importlib.import_module(module), func)(obj, convert_floats)
