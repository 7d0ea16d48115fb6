"""Lesson 6's exercise checks: right answers, nnlib-based answers, known mistakes.

Collected by tests/test_checks.py, which runs the same tests over every lesson's file.
"""

import numpy as np

from nnlib import checks
from nnlib.activations import relu_backward as nn_relu_backward
from nnlib.activations import softmax as nn_softmax
from nnlib.activations import tanh_backward as nn_tanh_backward

# ----- the lesson's answers, written the way a learner would (plain NumPy) ---------------------

def softmax(Z):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def naive_softmax(Z):
    E = np.exp(Z)
    return E / E.sum(axis=1, keepdims=True)


def softmax_global_max(Z):  # seed 000's form: the maximum of the whole array
    E = np.exp(Z - Z.max())
    return E / E.sum(axis=1, keepdims=True)


def tanh_backward(dA, Z):
    A = np.tanh(Z)
    return dA * (1 - A**2)


def relu_backward(dA, Z):
    dZ = np.array(dA, dtype=float)  # a copy: the caller's dA stays as it was
    dZ[Z <= 0] = 0
    return dZ


def relu_backward_in_place(dA, Z):
    dA[Z <= 0] = 0
    return dA


#: check name -> (check, right answers, number of visible cases, number with hidden ones)
RIGHT = {
    "check_softmax": (checks.check_softmax, (softmax,), 5, 10),
    "check_tanh_backward": (checks.check_tanh_backward, (tanh_backward,), 3, 7),
    "check_relu_backward": (checks.check_relu_backward, (relu_backward,), 3, 6),
}

#: check name -> answers built on nnlib itself (a second, independent route to the same results)
NNLIB_ANSWERS = {
    "check_softmax": (nn_softmax,),
    "check_tanh_backward": (nn_tanh_backward,),
    "check_relu_backward": (nn_relu_backward,),
}

#: (check, wrong answer(s), hidden, words of the expected hint; None: no hint expected)
MISTAKES = [
    (checks.check_softmax, (naive_softmax,), False, "NaN or inf"),
    (checks.check_softmax, (lambda Z: softmax(Z.T).T,), False, "wrong axis"),
    (checks.check_softmax, (lambda Z: np.exp(Z - Z.max()) / np.exp(Z - Z.max()).sum(),), False,
     "sum of the whole array"),
    (checks.check_softmax, (lambda Z: np.exp(Z - Z.max()) / np.exp(Z - Z.max()).sum(axis=1),),
     False, "keepdims=True"),
    (checks.check_softmax, (softmax_global_max,), False, "maximum of the whole array"),
    (checks.check_tanh_backward, (lambda dA, Z: tanh_backward(dA, np.tanh(Z)),), False,
     "applied tanh twice"),
    (checks.check_tanh_backward, (lambda dA, Z: dA * (1 - Z**2),), False, "formula written for A"),
    (checks.check_tanh_backward, (lambda dA, Z: dA * (1 - np.tanh(Z)),), False,
     "square is missing"),
    (checks.check_tanh_backward, (lambda dA, Z: 1 - np.tanh(Z) ** 2,), False, "multiply it by dA"),
    (checks.check_tanh_backward, (lambda dA, Z: dA * np.tanh(Z),), False, None),
    (checks.check_relu_backward, (lambda dA, Z: dA * (Z >= 0),), False, r"not Z >= 0"),
    (checks.check_relu_backward, (lambda dA, Z: (Z > 0).astype(float),), False,
     "multiply it by dA"),
    (checks.check_relu_backward, (lambda dA, Z: dA * np.maximum(Z, 0),), False,
     "ReLU's derivative is a step"),
    (checks.check_relu_backward, (relu_backward_in_place,), False, "Build new arrays"),
]


#: The exercise contract of the lesson's notebook: graded cell id -> (check called, points).
EXERCISES = {
    "l06_tanh_backward_test": ("check_tanh_backward", 1),
    "l06_relu_backward_test": ("check_relu_backward", 1),
    "l06_softmax_test": ("check_softmax", 1),
}

#: True when the lesson trains for a minute or more after its last exercise: the assignment
#: tests then run the student version only up to its last graded cell.
HEAVY = False
