"""Tests for nnlib.layers: the dense layer forward by hand, backward by finite differences."""

import math

import numpy as np
import pytest

from nnlib.activations import ACTIVATIONS
from nnlib.gradcheck import numerical_gradient, relative_error
from nnlib.layers import (
    DenseCache,
    dense_backward,
    dense_forward,
    dropout_backward,
    dropout_forward,
    linear_backward,
)

ACTIVATION_NAMES = list(ACTIVATIONS)


def layer(seed, m=4, n_in=3, n_out=5, margin=0.05):
    """A random layer whose pre-activations all have |Z| >= margin (relu's kink out of reach)."""
    rng = np.random.default_rng(seed)
    for _ in range(100):
        A_prev = rng.standard_normal((m, n_in))
        W = rng.standard_normal((n_out, n_in))
        b = rng.standard_normal(n_out)
        if np.abs(A_prev @ W.T + b).min() >= margin:
            return A_prev, W, b, rng.standard_normal((m, n_out))
    raise RuntimeError("no layer found with |Z| >= margin")  # pragma: no cover


def test_single_neuron_by_hand():
    # z = w . x + b = 0 * 2 + 1 * 3 + 4 = 7;  sigmoid(7) = 1 / (1 + e^-7) = 0.9990889488055994
    A, cache = dense_forward(np.array([[2.0, 3.0]]), np.array([[0.0, 1.0]]), np.array([4.0]),
                             "sigmoid")
    assert A.shape == (1, 1)
    assert abs(float(A[0, 0]) - 0.9990889488055994) < 1e-15
    assert math.isclose(float(A[0, 0]), 1 / (1 + math.exp(-7)), rel_tol=1e-15)
    assert float(cache.Z[0, 0]) == 7.0


def test_forward_rows_are_examples():
    # two examples, two units: Z = A_prev @ W.T + b
    # row [1, 2]: unit 1: 1*1 + 2*0 + 0.5 = 1.5, unit 2: 1*(-1) + 2*1 + 0 = 1
    # row [0, 1]: unit 1: 0 + 0 + 0.5 = 0.5,      unit 2: 0 + 1 + 0 = 1
    A, cache = dense_forward(np.array([[1.0, 2.0], [0.0, 1.0]]),
                             np.array([[1.0, 0.0], [-1.0, 1.0]]), np.array([0.5, 0.0]), "identity")
    np.testing.assert_array_equal(A, [[1.5, 1.0], [0.5, 1.0]])
    assert isinstance(cache, DenseCache) and cache.activation == "identity"


def test_linear_backward_by_hand():
    # dW = dZ.T @ A_prev = [[0.5]] @ [[1, 2]] = [[0.5, 1]]; db = 0.5; dA_prev = dZ @ W = [[1.5, 2]]
    A_prev, W = np.array([[1.0, 2.0]]), np.array([[3.0, 4.0]])
    cache = DenseCache(A_prev, W, np.zeros(1), None, "identity")
    dA_prev, dW, db = linear_backward(np.array([[0.5]]), cache)
    np.testing.assert_array_equal(dA_prev, [[1.5, 2.0]])
    np.testing.assert_array_equal(dW, [[0.5, 1.0]])
    np.testing.assert_array_equal(db, [0.5])


@pytest.mark.parametrize("activation", ACTIVATION_NAMES)
@pytest.mark.parametrize("seed", [0, 1])
def test_dense_backward_matches_finite_differences(activation, seed):
    A_prev, W, b, dA = layer(seed)

    # scalar L = sum(dA * A): its gradient with respect to the layer's output A is dA
    def L(A_prev_, W_, b_):
        return float(np.sum(dA * dense_forward(A_prev_, W_, b_, activation)[0]))

    _, cache = dense_forward(A_prev, W, b, activation)
    dA_prev, dW, db = dense_backward(dA, cache)
    assert (dA_prev.shape, dW.shape, db.shape) == (A_prev.shape, W.shape, b.shape)
    assert relative_error(dA_prev, numerical_gradient(lambda x: L(x, W, b), A_prev)) < 1e-7
    assert relative_error(dW, numerical_gradient(lambda x: L(A_prev, x, b), W)) < 1e-7
    assert relative_error(db, numerical_gradient(lambda x: L(A_prev, W, x), b)) < 1e-7


@pytest.mark.parametrize("seed", [0, 1])
def test_linear_backward_matches_finite_differences(seed):
    A_prev, W, b, dZ = layer(seed)

    def L(A_prev_, W_, b_):
        return float(np.sum(dZ * (A_prev_ @ W_.T + b_)))

    cache = DenseCache(A_prev, W, b, A_prev @ W.T + b, "identity")
    dA_prev, dW, db = linear_backward(dZ, cache)
    assert relative_error(dA_prev, numerical_gradient(lambda x: L(x, W, b), A_prev)) < 1e-7
    assert relative_error(dW, numerical_gradient(lambda x: L(A_prev, x, b), W)) < 1e-7
    assert relative_error(db, numerical_gradient(lambda x: L(A_prev, W, x), b)) < 1e-7


@pytest.mark.parametrize("backward_fn, activation",
                         [(linear_backward, "identity"), (dense_backward, "relu")])
def test_need_dA_prev_false_skips_it_and_keeps_the_rest(backward_fn, activation):
    A_prev, W, b, dA = layer(2)
    _, cache = dense_forward(A_prev, W, b, activation)
    full = backward_fn(dA, cache)
    skipped = backward_fn(dA, cache, need_dA_prev=False)
    assert skipped[0] is None
    np.testing.assert_array_equal(skipped[1], full[1])
    np.testing.assert_array_equal(skipped[2], full[2])


@pytest.mark.parametrize("activation", ACTIVATION_NAMES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_preserved(activation, dtype):
    A_prev, W, b, dA = (x.astype(dtype) for x in layer(3))
    A, cache = dense_forward(A_prev, W, b, activation)
    assert A.dtype == dtype and cache.Z.dtype == dtype
    dA_prev, dW, db = dense_backward(dA, cache)
    assert dA_prev.dtype == dW.dtype == db.dtype == dtype


@pytest.mark.parametrize("activation", ACTIVATION_NAMES)
def test_inputs_not_modified(activation):
    arrays = layer(4)
    copies = [x.copy() for x in arrays]
    A_prev, W, b, dA = arrays
    _, cache = dense_forward(A_prev, W, b, activation)
    dense_backward(dA, cache)
    for x, x0 in zip(arrays, copies, strict=True):
        np.testing.assert_array_equal(x, x0)


def test_lists_and_integers_accepted_as_float64():
    A, _ = dense_forward([[2, 3]], [[0, 1]], [4], "identity")
    assert A.dtype == np.float64 and A.tolist() == [[7.0]]


# ----- inverted dropout ---------------------------------------------------------------------------

@pytest.mark.parametrize("keep_prob", [0.5, 0.8, 0.95])
def test_dropout_keeps_the_right_fraction_and_the_expected_value(keep_prob):
    A = np.full((400, 500), 2.0)
    A_dropped, mask = dropout_forward(A, keep_prob, rng=0)
    kept = mask > 0
    assert abs(kept.mean() - keep_prob) < 0.01  # 200000 draws: the fraction is within 1%
    np.testing.assert_array_equal(mask[kept], 1 / keep_prob)  # the 1/keep_prob scaling
    np.testing.assert_array_equal(A_dropped, A * mask)
    assert abs(A_dropped.mean() - 2.0) < 0.02  # E[A * mask] = A
    np.testing.assert_array_equal(A, 2.0)  # the input is not modified


def test_dropout_with_keep_prob_one_is_the_identity():
    A = np.arange(6.0).reshape(2, 3)
    A_dropped, mask = dropout_forward(A, 1.0, rng=0)
    assert mask is None
    np.testing.assert_array_equal(A_dropped, A)
    np.testing.assert_array_equal(dropout_backward(A, None), A)


def test_dropout_backward_uses_the_forward_mask():
    A = np.ones((3, 4))
    _, mask = dropout_forward(A, 0.5, rng=np.random.RandomState(1))
    np.testing.assert_array_equal(dropout_backward(np.full((3, 4), 3.0), mask), 3.0 * mask)
    with pytest.raises(ValueError, match=r"dropout_backward: mask has shape \(3, 4\) but dA has "
                                         r"shape \(4, 3\)"):
        dropout_backward(np.ones((4, 3)), mask)


def test_dropout_reproduces_a_tutorial_seeded_with_np_random_seed():
    """RandomState(1) draws what np.random.seed(1); np.random.rand(...) draws."""
    _, mask = dropout_forward(np.ones((2, 3)), 0.8, rng=np.random.RandomState(1))
    expected = (np.random.RandomState(1).rand(2, 3) < 0.8) / 0.8
    np.testing.assert_array_equal(mask, expected)


@pytest.mark.parametrize("keep_prob", [0, 1.5, -0.2, "0.8", None])
def test_keep_prob_must_be_in_zero_one(keep_prob):
    with pytest.raises(ValueError,
                       match=r"dropout_forward: keep_prob must be a number in \(0, 1\]"):
        dropout_forward(np.ones((2, 2)), keep_prob)


def test_dense_backward_applies_the_cache_mask_first():
    A_prev, W, b, dA = layer(2)
    _, cache = dense_forward(A_prev, W, b, "tanh")
    mask = (np.arange(dA.size).reshape(dA.shape) % 2) * 2.0
    masked = dense_backward(dA, cache._replace(mask=mask))
    by_hand = dense_backward(dA * mask, cache)
    for got, expected in zip(masked, by_hand, strict=True):
        np.testing.assert_array_equal(got, expected)


def test_a_learners_plain_tuple_cache_works():
    A_prev, W, b, dA = layer(2)
    _, cache = dense_forward(A_prev, W, b, "sigmoid")
    plain = (A_prev, W, b, cache.Z, "sigmoid")
    for got, expected in zip(dense_backward(dA, plain), dense_backward(dA, cache), strict=True):
        np.testing.assert_array_equal(got, expected)



def test_shared_constant_vectors_are_read_only_and_bounded():
    from nnlib import _cache

    ones = _cache.ones(5, np.dtype(np.float32))
    assert ones.dtype == np.float32 and (ones == 1).all()
    with pytest.raises(ValueError, match="read-only"):
        ones[0] = 2
    assert _cache.ones(5, np.dtype(np.float32)) is ones
    for n in range(1, 200):
        _cache.arange(n)
    assert len(_cache._ARANGE) <= _cache._LIMIT
    np.testing.assert_array_equal(_cache.arange(7), np.arange(7))
