"""Training: mini-batches, the gradient-descent loop and its History."""

import math
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

from nnlib._validation import as_float_array, check_positive_int, check_positive_number, check_rows
from nnlib.activations import ACTIVATIONS
from nnlib.initializers import as_rng
from nnlib.layers import linear_backward
from nnlib.losses import LOSSES, _ce_from_labels, _is_one_hot, prepare_targets
from nnlib.metrics import to_labels
from nnlib.network import (
    _check_params,
    _forward,
    _labels_from_output,
    layer_activations,
    output_gradient,
)

__all__ = ["History", "minibatches", "fit", "TrainingDiverged"]


class TrainingDiverged(FloatingPointError):
    """The cost became NaN or infinite during :func:`fit`."""


@dataclass
class History:
    """What happened during training, one entry per epoch.

    Attributes
    ----------
    cost : list of float
        The mean training cost of the epoch's mini-batches, each computed before its update
        (with full-batch training: the cost at the start of that iteration).
    metrics : dict of str -> list of float
        "accuracy" (on the epoch's mini-batches, before each update), and "val_cost",
        "val_accuracy" (on validation_data after the epoch) when requested.
    """

    cost: list = field(default_factory=list)
    metrics: dict = field(default_factory=dict)

    @property
    def epochs(self):
        """Epoch numbers 1..n."""
        return list(range(1, len(self.cost) + 1))

    def __getitem__(self, name):
        return self.cost if name == "cost" else self.metrics[name]

    def __len__(self):
        return len(self.cost)

    def __repr__(self):
        last = f", last cost {self.cost[-1]:.4f}" if self.cost else ""
        names = ", ".join(["cost", *self.metrics])
        return f"History({len(self.cost)} epochs: {names}{last})"


def minibatches(X, Y, batch_size, rng=None, shuffle=True):
    """Yield ``(X_batch, Y_batch)`` pairs that cover the data once.

    Parameters
    ----------
    X : ndarray of shape (m, n)
    Y : ndarray of shape (m, ...)
    batch_size : int
        The last batch holds the remainder (it may be smaller).
    rng : None, int, Generator or RandomState
        Used to shuffle the order when ``shuffle`` is True.

    Examples
    --------
    >>> X, Y = np.arange(10.0).reshape(5, 2), np.arange(5)
    >>> [len(Yb) for _, Yb in minibatches(X, Y, 2, shuffle=False)]
    [2, 2, 1]
    """
    X, Y = np.asarray(X), np.asarray(Y)
    m = X.shape[0] if X.ndim else 0
    if X.ndim == 0 or Y.ndim == 0 or Y.shape[0] != m:
        raise ValueError(
            f"minibatches: X has shape {X.shape} and Y has shape {Y.shape}; expected one target "
            f"per example (the same number of rows)."
        )
    batch_size = check_positive_int(batch_size, "batch_size", "minibatches")
    order = as_rng(rng).permutation(m) if shuffle else None
    return _batches(X, Y, batch_size, order)


def _batches(X, Y, batch_size, order):
    for start in range(0, X.shape[0], batch_size):
        if order is None:
            yield X[start:start + batch_size], Y[start:start + batch_size]
        else:
            idx = order[start:start + batch_size]
            yield X[idx], Y[idx]


def _progress_bar(total, enabled):
    if not enabled:
        return None
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover - tqdm is a dependency
        return None
    return tqdm(total=total, file=sys.stderr, unit="epoch", leave=True)  # honours TQDM_DISABLE


@contextmanager
def _blas_limit(n_threads):
    """Limit the BLAS thread pool to ``n_threads`` inside the block (no-op for None)."""
    if n_threads is None:
        yield
        return
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=n_threads, user_api="blas"):
        yield


@contextmanager
def _closing(bar):
    try:
        yield bar
    finally:
        if bar is not None:
            bar.close()


def fit(X, Y, params, activations, loss, *, learning_rate, n_epochs, batch_size=None,
        shuffle=True, rng=None, validation_data=None, print_every=None, progress=False,
        blas_threads=None):
    """Train a network by (mini-batch) gradient descent.

    Parameters
    ----------
    X : ndarray of shape (m, n_0)
    Y : targets for ``loss`` (see nnlib.losses), e.g. (m, 1) labels or (m,) class labels
    params : dict from nnlib.network.init_params (not modified: training works on a copy)
    activations : str or list of str, one per layer
    loss : str
    learning_rate : float
    n_epochs : int
        Passes over the data; with ``batch_size=None`` (full batch) one epoch is one iteration.
    batch_size : int, optional
        Mini-batch size; None uses all m examples in every step.
    shuffle : bool
        Reshuffle the examples each epoch (mini-batch mode only).
    rng : None, int, Generator or RandomState
        For shuffling.
    validation_data : (X_val, Y_val), optional
        Adds "val_cost" and "val_accuracy" to the History after every epoch.
    print_every : int, optional
        Print the cost (and accuracies) every ``print_every`` epochs.
    progress : bool
        Show a progress bar (tqdm; silent when TQDM_DISABLE=1).
    blas_threads : int, optional
        Limit the BLAS library behind NumPy's matrix products (OpenBLAS, MKL) to this many
        threads during training, and restore its setting afterwards (uses threadpoolctl).
        The matrices of small networks are too small to share between threads: one thread is
        often the fastest, and it makes the results independent of OPENBLAS_NUM_THREADS.
        None (the default) leaves the library as it is.

    Returns
    -------
    params : dict
        The trained parameters (new arrays, X's float dtype).
    history : History

    Raises
    ------
    TrainingDiverged
        When the cost becomes NaN or infinite (the learning rate is usually too large).

    Examples
    --------
    >>> from nnlib.network import init_params
    >>> X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    >>> Y = np.array([[0.0], [1.0], [1.0], [1.0]])
    >>> params, history = fit(X, Y, init_params([2, 1], rng=0), "sigmoid",
    ...                       "binary_cross_entropy", learning_rate=1.0, n_epochs=200)
    >>> history.cost[-1] < history.cost[0], history.metrics["accuracy"][-1]
    (True, 1.0)
    """
    func = "fit"
    L = _check_params(params, func)
    names = layer_activations(activations, L, func)
    if not isinstance(loss, str) or loss not in LOSSES:
        valid = ", ".join(repr(n) for n in LOSSES)
        raise ValueError(f"fit: unknown loss {loss!r}; choose one of {valid}.")
    learning_rate = check_positive_number(learning_rate, "learning_rate", func)
    n_epochs = check_positive_int(n_epochs, "n_epochs", func)
    X = as_float_array(X, "X", func, ndim=2)
    check_rows(X, params["W1"].shape[1], func)
    dtype = X.dtype
    m, n_out = X.shape[0], params[f"W{L}"].shape[0]
    Y, _ = prepare_targets(Y, np.zeros((m, n_out), dtype=dtype), loss, func)
    if batch_size is not None:
        batch_size = min(check_positive_int(batch_size, "batch_size", func), m)
    if print_every is not None:
        print_every = check_positive_int(print_every, "print_every", func)
    if blas_threads is not None:
        blas_threads = check_positive_int(blas_threads, "blas_threads", func)
    val = None
    if validation_data is not None:
        if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
            raise ValueError(
                f"fit: validation_data is {type(validation_data).__name__}; expected a pair "
                f"(X_val, Y_val), e.g. validation_data=(X_test, y_test)."
            )
        X_val = as_float_array(validation_data[0], "X_val", func, ndim=2).astype(dtype, copy=False)
        check_rows(X_val, params["W1"].shape[1], func, "X_val")
        Y_val, _ = prepare_targets(validation_data[1], np.zeros((X_val.shape[0], n_out), dtype),
                                   loss, func)
        val = (X_val, Y_val, to_labels(Y_val))

    # Private float copies of the parameters, updated in place (the caller's stay untouched).
    params = {k: np.array(v, dtype=dtype) for k, v in params.items()}
    loss_value = LOSSES[loss][0]
    step = float(learning_rate)  # a NumPy float64 scalar would upcast float32 arrays
    rng = as_rng(rng)
    history = History(metrics={"accuracy": []})
    if val is not None:
        history.metrics.update(val_cost=[], val_accuracy=[])
    y_labels = to_labels(Y)
    # softmax + one-hot targets: the cost needs only the true class's probability
    labels_cost = names[-1] == "softmax" and loss == "cross_entropy" and _is_one_hot(Y)
    bar = _progress_bar(n_epochs, progress)
    # Overflow inside a diverging run is reported once, below, as a NaN/inf cost.
    with np.errstate(over="ignore", invalid="ignore"), _closing(bar), _blas_limit(blas_threads):
        for epoch in range(1, n_epochs + 1):
            if batch_size is None or batch_size == m:
                batches = [(X, Y, y_labels)]
            else:
                order = rng.permutation(m) if shuffle else np.arange(m)
                batches = (
                    (X[idx], Y[idx], y_labels[idx])
                    for idx in (order[s:s + batch_size] for s in range(0, m, batch_size))
                )
            total_cost, n_correct = 0.0, 0
            for Xb, Yb, yb in batches:
                Y_hat, caches = _forward(Xb, params, names)
                cost = _ce_from_labels(yb, Y_hat) if labels_cost else loss_value(Yb, Y_hat)
                if not math.isfinite(cost):
                    raise TrainingDiverged(
                        f"fit: the cost became {cost} at epoch {epoch} with learning_rate="
                        f"{learning_rate}; training stopped. Try a smaller learning rate (e.g. "
                        f"{learning_rate / 10:g}), check that X is scaled (e.g. pixels / 255), "
                        f"or use a smaller weight initialisation."
                    )
                total_cost += cost * Xb.shape[0]
                n_correct += int(np.count_nonzero(_labels_from_output(Y_hat) == yb))
                _sgd_step(Yb, Y_hat, caches, loss, params, step)
            history.cost.append(total_cost / m)
            history.metrics["accuracy"].append(n_correct / m)
            if val is not None:
                Y_hat_val, _ = _forward(val[0], params, names)
                history.metrics["val_cost"].append(loss_value(val[1], Y_hat_val))
                history.metrics["val_accuracy"].append(
                    float(np.mean(_labels_from_output(Y_hat_val) == val[2]))
                )
            if bar is not None:
                # the postfix first, so the refresh done by update shows this epoch's cost
                bar.set_postfix(cost=f"{history.cost[-1]:.4f}", refresh=False)
                bar.update(1)
            if print_every and (epoch % print_every == 0 or epoch == n_epochs):
                print(_epoch_line(history, epoch, n_epochs))
    return params, history


def _sgd_step(Y, Y_hat, caches, loss, params, learning_rate):
    """Backpropagate and update ``params`` in place, layer by layer (no grads dict kept).

    The backward pass is linear in the output layer's dZ, so multiplying that small (m, n_L)
    array by the learning rate once makes every dW and db come out already scaled: the update
    is then a plain subtraction, with no pass over the (large) dW arrays to scale them.
    """
    L = len(caches)
    out = caches[-1]
    dZ = output_gradient(Y, Y_hat, out.Z, out.activation, loss, scale=learning_rate)
    for l in range(L, 0, -1):
        cache = caches[l - 1]
        dA_prev, dW, db = linear_backward(dZ, cache, need_dA_prev=l > 1)
        if l > 1:
            dZ = _hidden_backward(dA_prev, caches[l - 2])
        # cache.W is params[f"W{l}"] itself: update only after dA_prev has used it.
        params[f"W{l}"] -= dW
        params[f"b{l}"] -= db


def _hidden_backward(dA, cache):
    """dZ of a hidden layer from a dA that nobody else holds (so it may be overwritten)."""
    if cache.activation == "relu":
        # Multiplying by the boolean mask in place: no new array, one pass over dA.
        return np.multiply(dA, cache.Z > 0, out=dA)
    if cache.activation == "identity":
        return dA
    return ACTIVATIONS[cache.activation][1](dA, cache.Z)


def _epoch_line(history, epoch, n_epochs):
    width = len(str(n_epochs))
    parts = [f"epoch {epoch:>{width}}/{n_epochs}", f"cost {history.cost[-1]:.4f}"]
    for name, values in history.metrics.items():
        parts.append(f"{name} {values[-1]:.4f}")
    return "  ".join(parts)
