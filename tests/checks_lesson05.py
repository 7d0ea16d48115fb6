"""Lesson 5's exercise checks: right answers, nnlib-based answers, known mistakes.

Lesson 5's learner writes dense_forward, binary_cross_entropy, linear_backward and update with
nnlib's names and signatures. dense_forward and update are checked by lesson 7's and lesson 4's
checks (their answers are tested in checks_lesson07.py and checks_lesson04.py); the two checks
new in lesson 5 are tested here. Collected by tests/test_checks.py.
"""

import numpy as np

from nnlib import checks
from nnlib.layers import linear_backward as nn_linear_backward
from nnlib.losses import binary_cross_entropy as nn_binary_cross_entropy

# ----- the lesson's answers, written the way a learner would (plain NumPy) ---------------------

def binary_cross_entropy(Y, Y_hat):
    m = Y.shape[0]
    return float(-np.sum(Y * np.log(Y_hat) + (1 - Y) * np.log(1 - Y_hat)) / m)


def linear_backward(dZ, cache, need_dA_prev=True):
    A_prev, W, b, Z, activation = cache
    dA_prev = dZ @ W if need_dA_prev else None
    return dA_prev, dZ.T @ A_prev, np.sum(dZ, axis=0)


def _sigmoid_derivative(Z):
    s = 1 / (1 + np.exp(-Z))
    return s * (1 - s)


#: check name -> (check, right answers, number of visible cases, number with hidden ones)
RIGHT = {
    "check_binary_cross_entropy": (checks.check_binary_cross_entropy, (binary_cross_entropy,),
                                   4, 8),
    "check_linear_backward": (checks.check_linear_backward, (linear_backward,), 4, 8),
}

#: check name -> answers built on nnlib itself (a second, independent route to the same results)
NNLIB_ANSWERS = {
    "check_binary_cross_entropy": (nn_binary_cross_entropy,),
    "check_linear_backward": (nn_linear_backward,),
}

#: (check, wrong answer(s), hidden, words of the expected hint; None: no hint expected)
MISTAKES = [
    (checks.check_binary_cross_entropy,
     (lambda Y, Y_hat: binary_cross_entropy(Y, Y_hat) * len(Y),), False, "m times too large"),
    (checks.check_binary_cross_entropy, (lambda Y, Y_hat: -binary_cross_entropy(Y, Y_hat),),
     False, "negative"),
    (checks.check_binary_cross_entropy,
     (lambda Y, Y_hat: float(-np.mean(Y * np.log(Y_hat) + (1 - Y) * np.log(1 - Y_hat))),),
     False, r"Y_hat\.size"),
    (checks.check_binary_cross_entropy, (lambda Y, Y_hat: binary_cross_entropy(Y_hat, Y),),
     False, "swap the arguments"),
    (checks.check_binary_cross_entropy,
     (lambda Y, Y_hat: -(Y * np.log(Y_hat) + (1 - Y) * np.log(1 - Y_hat)),), False,
     "Return one number"),
    (checks.check_linear_backward,
     (lambda dZ, cache, need=True: tuple(g / len(dZ) if g is not None else None
                                         for g in linear_backward(dZ, cache, need)),),
     False, "applied twice"),
    (checks.check_linear_backward,
     (lambda dZ, cache, need=True: tuple(-g if g is not None else None
                                         for g in linear_backward(dZ, cache, need)),),
     False, "wrong sign"),
    (checks.check_linear_backward,
     (lambda dZ, cache, need=True: linear_backward(dZ * _sigmoid_derivative(cache[3]), cache,
                                                   need),),
     False, "already holds g'"),
    (checks.check_linear_backward,
     (lambda dZ, cache, need=True: (dZ @ cache[1], cache[0].T @ dZ, dZ.sum(axis=0)),), False,
     "transposed"),
    (checks.check_linear_backward,
     (lambda dZ, cache, need=True: (dZ @ cache[1], dZ.T @ cache[0],
                                    dZ.sum(axis=0, keepdims=True)),), False,
     r"db should be 1-D|db lost|db should have shape"),
    (checks.check_linear_backward,
     (lambda dZ, cache: linear_backward(dZ, cache),), False, "need_dA_prev=True"),
    (checks.check_linear_backward,
     (lambda dZ, cache, need=True: linear_backward(dZ, cache),), False, "return None"),
]


#: The exercise contract of the lesson's notebook: graded cell id -> (check called, points).
EXERCISES = {
    "l05_dense_forward_test": ("check_dense_forward", 1),
    "l05_binary_cross_entropy_test": ("check_binary_cross_entropy", 1),
    "l05_linear_backward_test": ("check_linear_backward", 2),
    "l05_update_test": ("check_update", 1),
}

#: True when the lesson trains for a minute or more after its last exercise: the assignment
#: tests then run the student version only up to its last graded cell.
HEAVY = True
