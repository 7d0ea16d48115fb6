"""Checks for the lessons' exercises: run a learner's function, compare with nnlib, give hints.

Each ``check_*`` function takes the function(s) the learner wrote, runs them on several cases
(the lesson's own numbers, then random inputs from a fixed seed), and compares every result with
the answer of the nnlib function of the same name (rtol 1e-6, atol 1e-8). On success it prints
one line, e.g. ``check_sigmoid: all 6 cases passed.``, and returns None. On the first failing case
it raises AssertionError naming the case, what was expected, what was received and, when the
answer matches a known mistake (forgot the 1/m, derivative taken at A instead of Z, softmax over
the wrong axis, ...), a hint. ``hidden=True`` adds more cases (another seed, m = 1, non-square
shapes, large inputs): graders run those.

The learner's inputs are never modified: every call receives deep copies, and a function that
changes its arguments in place fails with a hint. A function that runs far longer than it should
(an endless loop) is stopped with a message. Warnings raised inside the learner's code are
silenced; a NaN or inf that reaches the result fails.

One module per lesson (``nnlib.checks.lesson01`` ...); the machinery that runs cases, compares
and words the messages is in :mod:`nnlib.checks.machinery`.
"""

from nnlib.checks.lesson01 import check_neuron, check_sigmoid
from nnlib.checks.lesson02 import check_network_forward
from nnlib.checks.lesson03 import check_mse, check_mse_gradient, check_network_gradients
from nnlib.checks.lesson04 import check_sse_gradient, check_update
from nnlib.checks.lesson05 import check_binary_cross_entropy, check_linear_backward
from nnlib.checks.lesson06 import check_relu_backward, check_softmax, check_tanh_backward
from nnlib.checks.lesson07 import (
    check_backward,
    check_dense_backward,
    check_dense_forward,
    check_forward,
    check_normal,
)
from nnlib.checks.lesson08 import check_minibatches, check_output_gradient
from nnlib.checks.lesson09 import check_numerical_gradient, check_relative_error
from nnlib.checks.lesson10 import check_he, check_init_params
from nnlib.checks.lesson11 import (
    check_backward_l2,
    check_dropout_backward,
    check_dropout_forward,
    check_l2_penalty,
)
from nnlib.checks.lesson12 import check_adam, check_momentum
from nnlib.checks.machinery import ATOL, HINTS, RTOL

__all__ = [
    "check_sigmoid",
    "check_neuron",
    "check_network_forward",
    "check_mse",
    "check_network_gradients",
    "check_mse_gradient",
    "check_sse_gradient",
    "check_update",
    "check_binary_cross_entropy", "check_linear_backward",
    "check_softmax", "check_tanh_backward", "check_relu_backward",
    "check_normal",
    "check_dense_forward",
    "check_dense_backward",
    "check_forward",
    "check_backward",
    "check_output_gradient",
    "check_minibatches",
    "check_relative_error", "check_numerical_gradient",
    "check_he", "check_init_params",
    "check_l2_penalty", "check_backward_l2", "check_dropout_forward", "check_dropout_backward",
    "check_momentum", "check_adam",
    "HINTS", "RTOL", "ATOL",
]
