"""Shared pieces of the lesson checks: answer shapes, random inputs, slipped derivatives."""

from typing import Any, NamedTuple

import numpy as np

from nnlib.activations import ACTIVATIONS
from nnlib.layers import linear_backward
from nnlib.losses import LOSSES
from nnlib.network import output_gradient

# ----- the shapes of the answers --------------------------------------------------------------

class Cache(NamedTuple):
    """The lessons' dense-layer cache, a plain 4-tuple."""

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


class NetGrads(NamedTuple):
    dW1: Any
    db1: Any
    dW2: Any
    db2: Any


class LogregGrads(NamedTuple):
    dW: Any
    db: Any


class Step(NamedTuple):
    W_new: Any
    b_new: Any


# ----- helpers that build references and wrong variants with nnlib ---------------------------

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


#: The derivative written in terms of A = g(Z); a classic slip is to feed it Z.
A_FORMULA = {"sigmoid": lambda A: A * (1 - A), "tanh": lambda A: 1 - A * A}


def slipped_dZ(dA, Z, activation, how):
    """dZ from nnlib's backward functions; ``how`` "at_A" / "formula_on_Z" / "none" are slips."""
    g, g_backward = ACTIVATIONS[activation]
    if how == "at_A":
        return g_backward(dA, g(Z))
    if how == "formula_on_Z":
        return dA * A_FORMULA[activation](Z) if activation in A_FORMULA else None
    if how == "none":
        return dA
    return g_backward(dA, Z)


def backprop(Y, Y_hat, caches, loss, how, how_output=None):
    """Backpropagation assembled from nnlib's pieces, with a chosen slip in the derivatives.

    ``how`` applies to the hidden layers, ``how_output`` (default: ``how``) to the output layer;
    "fused" uses nnlib's (Y_hat - Y) / m shortcut there. Returns None when not applicable.
    """
    L = len(caches)
    how_output = how_output or how
    last = caches[-1]
    if how_output == "fused":
        dZ = output_gradient(Y, Y_hat, last, loss)
    else:
        dZ = slipped_dZ(LOSSES[loss][1](Y, Y_hat), last.Z, last.activation, how_output)
    grads = {}
    for l in range(L, 0, -1):
        if dZ is None:
            return None
        dA_prev, grads[f"dW{l}"], grads[f"db{l}"] = linear_backward(dZ, caches[l - 1])
        if l > 1:
            below = caches[l - 2]
            dZ = slipped_dZ(dA_prev, below.Z, below.activation, how)
    return {k: grads[k] for l in range(1, L + 1) for k in (f"dW{l}", f"db{l}")}


