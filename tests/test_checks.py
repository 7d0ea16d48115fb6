"""Tests for nnlib.checks: right answers pass, each known mistake gets its hint, stubs fail.

The "learner" functions below are written the way the lessons' exercises expect (plain NumPy),
independently of nnlib, so a passing check really compares two implementations.
"""

import math
import re

import numpy as np
import pytest

from nnlib import checks

# ----- right answers ----------------------------------------------------------------------------


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def neuron(x, w, b):
    return float(sigmoid(np.dot(w, x) + b))


def network_forward(X, W1, b1, W2, b2):
    return sigmoid(sigmoid(X @ W1.T + b1) @ W2.T + b2)


def mse_loss(y_true, y_pred):
    return float(np.mean((y_true - y_pred) ** 2))


def network_gradients(X, Y, W1, b1, W2, b2, *, scale=1.0, at_A=False, factor=2.0):
    A1 = sigmoid(X @ W1.T + b1)
    Y_hat = sigmoid(A1 @ W2.T + b2)
    dY_hat = factor * (Y_hat - Y) / X.shape[0] * scale
    d1 = (lambda A: sigmoid(A) * (1 - sigmoid(A))) if at_A else (lambda A: A * (1 - A))
    dZ2 = dY_hat * d1(Y_hat)
    dZ1 = (dZ2 @ W2) * d1(A1)
    return dZ1.T @ X, dZ1.sum(axis=0), dZ2.T @ A1, dZ2.sum(axis=0)


def logreg_forward(X, W, b):
    return sigmoid(X @ W.T + b)


def logreg_cost(A, Y):
    return float(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))


def logreg_gradients(X, A, Y):
    m = X.shape[0]
    return (A - Y).T @ X / m, np.sum(A - Y, axis=0) / m


def logreg_update(W, b, dW, db, learning_rate):
    return W - learning_rate * dW, b - learning_rate * db


def stable_softmax(Z):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def init_layer_params(layer_sizes, rng):
    params = {}
    for l in range(1, len(layer_sizes)):
        params[f"W{l}"] = rng.standard_normal((layer_sizes[l], layer_sizes[l - 1])) * 0.01
        params[f"b{l}"] = np.zeros(layer_sizes[l])
    return params


ACTIVATIONS = {"sigmoid": sigmoid, "tanh": np.tanh, "relu": lambda Z: np.maximum(Z, 0)}
DERIVATIVES = {  # in terms of Z
    "sigmoid": lambda Z: sigmoid(Z) * (1 - sigmoid(Z)),
    "tanh": lambda Z: 1 - np.tanh(Z) ** 2,
    "relu": lambda Z: (Z > 0).astype(float),
}


def dense_forward(A_prev, W, b, activation):
    Z = A_prev @ W.T + b
    return ACTIVATIONS[activation](Z), (A_prev, W, b, Z)


def dense_backward(dA, cache, activation):
    A_prev, W, b, Z = cache
    dZ = dA * DERIVATIVES[activation](Z)
    return dZ @ W, dZ.T @ A_prev, dZ.sum(axis=0)


def model_forward(X, params, activations):
    A, caches = X, []
    for l, name in enumerate(activations, start=1):
        A, cache = dense_forward(A, params[f"W{l}"], params[f"b{l}"], name)
        caches.append(cache)
    return A, caches


def model_backward(Y, Y_hat, caches, activations):
    m = Y.shape[0]
    dA = -(Y / Y_hat - (1 - Y) / (1 - Y_hat)) / m  # the Coursera-style dAL
    grads = {}
    for l in range(len(caches), 0, -1):
        dA, grads[f"dW{l}"], grads[f"db{l}"] = dense_backward(dA, caches[l - 1], activations[l - 1])
    return grads


def softmax_cross_entropy_gradient(Y, Y_hat):
    return (Y_hat - Y) / Y.shape[0]


#: check name -> (check, right answers, number of visible cases, number with hidden ones)
RIGHT = {
    "check_sigmoid": (checks.check_sigmoid, (sigmoid,), 6, 10),
    "check_neuron": (checks.check_neuron, (neuron,), 4, 7),
    "check_network_forward": (checks.check_network_forward, (network_forward,), 4, 8),
    "check_mse": (checks.check_mse, (mse_loss,), 4, 7),
    "check_network_gradients": (checks.check_network_gradients, (network_gradients,), 4, 7),
    "check_logreg_forward": (checks.check_logreg_forward, (logreg_forward,), 3, 7),
    "check_logreg_cost": (checks.check_logreg_cost, (logreg_cost,), 3, 6),
    "check_logreg_gradients": (checks.check_logreg_gradients, (logreg_gradients,), 3, 6),
    "check_logreg_update": (checks.check_logreg_update, (logreg_update,), 3, 5),
    "check_softmax": (checks.check_softmax, (stable_softmax,), 4, 9),
    "check_init_layer_params": (checks.check_init_layer_params, (init_layer_params,), 3, 6),
    "check_dense_forward": (checks.check_dense_forward, (dense_forward,), 4, 7),
    "check_dense_backward": (checks.check_dense_backward, (dense_backward,), 3, 6),
    "check_model_forward": (checks.check_model_forward, (model_forward,), 3, 6),
    "check_model_backward": (checks.check_model_backward, (model_forward, model_backward), 3, 6),
    "check_softmax_cross_entropy_gradient": (
        checks.check_softmax_cross_entropy_gradient, (softmax_cross_entropy_gradient,), 3, 6),
}


def test_every_public_check_is_tested():
    public = {name for name in checks.__all__ if name.startswith("check_")}
    assert public == set(RIGHT)


@pytest.mark.parametrize("hidden", [False, True])
@pytest.mark.parametrize("name", sorted(RIGHT))
def test_right_answer_passes_with_one_line(name, hidden, capsys):
    check, funcs, n_visible, n_all = RIGHT[name]
    assert check(*funcs, hidden=hidden) is None
    n = n_all if hidden else n_visible
    assert capsys.readouterr().out == f"{name}: all {n} cases passed.\n"


@pytest.mark.parametrize("name", sorted(RIGHT))
def test_nnlib_based_answers_pass_too(name, capsys):
    """The same checks accept answers built on nnlib itself (a second, independent route)."""
    from nnlib.activations import sigmoid as nn_sigmoid
    from nnlib.activations import softmax
    from nnlib.layers import DenseCache
    from nnlib.layers import dense_backward as nn_dense_backward
    from nnlib.layers import dense_forward as nn_dense_forward
    from nnlib.losses import binary_cross_entropy, mse
    from nnlib.network import backward, forward, init_params

    def nn_model_forward(X, params, activations):
        Y_hat, caches = forward(X, params, activations)
        return Y_hat, [tuple(c[:4]) for c in caches]

    def nn_net_grads(X, Y, W1, b1, W2, b2):
        Y_hat, caches = forward(X, {"W1": W1, "b1": b1, "W2": W2, "b2": b2}, "sigmoid")
        g = backward(Y, Y_hat, caches, "mse")
        return g["dW1"], g["db1"], g["dW2"], g["db2"]

    answers = {
        "check_sigmoid": (nn_sigmoid,),
        "check_neuron": (lambda x, w, b: float(nn_sigmoid(w @ x + b)),),
        "check_network_forward": (
            lambda X, W1, b1, W2, b2: forward(X, {"W1": W1, "b1": b1, "W2": W2, "b2": b2},
                                              "sigmoid")[0],),
        "check_mse": (mse,),
        "check_network_gradients": (nn_net_grads,),
        "check_logreg_forward": (lambda X, W, b: nn_dense_forward(X, W, b, "sigmoid")[0],),
        "check_logreg_cost": (lambda A, Y: binary_cross_entropy(Y, A),),
        "check_logreg_gradients": (logreg_gradients,),
        "check_logreg_update": (logreg_update,),
        "check_softmax": (softmax,),
        "check_init_layer_params": (
            lambda sizes, rng: init_params(sizes, init="normal", rng=rng),),
        "check_dense_forward": (
            lambda A_prev, W, b, act: (lambda A, c: (A, tuple(c[:4])))(
                *nn_dense_forward(A_prev, W, b, act)),),
        "check_dense_backward": (
            lambda dA, cache, act: nn_dense_backward(dA, DenseCache(*cache, act)),),
        "check_model_forward": (nn_model_forward,),
        "check_model_backward": (
            nn_model_forward,
            lambda Y, Y_hat, caches, acts: backward(
                Y, Y_hat, [DenseCache(*c, a) for c, a in zip(caches, acts, strict=True)],
                "binary_cross_entropy")),
        "check_softmax_cross_entropy_gradient": (softmax_cross_entropy_gradient,),
    }
    RIGHT[name][0](*answers[name], hidden=True)
    assert "passed" in capsys.readouterr().out


# ----- known mistakes and their hints -----------------------------------------------------------

def _scaled(func, factor):
    def wrong(*args):
        out = func(*args)
        if isinstance(out, dict):
            return {k: v * factor for k, v in out.items()}
        if isinstance(out, tuple):
            return tuple(v * factor for v in out)
        return out * factor
    return wrong


def _naive_softmax(Z):
    E = np.exp(Z)
    return E / E.sum(axis=1, keepdims=True)


def _sigmoid_exp_ratio(z):
    return np.exp(z) / (1 + np.exp(z))  # inf / inf = NaN for large z


def _update_in_place(W, b, dW, db, learning_rate):
    W -= learning_rate * dW
    b -= learning_rate * db
    return W, b


def _init_zeros(layer_sizes, rng):
    return {k: np.zeros_like(v) for k, v in init_layer_params(layer_sizes, rng).items()}


def _init_identical(layer_sizes, rng):
    return {k: np.full_like(v, 0.01) if k[0] == "W" else v
            for k, v in init_layer_params(layer_sizes, rng).items()}


def _init_unscaled(layer_sizes, rng):
    return {k: v * 100 if k[0] == "W" else v
            for k, v in init_layer_params(layer_sizes, rng).items()}


def _init_global_rng(layer_sizes, rng):
    return init_layer_params(layer_sizes, np.random.default_rng(12345))


def _init_column_biases(layer_sizes, rng):
    return {k: v.reshape(-1, 1) if k[0] == "b" else v
            for k, v in init_layer_params(layer_sizes, rng).items()}


def _dense_forward_caching_A(A_prev, W, b, activation):
    A, (A_prev, W, b, Z) = dense_forward(A_prev, W, b, activation)
    return A, (A_prev, W, b, A)


def _dense_backward_at_A(dA, cache, activation):
    A_prev, W, b, Z = cache
    A = ACTIVATIONS[activation](Z)
    return dense_backward(dA, (A_prev, W, b, A), activation)


def _dense_backward_formula_on_Z(dA, cache, activation):
    A_prev, W, b, Z = cache
    formula = {"sigmoid": lambda A: A * (1 - A), "tanh": lambda A: 1 - A**2,
               "relu": DERIVATIVES["relu"]}[activation]
    dZ = dA * formula(Z)
    return dZ @ W, dZ.T @ A_prev, dZ.sum(axis=0)


def _dense_backward_no_derivative(dA, cache, activation):
    A_prev, W, b, Z = cache
    return dA @ W, dA.T @ A_prev, dA.sum(axis=0)


def _model_backward_at_A(Y, Y_hat, caches, activations):
    m = Y.shape[0]
    dZ = (Y_hat - Y) / m
    grads = {}
    for l in range(len(caches), 0, -1):
        A_prev, W, b, Z = caches[l - 1]
        grads[f"dW{l}"], grads[f"db{l}"] = dZ.T @ A_prev, dZ.sum(axis=0)
        if l > 1:
            name = activations[l - 2]
            A = ACTIVATIONS[name](caches[l - 2][3])
            dZ = (dZ @ W) * DERIVATIVES[name](A)  # derivative taken at A
    return grads


def _model_forward_one_activation(X, params, activations):
    return model_forward(X, params, [activations[-1]] * len(activations))


def _model_forward_linear_output(X, params, activations):
    Y_hat, caches = model_forward(X, params, activations)
    return caches[-1][3], caches  # Z of the last layer instead of its activation


MISTAKES = [
    # (check, wrong answer(s), hidden, words of the expected hint)
    (checks.check_sigmoid, (lambda z: 1 / (1 + np.exp(z)),), False, "needs a minus sign"),
    (checks.check_sigmoid, (lambda z: 1 / (1 + math.exp(-z)),), False,
     "math.exp works on single numbers"),
    (checks.check_sigmoid, (_sigmoid_exp_ratio,), True, "NaN or inf"),
    (checks.check_neuron, (lambda x, w, b: float(sigmoid(np.dot(w, x))),), False,
     "bias is missing"),
    (checks.check_neuron, (lambda x, w, b: float(np.dot(w, x) + b),), False,
     "activation is missing"),
    (checks.check_neuron, (lambda x, w, b: sigmoid(np.array([w]) @ x + b),), False,
     "Return one number"),
    (checks.check_network_forward, (lambda X, W1, b1, W2, b2:
                                     sigmoid(X @ W1.T + b1) @ W2.T + b2,),
     False, "output layer's sigmoid is missing"),
    (checks.check_network_forward, (lambda X, W1, b1, W2, b2:
                                     sigmoid((X @ W1.T + b1) @ W2.T + b2),),
     False, "hidden layer's sigmoid is missing"),
    (checks.check_network_forward, (lambda X, W1, b1, W2, b2:
                                     sigmoid(sigmoid(X @ W1.T) @ W2.T),),
     True, "bias is missing"),
    (checks.check_network_forward, (lambda X, *p: network_forward(X, *p)[:, 0],), False,
     r"lost a dimension: expected \(1, 1\), got \(1,\)"),
    (checks.check_network_forward, (lambda X, *p: network_forward(X, *p).T,), False,
     "is transposed"),
    (checks.check_network_forward, (lambda X, W1, b1, W2, b2:
                                     sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2),),
     False, "Check the shapes"),
    (checks.check_mse, (lambda y, p: float(np.sum((y - p) ** 2)),), False, "sum of the squared"),
    (checks.check_mse, (lambda y, p: (y - p) ** 2,), False, "Return one number"),
    (checks.check_network_gradients, (_scaled(network_gradients, 0),), False, None),
    (checks.check_network_gradients, (lambda X, *a: network_gradients(X, *a, scale=len(X)),),
     False, "m times too large"),
    (checks.check_network_gradients, (lambda *a: network_gradients(*a, factor=1.0),), False,
     "Keep the factor 2"),
    (checks.check_network_gradients, (_scaled(network_gradients, -1),), False, "wrong sign"),
    (checks.check_network_gradients, (lambda *a: network_gradients(*a, at_A=True),), False,
     "derivative at A"),
    (checks.check_network_gradients,
     (lambda *a: tuple(g.reshape(-1, 1) if g.ndim == 1 else g for g in network_gradients(*a)),),
     False, "should be 1-D"),
    (checks.check_network_gradients,
     (lambda *a: tuple(g.T if g.ndim == 2 else g for g in network_gradients(*a)),), False,
     "is transposed"),
    (checks.check_logreg_forward, (lambda X, W, b: sigmoid(X @ W[0] + b),), False,
     "lost a dimension"),
    (checks.check_logreg_forward, (lambda X, W, b: sigmoid(W @ X.T + b),), False, "transposed"),
    (checks.check_logreg_forward, (lambda X, W, b: X @ W.T + b,), False, "activation is missing"),
    (checks.check_logreg_forward, (lambda X, W, b: sigmoid(X @ W.T),), False, "bias is missing"),
    (checks.check_logreg_cost, (lambda A, Y: logreg_cost(A, Y) * len(A),), False,
     "m times too large"),
    (checks.check_logreg_cost, (lambda A, Y: -logreg_cost(A, Y),), False, "negative"),
    (checks.check_logreg_cost, (lambda A, Y: -(Y * np.log(A) + (1 - Y) * np.log(1 - A)),), False,
     "Return one number"),
    (checks.check_logreg_gradients, (_scaled(logreg_gradients, 5.0),), False, "m times too large"),
    (checks.check_logreg_gradients, (_scaled(logreg_gradients, -1.0),), False, "wrong sign"),
    (checks.check_logreg_gradients,
     (lambda X, A, Y: (logreg_gradients(X, A, Y)[0], float(np.mean(A - Y))),), False,
     r"db should be 1-D|db should have shape \(1,\)"),
    (checks.check_logreg_gradients, (lambda X, A, Y: (X.T @ (A - Y) / len(X), np.mean(A - Y, 0)),),
     False, "dW is transposed"),
    (checks.check_logreg_update, (lambda W, b, dW, db, lr: (W + lr * dW, b + lr * db),), False,
     "moved uphill"),
    (checks.check_logreg_update, (lambda W, b, dW, db, lr: (W - dW, b - db),), False,
     "ignores learning_rate"),
    (checks.check_logreg_update, (_update_in_place,), False, "Build new arrays"),
    (checks.check_softmax, (_naive_softmax,), False, "NaN or inf"),
    (checks.check_softmax, (lambda Z: stable_softmax(Z.T).T,), False, "wrong axis"),
    (checks.check_softmax, (lambda Z: np.exp(Z - Z.max()) / np.exp(Z - Z.max()).sum(),), False,
     "sum of the whole array"),
    (checks.check_softmax, (lambda Z: np.exp(Z - Z.max()) / np.exp(Z - Z.max()).sum(axis=1),),
     False, "keepdims=True"),
    (checks.check_init_layer_params, (_init_zeros,), False, "weights of a layer are zero"),
    (checks.check_init_layer_params, (_init_identical,), False,
     "weights of a layer are identical"),
    (checks.check_init_layer_params, (_init_unscaled,), False, "100 times too large"),
    (checks.check_init_layer_params, (_init_global_rng,), False, "use the rng passed in"),
    (checks.check_init_layer_params, (_init_column_biases,), False, "b1 should be 1-D"),
    (checks.check_init_layer_params, (lambda sizes, rng: {"W1": np.zeros(1)},), False,
     "Use the keys W1, b1"),
    (checks.check_dense_forward,
     (lambda A_prev, W, b, act: (A_prev @ W.T + b, (A_prev, W, b, A_prev @ W.T + b)),), False,
     "activation is missing"),
    (checks.check_dense_forward, (_dense_forward_caching_A,), False, "cache must hold Z"),
    (checks.check_dense_forward,
     (lambda A_prev, W, b, act: dense_forward(A_prev, W, b, "sigmoid"),), False,
     "activation argument was ignored"),
    (checks.check_dense_forward, (lambda *args: dense_forward(*args)[0],), False,
     r"Return a tuple \(A, cache\)"),
    (checks.check_dense_backward,
     (lambda dA, cache, act: tuple(g / dA.shape[0] for g in dense_backward(dA, cache, act)),),
     False, "must not divide by m"),
    (checks.check_dense_backward, (_dense_backward_at_A,), False, "derivative at A"),
    (checks.check_dense_backward, (_dense_backward_formula_on_Z,), False, "plugged Z"),
    (checks.check_dense_backward, (_dense_backward_no_derivative,), False,
     "derivative is missing"),
    (checks.check_dense_backward,
     (lambda dA, cache, act: (*dense_backward(dA, cache, act)[:2],
                              dense_backward(dA, cache, act)[2].reshape(1, -1)),),
     False, "db should be 1-D"),
    (checks.check_model_forward, (_model_forward_one_activation,), False, "same activation"),
    (checks.check_model_forward, (_model_forward_linear_output,), False,
     "last layer's activation is missing"),
    (checks.check_model_backward, (model_forward, _scaled(model_backward, 5.0)), False,
     "m times too large"),
    (checks.check_model_backward, (model_forward, _scaled(model_backward, 1 / 5)), False,
     "applied twice"),
    (checks.check_model_backward, (model_forward, _scaled(model_backward, -1)), False,
     "wrong sign"),
    (checks.check_model_backward, (model_forward, _model_backward_at_A), False,
     "derivative at A"),
    (checks.check_model_backward, (_model_forward_one_activation, model_backward), False,
     "make check_model_forward pass first"),
    (checks.check_model_backward,
     (model_forward, lambda *a: {k.upper(): v for k, v in model_backward(*a).items()}), False,
     "Use the keys"),
    (checks.check_softmax_cross_entropy_gradient, (lambda Y, P: P - Y,), False,
     "m times too large"),
    (checks.check_softmax_cross_entropy_gradient, (lambda Y, P: (Y - P) / len(Y),), False,
     "wrong sign"),
    (checks.check_softmax_cross_entropy_gradient, (lambda Y, P: (P - Y) / P.size,), False,
     "Y_hat.size"),
    (checks.check_softmax_cross_entropy_gradient, (lambda Y, P: ((P - Y) / len(Y)).T,), False,
     "is transposed"),
]


@pytest.mark.parametrize(
    ("check", "funcs", "hidden", "hint"), MISTAKES,
    ids=[f"{c.__name__}-{h or 'no hint'}"[:70] for c, _, _, h in MISTAKES],
)
def test_known_mistake_gets_its_hint(check, funcs, hidden, hint, capsys):
    with pytest.raises(AssertionError, match=f"{check.__name__}: case ") as info:
        check(*funcs, hidden=hidden)
    message = str(info.value)
    assert "failed (" in message
    if hint is None:  # an unrecognised wrong answer: no hint, but expected and received
        assert "Hint:" not in message and "expected" in message and "received" in message
    else:
        assert "Hint:" in message
        hint_line = message.split("Hint:", 1)[1]
        assert re.search(hint, hint_line), message
    assert capsys.readouterr().out == ""  # nothing printed when a check fails


def test_failure_message_names_case_expected_and_received():
    with pytest.raises(AssertionError) as info:
        checks.check_mse(lambda y, p: float(np.sum((y - p) ** 2)))
    lines = str(info.value).splitlines()
    assert lines[0] == (
        "check_mse: case 1 of 4 failed (the lesson's example [1, 0, 0, 1] vs [0, 0, 0, 0])."
    )
    assert lines[1] == "result: expected 0.5, received 2."  # (1 + 0 + 0 + 1) summed, not / 4
    assert lines[2].startswith("Hint: Your answer is the sum of the squared errors")


def test_array_mismatch_reports_largest_difference():
    wrong = lambda X, W, b: logreg_forward(X, W, b) + np.eye(len(X), 1) * 0.5  # noqa: E731
    with pytest.raises(AssertionError, match=r"largest difference at index \[0, 0\]"):
        checks.check_logreg_forward(wrong)


# ----- stubs, crashes, None, in-place changes ---------------------------------------------------

def _stub(*args):
    raise NotImplementedError()


@pytest.mark.parametrize("name", sorted(RIGHT))
def test_stub_fails_with_not_written_yet(name):
    check, funcs, _, _ = RIGHT[name]
    stubs = (_stub,) * len(funcs)
    with pytest.raises(AssertionError, match=r"not written yet \(it raised NotImplementedError\)"):
        check(*stubs)
    with pytest.raises(AssertionError, match="case 1 of"):
        check(*stubs, hidden=True)


def test_stub_message_names_the_function_and_the_fix():
    with pytest.raises(AssertionError) as info:
        checks.check_model_backward(model_forward, _stub)
    message = str(info.value)
    assert "model_backward is not written yet" in message
    assert "Replace the line `raise NotImplementedError()`" in message


def test_other_exception_is_reported_with_its_type():
    def broken(z):
        raise ValueError("something specific")

    with pytest.raises(AssertionError, match="sigmoid raised ValueError: something specific"):
        checks.check_sigmoid(broken)


def test_missing_return_gets_a_hint():
    with pytest.raises(AssertionError, match="forget the `return`"):
        checks.check_logreg_forward(lambda X, W, b: None)


def test_modifying_any_input_in_place_fails():
    def sigmoid_clobbering(z):
        out = sigmoid(z)
        if isinstance(z, np.ndarray):
            z[...] = 0
        return out

    def model_backward_clobbering(Y, Y_hat, caches, activations):
        grads = model_backward(Y, Y_hat, caches, activations)
        caches[0][0][...] = 0  # A_prev of the first layer
        return grads

    with pytest.raises(AssertionError, match="changed its argument z in place"):
        checks.check_sigmoid(sigmoid_clobbering)
    with pytest.raises(AssertionError, match="changed its argument caches in place"):
        checks.check_model_backward(model_forward, model_backward_clobbering)


def test_overflow_warnings_of_the_learner_are_silenced(recwarn):
    """The naive sigmoid overflows in np.exp for z = -1000 but its values are right."""
    checks.check_sigmoid(sigmoid, hidden=True)
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


def test_checks_are_deterministic(capsys):
    """Two runs raise the same message: the cases come from fixed seeds."""
    messages = []
    for _ in range(2):
        with pytest.raises(AssertionError) as info:
            checks.check_init_layer_params(_init_global_rng, hidden=True)
        messages.append(str(info.value))
    assert messages[0] == messages[1]


def test_failures_are_raised_explicitly_so_python_O_keeps_them():
    """The module never relies on assert statements (python -O removes them)."""
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(checks))
    assert not [node for node in ast.walk(tree) if isinstance(node, ast.Assert)]
