"""Checks for lesson 7's exercises: an L-layer network, written by the learner.

The learner writes ``normal`` (nnlib.initializers), ``dense_forward``, ``dense_backward``
(nnlib.layers), ``forward`` and ``backward`` (nnlib.network) with nnlib's names, signatures and
caches; each check compares them with the nnlib function of the same name. The caches that a
learner's functions exchange are plain tuples ``(A_prev, W, b, Z, activation)``.
"""

import numpy as np

from nnlib.checks.common import (
    Cache,
    LayerGrads,
    Model,
    Pair,
    binary_labels,
    cache_arrays,
    check_activation_names,
    learner_cache,
    random_params,
    slipped_backward,
    slipped_cache,
)
from nnlib.checks.machinery import (
    HINTS,
    Case,
    Problem,
    call_learner,
    cases,
    compare,
    learner,
    run,
    scaled,
)
from nnlib.initializers import normal
from nnlib.layers import dense_backward, dense_forward
from nnlib.network import FUSED, backward, forward

__all__ = [
    "check_normal", "check_dense_forward", "check_dense_backward", "check_forward",
    "check_backward",
]

SEED, HIDDEN_SEED = 0, 1


# ----- normal ---------------------------------------------------------------------------------

def _seeded(kind, seed):
    return np.random.RandomState(seed) if kind == "RandomState" else np.random.default_rng(seed)


def _normal_case(shape, kind, seed, dtype=np.float64):
    expected = normal(shape, rng=_seeded(kind, seed), dtype=dtype)
    draws = _seeded(kind, seed).standard_normal(shape)

    def other_draws(got):  # about the right spread, but not the draws of the rng passed in
        got = np.asarray(got, dtype=np.float64)
        return (got.shape == shape and got.size > 1 and 0.005 < got.std() < 0.02
                and compare(got, expected) is not None)

    mistakes = (
        ("zero_init", lambda got: np.size(got) > 0 and np.all(np.asarray(got) == 0)),
        ("identical_init", lambda got: np.size(got) > 1 and np.asarray(got).flat[0] != 0
         and np.all(np.asarray(got) == np.asarray(got).flat[0])),
        ("init_scale", draws),
        ("init_rng", other_draws),
    )
    label = f"shape = {shape}, rng = {kind}({seed}), dtype = {np.dtype(dtype).name}"
    return Case(label, (shape, _seeded(kind, seed), dtype), expected, mistakes)


def _call_normal(func):
    def call(case):
        got = call_learner(func, case.args, "normal", ("shape", "rng", "dtype"))
        dtype = np.dtype(case.args[2])
        if (isinstance(got, np.ndarray) and got.dtype != dtype
                and compare(got, case.expected) is None):
            raise Problem(f"normal returned a {got.dtype} array for dtype={dtype.name}.",
                          HINTS["wrong_dtype"])
        return got
    return call


def check_normal(normal, hidden=False):
    """Check a learner's ``normal(shape, rng, dtype=np.float64)`` against nnlib's.

    ``shape`` is (n_out, n_in), the shape of a layer's W; the result is
    ``rng.standard_normal(shape) * 0.01`` as an array of ``dtype``, drawn from the ``rng``
    passed in (a numpy Generator or RandomState), as :func:`nnlib.initializers.normal` draws
    it. ``nnlib.network.init_params(layer_sizes, init=normal, rng=rng)`` then uses it.

    Parameters
    ----------
    normal : callable
    hidden : bool
        Also run the graders' cases (the cat network's first layer, float32, one row).

    Raises
    ------
    AssertionError
        With hints for all-zero or identical weights, weights 100 times too large, draws not
        taken from ``rng``, the wrong dtype, a transposed shape.

    Examples
    --------
    >>> def normal(shape, rng, dtype=np.float64):
    ...     return (rng.standard_normal(shape) * 0.01).astype(dtype)
    >>> check_normal(normal)
    check_normal: all 3 cases passed.
    """
    visible = [
        _normal_case((4, 3), "default_rng", 0),
        _normal_case((5, 5), "RandomState", 1),
        _normal_case((1, 5), "default_rng", 2),
    ]
    hidden_cases = [
        _normal_case((5, 12288), "RandomState", 1),
        _normal_case((3, 7), "default_rng", 3, np.float32),
        _normal_case((2, 1), "RandomState", 4),
    ]
    run("check_normal", cases(visible, hidden_cases, hidden), _call_normal(normal))


# ----- dense_forward --------------------------------------------------------------------------

def _dense_forward_case(label, A_prev, W, b, activation):
    A, cache = dense_forward(A_prev, W, b, activation)
    expected = Pair(A, Cache(A_prev, W, b, cache.Z))
    others = [dense_forward(A_prev, W, b, name)[0] for name in ("sigmoid", "tanh", "relu")
              if name != activation]
    mistakes = [
        ("no_activation", Pair(cache.Z, expected.cache)),
        ("cache_holds_A", Pair(A, Cache(A_prev, W, b, A))),
        ("ignored_activation",
         lambda got: any(compare(got[0], other) is None for other in others)),
    ]
    if W.shape[0] == W.shape[1]:  # A_prev @ W has the right shape only for a square W
        mistakes.append(("not_transposed", Pair(dense_forward(A_prev, W.T, b, activation)[0],
                                                expected.cache)))
    return Case(label, (A_prev, W, b, activation), expected, tuple(mistakes))


def _random_dense_case(rng, m, n_in, n_out, activation):
    label = f"random m = {m}, {n_in} -> {n_out} units, {activation}"
    return _dense_forward_case(label, rng.standard_normal((m, n_in)),
                               rng.standard_normal((n_out, n_in)), rng.standard_normal(n_out),
                               activation)


def _call_dense_forward(func):
    def call(case):
        out = call_learner(func, case.args, "dense_forward", ("A_prev", "W", "b", "activation"))
        if not isinstance(out, (tuple, list)) or len(out) != 2:
            return out  # the comparison says what was expected
        arrays, name = cache_arrays(out[1], "The cache")
        received = Pair(out[0], arrays)
        check_activation_names(received, case.expected, [name], [case.args[3]], ["The cache"])
        return received
    return call


def check_dense_forward(dense_forward, hidden=False):
    """Check a learner's ``dense_forward(A_prev, W, b, activation) -> (A, cache)``.

    A = g(A_prev @ W.T + b) of shape (m, n_out) with g named by ``activation`` ("sigmoid",
    "tanh", "relu"); cache = (A_prev, W, b, Z, activation), as nnlib.layers.dense_forward's.

    Parameters
    ----------
    dense_forward : callable
    hidden : bool
        Also run the graders' cases (m = 1, non-square layers, other seed).

    Raises
    ------
    AssertionError
        With hints for a missing activation, the activation argument ignored, A instead of Z in
        the cache, a cache without the activation's name, A_prev @ W instead of A_prev @ W.T,
        wrong shapes.

    Examples
    --------
    >>> from nnlib.layers import dense_forward as reference
    >>> def dense_forward(A_prev, W, b, activation):
    ...     A, cache = reference(A_prev, W, b, activation)
    ...     return A, tuple(cache[:5])
    >>> check_dense_forward(dense_forward)
    check_dense_forward: all 4 cases passed.
    """
    rng = np.random.default_rng(SEED)
    visible = [
        _dense_forward_case("the lesson's neuron: x = [2, 3], w = [0, 1], b = 4, sigmoid",
                            np.array([[2.0, 3.0]]), np.array([[0.0, 1.0]]), np.array([4.0]),
                            "sigmoid"),
        _random_dense_case(rng, 4, 3, 2, "sigmoid"),
        _random_dense_case(rng, 5, 2, 3, "tanh"),
        _random_dense_case(rng, 6, 4, 4, "relu"),
    ]
    rng = np.random.default_rng(HIDDEN_SEED)
    hidden_cases = [
        _random_dense_case(rng, 1, 5, 3, "relu"),
        _random_dense_case(rng, 7, 3, 1, "sigmoid"),
        _random_dense_case(rng, 3, 6, 2, "tanh"),
    ]
    run("check_dense_forward", cases(visible, hidden_cases, hidden),
        _call_dense_forward(dense_forward))


# ----- dense_backward -------------------------------------------------------------------------

def _dense_backward_case(label, dA, A_prev, W, b, activation):
    cache = dense_forward(A_prev, W, b, activation)[1]
    expected = LayerGrads(*dense_backward(dA, cache))
    mistakes = [("no_one_over_m_here", scaled(expected, 1 / A_prev.shape[0]))]
    for slip, hint in (("at_A", "derivative_at_A"), ("formula_on_Z", "formula_on_Z"),
                       ("none", "no_derivative")):
        wrong = slipped_cache(cache, slip)
        if wrong is not None:
            mistakes.append((hint, LayerGrads(*dense_backward(dA, wrong))))
    return Case(label, (dA, learner_cache(cache)), expected, tuple(mistakes))


def _random_dense_backward_case(rng, m, n_in, n_out, activation):
    label = f"random m = {m}, {n_in} -> {n_out} units, {activation}"
    return _dense_backward_case(label, rng.standard_normal((m, n_out)),
                                rng.standard_normal((m, n_in)), rng.standard_normal((n_out, n_in)),
                                rng.standard_normal(n_out), activation)


def check_dense_backward(dense_backward, hidden=False):
    """Check a learner's ``dense_backward(dA, cache) -> (dA_prev, dW, db)``.

    cache = (A_prev, W, b, Z, activation) from dense_forward; dZ = dA * g'(Z),
    dW = dZ.T @ A_prev, db = dZ summed over the examples (shape (n_out,)), dA_prev = dZ @ W.
    No 1/m here (it is already in dA).

    Parameters
    ----------
    dense_backward : callable
    hidden : bool
        Also run the graders' cases (m = 1, non-square layers, other seed).

    Raises
    ------
    AssertionError
        With hints for a division by m, the derivative evaluated at A instead of Z (or Z put
        into the formula for A), a missing derivative, db of shape (1, n_out), wrong or
        transposed shapes.

    Examples
    --------
    >>> from nnlib.layers import dense_backward
    >>> check_dense_backward(dense_backward)
    check_dense_backward: all 3 cases passed.
    """
    rng = np.random.default_rng(SEED)
    visible = [
        _random_dense_backward_case(rng, 4, 3, 2, "sigmoid"),
        _random_dense_backward_case(rng, 5, 2, 3, "tanh"),
        _random_dense_backward_case(rng, 6, 4, 4, "relu"),
    ]
    rng = np.random.default_rng(HIDDEN_SEED)
    hidden_cases = [
        _random_dense_backward_case(rng, 1, 5, 3, "sigmoid"),
        _random_dense_backward_case(rng, 7, 3, 1, "relu"),
        _random_dense_backward_case(rng, 3, 6, 2, "tanh"),
    ]
    run("check_dense_backward", cases(visible, hidden_cases, hidden),
        learner(dense_backward, "dense_backward", ("dA", "cache")))


# ----- forward and backward -------------------------------------------------------------------

def _network(rng, m, sizes, activations, loss="binary_cross_entropy"):
    """A random network, its inputs and targets for ``loss`` (0/1 labels or values in [0, 1])."""
    params = random_params(rng, sizes)
    X = rng.standard_normal((m, sizes[0]))
    Y = binary_labels(rng, m) if loss == "binary_cross_entropy" else rng.random((m, sizes[-1]))
    label = f"random m = {m}, sizes {sizes}, activations {activations}"
    if loss != "binary_cross_entropy":
        label += f", loss {loss!r}"
    return label, X, Y, params, list(activations), loss


def _forward_case(label, X, Y, params, activations, loss):
    Y_hat, caches = forward(X, params, activations)
    expected = Model(Y_hat, [Cache(*c[:4]) for c in caches])
    mistakes = [("no_output_activation_model", lambda got: compare(
        got[0], forward(X, params, [*activations[:-1], "identity"])[0]) is None)]
    if len(set(activations)) > 1:
        for name in set(activations):
            mistakes.append(("same_activation", lambda got, name=name: compare(
                got[0], forward(X, params, name)[0]) is None))
    return Case(label, (X, params, activations), expected, tuple(mistakes))


def _call_forward(func):
    def call(case):
        out = call_learner(func, case.args, "forward", ("X", "params", "activations"))
        if not isinstance(out, (tuple, list)) or len(out) != 2:
            return out
        Y_hat, caches = out
        if not isinstance(caches, (tuple, list)):
            return Model(Y_hat, caches)
        places = [f"The cache of layer {l}" for l in range(1, len(caches) + 1)]
        split = [cache_arrays(c, place) for c, place in zip(caches, places, strict=True)]
        received = Model(Y_hat, [arrays for arrays, _ in split])
        activations = case.args[2]
        if len(caches) == len(activations):
            check_activation_names(received, case.expected, [name for _, name in split],
                                   activations, places)
        return received
    return call


_FORWARD_VISIBLE = (
    (5, [3, 4, 1], ["relu", "sigmoid"]),
    (4, [2, 3, 3, 1], ["tanh", "relu", "sigmoid"]),
    (6, [2, 2, 1], ["sigmoid", "sigmoid"]),
)
_FORWARD_HIDDEN = (
    (1, [4, 3, 1], ["relu", "sigmoid"]),
    (5, [4, 1], ["sigmoid"]),
    (7, [5, 4, 3, 1], ["sigmoid", "tanh", "sigmoid"]),
    (4, [3, 5, 2], ["relu", "identity"], "mse"),
)


def _network_cases(make, visible_specs, hidden_specs, hidden):
    rng = np.random.default_rng(SEED)
    visible = [make(*_network(rng, *spec)) for spec in visible_specs]
    rng = np.random.default_rng(HIDDEN_SEED)
    hidden_cases = [make(*_network(rng, *spec)) for spec in hidden_specs]
    return cases(visible, hidden_cases, hidden)


def check_forward(forward, hidden=False):
    """Check a learner's ``forward(X, params, activations) -> (Y_hat, caches)`` against nnlib's.

    ``params`` holds W1, b1, ..., WL, bL; ``activations`` is a list of L names; ``caches`` is the
    list of the L layer caches (A_prev, W, b, Z, activation).

    Parameters
    ----------
    forward : callable
    hidden : bool
        Also run the graders' cases (m = 1, a single layer, a deeper network, a linear output).

    Raises
    ------
    AssertionError
        With hints for one activation used for every layer, a missing output activation,
        caches without (or with the wrong) activation names, wrong shapes.

    Examples
    --------
    >>> from nnlib.network import forward as reference
    >>> def forward(X, params, activations):
    ...     Y_hat, caches = reference(X, params, activations)
    ...     return Y_hat, [tuple(c[:5]) for c in caches]
    >>> check_forward(forward)
    check_forward: all 3 cases passed.
    """
    run("check_forward",
        _network_cases(_forward_case, _FORWARD_VISIBLE, _FORWARD_HIDDEN, hidden),
        _call_forward(forward))


def _backward_case(label, X, Y, params, activations, loss):
    Y_hat, caches = forward(X, params, activations)
    grads = backward(Y, Y_hat, caches, loss)
    m = X.shape[0]
    mistakes = [
        ("one_over_m", scaled(grads, m)),
        ("one_over_m_twice", scaled(grads, 1 / m)),
        ("sign_gradient", scaled(grads, -1)),
    ]
    fused = (activations[-1], loss) in FUSED
    for slip, hint in (("at_A", "derivative_at_A"), ("formula_on_Z", "formula_on_Z"),
                       ("none", "no_derivative")):
        for output in (False, True) if fused else (True,):
            wrong = slipped_backward(Y, Y_hat, caches, loss, slip, output=output)
            if wrong is not None:
                mistakes.append((hint, wrong))
    if activations[-1] == "identity" and loss == "mse":  # (Y_hat - Y) / m = mse's gradient * k/2
        mistakes.append(("loss_ignored", scaled(grads, Y_hat.shape[1] / 2)))
    elif activations[-1] == "sigmoid" and not fused:
        mistakes.append(("loss_ignored", backward(Y, Y_hat, caches, "binary_cross_entropy")))
    args = (Y, Y_hat, [learner_cache(c) for c in caches], loss)
    return Case(label, args, grads, tuple(mistakes))


_BACKWARD_VISIBLE = (
    *_FORWARD_VISIBLE,
    (4, [3, 4, 3], ["tanh", "identity"], "mse"),
)
_BACKWARD_HIDDEN = (
    *_FORWARD_HIDDEN[:3],
    (5, [3, 5, 2], ["relu", "sigmoid"], "mse"),
)


def check_backward(backward, hidden=False):
    """Check a learner's ``backward(Y, Y_hat, caches, loss) -> grads`` against nnlib's.

    ``caches`` come from nnlib's forward pass, as plain tuples (A_prev, W, b, Z, activation);
    ``loss`` is "binary_cross_entropy" (with a sigmoid output) or "mse"; ``grads`` holds
    dW1, db1, ..., dWL, dbL with the parameters' shapes.

    Parameters
    ----------
    backward : callable
    hidden : bool
        Also run the graders' cases (m = 1, a single layer, a deeper network, mse with a sigmoid
        output).

    Raises
    ------
    AssertionError
        With hints for a missing 1/m, 1/m applied twice, a sign error, activation derivatives
        evaluated at A instead of Z (or Z put into the formula for A) or left out, the
        sigmoid/cross-entropy shortcut used for another loss, missing keys, arguments changed
        in place.

    Examples
    --------
    >>> from nnlib.network import backward
    >>> check_backward(backward)
    check_backward: all 4 cases passed.
    """
    run("check_backward",
        _network_cases(_backward_case, _BACKWARD_VISIBLE, _BACKWARD_HIDDEN, hidden),
        learner(backward, "backward", ("Y", "Y_hat", "caches", "loss")))
