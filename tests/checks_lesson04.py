"""Lesson 4's exercise checks: right answers, nnlib-based answers, known mistakes.

Collected by tests/test_checks.py, which runs the same tests over every lesson's file.
"""

import numpy as np

from nnlib import checks
from nnlib.losses import sse_gradient as nn_sse_gradient
from nnlib.network import update as nn_update

# ----- the lesson's answers, written the way a learner would (plain NumPy) ---------------------

def sse_gradient(Y, Y_hat):
    return 2 * (Y_hat - Y)


def update(params, grads, learning_rate):
    return {name: value - learning_rate * grads["d" + name] for name, value in params.items()}


def update_in_place(params, grads, learning_rate):
    for name in params:
        params[name] -= learning_rate * grads["d" + name]
    return params


#: check name -> (check, right answers, number of visible cases, number with hidden ones)
RIGHT = {
    "check_sse_gradient": (checks.check_sse_gradient, (sse_gradient,), 3, 6),
    "check_update": (checks.check_update, (update,), 3, 6),
}

#: check name -> answers built on nnlib itself (a second, independent route to the same results)
NNLIB_ANSWERS = {
    "check_sse_gradient": (nn_sse_gradient,),
    "check_update": (nn_update,),
}

#: (check, wrong answer(s), hidden, words of the expected hint; None: no hint expected)
MISTAKES = [
    (checks.check_sse_gradient, (lambda Y, Y_hat: 2 * (Y_hat - Y) / len(Y),), False,
     "gradient of the mean"),
    (checks.check_sse_gradient, (lambda Y, Y_hat: 2 * (Y_hat - Y) / Y_hat.size,), False,
     "gradient of the mean"),
    (checks.check_sse_gradient, (lambda Y, Y_hat: Y_hat - Y,), False, "Keep the factor 2"),
    (checks.check_sse_gradient, (lambda Y, Y_hat: 2 * (Y - Y_hat),), False, "wrong sign"),
    (checks.check_sse_gradient, (lambda Y, Y_hat: float(np.sum(2 * (Y_hat - Y))),), False,
     r"should have shape \(4, 1\)"),
    (checks.check_update,
     (lambda p, g, lr: {k: v + lr * g["d" + k] for k, v in p.items()},), False, "moved uphill"),
    (checks.check_update, (lambda p, g, lr: {k: v - g["d" + k] for k, v in p.items()},), False,
     "ignores learning_rate"),
    (checks.check_update, (update_in_place,), False, "Build new arrays"),
    (checks.check_update,
     (lambda p, g, lr: {"d" + k: v - lr * g["d" + k] for k, v in p.items()},), False,
     "Use the keys"),
    (checks.check_update,
     (lambda p, g, lr: {k: v - lr * g["d" + k] for k, v in p.items() if k[0] == "W"},), False,
     "Use the keys"),
    (checks.check_update, (lambda p, g, lr: {k: v * 0 for k, v in p.items()},), False, None),
]


#: The exercise contract of the lesson's notebook: graded cell id -> (check called, points).
EXERCISES = {
    "l04_sse_gradient_test": ("check_sse_gradient", 1),
    "l04_update_test": ("check_update", 2),
}

#: True when the lesson trains for a minute or more after its last exercise: the assignment
#: tests then run the student version only up to its last graded cell.
HEAVY = False
