"""Activation functions and their backward passes.

Every forward function maps ``Z`` to ``A`` element-wise (softmax: row-wise). Every backward
function takes the upstream gradient ``dA`` (dLoss/dA) and the cached pre-activation ``Z`` and
returns ``dZ = dLoss/dZ`` with ``Z``'s shape. float32 inputs give float32 outputs.
"""

import numpy as np

from nnlib._cache import arange, ones

__all__ = [
    "sigmoid", "sigmoid_backward", "tanh", "tanh_backward", "relu", "relu_backward",
    "leaky_relu", "leaky_relu_backward", "softmax", "softmax_backward", "identity",
    "identity_backward", "ACTIVATIONS", "get_activation",
]


def _numeric(Z, caller, name="Z"):
    """Cheap type check: keep float arrays, turn integers and booleans into float64 (an unsigned
    integer array would wrap around when negated: -np.uint8(1) is 255), reject the rest."""
    if type(Z) is np.ndarray and Z.dtype.char in "fd":
        return Z  # float32 or float64 already: the case inside every training loop
    Z = np.asarray(Z)
    if Z.dtype.kind not in "biuf":
        raise TypeError(
            f"{caller}: {name} has dtype {Z.dtype} but a numeric array was expected. "
            f"Convert it first, e.g. np.asarray({name}, dtype=float)."
        )
    if Z.dtype.kind != "f" or Z.dtype == np.float16:
        Z = Z.astype(np.float64)
    return Z


def _alpha(alpha, caller):
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float, np.integer, np.floating)):
        raise TypeError(
            f"{caller}: alpha is {alpha!r}; expected a number, the slope for Z < 0 (e.g. 0.01)."
        )
    return alpha


def _same_shape(dA, Z, caller):
    """dA and Z must have one shape: broadcasting would silently build a wrong gradient."""
    if type(dA) is np.ndarray and type(Z) is np.ndarray and dA.shape == Z.shape:
        return
    if np.shape(dA) != np.shape(Z):
        raise ValueError(
            f"{caller}: dA has shape {np.shape(dA)} but Z has shape {np.shape(Z)}; expected dA "
            f"with Z's shape (dA is dLoss/dA for A = f(Z)). Pass the dA of this layer's output."
        )


def sigmoid(Z):
    """Logistic sigmoid, computed without overflow for any ``Z``.

    Parameters
    ----------
    Z : array_like of any shape

    Returns
    -------
    A : ndarray of Z's shape, values in (0, 1) (exactly 0 or 1 only where |Z| > ~37 in float64)

    Notes
    -----
    A = 1 / (1 + exp(-Z)) for Z >= 0 and exp(Z) / (1 + exp(Z)) for Z < 0, so exp never overflows.

    Examples
    --------
    >>> float(sigmoid(7.0))
    0.9990889488055994
    >>> sigmoid(np.array([-1e4, 0.0, 1e4]))
    array([0. , 0.5, 1. ])
    """
    Z = _numeric(Z, "sigmoid")
    e = np.exp(-np.abs(Z))  # in (0, 1]: never overflows
    return np.where(Z >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_backward(dA, Z):
    """Backward pass of :func:`sigmoid`: ``dZ = dA * s * (1 - s)`` with ``s = sigmoid(Z)``.

    Examples
    --------
    >>> float(sigmoid_backward(1.0, 0.0))
    0.25
    """
    _same_shape(dA, Z, "sigmoid_backward")
    s = sigmoid(Z)
    return _numeric(dA, "sigmoid_backward", "dA") * s * (1 - s)


def tanh(Z):
    """Hyperbolic tangent, ``A = (e^Z - e^-Z) / (e^Z + e^-Z)``, values in (-1, 1).

    Examples
    --------
    >>> tanh(np.array([0.0, 1e4]))
    array([0., 1.])
    """
    return np.tanh(_numeric(Z, "tanh"))


def tanh_backward(dA, Z):
    """Backward pass of :func:`tanh`: ``dZ = dA * (1 - tanh(Z)**2)``.

    Examples
    --------
    >>> float(tanh_backward(2.0, 0.0))
    2.0
    """
    _same_shape(dA, Z, "tanh_backward")
    t = np.tanh(_numeric(Z, "tanh_backward"))
    return _numeric(dA, "tanh_backward", "dA") * (1 - t * t)


def relu(Z):
    """Rectified linear unit, ``A = max(Z, 0)``.

    Examples
    --------
    >>> relu(np.array([-2.0, 0.0, 3.0]))
    array([0., 0., 3.])
    """
    return np.maximum(_numeric(Z, "relu"), 0)


def relu_backward(dA, Z):
    """Backward pass of :func:`relu`: ``dZ = dA`` where ``Z > 0``, else 0 (also at Z = 0).

    Computed as ``dA * (Z > 0)``: a multiplication by the 0/1 mask is several times faster than
    choosing with ``np.where``. (An infinite dA where Z <= 0 therefore gives NaN, not 0: the
    training has diverged by then anyway.)

    Examples
    --------
    >>> relu_backward(np.array([5.0, 5.0, 5.0]), np.array([-1.0, 0.0, 2.0]))
    array([0., 0., 5.])
    """
    _same_shape(dA, Z, "relu_backward")
    dZ = _numeric(dA, "relu_backward", "dA") * (_numeric(Z, "relu_backward") > 0)
    dZ += 0  # -0.0 (a negative dA times False) becomes 0.0; every other value is unchanged
    return dZ


def leaky_relu(Z, alpha=0.01):
    """Leaky ReLU, ``A = Z`` where ``Z > 0`` else ``alpha * Z``.

    Examples
    --------
    >>> leaky_relu(np.array([-100.0, 3.0]))
    array([-1.,  3.])
    """
    Z = _numeric(Z, "leaky_relu")
    return np.where(Z > 0, Z, _alpha(alpha, "leaky_relu") * Z)


def leaky_relu_backward(dA, Z, alpha=0.01):
    """Backward pass of :func:`leaky_relu`: ``dZ = dA`` where ``Z > 0`` else ``alpha * dA``.

    Examples
    --------
    >>> leaky_relu_backward(np.array([1.0, 1.0]), np.array([-3.0, 3.0]))
    array([0.01, 1.  ])
    """
    _same_shape(dA, Z, "leaky_relu_backward")
    dA = _numeric(dA, "leaky_relu_backward", "dA")
    alpha = _alpha(alpha, "leaky_relu_backward")
    return np.where(_numeric(Z, "leaky_relu_backward") > 0, dA, alpha * dA)


def softmax(Z):
    """Row-wise softmax: each row of the result is a probability distribution.

    Parameters
    ----------
    Z : array_like of shape (m, k) (or (k,) for one example)

    Returns
    -------
    A : ndarray of Z's shape, rows sum to 1

    Notes
    -----
    A = exp(Z - max(Z)) / sum(exp(Z - max(Z))) per row: subtracting the row maximum changes
    nothing mathematically and keeps exp from overflowing.

    Examples
    --------
    >>> softmax(np.array([[1.0, 1.0], [1e4, 0.0]]))
    array([[0.5, 0.5],
           [1. , 0. ]])
    """
    Z = _numeric(Z, "softmax")
    if Z.ndim == 0 or Z.shape[-1] == 0:
        raise ValueError(
            f"softmax: Z has shape {Z.shape}; expected at least one score per row, (m, k) with "
            f"k >= 1 (one column per class)."
        )
    if Z.ndim == 2 and Z.dtype.kind == "f" and Z.shape[0] and Z.shape[1]:
        # NumPy reduces short rows slowly: read each row's maximum at its argmax and get the
        # row sums from one matrix-vector product (same values up to the last bit).
        E = Z - Z[arange(Z.shape[0]), Z.argmax(axis=1)][:, None]
        np.exp(E, out=E)
        E /= (E @ ones(Z.shape[1], Z.dtype))[:, None]
        return E
    E = np.exp(Z - Z.max(axis=-1, keepdims=True))
    return E / E.sum(axis=-1, keepdims=True)


def softmax_backward(dA, Z):
    """Backward pass of :func:`softmax` (the full Jacobian, applied row by row).

    Notes
    -----
    dZ = S * (dA - sum(dA * S, axis=-1)) with S = softmax(Z). Paired with cross-entropy this
    simplifies to (S - Y) / m; nnlib.network uses that shortcut.

    Examples
    --------
    >>> softmax_backward(np.array([[1.0, 1.0]]), np.array([[0.3, -2.0]]))
    array([[0., 0.]])
    """
    _same_shape(dA, Z, "softmax_backward")
    S = softmax(Z)
    dA = _numeric(dA, "softmax_backward", "dA")
    return S * (dA - (dA * S).sum(axis=-1, keepdims=True))


def identity(Z):
    """Identity (linear output layer): ``A = Z``.

    Examples
    --------
    >>> identity(np.array([-1.5, 2.0]))
    array([-1.5,  2. ])
    """
    return np.array(_numeric(Z, "identity"))  # a copy, like every other activation


def identity_backward(dA, Z):
    """Backward pass of :func:`identity`: ``dZ = dA``.

    Examples
    --------
    >>> identity_backward(np.array([3.0]), np.array([-1.0]))
    array([3.])
    """
    _same_shape(dA, Z, "identity_backward")
    _numeric(Z, "identity_backward")
    return np.array(_numeric(dA, "identity_backward", "dA"))


#: name -> (forward, backward)
ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_backward),
    "tanh": (tanh, tanh_backward),
    "relu": (relu, relu_backward),
    "leaky_relu": (leaky_relu, leaky_relu_backward),
    "softmax": (softmax, softmax_backward),
    "identity": (identity, identity_backward),
}


def get_activation(name):
    """Return ``(forward, backward)`` for an activation name.

    Raises
    ------
    ValueError
        For an unknown name; the message lists the valid names.

    Examples
    --------
    >>> forward, backward = get_activation("relu")
    >>> forward(np.array([-1.0, 2.0]))
    array([0., 2.])
    """
    if not isinstance(name, str) or name not in ACTIVATIONS:
        valid = ", ".join(repr(n) for n in ACTIVATIONS)
        raise ValueError(f"get_activation: unknown activation {name!r}; choose one of {valid}.")
    return ACTIVATIONS[name]
