"""Exercise answers written the way a learner would (plain NumPy, independent of nnlib).

The per-lesson files tests/checks_lessonNN.py use them as right answers and, slightly changed,
as the known mistakes their checks must recognise.
"""

import numpy as np


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



def scaled(func, factor):
    def wrong(*args):
        out = func(*args)
        if isinstance(out, dict):
            return {k: v * factor for k, v in out.items()}
        if isinstance(out, tuple):
            return tuple(v * factor for v in out)
        return out * factor
    return wrong


def naive_softmax(Z):
    E = np.exp(Z)
    return E / E.sum(axis=1, keepdims=True)


def sigmoid_exp_ratio(z):
    return np.exp(z) / (1 + np.exp(z))  # inf / inf = NaN for large z


def update_in_place(W, b, dW, db, learning_rate):
    W -= learning_rate * dW
    b -= learning_rate * db
    return W, b


def init_zeros(layer_sizes, rng):
    return {k: np.zeros_like(v) for k, v in init_layer_params(layer_sizes, rng).items()}


def init_identical(layer_sizes, rng):
    return {k: np.full_like(v, 0.01) if k[0] == "W" else v
            for k, v in init_layer_params(layer_sizes, rng).items()}


def init_unscaled(layer_sizes, rng):
    return {k: v * 100 if k[0] == "W" else v
            for k, v in init_layer_params(layer_sizes, rng).items()}


def init_global_rng(layer_sizes, rng):
    return init_layer_params(layer_sizes, np.random.default_rng(12345))


def init_column_biases(layer_sizes, rng):
    return {k: v.reshape(-1, 1) if k[0] == "b" else v
            for k, v in init_layer_params(layer_sizes, rng).items()}


def dense_forward_caching_A(A_prev, W, b, activation):
    A, (A_prev, W, b, Z) = dense_forward(A_prev, W, b, activation)
    return A, (A_prev, W, b, A)


def dense_backward_at_A(dA, cache, activation):
    A_prev, W, b, Z = cache
    A = ACTIVATIONS[activation](Z)
    return dense_backward(dA, (A_prev, W, b, A), activation)


def dense_backward_formula_on_Z(dA, cache, activation):
    A_prev, W, b, Z = cache
    formula = {"sigmoid": lambda A: A * (1 - A), "tanh": lambda A: 1 - A**2,
               "relu": DERIVATIVES["relu"]}[activation]
    dZ = dA * formula(Z)
    return dZ @ W, dZ.T @ A_prev, dZ.sum(axis=0)


def dense_backward_no_derivative(dA, cache, activation):
    A_prev, W, b, Z = cache
    return dA @ W, dA.T @ A_prev, dA.sum(axis=0)


def model_backward_at_A(Y, Y_hat, caches, activations):
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


def model_forward_one_activation(X, params, activations):
    return model_forward(X, params, [activations[-1]] * len(activations))


def model_forward_linear_output(X, params, activations):
    Y_hat, caches = model_forward(X, params, activations)
    return caches[-1][3], caches  # Z of the last layer instead of its activation


