"""Shared pieces of the lesson checks: answer shapes, random inputs, slipped derivatives.

The wrong answers that the checks recognise are made by nnlib's own functions, fed with a
slightly changed cache (:func:`slipped_cache`) so that its backward pass repeats a learner's
classic slip. There is no second backward pass here: :func:`slipped_backward` is
:func:`nnlib.network.backward` on such caches.
"""

from typing import Any, NamedTuple

import numpy as np

from nnlib.activations import ACTIVATIONS
from nnlib.checks.machinery import Problem, compare
from nnlib.layers import DenseCache
from nnlib.network import backward

# ----- the shapes of the answers --------------------------------------------------------------

class Cache(NamedTuple):
    """The arrays of a dense-layer cache (A_prev, W, b, Z); the activation name is checked apart."""

    A_prev: Any
    W: Any
    b: Any
    Z: Any


class Pair(NamedTuple):
    A: Any
    cache: Any


class Model(NamedTuple):
    Y_hat: Any
    caches: Any


class LayerGrads(NamedTuple):
    dA_prev: Any
    dW: Any
    db: Any


# ----- inputs for the checks ------------------------------------------------------------------

def net_params(W1, b1, W2, b2):
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def random_params(rng, sizes, scale=1.0):
    """Standard-normal weights and biases (times ``scale``): inputs for the checks."""
    params = {}
    for l in range(1, len(sizes)):
        params[f"W{l}"] = rng.standard_normal((sizes[l], sizes[l - 1])) * scale
        params[f"b{l}"] = rng.standard_normal(sizes[l]) * scale
    return params


def binary_labels(rng, m):
    return (rng.random((m, 1)) < 0.5).astype(np.float64)


def one_hot(rng, m, k):
    return np.eye(k)[rng.integers(0, k, size=m)]


# ----- caches as the learner sees them --------------------------------------------------------

def learner_cache(cache):
    """A cache as a learner's ``dense_forward`` returns it: the plain tuple
    ``(A_prev, W, b, Z, activation)``."""
    return tuple(cache[:5])


_CACHE_FIELDS = "(A_prev, W, b, Z, activation)"


def cache_arrays(cache, where):
    """Split a learner's cache into (:class:`Cache` of its arrays, activation name or None).

    Raises Problem when the cache is a tuple of the wrong length (a cache of the lessons before
    nnlib's second version had 4 items, without the activation).
    """
    if not isinstance(cache, (tuple, list)):
        return cache, None
    if len(cache) == 4:
        return Cache(*cache), None
    if len(cache) in (5, 6):
        return Cache(*cache[:4]), cache[4]
    raise Problem(
        f"{where} has {len(cache)} items; expected 5: {_CACHE_FIELDS}.",
        f"Return the cache as the tuple {_CACHE_FIELDS}, in that order.",
    )


def check_activation_names(received, expected, names, wanted, places):
    """When the arrays of a learner's answer are right, its caches must name the right activations.

    ``names`` holds the activation names read from the learner's caches (None: missing),
    ``wanted`` the right ones, ``places`` a description of each cache for the message. When the
    arrays are wrong, nothing is raised: the usual comparison and its hints take over.
    """
    if compare(received, expected) is not None:
        return
    for name, want, place in zip(names, wanted, places, strict=True):
        if name is None:
            raise Problem(
                f"{place} has 4 items (A_prev, W, b, Z); expected 5: {_CACHE_FIELDS}.",
                "Put the activation's name at the end of the cache: dense_backward reads it "
                "from there, so that each layer's backward pass uses its own derivative.",
            )
        if name != want:
            raise Problem(
                f"{place} names the activation {name!r}; expected {want!r}.",
                "The last item of a layer's cache is the name of that layer's activation "
                "(the `activation` argument), so that the backward pass uses its derivative.",
            )


# ----- slips in the backward pass, made by nnlib's own backward -------------------------------

#: The derivative written in terms of A = g(Z); a classic slip is to feed it Z.
A_FORMULA = {"sigmoid": lambda A: A * (1 - A), "tanh": lambda A: 1 - A * A}


def slipped_cache(cache, slip):
    """A copy of ``cache`` whose backward pass (nnlib's dense_backward) makes a classic slip.

    ``slip`` is "at_A" (g' evaluated at A = g(Z): Z replaced by A), "formula_on_Z" (Z put into
    the formula written for A, e.g. Z * (1 - Z): an identity layer whose mask holds that
    factor) or "none" (the derivative left out: an identity layer). Returns None when the slip
    gives the right answer for this activation (ReLU's formula is the same in A and Z).
    """
    A_prev, W, b, Z, activation = cache[:5]
    mask = cache[5] if len(cache) > 5 else None
    if slip == "at_A":
        return DenseCache(A_prev, W, b, ACTIVATIONS[activation][0](Z), activation, mask)
    if slip == "formula_on_Z":
        if activation not in A_FORMULA:
            return None
        factor = A_FORMULA[activation](Z)
        return DenseCache(A_prev, W, b, Z, "identity", factor if mask is None else factor * mask)
    if slip == "none":
        return DenseCache(A_prev, W, b, Z, "identity", mask)
    raise ValueError(f"slipped_cache: unknown slip {slip!r}")


def slipped_backward(Y, Y_hat, caches, loss, slip, output=True):
    """:func:`nnlib.network.backward` with a classic slip in every hidden layer's derivative.

    With ``output=True`` the output layer makes the slip too, as when a learner starts from
    dA = dLoss/dY_hat and calls a slipped ``dense_backward`` for it: an identity layer put on
    top turns the output layer into a hidden one. With ``output=False`` the output layer is
    right (e.g. nnlib's (Y_hat - Y) / m for sigmoid + binary cross-entropy). Layers whose
    activation the slip does not change stay right; returns None when it changes none.
    """
    layers = caches if output else caches[:-1]
    slipped = [slipped_cache(c, slip) for c in layers]
    if all(c is None for c in slipped):
        return None
    slipped = [c if s is None else s for c, s in zip(layers, slipped, strict=True)]
    if not output:
        return backward(Y, Y_hat, [*slipped, caches[-1]], loss)
    k = Y_hat.shape[1]
    top = DenseCache(Y_hat, np.eye(k, dtype=Y_hat.dtype), np.zeros(k, Y_hat.dtype), Y_hat,
                     "identity")
    grads = backward(Y, Y_hat, [*slipped, top], loss)
    L = len(caches)
    return {k: grads[k] for l in range(1, L + 1) for k in (f"dW{l}", f"db{l}")}
