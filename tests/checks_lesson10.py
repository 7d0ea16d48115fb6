"""Lesson 10's exercise checks: right answers, nnlib-based answers, known mistakes.

Collected by tests/test_checks.py, which runs the same tests over every lesson's file.
"""

import numpy as np

from nnlib import checks
from nnlib.initializers import as_rng, get_initializer
from nnlib.initializers import he as nn_he
from nnlib.network import init_params as nn_init_params

# ----- right answers, written the way the lesson asks for them ---------------------------------


def he(shape, rng=None, dtype=np.float64):
    n_out, n_in = shape
    return (rng.standard_normal((n_out, n_in)) * np.sqrt(2 / n_in)).astype(dtype)


def init_params(layer_sizes, init="he", rng=None, dtype=np.float64):
    initializer = get_initializer(init)
    rng = as_rng(rng)
    params = {}
    for l in range(1, len(layer_sizes)):
        params[f"W{l}"] = initializer((layer_sizes[l], layer_sizes[l - 1]), rng, dtype)
        params[f"b{l}"] = np.zeros(layer_sizes[l], dtype=dtype)
    return params


# ----- wrong answers ---------------------------------------------------------------------------


def he_scaled(scale_of):
    """He-like draws from ``rng`` with the scale ``scale_of(n_out, n_in)``."""
    def he_wrong(shape, rng=None, dtype=np.float64):
        n_out, n_in = shape
        return (rng.standard_normal(shape) * scale_of(n_out, n_in)).astype(dtype)
    return he_wrong


def he_global_random(shape, rng=None, dtype=np.float64):
    generator = np.random.RandomState(12345)  # stands for np.random.randn after some seed
    return (generator.standard_normal(shape) * np.sqrt(2 / shape[1])).astype(dtype)


def init_params_random_biases(layer_sizes, init="he", rng=None, dtype=np.float64):
    params = init_params(layer_sizes, init, rng, dtype)
    return {k: v + 0.1 if k.startswith("b") else v for k, v in params.items()}


def init_params_rng_per_layer(layer_sizes, init="he", rng=None, dtype=np.float64):
    initializer = get_initializer(init)
    params = {}
    for l in range(1, len(layer_sizes)):
        params[f"W{l}"] = initializer((layer_sizes[l], layer_sizes[l - 1]), as_rng(rng), dtype)
        params[f"b{l}"] = np.zeros(layer_sizes[l], dtype=dtype)
    return params


def init_params_always_he(layer_sizes, init="he", rng=None, dtype=np.float64):
    return init_params(layer_sizes, "he", rng, dtype)


def init_params_global_random(layer_sizes, init="he", rng=None, dtype=np.float64):
    return init_params(layer_sizes, init, np.random.RandomState(12345), dtype)


#: check name -> (check, right answers, number of visible cases, number with hidden ones)
RIGHT = {
    "check_he": (checks.check_he, (he,), 4, 7),
    "check_init_params": (checks.check_init_params, (init_params,), 4, 8),
}

#: check name -> answers built on nnlib itself (a second, independent route to the same results)
NNLIB_ANSWERS = {
    "check_he": (lambda shape, rng=None, dtype=np.float64: nn_he(shape, rng, dtype),),
    "check_init_params": (
        lambda sizes, init="he", rng=None, dtype=np.float64: nn_init_params(sizes, init, rng,
                                                                            dtype),),
}

#: (check, wrong answer(s), hidden, words of the expected hint; None: no hint expected)
MISTAKES = [
    (checks.check_he, (he_scaled(lambda n_out, n_in: np.sqrt(2 / n_out)),), False,
     r"not by n_out = shape\[0\]"),
    (checks.check_he, (he_scaled(lambda n_out, n_in: 2 / n_in),), False,
     "variance 2 / n_in"),
    (checks.check_he, (he_scaled(lambda n_out, n_in: np.sqrt(1 / n_in)),), False,
     "doubles it"),
    (checks.check_he, (he_scaled(lambda n_out, n_in: np.sqrt(2 / (n_in + n_out))),), False,
     "That is Xavier"),
    (checks.check_he, (he_scaled(lambda n_out, n_in: 0.01),), False, "fixed 0.01"),
    (checks.check_he, (he_global_random,), False, "from the rng passed in"),
    (checks.check_he,
     (lambda shape, rng=None, dtype=np.float64: he(shape, rng, np.float64),), False,
     "dtype asked for"),
    (checks.check_he,
     (lambda shape, rng=None, dtype=np.float64: he(shape[::-1], rng, dtype),), False,
     "transposed"),
    (checks.check_init_params, (init_params_random_biases,), False, "biases are not zero"),
    (checks.check_init_params, (init_params_rng_per_layer,), False, "same draws"),
    (checks.check_init_params, (init_params_always_he,), False, "init argument was ignored"),
    (checks.check_init_params, (init_params_global_random,), False, "from the rng passed in"),
    (checks.check_init_params,
     (lambda sizes, init="he", rng=None, dtype=np.float64: init_params(sizes, init, rng),),
     False, "dtype asked for"),
    (checks.check_init_params,
     (lambda sizes, init="he", rng=None, dtype=np.float64: {
         k: v.reshape(-1, 1) if k.startswith("b") else v
         for k, v in init_params(sizes, init, rng, dtype).items()},), False,
     "should be 1-D"),
    (checks.check_init_params,
     (lambda sizes, init="he", rng=None, dtype=np.float64: {
         k.lower(): v for k, v in init_params(sizes, init, rng, dtype).items()},), False,
     "Use the keys"),
]


#: The exercise contract of the lesson's notebook: graded cell id -> (check called, points).
EXERCISES = {
    "l10_he_test": ("check_he", 2),
    "l10_init_params_test": ("check_init_params", 2),
}

#: True when the lesson trains for a minute or more after its last exercise: the assignment
#: tests then run the student version only up to its last graded cell.
HEAVY = False
