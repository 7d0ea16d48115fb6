"""Lesson 8's exercise checks: right answers, nnlib-based answers, known mistakes.

The right answers are written the way a learner would (plain NumPy, independently of nnlib).
Collected by tests/test_checks.py, which runs the same tests over every lesson's file.
"""

import numpy as np

from nnlib import checks
from nnlib.network import output_gradient as nn_output_gradient
from nnlib.training import minibatches as nn_minibatches


def sigmoid(Z):
    return 1 / (1 + np.exp(-Z))


DERIVATIVE = {  # in terms of Z
    "sigmoid": lambda Z: sigmoid(Z) * (1 - sigmoid(Z)),
    "tanh": lambda Z: 1 - np.tanh(Z) ** 2,
    "identity": lambda Z: np.ones_like(Z),
}


# ----- right answers ----------------------------------------------------------------------------

def output_gradient(Y, Y_hat, cache, loss):
    Z, activation = cache[3], cache[4]
    if (activation, loss) in {("softmax", "cross_entropy"), ("sigmoid", "binary_cross_entropy")}:
        return (Y_hat - Y) / Y.shape[0]
    dA = 2 * (Y_hat - Y) / Y_hat.size  # the mean squared error's gradient
    return dA * DERIVATIVE[activation](Z)


def minibatches(X, Y, batch_size, rng=None, shuffle=True):
    if shuffle:
        order = np.random.default_rng(rng).permutation(X.shape[0])
        X, Y = X[order], Y[order]
    for start in range(0, X.shape[0], batch_size):
        yield X[start:start + batch_size], Y[start:start + batch_size]


# ----- wrong answers ----------------------------------------------------------------------------

def _shortcut_everywhere(Y, Y_hat, cache, loss):
    return (Y_hat - Y) / Y.shape[0]


def _softmax_elementwise(Y, Y_hat, cache, loss):
    if loss != "cross_entropy":
        return output_gradient(Y, Y_hat, cache, loss)
    dA = -Y / Y_hat / Y.shape[0]
    return dA * Y_hat * (1 - Y_hat)


def _seed_error(Y, Y_hat, cache, loss):
    return 2 * (Y_hat - Y) / Y_hat.shape[1] * Y_hat


def _no_derivative(Y, Y_hat, cache, loss):
    if cache[4] != "identity" and loss == "mse":
        return 2 * (Y_hat - Y) / Y_hat.size
    return output_gradient(Y, Y_hat, cache, loss)


def _sigmoid_shortcut(Y, Y_hat, cache, loss):
    if cache[4] == "sigmoid":
        return (Y_hat - Y) / Y.shape[0]
    return output_gradient(Y, Y_hat, cache, loss)


def _last_dropped(X, Y, batch_size, rng=None, shuffle=True):
    order = np.random.default_rng(rng).permutation(X.shape[0]) if shuffle else slice(None)
    X, Y = X[order], Y[order]
    for start in range(0, X.shape[0] - batch_size + 1, batch_size):
        yield X[start:start + batch_size], Y[start:start + batch_size]


def _two_orders(X, Y, batch_size, rng=None, shuffle=True):
    rng = np.random.default_rng(rng)
    if shuffle:
        X, Y = X[rng.permutation(len(X))], Y[rng.permutation(len(Y))]
    for start in range(0, X.shape[0], batch_size):
        yield X[start:start + batch_size], Y[start:start + batch_size]


def _with_replacement(X, Y, batch_size, rng=None, shuffle=True):
    idx = np.random.default_rng(rng).integers(0, len(X), len(X)) if shuffle else np.arange(len(X))
    for start in range(0, X.shape[0], batch_size):
        yield X[idx[start:start + batch_size]], Y[idx[start:start + batch_size]]


def _never_shuffled(X, Y, batch_size, rng=None, shuffle=True):
    yield from minibatches(X, Y, batch_size, rng, shuffle=False)


def _always_shuffled(X, Y, batch_size, rng=None, shuffle=True):
    yield from minibatches(X, Y, batch_size, rng, shuffle=True)


def _global_permutation(X, Y, batch_size, rng=None, shuffle=True):
    order = np.random.default_rng(12345).permutation(len(X)) if shuffle else np.arange(len(X))
    yield from minibatches(X[order], Y[order], batch_size, shuffle=False)


def _fixed_size(X, Y, batch_size, rng=None, shuffle=True):
    """Wraps around to fill the last batch: every batch has batch_size rows."""
    batches = list(minibatches(X, Y, batch_size, rng, shuffle))
    Xl, Yl = batches[-1]
    if len(Xl) < batch_size:
        extra = batch_size - len(Xl)
        batches[-1] = (np.concatenate([Xl, X[:extra]]), np.concatenate([Yl, Y[:extra]]))
    return batches


# ----- the tables test_checks.py reads ----------------------------------------------------------

#: check name -> (check, right answers, number of visible cases, number with hidden ones)
RIGHT = {
    "check_output_gradient": (checks.check_output_gradient, (output_gradient,), 4, 8),
    "check_minibatches": (checks.check_minibatches, (minibatches,), 4, 7),
}

#: check name -> answers built on nnlib itself (a second, independent route to the same results)
NNLIB_ANSWERS = {
    "check_output_gradient": (nn_output_gradient,),
    "check_minibatches": (
        lambda X, Y, batch_size, rng, shuffle: nn_minibatches(X, Y, batch_size, rng, shuffle),),
}

#: (check, wrong answer(s), hidden, words of the expected hint; None: no hint expected)
MISTAKES = [
    (checks.check_output_gradient, (lambda Y, P, cache, loss: P - Y,), False,
     "m times too large"),
    (checks.check_output_gradient, (lambda Y, P, cache, loss: (Y - P) / len(Y),), False,
     "wrong sign"),
    (checks.check_output_gradient, (lambda Y, P, cache, loss: (P - Y) / P.size,), False,
     "Y_hat.size"),
    (checks.check_output_gradient,
     (lambda Y, P, cache, loss: output_gradient(Y, P, cache, loss).T,), False,
     "is transposed"),
    (checks.check_output_gradient, (_softmax_elementwise,), False, "diagonal derivative"),
    (checks.check_output_gradient, (_seed_error,), False, "flawed tutorial"),
    (checks.check_output_gradient, (_shortcut_everywhere,), False, "holds only for a sigmoid"),
    (checks.check_output_gradient, (_sigmoid_shortcut,), True, "holds only for a sigmoid"),
    (checks.check_output_gradient, (_no_derivative,), True, "derivative is missing"),
    (checks.check_minibatches, (_last_dropped,), False, "last, smaller batch is missing"),
    (checks.check_minibatches, (_fixed_size,), False, "except the last one"),
    (checks.check_minibatches, (_two_orders,), False, "not reordered together"),
    (checks.check_minibatches, (_with_replacement,), False, "appear twice"),
    (checks.check_minibatches, (_never_shuffled,), False, "original order although shuffle"),
    (checks.check_minibatches, (_always_shuffled,), False, "shuffle is False"),
    (checks.check_minibatches, (_global_permutation,), False, "not in the expected order"),
    (checks.check_minibatches, (lambda X, Y, batch_size, rng, shuffle: [X, Y],), False,
     r"\(X_batch, Y_batch\) pairs"),
    (checks.check_minibatches, (lambda X, Y, batch_size, rng, shuffle: 3,), False,
     "Yield"),
]


#: The exercise contract of the lesson's notebook: graded cell id -> (check called, points).
EXERCISES = {
    "l08_output_gradient_test": ("check_output_gradient", 2),
    "l08_minibatches_test": ("check_minibatches", 2),
}

#: True when the lesson trains for a minute or more after its last exercise: the assignment
#: tests then run the student version only up to its last graded cell.
HEAVY = True
