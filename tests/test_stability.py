"""Numerical stability: huge Z and saturated predictions give finite values and no warnings.

NumPy reports overflow, division by zero and invalid operations as RuntimeWarnings; inside these
tests every warning is an error and those three floating-point events raise. Underflow (exp(-1e4)
rounding to 0) is the intended, harmless result of a stable formula and stays ignored.
"""

import contextlib
import warnings

import numpy as np
import pytest

from nnlib import activations as act
from nnlib import losses
from nnlib.layers import dense_backward, dense_forward
from nnlib.network import backward, forward

BIG = 1e4


@contextlib.contextmanager
def strict():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", divide="raise", invalid="raise", under="ignore"):
            yield


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_sigmoid_at_huge_z(dtype):
    Z = np.array([-BIG, -50.0, 0.0, 50.0, BIG], dtype=dtype)
    with strict():
        A = act.sigmoid(Z)
        dZ = act.sigmoid_backward(np.ones_like(Z), Z)
    assert np.all(np.isfinite(A)) and np.all(np.isfinite(dZ))
    assert A[0] == 0.0 and A[-1] == 1.0 and A[2] == 0.5
    assert dZ[0] == 0.0 and dZ[-1] == 0.0


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_softmax_at_huge_z(dtype):
    Z = np.array([[BIG, 0.0, -BIG], [BIG, BIG, 0.0], [-BIG, -BIG, -BIG]], dtype=dtype)
    with strict():
        A = act.softmax(Z)
        dZ = act.softmax_backward(np.ones_like(Z), Z)
    assert np.all(np.isfinite(A)) and np.all(np.isfinite(dZ))
    np.testing.assert_allclose(A, [[1, 0, 0], [0.5, 0.5, 0], [1 / 3, 1 / 3, 1 / 3]], rtol=1e-6)


def test_tanh_at_huge_z():
    Z = np.array([-BIG, BIG])
    with strict():
        np.testing.assert_array_equal(act.tanh(Z), [-1.0, 1.0])
        np.testing.assert_array_equal(act.tanh_backward(np.ones(2), Z), [0.0, 0.0])


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_binary_cross_entropy_at_saturated_predictions(dtype):
    Y = np.array([[1.0], [0.0], [1.0], [0.0]])
    Y_hat = np.array([[0.0], [1.0], [1.0], [0.0]], dtype=dtype)  # two confidently wrong, two right
    with strict():
        value = losses.binary_cross_entropy(Y, Y_hat)
        grad = losses.binary_cross_entropy_gradient(Y, Y_hat)
    assert np.isfinite(value) and np.all(np.isfinite(grad))
    # each wrong answer costs -log(eps): large but finite; the right ones cost about 0
    eps = np.finfo(dtype).eps
    assert value == pytest.approx(2 * -np.log(eps) / 4, rel=1e-3)
    assert grad.dtype == dtype


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_cross_entropy_at_saturated_predictions(dtype):
    Y_hat = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]], dtype=dtype)
    with strict():
        right = losses.cross_entropy(np.array([0, 1]), Y_hat)
        wrong = losses.cross_entropy(np.array([2, 2]), Y_hat)
        grad = losses.cross_entropy_gradient(np.array([2, 2]), Y_hat)
    assert right == 0.0
    assert np.isfinite(wrong) and wrong == pytest.approx(-np.log(np.finfo(dtype).eps), rel=1e-3)
    assert np.all(np.isfinite(grad)) and grad.dtype == dtype


@pytest.mark.parametrize("z", [-BIG, BIG])
def test_sigmoid_then_bce_at_huge_z(z):
    with strict():
        Y_hat = act.sigmoid(np.array([[z]]))
        value = losses.binary_cross_entropy(np.array([[1.0]]), Y_hat)
    assert np.isfinite(value)


@pytest.mark.parametrize("z", [-BIG, BIG])
def test_softmax_then_cross_entropy_at_huge_z(z):
    with strict():
        Y_hat = act.softmax(np.array([[z, 0.0, -z]]))
        value = losses.cross_entropy(np.array([1]), Y_hat)
        grad = losses.cross_entropy_gradient(np.array([1]), Y_hat)
    assert np.isfinite(value) and np.all(np.isfinite(grad))


@pytest.mark.parametrize("output, loss, Y", [
    ("sigmoid", "binary_cross_entropy", np.array([[1.0], [0.0]])),
    ("softmax", "cross_entropy", np.array([0, 1])),
])
def test_saturated_network_forward_backward(output, loss, Y):
    # weights 1e3 and inputs 10 -> |Z| = 1e4 in the output layer
    n_out = 1 if output == "sigmoid" else 2
    params = {"W1": np.full((n_out, 2), 1e3) * np.array([1.0, -1.0])[:n_out, None],
              "b1": np.zeros(n_out)}
    X = np.array([[5.0, 5.0], [-5.0, -5.0]])
    with strict():
        Y_hat, caches = forward(X, params, output)
        grads = backward(Y, Y_hat, caches, loss)
    assert np.abs(caches[0].Z).max() == BIG
    assert all(np.all(np.isfinite(g)) for g in grads.values())


@pytest.mark.parametrize("activation", list(act.ACTIVATIONS))
def test_dense_layer_at_huge_z(activation):
    A_prev = np.array([[BIG], [-BIG]])
    with strict():
        A, cache = dense_forward(A_prev, np.array([[1.0], [-1.0]]), np.zeros(2), activation)
        grads = dense_backward(np.ones_like(A), cache)
    assert np.all(np.isfinite(A)) and all(np.all(np.isfinite(g)) for g in grads)
