"""Lesson 2's exercise checks: right answers, nnlib-based answers, known mistakes.

Collected by tests/test_checks.py, which runs the same tests over every lesson's file.
"""

import math  # noqa: F401

import numpy as np  # noqa: F401
from _learner_answers import (
    network_forward,
    sigmoid,
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
    "check_network_forward": (checks.check_network_forward, (network_forward,), 4, 8),
}

#: check name -> answers built on nnlib itself (a second, independent route to the same results)
NNLIB_ANSWERS = {
    "check_network_forward": (
            lambda X, W1, b1, W2, b2: forward(X, {"W1": W1, "b1": b1, "W2": W2, "b2": b2},
                                              "sigmoid")[0],),
}

#: (check, wrong answer(s), hidden, words of the expected hint; None: no hint expected)
MISTAKES = [
    (checks.check_network_forward, (lambda X, W1, b1, W2, b2:
                                     sigmoid(X @ W1.T + b1) @ W2.T + b2,),
     False, "output layer's sigmoid is missing"),
    (checks.check_network_forward, (lambda X, W1, b1, W2, b2:
                                     sigmoid((X @ W1.T + b1) @ W2.T + b2),),
     False, "hidden layer's sigmoid is missing"),
    (checks.check_network_forward, (lambda X, W1, b1, W2, b2:
                                     sigmoid(sigmoid(X @ W1.T) @ W2.T),),
     True, "bias is missing"),
    (checks.check_network_forward, (lambda X, *p: network_forward(X, *p)[:, 0],), False,
     r"lost a dimension: expected \(1, 1\), got \(1,\)"),
    (checks.check_network_forward, (lambda X, *p: network_forward(X, *p).T,), False,
     "is transposed"),
    (checks.check_network_forward, (lambda X, W1, b1, W2, b2:
                                     sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2),),
     False, "Check the shapes"),
]


#: The exercise contract of the lesson's notebook: graded cell id -> (check called, points).
EXERCISES = {"l02_forward_test": ("check_network_forward", 2)}

#: True when the lesson trains for a minute or more after its last exercise: the assignment
#: tests then run the student version only up to its last graded cell.
HEAVY = False
