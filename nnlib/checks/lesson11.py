"""Checks for lesson 11's exercises: the L2 term of the cost and gradient, inverted dropout."""

from typing import Any, NamedTuple

import numpy as np

from nnlib.checks.common import binary_labels, one_hot, random_params
from nnlib.checks.machinery import Case, call_learner, cases, compare, learner, run
from nnlib.layers import dropout_backward, dropout_forward
from nnlib.network import backward, forward, l2_penalty

__all__ = [
    "check_l2_penalty", "check_backward_l2", "check_dropout_forward", "check_dropout_backward",
]

SEED, HIDDEN_SEED = 0, 1

#: The lesson's small example: two layers, lambda = 0.6, m = 3 (the penalty is 1.925).
EXAMPLE_PARAMS = {
    "W1": np.array([[1.0, -2.0], [0.5, 3.0]]), "b1": np.array([1.0, -1.0]),
    "W2": np.array([[2.0, -1.0]]), "b2": np.array([0.5]),
}


class Dropped(NamedTuple):
    """What dropout_forward returns."""

    A_dropped: Any
    mask: Any


def _seeded(kind, seed):
    return np.random.RandomState(seed) if kind == "RandomState" else np.random.default_rng(seed)


# ----- the L2 term of the cost -------------------------------------------------------------------

def _sum_of_squares(params, prefix):
    return sum(float(np.sum(v ** 2)) for k, v in params.items() if k.startswith(prefix))


def _l2_penalty_case(label, params, l2, m):
    weights, biases = _sum_of_squares(params, "W"), _sum_of_squares(params, "b")
    norms = sum(float(np.sqrt(np.sum(v ** 2))) for k, v in params.items() if k.startswith("W"))
    expected = float(l2_penalty(params, l2, m))
    mistakes = (
        ("l2_on_biases", l2 / (2 * m) * (weights + biases)),
        ("l2_factor_2m", l2 / m * weights),
        ("l2_no_m", l2 / 2 * weights),
        ("l2_norm", l2 / (2 * m) * norms),
        ("l2_sign", -expected),
    )
    return Case(label, (params, l2, m), expected, mistakes)


def _random_l2_case(rng, sizes, l2, m):
    label = f"random layer sizes {sizes}, l2 = {l2}, m = {m}"
    return _l2_penalty_case(label, random_params(rng, sizes), l2, m)


def check_l2_penalty(l2_penalty, hidden=False):
    """Check a learner's ``l2_penalty(params, l2, m)``: the L2 term of the cost.

    Expected: l2 / (2 m) times the sum of the squares of every weight W1, W2, ... (biases
    excluded), as a float; nnlib.network.l2_penalty gives the answers.

    Parameters
    ----------
    l2_penalty : callable
    hidden : bool
        Also run the graders' cases (m = 1, l2 = 0, a deeper network).

    Raises
    ------
    AssertionError
        With hints for biases penalised too, lambda / m instead of lambda / (2 m), a missing m,
        the norm instead of the squares, a negative term, an array instead of a float.

    Examples
    --------
    >>> import numpy as np
    >>> def l2_penalty(params, l2, m):
    ...     total = sum(np.sum(W ** 2) for name, W in params.items() if name.startswith("W"))
    ...     return float(l2 / (2 * m) * total)
    >>> check_l2_penalty(l2_penalty)
    check_l2_penalty: all 3 cases passed.
    """
    rng = np.random.default_rng(SEED)
    visible = [
        _l2_penalty_case("the lesson's example: two layers, l2 = 0.6, m = 3",
                         EXAMPLE_PARAMS, 0.6, 3),
        _random_l2_case(rng, [4, 3, 2], 0.7, 5),
        _random_l2_case(rng, [3, 5, 1], 0.1, 8),
    ]
    rng = np.random.default_rng(HIDDEN_SEED)
    hidden_cases = [
        _random_l2_case(rng, [6, 4, 3, 1], 1.3, 1),
        _random_l2_case(rng, [3, 4, 1], 0.0, 10),
        _random_l2_case(rng, [20, 10, 5], 0.01, 100),
    ]
    run("check_l2_penalty", cases(visible, hidden_cases, hidden),
        learner(l2_penalty, "l2_penalty", ("params", "l2", "m")))


# ----- the L2 term of the gradient ---------------------------------------------------------------

def _with_term(data, params, factor, biases=False):
    """The data gradients plus ``factor * W`` (and ``factor * b`` when ``biases``)."""
    grads = dict(data)
    for name, value in params.items():
        if name.startswith("W") or biases:
            grads[f"d{name}"] = data[f"d{name}"] + factor * value
    return grads


def _backward_case(rng, m, sizes, activations, l2, keep_prob=1.0):
    params = random_params(rng, sizes)
    X = rng.standard_normal((m, sizes[0]))
    if activations[-1] == "softmax":
        Y, loss = one_hot(rng, m, sizes[-1]), "cross_entropy"
    else:
        Y, loss = binary_labels(rng, m), "binary_cross_entropy"
    dropout = f", dropout keep_prob = {keep_prob}" if keep_prob < 1 else ""
    Y_hat, caches = forward(X, params, activations, keep_prob=keep_prob, rng=int(rng.integers(99)))
    expected = backward(Y, Y_hat, caches, loss, l2=l2)
    data = backward(Y, Y_hat, caches, loss)
    mistakes = (
        ("l2_on_biases", _with_term(data, params, l2 / m, biases=True)),
        ("l2_half_gradient", _with_term(data, params, l2 / (2 * m))),
        ("l2_no_m", _with_term(data, params, l2)),
        ("l2_sign", _with_term(data, params, -l2 / m)),
        ("l2_missing", data),
    )
    label = f"random m = {m}, sizes {sizes}, {loss}, l2 = {l2}{dropout}"
    return Case(label, (Y, Y_hat, caches, loss, l2), expected, mistakes)


def check_backward_l2(backward, hidden=False):
    """Check a learner's ``backward(Y, Y_hat, caches, loss, *, l2=0.0)``: its L2 term.

    The gradients of nnlib.network.backward: the data term, plus l2 / m * W on every dW (m =
    number of examples, the rows of Y_hat) and nothing on the db. ``caches`` come from
    nnlib.network.forward (with dropout masks in one of the graders' cases).

    Parameters
    ----------
    backward : callable
    hidden : bool
        Also run the graders' cases (m = 1, l2 = 0, caches with dropout masks).

    Raises
    ------
    AssertionError
        With hints for the biases penalised too, lambda / (2 m) instead of lambda / m, a missing
        m, the term subtracted, the term missing, wrong keys.

    Examples
    --------
    >>> from nnlib import network
    >>> def backward(Y, Y_hat, caches, loss, *, l2=0.0):
    ...     grads = network.backward(Y, Y_hat, caches, loss)
    ...     for l, cache in enumerate(caches, start=1):
    ...         grads[f"dW{l}"] = grads[f"dW{l}"] + l2 / Y_hat.shape[0] * cache.W
    ...     return grads
    >>> check_backward_l2(backward)
    check_backward_l2: all 3 cases passed.
    """
    rng = np.random.default_rng(SEED)
    visible = [
        _backward_case(rng, 5, [4, 3, 2], ["relu", "softmax"], 0.7),
        _backward_case(rng, 6, [3, 4, 1], ["tanh", "sigmoid"], 0.3),
        _backward_case(rng, 4, [2, 3, 3, 1], ["relu", "relu", "sigmoid"], 1.5),
    ]
    rng = np.random.default_rng(HIDDEN_SEED)
    hidden_cases = [
        _backward_case(rng, 1, [5, 3, 2], ["relu", "softmax"], 0.5),
        _backward_case(rng, 7, [3, 4, 1], ["relu", "sigmoid"], 0.0),
        _backward_case(rng, 8, [4, 5, 3], ["relu", "softmax"], 0.2, keep_prob=0.8),
    ]

    def call(case):
        return call_learner(
            lambda Y, Y_hat, caches, loss, l2: backward(Y, Y_hat, caches, loss, l2=l2),
            case.args, "backward", ("Y", "Y_hat", "caches", "loss", "l2"),
        )

    run("check_backward_l2", cases(visible, hidden_cases, hidden), call)


# ----- inverted dropout, forward -----------------------------------------------------------------

def _is_dropout_mask(mask, keep_prob):
    """True when every entry of ``mask`` is 0 or 1 / keep_prob."""
    mask = np.asarray(mask, dtype=float)
    return bool(np.all(np.isclose(mask, 0) | np.isclose(mask, 1 / keep_prob)))


def _dropout_forward_case(label, A, keep_prob, kind, seed):
    A_dropped, mask = dropout_forward(A, keep_prob, rng=_seeded(kind, seed))
    if mask is None:  # keep_prob = 1: nnlib returns no mask; a mask of ones means the same
        mask = np.ones_like(A)
    expected = Dropped(A_dropped, mask)
    draws = _seeded(kind, seed).random(A.shape)
    kept, flipped = (draws < keep_prob).astype(float), (draws >= keep_prob).astype(float)

    def one_mask_for_all(got):
        got_mask = np.asarray(got[1], dtype=float)
        return A.shape[0] > 1 and (got_mask.ndim == 1 or bool(np.all(got_mask == got_mask[0])))

    def other_draws(got):
        got_mask = np.asarray(got[1], dtype=float)
        return (
            got_mask.shape == A.shape and _is_dropout_mask(got_mask, keep_prob)
            and compare(got[0], A * got_mask) is None
            and compare(got_mask, flipped / keep_prob) is not None
            and not one_mask_for_all(got)
        )

    mistakes = (
        ("dropout_at_test", lambda got: keep_prob == 1 and compare(got[0], A) is not None),
        ("dropout_no_scale", Dropped(A * kept, kept)),
        ("dropout_no_scale", lambda got: compare(got[0], A * kept) is None),
        ("dropout_times_keep", lambda got: compare(got[0], A * kept * keep_prob) is None),
        ("dropout_inverted_mask", Dropped(A * flipped / keep_prob, flipped / keep_prob)),
        ("dropout_one_mask", one_mask_for_all),
        ("dropout_rng", other_draws),
    )
    return Case(label, (A, keep_prob, _seeded(kind, seed)), expected, mistakes)


def _random_dropout_case(rng, m, n, keep_prob, kind, seed):
    label = f"random A of shape ({m}, {n}), keep_prob = {keep_prob}, rng = {kind}({seed})"
    return _dropout_forward_case(label, rng.standard_normal((m, n)), keep_prob, kind, seed)


def check_dropout_forward(dropout_forward, hidden=False):
    """Check a learner's ``dropout_forward(A, keep_prob, rng) -> (A_dropped, mask)``.

    Inverted dropout as nnlib.layers.dropout_forward does it: one uniform draw per entry of A,
    ``rng.random(A.shape)``; a unit is kept where the draw is below keep_prob; the mask holds
    1 / keep_prob for a kept unit and 0 for a dropped one, and A_dropped = A * mask. With
    keep_prob = 1 (prediction time) A comes back unchanged; the mask may then be None or ones.

    Parameters
    ----------
    dropout_forward : callable
    hidden : bool
        Also run the graders' cases (a numpy.random.RandomState, m = 1, a larger layer).

    Raises
    ------
    AssertionError
        With hints for a missing 1 / keep_prob, a multiplication by keep_prob, units kept with
        probability 1 - keep_prob, one mask shared by every example, draws not taken from rng,
        units dropped or rescaled with keep_prob = 1.

    Examples
    --------
    >>> def dropout_forward(A, keep_prob, rng):
    ...     mask = (rng.random(A.shape) < keep_prob) / keep_prob
    ...     return A * mask, mask
    >>> check_dropout_forward(dropout_forward)
    check_dropout_forward: all 4 cases passed.
    """
    rng = np.random.default_rng(SEED)
    visible = [
        _dropout_forward_case("the lesson's example: A = ones((2, 4)), keep_prob = 0.5, "
                              "rng = default_rng(0)", np.ones((2, 4)), 0.5, "default_rng", 0),
        _random_dropout_case(rng, 5, 3, 0.8, "default_rng", 1),
        _random_dropout_case(rng, 4, 6, 0.6, "default_rng", 2),
        _random_dropout_case(rng, 3, 4, 1.0, "default_rng", 3),
    ]
    rng = np.random.default_rng(HIDDEN_SEED)
    hidden_cases = [
        _random_dropout_case(rng, 6, 5, 0.7, "RandomState", 5),
        _random_dropout_case(rng, 1, 8, 0.9, "default_rng", 6),
        _random_dropout_case(rng, 50, 20, 0.5, "default_rng", 7),
    ]

    def call(case):
        got = call_learner(dropout_forward, case.args, "dropout_forward",
                           ("A", "keep_prob", "rng"))
        A, keep_prob = case.args[0], case.args[1]
        if keep_prob == 1 and isinstance(got, (tuple, list)) and len(got) == 2 and got[1] is None:
            got = (got[0], np.ones_like(A))
        return got

    run("check_dropout_forward", cases(visible, hidden_cases, hidden), call)


# ----- inverted dropout, backward ----------------------------------------------------------------

def _dropout_backward_case(rng, m, n, keep_prob):
    dA = rng.standard_normal((m, n))
    _, mask = dropout_forward(np.ones((m, n)), keep_prob, rng=rng)
    expected = dropout_backward(dA, mask)

    def new_mask(got):
        ratio = np.asarray(got, dtype=float) / dA
        return (
            ratio.shape == dA.shape and _is_dropout_mask(ratio, keep_prob)
            and not np.array_equal(np.isclose(ratio, 0), mask == 0)
        )

    mistakes = (
        ("mask_not_applied", dA),
        ("dropout_backward_no_scale", dA * (mask > 0)),
        ("dropout_backward_twice", dA * mask / keep_prob),
        ("mask_not_reused", new_mask),
    )
    label = f"random dA of shape ({m}, {n}), mask of keep_prob = {keep_prob}"
    return Case(label, (dA, mask), expected, mistakes)


def check_dropout_backward(dropout_backward, hidden=False):
    """Check a learner's ``dropout_backward(dA, mask) -> dA_prev``: the gradient through dropout.

    Expected: dA * mask with the mask of the forward pass (0 or 1 / keep_prob per entry), as
    nnlib.layers.dropout_backward computes it.

    Parameters
    ----------
    dropout_backward : callable
    hidden : bool
        Also run the graders' cases (m = 1, a larger layer, another keep_prob).

    Raises
    ------
    AssertionError
        With hints for the mask not applied, a fresh mask instead of the forward pass's, the
        1 / keep_prob left out or applied twice, a result of the wrong shape.

    Examples
    --------
    >>> check_dropout_backward(lambda dA, mask: dA * mask)
    check_dropout_backward: all 3 cases passed.
    """
    rng = np.random.default_rng(SEED)
    visible = [_dropout_backward_case(rng, m, n, kp) for m, n, kp in
               ((4, 3, 0.5), (5, 6, 0.8), (3, 5, 0.6))]
    rng = np.random.default_rng(HIDDEN_SEED)
    hidden_cases = [_dropout_backward_case(rng, m, n, kp) for m, n, kp in
                    ((1, 7, 0.9), (40, 25, 0.5), (6, 2, 0.7))]
    run("check_dropout_backward", cases(visible, hidden_cases, hidden),
        learner(dropout_backward, "dropout_backward", ("dA", "mask")))
