"""Tests for nnlib.training: minibatches, fit, History, printing, divergence."""

import warnings

import numpy as np
import pytest

from nnlib.losses import get_loss
from nnlib.network import (
    backward,
    compute_cost,
    forward,
    init_params,
    l2_penalty,
    predict,
    update,
)
from nnlib.optimizers import SGD, Adam, Momentum, RMSProp, step_decay
from nnlib.training import History, TrainingDiverged, fit, minibatches


def separable(m=60, seed=0):
    """Two blobs on either side of the line x0 + x1 = 0, labels as a column (m, 1)."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((m, 2))
    X += np.where((X[:, 0] + X[:, 1] > 0)[:, None], 0.5, -0.5)  # push the classes apart
    Y = (X[:, 0] + X[:, 1] > 0).astype(float).reshape(-1, 1)
    return X, Y


# ----- minibatches -----------------------------------------------------------------------------

@pytest.mark.parametrize("m, batch_size", [(10, 3), (10, 5), (10, 10), (10, 64), (1, 1)])
def test_minibatches_cover_every_example_once(m, batch_size):
    X = np.arange(2.0 * m).reshape(m, 2)
    Y = np.arange(m)
    batches = list(minibatches(X, Y, batch_size, rng=0))
    sizes = [len(Yb) for _, Yb in batches]
    # ceil(m / batch_size) batches, all full except possibly the last
    assert len(batches) == -(-m // batch_size)
    assert all(s == min(batch_size, m) for s in sizes[:-1]) and sum(sizes) == m
    seen = np.concatenate([Yb for _, Yb in batches])
    np.testing.assert_array_equal(np.sort(seen), np.arange(m))
    for Xb, Yb in batches:  # rows stay paired with their targets
        np.testing.assert_array_equal(Xb[:, 0], 2 * Yb)


def test_minibatches_without_shuffle_keep_order():
    X, Y = np.arange(10.0).reshape(5, 2), np.arange(5)
    batches = list(minibatches(X, Y, 2, shuffle=False))
    assert [Yb.tolist() for _, Yb in batches] == [[0, 1], [2, 3], [4]]


def test_minibatches_shuffle_is_seeded():
    X, Y = np.zeros((20, 1)), np.arange(20)
    first = [Yb.tolist() for _, Yb in minibatches(X, Y, 6, rng=3)]
    again = [Yb.tolist() for _, Yb in minibatches(X, Y, 6, rng=3)]
    other = [Yb.tolist() for _, Yb in minibatches(X, Y, 6, rng=4)]
    assert first == again
    assert first != other
    assert first != [Yb.tolist() for _, Yb in minibatches(X, Y, 6, shuffle=False)]


# ----- fit -------------------------------------------------------------------------------------

def test_fit_reduces_the_cost_and_learns_a_separable_problem():
    X, Y = separable()
    params, history = fit(X, Y, init_params([2, 3, 1], rng=0), ["tanh", "sigmoid"],
                          "binary_cross_entropy", learning_rate=0.5, n_epochs=200)
    assert history.cost[-1] < 0.5 * history.cost[0]
    # small steps on a smooth cost: it never goes up
    assert all(b <= a + 1e-12 for a, b in zip(history.cost[:-1], history.cost[1:], strict=True))
    assert history.metrics["accuracy"][-1] == 1.0
    cost = get_loss("binary_cross_entropy")[0]
    assert cost(Y, forward(X, params, ["tanh", "sigmoid"])[0]) < history.cost[-1]


def test_full_batch_epoch_is_one_gradient_step():
    # with batch_size=None, one epoch = forward, backward, update on all m examples
    X, Y = separable(m=12)
    params = init_params([2, 3, 1], rng=1)
    trained, history = fit(X, Y, params, "sigmoid", "binary_cross_entropy",
                           learning_rate=0.3, n_epochs=1)
    Y_hat, caches = forward(X, params, "sigmoid")
    expected = update(params, backward(Y, Y_hat, caches, "binary_cross_entropy"), 0.3)
    for k in params:
        np.testing.assert_allclose(trained[k], expected[k], rtol=1e-13, atol=1e-15)
    # History.cost holds the cost before the step
    assert history.cost == [pytest.approx(get_loss("binary_cross_entropy")[0](Y, Y_hat), rel=1e-13)]


def test_minibatch_epoch_matches_manual_steps():
    X, Y = separable(m=10)
    params = init_params([2, 1], rng=2)
    trained, history = fit(X, Y, params, "sigmoid", "binary_cross_entropy", learning_rate=0.2,
                           n_epochs=1, batch_size=4, shuffle=False)
    manual, costs = params, []
    for start in (0, 4, 8):  # batches of 4, 4, 2
        Xb, Yb = X[start:start + 4], Y[start:start + 4]
        Y_hat, caches = forward(Xb, manual, "sigmoid")
        costs.append(get_loss("binary_cross_entropy")[0](Yb, Y_hat) * len(Yb))
        manual = update(manual, backward(Yb, Y_hat, caches, "binary_cross_entropy"), 0.2)
    for k in params:
        np.testing.assert_allclose(trained[k], manual[k], rtol=1e-13, atol=1e-15)
    # the epoch's cost is the example-weighted mean of the batch costs
    assert history.cost[0] == pytest.approx(sum(costs) / 10, rel=1e-13)


def test_full_batch_and_minibatches_both_learn():
    X, Y = separable()
    _, full = fit(X, Y, init_params([2, 1], rng=0), "sigmoid", "binary_cross_entropy",
                  learning_rate=0.5, n_epochs=30)
    _, mini = fit(X, Y, init_params([2, 1], rng=0), "sigmoid", "binary_cross_entropy",
                  learning_rate=0.5, n_epochs=30, batch_size=8, rng=0)
    # minibatches make 8 steps per epoch (60 / 8 -> 7 full + 1 partial): they go further
    assert mini.cost[-1] < full.cost[-1] < full.cost[0]


def test_history_lengths_and_metrics():
    X, Y = separable()
    X_val, Y_val = separable(m=20, seed=1)
    _, history = fit(X, Y, init_params([2, 3, 1], rng=0), ["relu", "sigmoid"],
                     "binary_cross_entropy", learning_rate=0.1, n_epochs=7, batch_size=16,
                     rng=0, validation_data=(X_val, Y_val))
    assert isinstance(history, History)
    assert len(history) == len(history.cost) == 7
    assert history.epochs == [1, 2, 3, 4, 5, 6, 7]
    assert set(history.metrics) == {"accuracy", "learning_rate", "val_cost", "val_accuracy"}
    assert all(len(v) == 7 for v in history.metrics.values())
    assert all(0 <= a <= 1 for a in history.metrics["accuracy"] + history.metrics["val_accuracy"])
    assert history["cost"] is history.cost
    assert history["val_cost"] is history.metrics["val_cost"]
    assert repr(history).startswith(
        "History(7 epochs: cost, accuracy, learning_rate, val_cost, val_accuracy")
    with pytest.raises(KeyError, match="no 'val_loss' was recorded; recorded: 'cost', "):
        history["val_loss"]


def test_validation_metrics_are_computed_after_each_epoch():
    X, Y = separable(m=30)
    X_val, Y_val = separable(m=10, seed=2)
    params, history = fit(X, Y, init_params([2, 1], rng=3), "sigmoid", "binary_cross_entropy",
                          learning_rate=0.5, n_epochs=3, validation_data=(X_val, Y_val))
    Y_hat_val, _ = forward(X_val, params, "sigmoid")
    assert history.metrics["val_cost"][-1] == pytest.approx(
        get_loss("binary_cross_entropy")[0](Y_val, Y_hat_val), rel=1e-12
    )
    assert history.metrics["val_accuracy"][-1] == np.mean((Y_hat_val > 0.5) == (Y_val > 0.5))


def test_history_without_validation_has_no_validation_metrics():
    X, Y = separable(m=10)
    _, history = fit(X, Y, init_params([2, 1], rng=0), "sigmoid", "binary_cross_entropy",
                     learning_rate=0.1, n_epochs=2)
    assert list(history.metrics) == ["accuracy", "learning_rate"]
    assert history["learning_rate"] == [0.1, 0.1]
    with pytest.raises(KeyError, match="val_cost and val_accuracy need fit"):
        history["val_cost"]


def test_softmax_with_integer_labels():
    rng = np.random.default_rng(5)
    centers = np.array([[0.0, 3.0], [3.0, 0.0], [-3.0, -3.0]])
    y = rng.integers(0, 3, size=90)
    X = centers[y] + 0.5 * rng.standard_normal((90, 2))
    _, history = fit(X, y, init_params([2, 3], rng=5), "softmax", "cross_entropy",
                     learning_rate=0.5, n_epochs=50)
    assert history.cost[-1] < 0.2 * history.cost[0]
    assert history.metrics["accuracy"][-1] == 1.0


def test_print_every(capsys):
    X, Y = separable(m=10)
    fit(X, Y, init_params([2, 1], rng=0), "sigmoid", "binary_cross_entropy",
        learning_rate=0.1, n_epochs=10, print_every=4)
    lines = capsys.readouterr().out.splitlines()
    # epochs 4 and 8, and always the last one (10)
    assert [line.split()[1] for line in lines] == ["4/10", "8/10", "10/10"]
    assert all("cost" in line and "accuracy" in line for line in lines)


def test_silent_by_default(capsys):
    X, Y = separable(m=10)
    fit(X, Y, init_params([2, 1], rng=0), "sigmoid", "binary_cross_entropy",
        learning_rate=0.1, n_epochs=3)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_shuffle_determinism_with_a_seed():
    X, Y = separable()
    runs = [
        fit(X, Y, init_params([2, 3, 1], rng=0), ["tanh", "sigmoid"], "binary_cross_entropy",
            learning_rate=0.3, n_epochs=5, batch_size=7, rng=seed)
        for seed in (1, 1, 2)
    ]
    np.testing.assert_array_equal(runs[0][1].cost, runs[1][1].cost)
    for k in runs[0][0]:
        np.testing.assert_array_equal(runs[0][0][k], runs[1][0][k])
    assert runs[0][1].cost != runs[2][1].cost


def test_fit_does_not_modify_its_inputs():
    X, Y = separable(m=20)
    params = init_params([2, 3, 1], rng=0)
    saved = {k: v.copy() for k, v in params.items()}
    X0, Y0 = X.copy(), Y.copy()
    trained, _ = fit(X, Y, params, "sigmoid", "binary_cross_entropy", learning_rate=0.5,
                     n_epochs=5, batch_size=5, rng=0)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(Y, Y0)
    for k in params:
        np.testing.assert_array_equal(params[k], saved[k])
        assert not np.shares_memory(trained[k], params[k])


@pytest.mark.parametrize("batch_size", [None, 4])
def test_float32_end_to_end(batch_size):
    X, Y = separable(m=20)
    X = X.astype(np.float32)
    params = init_params([2, 3, 1], rng=0, dtype=np.float32)
    trained, history = fit(X, Y, params, ["tanh", "sigmoid"], "binary_cross_entropy",
                           learning_rate=0.5, n_epochs=5, batch_size=batch_size, rng=0)
    assert all(v.dtype == np.float32 for v in trained.values())
    assert all(isinstance(c, float) for c in history.cost)
    assert history.cost[-1] < history.cost[0]


@pytest.mark.parametrize("loss, batch_size", [("binary_cross_entropy", None), ("mse", 4)])
def test_float32_kept_with_a_numpy_learning_rate(loss, batch_size):
    X, Y = separable(m=12)
    params = init_params([2, 3, 1], rng=0, dtype=np.float32)
    for learning_rate in np.logspace(-2, -1, 2):  # NumPy float64 scalars
        trained, _ = fit(X.astype(np.float32), Y, params, ["relu", "sigmoid"], loss,
                         learning_rate=learning_rate, n_epochs=2, batch_size=batch_size, rng=0)
        assert all(v.dtype == np.float32 for v in trained.values())


def test_float64_by_default():
    X, Y = separable(m=10)
    trained, _ = fit(X, Y, init_params([2, 1], rng=0), "sigmoid", "binary_cross_entropy",
                     learning_rate=0.1, n_epochs=1)
    assert all(v.dtype == np.float64 for v in trained.values())


def test_diverging_fit_raises_without_warnings():
    X, Y = separable()
    X = X * 100  # unscaled inputs and a huge learning rate
    params = init_params([2, 8, 1], rng=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a RuntimeWarning (overflow...) would fail the test
        with pytest.raises(
            TrainingDiverged,
            match=r"fit: the cost became (inf|nan) at epoch \d+ with learning_rate=1000\.0; "
                  r"training stopped\. Try a smaller learning rate \(e\.g\. 100\)",
        ):
            fit(X, Y, params, ["relu", "identity"], "mse", learning_rate=1e3, n_epochs=100)


def test_diverging_minibatch_fit_with_sigmoid_hidden_layer_raises_without_warnings():
    X, Y = separable()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(TrainingDiverged, match="smaller learning rate"):
            fit(X * 1e3, Y * 1e3, init_params([2, 4, 1], rng=1), ["sigmoid", "identity"], "sse",
                learning_rate=10.0, n_epochs=50, batch_size=16, rng=0)


def test_training_diverged_is_a_floating_point_error():
    assert issubclass(TrainingDiverged, FloatingPointError)


def test_progress_bar_does_not_change_the_result(monkeypatch):
    monkeypatch.setenv("TQDM_DISABLE", "1")
    X, Y = separable(m=10)
    runs = [fit(X, Y, init_params([2, 1], rng=0), "sigmoid", "binary_cross_entropy",
                learning_rate=0.1, n_epochs=3, progress=flag)[1].cost for flag in (False, True)]
    assert runs[0] == runs[1]


def test_blas_threads_gives_the_same_training():
    X, Y = separable(m=20)
    runs = [fit(X, Y, init_params([2, 4, 1], rng=0), ["relu", "sigmoid"], "binary_cross_entropy",
                learning_rate=0.3, n_epochs=5, batch_size=8, rng=0, blas_threads=threads)
            for threads in (None, 1)]
    np.testing.assert_allclose(runs[0][1].cost, runs[1][1].cost, rtol=1e-12)
    for k in runs[0][0]:
        np.testing.assert_allclose(runs[0][0][k], runs[1][0][k], rtol=1e-12, atol=1e-15)


# ----- fit is forward, compute_cost, backward and an optimizer step, nothing else ---------------

HIDDEN = ["sigmoid", "tanh", "relu", "leaky_relu", "identity"]
OUTPUTS = [  # (output activation, loss, integer labels)
    ("sigmoid", "binary_cross_entropy", False),
    ("softmax", "cross_entropy", False),
    ("softmax", "cross_entropy", True),
    ("identity", "mse", False),
    ("sigmoid", "mse", False),
    ("tanh", "sse", False),
]
OPTIMIZERS = {
    "sgd": lambda: SGD(0.05),
    "momentum": lambda: Momentum(0.05, beta=0.8),
    "rmsprop": lambda: RMSProp(0.01),
    "adam": lambda: Adam(0.01),
}


def problem(output, loss, labels, dtype, m=11):
    rng = np.random.default_rng(7)
    X = rng.standard_normal((m, 3)).astype(dtype)
    n_out = 3 if output == "softmax" else 2
    if output == "softmax":
        y = rng.integers(0, 3, m)
        Y = y if labels else np.eye(3, dtype=dtype)[y]
    elif loss == "binary_cross_entropy":
        Y = (rng.random((m, n_out)) < 0.5).astype(dtype)
    else:
        Y = rng.standard_normal((m, n_out)).astype(dtype) * 0.5
    return X, Y, n_out


def hand_loop(X, Y, params, activations, loss, optimizer, n_epochs, batch_size, l2, keep_prob,
              seed):
    """The training loop written out with nnlib's public pieces."""
    params = {k: v.astype(X.dtype) for k, v in params.items()}
    rng = np.random.default_rng(seed)
    costs = []
    for _ in range(n_epochs):
        if batch_size is None:
            batches = [(X, Y)]
        else:
            batches = minibatches(X, Y, batch_size, rng=rng)
        total = 0.0
        for Xb, Yb in batches:
            Y_hat, caches = forward(Xb, params, activations, keep_prob=keep_prob, rng=rng)
            total += compute_cost(Yb, Y_hat, loss, params=params, l2=l2) * len(Xb)
            optimizer.step(params, backward(Yb, Y_hat, caches, loss, l2=l2))
        costs.append(total / len(X))
    return params, costs


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize("output, loss, labels", OUTPUTS,
                         ids=[f"{o}-{lo}{'-labels' if la else ''}" for o, lo, la in OUTPUTS])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_fit_equals_the_hand_written_loop(hidden, output, loss, labels, dtype):
    X, Y, n_out = problem(output, loss, labels, dtype)
    activations = [hidden, hidden, output]
    params = init_params([3, 4, 5, n_out], rng=1)
    rtol = 1e-12 if dtype == np.float64 else 2e-5
    for name, make in OPTIMIZERS.items():
        for batch_size in (None, 4):
            for l2 in (0.0, 0.3):
                keep_prob = 0.75 if (batch_size and l2) else 1.0
                got, history = fit(X, Y, params, activations, loss, optimizer=make(),
                                   n_epochs=3, batch_size=batch_size, l2=l2,
                                   keep_prob=keep_prob, rng=5)
                expected, costs = hand_loop(X, Y, params, activations, loss, make(), 3,
                                            batch_size, l2, keep_prob, 5)
                where = f"{name}, batch_size={batch_size}, l2={l2}, keep_prob={keep_prob}"
                np.testing.assert_allclose(history.cost, costs, rtol=rtol, err_msg=where)
                for k in expected:
                    assert got[k].dtype == dtype, where
                    np.testing.assert_allclose(got[k], expected[k], rtol=rtol, atol=1e-12,
                                               err_msg=where)


def test_fit_accepts_an_optimizer_by_name_or_instance_and_keeps_its_state():
    X, Y = separable()
    params = init_params([2, 3, 1], rng=0)
    opt = Adam(0.01)
    by_instance, _ = fit(X, Y, params, ["relu", "sigmoid"], "binary_cross_entropy",
                         optimizer=opt, n_epochs=2, batch_size=16, rng=0)
    by_name, _ = fit(X, Y, params, ["relu", "sigmoid"], "binary_cross_entropy",
                     optimizer="adam", learning_rate=0.01, n_epochs=2, batch_size=16, rng=0)
    for k in params:
        np.testing.assert_array_equal(by_instance[k], by_name[k])
    assert opt.t == 2 * 4  # 60 examples in batches of 16: 4 steps per epoch


def test_lr_schedule_sets_the_learning_rate_of_every_epoch():
    X, Y = separable()
    _, history = fit(X, Y, init_params([2, 1], rng=0), "sigmoid", "binary_cross_entropy",
                     learning_rate=1.0, n_epochs=5, lr_schedule=step_decay(1.0, 0.5, every=2))
    assert history["learning_rate"] == [1.0, 1.0, 0.5, 0.5, 0.25]
    with pytest.raises(TypeError, match="fit: lr_schedule is float"):
        fit(X, Y, init_params([2, 1], rng=0), "sigmoid", "binary_cross_entropy",
            learning_rate=1.0, n_epochs=1, lr_schedule=0.5)


# ----- regularisation and early stopping ----------------------------------------------------------

def test_l2_shrinks_the_weights_and_is_in_the_cost():
    X, Y = separable()
    params = init_params([2, 16, 1], rng=0)
    plain, h0 = fit(X, Y, params, ["relu", "sigmoid"], "binary_cross_entropy",
                    learning_rate=0.5, n_epochs=200)
    shrunk, h1 = fit(X, Y, params, ["relu", "sigmoid"], "binary_cross_entropy",
                     learning_rate=0.5, n_epochs=200, l2=1.0)
    norm = lambda p: sum(float(np.sum(p[k] ** 2)) for k in p if k[0] == "W")  # noqa: E731
    assert norm(shrunk) < 0.5 * norm(plain)
    Y_hat, _ = forward(X, shrunk, ["relu", "sigmoid"])
    # the reported cost of the first epoch includes lambda/(2m) * sum W**2 of the start
    first = compute_cost(Y, forward(X, params, ["relu", "sigmoid"])[0], "binary_cross_entropy")
    assert h1.cost[0] == pytest.approx(first + l2_penalty(params, 1.0, len(X)))
    assert h0.cost[0] == pytest.approx(first)


def test_dropout_is_only_used_in_training():
    X, Y = separable()
    net_params, history = fit(X, Y, init_params([2, 32, 1], rng=0), ["relu", "sigmoid"],
                              "binary_cross_entropy", learning_rate=0.5, n_epochs=30,
                              keep_prob=0.5, rng=0, validation_data=(X, Y))
    # validation metrics use the whole network: the same as a prediction made afterwards...
    # (last epoch's val_cost is computed from the returned params)
    val_cost = compute_cost(Y, forward(X, net_params, ["relu", "sigmoid"])[0],
                            "binary_cross_entropy")
    assert history["val_cost"][-1] == pytest.approx(val_cost, rel=1e-12)
    # ...and predictions are deterministic (no mask)
    a = predict(X, net_params, ["relu", "sigmoid"])
    b = predict(X, net_params, ["relu", "sigmoid"])
    np.testing.assert_array_equal(a, b)


def test_early_stopping_restores_the_best_epoch():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((40, 5))
    Y = (rng.random((40, 1)) < 0.5).astype(float)  # random labels: validation soon worsens
    X_val = rng.standard_normal((40, 5))
    Y_val = (rng.random((40, 1)) < 0.5).astype(float)
    params = init_params([5, 64, 1], rng=1)
    kwargs = dict(learning_rate=0.5, batch_size=8, rng=3, validation_data=(X_val, Y_val))
    best, history = fit(X, Y, params, ["relu", "sigmoid"], "binary_cross_entropy",
                        n_epochs=300, early_stopping=5, **kwargs)
    assert len(history) < 300  # it stopped
    assert history.best_epoch == int(np.argmin(history["val_cost"])) + 1
    assert len(history) == history.best_epoch + 5
    again, _ = fit(X, Y, params, ["relu", "sigmoid"], "binary_cross_entropy",
                   n_epochs=history.best_epoch, **kwargs)
    for k in params:
        np.testing.assert_array_equal(best[k], again[k])


def test_early_stopping_needs_validation_data():
    X, Y = separable()
    with pytest.raises(ValueError, match="fit: early_stopping needs a validation set"):
        fit(X, Y, init_params([2, 1], rng=0), "sigmoid", "binary_cross_entropy",
            learning_rate=0.1, n_epochs=3, early_stopping=2)


def test_divergence_of_the_parameters_is_caught_even_when_the_clipped_cost_is_finite():
    """sigmoid + binary cross-entropy clips its log: the cost stays finite, the weights explode."""
    X, Y = separable()
    with pytest.raises(TrainingDiverged, match=r"fit: \d+ of 60 predictions gave the true "
                                               r"class a probability below 2.2e-16 \(the clipped "
                                               r"cost stayed finite\) at epoch \d+ with "
                                               r"learning_rate=1000000.0"):
        fit(X * 100, Y, init_params([2, 4, 1], rng=0), ["sigmoid", "sigmoid"],
            "binary_cross_entropy", learning_rate=1e6, n_epochs=50)


def test_nan_starting_parameters_are_named_not_blamed_on_the_learning_rate():
    X, Y = separable()
    params = init_params([2, 1], rng=0)
    params["W1"][0, 0] = np.nan
    with pytest.raises(ValueError, match="starting parameter W1 contains NaN"):
        fit(X, Y, params, "sigmoid", "binary_cross_entropy", learning_rate=0.1, n_epochs=1)
