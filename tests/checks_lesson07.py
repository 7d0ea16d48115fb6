"""Lesson 7's exercise checks: right answers, nnlib-based answers, known mistakes.

Collected by tests/test_checks.py, which runs the same tests over every lesson's file.
"""

import math  # noqa: F401

import numpy as np  # noqa: F401
from _learner_answers import (
    dense_backward,
    dense_backward_at_A,
    dense_backward_formula_on_Z,
    dense_backward_no_derivative,
    dense_forward,
    dense_forward_caching_A,
    init_column_biases,
    init_global_rng,
    init_identical,
    init_layer_params,
    init_unscaled,
    init_zeros,
    model_backward,
    model_backward_at_A,
    model_forward,
    model_forward_linear_output,
    model_forward_one_activation,
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
    "check_init_layer_params": (checks.check_init_layer_params, (init_layer_params,), 3, 6),
    "check_dense_forward": (checks.check_dense_forward, (dense_forward,), 4, 7),
    "check_dense_backward": (checks.check_dense_backward, (dense_backward,), 3, 6),
    "check_model_forward": (checks.check_model_forward, (model_forward,), 3, 6),
    "check_model_backward": (checks.check_model_backward, (model_forward, model_backward), 3, 6),
}

def nn_model_forward(X, params, activations):
    Y_hat, caches = forward(X, params, activations)
    return Y_hat, [tuple(c[:4]) for c in caches]


#: check name -> answers built on nnlib itself (a second, independent route to the same results)
NNLIB_ANSWERS = {
    "check_init_layer_params": (
            lambda sizes, rng: init_params(sizes, init="normal", rng=rng),),
    "check_dense_forward": (
            lambda A_prev, W, b, act: (lambda A, c: (A, tuple(c[:4])))(
                *nn_dense_forward(A_prev, W, b, act)),),
    "check_dense_backward": (
            lambda dA, cache, act: nn_dense_backward(dA, DenseCache(*cache, act)),),
    "check_model_forward": (nn_model_forward,),
    "check_model_backward": (
            nn_model_forward,
            lambda Y, Y_hat, caches, acts: backward(
                Y, Y_hat, [DenseCache(*c, a) for c, a in zip(caches, acts, strict=True)],
                "binary_cross_entropy")),
}

#: (check, wrong answer(s), hidden, words of the expected hint; None: no hint expected)
MISTAKES = [
    (checks.check_init_layer_params, (init_zeros,), False, "weights of a layer are zero"),
    (checks.check_init_layer_params, (init_identical,), False,
     "weights of a layer are identical"),
    (checks.check_init_layer_params, (init_unscaled,), False, "100 times too large"),
    (checks.check_init_layer_params, (init_global_rng,), False, "use the rng passed in"),
    (checks.check_init_layer_params, (init_column_biases,), False, "b1 should be 1-D"),
    (checks.check_init_layer_params, (lambda sizes, rng: {"W1": np.zeros(1)},), False,
     "Use the keys W1, b1"),
    (checks.check_dense_forward,
     (lambda A_prev, W, b, act: (A_prev @ W.T + b, (A_prev, W, b, A_prev @ W.T + b)),), False,
     "activation is missing"),
    (checks.check_dense_forward, (dense_forward_caching_A,), False, "cache must hold Z"),
    (checks.check_dense_forward,
     (lambda A_prev, W, b, act: dense_forward(A_prev, W, b, "sigmoid"),), False,
     "activation argument was ignored"),
    (checks.check_dense_forward, (lambda *args: dense_forward(*args)[0],), False,
     r"Return a tuple \(A, cache\)"),
    (checks.check_dense_backward,
     (lambda dA, cache, act: tuple(g / dA.shape[0] for g in dense_backward(dA, cache, act)),),
     False, "must not divide by m"),
    (checks.check_dense_backward, (dense_backward_at_A,), False, "derivative at A"),
    (checks.check_dense_backward, (dense_backward_formula_on_Z,), False, "plugged Z"),
    (checks.check_dense_backward, (dense_backward_no_derivative,), False,
     "derivative is missing"),
    (checks.check_dense_backward,
     (lambda dA, cache, act: (*dense_backward(dA, cache, act)[:2],
                              dense_backward(dA, cache, act)[2].reshape(1, -1)),),
     False, "db should be 1-D"),
    (checks.check_model_forward, (model_forward_one_activation,), False, "same activation"),
    (checks.check_model_forward, (model_forward_linear_output,), False,
     "last layer's activation is missing"),
    (checks.check_model_backward, (model_forward, scaled(model_backward, 5.0)), False,
     "m times too large"),
    (checks.check_model_backward, (model_forward, scaled(model_backward, 1 / 5)), False,
     "applied twice"),
    (checks.check_model_backward, (model_forward, scaled(model_backward, -1)), False,
     "wrong sign"),
    (checks.check_model_backward, (model_forward, model_backward_at_A), False,
     "derivative at A"),
    (checks.check_model_backward, (model_forward_one_activation, model_backward), False,
     "make check_model_forward pass first"),
    (checks.check_model_backward,
     (model_forward, lambda *a: {k.upper(): v for k, v in model_backward(*a).items()}), False,
     "Use the keys"),
]


#: The exercise contract of the lesson's notebook: graded cell id -> (check called, points).
EXERCISES = {
    "l07_init_test": ("check_init_layer_params", 1),
    "l07_dense_forward_test": ("check_dense_forward", 2),
    "l07_dense_backward_test": ("check_dense_backward", 2),
    "l07_model_forward_test": ("check_model_forward", 2),
    "l07_model_backward_test": ("check_model_backward", 3),
}

#: True when the lesson trains for a minute or more after its last exercise: the assignment
#: tests then run the student version only up to its last graded cell.
HEAVY = True
