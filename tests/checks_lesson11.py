"""Lesson 11's exercise checks: right answers, nnlib-based answers, known mistakes.

Collected by tests/test_checks.py, which runs the same tests over every lesson's file.
"""

import numpy as np

from nnlib import checks
from nnlib.layers import dropout_backward as nn_dropout_backward
from nnlib.layers import dropout_forward as nn_dropout_forward
from nnlib.network import backward as nn_backward
from nnlib.network import l2_penalty as nn_l2_penalty

# ----- right answers, written the way the lesson asks for them (plain NumPy) -------------------


def l2_penalty(params, l2, m):
    total = sum(np.sum(W ** 2) for name, W in params.items() if name.startswith("W"))
    return float(l2 / (2 * m) * total)


def _sigmoid(Z):
    return 1 / (1 + np.exp(-Z))


_DERIVATIVES = {
    "relu": lambda Z: (Z > 0).astype(float),
    "tanh": lambda Z: 1 - np.tanh(Z) ** 2,
    "sigmoid": lambda Z: _sigmoid(Z) * (1 - _sigmoid(Z)),
}


def backward(Y, Y_hat, caches, loss, *, l2=0.0, bias_factor=0.0, factor=1.0):
    """Backpropagation for a sigmoid or softmax output with its cross-entropy, by hand.

    ``factor`` scales the L2 term of dW, ``bias_factor`` adds one to db (both for the mistakes).
    """
    m = Y_hat.shape[0]
    L = len(caches)
    grads = {}
    dZ = (Y_hat - Y) / m
    for l in range(L, 0, -1):
        A_prev, W, b = caches[l - 1][:3]
        grads[f"dW{l}"] = dZ.T @ A_prev + factor * l2 / m * W
        grads[f"db{l}"] = dZ.sum(axis=0) + bias_factor * l2 / m * b
        if l > 1:
            below = caches[l - 2]  # the layer whose output A_prev is
            dA = dZ @ W
            if len(below) > 5 and below[5] is not None:  # its dropout mask
                dA = dA * below[5]
            dZ = dA * _DERIVATIVES[below[4]](below[3])
    return grads


def dropout_forward(A, keep_prob, rng):
    mask = (rng.random(A.shape) < keep_prob) / keep_prob
    return A * mask, mask


def dropout_backward(dA, mask):
    return dA * mask


# ----- wrong answers ---------------------------------------------------------------------------


def _backward_with(**options):
    def wrong(Y, Y_hat, caches, loss, *, l2=0.0):
        return backward(Y, Y_hat, caches, loss, l2=l2, **options)
    return wrong


def _dropout_kept(A, keep_prob, rng):
    kept = (rng.random(A.shape) < keep_prob).astype(float)
    return A * kept, kept


def _dropout_global_random(A, keep_prob, rng):
    mask = (np.random.default_rng(12345).random(A.shape) < keep_prob) / keep_prob
    return A * mask, mask


def _dropout_always_on(A, keep_prob, rng):
    """Drops half the units even with keep_prob = 1, as if dropout stayed on when predicting."""
    keep_prob = keep_prob if keep_prob < 1 else 0.5
    return dropout_forward(A, keep_prob, rng)


def _dropout_backward_new_mask(dA, mask):
    keep_prob = 1 / mask.max()
    fresh = (np.random.default_rng(99).random(dA.shape) < keep_prob) / keep_prob
    return dA * fresh


#: check name -> (check, right answers, number of visible cases, number with hidden ones)
RIGHT = {
    "check_l2_penalty": (checks.check_l2_penalty, (l2_penalty,), 3, 6),
    "check_backward_l2": (checks.check_backward_l2, (backward,), 3, 6),
    "check_dropout_forward": (checks.check_dropout_forward, (dropout_forward,), 4, 7),
    "check_dropout_backward": (checks.check_dropout_backward, (dropout_backward,), 3, 6),
}

#: check name -> answers built on nnlib itself (a second, independent route to the same results)
NNLIB_ANSWERS = {
    "check_l2_penalty": (nn_l2_penalty,),
    "check_backward_l2": (nn_backward,),
    "check_dropout_forward": (lambda A, keep_prob, rng: nn_dropout_forward(A, keep_prob, rng),),
    "check_dropout_backward": (nn_dropout_backward,),
}

#: (check, wrong answer(s), hidden, words of the expected hint; None: no hint expected)
MISTAKES = [
    (checks.check_l2_penalty,
     (lambda params, l2, m: float(l2 / (2 * m) * sum(np.sum(v ** 2) for v in params.values())),),
     False, "biases were penalised"),
    (checks.check_l2_penalty, (lambda params, l2, m: 2 * l2_penalty(params, l2, m),), False,
     "twice too large"),
    (checks.check_l2_penalty, (lambda params, l2, m: m * l2_penalty(params, l2, m),), False,
     "m times too large"),
    (checks.check_l2_penalty,
     (lambda params, l2, m: float(l2 / (2 * m) * sum(np.linalg.norm(W) for k, W in params.items()
                                                     if k.startswith("W"))),),
     False, "norms of the weight matrices"),
    (checks.check_l2_penalty, (lambda params, l2, m: -l2_penalty(params, l2, m),), False,
     "wrong sign"),
    (checks.check_l2_penalty, (lambda params, l2, m: np.array([l2_penalty(params, l2, m)]),),
     False, "Return one number"),
    (checks.check_backward_l2, (_backward_with(bias_factor=1.0),), False,
     "biases were penalised"),
    (checks.check_backward_l2, (_backward_with(factor=0.5),), False, "half the expected"),
    (checks.check_backward_l2, (lambda Y, Y_hat, caches, loss, *, l2=0.0: backward(
        Y, Y_hat, caches, loss, l2=l2, factor=Y_hat.shape[0]),), False, "m times too large"),
    (checks.check_backward_l2, (_backward_with(factor=-1.0),), False, "wrong sign"),
    (checks.check_backward_l2, (_backward_with(factor=0.0),), False, "L2 term is missing"),
    (checks.check_backward_l2, (lambda Y, Y_hat, caches, loss, *, l2=0.0: {
        k.upper(): v for k, v in backward(Y, Y_hat, caches, loss, l2=l2).items()},), False,
     "Use the keys"),
    (checks.check_dropout_forward, (_dropout_kept,), False, "not divided by keep_prob"),
    (checks.check_dropout_forward,
     (lambda A, keep_prob, rng: (lambda A_kept, kept: (A_kept * keep_prob, kept * keep_prob))(
         *_dropout_kept(A, keep_prob, rng)),), False, "multiplied the kept units by keep_prob"),
    (checks.check_dropout_forward,
     (lambda A, keep_prob, rng: (lambda mask: (A * mask, mask))(
         (rng.random(A.shape) >= keep_prob) / keep_prob),), False, "1 - keep_prob"),
    (checks.check_dropout_forward,
     (lambda A, keep_prob, rng: (lambda mask: (A * mask, np.broadcast_to(mask, A.shape)))(
         (rng.random(A.shape[1]) < keep_prob) / keep_prob),), False, "lost the same units"),
    (checks.check_dropout_forward, (_dropout_global_random,), False, "not the expected draws"),
    (checks.check_dropout_forward, (_dropout_always_on,), False, "keep_prob = 1"),
    (checks.check_dropout_forward, (lambda A, keep_prob, rng: dropout_forward(A, keep_prob,
                                                                              rng)[0],),
     False, r"Return a tuple \(A_dropped, mask\)"),
    (checks.check_dropout_backward, (lambda dA, mask: dA,), False, "mask was not applied"),
    (checks.check_dropout_backward, (lambda dA, mask: dA * (mask > 0),), False,
     "1 / keep_prob is missing"),
    (checks.check_dropout_backward, (lambda dA, mask: dA * mask * mask.max(),), False,
     "divided by keep_prob twice"),
    (checks.check_dropout_backward, (_dropout_backward_new_mask,), False, "new random mask"),
]


#: The exercise contract of the lesson's notebook: graded cell id -> (check called, points).
EXERCISES = {
    "l11_l2_penalty_test": ("check_l2_penalty", 1),
    "l11_backward_l2_test": ("check_backward_l2", 2),
    "l11_dropout_forward_test": ("check_dropout_forward", 2),
    "l11_dropout_backward_test": ("check_dropout_backward", 1),
}

#: True when the lesson trains for a minute or more after its last exercise: the assignment
#: tests then run the student version only up to its last graded cell.
HEAVY = True
