"""Checks for lesson 5's exercises: one sigmoid neuron (logistic regression) with nnlib's names.

The learner writes ``dense_forward`` (nnlib.layers; checked by lesson 7's
:func:`~nnlib.checks.lesson07.check_dense_forward`), ``binary_cross_entropy`` (nnlib.losses),
``linear_backward`` (nnlib.layers) and ``update`` (nnlib.network; checked by lesson 4's
:func:`~nnlib.checks.lesson04.check_update`). This module holds the two checks that are new in
lesson 5; each compares the learner's function with the nnlib function of the same name.
"""

from typing import Any, NamedTuple

import numpy as np

from nnlib.activations import ACTIVATIONS
from nnlib.checks.common import LayerGrads, binary_labels, learner_cache
from nnlib.checks.machinery import Case, Problem, call_learner, cases, learner, run, scaled
from nnlib.layers import dense_forward, linear_backward
from nnlib.losses import binary_cross_entropy

__all__ = ["check_binary_cross_entropy", "check_linear_backward"]

SEED, HIDDEN_SEED = 0, 1


# ----- binary_cross_entropy -------------------------------------------------------------------

def _probabilities(rng, shape):
    """Probabilities away from 0 and 1: a learner's unclipped logs stay finite."""
    return 0.02 + 0.96 * rng.random(shape)


def _bce_case(label, Y, Y_hat):
    expected = binary_cross_entropy(Y, Y_hat)
    m = Y_hat.shape[0]
    mistakes = [
        ("one_over_m", expected * m),
        ("negative_cost", -expected),
        ("bce_order", lambda got: not np.isfinite(np.asarray(got, dtype=np.float64)).all()),
    ]
    if Y_hat.size != m:  # several outputs per example: a mean over all entries divides by m * k
        mistakes.append(("size_not_m", expected * m / Y_hat.size))
    return Case(label, (Y, Y_hat), expected, tuple(mistakes))


def check_binary_cross_entropy(binary_cross_entropy, hidden=False):
    """Check a learner's ``binary_cross_entropy(Y, Y_hat)`` against nnlib.losses' function.

    The cost -(1/m) * sum(Y * log(Y_hat) + (1 - Y) * log(1 - Y_hat)) over every entry, with m
    the number of rows (examples), returned as a float. With one output per example it is the
    mean over the examples. The truth comes first, as in every loss of nnlib and scikit-learn.

    Parameters
    ----------
    binary_cross_entropy : callable
        Y (0/1 labels) and Y_hat (probabilities strictly between 0 and 1), both (m, k) -> float.
    hidden : bool
        Also run the graders' cases (one example, many examples, confident predictions, three
        outputs per example).

    Raises
    ------
    AssertionError
        With hints for a missing 1/m, a missing minus sign, a division by Y_hat.size instead
        of m, the arguments swapped (a log of 0), an array returned instead of a float.

    Examples
    --------
    >>> def binary_cross_entropy(Y, Y_hat):
    ...     m = Y.shape[0]
    ...     return float(-np.sum(Y * np.log(Y_hat) + (1 - Y) * np.log(1 - Y_hat)) / m)
    >>> check_binary_cross_entropy(binary_cross_entropy)
    check_binary_cross_entropy: all 4 cases passed.
    """
    rng = np.random.default_rng(SEED)
    visible = [
        _bce_case("Y_hat = 0.5 everywhere (cost log 2)", np.array([[1.0], [0.0]]),
                  np.full((2, 1), 0.5)),
        _bce_case("random m = 5", binary_labels(rng, 5), _probabilities(rng, (5, 1))),
        _bce_case("random m = 8", binary_labels(rng, 8), _probabilities(rng, (8, 1))),
        _bce_case("two sigmoid outputs per example, shape (4, 2)",
                  (rng.random((4, 2)) < 0.5).astype(np.float64), _probabilities(rng, (4, 2))),
    ]
    rng = np.random.default_rng(HIDDEN_SEED)
    hidden_cases = [
        _bce_case("m = 1", np.array([[1.0]]), np.array([[0.8]])),
        _bce_case("random m = 50", binary_labels(rng, 50), _probabilities(rng, (50, 1))),
        _bce_case("confident predictions", np.array([[0.0], [1.0], [0.0]]),
                  np.array([[0.001], [0.999], [0.999]])),
        _bce_case("three outputs per example, shape (5, 3)",
                  (rng.random((5, 3)) < 0.5).astype(np.float64), _probabilities(rng, (5, 3))),
    ]
    run("check_binary_cross_entropy", cases(visible, hidden_cases, hidden),
        learner(binary_cross_entropy, "binary_cross_entropy", ("Y", "Y_hat")))


# ----- linear_backward ------------------------------------------------------------------------

class WeightGrads(NamedTuple):
    """What ``linear_backward(dZ, cache, need_dA_prev=False)`` returns besides its None."""

    dW: Any
    db: Any


def _linear_case(label, dZ, A_prev, W, b, activation, need_dA_prev=True):
    cache = dense_forward(A_prev, W, b, activation)[1]
    dA_prev, dW, db = linear_backward(dZ, cache)
    expected = LayerGrads(dA_prev, dW, db) if need_dA_prev else WeightGrads(dW, db)
    m = A_prev.shape[0]
    g_backward = ACTIVATIONS[activation][1]
    again = LayerGrads(*linear_backward(g_backward(dZ, cache.Z), cache))  # g' applied twice
    if not need_dA_prev:
        again = WeightGrads(again.dW, again.db)
    mistakes = (
        ("one_over_m_twice", scaled(expected, 1 / m)),
        ("sign_gradient", scaled(expected, -1)),
        ("derivative_in_linear", again),
    )
    args = (dZ, learner_cache(cache)) + (() if need_dA_prev else (False,))
    return Case(label, args, expected, mistakes)


def _random_linear_case(rng, m, n_in, n_out, activation="sigmoid", need_dA_prev=True):
    label = (f"random m = {m}, {n_in} -> {n_out} unit{'s' if n_out > 1 else ''}, {activation}"
             f"{'' if need_dA_prev else ', need_dA_prev=False'}")
    # dZ is a gradient of a mean over the m examples: it already holds the 1/m
    return _linear_case(label, rng.standard_normal((m, n_out)) / m,
                        rng.standard_normal((m, n_in)), rng.standard_normal((n_out, n_in)),
                        rng.standard_normal(n_out), activation, need_dA_prev)


_NEED_HINT = (
    "Give linear_backward a third parameter with a default, need_dA_prev=True, as nnlib's has: "
    "when it is False, return None in place of dA_prev (the first layer's dA_prev, a gradient "
    "for the data, is never used) and still return dW and db."
)


def _call_linear_backward(func):
    def call(case):
        names = ("dZ", "cache", "need_dA_prev")[:len(case.args)]
        try:
            out = call_learner(func, case.args, "linear_backward", names)
        except Problem as problem:
            if len(case.args) == 3 and "TypeError" in problem.text and "argument" in problem.text:
                raise Problem(problem.text, _NEED_HINT) from None
            raise
        if len(case.args) == 3 and isinstance(out, (tuple, list)) and len(out) == 3:
            if out[0] is not None:
                raise Problem("linear_backward(dZ, cache, need_dA_prev=False) returned an array "
                              "as dA_prev; expected None.", _NEED_HINT)
            return WeightGrads(out[1], out[2])
        return out
    return call


def check_linear_backward(linear_backward, hidden=False):
    """Check a learner's ``linear_backward(dZ, cache, need_dA_prev=True) -> (dA_prev, dW, db)``.

    The backward pass through Z = A_prev @ W.T + b, given dZ = dJ/dZ (which already holds the
    1/m of the cost): dW = dZ.T @ A_prev of W's shape (n_out, n_in), db = dZ summed over the
    examples, of shape (n_out,), dA_prev = dZ @ W of A_prev's shape (m, n_in), or None when
    ``need_dA_prev`` is False. ``cache`` is the tuple (A_prev, W, b, Z, activation) that
    dense_forward returns. Expected answers come from :func:`nnlib.layers.linear_backward`.

    Parameters
    ----------
    linear_backward : callable
    hidden : bool
        Also run the graders' cases (one example, one unit with many inputs, other seed).

    Raises
    ------
    AssertionError
        With hints for a second division by m, the wrong sign, the activation's derivative
        applied again, dW transposed, db of the wrong shape, need_dA_prev missing or ignored.

    Examples
    --------
    >>> def linear_backward(dZ, cache, need_dA_prev=True):
    ...     A_prev, W = cache[0], cache[1]
    ...     dA_prev = dZ @ W if need_dA_prev else None
    ...     return dA_prev, dZ.T @ A_prev, dZ.sum(axis=0)
    >>> check_linear_backward(linear_backward)
    check_linear_backward: all 4 cases passed.
    """
    rng = np.random.default_rng(SEED)
    visible = [
        _random_linear_case(rng, 5, 3, 1),
        _random_linear_case(rng, 4, 2, 3),
        _random_linear_case(rng, 6, 4, 4, "tanh"),
        _random_linear_case(rng, 3, 5, 2, need_dA_prev=False),
    ]
    rng = np.random.default_rng(HIDDEN_SEED)
    hidden_cases = [
        _random_linear_case(rng, 1, 3, 1),
        _random_linear_case(rng, 7, 12, 1),
        _random_linear_case(rng, 8, 3, 2, "relu"),
        _random_linear_case(rng, 2, 6, 3, "tanh", need_dA_prev=False),
    ]
    run("check_linear_backward", cases(visible, hidden_cases, hidden),
        _call_linear_backward(linear_backward))
