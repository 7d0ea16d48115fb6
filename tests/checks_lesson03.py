"""Lesson 3's exercise checks: right answers, nnlib-based answers, known mistakes.

Collected by tests/test_checks.py, which runs the same tests over every lesson's file.
"""

import math  # noqa: F401

import numpy as np  # noqa: F401
from _learner_answers import (
    mse_loss,
    network_gradients,
    scaled,
)

from nnlib import checks
from nnlib.activations import sigmoid as nn_sigmoid  # noqa: F401
from nnlib.activations import softmax  # noqa: F401
from nnlib.layers import DenseCache  # noqa: F401
from nnlib.layers import dense_backward as nn_dense_backward  # noqa: F401
from nnlib.layers import dense_forward as nn_dense_forward  # noqa: F401
from nnlib.losses import binary_cross_entropy, mse  # noqa: F401
from nnlib.network import backward, forward, init_params  # noqa: F401

#: check name -> (check, right answers, number of visible cases, number with hidden ones)
RIGHT = {
    "check_mse": (checks.check_mse, (mse_loss,), 4, 7),
    "check_network_gradients": (checks.check_network_gradients, (network_gradients,), 4, 7),
}

def nn_net_grads(X, Y, W1, b1, W2, b2):
    Y_hat, caches = forward(X, {"W1": W1, "b1": b1, "W2": W2, "b2": b2}, "sigmoid")
    g = backward(Y, Y_hat, caches, "mse")
    return g["dW1"], g["db1"], g["dW2"], g["db2"]


#: check name -> answers built on nnlib itself (a second, independent route to the same results)
NNLIB_ANSWERS = {
    "check_mse": (mse,),
    "check_network_gradients": (nn_net_grads,),
}

#: (check, wrong answer(s), hidden, words of the expected hint; None: no hint expected)
MISTAKES = [
    (checks.check_mse, (lambda y, p: float(np.sum((y - p) ** 2)),), False, "sum of the squared"),
    (checks.check_mse, (lambda y, p: (y - p) ** 2,), False, "Return one number"),
    (checks.check_network_gradients, (scaled(network_gradients, 0),), False, None),
    (checks.check_network_gradients, (lambda X, *a: network_gradients(X, *a, scale=len(X)),),
     False, "m times too large"),
    (checks.check_network_gradients, (lambda *a: network_gradients(*a, factor=1.0),), False,
     "Keep the factor 2"),
    (checks.check_network_gradients, (scaled(network_gradients, -1),), False, "wrong sign"),
    (checks.check_network_gradients, (lambda *a: network_gradients(*a, at_A=True),), False,
     "derivative at A"),
    (checks.check_network_gradients,
     (lambda *a: tuple(g.reshape(-1, 1) if g.ndim == 1 else g for g in network_gradients(*a)),),
     False, "should be 1-D"),
    (checks.check_network_gradients,
     (lambda *a: tuple(g.T if g.ndim == 2 else g for g in network_gradients(*a)),), False,
     "is transposed"),
]


#: The exercise contract of the lesson's notebook: graded cell id -> (check called, points).
EXERCISES = {"l03_mse_test": ("check_mse", 1), "l03_gradients_test": ("check_network_gradients", 3)}

#: True when the lesson trains for a minute or more after its last exercise: the assignment
#: tests then run the student version only up to its last graded cell.
HEAVY = False
