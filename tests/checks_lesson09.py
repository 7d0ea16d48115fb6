"""Lesson 9's exercise checks: right answers, nnlib-based answers, known mistakes.

Collected by tests/test_checks.py, which runs the same tests over every lesson's file.
"""

import numpy as np

from nnlib import checks
from nnlib.gradcheck import numerical_gradient as nn_numerical_gradient
from nnlib.gradcheck import relative_error as nn_relative_error

# ----- right answers, written the way the lesson asks for them ---------------------------------


def relative_error(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    denominator = np.sqrt(np.sum(a ** 2)) + np.sqrt(np.sum(b ** 2))
    if denominator == 0:
        return 0.0
    return float(np.sqrt(np.sum((a - b) ** 2)) / denominator)


def _loop(f, x, eps, step, copy=float):
    """A hand-written loop over the coordinates of x; ``step`` computes one. ``copy``: the
    dtype of the private copy of x (None keeps x's own dtype, False works on the caller's x)."""
    if copy is not False:
        x = np.array(x, dtype=copy)
    grad = np.zeros(np.shape(x))
    for i in np.ndindex(np.shape(x)):
        grad[i] = step(f, x, i, eps)
    return grad


def _central(f, x, i, eps, half_width=1.0, divisor=2.0):
    """(f(x + h e_i) - f(x - h e_i)) / (divisor * eps) with h = half_width * eps; x put back."""
    old = x[i]
    x[i] = old + half_width * eps
    f_plus = f(x)
    x[i] = old - half_width * eps
    f_minus = f(x)
    x[i] = old
    return (f_plus - f_minus) / (divisor * eps)


def numerical_gradient(f, x, eps=1e-6):
    return _loop(f, x, eps, _central)


# ----- wrong answers ---------------------------------------------------------------------------


def _one_sided(f, x, i, eps):
    f0 = f(x)
    old = x[i]
    x[i] = old + eps
    value = (f(x) - f0) / eps
    x[i] = old
    return value


def _not_restored(f, x, i, eps):
    old = x[i]
    x[i] = old + eps
    f_plus = f(x)
    x[i] = old - eps
    return (f_plus - f(x)) / (2 * eps)


def _divided_by_eps(f, x, i, eps):
    return _central(f, x, i, eps, divisor=1.0)


def _half_steps(f, x, i, eps):
    return _central(f, x, i, eps, half_width=0.5)


def gradient_in_place(f, x, eps=1e-6):
    """Works on the caller's x and leaves the last entry shifted."""
    return _loop(f, x, eps, _not_restored, copy=False)


def gradient_integer_copy(f, x, eps=1e-6):
    return _loop(f, x, eps, _central, copy=None)  # keeps an integer array integer


def relative_error_nan(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    with np.errstate(invalid="ignore"):
        return float(np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b)))


#: check name -> (check, right answers, number of visible cases, number with hidden ones)
RIGHT = {
    "check_relative_error": (checks.check_relative_error, (relative_error,), 5, 9),
    "check_numerical_gradient": (checks.check_numerical_gradient, (numerical_gradient,), 3, 6),
}

#: check name -> answers built on nnlib itself (a second, independent route to the same results)
NNLIB_ANSWERS = {
    "check_relative_error": (nn_relative_error,),
    "check_numerical_gradient": (lambda f, x, eps=1e-6: nn_numerical_gradient(f, x, eps),),
}

_norm = np.linalg.norm

#: (check, wrong answer(s), hidden, words of the expected hint; None: no hint expected)
MISTAKES = [
    (checks.check_relative_error, (lambda a, b: float(_norm(a - b)),), False,
     "without dividing by"),
    (checks.check_relative_error, (lambda a, b: float(_norm(a - b) / _norm(b)),), False,
     "sum of both norms"),
    (checks.check_relative_error, (lambda a, b: float(_norm(a - b) / _norm(a)),), False,
     "sum of both norms"),
    (checks.check_relative_error,
     (lambda a, b: float(_norm(a - b) ** 2 / (_norm(a) ** 2 + _norm(b) ** 2)),), False,
     "not their squares"),
    (checks.check_relative_error,
     (lambda a, b: float(np.mean(np.abs(a - b) / (np.abs(a) + np.abs(b)))),), False,
     "one norm over the whole array"),
    (checks.check_relative_error, (relative_error_nan,), False, "0 / 0"),
    (checks.check_relative_error,
     (lambda a, b: np.abs(a - b) / (np.abs(a) + np.abs(b) + 1e-300),), False,
     "Return one number"),
    (checks.check_relative_error, (lambda a, b: relative_error(a, b) * 1.5,), False, None),
    (checks.check_numerical_gradient, (lambda f, x, eps=1e-6: _loop(f, x, eps, _one_sided),),
     False, "one-sided difference"),
    (checks.check_numerical_gradient,
     (lambda f, x, eps=1e-6: _loop(f, x, eps, _not_restored),), False, "was not put back"),
    (checks.check_numerical_gradient,
     (lambda f, x, eps=1e-6: _loop(f, x, eps, _divided_by_eps),), False, "twice too large"),
    (checks.check_numerical_gradient, (lambda f, x, eps=1e-6: _loop(f, x, eps, _half_steps),),
     False, "half the expected one"),
    (checks.check_numerical_gradient, (gradient_in_place,), False, "changed the caller's x"),
    (checks.check_numerical_gradient, (gradient_integer_copy,), True, "x holds integers"),
    (checks.check_numerical_gradient,
     (lambda f, x, eps=1e-6: numerical_gradient(f, x, eps).ravel(),), False, "lost a dimension"),
]


#: The exercise contract of the lesson's notebook: graded cell id -> (check called, points).
EXERCISES = {
    "l09_relative_error_test": ("check_relative_error", 1),
    "l09_numerical_gradient_test": ("check_numerical_gradient", 2),
}

#: True when the lesson trains for a minute or more after its last exercise: the assignment
#: tests then run the student version only up to its last graded cell.
HEAVY = False
