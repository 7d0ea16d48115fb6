"""A dense (fully connected) layer: forward and backward passes exchanging a named cache.

Shapes (one row per example): ``A_prev`` (m, n_in), ``W`` (n_out, n_in), ``b`` (n_out,),
``Z`` and ``A`` (m, n_out). Forward computes ``Z = A_prev @ W.T + b`` and ``A = g(Z)``.
"""

from typing import NamedTuple

import numpy as np

from nnlib._validation import as_float_array, check_choice
from nnlib.activations import ACTIVATIONS

__all__ = ["DenseCache", "dense_forward", "dense_backward", "linear_backward"]


class DenseCache(NamedTuple):
    """What the backward pass needs from the forward pass of one dense layer."""

    A_prev: np.ndarray  #: (m, n_in) the layer's input
    W: np.ndarray  #: (n_out, n_in)
    b: np.ndarray  #: (n_out,)
    Z: np.ndarray  #: (m, n_out) pre-activation
    activation: str  #: name of g, a key of nnlib.activations.ACTIVATIONS


def _check_layer(A_prev, W, b, func):
    A_prev = as_float_array(A_prev, "A_prev", func, ndim=None)
    W = as_float_array(W, "W", func, ndim=2)
    b = as_float_array(b, "b", func)
    n_out, n_in = W.shape
    if b.shape != (n_out,):
        hint = " Store b as a 1-D array: b.ravel()." if b.size == n_out else ""
        raise ValueError(
            f"{func}: b has shape {b.shape} but W has {n_out} rows; expected b of shape "
            f"({n_out},).{hint}"
        )
    if A_prev.ndim != 2 or A_prev.shape[1] != n_in:
        hint = ""
        if A_prev.ndim == 2 and A_prev.shape[0] == n_in:
            hint = " If your examples are columns, pass A_prev.T."
        elif A_prev.ndim == 1 and A_prev.shape[0] == n_in:
            hint = " For a single example pass A_prev.reshape(1, -1)."
        raise ValueError(
            f"{func}: A_prev has shape {A_prev.shape} but W expects {n_in} input features per "
            f"row; expected (m, {n_in}).{hint}"
        )
    return A_prev, W, b


def _dense_forward(A_prev, W, b, activation):
    Z = A_prev @ W.T
    Z += b
    return ACTIVATIONS[activation][0](Z), DenseCache(A_prev, W, b, Z, activation)


def dense_forward(A_prev, W, b, activation="relu"):
    """Forward pass of a dense layer.

    Parameters
    ----------
    A_prev : ndarray of shape (m, n_in)
    W : ndarray of shape (n_out, n_in)
    b : ndarray of shape (n_out,)
    activation : str
        A name from nnlib.activations.ACTIVATIONS.

    Returns
    -------
    A : ndarray of shape (m, n_out)
    cache : DenseCache
        ``(A_prev, W, b, Z, activation)`` for :func:`dense_backward`.

    Raises
    ------
    ValueError
        Shapes that do not fit (examples given as columns included), NaN/inf, unknown activation.
    TypeError
        Non-numeric arrays.

    Notes
    -----
    Z = A_prev @ W.T + b, A = g(Z).

    Examples
    --------
    >>> A, cache = dense_forward(np.array([[2.0, 3.0]]), np.array([[0.0, 1.0]]), np.array([4.0]),
    ...                          "sigmoid")
    >>> float(A[0, 0]), float(cache.Z[0, 0])
    (0.9990889488055994, 7.0)
    """
    check_choice(activation, ACTIVATIONS, "activation", "dense_forward")
    A_prev, W, b = _check_layer(A_prev, W, b, "dense_forward")
    return _dense_forward(A_prev, W, b, activation)


def linear_backward(dZ, cache, need_dA_prev=True):
    """Backward pass through ``Z = A_prev @ W.T + b`` given ``dZ``.

    Returns ``(dA_prev, dW, db)``; ``dA_prev`` is None when ``need_dA_prev`` is False (the first
    layer: nobody needs the gradient with respect to the data, and skipping it saves the
    largest matrix product of the layer).

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
    dW = dZ.T @ cache.A_prev
    db = np.ones(dZ.shape[0], dtype=dZ.dtype) @ dZ  # the column sums, as one BLAS call
    dA_prev = dZ @ cache.W if need_dA_prev else None
    return dA_prev, dW, db


def dense_backward(dA, cache, need_dA_prev=True):
    """Backward pass of a dense layer.

    Parameters
    ----------
    dA : ndarray of shape (m, n_out)
        dLoss/dA for this layer's output.
    cache : DenseCache
        From :func:`dense_forward`.
    need_dA_prev : bool
        False skips dA_prev (returned as None), e.g. for the first layer.

    Returns
    -------
    dA_prev : ndarray of shape (m, n_in) or None
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
    >>> dW
    array([[0.5, 1. ]])
    """
    if not isinstance(cache, DenseCache):
        raise TypeError(
            f"dense_backward: cache is {type(cache).__name__}; expected the DenseCache returned "
            f"by dense_forward."
        )
    dA = as_float_array(dA, "dA", "dense_backward")
    if dA.shape != cache.Z.shape:
        raise ValueError(
            f"dense_backward: dA has shape {dA.shape} but the layer's output Z has shape "
            f"{cache.Z.shape}; expected dA with Z's shape (m, n_out)."
        )
    dZ = ACTIVATIONS[cache.activation][1](dA, cache.Z)
    return linear_backward(dZ, cache, need_dA_prev)
