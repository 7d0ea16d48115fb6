"""Lesson 3's exercise checks: right answers, nnlib-based answers, known mistakes.

Collected by tests/test_checks.py, which runs the same tests over every lesson's file.
"""

import numpy as np
from _learner_answers import sigmoid

from nnlib import checks
from nnlib.losses import mse as nn_mse
from nnlib.losses import mse_gradient as nn_mse_gradient
from nnlib.network import backward, forward

# ----- the lesson's answers, written the way a learner would (plain NumPy) ---------------------

def mse(Y, Y_hat):
    return float(np.mean((Y - Y_hat) ** 2))


def mse_gradient(Y, Y_hat):
    return 2 * (Y_hat - Y) / Y_hat.size


def network_gradients(X, Y, params, *, scale=1.0, at_A=False, factor=2.0):
    """The lesson's answer; the keywords make the usual mistakes."""
    A1 = sigmoid(X @ params["W1"].T + params["b1"])
    Y_hat = sigmoid(A1 @ params["W2"].T + params["b2"])
    dY_hat = factor * (Y_hat - Y) / Y_hat.size * scale
    slope = (lambda A: sigmoid(A) * (1 - sigmoid(A))) if at_A else (lambda A: A * (1 - A))
    dZ2 = dY_hat * slope(Y_hat)
    dZ1 = (dZ2 @ params["W2"]) * slope(A1)
    return {"dW1": dZ1.T @ X, "db1": dZ1.sum(axis=0), "dW2": dZ2.T @ A1, "db2": dZ2.sum(axis=0)}


def _changed(func, change):
    return lambda *args: {k: change(v) for k, v in func(*args).items()}


def nn_network_gradients(X, Y, params):
    Y_hat, caches = forward(X, params, "sigmoid")
    return backward(Y, Y_hat, caches, "mse")


#: check name -> (check, right answers, number of visible cases, number with hidden ones)
RIGHT = {
    "check_mse": (checks.check_mse, (mse,), 4, 7),
    "check_mse_gradient": (checks.check_mse_gradient, (mse_gradient,), 4, 7),
    "check_network_gradients": (checks.check_network_gradients, (network_gradients,), 4, 7),
}

#: check name -> answers built on nnlib itself (a second, independent route to the same results)
NNLIB_ANSWERS = {
    "check_mse": (nn_mse,),
    "check_mse_gradient": (nn_mse_gradient,),
    "check_network_gradients": (nn_network_gradients,),
}

#: (check, wrong answer(s), hidden, words of the expected hint; None: no hint expected)
MISTAKES = [
    (checks.check_mse, (lambda Y, Y_hat: float(np.sum((Y - Y_hat) ** 2)),), False,
     "sum of the squared"),
    (checks.check_mse, (lambda Y, Y_hat: (Y - Y_hat) ** 2,), False, "Return one number"),
    (checks.check_mse, (lambda Y, Y_hat: float(np.sum((Y - Y_hat) ** 2) / len(Y)),), False,
     "You divided by m, the number of rows"),
    (checks.check_mse_gradient, (lambda Y, Y_hat: 2 * (Y_hat - Y),), False,
     "m times too large"),
    (checks.check_mse_gradient, (lambda Y, Y_hat: (Y_hat - Y) / Y_hat.size,), False,
     "Keep the factor 2"),
    (checks.check_mse_gradient, (lambda Y, Y_hat: 2 * (Y - Y_hat) / Y_hat.size,), False,
     "wrong sign"),
    (checks.check_mse_gradient, (lambda Y, Y_hat: 2 * (Y_hat - Y) / len(Y_hat),), False,
     r"Y_hat.size"),
    (checks.check_mse_gradient, (lambda Y, Y_hat: np.mean(2 * (Y_hat - Y)),), False,
     r"shape \(4, 1\)"),
    (checks.check_network_gradients, (_changed(network_gradients, lambda g: 0 * g),), False,
     None),
    (checks.check_network_gradients,
     (lambda X, Y, p: network_gradients(X, Y, p, scale=len(X)),), False, "m times too large"),
    (checks.check_network_gradients,
     (lambda X, Y, p: network_gradients(X, Y, p, factor=1.0),), False, "Keep the factor 2"),
    (checks.check_network_gradients, (_changed(network_gradients, lambda g: -g),), False,
     "wrong sign"),
    (checks.check_network_gradients,
     (lambda X, Y, p: network_gradients(X, Y, p, at_A=True),), False, "derivative at A"),
    (checks.check_network_gradients,
     (_changed(network_gradients, lambda g: g.reshape(-1, 1) if g.ndim == 1 else g),), False,
     "should be 1-D"),
    (checks.check_network_gradients,
     (_changed(network_gradients, lambda g: g.T if g.ndim == 2 else g),), False, "is transposed"),
    (checks.check_network_gradients,
     (lambda X, Y, p: tuple(network_gradients(X, Y, p).values()),), False, "Use the keys"),
    (checks.check_network_gradients,
     (lambda X, Y, p: {k[1:]: v for k, v in network_gradients(X, Y, p).items()},), False,
     "Use the keys"),
]


#: The exercise contract of the lesson's notebook: graded cell id -> (check called, points).
EXERCISES = {
    "l03_mse_test": ("check_mse", 1),
    "l03_mse_gradient_test": ("check_mse_gradient", 1),
    "l03_gradients_test": ("check_network_gradients", 3),
}

#: True when the lesson trains for a minute or more after its last exercise: the assignment
#: tests then run the student version only up to its last graded cell.
HEAVY = False
