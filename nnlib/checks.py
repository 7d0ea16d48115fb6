"""Checks for the lessons' exercises: run a learner's function, compare with nnlib, give hints.

Each ``check_*`` function takes the function(s) the learner wrote, runs them on several cases
(the lesson's own numbers, then random inputs from a fixed seed), and compares every result with
the answer computed by nnlib (rtol 1e-6, atol 1e-8). On success it prints one line, e.g.
``check_sigmoid: all 6 cases passed.``, and returns None. On the first failing case it raises
AssertionError naming the case, what was expected, what was received and, when the answer matches
a known mistake (forgot the 1/m, derivative taken at A instead of Z, softmax over the wrong axis,
...), a hint. ``hidden=True`` adds more cases (another seed, m = 1, non-square shapes, large
inputs): graders run those.

The learner's inputs are never modified: every call receives deep copies, and a function that
changes its arguments in place fails with a hint. Warnings raised inside the learner's code (for
example an overflow in ``np.exp``) are silenced; a NaN or inf that reaches the result fails.

This module builds the cases of each lesson with nnlib (the lessons' numbers, random
inputs, the known wrong answers); the lesson-independent machinery that runs them,
compares, formats the messages and holds the hint texts lives in :mod:`nnlib._checking`.
"""

from typing import Any, NamedTuple

import numpy as np

from nnlib._checking import (
    ATOL,
    HINTS,
    RTOL,
    Case,
    _call,
    _cases,
    _compare,
    _learner,
    _Problem,
    _run,
    _scaled,
    _summary,
)
from nnlib.activations import ACTIVATIONS, sigmoid, softmax
from nnlib.layers import DenseCache, dense_backward, dense_forward, linear_backward
from nnlib.losses import LOSSES, binary_cross_entropy, mse
from nnlib.network import backward, forward, init_params, output_gradient, update

__all__ = [
    "check_sigmoid", "check_neuron", "check_network_forward", "check_mse",
    "check_network_gradients", "check_logreg_forward", "check_logreg_cost",
    "check_logreg_gradients", "check_logreg_update", "check_softmax", "check_init_layer_params",
    "check_dense_forward", "check_dense_backward", "check_model_forward", "check_model_backward",
    "check_softmax_cross_entropy_gradient", "HINTS", "RTOL", "ATOL",
]

#: Seeds of the random cases: the visible ones, and the extra ones run with ``hidden=True``.
SEED, HIDDEN_SEED = 0, 1


# ----- the shapes of the answers --------------------------------------------------------------

class _Cache(NamedTuple):
    """The lessons' dense-layer cache, a plain 4-tuple."""

    A_prev: Any
    W: Any
    b: Any
    Z: Any


class _Pair(NamedTuple):
    A: Any
    cache: Any


class _Model(NamedTuple):
    Y_hat: Any
    caches: Any


class _LayerGrads(NamedTuple):
    dA_prev: Any
    dW: Any
    db: Any


class _NetGrads(NamedTuple):
    dW1: Any
    db1: Any
    dW2: Any
    db2: Any


class _LogregGrads(NamedTuple):
    dW: Any
    db: Any


class _Step(NamedTuple):
    W_new: Any
    b_new: Any


# ----- helpers that build references and wrong variants with nnlib ---------------------------

def _net_params(W1, b1, W2, b2):
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def _random_params(rng, sizes, scale=1.0):
    """Standard-normal weights and biases (times ``scale``): inputs for the checks."""
    params = {}
    for l in range(1, len(sizes)):
        params[f"W{l}"] = rng.standard_normal((sizes[l], sizes[l - 1])) * scale
        params[f"b{l}"] = rng.standard_normal(sizes[l]) * scale
    return params


def _binary_labels(rng, m):
    return (rng.random((m, 1)) < 0.5).astype(np.float64)


def _one_hot(rng, m, k):
    return np.eye(k)[rng.integers(0, k, size=m)]


#: The derivative written in terms of A = g(Z); a classic slip is to feed it Z.
_A_FORMULA = {"sigmoid": lambda A: A * (1 - A), "tanh": lambda A: 1 - A * A}


def _dZ(dA, Z, activation, how):
    """dZ from nnlib's backward functions; ``how`` "at_A" / "formula_on_Z" / "none" are slips."""
    g, g_backward = ACTIVATIONS[activation]
    if how == "at_A":
        return g_backward(dA, g(Z))
    if how == "formula_on_Z":
        return dA * _A_FORMULA[activation](Z) if activation in _A_FORMULA else None
    if how == "none":
        return dA
    return g_backward(dA, Z)


def _backprop(Y, Y_hat, caches, loss, how, how_output=None):
    """Backpropagation assembled from nnlib's pieces, with a chosen slip in the derivatives.

    ``how`` applies to the hidden layers, ``how_output`` (default: ``how``) to the output layer;
    "fused" uses nnlib's (Y_hat - Y) / m shortcut there. Returns None when not applicable.
    """
    L = len(caches)
    how_output = how_output or how
    last = caches[-1]
    if how_output == "fused":
        dZ = output_gradient(Y, Y_hat, last.Z, last.activation, loss)
    else:
        dZ = _dZ(LOSSES[loss][1](Y, Y_hat), last.Z, last.activation, how_output)
    grads = {}
    for l in range(L, 0, -1):
        if dZ is None:
            return None
        dA_prev, grads[f"dW{l}"], grads[f"db{l}"] = linear_backward(dZ, caches[l - 1])
        if l > 1:
            below = caches[l - 2]
            dZ = _dZ(dA_prev, below.Z, below.activation, how)
    return {k: grads[k] for l in range(1, L + 1) for k in (f"dW{l}", f"db{l}")}


# ----- lesson 01 ------------------------------------------------------------------------------

def _sigmoid_case(label, z):
    expected = sigmoid(z)
    expected = float(expected) if np.ndim(z) == 0 else expected
    wrong = sigmoid(-np.asarray(z, dtype=np.float64))
    wrong = float(wrong) if np.ndim(z) == 0 else wrong
    return Case(label, (z,), expected, (("sigmoid_sign", wrong),))


def check_sigmoid(sigmoid, hidden=False):
    """Check a learner's ``sigmoid(z)``: element-wise 1 / (1 + e^-z) for a scalar or an ndarray.

    Parameters
    ----------
    sigmoid : callable
        The learner's function.
    hidden : bool
        Also run the graders' cases (another seed, large |z| up to 1000, other shapes).

    Raises
    ------
    AssertionError
        On the first failing case, with the expected and received values and a hint (missing
        minus sign, math.exp instead of np.exp, NaN for large |z|, stub not written yet).

    Examples
    --------
    >>> check_sigmoid(lambda z: 1 / (1 + np.exp(-z)))
    check_sigmoid: all 6 cases passed.
    >>> check_sigmoid(lambda z: 1 / (1 + np.exp(z)))  # the minus sign is missing
    Traceback (most recent call last):
    ...
    AssertionError: check_sigmoid: case 2 of 6 failed (z = 7, the lesson's neuron).
    result: expected 0.9990889488, received 0.0009110511944.
    Hint: You computed 1 / (1 + exp(z)): the exponent needs a minus sign, 1 / (1 + exp(-z)).
    Then sigmoid(0) = 0.5 and large z gives values near 1.
    """
    rng = np.random.default_rng(SEED)
    visible = [
        _sigmoid_case("z = 0, a scalar", 0.0),
        _sigmoid_case("z = 7, the lesson's neuron", 7.0),
        _sigmoid_case("z = -3, a scalar", -3.0),
        _sigmoid_case("a 1-D array from -5 to 5", np.linspace(-5.0, 5.0, 7)),
        _sigmoid_case("an integer array", np.array([-2, 0, 2])),
        _sigmoid_case("a random (3, 4) array", rng.standard_normal((3, 4)) * 3),
    ]
    rng = np.random.default_rng(HIDDEN_SEED)
    hidden_cases = [
        _sigmoid_case("large |z|", np.array([-1000.0, -50.0, -1e-9, 0.0, 50.0, 1000.0])),
        _sigmoid_case("one row (1, 5)", rng.standard_normal((1, 5))),
        _sigmoid_case("a column (4, 1)", rng.standard_normal((4, 1)) * 5),
        _sigmoid_case("a random (5, 2) array", rng.standard_normal((5, 2)) * 10),
    ]
    _run("check_sigmoid", _cases(visible, hidden_cases, hidden),
         _learner(sigmoid, "sigmoid", ("z",)))


def _neuron_case(label, x, w, b):
    A, cache = dense_forward(x.reshape(1, -1), w.reshape(1, -1), np.array([b]), "sigmoid")
    Z = cache.Z
    mistakes = (
        ("no_activation", float(Z[0, 0])),
        ("no_bias", float(sigmoid(Z - b)[0, 0])),
        ("sigmoid_sign", float(sigmoid(-Z)[0, 0])),
    )
    return Case(label, (x, w, b), float(A[0, 0]), mistakes)


def check_neuron(neuron, hidden=False):
    """Check a learner's ``neuron(x, w, b)``: ``sigmoid(w . x + b)`` as a float.

    Parameters
    ----------
    neuron : callable
        ``neuron(x, w, b)`` with x and w of shape (n,) and b a float; returns a float.
    hidden : bool
        Also run the graders' cases (n = 1, n = 10, large weighted sums).

    Raises
    ------
    AssertionError
        With hints for a missing bias, a missing sigmoid, an array returned instead of a float.

    Examples
    --------
    >>> from nnlib.activations import sigmoid
    >>> check_neuron(lambda x, w, b: float(sigmoid(np.dot(w, x) + b)))
    check_neuron: all 4 cases passed.
    """
    rng = np.random.default_rng(SEED)
    visible = [
        _neuron_case("the lesson's neuron x = [2, 3], w = [0, 1], b = 4",
                     np.array([2.0, 3.0]), np.array([0.0, 1.0]), 4.0),
        _neuron_case("random n = 3", rng.standard_normal(3), rng.standard_normal(3),
                     float(rng.standard_normal())),
        _neuron_case("random n = 5, b = 0", rng.standard_normal(5), rng.standard_normal(5), 0.0),
        _neuron_case("random n = 4, negative b", rng.standard_normal(4), rng.standard_normal(4),
                     -1.5),
    ]
    rng = np.random.default_rng(HIDDEN_SEED)
    hidden_cases = [
        _neuron_case("n = 1", np.array([0.5]), np.array([-2.0]), 0.25),
        _neuron_case("random n = 10", rng.standard_normal(10), rng.standard_normal(10),
                     float(rng.standard_normal())),
        _neuron_case("a large weighted sum", rng.standard_normal(6) * 10,
                     rng.standard_normal(6) * 10, 3.0),
    ]
    _run("check_neuron", _cases(visible, hidden_cases, hidden),
         _learner(neuron, "neuron", ("x", "w", "b")))


# ----- lesson 02 ------------------------------------------------------------------------------

def _forward_case(label, X, W1, b1, W2, b2):
    params = _net_params(W1, b1, W2, b2)
    expected = forward(X, params, "sigmoid")[0]
    mistakes = [
        ("no_output_activation", forward(X, params, ["sigmoid", "identity"])[0]),
        ("no_hidden_activation", forward(X, params, ["identity", "sigmoid"])[0]),
        ("no_bias", forward(X, _net_params(W1, 0 * b1, W2, 0 * b2), "sigmoid")[0]),
    ]
    if W1.shape[0] == W1.shape[1] and W2.shape[0] == W2.shape[1]:
        mistakes.append(("not_transposed",
                         forward(X, _net_params(W1.T, b1, W2.T, b2), "sigmoid")[0]))
    return Case(label, (X, W1, b1, W2, b2), expected, tuple(mistakes))


def _random_forward_case(rng, m, sizes, scale=1.0):
    p = _random_params(rng, sizes, scale)
    X = rng.standard_normal((m, sizes[0]))
    label = f"random m = {m}, sizes {'-'.join(map(str, sizes))}"
    return _forward_case(label, X, p["W1"], p["b1"], p["W2"], p["b2"])


def check_network_forward(network_forward, hidden=False):
    """Check a learner's ``network_forward(X, W1, b1, W2, b2)`` for a 2-layer sigmoid network.

    Shapes: X (m, n0), W1 (n1, n0), b1 (n1,), W2 (n2, n1), b2 (n2,); returns Y_hat (m, n2) with
    Y_hat = sigmoid(sigmoid(X @ W1.T + b1) @ W2.T + b2).

    Parameters
    ----------
    network_forward : callable
    hidden : bool
        Also run the graders' cases (m = 1, several outputs, other sizes).

    Raises
    ------
    AssertionError
        With hints for a missing sigmoid (hidden or output), missing biases, X @ W instead of
        X @ W.T, a (m,) or transposed result.

    Examples
    --------
    >>> from nnlib.network import forward
    >>> def network_forward(X, W1, b1, W2, b2):
    ...     return forward(X, {"W1": W1, "b1": b1, "W2": W2, "b2": b2}, "sigmoid")[0]
    >>> check_network_forward(network_forward)
    check_network_forward: all 4 cases passed.
    """
    rng = np.random.default_rng(SEED)
    W = np.array([[0.0, 1.0], [0.0, 1.0]])
    visible = [
        _forward_case("the lesson's network: x = [2, 3], all weights [0, 1], zero biases",
                      np.array([[2.0, 3.0]]), W, np.zeros(2), W[:1], np.zeros(1)),
        _random_forward_case(rng, 4, [2, 2, 1]),
        _random_forward_case(rng, 5, [3, 4, 1]),
        _random_forward_case(rng, 6, [2, 3, 2]),
    ]
    rng = np.random.default_rng(HIDDEN_SEED)
    hidden_cases = [
        _random_forward_case(rng, 1, [4, 3, 2]),
        _random_forward_case(rng, 7, [2, 5, 1]),
        _random_forward_case(rng, 3, [3, 3, 3]),
        _random_forward_case(rng, 5, [6, 2, 4], scale=3.0),
    ]
    _run("check_network_forward", _cases(visible, hidden_cases, hidden),
         _learner(network_forward, "network_forward", ("X", "W1", "b1", "W2", "b2")))


# ----- lesson 03 ------------------------------------------------------------------------------

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
    _run("check_mse", _cases(visible, hidden_cases, hidden),
         _learner(mse_loss, "mse_loss", ("y_true", "y_pred")))


def _gradients_case(label, X, Y, W1, b1, W2, b2):
    params = _net_params(W1, b1, W2, b2)
    Y_hat, caches = forward(X, params, "sigmoid")
    grads = backward(Y, Y_hat, caches, "mse")
    as_tuple = lambda g: _NetGrads(*(g[k] for k in _NetGrads._fields))
    expected = as_tuple(grads)
    m = X.shape[0]
    mistakes = [
        ("one_over_m", _scaled(expected, m)),
        ("factor_two", _scaled(expected, 0.5)),
        ("sign_gradient", _scaled(expected, -1)),
        ("derivative_at_A", as_tuple(_backprop(Y, Y_hat, caches, "mse", "at_A"))),
        ("formula_on_Z", as_tuple(_backprop(Y, Y_hat, caches, "mse", "formula_on_Z"))),
    ]
    return Case(label, (X, Y, W1, b1, W2, b2), expected, tuple(mistakes))


def _random_gradients_case(rng, m, sizes):
    p = _random_params(rng, sizes)
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
    _run("check_network_gradients", _cases(visible, hidden_cases, hidden),
         _learner(network_gradients, "network_gradients", ("X", "Y", "W1", "b1", "W2", "b2")))


# ----- lesson 05 ------------------------------------------------------------------------------

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
    _run("check_logreg_forward", _cases(visible, hidden_cases, hidden),
         _learner(logreg_forward, "logreg_forward", ("X", "W", "b")))


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
        _logreg_cost_case("random m = 5", _random_probabilities(rng, 5), _binary_labels(rng, 5)),
        _logreg_cost_case("random m = 8", _random_probabilities(rng, 8), _binary_labels(rng, 8)),
    ]
    rng = np.random.default_rng(HIDDEN_SEED)
    hidden_cases = [
        _logreg_cost_case("m = 1", np.array([[0.8]]), np.array([[1.0]])),
        _logreg_cost_case("random m = 50", _random_probabilities(rng, 50),
                          _binary_labels(rng, 50)),
        _logreg_cost_case("confident predictions", np.array([[0.001], [0.999], [0.999]]),
                          np.array([[0.0], [1.0], [0.0]])),
    ]
    _run("check_logreg_cost", _cases(visible, hidden_cases, hidden),
         _learner(logreg_cost, "logreg_cost", ("A", "Y")))


def _logreg_gradients_case(label, X, A, Y):
    dZ = output_gradient(Y, A, None, "sigmoid", "binary_cross_entropy")  # (A - Y) / m
    W = np.zeros((1, X.shape[1]))
    _, dW, db = linear_backward(dZ, DenseCache(X, W, np.zeros(1), None, "sigmoid"), False)
    expected = _LogregGrads(dW, db)
    mistakes = (
        ("one_over_m", _scaled(expected, X.shape[0])),
        ("sign_gradient", _scaled(expected, -1)),
    )
    return Case(label, (X, A, Y), expected, mistakes)


def _random_logreg_gradients_case(rng, m, n):
    X = rng.standard_normal((m, n))
    return _logreg_gradients_case(f"random m = {m}, n = {n}", X, _random_probabilities(rng, m),
                                  _binary_labels(rng, m))


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
    _run("check_logreg_gradients", _cases(visible, hidden_cases, hidden),
         _learner(logreg_gradients, "logreg_gradients", ("X", "A", "Y")))


def _logreg_update_case(label, W, b, dW, db, learning_rate):
    new = update({"W": W, "b": b}, {"dW": dW, "db": db}, learning_rate)
    expected = _Step(new["W"], new["b"])
    mistakes = (
        ("sign_update", _Step(W + learning_rate * dW, b + learning_rate * db)),
        ("no_learning_rate", _Step(W - dW, b - db)),
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
    _run("check_logreg_update", _cases(visible, hidden_cases, hidden),
         _learner(logreg_update, "logreg_update", ("W", "b", "dW", "db", "learning_rate")))


# ----- lesson 06 ------------------------------------------------------------------------------

def _softmax_case(label, Z):
    E = np.exp(Z - Z.max())  # only for the wrong variants below; never overflows
    mistakes = (
        ("softmax_axis", softmax(Z.T).T),
        ("softmax_whole", E / E.sum()),
    )
    return Case(label, (Z,), softmax(Z), mistakes)


def check_softmax(stable_softmax, hidden=False):
    """Check a learner's ``stable_softmax(Z)``: row-wise softmax of Z (m, k), no overflow.

    Parameters
    ----------
    stable_softmax : callable
    hidden : bool
        Also run the graders' cases (m = 1, k = 1, |Z| up to 1e4, square Z).

    Raises
    ------
    AssertionError
        With hints for the wrong axis, a division by the sum of the whole array, row sums that
        do not broadcast (keepdims), NaN/inf for large Z (exp overflow).

    Examples
    --------
    >>> def stable_softmax(Z):
    ...     E = np.exp(Z - Z.max(axis=1, keepdims=True))
    ...     return E / E.sum(axis=1, keepdims=True)
    >>> check_softmax(stable_softmax)
    check_softmax: all 4 cases passed.
    """
    rng = np.random.default_rng(SEED)
    visible = [
        _softmax_case("one row [1, 2, 3]", np.array([[1.0, 2.0, 3.0]])),
        _softmax_case("random (4, 3)", rng.standard_normal((4, 3))),
        _softmax_case("random (2, 5)", rng.standard_normal((2, 5)) * 3),
        _softmax_case("large values up to 1000", np.array([[1000.0, 1001.0, 1002.0],
                                                           [-1000.0, 0.0, 1000.0]])),
    ]
    rng = np.random.default_rng(HIDDEN_SEED)
    hidden_cases = [
        _softmax_case("|Z| up to 1e4", np.array([[1e4, 0.0, -1e4], [-1e4, -1e4, -1e4 + 1]])),
        _softmax_case("one example (1, 4)", rng.standard_normal((1, 4))),
        _softmax_case("one class (3, 1)", rng.standard_normal((3, 1))),
        _softmax_case("square (3, 3)", rng.standard_normal((3, 3)) * 2),
        _softmax_case("random (6, 10)", rng.standard_normal((6, 10)) * 5),
    ]
    _run("check_softmax", _cases(visible, hidden_cases, hidden),
         _learner(stable_softmax, "stable_softmax", ("Z",)))


# ----- lesson 07 ------------------------------------------------------------------------------

def _weights(got):
    return [np.asarray(got[k]) for k in got if str(k).startswith("W")]


def _seeded(kind, seed):
    return np.random.RandomState(seed) if kind == "RandomState" else np.random.default_rng(seed)


def _init_case(layer_sizes, kind, seed):
    expected = init_params(layer_sizes, init="normal", rng=_seeded(kind, seed))
    mistakes = (
        ("zero_init", lambda got: any(np.all(W == 0) for W in _weights(got))),
        ("identical_init",
         lambda got: any(W.size > 1 and W.flat[0] != 0 and np.all(W == W.flat[0])
                         for W in _weights(got))),
        ("init_scale", {k: v if k.startswith("b") else v * 100 for k, v in expected.items()}),
        ("init_rng", lambda got: all(0.002 < W.std() < 0.05 for W in _weights(got))
         and _compare({k: got[k] for k in expected if k[0] == "W"},
                      {k: v for k, v in expected.items() if k[0] == "W"}) is not None),
    )
    label = f"layer_sizes = {layer_sizes}, rng = {kind}({seed})"
    return Case(label, (list(layer_sizes), _seeded(kind, seed)), expected, mistakes)


def check_init_layer_params(init_layer_params, hidden=False):
    """Check a learner's ``init_layer_params(layer_sizes, rng)``.

    Expected: a dict W1, b1, ..., WL, bL with Wl = rng.standard_normal((n_l, n_{l-1})) * 0.01
    drawn in layer order and bl = zeros of shape (n_l,).

    Parameters
    ----------
    init_layer_params : callable
    hidden : bool
        Also run the graders' cases (a numpy.random.RandomState, one layer, deeper networks).

    Raises
    ------
    AssertionError
        With hints for zero or identical weights in a layer, weights 100 times too large,
        draws not taken from ``rng``, biases of shape (n_l, 1), missing keys.

    Examples
    --------
    >>> def init_layer_params(layer_sizes, rng):
    ...     params = {}
    ...     for l in range(1, len(layer_sizes)):
    ...         params[f"W{l}"] = rng.standard_normal((layer_sizes[l], layer_sizes[l - 1])) * 0.01
    ...         params[f"b{l}"] = np.zeros(layer_sizes[l])
    ...     return params
    >>> check_init_layer_params(init_layer_params)
    check_init_layer_params: all 3 cases passed.
    """
    visible = [
        _init_case([3, 4, 1], "default_rng", 0),
        _init_case([5, 3, 2, 1], "default_rng", 1),
        _init_case([2, 2, 1], "default_rng", 2),
    ]
    hidden_cases = [
        _init_case([4, 1], "RandomState", 3),
        _init_case([10, 7, 3, 1], "default_rng", 7),
        _init_case([12288, 20, 7, 5, 1], "RandomState", 1),
    ]
    _run("check_init_layer_params", _cases(visible, hidden_cases, hidden),
         _learner(init_layer_params, "init_layer_params", ("layer_sizes", "rng")))


def _dense_forward_case(label, A_prev, W, b, activation):
    A, cache = dense_forward(A_prev, W, b, activation)
    expected = _Pair(A, _Cache(A_prev, W, b, cache.Z))
    others = [dense_forward(A_prev, W, b, name)[0] for name in ("sigmoid", "tanh", "relu")
              if name != activation]
    mistakes = (
        ("no_activation", _Pair(cache.Z, expected.cache)),
        ("cache_holds_A", _Pair(A, _Cache(A_prev, W, b, A))),
        ("ignored_activation",
         lambda got: any(_compare(got[0], other) is None for other in others)),
    )
    return Case(label, (A_prev, W, b, activation), expected, mistakes)


def _random_dense_case(rng, m, n_in, n_out, activation):
    label = f"random m = {m}, {n_in} -> {n_out} units, {activation}"
    return _dense_forward_case(label, rng.standard_normal((m, n_in)),
                               rng.standard_normal((n_out, n_in)), rng.standard_normal(n_out),
                               activation)


def check_dense_forward(dense_forward, hidden=False):
    """Check a learner's ``dense_forward(A_prev, W, b, activation) -> (A, cache)``.

    A = g(A_prev @ W.T + b) of shape (m, n_out) with g named by ``activation`` ("sigmoid",
    "tanh", "relu"); cache = (A_prev, W, b, Z).

    Parameters
    ----------
    dense_forward : callable
    hidden : bool
        Also run the graders' cases (m = 1, non-square layers, other seed).

    Raises
    ------
    AssertionError
        With hints for a missing activation, the activation argument ignored, A instead of Z in
        the cache, X @ W instead of X @ W.T, wrong shapes.

    Examples
    --------
    >>> from nnlib.layers import dense_forward as reference
    >>> def dense_forward(A_prev, W, b, activation):
    ...     A, cache = reference(A_prev, W, b, activation)
    ...     return A, (A_prev, W, b, cache.Z)
    >>> check_dense_forward(dense_forward)
    check_dense_forward: all 4 cases passed.
    """
    rng = np.random.default_rng(SEED)
    visible = [
        _dense_forward_case("the lesson's neuron: x = [2, 3], w = [0, 1], b = 4, sigmoid",
                            np.array([[2.0, 3.0]]), np.array([[0.0, 1.0]]), np.array([4.0]),
                            "sigmoid"),
        _random_dense_case(rng, 4, 3, 2, "sigmoid"),
        _random_dense_case(rng, 5, 2, 3, "tanh"),
        _random_dense_case(rng, 6, 4, 4, "relu"),
    ]
    rng = np.random.default_rng(HIDDEN_SEED)
    hidden_cases = [
        _random_dense_case(rng, 1, 5, 3, "relu"),
        _random_dense_case(rng, 7, 3, 1, "sigmoid"),
        _random_dense_case(rng, 3, 6, 2, "tanh"),
    ]
    _run("check_dense_forward", _cases(visible, hidden_cases, hidden),
         _learner(dense_forward, "dense_forward", ("A_prev", "W", "b", "activation")))


def _dense_backward_case(label, dA, A_prev, W, b, activation):
    cache = dense_forward(A_prev, W, b, activation)[1]
    expected = _LayerGrads(*dense_backward(dA, cache))
    m = A_prev.shape[0]
    mistakes = [("no_one_over_m_here", _scaled(expected, 1 / m))]
    for how, hint in (("at_A", "derivative_at_A"), ("formula_on_Z", "formula_on_Z"),
                      ("none", "no_derivative")):
        dZ = _dZ(dA, cache.Z, activation, how)
        if dZ is not None:
            mistakes.append((hint, _LayerGrads(*linear_backward(dZ, cache))))
    learner_cache = (A_prev, W, b, cache.Z)
    return Case(label, (dA, learner_cache, activation), expected, tuple(mistakes))


def _random_dense_backward_case(rng, m, n_in, n_out, activation):
    label = f"random m = {m}, {n_in} -> {n_out} units, {activation}"
    return _dense_backward_case(label, rng.standard_normal((m, n_out)),
                                rng.standard_normal((m, n_in)), rng.standard_normal((n_out, n_in)),
                                rng.standard_normal(n_out), activation)


def check_dense_backward(dense_backward, hidden=False):
    """Check a learner's ``dense_backward(dA, cache, activation) -> (dA_prev, dW, db)``.

    cache = (A_prev, W, b, Z) from dense_forward; dZ = dA * g'(Z), dW = dZ.T @ A_prev,
    db = dZ summed over the examples, dA_prev = dZ @ W. No 1/m here (it is already in dA).

    Parameters
    ----------
    dense_backward : callable
    hidden : bool
        Also run the graders' cases (m = 1, non-square layers, other seed).

    Raises
    ------
    AssertionError
        With hints for a division by m, the derivative evaluated at A instead of Z (or Z put
        into the formula for A), a missing derivative, wrong or transposed shapes.

    Examples
    --------
    >>> from nnlib.layers import DenseCache
    >>> from nnlib.layers import dense_backward as reference
    >>> def dense_backward(dA, cache, activation):
    ...     return reference(dA, DenseCache(*cache, activation))
    >>> check_dense_backward(dense_backward)
    check_dense_backward: all 3 cases passed.
    """
    rng = np.random.default_rng(SEED)
    visible = [
        _random_dense_backward_case(rng, 4, 3, 2, "sigmoid"),
        _random_dense_backward_case(rng, 5, 2, 3, "tanh"),
        _random_dense_backward_case(rng, 6, 4, 4, "relu"),
    ]
    rng = np.random.default_rng(HIDDEN_SEED)
    hidden_cases = [
        _random_dense_backward_case(rng, 1, 5, 3, "sigmoid"),
        _random_dense_backward_case(rng, 7, 3, 1, "relu"),
        _random_dense_backward_case(rng, 3, 6, 2, "tanh"),
    ]
    _run("check_dense_backward", _cases(visible, hidden_cases, hidden),
         _learner(dense_backward, "dense_backward", ("dA", "cache", "activation")))


def _model_case(rng, m, sizes, activations):
    params = _random_params(rng, sizes)
    X = rng.standard_normal((m, sizes[0]))
    Y = _binary_labels(rng, m)
    label = f"random m = {m}, sizes {sizes}, activations {activations}"
    return label, X, Y, params, list(activations)


def _model_forward_case(label, X, Y, params, activations):
    Y_hat, caches = forward(X, params, activations)
    expected = _Model(Y_hat, [_Cache(*c[:4]) for c in caches])
    mistakes = [
        ("no_output_activation_model", lambda got: _compare(
            got[0], forward(X, params, [*activations[:-1], "identity"])[0]) is None),
    ]
    for name in set(activations):
        if len(set(activations)) > 1:
            mistakes.append(("same_activation", lambda got, name=name: _compare(
                got[0], forward(X, params, name)[0]) is None))
    return Case(label, (X, params, activations), expected, tuple(mistakes))


_MODEL_VISIBLE = (
    (5, [3, 4, 1], ["relu", "sigmoid"]),
    (4, [2, 3, 3, 1], ["tanh", "relu", "sigmoid"]),
    (6, [2, 2, 1], ["sigmoid", "sigmoid"]),
)
_MODEL_HIDDEN = (
    (1, [4, 3, 1], ["relu", "sigmoid"]),
    (5, [4, 1], ["sigmoid"]),
    (7, [5, 4, 3, 1], ["sigmoid", "tanh", "sigmoid"]),
)


def _model_cases(make, hidden):
    rng = np.random.default_rng(SEED)
    visible = [make(*_model_case(rng, *spec)) for spec in _MODEL_VISIBLE]
    rng = np.random.default_rng(HIDDEN_SEED)
    hidden_cases = [make(*_model_case(rng, *spec)) for spec in _MODEL_HIDDEN]
    return _cases(visible, hidden_cases, hidden)


def check_model_forward(model_forward, hidden=False):
    """Check a learner's ``model_forward(X, params, activations) -> (Y_hat, caches)``.

    ``params`` holds W1, b1, ..., WL, bL; ``activations`` is a list of L names; ``caches`` is a
    list of the L layer caches (A_prev, W, b, Z).

    Parameters
    ----------
    model_forward : callable
    hidden : bool
        Also run the graders' cases (m = 1, a single layer, a deeper network).

    Raises
    ------
    AssertionError
        With hints for one activation used for every layer, a missing output activation, wrong
        caches or shapes.

    Examples
    --------
    >>> from nnlib.network import forward
    >>> def model_forward(X, params, activations):
    ...     Y_hat, caches = forward(X, params, activations)
    ...     return Y_hat, [tuple(c[:4]) for c in caches]
    >>> check_model_forward(model_forward)
    check_model_forward: all 3 cases passed.
    """
    _run("check_model_forward", _model_cases(_model_forward_case, hidden),
         _learner(model_forward, "model_forward", ("X", "params", "activations")))


def _model_backward_case(label, X, Y, params, activations):
    Y_hat, caches = forward(X, params, activations)
    grads = backward(Y, Y_hat, caches, "binary_cross_entropy")
    m = X.shape[0]
    mistakes = [
        ("one_over_m", _scaled(grads, m)),
        ("one_over_m_twice", _scaled(grads, 1 / m)),
        ("sign_gradient", _scaled(grads, -1)),
    ]
    for how, hint in (("at_A", "derivative_at_A"), ("formula_on_Z", "formula_on_Z")):
        for how_output in ("fused", how):
            wrong = _backprop(Y, Y_hat, caches, "binary_cross_entropy", how, how_output)
            if wrong is not None:
                mistakes.append((hint, wrong))
    return Case(label, (X, Y, params, activations), grads, tuple(mistakes))


def check_model_backward(model_forward, model_backward, hidden=False):
    """Check a learner's ``model_backward(Y, Y_hat, caches, activations) -> grads``.

    The loss is the binary cross-entropy averaged over m with a sigmoid output layer; ``grads``
    holds dW1, db1, ..., with the parameters' shapes. The learner's ``model_forward`` makes
    Y_hat and the caches (it must pass :func:`check_model_forward`).

    Parameters
    ----------
    model_forward, model_backward : callable
    hidden : bool
        Also run the graders' cases (m = 1, a single layer, a deeper network).

    Raises
    ------
    AssertionError
        With hints for a missing 1/m, 1/m applied twice, a sign error, activation derivatives
        evaluated at A instead of Z, missing keys, arguments changed in place.

    Examples
    --------
    >>> from nnlib.layers import DenseCache
    >>> from nnlib.network import backward, forward
    >>> def model_forward(X, params, activations):
    ...     Y_hat, caches = forward(X, params, activations)
    ...     return Y_hat, [tuple(c[:4]) for c in caches]
    >>> def model_backward(Y, Y_hat, caches, activations):
    ...     caches = [DenseCache(*c, a) for c, a in zip(caches, activations)]
    ...     return backward(Y, Y_hat, caches, "binary_cross_entropy")
    >>> check_model_backward(model_forward, model_backward)
    check_model_backward: all 3 cases passed.
    """
    def call(case):
        X, Y, params, activations = case.args
        out = _call(model_forward, (X, params, activations), "model_forward",
                    ("X", "params", "activations"))
        if not isinstance(out, (tuple, list)) or len(out) != 2:
            raise _Problem(f"model_forward returned {_summary(out)}.", HINTS["forward_first"])
        Y_hat, caches = out
        reference = forward(X, params, activations)[0]
        if _compare(Y_hat, reference) is not None:
            raise _Problem("model_forward gives a wrong Y_hat.", HINTS["forward_first"])
        return _call(model_backward, (Y, Y_hat, caches, activations), "model_backward",
                     ("Y", "Y_hat", "caches", "activations"))

    _run("check_model_backward", _model_cases(_model_backward_case, hidden), call)


# ----- lesson 08 ------------------------------------------------------------------------------

def _softmax_ce_case(rng, m, k):
    Y = _one_hot(rng, m, k)
    Y_hat = softmax(rng.standard_normal((m, k)) * 2)
    expected = output_gradient(Y, Y_hat, None, "softmax", "cross_entropy")
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
    _run("check_softmax_cross_entropy_gradient", _cases(visible, hidden_cases, hidden),
         _learner(softmax_cross_entropy_gradient, "softmax_cross_entropy_gradient",
                  ("Y", "Y_hat")))
