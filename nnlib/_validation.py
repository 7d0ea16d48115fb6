"""Input checks shared by nnlib's public entry points.

Checks run once per public call, never inside training loops. Every message names the function,
what it received, what it expected and the most likely fix.
"""

import numpy as np


def as_array(x, name, caller):
    """``np.asarray(x)``, with a TypeError naming ``caller`` for ragged nested lists."""
    if isinstance(x, np.ndarray):
        return x
    try:
        return np.asarray(x)
    except (ValueError, TypeError) as err:
        raise TypeError(
            f"{caller}: {name} could not be turned into a numeric array ({err}); "
            f"expected a rectangular array of numbers."
        ) from None


def as_float_array(x, name, caller, *, ndim=None, allow_nan=False):
    """Return ``x`` as a float ndarray (float32 kept, everything else numeric -> float64).

    Raises TypeError for non-numeric input (strings, objects, booleans are accepted as 0/1),
    ValueError for a wrong number of dimensions or for NaN/inf values.
    """
    if (
        allow_nan and type(x) is np.ndarray and (x.dtype == np.float64 or x.dtype == np.float32)
        and (ndim is None or x.ndim == ndim)
    ):
        return x  # the common case inside a training loop: nothing to convert or check
    arr = as_array(x, name, caller)
    kind = arr.dtype.kind
    if kind not in "biuf":
        raise TypeError(
            f"{caller}: {name} has dtype {arr.dtype} but a numeric array was expected. "
            f"Convert it first, e.g. np.asarray({name}, dtype=float)."
        )
    if kind != "f" or arr.dtype == np.float16:
        arr = arr.astype(np.float64)
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(
            f"{caller}: {name} has shape {arr.shape} ({arr.ndim}-D) but a {ndim}-D array was "
            f"expected."
            + (f" For a single example pass {name}.reshape(1, -1)."
               if ndim == 2 and arr.ndim == 1 and name in ("X", "A_prev", "X_val") else "")
        )
    if not allow_nan and arr.size and not _all_finite(arr):
        n_bad = int(arr.size - np.isfinite(arr).sum())
        raise ValueError(
            f"{caller}: {name} contains {n_bad} NaN or infinite value(s); expected finite numbers. "
            f"Check how {name} was loaded or scaled (np.isfinite({name}).all() finds them)."
        )
    return arr


def _all_finite(arr):
    """True when ``arr`` (float) holds no NaN and no infinity, checked without a boolean copy."""
    if arr.ndim == 2 and arr.size >= 1 << 16:
        # The column sums, as one multi-threaded matrix-vector product: one pass over the data,
        # about three times faster than min and max on a training set. A NaN or an infinity
        # makes its column's sum NaN or infinite; only a sum of huge finite values can overflow,
        # and then the exact test below decides.
        with np.errstate(over="ignore", invalid="ignore"):
            column_sums = np.ones(arr.shape[0], dtype=arr.dtype) @ arr
        if np.isfinite(column_sums).all():
            return True
    # min and max: two passes that allocate nothing (NaN and inf show up in one of them)
    return bool(np.isfinite(arr.min()) and np.isfinite(arr.max()))


def check_rows(X, n_features, caller, name="X"):
    """Check that ``X`` is (m, n_features); suggest ``.T`` when examples look like columns."""
    if X.ndim != 2 or X.shape[1] != n_features:
        hint = ""
        if X.ndim == 2 and X.shape[0] == n_features:
            hint = f" If your examples are columns, pass {name}.T."
        elif X.ndim == 1 and X.shape[0] == n_features:
            hint = f" For a single example pass {name}.reshape(1, -1)."
        raise ValueError(
            f"{caller}: {name} has shape {X.shape} but the first layer expects {n_features} input "
            f"features per row; expected (m, {n_features}).{hint}"
        )


def check_choice(value, choices, what, caller):
    """Check that ``value`` is one of ``choices`` (a dict or list of names)."""
    if not isinstance(value, str) or value not in choices:
        valid = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{caller}: unknown {what} {value!r}; choose one of {valid}.")
    return value


def check_positive_int(value, name, caller):
    """Check that ``value`` is an int >= 1."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{caller}: {name} must be a positive integer, got {value!r}.")
    return int(value)


def check_positive_number(value, name, caller):
    """Check that ``value`` is a finite number > 0."""
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float, np.integer, np.floating))
        or not np.isfinite(value)
        or value <= 0
    ):
        raise ValueError(f"{caller}: {name} must be a positive number, got {value!r}.")
    return value


def check_probability(value, name, caller):
    """Check that ``value`` is a number in (0, 1] (a keep probability)."""
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float, np.integer, np.floating))
        or not 0 < value <= 1
    ):
        raise ValueError(
            f"{caller}: {name} must be a number in (0, 1], got {value!r}. It is the probability of "
            f"keeping a unit: 1 keeps every unit (no dropout), 0.8 drops one in five."
        )
    return float(value)


def check_non_negative_number(value, name, caller):
    """Check that ``value`` is a finite number >= 0."""
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float, np.integer, np.floating))
        or not np.isfinite(value)
        or value < 0
    ):
        raise ValueError(f"{caller}: {name} must be a number >= 0, got {value!r}.")
    return float(value)


def check_float_dtype(dtype, caller):
    """Return ``np.dtype(dtype)`` if it is float32 or float64; refuse integers and the rest."""
    try:
        dt = np.dtype(dtype)
    except TypeError:
        dt = None
    if dt not in (np.dtype(np.float32), np.dtype(np.float64)):
        raise ValueError(
            f"{caller}: dtype is {dtype!r}; expected np.float64 (the default) or np.float32. "
            f"Weights must be floating point: an integer dtype would truncate them to 0."
        )
    return dt


# ----- parameter dicts: {W1, b1, ..., WL, bL} and their gradients {dW1, db1, ...} -----------

def n_layers(params):
    """Number of layers L in a parameter dict (counts W1, W2, ...).

    Examples
    --------
    >>> n_layers({"W1": np.ones((2, 2)), "b1": np.zeros(2),
    ...           "W2": np.ones((1, 2)), "b2": np.zeros(1)})
    2
    """
    if not isinstance(params, dict):
        raise TypeError(
            f"n_layers: params is {type(params).__name__}; expected the dict of W1, b1, ... "
            f"returned by init_params."
        )
    L = 0
    while f"W{L + 1}" in params:
        L += 1
    if L == 0 or any(f"b{l}" not in params for l in range(1, L + 1)):
        raise ValueError(
            f"n_layers: params has keys {sorted(params)}; expected W1, b1, ..., WL, bL as made "
            f"by init_params."
        )
    return L


def check_params(params, caller):
    """Check the structure of ``params`` (names, shapes, numeric dtypes); return L."""
    L = n_layers(params)
    for l in range(1, L + 1):
        W, b = params[f"W{l}"], params[f"b{l}"]
        for name, p in ((f"W{l}", W), (f"b{l}", b)):
            if not isinstance(p, np.ndarray) or p.dtype.kind not in "f":
                got = p.dtype if isinstance(p, np.ndarray) else type(p).__name__
                raise TypeError(
                    f"{caller}: {name} is {got}; expected a float ndarray (as made by init_params)."
                    f" Convert it with np.asarray({name}, dtype=float)."
                )
        if W.ndim != 2 or b.shape != (W.shape[0],):
            raise ValueError(
                f"{caller}: W{l} has shape {W.shape} and b{l} shape {b.shape}; expected W{l} of "
                f"shape (n_{l}, n_{l - 1}) and b{l} of shape (n_{l},)."
            )
        if l > 1 and W.shape[1] != params[f"W{l - 1}"].shape[0]:
            raise ValueError(
                f"{caller}: W{l} has shape {W.shape} but layer {l - 1} has "
                f"{params[f'W{l - 1}'].shape[0]} units; expected W{l} with "
                f"{params[f'W{l - 1}'].shape[0]} columns."
            )
    return L


def check_gradient_shapes(params, grads, caller):
    """Every parameter ``p`` has a gradient ``grads["d" + name]`` of exactly its shape."""
    if not isinstance(params, dict) or not isinstance(grads, dict):
        bad = "params" if not isinstance(params, dict) else "grads"
        raise TypeError(
            f"{caller}: {bad} is {type(params if bad == 'params' else grads).__name__}; expected "
            f"dicts: params from init_params and grads from backward (keys 'dW1', 'db1', ...)."
        )
    missing = [k for k in params if f"d{k}" not in grads]
    if missing:
        raise ValueError(
            f"{caller}: grads has no gradient for {missing}; expected keys "
            f"{['d' + k for k in params]} as returned by backward."
        )
    for k, p in params.items():
        g = grads[f"d{k}"]
        if np.shape(g) != np.shape(p):
            raise ValueError(
                f"{caller}: d{k} has shape {np.shape(g)} but {k} has shape {np.shape(p)}; every "
                f"gradient must have its parameter's shape (broadcasting would silently change "
                f"{k}'s shape)."
                + (" Store biases as 1-D arrays (n,), e.g. db.ravel()." if k.startswith("b")
                   else "")
            )
