"""Checks for lesson 3's exercises."""

import numpy as np

from nnlib.checks.common import NetGrads, backprop, net_params, random_params
from nnlib.checks.machinery import Case, cases, learner, map, run, scaled
from nnlib.losses import mse
from nnlib.network import backward, forward

__all__ = ['check_mse', 'check_network_gradients']

SEED, HIDDEN_SEED = 0, 1



def _mse_case(label, y_true, y_pred):
    expected = mse(y_true, y_pred)
    mistakes = (("sum_not_mean", expected * np.size(y_pred)),)
    return Case(label, (y_true, y_pred), expected, mistakes)


def check_mse(mse_loss, hidden=False):
    """Check a learner's ``mse_loss(y_true, y_pred)``: the mean of the squared errors, a float.

    Parameters
    ----------
    mse_loss : callable
        Takes two arrays of the same shape, returns a float.
    hidden : bool
        Also run the graders' cases (one element, equal arrays, larger values).

    Raises
    ------
    AssertionError
        With hints for a sum instead of a mean and an array instead of a float.

    Examples
    --------
    >>> check_mse(lambda y_true, y_pred: float(np.mean((y_true - y_pred) ** 2)))
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
         learner(mse_loss, "mse_loss", ("y_true", "y_pred")))


def _gradients_case(label, X, Y, W1, b1, W2, b2):
    params = net_params(W1, b1, W2, b2)
    Y_hat, caches = forward(X, params, "sigmoid")
    grads = backward(Y, Y_hat, caches, "mse")
    as_tuple = lambda g: NetGrads(*(g[k] for k in NetGrads._fields))
    expected = as_tuple(grads)
    m = X.shape[0]
    mistakes = [
        ("one_over_m", scaled(expected, m)),
        ("factor_two", scaled(expected, 0.5)),
        ("sign_gradient", scaled(expected, -1)),
        ("derivative_at_A", as_tuple(backprop(Y, Y_hat, caches, "mse", "at_A"))),
        ("formula_on_Z", as_tuple(backprop(Y, Y_hat, caches, "mse", "formula_on_Z"))),
    ]
    return Case(label, (X, Y, W1, b1, W2, b2), expected, tuple(mistakes))


def _random_gradients_case(rng, m, sizes):
    p = random_params(rng, sizes)
    X = rng.standard_normal((m, sizes[0]))
    Y = rng.random((m, sizes[-1]))
    label = f"random m = {m}, sizes {'-'.join(map(str, sizes))}"
    return _gradients_case(label, X, Y, p["W1"], p["b1"], p["W2"], p["b2"])


def check_network_gradients(network_gradients, hidden=False):
    """Check a learner's ``network_gradients(X, Y, W1, b1, W2, b2) -> (dW1, db1, dW2, db2)``.

    The network is the 2-layer sigmoid network of :func:`check_network_forward`; the loss is the
    MSE averaged over the m examples, with one output unit (Y of shape (m, 1)). Each gradient
    has its parameter's shape.

    Parameters
    ----------
    network_gradients : callable
    hidden : bool
        Also run the graders' cases (m = 1, other sizes and seed).

    Raises
    ------
    AssertionError
        With hints for a missing 1/m, a missing factor 2, a sign error, the sigmoid derivative
        evaluated at A instead of Z (or Z put into A * (1 - A)), wrong or transposed shapes.

    Examples
    --------
    >>> from nnlib.network import backward, forward
    >>> def network_gradients(X, Y, W1, b1, W2, b2):
    ...     Y_hat, caches = forward(X, {"W1": W1, "b1": b1, "W2": W2, "b2": b2}, "sigmoid")
    ...     g = backward(Y, Y_hat, caches, "mse")
    ...     return g["dW1"], g["db1"], g["dW2"], g["db2"]
    >>> check_network_gradients(network_gradients)
    check_network_gradients: all 4 cases passed.
    """
    rng = np.random.default_rng(SEED)
    W = np.array([[0.0, 1.0], [0.0, 1.0]])
    visible = [
        _gradients_case("the lesson's network: x = [2, 3], y = 1, all weights [0, 1]",
                        np.array([[2.0, 3.0]]), np.array([[1.0]]), W, np.zeros(2), W[:1],
                        np.zeros(1)),
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
         learner(network_gradients, "network_gradients", ("X", "Y", "W1", "b1", "W2", "b2")))
