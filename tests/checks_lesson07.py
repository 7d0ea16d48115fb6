"""Lesson 7's exercise checks: right answers, nnlib-based answers, known mistakes.

The right answers are written the way a learner would (plain NumPy, independently of nnlib), with
nnlib's names, signatures and caches. Collected by tests/test_checks.py, which runs the same tests
over every lesson's file.
"""

import numpy as np

from nnlib import checks
from nnlib.initializers import normal as nn_normal
from nnlib.layers import dense_backward as nn_dense_backward
from nnlib.layers import dense_forward as nn_dense_forward
from nnlib.network import backward as nn_backward
from nnlib.network import forward as nn_forward


def sigmoid(Z):
    return 1 / (1 + np.exp(-Z))


ACTIVATION = {"sigmoid": sigmoid, "tanh": np.tanh, "relu": lambda Z: np.maximum(Z, 0),
              "identity": lambda Z: Z}
DERIVATIVE = {  # in terms of Z
    "sigmoid": lambda Z: sigmoid(Z) * (1 - sigmoid(Z)),
    "tanh": lambda Z: 1 - np.tanh(Z) ** 2,
    "relu": lambda Z: (Z > 0).astype(float),
    "identity": lambda Z: np.ones_like(Z),
}


# ----- right answers ----------------------------------------------------------------------------

def normal(shape, rng, dtype=np.float64):
    return (rng.standard_normal(shape) * 0.01).astype(dtype)


def dense_forward(A_prev, W, b, activation):
    Z = A_prev @ W.T + b
    return ACTIVATION[activation](Z), (A_prev, W, b, Z, activation)


def dense_backward(dA, cache):
    A_prev, W, b, Z, activation = cache
    dZ = dA * DERIVATIVE[activation](Z)
    return dZ @ W, dZ.T @ A_prev, dZ.sum(axis=0)


def forward(X, params, activations):
    A, caches = X, []
    for l, activation in enumerate(activations, start=1):
        A, cache = dense_forward(A, params[f"W{l}"], params[f"b{l}"], activation)
        caches.append(cache)
    return A, caches


def backward(Y, Y_hat, caches, loss):
    L, m = len(caches), Y.shape[0]
    grads = {}
    if loss == "binary_cross_entropy" and caches[-1][4] == "sigmoid":
        dZ = (Y_hat - Y) / m
        A_prev, W = caches[-1][:2]
        grads[f"dW{L}"], grads[f"db{L}"], dA = dZ.T @ A_prev, dZ.sum(axis=0), dZ @ W
    else:  # the mean squared error, through the output layer's derivative
        dA = 2 * (Y_hat - Y) / Y_hat.size
        dA, grads[f"dW{L}"], grads[f"db{L}"] = dense_backward(dA, caches[-1])
    for l in range(L - 1, 0, -1):
        dA, grads[f"dW{l}"], grads[f"db{l}"] = dense_backward(dA, caches[l - 1])
    return grads


# ----- wrong answers ----------------------------------------------------------------------------

def normal_global_rng(shape, rng, dtype=np.float64):
    return normal(shape, np.random.default_rng(12345), dtype)


def dense_forward_caching_A(A_prev, W, b, activation):
    A, (A_prev, W, b, Z, activation) = dense_forward(A_prev, W, b, activation)
    return A, (A_prev, W, b, A, activation)


def dense_backward_at_A(dA, cache):
    A_prev, W, b, Z, activation = cache
    return dense_backward(dA, (A_prev, W, b, ACTIVATION[activation](Z), activation))


def dense_backward_formula_on_Z(dA, cache):
    A_prev, W, b, Z, activation = cache
    formula = {"sigmoid": lambda A: A * (1 - A), "tanh": lambda A: 1 - A**2}.get(
        activation, DERIVATIVE[activation])
    dZ = dA * formula(Z)
    return dZ @ W, dZ.T @ A_prev, dZ.sum(axis=0)


def dense_backward_no_derivative(dA, cache):
    A_prev, W, b, Z, activation = cache
    return dA @ W, dA.T @ A_prev, dA.sum(axis=0)


def forward_one_activation(X, params, activations):
    return forward(X, params, [activations[-1]] * len(activations))


def forward_linear_output(X, params, activations):
    Y_hat, caches = forward(X, params, activations)
    return caches[-1][3], caches  # Z of the last layer instead of its activation


def forward_old_caches(X, params, activations):
    Y_hat, caches = forward(X, params, activations)
    return Y_hat, [cache[:4] for cache in caches]


def backward_with(layer_backward, output_shortcut=True):
    """backward() with another dense_backward; without the shortcut it starts from dA^[L]."""
    def wrong(Y, Y_hat, caches, loss):
        L, m = len(caches), Y.shape[0]
        grads = {}
        if output_shortcut and loss == "binary_cross_entropy":
            dZ = (Y_hat - Y) / m
            A_prev, W = caches[-1][:2]
            grads[f"dW{L}"], grads[f"db{L}"], dA = dZ.T @ A_prev, dZ.sum(axis=0), dZ @ W
        else:
            if loss == "binary_cross_entropy":
                dA = -(Y / Y_hat - (1 - Y) / (1 - Y_hat)) / m
            else:
                dA = 2 * (Y_hat - Y) / Y_hat.size
            dA, grads[f"dW{L}"], grads[f"db{L}"] = layer_backward(dA, caches[-1])
        for l in range(L - 1, 0, -1):
            dA, grads[f"dW{l}"], grads[f"db{l}"] = layer_backward(dA, caches[l - 1])
        return grads
    return wrong


def backward_always_shortcut(Y, Y_hat, caches, loss):
    """(Y_hat - Y) / m at the output, whatever the output activation and the loss."""
    L = len(caches)
    dZ = (Y_hat - Y) / Y.shape[0]
    A_prev, W = caches[-1][:2]
    grads = {f"dW{L}": dZ.T @ A_prev, f"db{L}": dZ.sum(axis=0)}
    dA = dZ @ W
    for l in range(L - 1, 0, -1):
        dA, grads[f"dW{l}"], grads[f"db{l}"] = dense_backward(dA, caches[l - 1])
    return grads


def backward_sigmoid_shortcut(Y, Y_hat, caches, loss):
    """The shortcut for every sigmoid output, even under the mean squared error."""
    if caches[-1][4] == "sigmoid":
        return backward_always_shortcut(Y, Y_hat, caches, loss)
    return backward(Y, Y_hat, caches, loss)


def scaled(func, factor):
    def wrong(*args):
        out = func(*args)
        if isinstance(out, dict):
            return {k: v * factor for k, v in out.items()}
        return tuple(v * factor for v in out)
    return wrong


# ----- the tables test_checks.py reads ----------------------------------------------------------

#: check name -> (check, right answers, number of visible cases, number with hidden ones)
RIGHT = {
    "check_normal": (checks.check_normal, (normal,), 3, 6),
    "check_dense_forward": (checks.check_dense_forward, (dense_forward,), 4, 7),
    "check_dense_backward": (checks.check_dense_backward, (dense_backward,), 3, 6),
    "check_forward": (checks.check_forward, (forward,), 3, 7),
    "check_backward": (checks.check_backward, (backward,), 4, 8),
}


def _plain(cache):
    return tuple(cache[:5])


#: check name -> answers built on nnlib itself (a second, independent route to the same results)
NNLIB_ANSWERS = {
    "check_normal": (lambda shape, rng, dtype=np.float64: nn_normal(shape, rng=rng, dtype=dtype),),
    "check_dense_forward": (
        lambda A_prev, W, b, act: (lambda A, cache: (A, _plain(cache)))(
            *nn_dense_forward(A_prev, W, b, act)),),
    "check_dense_backward": (nn_dense_backward,),
    "check_forward": (
        lambda X, params, acts: (lambda Y_hat, caches: (Y_hat, [_plain(c) for c in caches]))(
            *nn_forward(X, params, acts)),),
    "check_backward": (nn_backward,),
}

#: (check, wrong answer(s), hidden, words of the expected hint; None: no hint expected)
MISTAKES = [
    (checks.check_normal, (lambda shape, rng, dtype=np.float64: np.zeros(shape),), False,
     "weights of a layer are zero"),
    (checks.check_normal, (lambda shape, rng, dtype=np.float64: np.full(shape, 0.01),), False,
     "weights of a layer are identical"),
    (checks.check_normal, (lambda shape, rng, dtype=np.float64: rng.standard_normal(shape),),
     False, "100 times too large"),
    (checks.check_normal, (normal_global_rng,), False, "use the rng passed in"),
    (checks.check_normal,
     (lambda shape, rng, dtype=np.float64: normal(shape[::-1], rng, dtype),), False,
     "is transposed"),
    (checks.check_normal, (lambda shape, rng, dtype=np.float64: normal(shape, rng),), True,
     "dtype asked for"),
    (checks.check_dense_forward,
     (lambda A_prev, W, b, act: (A_prev @ W.T + b, (A_prev, W, b, A_prev @ W.T + b, act)),),
     False, "activation is missing"),
    (checks.check_dense_forward, (dense_forward_caching_A,), False, "cache must hold Z"),
    (checks.check_dense_forward,
     (lambda A_prev, W, b, act: dense_forward(A_prev, W, b, "sigmoid"),), False,
     "activation argument was ignored"),
    (checks.check_dense_forward,
     (lambda A_prev, W, b, act: (dense_forward(A_prev, W, b, act)[0],
                                 dense_forward(A_prev, W, b, act)[1][:4]),), False,
     "activation's name at the end of the cache"),
    (checks.check_dense_forward,
     (lambda A_prev, W, b, act: (dense_forward(A_prev, W, b, act)[0],
                                 (*dense_forward(A_prev, W, b, act)[1][:4], "sigmoid")),),
     False, "name of that layer's activation"),
    (checks.check_dense_forward, (lambda *args: dense_forward(*args)[0],), False,
     r"Return a tuple \(A, cache\)"),
    (checks.check_dense_forward,
     (lambda A_prev, W, b, act: dense_forward(A_prev, W.T, b, act),), False, r"X @ W\.T"),
    (checks.check_dense_backward, (scaled(dense_backward, 1 / 4),), False,
     "must not divide by m"),
    (checks.check_dense_backward, (dense_backward_at_A,), False, "derivative at A"),
    (checks.check_dense_backward, (dense_backward_formula_on_Z,), False, "plugged Z"),
    (checks.check_dense_backward, (dense_backward_no_derivative,), False,
     "derivative is missing"),
    (checks.check_dense_backward,
     (lambda dA, cache: (*dense_backward(dA, cache)[:2],
                         dense_backward(dA, cache)[2].reshape(1, -1)),), False,
     "db should be 1-D"),
    (checks.check_forward, (forward_one_activation,), False, "same activation"),
    (checks.check_forward, (forward_linear_output,), False, "last layer's activation is missing"),
    (checks.check_forward, (forward_old_caches,), False, "activation's name at the end"),
    (checks.check_backward, (scaled(backward, 5.0),), False, "m times too large"),
    (checks.check_backward, (scaled(backward, 1 / 5),), False, "applied twice"),
    (checks.check_backward, (scaled(backward, -1),), False, "wrong sign"),
    (checks.check_backward, (backward_with(dense_backward_at_A),), False, "derivative at A"),
    (checks.check_backward, (backward_with(dense_backward_at_A, output_shortcut=False),), False,
     "derivative at A"),
    (checks.check_backward, (backward_with(dense_backward_formula_on_Z),), False, "plugged Z"),
    (checks.check_backward, (backward_with(dense_backward_no_derivative),), False,
     "derivative is missing"),
    (checks.check_backward, (backward_always_shortcut,), False, "holds only for a sigmoid"),
    (checks.check_backward, (backward_sigmoid_shortcut,), True, "holds only for a sigmoid"),
    (checks.check_backward,
     (lambda *args: {k[1:]: v for k, v in backward(*args).items()},), False, "Use the keys"),
]


#: The exercise contract of the lesson's notebook: graded cell id -> (check called, points).
EXERCISES = {
    "l07_normal_test": ("check_normal", 1),
    "l07_dense_forward_test": ("check_dense_forward", 2),
    "l07_dense_backward_test": ("check_dense_backward", 2),
    "l07_forward_test": ("check_forward", 2),
    "l07_backward_test": ("check_backward", 3),
}

#: True when the lesson trains for a minute or more after its last exercise: the assignment
#: tests then run the student version only up to its last graded cell.
HEAVY = True
