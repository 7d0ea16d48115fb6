"""Tests for nnlib.initializers and nnlib.network.init_params: shapes, scales, reproducibility."""

import numpy as np
import pytest

from nnlib import initializers as init
from nnlib.network import init_params

RANDOM = ["normal", "xavier", "he"]


@pytest.fixture
def global_seed_state():
    """Let a test call np.random.seed and restore NumPy's global generator afterwards."""
    state = np.random.get_state()  # noqa: NPY002 (the legacy API is the point)
    yield
    np.random.set_state(state)  # noqa: NPY002 (the legacy API is the point)


@pytest.mark.parametrize("name", list(init.INITIALIZERS))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_shape_and_dtype(name, dtype):
    W = init.get_initializer(name)((3, 5), rng=0, dtype=dtype)
    assert W.shape == (3, 5) and W.dtype == dtype


@pytest.mark.parametrize("name", list(init.INITIALIZERS))
def test_default_dtype_is_float64(name):
    assert init.get_initializer(name)((2, 2), rng=0).dtype == np.float64


def test_zeros():
    np.testing.assert_array_equal(init.zeros((2, 3)), np.zeros((2, 3)))


@pytest.mark.parametrize(
    "name, shape, expected_std",
    [
        ("normal", (400, 300), 0.01),  # 0.01 * standard normal
        ("xavier", (400, 300), np.sqrt(2 / (300 + 400))),  # sqrt(2 / 700) = 0.0535
        ("he", (400, 300), np.sqrt(2 / 300)),  # sqrt(2 / n_in) = 0.0816
    ],
)
def test_scale(name, shape, expected_std):
    W = init.get_initializer(name)(shape, rng=0)
    # 120000 draws: the sample std is within ~0.5% of the true one; allow 3%
    assert abs(W.std() / expected_std - 1) < 0.03
    assert abs(W.mean()) < 0.05 * expected_std  # the mean of 120000 draws: std/346


@pytest.mark.parametrize("name", RANDOM)
def test_int_seed_reproducible(name):
    f = init.get_initializer(name)
    np.testing.assert_array_equal(f((4, 3), rng=7), f((4, 3), rng=7))
    assert not np.array_equal(f((4, 3), rng=7), f((4, 3), rng=8))


@pytest.mark.parametrize("name", RANDOM)
def test_generator_accepted_and_advanced(name):
    f = init.get_initializer(name)
    g = np.random.default_rng(3)
    first, second = f((2, 2), rng=g), f((2, 2), rng=g)
    assert not np.array_equal(first, second)  # the Generator was advanced, not re-seeded
    np.testing.assert_array_equal(first, f((2, 2), rng=np.random.default_rng(3)))
    # an int seed means a Generator seeded with it
    np.testing.assert_array_equal(first, f((2, 2), rng=3))


def test_random_state_reproduces_np_random_seed(global_seed_state):
    np.random.seed(1)  # noqa: NPY002 (the legacy API is the point)
    expected = np.random.randn(5, 4) * 0.01  # noqa: NPY002 (the legacy API is the point)
    np.testing.assert_array_equal(init.normal((5, 4), rng=np.random.RandomState(1)), expected)


def test_init_params_draws_like_np_random_randn_in_layer_order(global_seed_state):
    # a tutorial writes: np.random.seed(1); W1 = np.random.randn(4, 3) * 0.01; b1 = zeros; W2 = ...  # noqa: NPY002 (the legacy API is the point)
    np.random.seed(1)  # noqa: NPY002 (the legacy API is the point)
    W1 = np.random.randn(4, 3) * 0.01  # noqa: NPY002 (the legacy API is the point)
    W2 = np.random.randn(2, 4) * 0.01  # noqa: NPY002 (the legacy API is the point)
    W3 = np.random.randn(1, 2) * 0.01  # noqa: NPY002 (the legacy API is the point)
    params = init_params([3, 4, 2, 1], init="normal", rng=np.random.RandomState(1))
    assert list(params) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    np.testing.assert_array_equal(params["W1"], W1)
    np.testing.assert_array_equal(params["W2"], W2)
    np.testing.assert_array_equal(params["W3"], W3)
    for l, n in ((1, 4), (2, 2), (3, 1)):
        np.testing.assert_array_equal(params[f"b{l}"], np.zeros(n))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", list(init.INITIALIZERS))
def test_init_params_shapes_and_dtype(name, dtype):
    params = init_params([5, 3, 2], init=name, rng=0, dtype=dtype)
    shapes = {k: v.shape for k, v in params.items()}
    assert shapes == {"W1": (3, 5), "b1": (3,), "W2": (2, 3), "b2": (2,)}
    assert all(v.dtype == dtype for v in params.values())


def test_init_params_default_dtype_float64_and_int_seed_reproducible():
    a, b = init_params([3, 4, 1], rng=5), init_params([3, 4, 1], rng=5)
    assert all(v.dtype == np.float64 for v in a.values())
    for k in a:
        np.testing.assert_array_equal(a[k], b[k])


def test_init_params_accepts_a_callable():
    def ones(shape, rng=None, dtype=np.float64):
        return np.ones(shape, dtype=dtype)

    params = init_params([2, 3], init=ones)
    np.testing.assert_array_equal(params["W1"], np.ones((3, 2)))


def test_as_rng():
    rs = np.random.RandomState(0)
    g = np.random.default_rng(0)
    assert init.as_rng(rs) is rs and init.as_rng(g) is g
    assert isinstance(init.as_rng(None), np.random.Generator)
    assert isinstance(init.as_rng(np.int64(3)), np.random.Generator)
