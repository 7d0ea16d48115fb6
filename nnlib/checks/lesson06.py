"""Checks for lesson 6's exercises: softmax and the backward passes of tanh and ReLU.

Each check compares the learner's function with the nnlib.activations function of the same
name: ``softmax(Z)``, ``tanh_backward(dA, Z)`` and ``relu_backward(dA, Z)``.
"""

import numpy as np

from nnlib.activations import relu, relu_backward, softmax, tanh, tanh_backward
from nnlib.checks.machinery import Case, cases, learner, run

__all__ = ["check_softmax", "check_tanh_backward", "check_relu_backward"]

SEED, HIDDEN_SEED = 0, 1


# ----- softmax --------------------------------------------------------------------------------

def _global_max_answer(Z):
    """Softmax with the maximum of the whole array subtracted: rows far below it give 0 / 0."""
    with np.errstate(all="ignore"):
        E = np.exp(Z - Z.max())
        return E / E.sum(axis=1, keepdims=True)


def _softmax_case(label, Z):
    E = np.exp(Z - Z.max())  # only for the wrong variants below; never overflows
    global_max = _global_max_answer(Z)
    mistakes = [
        ("softmax_axis", softmax(Z.T).T),
        ("softmax_whole", E / E.sum()),
    ]
    if not np.isfinite(global_max).all():
        mistakes.append(("softmax_global_max", lambda got: np.allclose(
            np.asarray(got, dtype=np.float64), global_max, equal_nan=True)))
    return Case(label, (Z,), softmax(Z), tuple(mistakes))


def check_softmax(softmax, hidden=False):
    """Check a learner's ``softmax(Z)``: the row-wise softmax of Z (m, k), without overflow.

    Parameters
    ----------
    softmax : callable
        Z (m, k) -> A (m, k), each row of A a probability distribution.
    hidden : bool
        Also run the graders' cases (m = 1, k = 1, |Z| up to 1e4, square Z).

    Raises
    ------
    AssertionError
        With hints for the wrong axis, a division by the sum of the whole array, the maximum of
        the whole array subtracted (rows far below it become 0 / 0), row sums that do not
        broadcast (keepdims), NaN/inf for large Z (exp overflow).

    Examples
    --------
    >>> def softmax(Z):
    ...     E = np.exp(Z - Z.max(axis=1, keepdims=True))
    ...     return E / E.sum(axis=1, keepdims=True)
    >>> check_softmax(softmax)
    check_softmax: all 5 cases passed.
    """
    rng = np.random.default_rng(SEED)
    visible = [
        _softmax_case("one row [1, 2, 3]", np.array([[1.0, 2.0, 3.0]])),
        _softmax_case("random (4, 3)", rng.standard_normal((4, 3))),
        _softmax_case("random (2, 5)", rng.standard_normal((2, 5)) * 3),
        _softmax_case("large values up to 1000", np.array([[1000.0, 1001.0, 1002.0],
                                                           [-1000.0, 0.0, 1000.0]])),
        _softmax_case("two rows 2000 apart", np.array([[1000.0, 1001.0], [-1000.0, -999.0]])),
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
        learner(softmax, "softmax", ("Z",)))


# ----- tanh_backward --------------------------------------------------------------------------

def _tanh_case(label, dA, Z):
    expected = tanh_backward(dA, Z)
    Zf = np.asarray(Z, dtype=np.float64)
    mistakes = (
        ("tanh_twice", tanh_backward(dA, tanh(Z))),  # the derivative taken at A = tanh(Z)
        ("formula_on_Z", dA * (1 - Zf * Zf)),  # Z put into the formula written for A
        ("tanh_square", dA * (1 - tanh(Z))),
        ("no_upstream", tanh_backward(np.ones_like(Zf), Z)),
    )
    return Case(label, (dA, Z), expected, mistakes)


def check_tanh_backward(tanh_backward, hidden=False):
    """Check a learner's ``tanh_backward(dA, Z)``: dZ = dA * (1 - tanh(Z)**2).

    ``dA`` is dJ/dA for A = tanh(Z), ``Z`` the layer's pre-activation (both (m, n)); the result
    dZ = dJ/dZ has Z's shape. Expected answers come from :func:`nnlib.activations.tanh_backward`.

    Parameters
    ----------
    tanh_backward : callable
    hidden : bool
        Also run the graders' cases (one example, large |Z|, integer Z, other seed).

    Raises
    ------
    AssertionError
        With hints for the derivative taken at A instead of Z (tanh applied twice), Z put into
        the formula 1 - A**2, the square forgotten, dA forgotten, dA changed in place.

    Examples
    --------
    >>> check_tanh_backward(lambda dA, Z: dA * (1 - np.tanh(Z) ** 2))
    check_tanh_backward: all 3 cases passed.
    """
    rng = np.random.default_rng(SEED)
    visible = [
        _tanh_case("Z from -3 to 3, random dA, one row",
                   rng.standard_normal((1, 7)), np.linspace(-3.0, 3.0, 7).reshape(1, 7)),
        _tanh_case("random (4, 3)", rng.standard_normal((4, 3)), rng.standard_normal((4, 3))),
        _tanh_case("random (2, 5), larger Z", rng.standard_normal((2, 5)),
                   rng.standard_normal((2, 5)) * 2),
    ]
    rng = np.random.default_rng(HIDDEN_SEED)
    hidden_cases = [
        _tanh_case("one example (1, 4)", rng.standard_normal((1, 4)), rng.standard_normal((1, 4))),
        _tanh_case("saturated units, |Z| up to 20", rng.standard_normal((2, 4)),
                   np.array([[-20.0, -5.0, 5.0, 20.0], [0.5, -0.5, 10.0, -10.0]])),
        _tanh_case("integer Z", rng.standard_normal((2, 3)), np.array([[-2, 0, 1], [3, -1, 2]])),
        _tanh_case("random (6, 2)", rng.standard_normal((6, 2)) * 3, rng.standard_normal((6, 2))),
    ]
    run("check_tanh_backward", cases(visible, hidden_cases, hidden),
        learner(tanh_backward, "tanh_backward", ("dA", "Z")))


# ----- relu_backward --------------------------------------------------------------------------

def _relu_case(label, dA, Z):
    expected = relu_backward(dA, Z)
    mistakes = [
        ("no_upstream", relu_backward(np.ones(np.shape(Z)), Z)),
        ("relu_value", dA * relu(Z)),
    ]
    if np.any(np.asarray(Z) == 0):
        mistakes.append(("relu_at_zero", expected + dA * (np.asarray(Z) == 0)))
    return Case(label, (dA, Z), expected, tuple(mistakes))


def _with_zeros(rng, shape, scale=1.0):
    """Standard-normal Z with about a third of its entries exactly 0 (where ReLU has a kink)."""
    Z = rng.standard_normal(shape) * scale
    Z[rng.random(shape) < 1 / 3] = 0.0
    return Z


def check_relu_backward(relu_backward, hidden=False):
    """Check a learner's ``relu_backward(dA, Z)``: dZ = dA where Z > 0, else 0.

    ReLU has no derivative at Z = 0; nnlib, like most libraries, uses 0 there, so the cases
    hold some entries of Z that are exactly 0. Expected answers come from
    :func:`nnlib.activations.relu_backward`.

    Parameters
    ----------
    relu_backward : callable
    hidden : bool
        Also run the graders' cases (one example, integer Z, other seed).

    Raises
    ------
    AssertionError
        With hints for a derivative of 1 at Z = 0, dA forgotten, dA multiplied by ReLU(Z)
        instead of its derivative, dA changed in place.

    Examples
    --------
    >>> check_relu_backward(lambda dA, Z: dA * (Z > 0))
    check_relu_backward: all 3 cases passed.
    """
    rng = np.random.default_rng(SEED)
    visible = [
        _relu_case("dA = 5, Z = [-1, 0, 2]", np.full((1, 3), 5.0), np.array([[-1.0, 0.0, 2.0]])),
        _relu_case("random dA, Z from -2 to 2 with a 0", rng.standard_normal((1, 5)),
                   np.array([[-2.0, -1.0, 0.0, 1.0, 2.0]])),
        _relu_case("random (4, 3), some Z = 0", rng.standard_normal((4, 3)),
                   _with_zeros(rng, (4, 3))),
    ]
    rng = np.random.default_rng(HIDDEN_SEED)
    hidden_cases = [
        _relu_case("one example (1, 6), some Z = 0", rng.standard_normal((1, 6)),
                   _with_zeros(rng, (1, 6))),
        _relu_case("integer Z", rng.standard_normal((2, 3)), np.array([[-2, 0, 1], [3, -1, 0]])),
        _relu_case("random (5, 4), large values", rng.standard_normal((5, 4)) * 10,
                   _with_zeros(rng, (5, 4), 100.0)),
    ]
    run("check_relu_backward", cases(visible, hidden_cases, hidden),
        learner(relu_backward, "relu_backward", ("dA", "Z")))
