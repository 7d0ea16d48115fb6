"""Checks for lesson 9's exercises: the relative error and the central-difference gradient."""

import numpy as np

from nnlib.activations import sigmoid
from nnlib.checks.machinery import HINTS, Case, Problem, call_learner, cases, learner, run
from nnlib.gradcheck import numerical_gradient, relative_error
from nnlib.losses import binary_cross_entropy

__all__ = ["check_relative_error", "check_numerical_gradient"]

SEED, HIDDEN_SEED = 0, 1


# ----- relative_error ---------------------------------------------------------------------------

def _norm(v):
    return float(np.sqrt(np.sum(np.asarray(v, dtype=np.float64) ** 2)))


def _relative_case(label, a, b):
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    expected = relative_error(a, b)
    diff = _norm(a - b)
    mistakes = [("no_denominator", diff)]
    for one in (_norm(a), _norm(b)):
        if one > 0:
            mistakes.append(("one_norm", diff / one))
    if _norm(a) + _norm(b) > 0:
        mistakes.append(("squared_norms", diff ** 2 / (_norm(a) ** 2 + _norm(b) ** 2)))
        with np.errstate(all="ignore"):
            ratios = np.abs(a - b) / (np.abs(a) + np.abs(b))
        mistakes.append(("elementwise_ratio", float(np.nanmean(ratios))))
    else:  # 0 / 0
        mistakes.append(("both_zero", lambda got: np.isnan(np.asarray(got, dtype=float)).any()))
    distinct = []  # a case where two slips give the same number names only the first
    for name, wrong in mistakes:
        if callable(wrong) or not any(np.isclose(wrong, w) for _, w in distinct
                                      if not callable(w)):
            distinct.append((name, wrong))
    return Case(label, (a, b), expected, tuple(distinct))


def check_relative_error(relative_error, hidden=False):
    """Check a learner's ``relative_error(a, b) -> float``: ||a - b|| / (||a|| + ||b||).

    The norms are Euclidean norms over all entries of the arrays; the result is 0.0 when a
    and b are both zero. Expected answers come from :func:`nnlib.gradcheck.relative_error`.

    Parameters
    ----------
    relative_error : callable
    hidden : bool
        Also run the graders' cases (one array zero, very large and very small values).

    Raises
    ------
    AssertionError
        With hints for a missing denominator, a denominator with one norm only, squared norms,
        a mean of entry-by-entry ratios, NaN when both arrays are zero, an array returned
        instead of a float.

    Examples
    --------
    >>> def relative_error(a, b):
    ...     total = np.linalg.norm(a) + np.linalg.norm(b)
    ...     return 0.0 if total == 0 else float(np.linalg.norm(a - b) / total)
    >>> check_relative_error(relative_error)
    check_relative_error: all 5 cases passed.
    """
    rng = np.random.default_rng(SEED)
    visible = [
        _relative_case("a = b = [1, 2]", [1.0, 2.0], [1.0, 2.0]),
        _relative_case("random vectors (5,)", rng.standard_normal(5), rng.standard_normal(5)),
        _relative_case("a = [1], b = [3]", [1.0], [3.0]),
        _relative_case("random matrices (3, 4), like dW", rng.standard_normal((3, 4)),
                       rng.standard_normal((3, 4))),
        _relative_case("both zero", np.zeros(3), np.zeros(3)),
    ]
    rng = np.random.default_rng(HIDDEN_SEED)
    grad = rng.standard_normal((4, 2))
    hidden_cases = [
        _relative_case("a zero, b not", np.zeros(4), rng.standard_normal(4)),
        _relative_case("nearly equal gradients (4, 2)", grad,
                       grad * (1 + 1e-7 * rng.standard_normal((4, 2)))),
        _relative_case("large values, around 1e6", 1e6 * rng.standard_normal(6),
                       1e6 * rng.standard_normal(6)),
        _relative_case("small values, around 1e-9", 1e-9 * rng.standard_normal(6),
                       1e-9 * rng.standard_normal(6)),
    ]
    run("check_relative_error", cases(visible, hidden_cases, hidden),
        learner(relative_error, "relative_error", ("a", "b")))


# ----- numerical_gradient -----------------------------------------------------------------------
# The wrong variants below reproduce, on purpose, the usual slips of a hand-written loop.

def _one_sided(f, x, eps, forward=True):
    x = np.array(x, dtype=np.float64)
    grad, flat = np.zeros_like(x), x.reshape(-1)
    f0 = f(x)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + eps if forward else old - eps
        grad.flat[i] = (f(x) - f0) / eps if forward else (f0 - f(x)) / eps
        flat[i] = old
    return grad


def _central(f, x, eps, end=0):
    """Central differences on ``x`` itself (so an integer x stays integer), leaving x[i] at
    ``old + end * eps`` after its two evaluations (end = 0: restored, as it should be)."""
    grad, flat = np.zeros(x.shape), x.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + eps
        f_plus = f(x)
        flat[i] = old - eps
        f_minus = f(x)
        flat[i] = old + end * eps
        grad.flat[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def _not_restored(f, x, eps, end):
    """Central differences that leave x[i] at ``old + end * eps`` after its evaluations."""
    return _central(f, np.array(x, dtype=np.float64), eps, end)


def _integer_copy(f, x, eps):
    """Central differences on ``x.copy()``: stays an integer array when x is one."""
    return _central(f, np.asarray(x).copy(), eps)


class _Fn:
    """A named scalar function of x, so that failure messages show its formula."""

    def __init__(self, text, func):
        self.text, self.func = text, func

    def __call__(self, x):
        return self.func(x)

    def __repr__(self):
        return self.text


def _gradient_case(label, f, x, eps):
    expected = numerical_gradient(f, x, eps)
    mistakes = [
        ("one_sided", _one_sided(f, x, eps)),
        ("one_sided", _one_sided(f, x, eps, forward=False)),
        ("not_restored", _not_restored(f, x, eps, -1)),
        ("not_restored", _not_restored(f, x, eps, +1)),
        ("eps_not_doubled", 2 * expected),
        ("eps_halved", numerical_gradient(f, x, eps / 2) / 2),
        ("eps_halved", expected / 2),
    ]
    if np.asarray(x).dtype.kind in "iu":
        mistakes.insert(0, ("integer_x", _integer_copy(f, x, eps)))
    return Case(label, (f, x, eps), expected, tuple(mistakes))


def _numerical_gradient_cases(hidden):
    rng = np.random.default_rng(SEED)
    A = rng.standard_normal((4, 3))
    X, Y = rng.standard_normal((6, 4)), (rng.random((6, 1)) < 0.5).astype(np.float64)
    visible = [
        _gradient_case("f(x) = sum(x**2) at x = [1, -2], eps = 1e-6",
                       _Fn("sum(x**2)", lambda x: float(np.sum(x ** 2))),
                       np.array([1.0, -2.0]), 1e-6),
        _gradient_case("f(W) = sum(tanh(A @ W.T)), W of shape (2, 3), eps = 1e-3",
                       _Fn("sum(tanh(A @ W.T))", lambda W: float(np.sum(np.tanh(A @ W.T)))),
                       rng.standard_normal((2, 3)), 1e-3),
        _gradient_case("f(W) = cross-entropy of a sigmoid neuron, W of shape (1, 4), eps = 1e-2",
                       _Fn("binary_cross_entropy(Y, sigmoid(X @ W.T))",
                           lambda W: binary_cross_entropy(Y, sigmoid(X @ W.T))),
                       rng.standard_normal((1, 4)), 1e-2),
    ]
    rng = np.random.default_rng(HIDDEN_SEED)
    hidden_cases = [
        _gradient_case("integer x = [1, 2, -1], f(x) = sum(x**3), eps = 1e-4",
                       _Fn("sum(x**3)", lambda x: float(np.sum(np.asarray(x, float) ** 3))),
                       np.array([1, 2, -1]), 1e-4),
        _gradient_case("f(x) = prod(x) + sum(x**3), x of shape (3,), eps = 1e-2",
                       _Fn("prod(x) + sum(x**3)",
                           lambda x: float(np.prod(x) + np.sum(x ** 3))),
                       rng.standard_normal(3), 1e-2),
        _gradient_case("one number, f(x) = exp(x), eps = 1e-5",
                       _Fn("exp(x[0])", lambda x: float(np.exp(x[0]))), np.array([0.3]), 1e-5),
    ]
    return cases(visible, hidden_cases, hidden)


def check_numerical_gradient(numerical_gradient, hidden=False):
    """Check a learner's ``numerical_gradient(f, x, eps=1e-6)``: central differences.

    Entry i of the result is (f(x + eps e_i) - f(x - eps e_i)) / (2 eps), e_i the unit array
    of x's shape with a 1 at position i; the result has x's shape and x is left unchanged.
    Expected answers come from :func:`nnlib.gradcheck.numerical_gradient`.

    Parameters
    ----------
    numerical_gradient : callable
    hidden : bool
        Also run the graders' cases (an integer x, cross terms between the coordinates, a
        single coordinate).

    Raises
    ------
    AssertionError
        With hints for a one-sided difference, a perturbed x[i] not restored, a difference
        divided by eps (or 4 eps) instead of 2 eps, integers kept in x, the caller's x changed,
        a result of the wrong shape.

    Examples
    --------
    >>> from nnlib.gradcheck import numerical_gradient as reference
    >>> check_numerical_gradient(lambda f, x, eps=1e-6: reference(f, x, eps))
    check_numerical_gradient: all 3 cases passed.
    """
    def call(case):
        try:
            return call_learner(numerical_gradient, case.args, "numerical_gradient",
                                ("f", "x", "eps"))
        except Problem as problem:
            if "changed its argument x" in problem.text:
                raise Problem(problem.text, HINTS["changed_x"]) from None
            raise

    run("check_numerical_gradient", _numerical_gradient_cases(hidden), call)
