"""Tests for nnlib.model.Network: it matches the functions, trains, summarises, saves and loads."""

import numpy as np
import pytest

from nnlib.losses import get_loss
from nnlib.model import Network
from nnlib.network import backward, forward


def test_network_repr_and_attributes():
    net = Network([2, 2, 1], hidden="sigmoid", output="sigmoid", rng=0)
    assert repr(net) == (
        "Network([2, 2, 1], hidden='sigmoid', output='sigmoid', loss='binary_cross_entropy')"
    )
    assert net.activations == ["sigmoid", "sigmoid"]
    assert repr(Network([4, 3], output="softmax", rng=0)) == (
        "Network([4, 3], output='softmax', loss='cross_entropy')"
    )
    assert Network([2, 1], output="identity", rng=0).loss == "mse"


def test_network_matches_the_functions():
    net = Network([3, 4, 3], hidden="tanh", output="softmax", init="xavier", rng=3)
    rng = np.random.default_rng(3)
    X, y = rng.standard_normal((6, 3)), rng.integers(0, 3, size=6)
    Y_hat, caches = forward(X, net.params, ["tanh", "softmax"])
    np.testing.assert_array_equal(net.predict_proba(X), Y_hat)
    np.testing.assert_array_equal(net.predict(X), Y_hat.argmax(axis=1))
    assert net.cost(X, y) == get_loss("cross_entropy")[0](y, Y_hat)
    grads = net.gradients(X, y)
    expected = backward(y, Y_hat, caches, "cross_entropy")
    for k in expected:
        np.testing.assert_array_equal(grads[k], expected[k])


def test_network_same_rng_same_params():
    a = Network([3, 4, 1], rng=9)
    b = Network([3, 4, 1], rng=9)
    for k in a.params:
        np.testing.assert_array_equal(a.params[k], b.params[k])


def test_network_fit_learns_and_updates_params():
    rng = np.random.default_rng(4)
    X = rng.standard_normal((40, 2))
    y = (X[:, 0] + X[:, 1] > 0).astype(int)
    net = Network([2, 3, 1], hidden="tanh", output="sigmoid", rng=4)
    W1_before = net.params["W1"].copy()
    cost_before = net.cost(X, y)
    history = net.fit(X, y, learning_rate=0.5, n_epochs=100)
    assert len(history.cost) == 100
    assert net.cost(X, y) < cost_before / 2
    assert not np.array_equal(net.params["W1"], W1_before)
    assert np.mean(net.predict(X) == y) >= 0.95


def test_summary_lists_layers_shapes_and_parameter_count():
    net = Network([784, 128, 64, 10], output="softmax", rng=0, dtype=np.float32)
    text = net.summary()
    lines = text.splitlines()
    assert lines[0].split() == ["layer", "units", "activation", "W", "shape", "b", "shape",
                                "parameters"]
    assert lines[1].split() == ["1", "128", "relu", "(128,", "784)", "(128,)", "100480"]
    assert lines[3].split()[:3] == ["3", "10", "softmax"]
    assert lines[-1] == "total parameters: 109386   loss: cross_entropy   dtype: float32"
    assert net.n_params == 784 * 128 + 128 + 128 * 64 + 64 + 64 * 10 + 10


def test_save_and_load_round_trip_is_bit_exact(tmp_path):
    net = Network([5, 7, 3], hidden="tanh", output="softmax", rng=3, dtype=np.float32)
    X = np.random.default_rng(0).standard_normal((20, 5)).astype(np.float32)
    net.fit(X, np.arange(20) % 3, learning_rate=0.1, n_epochs=3)
    path = tmp_path / "net.npz"
    net.save(path)
    again = Network.load(path)
    assert repr(again) == repr(net) and again.layer_sizes == net.layer_sizes
    for k in net.params:
        assert again.params[k].dtype == net.params[k].dtype
        np.testing.assert_array_equal(again.params[k], net.params[k])
    np.testing.assert_array_equal(again.predict_proba(X), net.predict_proba(X))


def test_load_refuses_a_pickled_file_without_running_it(tmp_path):
    class Boom:
        def __reduce__(self):
            return (exec, ("raise SystemExit('code ran')",))

    path = tmp_path / "evil.npz"
    np.savez(path, __meta__=np.array([Boom()], dtype=object), W1=np.zeros((1, 1)),
             b1=np.zeros(1))
    with pytest.raises(ValueError, match="is not a network saved by Network.save.*pickled"):
        Network.load(path)


def test_load_refuses_wrong_shapes_and_foreign_files(tmp_path):
    net = Network([3, 4, 1], rng=0)
    path = tmp_path / "net.npz"
    net.save(path)
    data = dict(np.load(path))
    data["W2"] = np.zeros((1, 5))
    bad = tmp_path / "bad.npz"
    np.savez(bad, **data)
    with pytest.raises(ValueError, match="Network.load: W2 has shape"):
        Network.load(bad)
    other = tmp_path / "other.npz"
    np.savez(other, x=np.zeros(3))
    with pytest.raises(ValueError, match="is not a network saved by Network.save"):
        Network.load(other)
    text = tmp_path / "text.npz"
    text.write_text("not a zip file")
    with pytest.raises(ValueError, match="is not a network saved by Network.save"):
        Network.load(text)


def test_fit_passes_the_training_options_through():
    rng = np.random.default_rng(1)
    X, y = rng.standard_normal((40, 4)), rng.integers(0, 2, 40)
    net = Network([4, 8, 1], rng=0)
    history = net.fit(X, y, optimizer="adam", learning_rate=0.01, n_epochs=5, batch_size=8,
                      l2=0.1, keep_prob=0.9, rng=0, validation_data=(X, y))
    assert len(history) == 5 and "val_cost" in history.metrics


def test_output_and_loss_must_fit_together():
    with pytest.raises(ValueError, match="output='softmax' with loss='binary_cross_entropy' do "
                                         "not fit together; use loss='cross_entropy'"):
        Network([3, 2], output="softmax", loss="binary_cross_entropy")


def test_predict_threshold_must_be_a_number():
    with pytest.raises(TypeError, match="threshold is '0.5'; expected a number"):
        Network([3, 1], rng=0).predict(np.zeros((2, 3)), threshold="0.5")
