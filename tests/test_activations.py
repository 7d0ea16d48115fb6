"""Tests for nnlib.activations: values by hand, finite-difference checks, properties, dtypes."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from nnlib import activations as act
from nnlib.gradcheck import numerical_gradient, relative_error

FORWARD_BACKWARD = [
    (act.sigmoid, act.sigmoid_backward),
    (act.tanh, act.tanh_backward),
    (act.relu, act.relu_backward),
    (act.leaky_relu, act.leaky_relu_backward),
    (act.softmax, act.softmax_backward),
    (act.identity, act.identity_backward),
]
IDS = [f.__name__ for f, _ in FORWARD_BACKWARD]

SETTINGS = settings(max_examples=40, deadline=None)
moderate = st.floats(-30, 30, allow_nan=False, allow_infinity=False)
any_finite = st.floats(-1e4, 1e4, allow_nan=False, allow_infinity=False)


def away_from_zero(shape, seed, margin=0.05):
    """Random values with |z| >= margin, so relu's kink at 0 stays out of reach of eps=1e-6."""
    rng = np.random.default_rng(seed)
    Z = rng.uniform(margin, 3.0, size=shape)
    return Z * rng.choice([-1.0, 1.0], size=shape)


# ----- values worked by hand ----------------------------------------------------------------

def test_sigmoid_by_hand():
    # sigmoid(0) = 1 / (1 + e^0) = 1/2;  sigmoid(7) = 1 / (1 + e^-7) = 0.9990889488055994
    A = act.sigmoid(np.array([0.0, 7.0, -7.0]))
    # sigmoid(-z) = 1 - sigmoid(z); the subtraction 1 - 0.999... keeps only ~13 digits
    np.testing.assert_allclose(A, [0.5, 0.9990889488055994, 1 - 0.9990889488055994], rtol=1e-12)
    assert math.isclose(float(A[1]), 1 / (1 + math.exp(-7)), rel_tol=1e-15)


def test_tanh_relu_leaky_identity_by_hand():
    Z = np.array([-2.0, 0.0, 3.0])
    # tanh(1) = (e - 1/e) / (e + 1/e) = 0.7615941559557649
    e = math.e
    assert math.isclose(float(act.tanh(np.array(1.0))), (e - 1 / e) / (e + 1 / e))
    np.testing.assert_array_equal(act.relu(Z), [0.0, 0.0, 3.0])
    # leaky: 0.01 * -2 = -0.02 on the negative side
    np.testing.assert_allclose(act.leaky_relu(Z), [-0.02, 0.0, 3.0], rtol=1e-15)
    np.testing.assert_allclose(act.leaky_relu(Z, alpha=0.2), [-0.4, 0.0, 3.0], rtol=1e-15)
    np.testing.assert_array_equal(act.identity(Z), Z)


def test_softmax_by_hand():
    # row [0, ln 3]: exp -> [1, 3], sum 4 -> [0.25, 0.75]; row [2, 2] -> [0.5, 0.5]
    A = act.softmax(np.array([[0.0, math.log(3.0)], [2.0, 2.0]]))
    np.testing.assert_allclose(A, [[0.25, 0.75], [0.5, 0.5]], rtol=1e-14)
    # a 1-D Z is one example
    A1 = act.softmax(np.array([0.0, math.log(3.0)]))
    np.testing.assert_allclose(A1, [0.25, 0.75], rtol=1e-14)


def test_backward_by_hand():
    # sigmoid'(0) = s (1 - s) = 0.5 * 0.5 = 0.25, times dA = 4 -> 1
    assert float(act.sigmoid_backward(np.array(4.0), np.array(0.0))) == 1.0
    # tanh'(0) = 1 - 0^2 = 1
    assert float(act.tanh_backward(np.array(3.0), np.array(0.0))) == 3.0
    # relu passes dA where Z > 0 and blocks it where Z <= 0 (0 at Z = 0 by convention)
    np.testing.assert_array_equal(
        act.relu_backward(np.array([2.0, 2.0, 2.0]), np.array([-1.0, 0.0, 1.0])), [0.0, 0.0, 2.0]
    )
    # leaky: alpha * dA = 0.01 * 2 = 0.02 where Z <= 0
    np.testing.assert_allclose(
        act.leaky_relu_backward(np.array([2.0, 2.0]), np.array([-1.0, 1.0])), [0.02, 2.0]
    )
    # softmax of [0, ln 3] is S = [0.25, 0.75]; with dA = [1, 0]:
    # sum(dA * S) = 0.25, dZ = S * (dA - 0.25) = [0.25 * 0.75, 0.75 * -0.25] = [0.1875, -0.1875]
    dZ = act.softmax_backward(np.array([[1.0, 0.0]]), np.array([[0.0, math.log(3.0)]]))
    np.testing.assert_allclose(dZ, [[0.1875, -0.1875]], rtol=1e-14)


# ----- finite differences: every backward function -------------------------------------------

@pytest.mark.parametrize("forward, backward", FORWARD_BACKWARD, ids=IDS)
@pytest.mark.parametrize("seed", [0, 1])
def test_backward_matches_finite_differences(forward, backward, seed):
    rng = np.random.default_rng(seed)
    Z = away_from_zero((4, 3), seed)
    dA = rng.standard_normal((4, 3))

    def f(Z_):  # a scalar whose gradient with respect to Z is backward(dA, Z)
        return float(np.sum(dA * forward(Z_)))

    dZ = backward(dA, Z)
    assert dZ.shape == Z.shape
    assert relative_error(dZ, numerical_gradient(f, Z)) < 1e-7


def test_softmax_backward_matches_full_jacobian():
    # dZ_j = sum_i dA_i dS_i/dZ_j with dS_i/dZ_j = S_i (delta_ij - S_j)
    rng = np.random.default_rng(3)
    Z, dA = rng.standard_normal((1, 4)), rng.standard_normal((1, 4))
    S = act.softmax(Z)[0]
    J = np.diag(S) - np.outer(S, S)
    np.testing.assert_allclose(act.softmax_backward(dA, Z)[0], dA[0] @ J, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("alpha", [0.01, 0.3])
def test_leaky_relu_backward_alpha_matches_finite_differences(alpha):
    Z = away_from_zero((3, 5), seed=4)
    dA = np.random.default_rng(4).standard_normal((3, 5))
    numeric = numerical_gradient(lambda Z_: float(np.sum(dA * act.leaky_relu(Z_, alpha))), Z)
    assert relative_error(act.leaky_relu_backward(dA, Z, alpha), numeric) < 1e-7


# ----- properties ----------------------------------------------------------------------------

@SETTINGS
@given(arrays(np.float64, st.tuples(st.integers(1, 5), st.integers(1, 6)), elements=any_finite))
def test_softmax_rows_sum_to_one(Z):
    A = act.softmax(Z)
    assert A.shape == Z.shape
    assert np.all(A >= 0) and np.all(A <= 1)
    np.testing.assert_allclose(A.sum(axis=1), 1.0, rtol=1e-12)


@SETTINGS
@given(
    arrays(np.float64, st.tuples(st.integers(1, 5), st.integers(1, 6)), elements=moderate),
    st.floats(-100, 100),
)
def test_softmax_is_shift_invariant(Z, c):
    np.testing.assert_allclose(act.softmax(Z + c), act.softmax(Z), rtol=1e-9, atol=1e-12)


@SETTINGS
@given(
    arrays(np.float64, st.tuples(st.integers(2, 4), st.integers(1, 6)), elements=moderate),
    arrays(np.float64, 4, elements=st.floats(-50, 50)),
)
def test_softmax_shift_per_row(Z, shifts):
    # adding a different constant to each row leaves every row's distribution unchanged
    c = shifts[: Z.shape[0], None]
    np.testing.assert_allclose(act.softmax(Z + c), act.softmax(Z), rtol=1e-9, atol=1e-12)


@SETTINGS
@given(arrays(np.float64, st.integers(1, 20), elements=any_finite))
def test_sigmoid_in_closed_unit_interval(Z):
    A = act.sigmoid(Z)
    assert np.all(A >= 0) and np.all(A <= 1)


@SETTINGS
@given(arrays(np.float64, st.integers(1, 20), elements=st.floats(-29.9, 29.9)))
def test_sigmoid_strictly_inside_unit_interval_for_moderate_z(Z):
    A = act.sigmoid(Z)
    assert np.all(A > 0) and np.all(A < 1)
    # and it agrees with the textbook formula where that formula cannot overflow
    np.testing.assert_allclose(A, 1 / (1 + np.exp(-Z)), rtol=1e-13)


@SETTINGS
@given(arrays(np.float64, st.integers(1, 20), elements=any_finite))
def test_tanh_is_odd(Z):
    np.testing.assert_array_equal(act.tanh(-Z), -act.tanh(Z))


@SETTINGS
@given(arrays(np.float64, st.integers(1, 20), elements=any_finite))
def test_relu_non_negative_and_equal_to_positive_part(Z):
    A = act.relu(Z)
    assert np.all(A >= 0)
    np.testing.assert_array_equal(A, np.where(Z > 0, Z, 0.0))


# ----- dtypes and shapes ---------------------------------------------------------------------

@pytest.mark.parametrize("forward, backward", FORWARD_BACKWARD, ids=IDS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_preserved(forward, backward, dtype):
    Z = away_from_zero((3, 4), seed=5).astype(dtype)
    dA = np.ones((3, 4), dtype=dtype)
    assert forward(Z).dtype == dtype
    assert backward(dA, Z).dtype == dtype


@pytest.mark.parametrize("forward, backward", FORWARD_BACKWARD, ids=IDS)
def test_inputs_not_modified(forward, backward):
    Z = away_from_zero((3, 4), seed=6)
    dA = np.random.default_rng(6).standard_normal((3, 4))
    Z0, dA0 = Z.copy(), dA.copy()
    A = forward(Z)
    dZ = backward(dA, Z)
    np.testing.assert_array_equal(Z, Z0)
    np.testing.assert_array_equal(dA, dA0)
    # dZ is a new array: changing it cannot reach the caller's dA (identity's A is Z itself)
    assert not np.shares_memory(dZ, dA)
    if forward is not act.identity:
        assert not np.shares_memory(A, Z)


def test_integer_input_becomes_float():
    assert act.sigmoid(np.array([0, 1])).dtype == np.float64
    assert act.softmax(np.array([[1, 2]])).dtype == np.float64


def test_get_activation_returns_the_pair():
    for name, (forward, backward) in act.ACTIVATIONS.items():
        assert act.get_activation(name) == (forward, backward)


def test_softmax_of_a_matrix_equals_softmax_of_each_row():
    # 2-D inputs take a faster route (argmax gather, row sums by a matrix product); 1-D rows
    # take the plain one. Both must give the same probabilities.
    Z = np.random.default_rng(7).standard_normal((50, 10)) * 30
    by_rows = np.stack([act.softmax(z) for z in Z])
    np.testing.assert_allclose(act.softmax(Z), by_rows, rtol=1e-12, atol=1e-300)
    assert act.softmax(Z.astype(np.float32)).dtype == np.float32


def test_relu_backward_gives_no_negative_zeros():
    dA = np.array([[-2.0, -1.0, 3.0], [-0.5, 4.0, -6.0]], dtype=np.float32)
    Z = np.array([[-1.0, 0.0, 2.0], [1.0, -3.0, 0.0]], dtype=np.float32)
    dZ = act.relu_backward(dA, Z)
    assert dZ.dtype == np.float32
    np.testing.assert_array_equal(dZ, np.where(Z > 0, dA, 0))
    assert not np.signbit(dZ[dZ == 0]).any()  # printed as 0., never -0.
    assert repr(dZ[0, 0]) == "np.float32(0.0)"
