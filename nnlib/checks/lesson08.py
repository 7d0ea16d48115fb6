"""Checks for lesson 8's exercises."""

import numpy as np

from nnlib.activations import softmax
from nnlib.checks.common import one_hot
from nnlib.checks.machinery import Case, cases, learner, run
from nnlib.network import output_gradient

__all__ = ['check_softmax_cross_entropy_gradient']

SEED, HIDDEN_SEED = 0, 1



def _softmax_ce_case(rng, m, k):
    Y = one_hot(rng, m, k)
    Y_hat = softmax(rng.standard_normal((m, k)) * 2)
    expected = output_gradient(Y, Y_hat, (None, None, None, None, "softmax"), "cross_entropy")
    mistakes = (
        ("one_over_m", expected * m),
        ("sign_gradient", -expected),
        ("size_not_m", expected / k),
    )
    return Case(f"random m = {m}, k = {k}", (Y, Y_hat), expected, mistakes)


def check_softmax_cross_entropy_gradient(softmax_cross_entropy_gradient, hidden=False):
    """Check a learner's ``softmax_cross_entropy_gradient(Y, Y_hat)``: dZ = (Y_hat - Y) / m.

    Y is one-hot (m, k), Y_hat the softmax output (m, k); the result has shape (m, k).

    Parameters
    ----------
    softmax_cross_entropy_gradient : callable
    hidden : bool
        Also run the graders' cases (m = 1, two classes, other seed).

    Raises
    ------
    AssertionError
        With hints for a missing 1/m, a division by m * k, a sign error, a transposed result.

    Examples
    --------
    >>> check_softmax_cross_entropy_gradient(lambda Y, Y_hat: (Y_hat - Y) / Y.shape[0])
    check_softmax_cross_entropy_gradient: all 3 cases passed.
    """
    rng = np.random.default_rng(SEED)
    visible = [_softmax_ce_case(rng, m, k) for m, k in ((4, 3), (6, 10), (5, 2))]
    rng = np.random.default_rng(HIDDEN_SEED)
    hidden_cases = [_softmax_ce_case(rng, m, k) for m, k in ((1, 5), (8, 4), (3, 3))]
    run("check_softmax_cross_entropy_gradient", cases(visible, hidden_cases, hidden),
         learner(softmax_cross_entropy_gradient, "softmax_cross_entropy_gradient",
                  ("Y", "Y_hat")))
