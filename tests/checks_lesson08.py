"""Lesson 8's exercise checks: right answers, nnlib-based answers, known mistakes.

Collected by tests/test_checks.py, which runs the same tests over every lesson's file.
"""

import math  # noqa: F401

import numpy as np  # noqa: F401
from _learner_answers import (
    softmax_cross_entropy_gradient,
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
    "check_softmax_cross_entropy_gradient": (
        checks.check_softmax_cross_entropy_gradient, (softmax_cross_entropy_gradient,), 3, 6),
}

#: check name -> answers built on nnlib itself (a second, independent route to the same results)
NNLIB_ANSWERS = {
    "check_softmax_cross_entropy_gradient": (softmax_cross_entropy_gradient,),
}

#: (check, wrong answer(s), hidden, words of the expected hint; None: no hint expected)
MISTAKES = [
    (checks.check_softmax_cross_entropy_gradient, (lambda Y, P: P - Y,), False,
     "m times too large"),
    (checks.check_softmax_cross_entropy_gradient, (lambda Y, P: (Y - P) / len(Y),), False,
     "wrong sign"),
    (checks.check_softmax_cross_entropy_gradient, (lambda Y, P: (P - Y) / P.size,), False,
     "Y_hat.size"),
    (checks.check_softmax_cross_entropy_gradient, (lambda Y, P: ((P - Y) / len(Y)).T,), False,
     "is transposed"),
]


#: The exercise contract of the lesson's notebook: graded cell id -> (check called, points).
EXERCISES = {"l08_softmax_ce_grad_test": ("check_softmax_cross_entropy_gradient", 2)}

#: True when the lesson trains for a minute or more after its last exercise: the assignment
#: tests then run the student version only up to its last graded cell.
HEAVY = True
