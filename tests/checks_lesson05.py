"""Lesson 5's exercise checks: right answers, nnlib-based answers, known mistakes.

Collected by tests/test_checks.py, which runs the same tests over every lesson's file.
"""

import math  # noqa: F401

import numpy as np  # noqa: F401
from _learner_answers import (
    logreg_cost,
    logreg_forward,
    logreg_gradients,
    logreg_update,
    scaled,
    sigmoid,
    update_in_place,
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
    "check_logreg_forward": (checks.check_logreg_forward, (logreg_forward,), 3, 7),
    "check_logreg_cost": (checks.check_logreg_cost, (logreg_cost,), 3, 6),
    "check_logreg_gradients": (checks.check_logreg_gradients, (logreg_gradients,), 3, 6),
    "check_logreg_update": (checks.check_logreg_update, (logreg_update,), 3, 5),
}

#: check name -> answers built on nnlib itself (a second, independent route to the same results)
NNLIB_ANSWERS = {
    "check_logreg_forward": (lambda X, W, b: nn_dense_forward(X, W, b, "sigmoid")[0],),
    "check_logreg_cost": (lambda A, Y: binary_cross_entropy(Y, A),),
    "check_logreg_gradients": (logreg_gradients,),
    "check_logreg_update": (logreg_update,),
}

#: (check, wrong answer(s), hidden, words of the expected hint; None: no hint expected)
MISTAKES = [
    (checks.check_logreg_forward, (lambda X, W, b: sigmoid(X @ W[0] + b),), False,
     "lost a dimension"),
    (checks.check_logreg_forward, (lambda X, W, b: sigmoid(W @ X.T + b),), False, "transposed"),
    (checks.check_logreg_forward, (lambda X, W, b: X @ W.T + b,), False, "activation is missing"),
    (checks.check_logreg_forward, (lambda X, W, b: sigmoid(X @ W.T),), False, "bias is missing"),
    (checks.check_logreg_cost, (lambda A, Y: logreg_cost(A, Y) * len(A),), False,
     "m times too large"),
    (checks.check_logreg_cost, (lambda A, Y: -logreg_cost(A, Y),), False, "negative"),
    (checks.check_logreg_cost, (lambda A, Y: -(Y * np.log(A) + (1 - Y) * np.log(1 - A)),), False,
     "Return one number"),
    (checks.check_logreg_gradients, (scaled(logreg_gradients, 5.0),), False, "m times too large"),
    (checks.check_logreg_gradients, (scaled(logreg_gradients, -1.0),), False, "wrong sign"),
    (checks.check_logreg_gradients,
     (lambda X, A, Y: (logreg_gradients(X, A, Y)[0], float(np.mean(A - Y))),), False,
     r"db should be 1-D|db should have shape \(1,\)"),
    (checks.check_logreg_gradients, (lambda X, A, Y: (X.T @ (A - Y) / len(X), np.mean(A - Y, 0)),),
     False, "dW is transposed"),
    (checks.check_logreg_update, (lambda W, b, dW, db, lr: (W + lr * dW, b + lr * db),), False,
     "moved uphill"),
    (checks.check_logreg_update, (lambda W, b, dW, db, lr: (W - dW, b - db),), False,
     "ignores learning_rate"),
    (checks.check_logreg_update, (update_in_place,), False, "Build new arrays"),
]


#: The exercise contract of the lesson's notebook: graded cell id -> (check called, points).
EXERCISES = {
    "l05_forward_test": ("check_logreg_forward", 1),
    "l05_cost_test": ("check_logreg_cost", 1),
    "l05_gradients_test": ("check_logreg_gradients", 2),
    "l05_update_test": ("check_logreg_update", 1),
}

#: True when the lesson trains for a minute or more after its last exercise: the assignment
#: tests then run the student version only up to its last graded cell.
HEAVY = True
