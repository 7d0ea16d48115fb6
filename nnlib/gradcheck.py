"""Gradient checking: compare backpropagation with central finite differences."""

from typing import NamedTuple

import numpy as np

from nnlib.losses import LOSSES, prepare_targets
from nnlib.network import _backward, _check_params, _forward, layer_activations

__all__ = ["numerical_gradient", "relative_error", "check_gradients", "GradCheckResult"]


def numerical_gradient(f, x, eps=1e-6):
    """Central-difference gradient of a scalar function ``f`` at ``x``.

    Parameters
    ----------
    f : callable
        ``f(x) -> float``.
    x : ndarray
        The point; it is not modified (a float64 copy is perturbed).
    eps : float
        Step size.

    Returns
    -------
    grad : ndarray of x's shape (float64)

    Notes
    -----
    grad[i] = (f(x + eps e_i) - f(x - eps e_i)) / (2 eps), error O(eps**2).

    Examples
    --------
    >>> numerical_gradient(lambda v: float(np.sum(v ** 2)), np.array([1.0, -2.0]))
    array([ 2., -4.])
    """
    x = np.array(x, dtype=np.float64)  # a private copy
    grad = np.zeros_like(x)
    flat, gflat = x.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):  # one coordinate at a time: a loop over parameters, not examples
        old = flat[i]
        flat[i] = old + eps
        f_plus = f(x)
        flat[i] = old - eps
        f_minus = f(x)
        flat[i] = old
        gflat[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def relative_error(a, b):
    """``||a - b|| / (||a|| + ||b||)``, and 0 when both are zero.

    Examples
    --------
    >>> relative_error(np.array([1.0, 2.0]), np.array([1.0, 2.0]))
    0.0
    >>> round(relative_error(np.array([1.0]), np.array([3.0])), 3)
    0.5
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"relative_error: shapes {a.shape} and {b.shape} differ; expected equal.")
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denom == 0 else float(np.linalg.norm(a - b) / denom)


class GradCheckResult(NamedTuple):
    """Relative error per parameter name, and the largest of them."""

    errors: dict
    max_error: float

    def passed(self, tolerance=1e-7):
        """True when every relative error is below ``tolerance``."""
        return self.max_error < tolerance


def check_gradients(X, Y, params, activations, loss, eps=1e-6):
    """Compare :func:`nnlib.network.backward` with finite differences for every parameter.

    Use a small network and a few examples: it evaluates the loss twice per parameter. Run it
    in float64.

    Returns
    -------
    GradCheckResult
        ``errors`` maps "W1", "b1", ... to relative errors; ``max_error`` is the largest.

    Examples
    --------
    >>> from nnlib.network import init_params
    >>> rng = np.random.default_rng(0)
    >>> X, Y = rng.standard_normal((4, 3)), np.array([[0.0], [1.0], [1.0], [0.0]])
    >>> result = check_gradients(X, Y, init_params([3, 4, 1], rng=1), ["tanh", "sigmoid"],
    ...                          "binary_cross_entropy")
    >>> result.passed(1e-7)
    True
    """
    L = _check_params(params, "check_gradients")
    names = layer_activations(activations, L, "check_gradients")
    params = {k: np.asarray(v, dtype=np.float64) for k, v in params.items()}
    X = np.asarray(X, dtype=np.float64)
    Y_hat, caches = _forward(X, params, names)
    Y, Y_hat = prepare_targets(Y, Y_hat, loss, "check_gradients")
    grads = _backward(Y, Y_hat, caches, loss)
    loss_fn = LOSSES[loss][0]
    errors = {}
    for key in params:
        def f(value, key=key):
            return loss_fn(Y, _forward(X, {**params, key: value}, names)[0])
        errors[key] = relative_error(grads[f"d{key}"], numerical_gradient(f, params[key], eps))
    return GradCheckResult(errors, max(errors.values()))
