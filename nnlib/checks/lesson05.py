"""Checks for lesson 5's exercises."""

import numpy as np

from nnlib.activations import sigmoid
from nnlib.checks.common import LogregGrads, Step, binary_labels
from nnlib.checks.machinery import Case, cases, learner, run, scaled
from nnlib.layers import DenseCache, dense_forward, linear_backward
from nnlib.losses import binary_cross_entropy
from nnlib.network import output_gradient, update

__all__ = [
    "check_logreg_forward", "check_logreg_cost", "check_logreg_gradients", "check_logreg_update",
]

SEED, HIDDEN_SEED = 0, 1



def _random_logreg(rng, m, n, scale=1.0):
    X = rng.standard_normal((m, n)) * scale
    W = rng.standard_normal((1, n))
    b = rng.standard_normal(1)
    return X, W, b


def _logreg_forward_case(label, X, W, b):
    A, cache = dense_forward(X, W, b, "sigmoid")
    mistakes = (
        ("no_activation", cache.Z),
        ("no_bias", sigmoid(cache.Z - b)),
    )
    return Case(label, (X, W, b), A, mistakes)


def check_logreg_forward(logreg_forward, hidden=False):
    """Check a learner's ``logreg_forward(X, W, b)``: A = sigmoid(X @ W.T + b) of shape (m, 1).

    Parameters
    ----------
    logreg_forward : callable
        X (m, n), W (1, n), b (1,) -> A (m, 1).
    hidden : bool
        Also run the graders' cases (m = 1, wide inputs, large values).

    Raises
    ------
    AssertionError
        With hints for a (m,) or (1, m) result, a missing sigmoid, a missing bias.

    Examples
    --------
    >>> from nnlib.activations import sigmoid
    >>> check_logreg_forward(lambda X, W, b: sigmoid(X @ W.T + b))
    check_logreg_forward: all 3 cases passed.
    """
    rng = np.random.default_rng(SEED)
    visible = [
        _logreg_forward_case(f"random m = {m}, n = {n}", *_random_logreg(rng, m, n))
        for m, n in ((5, 3), (4, 2), (6, 8))
    ]
    rng = np.random.default_rng(HIDDEN_SEED)
    hidden_cases = [
        _logreg_forward_case(f"random m = {m}, n = {n}{extra}",
                             *_random_logreg(rng, m, n, scale))
        for m, n, scale, extra in ((1, 4, 1.0, ""), (3, 12, 1.0, ""), (7, 1, 1.0, ""),
                                   (5, 3, 20.0, ", large values"))
    ]
    run("check_logreg_forward", cases(visible, hidden_cases, hidden),
         learner(logreg_forward, "logreg_forward", ("X", "W", "b")))


def _logreg_cost_case(label, A, Y):
    expected = binary_cross_entropy(Y, A)
    mistakes = (
        ("one_over_m", expected * A.shape[0]),
        ("negative_cost", -expected),
    )
    return Case(label, (A, Y), expected, mistakes)


def _random_probabilities(rng, m):
    return 0.02 + 0.96 * rng.random((m, 1))


def check_logreg_cost(logreg_cost, hidden=False):
    """Check a learner's ``logreg_cost(A, Y)``: binary cross-entropy averaged over m, a float.

    Parameters
    ----------
    logreg_cost : callable
        A and Y of shape (m, 1) (probabilities and 0/1 labels) -> float.
    hidden : bool
        Also run the graders' cases (m = 1, larger m, confident predictions).

    Raises
    ------
    AssertionError
        With hints for a missing 1/m, a missing minus sign, an array returned instead of a float.

    Examples
    --------
    >>> def logreg_cost(A, Y):
    ...     return float(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))
    >>> check_logreg_cost(logreg_cost)
    check_logreg_cost: all 3 cases passed.
    """
    rng = np.random.default_rng(SEED)
    visible = [
        _logreg_cost_case("A = 0.5 everywhere (cost log 2)", np.full((2, 1), 0.5),
                          np.array([[1.0], [0.0]])),
        _logreg_cost_case("random m = 5", _random_probabilities(rng, 5), binary_labels(rng, 5)),
        _logreg_cost_case("random m = 8", _random_probabilities(rng, 8), binary_labels(rng, 8)),
    ]
    rng = np.random.default_rng(HIDDEN_SEED)
    hidden_cases = [
        _logreg_cost_case("m = 1", np.array([[0.8]]), np.array([[1.0]])),
        _logreg_cost_case("random m = 50", _random_probabilities(rng, 50),
                          binary_labels(rng, 50)),
        _logreg_cost_case("confident predictions", np.array([[0.001], [0.999], [0.999]]),
                          np.array([[0.0], [1.0], [0.0]])),
    ]
    run("check_logreg_cost", cases(visible, hidden_cases, hidden),
         learner(logreg_cost, "logreg_cost", ("A", "Y")))


def _logreg_gradients_case(label, X, A, Y):
    # (A - Y) / m
    dZ = output_gradient(Y, A, (None, None, None, None, "sigmoid"), "binary_cross_entropy")
    W = np.zeros((1, X.shape[1]))
    _, dW, db = linear_backward(dZ, DenseCache(X, W, np.zeros(1), None, "sigmoid"), False)
    expected = LogregGrads(dW, db)
    mistakes = (
        ("one_over_m", scaled(expected, X.shape[0])),
        ("sign_gradient", scaled(expected, -1)),
    )
    return Case(label, (X, A, Y), expected, mistakes)


def _random_logreg_gradients_case(rng, m, n):
    X = rng.standard_normal((m, n))
    return _logreg_gradients_case(f"random m = {m}, n = {n}", X, _random_probabilities(rng, m),
                                  binary_labels(rng, m))


def check_logreg_gradients(logreg_gradients, hidden=False):
    """Check a learner's ``logreg_gradients(X, A, Y) -> (dW, db)`` for logistic regression.

    dW = (A - Y).T @ X / m has shape (1, n) and db = sum(A - Y) / m has shape (1,).

    Parameters
    ----------
    logreg_gradients : callable
        X (m, n), A (m, 1), Y (m, 1).
    hidden : bool
        Also run the graders' cases (m = 1, wide inputs).

    Raises
    ------
    AssertionError
        With hints for a missing 1/m, a sign error (Y - A), dW transposed or 1-D, db a scalar.

    Examples
    --------
    >>> def logreg_gradients(X, A, Y):
    ...     m = X.shape[0]
    ...     return (A - Y).T @ X / m, np.sum(A - Y, axis=0) / m
    >>> check_logreg_gradients(logreg_gradients)
    check_logreg_gradients: all 3 cases passed.
    """
    rng = np.random.default_rng(SEED)
    visible = [_random_logreg_gradients_case(rng, m, n) for m, n in ((5, 3), (8, 2), (4, 6))]
    rng = np.random.default_rng(HIDDEN_SEED)
    hidden_cases = [_random_logreg_gradients_case(rng, m, n) for m, n in ((1, 3), (6, 10), (9, 1))]
    run("check_logreg_gradients", cases(visible, hidden_cases, hidden),
         learner(logreg_gradients, "logreg_gradients", ("X", "A", "Y")))


def _logreg_update_case(label, W, b, dW, db, learning_rate):
    new = update({"W": W, "b": b}, {"dW": dW, "db": db}, learning_rate)
    expected = Step(new["W"], new["b"])
    mistakes = (
        ("sign_update", Step(W + learning_rate * dW, b + learning_rate * db)),
        ("no_learning_rate", Step(W - dW, b - db)),
    )
    return Case(label, (W, b, dW, db, learning_rate), expected, mistakes)


def _random_update_case(rng, n, learning_rate):
    return _logreg_update_case(
        f"random n = {n}, learning_rate = {learning_rate}", rng.standard_normal((1, n)),
        rng.standard_normal(1), rng.standard_normal((1, n)), rng.standard_normal(1),
        learning_rate,
    )


def check_logreg_update(logreg_update, hidden=False):
    """Check a learner's ``logreg_update(W, b, dW, db, learning_rate) -> (W_new, b_new)``.

    One gradient-descent step, W_new = W - learning_rate * dW (same for b), without modifying
    the arrays passed in.

    Parameters
    ----------
    logreg_update : callable
    hidden : bool
        Also run the graders' cases (n = 1, learning_rate = 1, other seed).

    Raises
    ------
    AssertionError
        With hints for a step uphill (sign error), a missing learning rate, arrays changed in
        place (W -= ...).

    Examples
    --------
    >>> check_logreg_update(lambda W, b, dW, db, lr: (W - lr * dW, b - lr * db))
    check_logreg_update: all 3 cases passed.
    """
    rng = np.random.default_rng(SEED)
    visible = [_random_update_case(rng, n, lr) for n, lr in ((3, 0.1), (5, 0.005), (2, 0.5))]
    rng = np.random.default_rng(HIDDEN_SEED)
    hidden_cases = [_random_update_case(rng, n, lr) for n, lr in ((1, 0.01), (8, 1.0))]
    run("check_logreg_update", cases(visible, hidden_cases, hidden),
         learner(logreg_update, "logreg_update", ("W", "b", "dW", "db", "learning_rate")))
