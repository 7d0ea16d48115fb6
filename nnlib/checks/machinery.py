"""The machinery behind :mod:`nnlib.checks`: cases, comparison, messages and hints.

:mod:`nnlib.checks` holds the public ``check_*`` functions and builds their cases from the
lessons' numbers with nnlib; this module knows nothing of the lessons. It compares a learner's
answer with the expected one (:func:`compare`), describes values in one line (:func:`summary`),
composes shape hints, recognises known mistakes (:func:`matches`), calls the learner's code on
copies of its arguments and catches what it raises (:func:`call`), and runs a list of
:class:`Case` objects, printing one line on success or raising AssertionError on the first
failure (:func:`run`). ``HINTS`` holds the text of every hint, by name.

Examples
--------
>>> run("check_double", [Case("x = 2", (2.0,), 4.0), Case("x = -1", (-1.0,), -2.0)],
...      learner(lambda x: 2 * x, "double", ("x",)))
check_double: all 2 cases passed.
>>> run("check_double", [Case("x = 2", (2.0,), 4.0, (("sign_gradient", -4.0),))],
...      learner(lambda x: -2 * x, "double", ("x",)))
Traceback (most recent call last):
...
AssertionError: check_double: case 1 of 1 failed (x = 2).
result: expected 4, received -4.
Hint: Your answer has the wrong sign: it is the negative of the expected one. Check the order
of the subtraction (Y_hat - Y, not Y - Y_hat) and the minus sign of the derivative.
"""

import copy
import signal
import threading
import warnings
from collections.abc import Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from nnlib.checks.hints import HINTS

#: Tolerances of every comparison (as in np.allclose).
RTOL, ATOL = 1e-6, 1e-8


# ----- cases and the failures they report -------------------------------------------------------

@dataclass(frozen=True)
class Case:
    """One case of a check: the learner's inputs, nnlib's answer and the known wrong answers.

    ``mistakes`` holds ``(hint name, wrong answer)`` pairs; a wrong answer is either a value
    (compared like the expected one) or a predicate ``f(received) -> bool``.
    """

    label: str
    args: tuple
    expected: Any
    mistakes: tuple = ()


class Problem(Exception):
    """A failure found while calling the learner's code (raised, caught by :func:`run`)."""

    def __init__(self, text, hint=None):
        super().__init__(text)
        self.text, self.hint = text, hint


class Mismatch(NamedTuple):
    where: str
    expected: str
    received: str
    hint: str | None = None
    structural: bool = True  #: wrong type, keys, length or shape (not just wrong values)


# ----- comparison, messages and running the learner's code -------------------------------------

def fmt(x):
    return f"{x:.10g}"


def summary(x, limit=8):
    """A one-line description of a value: numbers in full, arrays by shape and first values."""
    if x is None:
        return "None"
    if isinstance(x, (bool, int, float, np.number)):
        return fmt(x) if isinstance(x, (float, np.floating)) else repr(x)
    if isinstance(x, np.ndarray):
        if x.ndim == 0:
            return f"{fmt(x.item())} (0-d array)" if x.dtype.kind in "biuf" else repr(x)
        if x.dtype.kind not in "biuf":
            return f"array of shape {x.shape} with dtype {x.dtype}"
        values = np.array2string(
            x, precision=6, threshold=limit, edgeitems=2, max_line_width=10_000
        ).replace("\n", "")
        return f"array of shape {x.shape} {' '.join(values.split())}"
    if isinstance(x, Mapping):
        inner = ", ".join(f"{k}: {brief(v)}" for k, v in x.items())
        return f"dict {{{inner}}}"
    if isinstance(x, (tuple, list)):
        kind = type(x).__name__
        return f"{kind} of length {len(x)} ({', '.join(brief(v) for v in x)})"
    if isinstance(x, (np.random.Generator, np.random.RandomState)):
        return type(x).__name__
    text = repr(x)
    return text if len(text) < 80 else f"{type(x).__name__} object"


def brief(x):
    """Shorter than :func:`summary`: shapes only for arrays with more than 4 elements."""
    if isinstance(x, np.ndarray) and x.size > 4:
        return f"array {x.shape}"
    if isinstance(x, Mapping):
        return f"dict with keys {list(x)}"
    if isinstance(x, (tuple, list)):
        return f"{type(x).__name__} of length {len(x)}"
    return summary(x)


def transposed(name):
    """The hint for an answer whose rows and columns are swapped, worded for what it is."""
    if name.startswith("dW"):
        return (
            f"{name} is transposed (rows and columns swapped). dW has W's shape (n_out, n_in): "
            f"dW = dZ.T @ A_prev."
        )
    if name.startswith("W"):
        return (
            f"{name} is transposed (rows and columns swapped). W has shape (n_out, n_in): one row "
            f"per unit of the layer, one column per input."
        )
    name = "The result" if name == "result" else name
    return (
        f"{name} is transposed (rows and columns swapped). Examples are rows: the result has one "
        f"row per example, (m, n_out), as A_prev @ W.T + b gives it (not W @ A_prev.T)."
    )


def shape_hint(name, expected, received):
    """A hint for a result of the wrong shape."""
    name = "The result" if name == "result" else name
    if expected == received[::-1] and len(expected) == 2:
        return transposed(name)
    size = int(np.prod(expected))
    if size == int(np.prod(received)) and len(expected) == 2 and len(received) == 1:
        return (
            f"{name} lost a dimension: expected {expected}, got {received}. Keep it 2-D, e.g. "
            f"compute with 2-D arrays (X @ W.T), use keepdims=True, or .reshape({expected[0]}, -1)."
        )
    if size == int(np.prod(received)) and len(expected) == 1:
        if name.startswith("b"):  # a bias, not its gradient
            return (
                f"{name} should be 1-D with shape {expected}, got {received}: store a bias as "
                f"one number per unit, e.g. np.zeros({expected[0]}) rather than "
                f"np.zeros(({expected[0]}, 1))."
            )
        return (
            f"{name} should be 1-D with shape {expected}, got {received}: e.g. sum over the "
            f"examples with np.sum(dZ, axis=0) (without keepdims), or use .ravel()."
        )
    return (
        f"{name} should have shape {expected}, got {received}. Check which axis you sum over "
        f"and the order of the matrix product (A_prev @ W.T)."
    )


def as_numbers(received):
    """``received`` as a numeric ndarray, or None when it is not numeric."""
    try:
        arr = np.asarray(received)
    except (ValueError, TypeError):
        return None
    return arr if arr.dtype.kind in "biuf" else None


def compare(received, expected, where="result"):
    """None when ``received`` matches ``expected`` (within tolerance), else a :class:`Mismatch`."""
    if received is None:
        return Mismatch(where, brief(expected), "None", HINTS["returned_none"])
    if isinstance(expected, float):
        return compare_float(received, expected, where)
    if isinstance(expected, np.ndarray):
        return compare_array(received, expected, where)
    if isinstance(expected, Mapping):
        return compare_dict(received, expected, where)
    if isinstance(expected, (tuple, list)):
        return compare_sequence(received, expected, where)
    raise TypeError(f"compare: cannot compare with {type(expected).__name__}")  # pragma: no cover


def child(where, name):
    return str(name) if where == "result" else f"{where}.{name}"


def compare_float(received, expected, where):
    arr = as_numbers(received)
    if arr is None:
        return Mismatch(where, f"a float close to {fmt(expected)}", summary(received),
                         HINTS["float"])
    if arr.ndim > 0:
        return Mismatch(where, f"a float close to {fmt(expected)}", summary(arr),
                         HINTS["float"])
    value = float(arr)
    if not np.isfinite(value) and np.isfinite(expected):
        return Mismatch(where, fmt(expected), fmt(value), HINTS["overflow"], False)
    if not np.isclose(value, expected, rtol=RTOL, atol=ATOL):
        return Mismatch(where, fmt(expected), fmt(value), None, False)
    return None


def compare_array(received, expected, where):
    arr = as_numbers(received)
    if arr is None:
        return Mismatch(where, f"an array of shape {expected.shape}", summary(received),
                         "Return a NumPy array of numbers.")
    if arr.shape != expected.shape:
        return Mismatch(where, f"shape {expected.shape}", f"shape {arr.shape}",
                         shape_hint(where, expected.shape, arr.shape))
    if not np.isfinite(arr).all() and np.isfinite(expected).all():
        return Mismatch(where, summary(expected), summary(arr), HINTS["overflow"], False)
    if not np.allclose(arr, expected, rtol=RTOL, atol=ATOL):
        if arr.ndim == 2 and arr.shape == arr.shape[::-1] and np.allclose(arr.T, expected,
                                                                          RTOL, ATOL):
            return Mismatch(where, summary(expected), summary(arr), transposed(where), False)
        diff = np.abs(arr.astype(np.float64) - expected) - ATOL - RTOL * np.abs(expected)
        index = np.unravel_index(int(np.argmax(diff)), arr.shape)
        at = list(map(int, index)) if arr.ndim else []
        worst = (
            f" (largest difference at index {at}: expected {fmt(expected[index])}, "
            f"received {fmt(arr[index])})"
        ) if arr.ndim else ""
        return Mismatch(where, summary(expected), summary(arr) + worst, None, False)
    return None


def compare_dict(received, expected, where):
    if not isinstance(received, Mapping):
        return Mismatch(where, f"a dict with keys {list(expected)}", summary(received),
                         HINTS["keys"])
    missing = [k for k in expected if k not in received]
    extra = [k for k in received if k not in expected]
    if missing or extra:
        return Mismatch(where, f"a dict with keys {list(expected)}",
                         f"a dict with keys {list(received)}", HINTS["keys"])
    for key, value in expected.items():
        problem = compare(received[key], value, child(where, key))
        if problem:
            return problem
    return None


def compare_sequence(received, expected, where):
    fields = getattr(expected, "_fields", None)
    kind = f"a tuple ({', '.join(fields)})" if fields else f"a list of {len(expected)} items"
    if not isinstance(received, (tuple, list)) or len(received) != len(expected):
        return Mismatch(where, kind, summary(received),
                         f"Return {kind}, in that order." if fields else None)
    for i, (got, want) in enumerate(zip(received, expected, strict=True)):
        name = child(where, fields[i]) if fields else f"{where}[{i}]"
        problem = compare(got, want, name)
        if problem:
            return problem
    return None


def matches(received, wrong):
    """True when ``received`` equals a known wrong answer (value or predicate)."""
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if callable(wrong):
                return bool(wrong(received))
            return compare(received, wrong) is None
    except Exception:  # a predicate that cannot read a malformed answer: not this mistake
        return False


def identical(before, after):
    """True when ``after`` still holds exactly the values of ``before`` (inputs untouched)."""
    if isinstance(before, np.ndarray):
        return (
            isinstance(after, np.ndarray) and before.shape == after.shape
            and np.array_equal(before, after, equal_nan=True)
        )
    if isinstance(before, Mapping):
        return (
            isinstance(after, Mapping) and list(before) == list(after)
            and all(identical(before[k], after[k]) for k in before)
        )
    if isinstance(before, (tuple, list)):
        return (
            isinstance(after, (tuple, list)) and len(before) == len(after)
            and all(identical(b, a) for b, a in zip(before, after, strict=True))
        )
    return True  # numbers, strings and generators: the caller's object cannot be changed


def exception_hint(err):
    text = str(err)
    if "size-1 arrays" in text or "length-1" in text or "0-dimensional arrays" in text:
        return HINTS["math_exp"]
    if isinstance(err, ValueError) and any(w in text for w in ("matmul", "shape", "broadcast")):
        return HINTS["shapes_matmul"]
    if isinstance(err, KeyError):
        return HINTS["keys"]
    return None


#: Seconds a learner's function may run on one case before the check stops it.
TIME_LIMIT = 20.0


class TookTooLong(Exception):  # noqa: N818 - raised by the timer, not an error of the learner's
    """Raised inside the learner's code when :func:`time_limit` runs out."""


@contextmanager
def time_limit(seconds):
    """Interrupt the block after ``seconds`` (main thread on Unix; elsewhere no limit)."""
    main = threading.current_thread() is threading.main_thread()
    if not hasattr(signal, "setitimer") or not main:
        yield
        return

    def stop(signum, frame):
        raise TookTooLong()

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def call_learner(func, args, fname, arg_names):
    """Call the learner's ``func`` on copies of ``args``; raise Problem when it fails."""
    work = copy.deepcopy(args)
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings(), time_limit(TIME_LIMIT):
            warnings.simplefilter("ignore")
            out = func(*work)
    except TookTooLong:
        raise Problem(
            f"{fname} was still running after {TIME_LIMIT:g} s on a case that nnlib answers in "
            f"milliseconds, so the check stopped it (the kernel is fine).", HINTS["too_slow"]
        ) from None
    except NotImplementedError:
        raise Problem(
            f"{fname} is not written yet (it raised NotImplementedError).", HINTS["not_written"]
        ) from None
    except Exception as err:
        raise Problem(f"{fname} raised {type(err).__name__}: {err}", exception_hint(err)) \
            from None
    for name, before, after in zip(arg_names, args, work, strict=True):
        if not identical(before, after):
            hint = HINTS["in_place_update" if name in ("params", "W", "b") else "in_place"]
            raise Problem(f"{fname} changed its argument {name} in place.", hint)
    return out


def run(check, cases, call):
    """Run ``call(case)`` on every case; print one line or raise AssertionError on a failure."""
    for i, case in enumerate(cases, start=1):
        header = f"{check}: case {i} of {len(cases)} failed ({case.label})."
        try:
            received = call(case)
        except Problem as problem:
            failure = (problem.text, [problem.hint])
        else:
            failure = diagnose(received, case)
        if failure is not None:  # raised here, outside the except block: a short traceback
            fail(header, *failure)
    print(f"{check}: all {len(cases)} cases passed.")


def diagnose(received, case):
    """None when ``received`` is right, else (what is wrong, list of hints, maybe [None])."""
    mismatch = compare(received, case.expected)
    if mismatch is None:
        return None
    hints = []
    if not mismatch.structural:  # right shapes, wrong values: look for known mistakes
        hints = [HINTS[name] for name, wrong in case.mistakes if matches(received, wrong)]
    hints = list(dict.fromkeys(hints)) or [mismatch.hint]  # several when a case cannot tell
    text = f"{mismatch.where}: expected {mismatch.expected}, received {mismatch.received}."
    return text, hints


def fail(header, text, hints):
    lines = [header, text] + [f"Hint: {hint}" for hint in hints if hint]
    raise AssertionError("\n".join(lines))


def learner(func, fname, arg_names):
    """The usual ``call``: the learner's function on the case's arguments."""
    def call(case):
        return call_learner(func, case.args, fname, arg_names)
    return call


# ----- building expected and wrong answers -----------------------------------------------------

def map(f, x):
    """Apply ``f`` to every array/float inside nested tuples, lists and dicts."""
    if isinstance(x, Mapping):
        return {k: map(f, v) for k, v in x.items()}
    if isinstance(x, tuple) and hasattr(x, "_fields"):
        return type(x)(*(map(f, v) for v in x))
    if isinstance(x, (tuple, list)):
        return type(x)(map(f, v) for v in x)
    return float(f(x)) if isinstance(x, float) else f(x)


def scaled(x, factor):
    """``x`` with every array and float inside multiplied by ``factor``."""
    return map(lambda v: v * factor, x)


def cases(visible, hidden_cases, hidden):
    """The visible cases, followed by the hidden ones when ``hidden`` is true."""
    return visible + (hidden_cases if hidden else [])
