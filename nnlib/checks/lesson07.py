"""Checks for lesson 7's exercises."""

import numpy as np

from nnlib.checks.common import (
    Cache,
    LayerGrads,
    Model,
    Pair,
    backprop,
    binary_labels,
    random_params,
    slipped_dZ,
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
    summary,
)
from nnlib.layers import dense_backward, dense_forward, linear_backward
from nnlib.network import backward, forward, init_params

__all__ = [
    "check_init_layer_params", "check_dense_forward", "check_dense_backward",
    "check_model_forward", "check_model_backward",
]

SEED, HIDDEN_SEED = 0, 1



def _weights(got):
    return [np.asarray(got[k]) for k in got if str(k).startswith("W")]


def _seeded(kind, seed):
    return np.random.RandomState(seed) if kind == "RandomState" else np.random.default_rng(seed)


def _init_case(layer_sizes, kind, seed):
    expected = init_params(layer_sizes, init="normal", rng=_seeded(kind, seed))
    mistakes = (
        ("zero_init", lambda got: any(np.all(W == 0) for W in _weights(got))),
        ("identical_init",
         lambda got: any(W.size > 1 and W.flat[0] != 0 and np.all(W == W.flat[0])
                         for W in _weights(got))),
        ("init_scale", {k: v if k.startswith("b") else v * 100 for k, v in expected.items()}),
        ("init_rng", lambda got: all(0.002 < W.std() < 0.05 for W in _weights(got))
         and compare({k: got[k] for k in expected if k[0] == "W"},
                      {k: v for k, v in expected.items() if k[0] == "W"}) is not None),
    )
    label = f"layer_sizes = {layer_sizes}, rng = {kind}({seed})"
    return Case(label, (list(layer_sizes), _seeded(kind, seed)), expected, mistakes)


def check_init_layer_params(init_layer_params, hidden=False):
    """Check a learner's ``init_layer_params(layer_sizes, rng)``.

    Expected: a dict W1, b1, ..., WL, bL with Wl = rng.standard_normal((n_l, n_{l-1})) * 0.01
    drawn in layer order and bl = zeros of shape (n_l,).

    Parameters
    ----------
    init_layer_params : callable
    hidden : bool
        Also run the graders' cases (a numpy.random.RandomState, one layer, deeper networks).

    Raises
    ------
    AssertionError
        With hints for zero or identical weights in a layer, weights 100 times too large,
        draws not taken from ``rng``, biases of shape (n_l, 1), missing keys.

    Examples
    --------
    >>> def init_layer_params(layer_sizes, rng):
    ...     params = {}
    ...     for l in range(1, len(layer_sizes)):
    ...         params[f"W{l}"] = rng.standard_normal((layer_sizes[l], layer_sizes[l - 1])) * 0.01
    ...         params[f"b{l}"] = np.zeros(layer_sizes[l])
    ...     return params
    >>> check_init_layer_params(init_layer_params)
    check_init_layer_params: all 3 cases passed.
    """
    visible = [
        _init_case([3, 4, 1], "default_rng", 0),
        _init_case([5, 3, 2, 1], "default_rng", 1),
        _init_case([2, 2, 1], "default_rng", 2),
    ]
    hidden_cases = [
        _init_case([4, 1], "RandomState", 3),
        _init_case([10, 7, 3, 1], "default_rng", 7),
        _init_case([12288, 20, 7, 5, 1], "RandomState", 1),
    ]
    run("check_init_layer_params", cases(visible, hidden_cases, hidden),
         learner(init_layer_params, "init_layer_params", ("layer_sizes", "rng")))


def _dense_forward_case(label, A_prev, W, b, activation):
    A, cache = dense_forward(A_prev, W, b, activation)
    expected = Pair(A, Cache(A_prev, W, b, cache.Z))
    others = [dense_forward(A_prev, W, b, name)[0] for name in ("sigmoid", "tanh", "relu")
              if name != activation]
    mistakes = (
        ("no_activation", Pair(cache.Z, expected.cache)),
        ("cache_holds_A", Pair(A, Cache(A_prev, W, b, A))),
        ("ignored_activation",
         lambda got: any(compare(got[0], other) is None for other in others)),
    )
    return Case(label, (A_prev, W, b, activation), expected, mistakes)


def _random_dense_case(rng, m, n_in, n_out, activation):
    label = f"random m = {m}, {n_in} -> {n_out} units, {activation}"
    return _dense_forward_case(label, rng.standard_normal((m, n_in)),
                               rng.standard_normal((n_out, n_in)), rng.standard_normal(n_out),
                               activation)


def check_dense_forward(dense_forward, hidden=False):
    """Check a learner's ``dense_forward(A_prev, W, b, activation) -> (A, cache)``.

    A = g(A_prev @ W.T + b) of shape (m, n_out) with g named by ``activation`` ("sigmoid",
    "tanh", "relu"); cache = (A_prev, W, b, Z).

    Parameters
    ----------
    dense_forward : callable
    hidden : bool
        Also run the graders' cases (m = 1, non-square layers, other seed).

    Raises
    ------
    AssertionError
        With hints for a missing activation, the activation argument ignored, A instead of Z in
        the cache, X @ W instead of X @ W.T, wrong shapes.

    Examples
    --------
    >>> from nnlib.layers import dense_forward as reference
    >>> def dense_forward(A_prev, W, b, activation):
    ...     A, cache = reference(A_prev, W, b, activation)
    ...     return A, (A_prev, W, b, cache.Z)
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
         learner(dense_forward, "dense_forward", ("A_prev", "W", "b", "activation")))


def _dense_backward_case(label, dA, A_prev, W, b, activation):
    cache = dense_forward(A_prev, W, b, activation)[1]
    expected = LayerGrads(*dense_backward(dA, cache))
    m = A_prev.shape[0]
    mistakes = [("no_one_over_m_here", scaled(expected, 1 / m))]
    for how, hint in (("at_A", "derivative_at_A"), ("formula_on_Z", "formula_on_Z"),
                      ("none", "no_derivative")):
        dZ = slipped_dZ(dA, cache.Z, activation, how)
        if dZ is not None:
            mistakes.append((hint, LayerGrads(*linear_backward(dZ, cache))))
    learner_cache = (A_prev, W, b, cache.Z)
    return Case(label, (dA, learner_cache, activation), expected, tuple(mistakes))


def _random_dense_backward_case(rng, m, n_in, n_out, activation):
    label = f"random m = {m}, {n_in} -> {n_out} units, {activation}"
    return _dense_backward_case(label, rng.standard_normal((m, n_out)),
                                rng.standard_normal((m, n_in)), rng.standard_normal((n_out, n_in)),
                                rng.standard_normal(n_out), activation)


def check_dense_backward(dense_backward, hidden=False):
    """Check a learner's ``dense_backward(dA, cache, activation) -> (dA_prev, dW, db)``.

    cache = (A_prev, W, b, Z) from dense_forward; dZ = dA * g'(Z), dW = dZ.T @ A_prev,
    db = dZ summed over the examples, dA_prev = dZ @ W. No 1/m here (it is already in dA).

    Parameters
    ----------
    dense_backward : callable
    hidden : bool
        Also run the graders' cases (m = 1, non-square layers, other seed).

    Raises
    ------
    AssertionError
        With hints for a division by m, the derivative evaluated at A instead of Z (or Z put
        into the formula for A), a missing derivative, wrong or transposed shapes.

    Examples
    --------
    >>> from nnlib.layers import DenseCache
    >>> from nnlib.layers import dense_backward as reference
    >>> def dense_backward(dA, cache, activation):
    ...     return reference(dA, DenseCache(*cache, activation))
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
         learner(dense_backward, "dense_backward", ("dA", "cache", "activation")))


def _model_case(rng, m, sizes, activations):
    params = random_params(rng, sizes)
    X = rng.standard_normal((m, sizes[0]))
    Y = binary_labels(rng, m)
    label = f"random m = {m}, sizes {sizes}, activations {activations}"
    return label, X, Y, params, list(activations)


def _model_forward_case(label, X, Y, params, activations):
    Y_hat, caches = forward(X, params, activations)
    expected = Model(Y_hat, [Cache(*c[:4]) for c in caches])
    mistakes = [
        ("no_output_activation_model", lambda got: compare(
            got[0], forward(X, params, [*activations[:-1], "identity"])[0]) is None),
    ]
    for name in set(activations):
        if len(set(activations)) > 1:
            mistakes.append(("same_activation", lambda got, name=name: compare(
                got[0], forward(X, params, name)[0]) is None))
    return Case(label, (X, params, activations), expected, tuple(mistakes))


_MODEL_VISIBLE = (
    (5, [3, 4, 1], ["relu", "sigmoid"]),
    (4, [2, 3, 3, 1], ["tanh", "relu", "sigmoid"]),
    (6, [2, 2, 1], ["sigmoid", "sigmoid"]),
)
_MODEL_HIDDEN = (
    (1, [4, 3, 1], ["relu", "sigmoid"]),
    (5, [4, 1], ["sigmoid"]),
    (7, [5, 4, 3, 1], ["sigmoid", "tanh", "sigmoid"]),
)


def _model_cases(make, hidden):
    rng = np.random.default_rng(SEED)
    visible = [make(*_model_case(rng, *spec)) for spec in _MODEL_VISIBLE]
    rng = np.random.default_rng(HIDDEN_SEED)
    hidden_cases = [make(*_model_case(rng, *spec)) for spec in _MODEL_HIDDEN]
    return cases(visible, hidden_cases, hidden)


def check_model_forward(model_forward, hidden=False):
    """Check a learner's ``model_forward(X, params, activations) -> (Y_hat, caches)``.

    ``params`` holds W1, b1, ..., WL, bL; ``activations`` is a list of L names; ``caches`` is a
    list of the L layer caches (A_prev, W, b, Z).

    Parameters
    ----------
    model_forward : callable
    hidden : bool
        Also run the graders' cases (m = 1, a single layer, a deeper network).

    Raises
    ------
    AssertionError
        With hints for one activation used for every layer, a missing output activation, wrong
        caches or shapes.

    Examples
    --------
    >>> from nnlib.network import forward
    >>> def model_forward(X, params, activations):
    ...     Y_hat, caches = forward(X, params, activations)
    ...     return Y_hat, [tuple(c[:4]) for c in caches]
    >>> check_model_forward(model_forward)
    check_model_forward: all 3 cases passed.
    """
    run("check_model_forward", _model_cases(_model_forward_case, hidden),
         learner(model_forward, "model_forward", ("X", "params", "activations")))


def _model_backward_case(label, X, Y, params, activations):
    Y_hat, caches = forward(X, params, activations)
    grads = backward(Y, Y_hat, caches, "binary_cross_entropy")
    m = X.shape[0]
    mistakes = [
        ("one_over_m", scaled(grads, m)),
        ("one_over_m_twice", scaled(grads, 1 / m)),
        ("sign_gradient", scaled(grads, -1)),
    ]
    for how, hint in (("at_A", "derivative_at_A"), ("formula_on_Z", "formula_on_Z")):
        for how_output in ("fused", how):
            wrong = backprop(Y, Y_hat, caches, "binary_cross_entropy", how, how_output)
            if wrong is not None:
                mistakes.append((hint, wrong))
    return Case(label, (X, Y, params, activations), grads, tuple(mistakes))


def check_model_backward(model_forward, model_backward, hidden=False):
    """Check a learner's ``model_backward(Y, Y_hat, caches, activations) -> grads``.

    The loss is the binary cross-entropy averaged over m with a sigmoid output layer; ``grads``
    holds dW1, db1, ..., with the parameters' shapes. The learner's ``model_forward`` makes
    Y_hat and the caches (it must pass :func:`check_model_forward`).

    Parameters
    ----------
    model_forward, model_backward : callable
    hidden : bool
        Also run the graders' cases (m = 1, a single layer, a deeper network).

    Raises
    ------
    AssertionError
        With hints for a missing 1/m, 1/m applied twice, a sign error, activation derivatives
        evaluated at A instead of Z, missing keys, arguments changed in place.

    Examples
    --------
    >>> from nnlib.layers import DenseCache
    >>> from nnlib.network import backward, forward
    >>> def model_forward(X, params, activations):
    ...     Y_hat, caches = forward(X, params, activations)
    ...     return Y_hat, [tuple(c[:4]) for c in caches]
    >>> def model_backward(Y, Y_hat, caches, activations):
    ...     caches = [DenseCache(*c, a) for c, a in zip(caches, activations)]
    ...     return backward(Y, Y_hat, caches, "binary_cross_entropy")
    >>> check_model_backward(model_forward, model_backward)
    check_model_backward: all 3 cases passed.
    """
    def call(case):
        X, Y, params, activations = case.args
        out = call_learner(model_forward, (X, params, activations), "model_forward",
                    ("X", "params", "activations"))
        if not isinstance(out, (tuple, list)) or len(out) != 2:
            raise Problem(f"model_forward returned {summary(out)}.", HINTS["forward_first"])
        Y_hat, caches = out
        reference = forward(X, params, activations)[0]
        if compare(Y_hat, reference) is not None:
            raise Problem("model_forward gives a wrong Y_hat.", HINTS["forward_first"])
        return call_learner(model_backward, (Y, Y_hat, caches, activations), "model_backward",
                     ("Y", "Y_hat", "caches", "activations"))

    run("check_model_backward", _model_cases(_model_backward_case, hidden), call)
