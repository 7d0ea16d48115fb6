"""Checks for lesson 3's exercises: the mean squared error, its gradient, a network's gradients."""

import numpy as np

from nnlib.checks.common import random_params, slipped_backward
from nnlib.checks.machinery import Case, cases, learner, run, scaled
from nnlib.losses import mse, mse_gradient
from nnlib.network import backward, forward

__all__ = ["check_mse", "check_mse_gradient", "check_network_gradients"]

SEED, HIDDEN_SEED = 0, 1


def _mse_case(label, Y, Y_hat):
    expected = mse(Y, Y_hat)
    mistakes = [("sum_not_mean", expected * np.size(Y_hat))]
    if np.ndim(Y_hat) == 2 and np.shape(Y_hat)[1] > 1:
        mistakes.append(("m_not_size", expected * np.shape(Y_hat)[1]))
    return Case(label, (Y, Y_hat), expected, tuple(mistakes))


def check_mse(mse, hidden=False):
    """Check a learner's ``mse(Y, Y_hat)`` against :func:`nnlib.losses.mse`.

    The mean of the squared differences over every entry, returned as a float; the truth comes
    first, as in every loss of nnlib.

    Parameters
    ----------
    mse : callable
        Takes two arrays of the same shape, returns a float.
    hidden : bool
        Also run the graders' cases (one element, equal arrays, larger values).

    Raises
    ------
    AssertionError
        With hints for a sum instead of a mean, a mean over rows only, an array instead of a
        float.

    Examples
    --------
    >>> check_mse(lambda Y, Y_hat: float(np.mean((Y - Y_hat) ** 2)))
    check_mse: all 4 cases passed.
    """
    rng = np.random.default_rng(SEED)
    visible = [
        _mse_case("the lesson's example [1, 0, 0, 1] vs [0, 0, 0, 0]",
                  np.array([1.0, 0.0, 0.0, 1.0]), np.zeros(4)),
        _mse_case("random (6,)", rng.standard_normal(6), rng.standard_normal(6)),
        _mse_case("a column (5, 1)", rng.random((5, 1)), rng.random((5, 1))),
        _mse_case("random (3, 2)", rng.standard_normal((3, 2)), rng.standard_normal((3, 2))),
    ]
    rng = np.random.default_rng(HIDDEN_SEED)
    y = rng.standard_normal(7)
    hidden_cases = [
        _mse_case("one element", np.array([3.0]), np.array([1.0])),
        _mse_case("equal arrays (cost 0)", y, y.copy()),
        _mse_case("larger values (10,)", rng.standard_normal(10) * 100, rng.standard_normal(10)),
    ]
    run("check_mse", cases(visible, hidden_cases, hidden),
        learner(mse, "mse", ("Y", "Y_hat")))


def _mse_gradient_case(label, Y, Y_hat):
    expected = mse_gradient(Y, Y_hat)
    mistakes = [
        ("one_over_m", expected * Y_hat.size),
        ("factor_two", expected * 0.5),
        ("sign_gradient", -expected),
    ]
    if Y_hat.ndim == 2 and Y_hat.shape[1] > 1:
        mistakes.append(("m_not_size", expected * Y_hat.shape[1]))
    return Case(label, (Y, Y_hat), expected, tuple(mistakes))


def check_mse_gradient(mse_gradient, hidden=False):
    """Check a learner's ``mse_gradient(Y, Y_hat)`` against :func:`nnlib.losses.mse_gradient`.

    The derivative of the mean squared error with respect to every entry of ``Y_hat``, an array
    of Y_hat's shape: ``2 * (Y_hat - Y) / Y_hat.size``.

    Parameters
    ----------
    mse_gradient : callable
    hidden : bool
        Also run the graders' cases (one example, several outputs, a perfect prediction).

    Raises
    ------
    AssertionError
        With hints for a missing division, a missing factor 2, the wrong sign, a division by
        the number of rows when there are several outputs.

    Examples
    --------
    >>> check_mse_gradient(lambda Y, Y_hat: 2 * (Y_hat - Y) / Y_hat.size)
    check_mse_gradient: all 4 cases passed.
    """
    rng = np.random.default_rng(SEED)
    visible = [
        _mse_gradient_case("the lesson's example: Y = [1, 0, 0, 1], Y_hat = 0, shape (4, 1)",
                           np.array([[1.0], [0.0], [0.0], [1.0]]), np.zeros((4, 1))),
        _mse_gradient_case("random (5, 1)", rng.random((5, 1)), rng.random((5, 1))),
        _mse_gradient_case("one example (1, 1)", np.array([[1.0]]), np.array([[0.25]])),
        _mse_gradient_case("two outputs (3, 2)", rng.random((3, 2)), rng.random((3, 2))),
    ]
    rng = np.random.default_rng(HIDDEN_SEED)
    Y = rng.random((6, 1))
    hidden_cases = [
        _mse_gradient_case("random (8, 1)", rng.random((8, 1)), rng.random((8, 1))),
        _mse_gradient_case("three outputs (4, 3)", rng.random((4, 3)), rng.random((4, 3))),
        _mse_gradient_case("a perfect prediction (gradient 0)", Y, Y.copy()),
    ]
    run("check_mse_gradient", cases(visible, hidden_cases, hidden),
        learner(mse_gradient, "mse_gradient", ("Y", "Y_hat")))


def _gradients_case(label, X, Y, params):
    Y_hat, caches = forward(X, params, "sigmoid")
    expected = backward(Y, Y_hat, caches, "mse")
    mistakes = [
        ("one_over_m", scaled(expected, X.shape[0])),
        ("factor_two", scaled(expected, 0.5)),
        ("sign_gradient", scaled(expected, -1)),
        ("derivative_at_A", slipped_backward(Y, Y_hat, caches, "mse", "at_A")),
        ("formula_on_Z", slipped_backward(Y, Y_hat, caches, "mse", "formula_on_Z")),
    ]
    return Case(label, (X, Y, params), expected, tuple(mistakes))


def _random_gradients_case(rng, m, sizes):
    params = random_params(rng, sizes)
    X = rng.standard_normal((m, sizes[0]))
    Y = rng.random((m, sizes[-1]))
    label = f"random m = {m}, sizes {'-'.join(str(s) for s in sizes)}"
    return _gradients_case(label, X, Y, params)


def check_network_gradients(network_gradients, hidden=False):
    """Check a learner's ``network_gradients(X, Y, params) -> grads`` against nnlib's backward.

    The network has two sigmoid layers, ``params = {"W1", "b1", "W2", "b2"}`` with W1 (n1, n0),
    b1 (n1,), W2 (1, n1), b2 (1,); the cost is the mean squared error over the m rows of X, with
    one output unit (Y of shape (m, 1)). The answer is the dict that
    :func:`nnlib.network.backward` returns for ``forward(X, params, "sigmoid")`` and the loss
    "mse": ``{"dW1", "db1", "dW2", "db2"}``, each with its parameter's shape.

    Parameters
    ----------
    network_gradients : callable
    hidden : bool
        Also run the graders' cases (m = 1, other sizes and seed).

    Raises
    ------
    AssertionError
        With hints for a missing 1/m, a missing factor 2, a sign error, the sigmoid derivative
        evaluated at A instead of Z (or Z put into A * (1 - A)), wrong keys, wrong or transposed
        shapes.

    Examples
    --------
    >>> from nnlib.network import backward, forward
    >>> def network_gradients(X, Y, params):
    ...     Y_hat, caches = forward(X, params, "sigmoid")
    ...     return backward(Y, Y_hat, caches, "mse")
    >>> check_network_gradients(network_gradients)
    check_network_gradients: all 4 cases passed.
    """
    rng = np.random.default_rng(SEED)
    W = np.array([[0.0, 1.0], [0.0, 1.0]])
    visible = [
        _gradients_case("the lesson 2 network: x = [2, 3], y = 1, all weights [0, 1]",
                        np.array([[2.0, 3.0]]), np.array([[1.0]]),
                        {"W1": W, "b1": np.zeros(2), "W2": W[:1].copy(), "b2": np.zeros(1)}),
        _random_gradients_case(rng, 4, [2, 2, 1]),
        _random_gradients_case(rng, 6, [3, 4, 1]),
        _random_gradients_case(rng, 5, [4, 2, 1]),
    ]
    rng = np.random.default_rng(HIDDEN_SEED)
    hidden_cases = [
        _random_gradients_case(rng, 1, [5, 3, 1]),
        _random_gradients_case(rng, 8, [2, 6, 1]),
        _random_gradients_case(rng, 3, [3, 3, 1]),
    ]
    run("check_network_gradients", cases(visible, hidden_cases, hidden),
        learner(network_gradients, "network_gradients", ("X", "Y", "params")))
