"""Tests for nnlib.network: forward by hand, backward by finite differences, update, Network."""

import math

import numpy as np
import pytest
from _targets import random_targets
from hypothesis import given, settings
from hypothesis import strategies as st

from nnlib.gradcheck import numerical_gradient, relative_error
from nnlib.losses import get_loss
from nnlib.network import (
    backward,
    default_loss,
    forward,
    init_params,
    layer_activations,
    n_layers,
    predict,
    update,
)


def hidden_margin(X, params, activations):
    """Smallest |Z| over the layers: relu's kink must be far from the finite-difference steps."""
    _, caches = forward(X, params, activations)
    return min(np.abs(c.Z).min() for c in caches)


# (layer_sizes, hidden, output, loss, integer labels)
CASES = [
    ([3, 2], None, "sigmoid", "binary_cross_entropy", False),
    ([3, 4, 1], "sigmoid", "sigmoid", "binary_cross_entropy", False),
    ([3, 4, 2], "tanh", "sigmoid", "binary_cross_entropy", False),
    ([3, 4, 3, 1], "relu", "sigmoid", "binary_cross_entropy", False),
    ([3, 4, 3, 2], "leaky_relu", "sigmoid", "mse", False),
    ([3, 4, 3], "tanh", "softmax", "cross_entropy", False),
    ([3, 4, 5, 3], "relu", "softmax", "cross_entropy", True),
    ([3, 3], None, "softmax", "cross_entropy", True),
    ([3, 4, 3], "sigmoid", "softmax", "mse", False),
    ([3, 4, 2], "tanh", "identity", "mse", False),
    ([3, 5, 4, 1], "leaky_relu", "identity", "sse", False),
    ([3, 4, 2], "relu", "tanh", "mse", False),
]


def case_id(case):
    sizes, hidden, output, loss, labels = case
    return f"{'-'.join(map(str, sizes))}-{hidden}-{output}-{loss}{'-labels' if labels else ''}"


@pytest.mark.parametrize("case", CASES, ids=[case_id(c) for c in CASES])
def test_backward_matches_finite_differences(case):
    sizes, hidden, output, loss, labels = case
    L = len(sizes) - 1
    activations = [hidden] * (L - 1) + [output]
    rng = np.random.default_rng(len(sizes) + sizes[-1])
    X = rng.standard_normal((5, sizes[0]))
    Y = random_targets(loss, 5, sizes[-1], rng, labels)
    params = init_params(sizes, init="xavier", rng=11)
    for l in range(1, L + 1):  # non-zero biases so that db is a real test
        params[f"b{l}"] = rng.standard_normal(sizes[l]) * 0.5
    assert hidden_margin(X, params, activations) > 1e-4

    Y_hat, caches = forward(X, params, activations)
    grads = backward(Y, Y_hat, caches, loss)
    assert sorted(grads) == sorted(f"d{k}" for k in params)
    loss_fn = get_loss(loss)[0]
    for key, value in params.items():
        def f(v, key=key):
            return loss_fn(Y, forward(X, {**params, key: v}, activations)[0])

        assert grads[f"d{key}"].shape == value.shape
        assert relative_error(grads[f"d{key}"], numerical_gradient(f, value)) < 1e-7, key


@settings(max_examples=25, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 5), min_size=2, max_size=4),
    m=st.integers(1, 6),
    hidden=st.sampled_from(["sigmoid", "tanh", "relu", "leaky_relu"]),
    output_loss=st.sampled_from([("sigmoid", "binary_cross_entropy"), ("softmax", "cross_entropy"),
                                 ("identity", "mse"), ("tanh", "sse")]),
    seed=st.integers(0, 2**16),
)
def test_gradients_have_their_parameters_shape(sizes, m, hidden, output_loss, seed):
    output, loss = output_loss
    if output == "softmax":
        sizes = [*sizes[:-1], max(sizes[-1], 2)]  # softmax + cross-entropy: two classes or more
    L = len(sizes) - 1
    rng = np.random.default_rng(seed)
    params = init_params(sizes, rng=seed)
    X = rng.standard_normal((m, sizes[0]))
    Y_hat, caches = forward(X, params, [hidden] * (L - 1) + [output])
    assert Y_hat.shape == (m, sizes[-1])
    grads = backward(random_targets(loss, m, sizes[-1], rng), Y_hat, caches, loss)
    assert {k: v.shape for k, v in grads.items()} == {f"d{k}": v.shape for k, v in params.items()}
    assert all(np.all(np.isfinite(g)) for g in grads.values())


def test_two_two_one_network_by_hand():
    # hidden: z = 0 * 2 + 1 * 3 + 0 = 3 for both units, h = sigmoid(3) = 0.9525741268224334
    # output: z = 0 * h + 1 * h = h, y = sigmoid(0.9525741268224334) = 0.7216325609518421
    params = {"W1": np.array([[0.0, 1.0], [0.0, 1.0]]), "b1": np.zeros(2),
              "W2": np.array([[0.0, 1.0]]), "b2": np.zeros(1)}
    Y_hat, caches = forward(np.array([[2.0, 3.0]]), params, "sigmoid")
    h = 1 / (1 + math.exp(-3))
    np.testing.assert_allclose(caches[1].A_prev, [[h, h]], rtol=1e-15)
    assert abs(float(Y_hat[0, 0]) - 0.7216325609518421) < 1e-15
    assert math.isclose(float(Y_hat[0, 0]), 1 / (1 + math.exp(-h)), rel_tol=1e-15)


def test_fused_output_gradient_is_y_hat_minus_y_over_m():
    # sigmoid + binary cross-entropy: dZ = (Y_hat - Y) / m, so for one layer db = mean(Y_hat - Y)
    X = np.array([[1.0, 0.0], [0.0, 1.0]])
    params = {"W1": np.array([[0.0, 0.0]]), "b1": np.zeros(1)}  # every output sigmoid(0) = 0.5
    Y_hat, caches = forward(X, params, "sigmoid")
    grads = backward(np.array([[1.0], [0.0]]), Y_hat, caches, "binary_cross_entropy")
    # db = ((0.5 - 1) + (0.5 - 0)) / 2 = 0;  dW = [(0.5 - 1) * 1, (0.5 - 0) * 1] / 2 = [-0.25, 0.25]
    np.testing.assert_allclose(grads["db1"], [0.0], atol=1e-16)
    np.testing.assert_allclose(grads["dW1"], [[-0.25, 0.25]], rtol=1e-15)


def test_update_by_hand():
    params = {"W1": np.array([[1.0, -2.0]]), "b1": np.array([0.5])}
    grads = {"dW1": np.array([[0.5, -1.0]]), "db1": np.array([2.0])}
    new = update(params, grads, learning_rate=0.1)
    # W: [1 - 0.1 * 0.5, -2 - 0.1 * -1] = [0.95, -1.9];  b: 0.5 - 0.1 * 2 = 0.3
    np.testing.assert_allclose(new["W1"], [[0.95, -1.9]], rtol=1e-15)
    np.testing.assert_allclose(new["b1"], [0.3], rtol=1e-15)
    # the caller's parameters are untouched
    np.testing.assert_array_equal(params["W1"], [[1.0, -2.0]])
    np.testing.assert_array_equal(params["b1"], [0.5])


def test_one_gradient_step_lowers_the_cost():
    rng = np.random.default_rng(0)
    X, Y = rng.standard_normal((20, 3)), (rng.random((20, 1)) > 0.5).astype(float)
    params = init_params([3, 4, 1], rng=0)
    cost = get_loss("binary_cross_entropy")[0]
    Y_hat, caches = forward(X, params, ["tanh", "sigmoid"])
    new = update(params, backward(Y, Y_hat, caches, "binary_cross_entropy"), 0.1)
    assert cost(Y, forward(X, new, ["tanh", "sigmoid"])[0]) < cost(Y, Y_hat)


def test_forward_backward_update_do_not_modify_inputs():
    rng = np.random.default_rng(1)
    X, Y = rng.standard_normal((6, 3)), (rng.random((6, 2)) > 0.5).astype(float)
    params = init_params([3, 4, 2], rng=1)
    saved = {k: v.copy() for k, v in params.items()}
    X0, Y0 = X.copy(), Y.copy()
    Y_hat, caches = forward(X, params, ["relu", "sigmoid"])
    Y_hat0 = Y_hat.copy()
    grads = backward(Y, Y_hat, caches, "binary_cross_entropy")
    grads0 = {k: v.copy() for k, v in grads.items()}
    update(params, grads, 0.5)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(Y, Y0)
    np.testing.assert_array_equal(Y_hat, Y_hat0)
    for k in params:
        np.testing.assert_array_equal(params[k], saved[k])
        np.testing.assert_array_equal(grads[f"d{k}"], grads0[f"d{k}"])


@pytest.mark.parametrize("loss, output", [("binary_cross_entropy", "sigmoid"),
                                          ("cross_entropy", "softmax"), ("mse", "identity")])
def test_float32_preserved_through_forward_backward_update(loss, output):
    rng = np.random.default_rng(2)
    X = rng.standard_normal((5, 3)).astype(np.float32)
    Y = random_targets(loss, 5, 2, rng)  # float64 targets: they follow Y_hat's dtype
    params = init_params([3, 4, 2], rng=2, dtype=np.float32)
    Y_hat, caches = forward(X, params, ["tanh", output])
    assert Y_hat.dtype == np.float32
    grads = backward(Y, Y_hat, caches, loss)
    assert all(g.dtype == np.float32 for g in grads.values())
    new = update(params, grads, 0.1)
    assert all(v.dtype == np.float32 for v in new.values())


@pytest.mark.parametrize("learning_rate", [0.1, np.float64(0.1), np.float32(0.1)],
                         ids=["python-float", "numpy-float64", "numpy-float32"])
def test_update_keeps_float32_whatever_the_learning_rate_type(learning_rate):
    # a learning rate from np.logspace(...) is a NumPy float64 scalar: it must not upcast
    params = init_params([2, 3], rng=0, dtype=np.float32)
    grads = {"dW1": np.ones((3, 2), np.float32), "db1": np.ones(3, np.float32)}
    new = update(params, grads, learning_rate)
    assert {k: v.dtype for k, v in new.items()} == {"W1": np.float32, "b1": np.float32}


def test_float64_by_default():
    params = init_params([2, 3, 1], rng=0)
    Y_hat, caches = forward(np.ones((2, 2)), params, "sigmoid")
    grads = backward(np.ones((2, 1)), Y_hat, caches, "binary_cross_entropy")
    assert Y_hat.dtype == np.float64 and all(g.dtype == np.float64 for g in grads.values())


def test_predict_threshold_and_argmax():
    # one output: sigmoid(3) = 0.95 > 0.5 -> 1, sigmoid(-3) = 0.05 -> 0
    params = {"W1": np.array([[1.0, 0.0]]), "b1": np.zeros(1)}
    np.testing.assert_array_equal(predict(np.array([[3.0, 0.0], [-3.0, 0.0]]), params, "sigmoid"),
                                  [1, 0])
    # threshold 0.99: sigmoid(3) = 0.9526 is no longer above it
    np.testing.assert_array_equal(
        predict(np.array([[3.0, 0.0]]), params, "sigmoid", threshold=0.99), [0]
    )
    # several outputs: the argmax of each row
    params = {"W1": np.eye(3), "b1": np.zeros(3)}
    np.testing.assert_array_equal(
        predict(np.array([[0.0, 2.0, 1.0], [5.0, 0.0, 0.0]]), params, "softmax"), [1, 0]
    )


def test_n_layers_and_layer_activations():
    assert n_layers(init_params([2, 3, 4, 1], rng=0)) == 3
    assert layer_activations("relu", 2) == ["relu", "relu"]
    assert layer_activations(["tanh", "softmax"], 2) == ["tanh", "softmax"]


def test_default_loss():
    assert default_loss("sigmoid") == "binary_cross_entropy"
    assert default_loss("softmax") == "cross_entropy"
    assert default_loss("identity") == "mse"


# ----- the Network class -------------------------------------------------------------------
