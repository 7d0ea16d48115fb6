"""Tests for nnlib.gradcheck: the checker on a known gradient, then whole networks with it."""

import numpy as np
import pytest
from _targets import random_targets

from nnlib import activations as act
from nnlib.gradcheck import (
    check_gradients,
    numerical_gradient,
    params_to_vector,
    relative_error,
    vector_to_params,
)
from nnlib.network import backward, forward, init_params


def f_known(x):
    return float(np.sum(np.sin(x) * x**2))


def grad_known(x):
    # d/dx [sin(x) x^2] = cos(x) x^2 + 2 x sin(x)   (product rule)
    return np.cos(x) * x**2 + 2 * x * np.sin(x)


def test_numerical_gradient_by_hand():
    # f(v) = v0^2 + 3 v1: exact gradient [2 v0, 3] = [2, 3] at v = [1, 5]
    # (central differences are exact for polynomials of degree <= 2, up to rounding)
    g = numerical_gradient(lambda v: float(v[0] ** 2 + 3 * v[1]), np.array([1.0, 5.0]))
    np.testing.assert_allclose(g, [2.0, 3.0], rtol=1e-9)


@pytest.mark.parametrize("shape", [(7,), (3, 4)])
def test_numerical_gradient_matches_known_gradient(shape):
    x = np.random.default_rng(0).uniform(-3, 3, size=shape)
    numeric = numerical_gradient(f_known, x)
    assert numeric.shape == x.shape
    assert relative_error(grad_known(x), numeric) < 1e-9


def test_checker_catches_a_wrong_gradient():
    x = np.random.default_rng(1).uniform(-3, 3, size=10)
    numeric = numerical_gradient(f_known, x)

    def wrong(x):  # the product rule forgotten: only cos(x) x^2
        return np.cos(x) * x**2

    assert relative_error(wrong(x), numeric) > 1e-2
    # even a 1% slip in one coordinate is far above the 1e-7 tolerance
    almost = grad_known(x)
    almost[3] *= 1.01
    assert relative_error(almost, numeric) > 1e-5


def test_numerical_gradient_leaves_x_alone_and_returns_float64():
    x = np.array([0.5, -1.0], dtype=np.float32)
    x0 = x.copy()
    g = numerical_gradient(lambda v: float(np.sum(v**2)), x)
    np.testing.assert_array_equal(x, x0)
    assert g.dtype == np.float64


def test_relative_error_by_hand():
    # ||a - b|| / (||a|| + ||b||) = |1 - 3| / (1 + 3) = 0.5
    assert relative_error(np.array([1.0]), np.array([3.0])) == 0.5
    # a = [3, 0], b = [0, 4]: ||a - b|| = 5, ||a|| + ||b|| = 7
    assert relative_error(np.array([3.0, 0.0]), np.array([0.0, 4.0])) == pytest.approx(5 / 7)
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error(np.ones(2), np.ones(2)) == 0.0


# ----- whole networks ------------------------------------------------------------------------

HIDDEN = ["sigmoid", "tanh", "relu", "leaky_relu"]
OUTPUTS = [  # (output activation, loss, n_out, integer labels)
    ("sigmoid", "binary_cross_entropy", 1, False),
    ("sigmoid", "binary_cross_entropy", 2, False),
    ("softmax", "cross_entropy", 3, False),
    ("softmax", "cross_entropy", 3, True),
    ("identity", "mse", 2, False),
]
DEPTHS = [1, 2, 3]


def network_case(hidden, output, loss, n_out, labels, depth, seed=0):
    sizes = [4] + [5, 3][: depth - 1] + [n_out]
    activations = [hidden] * (depth - 1) + [output]
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((6, 4))
    Y = random_targets(loss, 6, n_out, rng, labels)
    params = init_params(sizes, init="xavier", rng=seed)
    for l in range(1, depth + 1):
        params[f"b{l}"] = 0.3 * rng.standard_normal(sizes[l])
    return X, Y, params, activations


# a one-layer network has no hidden layer, so depth 1 appears once per output, not once per hidden
CASES = [
    (hidden, *out, depth)
    for depth in DEPTHS
    for hidden in (HIDDEN if depth > 1 else HIDDEN[:1])
    for out in OUTPUTS
]


def case_id(case):
    hidden, output, loss, n_out, labels, depth = case
    return f"depth{depth}-{hidden if depth > 1 else 'none'}-{output}{n_out}-{loss}" + (
        "-labels" if labels else ""
    )


@pytest.mark.parametrize("hidden, output, loss, n_out, labels, depth", CASES,
                         ids=[case_id(c) for c in CASES])
def test_whole_network_gradients(hidden, output, loss, n_out, labels, depth):
    X, Y, params, activations = network_case(hidden, output, loss, n_out, labels, depth)
    _, caches = forward(X, params, activations)
    assert min(np.abs(c.Z).min() for c in caches) > 1e-4  # relu's kink out of eps's reach
    result = check_gradients(X, Y, params, activations, loss)
    assert set(result.errors) == set(params)
    assert result.max_error == max(result.errors.values())
    assert result.max_error < 1e-7, result.errors
    assert result.passed(1e-7)


def test_check_gradients_catches_a_wrong_backward(monkeypatch):
    X, Y, params, activations = network_case("tanh", "sigmoid", "binary_cross_entropy", 1,
                                             False, depth=2)
    assert check_gradients(X, Y, params, activations, "binary_cross_entropy").passed()

    def tanh_backward_wrong(dA, Z):  # the classic slip: 1 - tanh(Z) instead of 1 - tanh(Z)**2
        return dA * (1 - np.tanh(Z))

    monkeypatch.setitem(act.ACTIVATIONS, "tanh", (act.tanh, tanh_backward_wrong))
    result = check_gradients(X, Y, params, activations, "binary_cross_entropy")
    assert not result.passed(1e-7)
    assert result.errors["W1"] > 1e-3 and result.errors["b1"] > 1e-3
    # the output layer does not go through tanh's backward: still right
    assert result.errors["W2"] < 1e-7


def test_check_gradients_does_not_modify_params():
    X, Y, params, activations = network_case("relu", "softmax", "cross_entropy", 3, True, depth=3)
    saved = {k: v.copy() for k, v in params.items()}
    check_gradients(X, Y, params, activations, "cross_entropy")
    for k in params:
        np.testing.assert_array_equal(params[k], saved[k])


# ----- L2, dropout and input checks ---------------------------------------------------------------

@pytest.mark.parametrize("l2", [0.0, 0.5, 3.0])
def test_l2_gradients_match_finite_differences(l2):
    rng = np.random.default_rng(2)
    X, y = rng.standard_normal((6, 3)), rng.integers(0, 3, 6)
    params = init_params([3, 5, 4, 3], rng=1)
    result = check_gradients(X, y, params, ["tanh", "sigmoid", "softmax"], "cross_entropy", l2=l2)
    assert result.passed(1e-7), result.errors


def test_l2_adds_lambda_over_m_times_W_to_dW_only():
    rng = np.random.default_rng(3)
    X, Y = rng.standard_normal((4, 3)), rng.random((4, 2))
    params = init_params([3, 2], rng=0)
    Y_hat, caches = forward(X, params, "sigmoid")
    plain = backward(Y, Y_hat, caches, "mse")
    reg = backward(Y, Y_hat, caches, "mse", l2=0.8)
    np.testing.assert_allclose(reg["dW1"], plain["dW1"] + 0.8 / 4 * params["W1"], rtol=1e-14)
    np.testing.assert_array_equal(reg["db1"], plain["db1"])  # biases are not penalised


def test_dropout_gradients_match_with_a_fixed_mask():
    rng = np.random.default_rng(4)
    X, Y = rng.standard_normal((8, 3)), (rng.random((8, 1)) < 0.5).astype(float)
    params = init_params([3, 6, 5, 1], rng=2)
    result = check_gradients(X, Y, params, ["tanh", "tanh", "sigmoid"], "binary_cross_entropy",
                             keep_prob=0.6, rng=7)
    assert result.passed(1e-7), result.errors


def test_dropout_without_a_seed_is_refused_with_the_reason():
    X, Y = np.ones((2, 3)), np.ones((2, 1))
    with pytest.raises(ValueError, match="Dropout draws new masks on every forward pass.*Pass an "
                                         "int seed"):
        check_gradients(X, Y, init_params([3, 2, 1], rng=0), "sigmoid", "mse", keep_prob=0.5)


@pytest.mark.parametrize("call, error, match", [
    (lambda p: check_gradients(np.ones((3, 2)), np.ones((2, 1)), p, "sigmoid", "mse"),
     ValueError, r"forward: X has shape \(3, 2\).*If your examples are columns, pass X.T"),
    (lambda p: check_gradients(np.ones((2, 3)), np.ones((2, 1)), p, "sigmoid", "bce"),
     ValueError, "check_gradients: unknown loss 'bce'; choose one of"),
    (lambda p: check_gradients(np.ones((2, 3)), np.ones((2, 1)), p, "sigmoid", "mse", eps=0),
     ValueError, "check_gradients: eps must be a positive number, got 0"),
    (lambda p: check_gradients(np.ones((2, 3)), np.ones((2, 1)), p, "sigmoid", "mse", eps=-1),
     ValueError, "check_gradients: eps must be a positive number, got -1"),
    (lambda p: check_gradients(np.ones((2, 3)), np.ones((2, 1)), None, "sigmoid", "mse"),
     TypeError, "n_layers: params is NoneType"),
])
def test_check_gradients_checks_its_inputs(call, error, match):
    with pytest.raises(error, match=match):
        call(init_params([3, 2, 1], rng=0))


def test_params_vector_round_trip():
    params = init_params([3, 4, 2], rng=0)
    vector = params_to_vector(params)
    assert vector.shape == (3 * 4 + 4 + 4 * 2 + 2,)
    again = vector_to_params(vector, params)
    for k in params:
        np.testing.assert_array_equal(again[k], params[k])
    with pytest.raises(ValueError, match=r"vector has shape \(5,\).*expected shape \(26,\)"):
        vector_to_params(np.zeros(5), params)
