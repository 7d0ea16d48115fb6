"""Classification metrics."""

import numpy as np

__all__ = ["to_labels", "accuracy", "confusion_matrix"]


def to_labels(Y, threshold=0.5):
    """Turn labels, probabilities or one-hot rows into a label vector (m,) of ints.

    (m,) ints stay as they are; (m, 1) probabilities become ``Y > threshold``; (m, k) rows become
    their argmax.

    Examples
    --------
    >>> to_labels(np.array([[0.2], [0.9]]))
    array([0, 1])
    >>> to_labels(np.array([[0.1, 0.7, 0.2]]))
    array([1])
    """
    Y = np.asarray(Y)
    if Y.dtype.kind not in "biuf":
        raise TypeError(f"to_labels: Y has dtype {Y.dtype}; expected numbers (labels or scores).")
    if Y.dtype.kind == "f" and not np.isfinite(Y).all():
        raise ValueError(
            f"to_labels: Y contains {int(np.size(Y) - np.isfinite(Y).sum())} NaN or infinite "
            f"value(s); expected labels or probabilities. Did training diverge?"
        )
    if Y.ndim == 1:
        if Y.dtype.kind == "f":
            if np.all(Y == np.round(Y)):
                return Y.astype(np.int64)
            if Y.min(initial=0) < 0 or Y.max(initial=0) > 1:
                raise ValueError(
                    f"to_labels: Y holds values from {Y.min():g} to {Y.max():g} that are neither "
                    f"whole-number labels nor probabilities in [0, 1]; expected class labels "
                    f"0..k-1 or probabilities."
                )
            return (Y > threshold).astype(np.int64)
        return Y.astype(np.int64)
    if Y.ndim == 2 and Y.shape[1] == 1:
        return (Y[:, 0] > threshold).astype(np.int64)
    if Y.ndim == 2:
        return Y.argmax(axis=1)
    raise ValueError(f"to_labels: Y has shape {Y.shape}; expected (m,), (m, 1) or (m, k).")


def accuracy(Y, Y_pred):
    """Fraction of examples whose predicted label equals the true label.

    Both arguments may be labels (m,), probabilities (m, 1) or one-hot/probability rows (m, k).

    Examples
    --------
    >>> accuracy(np.array([1, 0, 1, 1]), np.array([[0.9], [0.2], [0.4], [0.6]]))
    0.75
    """
    y_true, y_pred = to_labels(Y), to_labels(Y_pred)
    if y_true.shape != y_pred.shape:
        hint = ""
        if np.ndim(Y) == 2 and np.shape(Y)[0] == 1 and np.shape(Y)[1] == y_pred.shape[0]:
            hint = " Y has shape (1, m): one row of labels; pass Y.ravel() (or Y.T)."
        elif np.ndim(Y_pred) == 2 and np.shape(Y_pred)[0] == 1:
            hint = " Y_pred has shape (1, m): pass Y_pred.ravel() (or Y_pred.T)."
        raise ValueError(
            f"accuracy: {y_true.shape[0]} true labels but {y_pred.shape[0]} predictions; "
            f"expected one prediction per example.{hint}"
        )
    if y_true.size == 0:
        raise ValueError("accuracy: got no examples; expected at least one.")
    return float(np.mean(y_true == y_pred))


def confusion_matrix(y_true, y_pred, n_classes=None):
    """Counts ``C[i, j]`` of examples of true class i predicted as class j.

    Examples
    --------
    >>> confusion_matrix([0, 1, 1, 2], [0, 2, 1, 2])
    array([[1, 0, 0],
           [0, 1, 1],
           [0, 0, 1]])
    """
    y_true, y_pred = to_labels(y_true), to_labels(y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError(
            f"confusion_matrix: {y_true.shape[0]} true labels but {y_pred.shape[0]} predictions; "
            f"expected one prediction per example."
        )
    if y_true.size and min(y_true.min(), y_pred.min()) < 0:
        raise ValueError("confusion_matrix: labels must be non-negative integers 0..k-1.")
    largest = int(max(y_true.max(initial=0), y_pred.max(initial=0)))
    if n_classes is not None and (
        isinstance(n_classes, bool) or not isinstance(n_classes, (int, np.integer))
        or n_classes < 1
    ):
        raise ValueError(
            f"confusion_matrix: n_classes is {n_classes!r}; expected a positive integer (the "
            f"number of classes, e.g. 10 for digits) or None to count them from the labels."
        )
    k = n_classes or largest + 1
    if largest >= k:
        raise ValueError(
            f"confusion_matrix: a label is {largest} but n_classes is {k}; expected labels "
            f"0..{k - 1}. Pass n_classes={largest + 1} (or leave n_classes=None)."
        )
    return np.bincount(y_true * k + y_pred, minlength=k * k).reshape(k, k)
