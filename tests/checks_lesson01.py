"""Lesson 1's exercise checks: right answers, nnlib-based answers, known mistakes.

Collected by tests/test_checks.py, which runs the same tests over every lesson's file.
"""

import math  # noqa: F401

import numpy as np  # noqa: F401
from _learner_answers import (
    neuron,
    sigmoid,
    sigmoid_exp_ratio,
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
    "check_sigmoid": (checks.check_sigmoid, (sigmoid,), 6, 10),
    "check_neuron": (checks.check_neuron, (neuron,), 4, 7),
}

#: check name -> answers built on nnlib itself (a second, independent route to the same results)
NNLIB_ANSWERS = {
    "check_sigmoid": (nn_sigmoid,),
    "check_neuron": (lambda x, w, b: float(nn_sigmoid(w @ x + b)),),
}

#: (check, wrong answer(s), hidden, words of the expected hint; None: no hint expected)
MISTAKES = [
    (checks.check_sigmoid, (lambda z: 1 / (1 + np.exp(z)),), False, "needs a minus sign"),
    (checks.check_sigmoid, (lambda z: 1 / (1 + math.exp(-z)),), False,
     "math.exp works on single numbers"),
    (checks.check_sigmoid, (sigmoid_exp_ratio,), True, "NaN or inf"),
    (checks.check_neuron, (lambda x, w, b: float(sigmoid(np.dot(w, x))),), False,
     "bias is missing"),
    (checks.check_neuron, (lambda x, w, b: float(np.dot(w, x) + b),), False,
     "activation is missing"),
    (checks.check_neuron, (lambda x, w, b: sigmoid(np.array([w]) @ x + b),), False,
     "Return one number"),
]


#: The exercise contract of the lesson's notebook: graded cell id -> (check called, points).
EXERCISES = {"l01_sigmoid_test": ("check_sigmoid", 1), "l01_neuron_test": ("check_neuron", 1)}

#: True when the lesson trains for a minute or more after its last exercise: the assignment
#: tests then run the student version only up to its last graded cell.
HEAVY = False
