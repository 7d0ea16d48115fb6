"""Checks for lesson 6's exercises."""

import numpy as np

from nnlib.activations import softmax
from nnlib.checks.machinery import Case, cases, learner, run

__all__ = ['check_softmax']

SEED, HIDDEN_SEED = 0, 1



def _softmax_case(label, Z):
    E = np.exp(Z - Z.max())  # only for the wrong variants below; never overflows
    mistakes = (
        ("softmax_axis", softmax(Z.T).T),
        ("softmax_whole", E / E.sum()),
    )
    return Case(label, (Z,), softmax(Z), mistakes)


def check_softmax(stable_softmax, hidden=False):
    """Check a learner's ``stable_softmax(Z)``: row-wise softmax of Z (m, k), no overflow.

    Parameters
    ----------
    stable_softmax : callable
    hidden : bool
        Also run the graders' cases (m = 1, k = 1, |Z| up to 1e4, square Z).

    Raises
    ------
    AssertionError
        With hints for the wrong axis, a division by the sum of the whole array, row sums that
        do not broadcast (keepdims), NaN/inf for large Z (exp overflow).

    Examples
    --------
    >>> def stable_softmax(Z):
    ...     E = np.exp(Z - Z.max(axis=1, keepdims=True))
    ...     return E / E.sum(axis=1, keepdims=True)
    >>> check_softmax(stable_softmax)
    check_softmax: all 4 cases passed.
    """
    rng = np.random.default_rng(SEED)
    visible = [
        _softmax_case("one row [1, 2, 3]", np.array([[1.0, 2.0, 3.0]])),
        _softmax_case("random (4, 3)", rng.standard_normal((4, 3))),
        _softmax_case("random (2, 5)", rng.standard_normal((2, 5)) * 3),
        _softmax_case("large values up to 1000", np.array([[1000.0, 1001.0, 1002.0],
                                                           [-1000.0, 0.0, 1000.0]])),
    ]
    rng = np.random.default_rng(HIDDEN_SEED)
    hidden_cases = [
        _softmax_case("|Z| up to 1e4", np.array([[1e4, 0.0, -1e4], [-1e4, -1e4, -1e4 + 1]])),
        _softmax_case("one example (1, 4)", rng.standard_normal((1, 4))),
        _softmax_case("one class (3, 1)", rng.standard_normal((3, 1))),
        _softmax_case("square (3, 3)", rng.standard_normal((3, 3)) * 2),
        _softmax_case("random (6, 10)", rng.standard_normal((6, 10)) * 5),
    ]
    run("check_softmax", cases(visible, hidden_cases, hidden),
         learner(stable_softmax, "stable_softmax", ("Z",)))
