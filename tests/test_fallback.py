"""The pure-Python fallback (no python-flint) gives the same exact answers as the flint path."""

import json
import os
import subprocess
import sys

from exactland import classify, numbers as nb, random_instance

SCRIPT = r"""
import json
from exactland import classify, numbers as nb, random_instance, verify
inst = random_instance((3, 2, 2, 2), m=4, seed=11)
out = {"backend": nb.backend()}
v = classify(inst, inst.zero_point())
out["zero"] = [v.cls, list(v.inertia), verify(v.certificate)[0]]
W = inst.unflatten([(i * 7 % 5) - 2 for i in range(inst.n_params)])
from exactland.landscape import Landscape
H = Landscape(inst).hessian(W)
out["inertia"] = list(nb.inertia(H))
print(json.dumps(out))
"""


def test_pure_python_backend_agrees_with_default():
    env = dict(os.environ, EXACTLAND_NO_FLINT="1")
    env.pop("SYMPY_GROUND_TYPES", None)
    res = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True)
    fallback = json.loads(res.stdout)
    assert fallback["backend"] == "python"
    inst = random_instance((3, 2, 2, 2), m=4, seed=11)
    v = classify(inst, inst.zero_point())
    assert fallback["zero"] == [v.cls, list(v.inertia), True]
    W = inst.unflatten([(i * 7 % 5) - 2 for i in range(inst.n_params)])
    from exactland.landscape import Landscape
    assert fallback["inertia"] == list(nb.inertia(Landscape(inst).hessian(W)))
