"""Checks for lesson 8's exercises: ``output_gradient`` (nnlib.network) and ``minibatches``
(nnlib.training), by the learner."""

import numpy as np

from nnlib.activations import ACTIVATIONS
from nnlib.checks.common import binary_labels, learner_cache, one_hot
from nnlib.checks.machinery import (
    HINTS,
    Case,
    Problem,
    call_learner,
    cases,
    learner,
    run,
    scaled,
    summary,
)
from nnlib.initializers import as_rng
from nnlib.layers import DenseCache
from nnlib.losses import LOSSES
from nnlib.network import FUSED, output_gradient
from nnlib.training import minibatches

__all__ = ["check_output_gradient", "check_minibatches"]

SEED, HIDDEN_SEED = 0, 1


# ----- output_gradient ------------------------------------------------------------------------

def _output_case(rng, m, k, activation, loss):
    Z = rng.standard_normal((m, k)) * 2
    Y_hat = ACTIVATIONS[activation][0](Z)
    if loss == "cross_entropy":
        Y = one_hot(rng, m, k)
    elif loss == "binary_cross_entropy":
        Y = binary_labels(rng, m)
    else:
        Y = rng.random((m, k))
    n_in = 3
    cache = DenseCache(rng.standard_normal((m, n_in)), rng.standard_normal((k, n_in)),
                       rng.standard_normal(k), Z, activation)
    expected = output_gradient(Y, Y_hat, cache, loss)
    dA = LOSSES[loss][1](Y, Y_hat)
    mistakes = [("one_over_m", scaled(expected, m)), ("sign_gradient", -expected)]
    if (activation, loss) in FUSED:
        mistakes.append(("size_not_m", expected / k))
    if (activation, loss) == ("softmax", "cross_entropy"):
        mistakes += [  # the diagonal of the softmax Jacobian only; the flawed tutorial's error
            ("softmax_elementwise", dA * Y_hat * (1 - Y_hat)),
            ("seed_output_error", 2 * (Y_hat - Y) / k * Y_hat),
        ]
    if (activation, loss) not in FUSED:
        mistakes += [
            ("no_derivative", output_gradient(Y, Y_hat, cache._replace(activation="identity"),
                                              loss)),
            ("derivative_at_A", output_gradient(Y, Y_hat, cache._replace(Z=Y_hat), loss)),
        ]
        if activation == "identity":  # (Y_hat - Y) / m is mse's gradient times k / 2
            mistakes.append(("loss_ignored", scaled(expected, k / 2)))
        elif activation == "sigmoid":
            mistakes.append(("loss_ignored", output_gradient(
                Y, Y_hat, cache._replace(activation="sigmoid"), "binary_cross_entropy")))
    label = f"random m = {m}, {k} output unit{'s' * (k > 1)}, {activation} + {loss}"
    return Case(label, (Y, Y_hat, learner_cache(cache), loss), expected, tuple(mistakes))


def check_output_gradient(output_gradient, hidden=False):
    """Check a learner's ``output_gradient(Y, Y_hat, cache, loss) -> dZ`` against nnlib's.

    dZ = dCost/dZ of the output layer, shape (m, k): (Y_hat - Y) / m for a softmax output with
    "cross_entropy" (Y one-hot) and for a sigmoid output with "binary_cross_entropy"; for any
    other pair the loss gradient passed through the activation's derivative at Z. ``cache`` is
    the output layer's (A_prev, W, b, Z, activation).

    Parameters
    ----------
    output_gradient : callable
    hidden : bool
        Also run the graders' cases (m = 1, two classes, other outputs and seed).

    Raises
    ------
    AssertionError
        With hints for a missing 1/m, a division by m * k, a sign error, the softmax derivative
        taken entry by entry, the flawed tutorial's output error, the shortcut used for another
        loss, a missing derivative or one taken at A, a transposed result.

    Examples
    --------
    >>> from nnlib.network import output_gradient
    >>> check_output_gradient(output_gradient)
    check_output_gradient: all 4 cases passed.
    """
    rng = np.random.default_rng(SEED)
    visible = [
        _output_case(rng, 4, 3, "softmax", "cross_entropy"),
        _output_case(rng, 6, 10, "softmax", "cross_entropy"),
        _output_case(rng, 5, 1, "sigmoid", "binary_cross_entropy"),
        _output_case(rng, 4, 3, "identity", "mse"),
    ]
    rng = np.random.default_rng(HIDDEN_SEED)
    hidden_cases = [
        _output_case(rng, 1, 5, "softmax", "cross_entropy"),
        _output_case(rng, 8, 2, "softmax", "cross_entropy"),
        _output_case(rng, 5, 3, "sigmoid", "mse"),
        _output_case(rng, 3, 3, "tanh", "mse"),
    ]
    run("check_output_gradient", cases(visible, hidden_cases, hidden),
        learner(output_gradient, "output_gradient", ("Y", "Y_hat", "cache", "loss")))


# ----- minibatches ----------------------------------------------------------------------------

#: Hints for the mistakes that the order of the examples in the batches reveals.
BATCH_HINTS = {
    "not_pairs": (
        "Yield (X_batch, Y_batch) pairs, one per mini-batch: e.g. `yield X[idx], Y[idx]` inside "
        "a loop over the batches (or return a list of such pairs)."
    ),
    "last_dropped": (
        "The last, smaller batch is missing: when m is not a multiple of batch_size, the "
        "remaining examples form one more batch, so that every example is used once per epoch."
    ),
    "sizes": (
        "Every batch holds batch_size examples, in order, except the last one, which holds what "
        "is left: slice the (shuffled) data as [0:batch_size], [batch_size:2*batch_size], ..."
    ),
    "pairs": (
        "X and Y were not reordered together: row i of X_batch must still belong with row i of "
        "Y_batch. Draw one permutation and index both arrays with it."
    ),
    "repeated": (
        "Some examples appear twice and others never: an epoch uses every example exactly once. "
        "Draw a permutation of the m indices (rng.permutation), not m independent indices."
    ),
    "not_shuffled": (
        "The examples come in their original order although shuffle is True: reorder them with "
        "a permutation drawn from rng."
    ),
    "shuffled_anyway": (
        "shuffle is False, so the batches must keep the examples in their original order."
    ),
    "other_order": (
        "The examples are shuffled, but not in the expected order: draw the order with one call "
        "of rng.permutation(m) on the generator you were given (np.random.default_rng(rng) "
        "turns an int seed into one), not with np.random.shuffle or a new unseeded generator."
    ),
}


def _batch_data(m, n):
    """(m, n) inputs whose first column is the example's index, so that an order can be read."""
    return np.column_stack([np.arange(m, dtype=float),
                            np.arange(m * (n - 1), dtype=float).reshape(m, n - 1) / 10])


def _batches_case(label, X, Y, batch_size, rng_seed, shuffle):
    reference = list(minibatches(X, Y, batch_size, rng=as_rng(rng_seed), shuffle=shuffle))
    expected = [(Xb, Yb) for Xb, Yb in reference]
    order = np.concatenate([Xb[:, 0] for Xb, _ in reference]).astype(int)
    args = (X, Y, batch_size, np.random.default_rng(rng_seed), shuffle)
    return Case(label, args, expected, ()), order


def _diagnose_batches(batches, case, order):
    """Raise Problem for the mistakes that the order of the examples reveals."""
    X, Y, batch_size, _, shuffle = case.args
    m = X.shape[0]
    if not all(isinstance(b, (tuple, list)) and len(b) == 2 for b in batches):
        first = summary(batches[0]) if batches else "nothing"
        raise Problem(f"The first item minibatches yielded is {first}; expected an "
                      f"(X_batch, Y_batch) pair.", BATCH_HINTS["not_pairs"])
    try:
        X_parts = [np.asarray(Xb) for Xb, _ in batches]
        Y_parts = [np.asarray(Yb) for _, Yb in batches]
        got = np.concatenate([Xb[:, 0] for Xb in X_parts]).astype(int)
        targets = np.concatenate(Y_parts)
    except (ValueError, IndexError, TypeError):
        return  # malformed arrays: the comparison reports them
    sizes = [len(Xb) for Xb in X_parts]
    n_full = m // batch_size
    expected_sizes = [batch_size] * n_full + ([m - n_full * batch_size] if m % batch_size else [])
    if sizes == expected_sizes[:-1] and m % batch_size:
        raise Problem(f"minibatches gave {len(sizes)} batches of sizes {sizes}; expected "
                      f"{expected_sizes}.", BATCH_HINTS["last_dropped"])
    if sizes != expected_sizes or [len(Yb) for Yb in Y_parts] != expected_sizes:
        raise Problem(f"minibatches gave batches of sizes {sizes}; expected {expected_sizes}.",
                      BATCH_HINTS["sizes"])
    if got.min() < 0 or got.max() >= m or not np.array_equal(targets, Y[got]):
        raise Problem("The rows of X_batch and Y_batch do not belong together.",
                      BATCH_HINTS["pairs"])
    if len(set(got.tolist())) != m:
        raise Problem(f"The batches hold {len(set(got.tolist()))} different examples out of {m}.",
                      BATCH_HINTS["repeated"])
    in_order = np.array_equal(got, np.arange(m))
    if shuffle and in_order:
        raise Problem("The examples were not shuffled.", BATCH_HINTS["not_shuffled"])
    if not shuffle and not in_order:
        raise Problem("The examples were shuffled although shuffle is False.",
                      BATCH_HINTS["shuffled_anyway"])
    if shuffle and not np.array_equal(got, order):
        raise Problem(f"Examples in the order {got[:6].tolist()}...; expected "
                      f"{order[:6].tolist()}... (the order of nnlib.training.minibatches).",
                      BATCH_HINTS["other_order"])


def _call_minibatches(func, orders):
    def call(case):
        out = call_learner(func, case.args, "minibatches",
                           ("X", "Y", "batch_size", "rng", "shuffle"))
        if out is None:
            return None
        try:
            batches = list(out)
        except TypeError:
            raise Problem(f"minibatches returned {summary(out)}; expected a generator (or a "
                          f"list) of (X_batch, Y_batch) pairs.", BATCH_HINTS["not_pairs"]) \
                from None
        except NotImplementedError:
            raise Problem("minibatches is not written yet (it raised NotImplementedError).",
                          HINTS["not_written"]) from None
        except Exception as err:  # an error raised inside the learner's generator
            raise Problem(f"minibatches raised {type(err).__name__}: {err}") from None
        _diagnose_batches(batches, case, orders[case.label])
        return [tuple(b) for b in batches]
    return call


def check_minibatches(minibatches, hidden=False):
    """Check a learner's ``minibatches(X, Y, batch_size, rng, shuffle)`` against nnlib's.

    It yields ``(X_batch, Y_batch)`` pairs that cover the m examples once: batches of
    ``batch_size`` rows, the last one smaller when m is not a multiple of it; with ``shuffle``
    the examples are reordered by one ``rng.permutation(m)`` (``rng`` is a numpy Generator),
    X and Y together; without it they keep their order.

    Parameters
    ----------
    minibatches : callable
        A generator function (or a function returning a list of pairs).
    hidden : bool
        Also run the graders' cases (a batch larger than m, batch_size 1, one-hot targets).

    Raises
    ------
    AssertionError
        With hints for a dropped last batch, batches of the wrong sizes, X and Y shuffled with
        different orders, examples drawn with repetition, no shuffling (or shuffling when
        shuffle is False), an order not drawn from ``rng``.

    Examples
    --------
    >>> from nnlib.training import minibatches
    >>> check_minibatches(minibatches)
    check_minibatches: all 4 cases passed.
    """
    rng = np.random.default_rng(SEED)
    specs = [
        ("m = 10, batch_size = 4, shuffled", _batch_data(10, 3), rng.permutation(10), 4, 0,
         True),
        ("m = 10, batch_size = 4, not shuffled", _batch_data(10, 3), rng.permutation(10), 4,
         0, False),
        ("m = 12, batch_size = 3, shuffled", _batch_data(12, 2), rng.random((12, 1)), 3, 5, True),
        ("m = 7, batch_size = 7, shuffled", _batch_data(7, 4), rng.permutation(7), 7, 2, True),
    ]
    rng = np.random.default_rng(HIDDEN_SEED)
    hidden_specs = [
        ("m = 5, batch_size = 8 (one short batch), shuffled", _batch_data(5, 2),
         rng.permutation(5), 8, 3, True),
        ("m = 6, batch_size = 1, shuffled", _batch_data(6, 2), rng.permutation(6), 1, 4, True),
        ("m = 9, batch_size = 4, one-hot targets, shuffled", _batch_data(9, 5),
         np.eye(3)[rng.integers(0, 3, 9)], 4, 9, True),
    ]
    built = [_batches_case(*spec) for spec in specs]
    hidden_built = [_batches_case(*spec) for spec in hidden_specs]
    orders = {case.label: order for case, order in built + hidden_built}
    run("check_minibatches",
        cases([c for c, _ in built], [c for c, _ in hidden_built], hidden),
        _call_minibatches(minibatches, orders))
