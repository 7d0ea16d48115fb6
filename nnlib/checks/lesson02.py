"""Checks for lesson 2's exercises."""

import numpy as np

from nnlib.checks.common import net_params, random_params
from nnlib.checks.machinery import Case, cases, learner, map, run
from nnlib.network import forward

__all__ = ['check_network_forward']

SEED, HIDDEN_SEED = 0, 1



def _forward_case(label, X, W1, b1, W2, b2):
    params = net_params(W1, b1, W2, b2)
    expected = forward(X, params, "sigmoid")[0]
    mistakes = [
        ("no_output_activation", forward(X, params, ["sigmoid", "identity"])[0]),
        ("no_hidden_activation", forward(X, params, ["identity", "sigmoid"])[0]),
        ("no_bias", forward(X, net_params(W1, 0 * b1, W2, 0 * b2), "sigmoid")[0]),
    ]
    if W1.shape[0] == W1.shape[1] and W2.shape[0] == W2.shape[1]:
        mistakes.append(("not_transposed",
                         forward(X, net_params(W1.T, b1, W2.T, b2), "sigmoid")[0]))
    return Case(label, (X, W1, b1, W2, b2), expected, tuple(mistakes))


def _random_forward_case(rng, m, sizes, scale=1.0):
    p = random_params(rng, sizes, scale)
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
    run("check_network_forward", cases(visible, hidden_cases, hidden),
         learner(network_forward, "network_forward", ("X", "W1", "b1", "W2", "b2")))
