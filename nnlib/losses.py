"""Losses and their gradients with respect to the prediction ``Y_hat``.

Every loss is called ``loss(Y, Y_hat)`` (truth first, like scikit-learn) and returns a Python
float; every gradient ``loss_gradient(Y, Y_hat)`` returns dLoss/dY_hat with Y_hat's shape. The
1/m of the batch mean is applied here, and only here.

Shapes: ``Y_hat`` is (m, k) or (m,). ``Y`` has Y_hat's shape; a label vector (m,) is also
accepted for a single-output Y_hat of shape (m, 1), and integer class labels (m,) are accepted by
:func:`cross_entropy` for a (m, k) Y_hat.
"""

import numpy as np

from nnlib._validation import as_array, as_float_array

__all__ = [
    "mse", "mse_gradient", "sse", "sse_gradient", "binary_cross_entropy",
    "binary_cross_entropy_gradient", "cross_entropy", "cross_entropy_gradient",
    "LOSSES", "get_loss", "prepare_targets", "targets_for_output",
]


def _clip_margin(dtype):
    """How far log-losses keep P from 0 and 1: the dtype's machine epsilon."""
    return np.finfo(dtype).eps


# ----- raw computations: no checks, used inside training loops ---------------------------------

def _mse(Y, Y_hat):
    D = Y_hat - Y
    return float(np.mean(D * D))


def _mse_gradient(Y, Y_hat):
    return (Y_hat - Y) * (2 / Y_hat.size)


def _sse(Y, Y_hat):
    D = Y_hat - Y
    return float(np.sum(D * D))


def _sse_gradient(Y, Y_hat):
    return 2 * (Y_hat - Y)


def _bce(Y, Y_hat):
    margin = _clip_margin(Y_hat.dtype)
    P = np.clip(Y_hat, margin, 1 - margin)
    return float(-np.sum(Y * np.log(P) + (1 - Y) * np.log1p(-P)) / Y_hat.shape[0])


def _bce_gradient(Y, Y_hat):
    margin = _clip_margin(Y_hat.dtype)
    P = np.clip(Y_hat, margin, 1 - margin)
    return (P - Y) / (P * (1 - P)) / Y_hat.shape[0]


def _ce(Y, Y_hat):
    # np.clip(Y_hat, margin, 1), then log and the product, all in the one new array P
    P = np.maximum(Y_hat, _clip_margin(Y_hat.dtype))
    np.minimum(P, 1, out=P)
    np.log(P, out=P)
    P *= Y
    return float(-P.sum() / Y_hat.shape[0])


def _ce_gradient(Y, Y_hat):
    P = np.clip(Y_hat, _clip_margin(Y_hat.dtype), 1)
    return -Y / P / Y_hat.shape[0]


# ----- checks at the public entry points -------------------------------------------------------

def _check_rows_sum_to_one(P, name, caller, fix):
    """Cross-entropy compares two distributions per row: every row of P must sum to 1."""
    sums = P.sum(axis=1)
    bad = np.flatnonzero(np.abs(sums - 1) > 1e-3)
    if bad.size:
        raise ValueError(
            f"{caller}: row {bad[0]} of {name} sums to {sums[bad[0]]:.4g}; cross_entropy "
            f"expects every row of {name} to be a probability distribution (summing to 1). {fix}"
        )


def _check_predictions(Y_hat, loss, caller):
    """Y_hat alone: (m,) or (m, k) with m >= 1; probabilities for the log-losses."""
    if Y_hat.ndim == 0 or Y_hat.ndim > 2:
        raise ValueError(
            f"{caller}: Y_hat has shape {Y_hat.shape}; expected (m,) or (m, k) with one row per "
            f"example."
        )
    if Y_hat.shape[0] == 0:
        raise ValueError(
            f"{caller}: Y_hat has shape {Y_hat.shape}: no examples. A loss is a mean over "
            f"examples; pass at least one row (is a mini-batch or a data split empty?)."
        )
    if loss in ("binary_cross_entropy", "cross_entropy") and (
        Y_hat.min() < 0 or Y_hat.max() > 1
    ):
        raise ValueError(
            f"{caller}: Y_hat holds values from {Y_hat.min():.4g} to {Y_hat.max():.4g}; "
            f"expected probabilities in [0, 1]. Pass the output of sigmoid/softmax, not Z."
        )


def _targets(Y, shape, dtype, loss, caller, output):
    """Y checked against predictions of ``shape`` (named ``output`` in messages), as an array of
    that shape and ``dtype``: labels (m,) become a column or one-hot rows."""
    Y_arr = as_array(Y, "Y", caller)
    m = shape[0]
    if loss == "cross_entropy" and (len(shape) != 2 or shape[1] < 2):
        raise ValueError(
            f"{caller}: {output} has shape {shape}; cross_entropy needs one column per class "
            f"(m, k) with k >= 2, from a softmax output layer. For one sigmoid output use "
            f"binary_cross_entropy."
        )
    if (
        loss == "cross_entropy" and Y_arr.ndim == 1 and Y_arr.shape[0] == m
        and Y_arr.dtype.kind in "iu"
    ):
        k = shape[1]
        if Y_arr.size and (Y_arr.min() < 0 or Y_arr.max() >= k):
            columns = "a Y_hat" if output == "Y_hat" else output
            raise ValueError(
                f"{caller}: integer labels must lie in 0..{k - 1} for {columns} with {k} "
                f"column(s), got labels from {Y_arr.min()} to {Y_arr.max()}. Does the output "
                f"layer have one unit per class?"
            )
        # one-hot rows built from valid labels: nothing below can be wrong with them
        return np.eye(k, dtype=dtype)[Y_arr]
    Y_arr = as_float_array(Y_arr, "Y", caller).astype(dtype, copy=False)
    if Y_arr.shape != shape:
        if Y_arr.ndim == 1 and shape == (Y_arr.shape[0], 1):
            Y_arr = Y_arr.reshape(-1, 1)
        else:
            hint = ""
            if Y_arr.ndim == 2 and Y_arr.shape[::-1] == shape:
                hint = " If your examples are columns, pass Y.T."
            elif loss == "cross_entropy" and Y_arr.ndim == 1:
                hint = " Pass integer class labels (dtype int) or one-hot rows of shape (m, k)."
            wanted = "Y_hat's shape" if output == "Y_hat" else "that shape"
            raise ValueError(
                f"{caller}: Y has shape {Y_arr.shape} but {output} has shape {shape}; expected "
                f"Y with {wanted} (one row per example).{hint}"
            )
    if loss in ("binary_cross_entropy", "cross_entropy"):
        if Y_arr.size and (Y_arr.min() < 0 or Y_arr.max() > 1):
            fix = (
                " For more than two classes use cross_entropy with a softmax output layer "
                "(integer labels or one-hot rows)."
                if loss == "binary_cross_entropy"
                else " Pass integer class labels (dtype int) or one-hot rows."
            )
            raise ValueError(
                f"{caller}: Y holds values from {Y_arr.min():g} to {Y_arr.max():g}; {loss} expects "
                f"labels 0 or 1.{fix}"
            )
    if loss == "cross_entropy":
        _check_rows_sum_to_one(
            Y_arr, "Y", caller, "Pass one-hot rows (a single 1 per row) or integer class labels.")
    return Y_arr


def prepare_targets(Y, Y_hat, loss, caller=None):
    """Validate ``Y`` and ``Y_hat`` for ``loss`` and return them as float arrays of one dtype.

    ``Y`` gets Y_hat's shape and dtype: a (m,) label vector becomes (m, 1) for a single output,
    integer class labels become one-hot rows for cross-entropy.

    Raises
    ------
    ValueError
        Shapes that do not match, labels that do not fit the loss, probabilities outside [0, 1].

    Examples
    --------
    >>> Y, Y_hat = prepare_targets([2, 0], np.full((2, 3), 1 / 3), "cross_entropy")
    >>> Y
    array([[0., 0., 1.],
           [1., 0., 0.]])
    """
    caller = caller or loss
    Y_hat = as_float_array(Y_hat, "Y_hat", caller)
    _check_predictions(Y_hat, loss, caller)
    Y = _targets(Y, Y_hat.shape, Y_hat.dtype, loss, caller, "Y_hat")
    if loss == "cross_entropy":
        _check_rows_sum_to_one(
            Y_hat, "Y_hat", caller, "Pass the output of softmax (not Z, not a sigmoid output).")
    return Y, Y_hat


def targets_for_output(Y, m, n_outputs, loss, dtype=np.float64, caller=None):
    """Validate ``Y`` as the targets of ``m`` examples for a network with ``n_outputs`` output
    units, before any prediction exists (as :func:`nnlib.training.fit` does).

    Returns ``Y`` as an (m, n_outputs) array of ``dtype``, as :func:`prepare_targets` would for
    the network's predictions: a (m,) label vector becomes (m, 1) for a single output, integer
    class labels become one-hot rows for cross-entropy. Messages speak of "the network's output".

    Examples
    --------
    >>> targets_for_output([2, 0], 2, 3, "cross_entropy")
    array([[0., 0., 1.],
           [1., 0., 0.]])
    """
    caller = caller or loss
    if m == 0:
        raise ValueError(
            f"{caller}: X has no rows: no examples to learn from. Pass at least one example "
            f"(is a data split empty?)."
        )
    return _targets(Y, (m, n_outputs), np.dtype(dtype), loss, caller, "the network's output")


def mse(Y, Y_hat):
    """Mean squared error over every element: ``mean((Y_hat - Y)**2)``.

    Examples
    --------
    >>> mse(np.array([1, 0, 0, 1]), np.array([0, 0, 0, 0]))  # (1 + 0 + 0 + 1) / 4
    0.5
    """
    Y, Y_hat = prepare_targets(Y, Y_hat, "mse")
    return _mse(Y, Y_hat)


def mse_gradient(Y, Y_hat):
    """Gradient of :func:`mse`: ``2 * (Y_hat - Y) / Y_hat.size``.

    Examples
    --------
    >>> mse_gradient(np.array([1.0, 0.0]), np.array([0.0, 0.0]))
    array([-1.,  0.])
    """
    Y, Y_hat = prepare_targets(Y, Y_hat, "mse", "mse_gradient")
    return _mse_gradient(Y, Y_hat)


def sse(Y, Y_hat):
    """Sum of squared errors: ``sum((Y_hat - Y)**2)`` (no mean).

    Examples
    --------
    >>> sse(np.array([1.0, 0.0, 0.0, 1.0]), np.zeros(4))
    2.0
    """
    Y, Y_hat = prepare_targets(Y, Y_hat, "sse")
    return _sse(Y, Y_hat)


def sse_gradient(Y, Y_hat):
    """Gradient of :func:`sse`: ``2 * (Y_hat - Y)``.

    Examples
    --------
    >>> sse_gradient(np.array([1.0]), np.array([0.25]))
    array([-1.5])
    """
    Y, Y_hat = prepare_targets(Y, Y_hat, "sse", "sse_gradient")
    return _sse_gradient(Y, Y_hat)


def binary_cross_entropy(Y, Y_hat):
    """Binary cross-entropy (log loss) averaged over examples.

    Notes
    -----
    L = -(1/m) * sum(Y * log(P) + (1 - Y) * log(1 - P)) with m the number of examples (rows),
    P = clip(Y_hat, c, 1 - c) and c the dtype's machine epsilon, so a saturated prediction
    gives a large but finite loss. With several sigmoid outputs per example (multi-label), the
    per-example losses of the outputs are added, like :func:`cross_entropy` adds its classes.

    Examples
    --------
    >>> round(binary_cross_entropy(np.array([1, 0]), np.array([0.5, 0.5])), 6)  # log 2
    0.693147
    """
    Y, Y_hat = prepare_targets(Y, Y_hat, "binary_cross_entropy")
    return _bce(Y, Y_hat)


def binary_cross_entropy_gradient(Y, Y_hat):
    """Gradient of :func:`binary_cross_entropy`: ``(P - Y) / (P * (1 - P)) / m`` (m rows).

    Examples
    --------
    >>> binary_cross_entropy_gradient(np.array([1.0, 0.0]), np.array([0.5, 0.5]))
    array([-1.,  1.])
    """
    Y, Y_hat = prepare_targets(Y, Y_hat, "binary_cross_entropy", "binary_cross_entropy_gradient")
    return _bce_gradient(Y, Y_hat)


def cross_entropy(Y, Y_hat):
    """Categorical cross-entropy averaged over examples: ``-sum(Y * log(P)) / m``.

    ``Y`` is one-hot (m, k) or integer labels (m,); ``Y_hat`` holds probabilities (m, k).

    Examples
    --------
    >>> round(cross_entropy(np.array([0, 1]), np.array([[0.5, 0.5], [0.5, 0.5]])), 6)
    0.693147
    """
    Y, Y_hat = prepare_targets(Y, Y_hat, "cross_entropy")
    return _ce(Y, Y_hat)


def cross_entropy_gradient(Y, Y_hat):
    """Gradient of :func:`cross_entropy`: ``-Y / P / m`` with P = clip(Y_hat, c, 1).

    c is the dtype's machine epsilon.

    Examples
    --------
    >>> cross_entropy_gradient(np.array([1]), np.array([[0.5, 0.5]]))  # -0. where Y is 0
    array([[-0., -2.]])
    """
    Y, Y_hat = prepare_targets(Y, Y_hat, "cross_entropy", "cross_entropy_gradient")
    return _ce_gradient(Y, Y_hat)


#: name -> (loss, gradient), both without input checks (for inner loops).
LOSSES = {
    "mse": (_mse, _mse_gradient),
    "sse": (_sse, _sse_gradient),
    "binary_cross_entropy": (_bce, _bce_gradient),
    "cross_entropy": (_ce, _ce_gradient),
}

_PUBLIC = {
    "mse": (mse, mse_gradient),
    "sse": (sse, sse_gradient),
    "binary_cross_entropy": (binary_cross_entropy, binary_cross_entropy_gradient),
    "cross_entropy": (cross_entropy, cross_entropy_gradient),
}


def get_loss(name):
    """Return ``(loss, gradient)`` for a loss name (the checked public functions).

    Examples
    --------
    >>> loss, gradient = get_loss("mse")
    >>> loss([1.0], [3.0])
    4.0
    """
    if not isinstance(name, str) or name not in _PUBLIC:
        valid = ", ".join(repr(n) for n in _PUBLIC)
        raise ValueError(f"get_loss: unknown loss {name!r}; choose one of {valid}.")
    return _PUBLIC[name]
