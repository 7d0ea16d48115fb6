"""Checks for lesson 10's exercises: He initialisation and the parameters of a whole network."""

import copy

import numpy as np

from nnlib.checks.machinery import HINTS, Case, Problem, call_learner, cases, compare, run
from nnlib.initializers import as_rng, get_initializer, he
from nnlib.network import init_params

__all__ = ["check_he", "check_init_params"]


def _seeded(kind, seed):
    return np.random.RandomState(seed) if kind == "RandomState" else np.random.default_rng(seed)


def _dtype_name(dtype):
    return np.dtype(dtype).name


def _close_to_any(got, wrongs):
    return any(compare(got, w) is None for w in wrongs)


def _spread_like(got, expected, wrongs):
    """Right shape and about the right spread, yet other numbers: drawn from another generator."""
    got = np.asarray(got, dtype=np.float64)
    if got.shape != expected.shape or got.size < 2 or _close_to_any(got, wrongs):
        return False
    ratio = got.std() / max(float(np.asarray(expected, dtype=np.float64).std()), 1e-300)
    return 0.3 < ratio < 3


def _dtype_call(func, fname, arg_names, dtype_of):
    """Call the learner; right values of the wrong dtype fail with a hint of their own."""
    def call(case):
        got = call_learner(func, case.args, fname, arg_names)
        dtype = dtype_of(case)
        arrays = got.values() if isinstance(got, dict) else [got]
        if compare(got, case.expected) is None and any(
                isinstance(a, np.ndarray) and a.dtype != dtype for a in arrays):
            kinds = sorted({_dtype_name(a.dtype) for a in arrays if isinstance(a, np.ndarray)})
            raise Problem(f"{fname} returned {', '.join(kinds)} arrays for "
                          f"dtype={_dtype_name(dtype)}.", HINTS["wrong_dtype"])
        return got
    return call


# ----- he ---------------------------------------------------------------------------------------

def _he_case(shape, kind, seed, dtype=np.float64):
    expected = he(shape, rng=_seeded(kind, seed), dtype=dtype)
    n_out, n_in = shape
    draws = _seeded(kind, seed).standard_normal(shape)
    wrong = {
        "he_fan_out_shape": draws * np.sqrt(2 / n_out),
        "variance_not_std": draws * (2 / n_in),
        "lecun_not_he": draws * np.sqrt(1 / n_in),
        "glorot_not_he": draws * np.sqrt(2 / (n_in + n_out)),
        "fixed_scale": draws * 0.01,
    }
    mistakes = [(name, value) for name, value in wrong.items()
                if compare(value, expected) is not None]
    values = [value for _, value in mistakes]
    mistakes.append(("global_random", lambda got: _spread_like(got, expected, values)))
    label = f"shape = {shape}, rng = {kind}({seed}), dtype = {_dtype_name(dtype)}"
    return Case(label, (shape, _seeded(kind, seed), dtype), expected, tuple(mistakes))


def check_he(he, hidden=False):
    """Check a learner's ``he(shape, rng=None, dtype=np.float64)``: He-normal weights.

    ``shape`` is (n_out, n_in), the shape of a layer's W; the result is
    ``rng.standard_normal(shape) * sqrt(2 / n_in)`` as an array of ``dtype``, drawn from the
    ``rng`` passed in (a numpy Generator or RandomState). Expected answers come from
    :func:`nnlib.initializers.he`.

    Parameters
    ----------
    he : callable
    hidden : bool
        Also run the graders' cases (the cat network's first layer, square and one-row shapes).

    Raises
    ------
    AssertionError
        With hints for a scale computed from n_out, the variance used as a standard deviation,
        sqrt(1 / n_in), Xavier's scale, a fixed 0.01, draws not taken from ``rng``, the wrong
        dtype, a transposed shape.

    Examples
    --------
    >>> def he(shape, rng=None, dtype=np.float64):
    ...     return (rng.standard_normal(shape) * np.sqrt(2 / shape[1])).astype(dtype)
    >>> check_he(he)
    check_he: all 4 cases passed.
    """
    visible = [
        _he_case((3, 4), "default_rng", 0),
        _he_case((5, 2), "RandomState", 1),
        _he_case((2, 6), "default_rng", 2, np.float32),
        _he_case((20, 10), "default_rng", 3),
    ]
    hidden_cases = [
        _he_case((5, 12288), "RandomState", 1),
        _he_case((10, 10), "default_rng", 4, np.float32),
        _he_case((1, 3), "RandomState", 5),
    ]
    run("check_he", cases(visible, hidden_cases, hidden),
        _dtype_call(he, "he", ("shape", "rng", "dtype"), lambda case: case.args[2]))


# ----- init_params -----------------------------------------------------------------------------

class _Init:
    """An initialiser given as a function, shown by name in failure messages."""

    def __init__(self, text, func):
        self.text, self.func = text, func

    def __call__(self, shape, rng=None, dtype=np.float64):
        return self.func(shape, rng, dtype)

    def __repr__(self):
        return self.text


def _half(shape, rng=None, dtype=np.float64):
    return np.full(shape, 0.5, dtype=dtype)


def _fresh(rng):
    """A copy of ``rng`` in its current state (an int seed or None stays as it is)."""
    return copy.deepcopy(rng)


def _init_case(sizes, init, rng, dtype=np.float64):
    expected = init_params(sizes, init=init, rng=_fresh(rng), dtype=dtype)
    weights = {k: v for k, v in expected.items() if k.startswith("W")}
    mistakes = [
        ("bias_not_zero", lambda got: any(
            np.asarray(got[k]).shape == expected[k].shape and np.any(np.asarray(got[k]) != 0)
            for k in expected if k.startswith("b"))),
    ]
    initializer = get_initializer(init)
    if isinstance(rng, (int, np.integer)) and len(sizes) > 2:  # a generator made per layer
        recreated = dict(expected)
        for l in range(1, len(sizes)):
            recreated[f"W{l}"] = initializer((sizes[l], sizes[l - 1]), rng=as_rng(rng),
                                             dtype=dtype)
        mistakes.append(("rng_recreated", recreated))
    others = [name for name in ("he", "normal", "xavier") if init != name]
    for name in others:
        other = init_params(sizes, init=name, rng=_fresh(rng), dtype=dtype)
        if compare(other, expected) is not None:
            mistakes.append(("init_name_ignored", other))
    if init != "zeros":
        values = [value for _, value in mistakes[1:]]
        mistakes.append(("global_random", lambda got: not _close_to_any(got, values) and any(
            compare(got[k], W) is not None for k, W in weights.items()) and all(
            _spread_like(got[k], W, []) for k, W in weights.items())))
    label = (f"layer_sizes = {sizes}, init = {init!r}, rng = {_rng_text(rng)}, "
             f"dtype = {_dtype_name(dtype)}")
    return Case(label, (list(sizes), init, _fresh(rng), dtype), expected, tuple(mistakes))


def _rng_text(rng):
    if isinstance(rng, np.random.RandomState):
        return "a RandomState"
    if isinstance(rng, np.random.Generator):
        return "a Generator"
    return repr(rng)


def check_init_params(init_params, hidden=False):
    """Check a learner's ``init_params(layer_sizes, init="he", rng=None, dtype=np.float64)``.

    Returns ``{"W1": ..., "b1": ..., ..., "WL": ..., "bL": ...}``: each W^[l] of shape
    (n_l, n_{l-1}) from the initialiser named by ``init`` ("zeros", "normal", "xavier", "he",
    or a function ``f(shape, rng, dtype)``), drawn in layer order from one generator made from
    ``rng``; each b^[l] zeros of shape (n_l,); every array of ``dtype``. Expected answers come
    from :func:`nnlib.network.init_params`.

    Parameters
    ----------
    init_params : callable
    hidden : bool
        Also run the graders' cases (a Generator, an initialiser given as a function, float32,
        zeros, the course's MNIST network).

    Raises
    ------
    AssertionError
        With hints for biases that are not zero, a generator re-made for every layer, the
        init argument ignored, draws not taken from ``rng``, the wrong dtype, missing keys,
        transposed weights or biases of shape (n_l, 1).

    Examples
    --------
    >>> from nnlib.network import init_params as reference
    >>> check_init_params(lambda sizes, init="he", rng=None, dtype=np.float64:
    ...                   reference(sizes, init, rng, dtype))
    check_init_params: all 4 cases passed.
    """
    visible = [
        _init_case([2, 3, 1], "he", 0),
        _init_case([4, 5, 3, 1], "xavier", 1),
        _init_case([2, 4, 4, 1], "normal", np.random.RandomState(3)),
        _init_case([3, 6, 2], "he", 4, np.float32),
    ]
    hidden_cases = [
        _init_case([784, 16, 10], "he", np.random.default_rng(5), np.float32),
        _init_case([3, 3, 2], "zeros", None),
        _init_case([2, 3, 3, 1], _Init("a function: every weight 0.5", _half), 7),
        _init_case([5, 8, 8, 8, 1], "he", 8),
    ]
    run("check_init_params", cases(visible, hidden_cases, hidden),
        _dtype_call(init_params, "init_params", ("layer_sizes", "init", "rng", "dtype"),
                    lambda case: case.args[3]))
