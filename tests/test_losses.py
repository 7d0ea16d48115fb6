"""Tests for nnlib.losses: hand-worked values, finite-difference gradients, properties, dtypes."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from nnlib import losses
from nnlib.activations import softmax
from nnlib.gradcheck import numerical_gradient, relative_error

SETTINGS = settings(max_examples=40, deadline=None)


def probabilities(shape, seed, low=0.05, high=0.95):
    return np.random.default_rng(seed).uniform(low, high, size=shape)


def softmax_rows(m, k, seed):
    Z = np.random.default_rng(seed).standard_normal((m, k))
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


# ----- values worked by hand ----------------------------------------------------------------

def test_mse_by_hand():
    # differences 1, 0, 0, 1 -> squares 1, 0, 0, 1 -> mean 2 / 4 = 0.5
    assert losses.mse(np.array([1, 0, 0, 1]), np.array([0, 0, 0, 0])) == 0.5


def test_sse_by_hand():
    # squares 1 + 0 + 0 + 1 = 2 (no mean)
    assert losses.sse(np.array([1.0, 0.0, 0.0, 1.0]), np.zeros(4)) == 2.0
    # column layout (m, 1) gives the same number: (3 - 1)^2 + (0 - 1)^2 = 4 + 1 = 5
    assert losses.sse(np.array([[1.0], [1.0]]), np.array([[3.0], [0.0]])) == 5.0


def test_binary_cross_entropy_by_hand():
    # Y = [1, 0], Y_hat = [0.8, 0.3]:
    # -(1 * ln 0.8 + 1 * ln(1 - 0.3)) / 2 = (0.2231435513 + 0.3566749439) / 2 = 0.2899092476
    value = losses.binary_cross_entropy(np.array([1, 0]), np.array([0.8, 0.3]))
    assert math.isclose(value, -(math.log(0.8) + math.log(0.7)) / 2, rel_tol=1e-14)
    assert abs(value - 0.2899092476) < 1e-9


def test_cross_entropy_by_hand_labels_and_one_hot():
    # labels [0, 2]: picks 0.7 from row 0 and 0.6 from row 2
    # -(ln 0.7 + ln 0.6) / 2 = (0.3566749439 + 0.5108256238) / 2 = 0.4337502838
    Y_hat = np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]])
    by_labels = losses.cross_entropy(np.array([0, 2]), Y_hat)
    by_one_hot = losses.cross_entropy(np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]), Y_hat)
    assert math.isclose(by_labels, -(math.log(0.7) + math.log(0.6)) / 2, rel_tol=1e-14)
    assert abs(by_labels - 0.4337502838) < 1e-9
    assert by_one_hot == by_labels


def test_gradients_by_hand():
    # mse: 2 (Y_hat - Y) / n = 2 * [0.5, -1] / 2 = [0.5, -1]
    np.testing.assert_allclose(losses.mse_gradient([0.0, 1.0], [0.5, 0.0]), [0.5, -1.0])
    # sse: 2 (Y_hat - Y) = [1, -2]
    np.testing.assert_allclose(losses.sse_gradient([0.0, 1.0], [0.5, 0.0]), [1.0, -2.0])
    # bce at Y = 1, Y_hat = 0.8 (m = 1): (0.8 - 1) / (0.8 * 0.2) = -0.2 / 0.16 = -1.25
    np.testing.assert_allclose(losses.binary_cross_entropy_gradient([1.0], [0.8]), [-1.25])
    # ce, label 1 of Y_hat [0.5, 0.25] with m = 1: -1 / 0.25 = -4 at the label, 0 elsewhere
    np.testing.assert_allclose(losses.cross_entropy_gradient([1], [[0.75, 0.25]]), [[0.0, -4.0]])


def test_returns_python_float():
    for name in losses.LOSSES:
        loss, _ = losses.get_loss(name)
        assert type(loss(np.array([[1.0, 0.0], [0.0, 1.0]]),
                         np.array([[0.6, 0.4], [0.3, 0.7]]))) is float


# ----- finite differences: every loss gradient -------------------------------------------------

def _check(loss, gradient, Y, Y_hat):
    analytic = gradient(Y, Y_hat)
    assert analytic.shape == np.shape(Y_hat)
    numeric = numerical_gradient(lambda P: loss(Y, P), Y_hat)
    assert relative_error(analytic, numeric) < 1e-7


@pytest.mark.parametrize("name", ["mse", "sse"])
@pytest.mark.parametrize("shape", [(5,), (5, 1), (4, 3)])
def test_squared_error_gradients(name, shape):
    rng = np.random.default_rng(0)
    loss, gradient = losses.get_loss(name)
    _check(loss, gradient, rng.standard_normal(shape), rng.standard_normal(shape))


@pytest.mark.parametrize("shape", [(6,), (6, 1), (4, 3)])
def test_binary_cross_entropy_gradient(shape):
    Y = (np.random.default_rng(1).random(shape) > 0.5).astype(float)
    _check(losses.binary_cross_entropy, losses.binary_cross_entropy_gradient, Y,
           probabilities(shape, seed=1))


def test_binary_cross_entropy_gradient_with_label_vector_for_column_output():
    Y = np.array([1, 0, 0, 1, 1])  # (m,) labels for a (m, 1) output
    _check(losses.binary_cross_entropy, losses.binary_cross_entropy_gradient, Y,
           probabilities((5, 1), seed=2))


def test_cross_entropy_gradient_one_hot():
    Y = np.eye(4)[[0, 3, 1, 1, 2]]
    _check(losses.cross_entropy, losses.cross_entropy_gradient, Y, softmax_rows(5, 4, seed=3))


def test_cross_entropy_gradient_integer_labels():
    y = np.array([0, 3, 1, 1, 2])
    Y_hat = softmax_rows(5, 4, seed=4)
    _check(losses.cross_entropy, losses.cross_entropy_gradient, y, Y_hat)
    # integer labels and their one-hot rows give the same gradient
    np.testing.assert_array_equal(
        losses.cross_entropy_gradient(y, Y_hat), losses.cross_entropy_gradient(np.eye(4)[y], Y_hat)
    )


# ----- properties ------------------------------------------------------------------------------

shapes = st.tuples(st.integers(1, 6), st.integers(1, 4))


def as_distributions(Y_hat):
    """Rows of two or more positive numbers summing to 1, as cross-entropy expects."""
    P = np.hstack([Y_hat, np.ones((Y_hat.shape[0], 1))]) + 1e-3
    return P / P.sum(axis=1, keepdims=True)


@SETTINGS
@given(st.data())
def test_losses_are_non_negative(data):
    shape = data.draw(shapes)
    Y_hat = data.draw(arrays(np.float64, shape, elements=st.floats(0, 1)))
    Y01 = data.draw(arrays(np.int64, shape, elements=st.integers(0, 1))).astype(float)
    Y_real = data.draw(arrays(np.float64, shape, elements=st.floats(-1e3, 1e3)))
    labels = data.draw(arrays(np.int64, shape[0], elements=st.integers(0, shape[1] - 1)))
    assert losses.mse(Y_real, Y_hat) >= 0
    assert losses.sse(Y_real, Y_hat) >= 0
    assert losses.binary_cross_entropy(Y01, Y_hat) >= 0
    assert losses.cross_entropy(labels, as_distributions(Y_hat)) >= 0


@SETTINGS
@given(st.data())
def test_gradients_have_y_hat_shape(data):
    shape = data.draw(shapes)
    Y_hat = data.draw(arrays(np.float64, shape, elements=st.floats(0, 1)))
    Y01 = data.draw(arrays(np.int64, shape, elements=st.integers(0, 1))).astype(float)
    labels = data.draw(arrays(np.int64, shape[0], elements=st.integers(0, shape[1] - 1)))
    for name in ("mse", "sse", "binary_cross_entropy"):
        assert losses.get_loss(name)[1](Y01, Y_hat).shape == shape
    P = as_distributions(Y_hat)
    assert losses.cross_entropy_gradient(labels, P).shape == P.shape


@SETTINGS
@given(arrays(np.float64, st.integers(1, 8), elements=st.floats(-100, 100)))
def test_squared_errors_are_zero_at_the_target(Y):
    assert losses.mse(Y, Y) == 0.0 and losses.sse(Y, Y) == 0.0


# ----- dtypes and the caller's arrays --------------------------------------------------------

@pytest.mark.parametrize("name", list(losses.LOSSES))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_gradient_dtype_follows_y_hat(name, dtype):
    loss, gradient = losses.get_loss(name)
    Y = np.array([[1.0, 0.0], [0.0, 1.0]])  # float64 targets, one-hot rows
    Y_hat = np.array([[0.6, 0.4], [0.3, 0.7]], dtype=dtype)
    assert gradient(Y, Y_hat).dtype == dtype
    assert math.isfinite(loss(Y, Y_hat))


@pytest.mark.parametrize("name", list(losses.LOSSES))
def test_inputs_not_modified(name):
    loss, gradient = losses.get_loss(name)
    Y = np.array([[1.0, 0.0], [0.0, 1.0]])
    Y_hat = np.array([[1.0, 0.0], [0.3, 0.7]])  # exact 0 and 1: clipping must work on a copy
    Y0, Y_hat0 = Y.copy(), Y_hat.copy()
    loss(Y, Y_hat)
    gradient(Y, Y_hat)
    np.testing.assert_array_equal(Y, Y0)
    np.testing.assert_array_equal(Y_hat, Y_hat0)


def test_prepare_targets_one_hot_and_column():
    Y, Y_hat = losses.prepare_targets(np.array([2, 0]), np.full((2, 3), 1 / 3), "cross_entropy")
    np.testing.assert_array_equal(Y, [[0, 0, 1], [1, 0, 0]])
    Y, Y_hat = losses.prepare_targets([1, 0, 1], np.full((3, 1), 0.5), "binary_cross_entropy")
    assert Y.shape == (3, 1) and Y.dtype == np.float64


def test_get_loss_returns_checked_functions():
    assert losses.get_loss("mse") == (losses.mse, losses.mse_gradient)
    assert losses.get_loss("cross_entropy") == (losses.cross_entropy, losses.cross_entropy_gradient)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_cross_entropy_from_labels_equals_the_one_hot_sum(dtype):
    # integer labels and one-hot rows are two spellings of the same targets
    rng = np.random.default_rng(3)
    Y_hat = softmax(rng.standard_normal((20, 4))).astype(dtype)
    y = rng.integers(0, 4, 20)
    Y = np.eye(4, dtype=dtype)[y]
    assert losses.cross_entropy(y, Y_hat) == pytest.approx(losses.cross_entropy(Y, Y_hat),
                                                           rel=1e-6)


def test_targets_for_output_match_prepare_targets():
    # fit prepares its targets before any prediction exists: the same arrays as prepare_targets
    for Y, n_out, loss in (([2, 0, 1], 3, "cross_entropy"), ([1, 0, 1], 1, "binary_cross_entropy"),
                           (np.ones((3, 2)), 2, "mse")):
        for dtype in (np.float32, np.float64):
            expected, _ = losses.prepare_targets(Y, np.full((3, n_out), 1 / n_out, dtype), loss)
            got = losses.targets_for_output(Y, 3, n_out, loss, dtype)
            assert got.dtype == dtype
            np.testing.assert_array_equal(got, expected)
