"""Training: mini-batches, the training loop and its History.

One step of training is ``forward -> compute_cost -> backward -> optimizer.step``, the same four
calls a learner writes by hand (:mod:`nnlib.network`, :mod:`nnlib.optimizers`).
"""

import math
import sys
from contextlib import contextmanager, nullcontext

import numpy as np

from nnlib._validation import (
    as_float_array,
    check_non_negative_number,
    check_positive_int,
    check_positive_number,
    check_probability,
    check_rows,
)
from nnlib.history import History
from nnlib.initializers import as_rng
from nnlib.losses import LOSSES, targets_for_output
from nnlib.metrics import to_labels
from nnlib.network import (
    backward,
    check_params,
    compute_cost,
    forward,
    labels_from_output,
    layer_activations,
)
from nnlib.optimizers import get_optimizer

__all__ = ["History", "minibatches", "fit", "TrainingDiverged"]


#: A classifier has diverged when more than this fraction of its predictions in an epoch give
#: the true class a probability below the dtype's epsilon: wrong with certainty, where the clipped
#: log-loss stays finite (a healthy network is never that sure and wrong so often).
_SATURATED = 0.01


class TrainingDiverged(FloatingPointError):
    """The cost or the parameters became NaN or infinite during :func:`fit`."""


def minibatches(X, Y, batch_size, rng=None, shuffle=True):
    """Yield ``(X_batch, Y_batch)`` pairs that cover the data once.

    Parameters
    ----------
    X : ndarray of shape (m, n)
    Y : ndarray of shape (m, ...)
    batch_size : int
        The last batch holds the remainder (it may be smaller).
    rng : None, int, Generator or RandomState
        Draws the order when ``shuffle`` is True.
    shuffle : bool

    Notes
    -----
    One permutation of the m examples per call; batch k holds the examples
    ``order[k * batch_size:(k + 1) * batch_size]`` (copied: ``X[idx]``). Without shuffling the
    batches are slices of X (views, no copy).

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
    if not isinstance(shuffle, (bool, np.bool_)):
        raise TypeError(f"minibatches: shuffle is {shuffle!r}; expected True or False.")
    order = as_rng(rng).permutation(m) if shuffle else None
    return _batches(X, Y, batch_size, order)


def _batches(X, Y, batch_size, order):
    for start in range(0, X.shape[0], batch_size):
        if order is None:
            yield X[start:start + batch_size], Y[start:start + batch_size]
        else:
            # gathering batch by batch copies as much as one gather of the whole shuffled
            # epoch, but into small arrays that stay in the cache and are reused: no 100 MB
            # array to allocate and page in at the start of every epoch
            idx = order[start:start + batch_size]
            yield X[idx], Y[idx]


def _progress_bar(total, enabled):
    if not enabled:
        return None
    from tqdm import tqdm

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


def _check_validation(validation_data, params, loss, dtype, n_out):
    if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
        raise ValueError(
            f"fit: validation_data is {type(validation_data).__name__}; expected a pair "
            f"(X_val, y_val), e.g. validation_data=(X_val, y_val)."
        )
    X_val = as_float_array(validation_data[0], "X_val", "fit", ndim=2).astype(dtype, copy=False)
    check_rows(X_val, params["W1"].shape[1], "fit", "X_val")
    if X_val.shape[0] == 0:
        raise ValueError(
            "fit: X_val has no rows: no examples to validate on. Hold out at least one example "
            "(is the validation split empty?)."
        )
    Y_val = targets_for_output(validation_data[1], X_val.shape[0], n_out, loss, dtype, "fit")
    return X_val, Y_val, to_labels(Y_val)


def _diverged(what, epoch, learning_rate):
    return TrainingDiverged(
        f"fit: {what} at epoch {epoch} with learning_rate={learning_rate!r}; training stopped. "
        f"Try a smaller learning rate (e.g. {learning_rate / 10:g}), check that X is scaled "
        f"(e.g. pixels / 255), or use a smaller weight initialisation."
    )


def fit(X, Y, params, activations, loss, *, n_epochs, learning_rate=None, optimizer="sgd",
        batch_size=None, l2=0.0, keep_prob=1.0, lr_schedule=None, shuffle=True, rng=None,
        validation_data=None, early_stopping=None, print_every=None, progress=False,
        blas_threads=None):
    """Train a network: repeat forward, cost, backward and an optimizer step.

    Parameters
    ----------
    X : ndarray of shape (m, n_0)
    Y : targets for ``loss`` (see nnlib.losses), e.g. (m,) labels or (m, k) one-hot rows
    params : dict from nnlib.network.init_params (not modified: training works on a copy)
    activations : str or list of str, one per layer
    loss : str
    n_epochs : int
        Passes over the data; with ``batch_size=None`` (full batch) one epoch is one step.
    learning_rate : float, optional
        The optimizer's learning rate (required unless ``optimizer`` is an instance or "adam").
    optimizer : str or nnlib.optimizers.Optimizer
        "sgd" (default), "momentum", "rmsprop", "adam", or an instance (its state is used and
        updated).
    batch_size : int, optional
        Mini-batch size; None uses all m examples in every step (no shuffling).
    l2 : float
        L2 regularisation strength lambda (cost + lambda/(2m) sum W**2; biases not penalised).
        m is the number of examples in each step (the mini-batch), as in the usual derivation:
        the same lambda regularises more strongly with smaller batches.
    keep_prob : float in (0, 1]
        Inverted dropout on the hidden layers during training (1: none). Predictions and the
        validation metrics never drop units.
    lr_schedule : callable, optional
        ``epoch -> learning rate`` (e.g. nnlib.optimizers.step_decay(0.1)), applied at the start
        of every epoch.
    shuffle : bool
        Reshuffle the examples each epoch (mini-batch mode only).
    rng : None, int, Generator or RandomState
        Shuffling and dropout masks.
    validation_data : (X_val, y_val), optional
        Adds "val_cost" and "val_accuracy" to the History after every epoch.
    early_stopping : int, optional
        Patience: stop when val_cost has not improved for this many epochs, and return the
        parameters of the best epoch (needs validation_data).
    print_every : int, optional
        Print the cost (and metrics) every ``print_every`` epochs.
    progress : bool
        Show a progress bar (tqdm; silent when TQDM_DISABLE=1).
    blas_threads : int, optional
        Limit the BLAS library behind NumPy's matrix products to this many threads during
        training and restore it afterwards (threadpoolctl). Small networks are often fastest on
        one thread, and the results then do not depend on OPENBLAS_NUM_THREADS.

    Returns
    -------
    params : dict
        The trained parameters (new arrays, X's float dtype).
    history : History

    Raises
    ------
    TrainingDiverged
        When the cost or a parameter becomes NaN or infinite.

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
    L = check_params(params, "fit")
    names = layer_activations(activations, L, "fit")
    if not isinstance(loss, str) or loss not in LOSSES:
        valid = ", ".join(repr(n) for n in LOSSES)
        raise ValueError(f"fit: unknown loss {loss!r}; choose one of {valid}.")
    n_epochs = check_positive_int(n_epochs, "n_epochs", "fit")
    if learning_rate is not None:
        learning_rate = check_positive_number(learning_rate, "learning_rate", "fit")
    elif isinstance(optimizer, str) and optimizer.lower() != "adam":
        raise ValueError(
            f"fit: learning_rate must be a positive number, got None; optimizer {optimizer!r} "
            f"needs one, e.g. fit(..., learning_rate=0.1). (Adam defaults to 0.001.)"
        )
    opt = get_optimizer(optimizer, learning_rate)
    l2 = check_non_negative_number(l2, "l2", "fit")
    keep_prob = check_probability(keep_prob, "keep_prob", "fit")
    if lr_schedule is not None and not callable(lr_schedule):
        raise TypeError(
            f"fit: lr_schedule is {type(lr_schedule).__name__}; expected a function of the epoch, "
            f"e.g. nnlib.optimizers.step_decay(0.1, factor=0.5, every=10)."
        )
    if not isinstance(shuffle, (bool, np.bool_)):
        raise TypeError(f"fit: shuffle is {shuffle!r}; expected True or False.")
    if X is not None and np.ndim(X) > 2:
        raise ValueError(
            f"fit: X has shape {np.shape(X)}; expected one flattened example per row (m, n). "
            f"Flatten images first, e.g. X.reshape(len(X), -1) (the loaders do it with "
            f"flatten=True)."
        )
    X = as_float_array(X, "X", "fit", ndim=2)
    check_rows(X, params["W1"].shape[1], "fit")
    dtype, m, n_out = X.dtype, X.shape[0], params[f"W{L}"].shape[0]
    Y = targets_for_output(Y, m, n_out, loss, dtype, "fit")
    if batch_size is not None:
        batch_size = min(check_positive_int(batch_size, "batch_size", "fit"), m)
    if print_every is not None:
        print_every = check_positive_int(print_every, "print_every", "fit")
    if blas_threads is not None:
        blas_threads = check_positive_int(blas_threads, "blas_threads", "fit")
    val = None
    if validation_data is not None:
        val = _check_validation(validation_data, params, loss, dtype, n_out)
    if early_stopping is not None:
        early_stopping = check_positive_int(early_stopping, "early_stopping", "fit")
        if val is None:
            raise ValueError(
                "fit: early_stopping needs a validation set to watch; pass "
                "validation_data=(X_val, y_val) (a part of the training data held out)."
            )
    for key, p in params.items():
        if not np.isfinite(p).all():
            raise ValueError(
                f"fit: the starting parameter {key} contains NaN or infinite values; "
                f"re-create the parameters (init_params) before training."
            )

    # Private copies of the parameters in X's dtype, updated in place by the optimizer.
    params = {k: np.array(v, dtype=dtype) for k, v in params.items()}
    rng = as_rng(rng)
    history = History(metrics={"accuracy": [], "learning_rate": []})
    if val is not None:
        history.metrics.update(val_cost=[], val_accuracy=[])
    best = (math.inf, None, 0)  # (val_cost, params, epoch)
    log_loss = loss in ("binary_cross_entropy", "cross_entropy")
    eps = float(np.finfo(dtype).eps)
    # The epoch's accuracy (and the saturation test) come from the predictions each mini-batch
    # made before its update, kept here and measured once per epoch: one call on all rows
    # instead of several small ones per mini-batch. The cost is taken batch by batch with
    # compute_cost, exactly as a hand-written loop does (it includes each step's L2 penalty).
    full_batch = batch_size is None or batch_size == m
    if not full_batch:
        seen_Y, seen_Y_hat = np.empty((m, n_out), dtype), np.empty((m, n_out), dtype)
    bar = _progress_bar(n_epochs, progress)
    # Overflow inside a diverging run is reported once, below, as a NaN/inf cost or parameter.
    with np.errstate(over="ignore", invalid="ignore"), _blas_limit(blas_threads), (
        bar if bar is not None else nullcontext()
    ):
        for epoch in range(1, n_epochs + 1):
            if lr_schedule is not None:
                opt.learning_rate = float(lr_schedule(epoch))
            if full_batch:
                batches = [(X, Y)]
            else:
                batches = minibatches(X, Y, batch_size, rng=rng, shuffle=shuffle)
            total_cost, start = 0.0, 0
            for Xb, Yb in batches:
                # the arguments were checked once, above: no checks inside the loop
                Y_hat, caches = forward(Xb, params, names, keep_prob=keep_prob, rng=rng,
                                        check_input=False)
                cost = compute_cost(Yb, Y_hat, loss, params=params, l2=l2, check_input=False)
                total_cost += cost * Xb.shape[0]
                if full_batch:
                    seen_Y, seen_Y_hat = Yb, Y_hat
                else:
                    stop = start + Xb.shape[0]
                    seen_Y[start:stop], seen_Y_hat[start:stop] = Yb, Y_hat
                    start = stop
                opt.step(params, backward(Yb, Y_hat, caches, loss, l2=l2, check_input=False))
            cost = total_cost / m  # NaN or infinite if any mini-batch's cost was
            if not math.isfinite(cost):
                raise _diverged(f"the cost became {cost}", epoch, opt.learning_rate)
            for k, p in params.items():
                if not np.isfinite(p).all():
                    raise _diverged(f"parameter {k} became NaN or infinite", epoch,
                                    opt.learning_rate)
            if log_loss:
                p_true = _true_class_probability(seen_Y, seen_Y_hat, loss)
                n_saturated = int(np.count_nonzero(p_true < eps))
                if n_saturated > _SATURATED * p_true.size:
                    # the log-loss is clipped, so it stays finite while the network blows up
                    raise _diverged(
                        f"{n_saturated} of {p_true.size} predictions gave the true class a "
                        f"probability below {eps:.1e} (the clipped cost stayed finite)", epoch,
                        opt.learning_rate)
            right = labels_from_output(seen_Y_hat) == labels_from_output(seen_Y)
            history.cost.append(cost)
            history.metrics["accuracy"].append(int(np.count_nonzero(right)) / m)
            history.metrics["learning_rate"].append(opt.learning_rate)
            if val is not None:
                Y_hat_val, _ = forward(val[0], params, names)
                val_cost = compute_cost(val[1], Y_hat_val, loss)
                history.metrics["val_cost"].append(val_cost)
                history.metrics["val_accuracy"].append(
                    float(np.mean(labels_from_output(Y_hat_val) == val[2]))
                )
                if early_stopping is not None and val_cost < best[0]:
                    best = (val_cost, {k: p.copy() for k, p in params.items()}, epoch)
            if bar is not None:
                bar.set_postfix(cost=f"{history.cost[-1]:.4f}", refresh=False)
                bar.update(1)
            if print_every and (epoch % print_every == 0 or epoch == n_epochs):
                print(_epoch_line(history, epoch, n_epochs))
            if early_stopping is not None and epoch - best[2] >= early_stopping:
                if print_every:
                    print(f"early stopping at epoch {epoch}: val_cost has not improved for "
                          f"{early_stopping} epochs; keeping epoch {best[2]}")
                break
    if early_stopping is not None and best[1] is not None:
        params, history.best_epoch = best[1], best[2]
    return params, history


def _true_class_probability(Y, Y_hat, loss):
    """The probability the network gives the right answer, per prediction (Y prepared)."""
    if loss == "cross_entropy":
        return np.einsum("ij,ij->i", Y, Y_hat)
    return Y * Y_hat + (1 - Y) * (1 - Y_hat)


def _epoch_line(history, epoch, n_epochs):
    width = len(str(n_epochs))
    parts = [f"epoch {epoch:>{width}}/{n_epochs}", f"cost {history.cost[-1]:.4f}"]
    for name, values in history.metrics.items():
        if name != "learning_rate":
            parts.append(f"{name} {values[-1]:.4f}")
    return "  ".join(parts)
