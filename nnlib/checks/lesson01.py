"""Checks for lesson 1's exercises."""

import numpy as np

from nnlib.activations import sigmoid
from nnlib.checks.machinery import Case, cases, learner, run
from nnlib.layers import dense_forward

__all__ = ['check_sigmoid', 'check_neuron']

SEED, HIDDEN_SEED = 0, 1



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
    run("check_sigmoid", cases(visible, hidden_cases, hidden),
         learner(sigmoid, "sigmoid", ("z",)))


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
    run("check_neuron", cases(visible, hidden_cases, hidden),
         learner(neuron, "neuron", ("x", "w", "b")))
