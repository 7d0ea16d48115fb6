"""Tests for nnlib.optimizers: each update against its formula, by hand, over several steps."""

import math

import numpy as np
import pytest

from nnlib.optimizers import (
    SGD,
    Adam,
    Momentum,
    RMSProp,
    exponential_decay,
    get_optimizer,
    step_decay,
)

# Three gradients for a parameter pair: a (2, 2) weight and a (2,) bias.
P0 = {"W1": np.array([[1.0, -2.0], [0.5, 3.0]]), "b1": np.array([0.1, -0.3])}
GRADS = [
    {"dW1": np.array([[0.2, -1.0], [4.0, 0.0]]), "db1": np.array([1.0, -0.5])},
    {"dW1": np.array([[0.1, 2.0], [-3.0, 0.5]]), "db1": np.array([0.5, 0.5])},
    {"dW1": np.array([[-0.3, 1.0], [1.0, -1.0]]), "db1": np.array([-2.0, 0.25])},
]


def run(optimizer, n_steps=3):
    params = {k: v.copy() for k, v in P0.items()}
    for grads in GRADS[:n_steps]:
        optimizer.step(params, grads)
    return params


def by_hand(update):
    """Apply ``update(name, index, g, state) -> delta`` element by element, in plain Python."""
    out = {}
    for name, p0 in P0.items():
        flat = p0.ravel().tolist()
        for i in range(len(flat)):
            state = {}
            for t, grads in enumerate(GRADS, start=1):
                g = float(grads[f"d{name}"].ravel()[i])
                flat[i] -= update(g, state, t)
        out[name] = np.array(flat).reshape(p0.shape)
    return out


def assert_params_equal(got, expected):
    for k in expected:
        np.testing.assert_allclose(got[k], expected[k], rtol=1e-12, atol=1e-15)


def test_sgd_by_hand():
    assert_params_equal(run(SGD(0.1)), by_hand(lambda g, s, t: 0.1 * g))


def test_momentum_by_hand():
    lr, beta = 0.1, 0.9

    def update(g, s, t):
        s["v"] = beta * s.get("v", 0.0) + (1 - beta) * g
        return lr * s["v"]

    assert_params_equal(run(Momentum(lr, beta=beta)), by_hand(update))


def test_momentum_with_beta_zero_is_sgd():
    assert_params_equal(run(Momentum(0.1, beta=0.0)), run(SGD(0.1)))


def test_momentum_other_convention_is_a_rescaled_learning_rate():
    """v = beta v + g with lr equals ours with lr / (1 - beta): the two common conventions."""
    lr, beta = 0.05, 0.8

    def torch_style(g, s, t):
        s["v"] = beta * s.get("v", 0.0) + g
        return lr * s["v"]

    assert_params_equal(run(Momentum(lr / (1 - beta), beta=beta)), by_hand(torch_style))


def test_rmsprop_by_hand():
    lr, beta, eps = 0.01, 0.9, 1e-8

    def update(g, s, t):
        s["s"] = beta * s.get("s", 0.0) + (1 - beta) * g * g
        return lr * g / (math.sqrt(s["s"]) + eps)

    assert_params_equal(run(RMSProp(lr, beta=beta, epsilon=eps)), by_hand(update))


def test_adam_by_hand_with_bias_correction():
    lr, b1, b2, eps = 0.01, 0.9, 0.999, 1e-8

    def update(g, s, t):
        s["v"] = b1 * s.get("v", 0.0) + (1 - b1) * g
        s["s"] = b2 * s.get("s", 0.0) + (1 - b2) * g * g
        v_hat, s_hat = s["v"] / (1 - b1**t), s["s"] / (1 - b2**t)
        return lr * v_hat / (math.sqrt(s_hat) + eps)

    opt = Adam(lr, beta1=b1, beta2=b2, epsilon=eps)
    assert_params_equal(run(opt), by_hand(update))
    assert opt.t == 3


def test_adam_first_step_moves_each_parameter_by_about_the_learning_rate():
    params = run(Adam(0.01), n_steps=1)
    moved = np.concatenate([np.abs(params[k] - P0[k]).ravel() for k in P0])
    g = np.concatenate([np.abs(GRADS[0][f"d{k}"]).ravel() for k in P0])
    np.testing.assert_allclose(moved[g > 0], 0.01, rtol=1e-5)  # |v_hat / sqrt(s_hat)| = 1
    assert np.all(moved[g == 0] == 0)


def test_without_bias_correction_adam_would_move_ten_times_less():
    """The reason for the correction: v alone starts at (1 - beta1) g."""
    opt = Adam(0.01)
    params = run(opt, n_steps=1)
    g = GRADS[0]["db1"]
    uncorrected = 0.01 * (0.1 * g) / (np.sqrt(0.001 * g * g) + 1e-8)
    assert np.all(np.abs(uncorrected) > 3 * np.abs(params["b1"] - P0["b1"]))


def test_state_is_kept_per_parameter_and_float32_preserved():
    params = {k: v.astype(np.float32) for k, v in P0.items()}
    opt = Adam(0.01)
    for grads in GRADS:
        opt.step(params, {k: v.astype(np.float32) for k, v in grads.items()})
    assert set(opt.v) == {"W1", "b1"}
    assert all(p.dtype == np.float32 for p in params.values())
    assert_close = np.testing.assert_allclose
    expected = run(Adam(0.01))
    for k in params:
        assert_close(params[k], expected[k], rtol=1e-5)


def test_step_updates_in_place_and_leaves_the_gradients_alone():
    params = {k: v.copy() for k, v in P0.items()}
    W = params["W1"]
    grads = {k: v.copy() for k, v in GRADS[0].items()}
    Momentum(0.1).step(params, grads)
    assert params["W1"] is W
    for k in grads:
        np.testing.assert_array_equal(grads[k], GRADS[0][k])


@pytest.mark.parametrize("cls", [SGD, Momentum, RMSProp, Adam])
def test_a_gradient_of_the_wrong_shape_is_refused(cls):
    params = {k: v.copy() for k, v in P0.items()}
    grads = {"dW1": GRADS[0]["dW1"], "db1": GRADS[0]["db1"].reshape(-1, 1)}
    with pytest.raises(ValueError, match=rf"{cls.__name__}.step: db1 has shape \(2, 1\) but b1 "
                                         r"has shape \(2,\)"):
        cls(0.1).step(params, grads)
    with pytest.raises(ValueError, match="grads has no 'dW1'"):
        cls(0.1).step(params, {"db1": GRADS[0]["db1"]})
    with pytest.raises(TypeError, match=r"expected step\(params, grads\) with two dicts"):
        cls(0.1).step(params, None)


@pytest.mark.parametrize("bad", [0, -1, float("nan"), "0.1", None, True])
def test_learning_rate_must_be_positive(bad):
    with pytest.raises(ValueError, match="Momentum: learning_rate must be a positive number"):
        Momentum(bad)


@pytest.mark.parametrize("bad", [1, 1.5, -0.1, "0.9"])
def test_betas_must_lie_in_zero_one(bad):
    with pytest.raises(ValueError, match=r"Adam: beta1 must be a number in \[0, 1\)"):
        Adam(0.01, beta1=bad)
    with pytest.raises(ValueError, match=r"RMSProp: beta must be a number in \[0, 1\)"):
        RMSProp(0.01, beta=bad)


def test_get_optimizer():
    assert isinstance(get_optimizer("adam"), Adam)
    assert get_optimizer("ADAM").learning_rate == 0.001
    assert isinstance(get_optimizer("rmsprop", 0.1), RMSProp)
    opt = SGD(0.2)
    assert get_optimizer(opt) is opt
    with pytest.raises(ValueError, match="unknown optimizer 'adagrad'; choose one of 'sgd', "):
        get_optimizer("adagrad", 0.1)
    with pytest.raises(ValueError, match="'sgd' needs a learning rate"):
        get_optimizer("sgd")
    with pytest.raises(ValueError, match="give it in one place only"):
        get_optimizer(opt, 0.5)


def test_schedules():
    assert [step_decay(1.0, factor=0.1, every=3)(e) for e in range(1, 8)] == pytest.approx(
        [1, 1, 1, 0.1, 0.1, 0.1, 0.01])
    assert [exponential_decay(0.2, rate=0.5)(e) for e in (1, 2, 3)] == pytest.approx(
        [0.2, 0.1, 0.05])
    with pytest.raises(ValueError, match="step_decay: every must be a positive integer"):
        step_decay(0.1, every=0)


def test_an_optimizer_of_your_own_is_accepted_by_fit():
    """Anything with step(params, grads) and learning_rate can drive fit."""
    from nnlib.network import init_params
    from nnlib.training import fit

    class MySGD:
        def __init__(self, learning_rate):
            self.learning_rate = learning_rate

        def step(self, params, grads):
            for k in params:
                params[k] -= self.learning_rate * grads["d" + k]

    X = np.random.default_rng(0).standard_normal((20, 3))
    y = (X[:, 0] > 0).astype(int)
    mine, _ = fit(X, y, init_params([3, 4, 1], rng=0), ["relu", "sigmoid"],
                  "binary_cross_entropy", optimizer=MySGD(0.3), n_epochs=5, batch_size=7, rng=0)
    ours, _ = fit(X, y, init_params([3, 4, 1], rng=0), ["relu", "sigmoid"],
                  "binary_cross_entropy", optimizer=SGD(0.3), n_epochs=5, batch_size=7, rng=0)
    for k in ours:
        np.testing.assert_array_equal(mine[k], ours[k])
    assert get_optimizer(MySGD(0.1)).learning_rate == 0.1


@pytest.mark.parametrize("cls", [SGD, Momentum, RMSProp, Adam])
def test_parameters_that_are_not_arrays_are_refused(cls):
    with pytest.raises(TypeError, match=r"params\['W1'\] is list; expected a NumPy array"):
        cls(0.1).step({"W1": [[1.0]]}, {"dW1": np.array([[1.0]])})


@pytest.mark.parametrize("cls", [Momentum, RMSProp, Adam])
def test_scratch_arrays_follow_a_change_of_shape_or_dtype(cls):
    # the same optimizer reused on other parameters: its scratch arrays are made again
    opt = cls(0.01)
    for dtype in (np.float64, np.float32):
        params = {"W1": np.ones((2, 3), dtype=dtype)}
        opt.v, opt.s = {}, {}  # new state for the new parameters (Adam, RMSProp, Momentum)
        opt.step(params, {"dW1": np.full((2, 3), 0.5, dtype=dtype)})
        assert params["W1"].dtype == dtype and (params["W1"] < 1).all()
