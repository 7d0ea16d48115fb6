"""Checks for lesson 4's exercises: the gradient of the sum of squared errors, the update step."""

import numpy as np

from nnlib.checks.common import random_params
from nnlib.checks.machinery import Case, cases, learner, run
from nnlib.losses import sse_gradient
from nnlib.network import update

__all__ = ["check_sse_gradient", "check_update"]

SEED, HIDDEN_SEED = 0, 1


def _sse_gradient_case(label, Y, Y_hat):
    expected = sse_gradient(Y, Y_hat)
    mistakes = (
        ("sum_has_no_m", expected / Y_hat.shape[0]),
        ("sum_has_no_m", expected / Y_hat.size),
        ("factor_two", expected * 0.5),
        ("sign_gradient", -expected),
    )
    return Case(label, (Y, Y_hat), expected, mistakes)


def check_sse_gradient(sse_gradient, hidden=False):
    """Check a learner's ``sse_gradient(Y, Y_hat)`` against :func:`nnlib.losses.sse_gradient`.

    The derivative of the sum of squared errors ``sum((Y_hat - Y)**2)`` with respect to every
    entry of ``Y_hat``: an array of Y_hat's shape.

    Parameters
    ----------
    sse_gradient : callable
    hidden : bool
        Also run the graders' cases (one example, several outputs, a perfect prediction).

    Raises
    ------
    AssertionError
        With hints for a division by m (the gradient of the mean), a missing factor 2, the wrong
        sign.

    Examples
    --------
    >>> check_sse_gradient(lambda Y, Y_hat: 2 * (Y_hat - Y))
    check_sse_gradient: all 3 cases passed.
    """
    rng = np.random.default_rng(SEED)
    visible = [
        _sse_gradient_case("XOR targets [0, 1, 1, 0] vs outputs 0.5, shape (4, 1)",
                           np.array([[0.0], [1.0], [1.0], [0.0]]), np.full((4, 1), 0.5)),
        _sse_gradient_case("random (5, 1)", rng.random((5, 1)), rng.random((5, 1))),
        _sse_gradient_case("two outputs (3, 2)", rng.random((3, 2)), rng.random((3, 2))),
    ]
    rng = np.random.default_rng(HIDDEN_SEED)
    Y = rng.random((4, 1))
    hidden_cases = [
        _sse_gradient_case("one example (1, 1)", np.array([[1.0]]), np.array([[0.75]])),
        _sse_gradient_case("random (7, 3)", rng.random((7, 3)), rng.random((7, 3))),
        _sse_gradient_case("a perfect prediction (gradient 0)", Y, Y.copy()),
    ]
    run("check_sse_gradient", cases(visible, hidden_cases, hidden),
        learner(sse_gradient, "sse_gradient", ("Y", "Y_hat")))


def _update_case(label, params, grads, learning_rate):
    expected = update(params, grads, learning_rate)
    mistakes = (
        ("sign_update", {k: p + learning_rate * grads[f"d{k}"] for k, p in params.items()}),
        ("no_learning_rate", {k: p - grads[f"d{k}"] for k, p in params.items()}),
    )
    return Case(label, (params, grads, learning_rate), expected, mistakes)


def _random_update_case(rng, sizes, learning_rate, biases=True):
    params = random_params(rng, sizes)
    grads = {f"d{k}": v for k, v in random_params(rng, sizes).items()}
    if not biases:
        params = {k: v for k, v in params.items() if k.startswith("W")}
        grads = {k: v for k, v in grads.items() if k.startswith("dW")}
    label = (f"sizes {'-'.join(str(s) for s in sizes)}, learning rate {learning_rate:g}"
             f"{'' if biases else ', no biases'}")
    return _update_case(label, params, grads, learning_rate)


def check_update(update, hidden=False):
    """Check a learner's ``update(params, grads, learning_rate)`` against nnlib's ``update``.

    One step of gradient descent on every parameter: a new dict with the keys of ``params``,
    where ``params[k]`` becomes ``params[k] - learning_rate * grads["d" + k]``. The arrays passed
    in must not change. :func:`nnlib.network.update` gives the expected answers.

    Parameters
    ----------
    update : callable
    hidden : bool
        Also run the graders' cases (three layers, a tiny learning rate, other seed).

    Raises
    ------
    AssertionError
        With hints for a step uphill (adding the gradient), a forgotten learning rate, arrays
        changed in place, missing or extra keys.

    Examples
    --------
    >>> def update(params, grads, learning_rate):
    ...     return {k: p - learning_rate * grads["d" + k] for k, p in params.items()}
    >>> check_update(update)
    check_update: all 3 cases passed.
    """
    rng = np.random.default_rng(SEED)
    visible = [
        _random_update_case(rng, [3, 4, 1], 1.0, biases=False),
        _random_update_case(rng, [2, 2, 1], 0.1),
        _random_update_case(rng, [3, 5, 2], 4.0),
    ]
    rng = np.random.default_rng(HIDDEN_SEED)
    hidden_cases = [
        _random_update_case(rng, [4, 3, 3, 1], 0.5),
        _random_update_case(rng, [2, 1], 0.001),
        _random_update_case(rng, [6, 2, 3], 2.5, biases=False),
    ]
    run("check_update", cases(visible, hidden_cases, hidden),
        learner(update, "update", ("params", "grads", "learning_rate")))
