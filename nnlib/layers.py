"""A dense (fully connected) layer and inverted dropout: forward and backward passes.

Shapes (one row per example): ``A_prev`` (m, n_in), ``W`` (n_out, n_in), ``b`` (n_out,),
``Z`` and ``A`` (m, n_out). Forward computes ``Z = A_prev @ W.T + b`` and ``A = g(Z)``.

The functions follow one pattern: ``*_forward(inputs...) -> (output, cache)`` and
``*_backward(d_output, cache) -> gradients``. A cache is a plain tuple; :class:`DenseCache` only
names its fields, so a tuple ``(A_prev, W, b, Z, activation)`` built by hand works the same.
"""

from typing import NamedTuple

import numpy as np

from nnlib._cache import ones
from nnlib._validation import as_float_array, check_choice, check_probability
from nnlib.activations import ACTIVATIONS
from nnlib.initializers import as_rng

__all__ = [
    "DenseCache", "dense_forward", "dense_backward", "linear_backward", "dropout_forward",
    "dropout_backward",
]


class DenseCache(NamedTuple):
    """What the backward pass needs from the forward pass of one dense layer."""

    A_prev: np.ndarray  #: (m, n_in) the layer's input
    W: np.ndarray  #: (n_out, n_in)
    b: np.ndarray  #: (n_out,)
    Z: np.ndarray  #: (m, n_out) pre-activation
    activation: str  #: name of g, a key of nnlib.activations.ACTIVATIONS
    #: (m, n_out) inverted-dropout mask applied to A (0 or 1/keep_prob), or None
    mask: np.ndarray | None = None


def _fits(A_prev, W, b):
    """True for float arrays of fitting shapes: the case a training loop passes every time, which
    then needs none of :func:`_check_layer`'s conversions. (NaN is allowed there too.)"""
    return (
        type(A_prev) is np.ndarray and type(W) is np.ndarray and type(b) is np.ndarray
        and A_prev.dtype.char in "fd" and W.dtype.char in "fd" and b.dtype.char in "fd"
        and A_prev.ndim == 2 and W.ndim == 2 and A_prev.shape[1] == W.shape[1]
        and b.shape == W.shape[:1]
    )


def _check_layer(A_prev, W, b):
    if _fits(A_prev, W, b):
        return A_prev, W, b
    A_prev = as_float_array(A_prev, "A_prev", "dense_forward", allow_nan=True)
    W = as_float_array(W, "W", "dense_forward", ndim=2, allow_nan=True)
    b = as_float_array(b, "b", "dense_forward", allow_nan=True)
    n_out, n_in = W.shape
    if b.shape != (n_out,):
        hint = " Store b as a 1-D array: b.ravel()." if b.size == n_out else ""
        raise ValueError(
            f"dense_forward: b has shape {b.shape} but W has {n_out} rows; expected b of shape "
            f"({n_out},).{hint}"
        )
    if A_prev.ndim != 2 or A_prev.shape[1] != n_in:
        hint = ""
        if A_prev.ndim == 2 and A_prev.shape[0] == n_in:
            hint = " If your examples are columns, pass A_prev.T."
        elif A_prev.ndim == 1 and A_prev.shape[0] == n_in:
            hint = " For a single example pass A_prev.reshape(1, -1)."
        raise ValueError(
            f"dense_forward: A_prev has shape {A_prev.shape} but W expects {n_in} input "
            f"features per row; expected (m, {n_in}).{hint}"
        )
    return A_prev, W, b


def dense_forward(A_prev, W, b, activation):
    """Forward pass of a dense layer.

    Parameters
    ----------
    A_prev : ndarray of shape (m, n_in)
    W : ndarray of shape (n_out, n_in)
    b : ndarray of shape (n_out,)
    activation : str
        A name from nnlib.activations.ACTIVATIONS ("sigmoid", "tanh", "relu", ...).

    Returns
    -------
    A : ndarray of shape (m, n_out)
    cache : DenseCache
        ``(A_prev, W, b, Z, activation)`` for :func:`dense_backward`.

    Raises
    ------
    ValueError
        Shapes that do not fit (examples given as columns included), unknown activation.
    TypeError
        Non-numeric arrays.

    Notes
    -----
    Z = A_prev @ W.T + b, A = g(Z). Integer inputs are computed in float64.

    Examples
    --------
    >>> A, cache = dense_forward(np.array([[2.0, 3.0]]), np.array([[0.0, 1.0]]), np.array([4.0]),
    ...                          "sigmoid")
    >>> float(A[0, 0]), float(cache.Z[0, 0])
    (0.9990889488055994, 7.0)
    """
    check_choice(activation, ACTIVATIONS, "activation", "dense_forward")
    A_prev, W, b = _check_layer(A_prev, W, b)
    Z = A_prev @ W.T
    Z += b  # in place: Z is a new array that nobody else holds
    return ACTIVATIONS[activation][0](Z), DenseCache(A_prev, W, b, Z, activation)


def linear_backward(dZ, cache, need_dA_prev=True):
    """Backward pass through ``Z = A_prev @ W.T + b`` given ``dZ = dLoss/dZ``.

    Parameters
    ----------
    dZ : ndarray of shape (m, n_out)
    cache : DenseCache (or a tuple whose first two items are A_prev and W)
    need_dA_prev : bool
        False skips dA_prev (returned as None). The first layer's dA_prev would be the gradient
        with respect to the data, which nobody needs; skipping it saves one of the layer's three
        large matrix products.

    Returns
    -------
    dA_prev : ndarray of shape (m, n_in) or None
    dW : ndarray of shape (n_out, n_in)
    db : ndarray of shape (n_out,)

    Notes
    -----
    dW = dZ.T @ A_prev, db = dZ summed over examples, dA_prev = dZ @ W. No 1/m here: it is
    already in dZ, from the loss gradient.

    Examples
    --------
    >>> A_prev, W = np.array([[1.0, 2.0]]), np.array([[3.0, 4.0]])
    >>> cache = DenseCache(A_prev, W, np.zeros(1), None, "identity")
    >>> dA_prev, dW, db = linear_backward(np.array([[0.5]]), cache)
    >>> dA_prev, dW, db
    (array([[1.5, 2. ]]), array([[0.5, 1. ]]), array([0.5]))
    """
    A_prev, W = cache[0], cache[1]
    dW = dZ.T @ A_prev
    db = ones(dZ.shape[0], dZ.dtype) @ dZ  # the column sums, as one BLAS call
    dA_prev = dZ @ W if need_dA_prev else None
    return dA_prev, dW, db


def dense_backward(dA, cache, *, need_dA_prev=True):
    """Backward pass of a dense layer.

    Parameters
    ----------
    dA : ndarray of shape (m, n_out)
        dLoss/dA for this layer's output A.
    cache : DenseCache or tuple ``(A_prev, W, b, Z, activation)``
        From :func:`dense_forward`. When the cache holds a dropout mask (see
        :func:`nnlib.network.forward`), dA is first multiplied by it.
    need_dA_prev : bool, keyword only
        False skips dA_prev (returned as None): :func:`nnlib.network.backward` does so for the
        first layer, whose dA_prev would be the gradient for the data. In the lesson-8 network
        that one product is 30% of the backward pass.

    Returns
    -------
    dA_prev : ndarray of shape (m, n_in), or None
    dW : ndarray of shape (n_out, n_in)
    db : ndarray of shape (n_out,)

    Notes
    -----
    dZ = dA * g'(Z), then dW = dZ.T @ A_prev, db = sum of dZ over examples, dA_prev = dZ @ W.

    Examples
    --------
    >>> A_prev, W = np.array([[1.0, 2.0]]), np.array([[3.0, 4.0]])
    >>> A, cache = dense_forward(A_prev, W, np.zeros(1), "relu")
    >>> dA_prev, dW, db = dense_backward(np.array([[0.5]]), cache)
    >>> dA_prev, dW, db
    (array([[1.5, 2. ]]), array([[0.5, 1. ]]), array([0.5]))
    """
    if not isinstance(cache, tuple) or len(cache) not in (5, 6):
        raise TypeError(
            f"dense_backward: cache is {type(cache).__name__}"
            f"{f' of length {len(cache)}' if isinstance(cache, tuple) else ''}; expected the "
            f"cache returned by dense_forward, (A_prev, W, b, Z, activation)."
        )
    Z, activation = cache[3], cache[4]
    dA = as_float_array(dA, "dA", "dense_backward", allow_nan=True)  # float arrays: at once
    if dA.shape != np.shape(Z):
        raise ValueError(
            f"dense_backward: dA has shape {dA.shape} but the layer's output Z has shape "
            f"{np.shape(Z)}; expected dA with Z's shape (m, n_out)."
        )
    check_choice(activation, ACTIVATIONS, "activation", "dense_backward")
    if len(cache) == 6 and cache[5] is not None:
        dA = dA * cache[5]  # the dropout mask
    dZ = ACTIVATIONS[activation][1](dA, Z)
    return linear_backward(dZ, cache, need_dA_prev)


def dropout_forward(A, keep_prob, rng=None):
    """Inverted dropout: keep each unit with probability ``keep_prob`` and scale it by 1/keep_prob.

    Parameters
    ----------
    A : ndarray of shape (m, n)
        A layer's activations.
    keep_prob : float in (0, 1]
        1 keeps everything (and returns A unchanged).
    rng : None, int, Generator or RandomState

    Returns
    -------
    A_dropped : ndarray of A's shape
    mask : ndarray of A's shape, or None when keep_prob is 1
        0 for a dropped unit, 1/keep_prob for a kept one: A_dropped = A * mask.

    Notes
    -----
    Dividing by keep_prob keeps the expected value of every unit: E[A * mask] = A. So nothing
    has to change at prediction time, when no unit is dropped.

    Examples
    --------
    >>> A_dropped, mask = dropout_forward(np.ones((2, 4)), 0.5, rng=0)
    >>> mask
    array([[0., 2., 2., 2.],
           [0., 0., 0., 0.]])
    >>> A_dropped, mask = dropout_forward(np.ones((1000, 100)), 0.8, rng=0)
    >>> round(float((mask > 0).mean()), 2), round(float(A_dropped.mean()), 2)
    (0.8, 1.0)
    """
    keep_prob = check_probability(keep_prob, "keep_prob", "dropout_forward")
    A = as_float_array(A, "A", "dropout_forward", allow_nan=True)
    if keep_prob == 1:
        return A, None
    mask = as_rng(rng).random(A.shape) < keep_prob
    mask = mask.astype(A.dtype)
    mask *= 1 / keep_prob
    return A * mask, mask


def dropout_backward(dA, mask):
    """Backward pass of :func:`dropout_forward`: ``dA * mask`` (dA unchanged when mask is None).

    Examples
    --------
    >>> dropout_backward(np.array([[1.0, 1.0]]), np.array([[0.0, 2.0]]))
    array([[0., 2.]])
    """
    dA = as_float_array(dA, "dA", "dropout_backward", allow_nan=True)
    if mask is None:
        return dA
    if np.shape(mask) != dA.shape:
        raise ValueError(
            f"dropout_backward: mask has shape {np.shape(mask)} but dA has shape {dA.shape}; "
            f"expected the mask returned by dropout_forward for this layer."
        )
    return dA * mask
