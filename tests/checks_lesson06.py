"""Lesson 6's exercise checks: right answers, nnlib-based answers, known mistakes.

Collected by tests/test_checks.py, which runs the same tests over every lesson's file.
"""

import math  # noqa: F401

import numpy as np  # noqa: F401
from _learner_answers import (
    naive_softmax,
    stable_softmax,
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
    "check_softmax": (checks.check_softmax, (stable_softmax,), 4, 9),
}

#: check name -> answers built on nnlib itself (a second, independent route to the same results)
NNLIB_ANSWERS = {
    "check_softmax": (softmax,),
}

#: (check, wrong answer(s), hidden, words of the expected hint; None: no hint expected)
MISTAKES = [
    (checks.check_softmax, (naive_softmax,), False, "NaN or inf"),
    (checks.check_softmax, (lambda Z: stable_softmax(Z.T).T,), False, "wrong axis"),
    (checks.check_softmax, (lambda Z: np.exp(Z - Z.max()) / np.exp(Z - Z.max()).sum(),), False,
     "sum of the whole array"),
    (checks.check_softmax, (lambda Z: np.exp(Z - Z.max()) / np.exp(Z - Z.max()).sum(axis=1),),
     False, "keepdims=True"),
]


#: The exercise contract of the lesson's notebook: graded cell id -> (check called, points).
EXERCISES = {"l06_softmax_test": ("check_softmax", 1)}

#: True when the lesson trains for a minute or more after its last exercise: the assignment
#: tests then run the student version only up to its last graded cell.
HEAVY = False
