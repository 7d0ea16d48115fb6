"""Gradient checking: compare backpropagation with central finite differences."""

from typing import NamedTuple

import numpy as np

from nnlib._validation import check_choice, check_positive_number
from nnlib.losses import LOSSES
from nnlib.network import backward, check_params, compute_cost, forward, layer_activations

__all__ = [
    "numerical_gradient", "relative_error", "check_gradients", "GradCheckResult",
    "params_to_vector", "vector_to_params",
]


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
    if not callable(f):
        raise TypeError(f"numerical_gradient: f is {type(f).__name__}; expected a function f(x).")
    eps = check_positive_number(eps, "eps", "numerical_gradient")
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


def params_to_vector(params):
    """All parameters in one flat vector, in the order W1, b1, W2, b2, ...

    Examples
    --------
    >>> params_to_vector({"W1": np.array([[1.0, 2.0]]), "b1": np.array([3.0])})
    array([1., 2., 3.])
    """
    return np.concatenate([np.ravel(params[k]) for k in params])


def vector_to_params(vector, like):
    """The inverse of :func:`params_to_vector`: a dict shaped like ``like``.

    Examples
    --------
    >>> vector_to_params(np.array([1.0, 2.0, 3.0]), {"W1": np.zeros((1, 2)), "b1": np.zeros(1)})
    {'W1': array([[1., 2.]]), 'b1': array([3.])}
    """
    vector = np.asarray(vector)
    sizes = [np.size(v) for v in like.values()]
    if vector.shape != (sum(sizes),):
        raise ValueError(
            f"vector_to_params: vector has shape {vector.shape} but the parameters hold "
            f"{sum(sizes)} numbers; expected shape ({sum(sizes)},)."
        )
    out, start = {}, 0
    for (k, v), n in zip(like.items(), sizes, strict=True):
        out[k] = vector[start:start + n].reshape(np.shape(v))
        start += n
    return out


def check_gradients(X, Y, params, activations, loss, *, l2=0.0, keep_prob=1.0, rng=None,
                    eps=1e-6):
    """Compare :func:`nnlib.network.backward` with finite differences for every parameter.

    Use a small network and a few examples: it evaluates the cost twice per parameter. It runs
    in float64 (a copy of the parameters).

    Parameters
    ----------
    X, Y, params, activations, loss : as for :func:`nnlib.network.forward` and ``backward``
    l2 : float
        Check the gradient of the cost with its L2 term.
    keep_prob : float in (0, 1]
        With dropout, each cost evaluation would drop different units and the finite
        differences would measure noise. Below 1, ``rng`` must be an int seed: every evaluation
        then draws the same masks, which checks backpropagation through a fixed mask.
    rng : int, optional
        The seed of the fixed dropout masks.
    eps : float
        Finite-difference step.

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
    L = check_params(params, "check_gradients")
    layer_activations(activations, L, "check_gradients")
    check_choice(loss, LOSSES, "loss", "check_gradients")
    eps = check_positive_number(eps, "eps", "check_gradients")
    if keep_prob != 1 and (isinstance(rng, bool) or not isinstance(rng, (int, np.integer))):
        raise ValueError(
            f"check_gradients: keep_prob={keep_prob!r} with rng={rng!r}. Dropout draws new masks "
            f"on every forward pass, so finite differences would compare different networks. "
            f"Pass an int seed (e.g. rng=0) to check with one fixed mask, or keep_prob=1."
        )
    params = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
    X = np.asarray(X, dtype=np.float64) if np.asarray(X).dtype.kind in "biuf" else X

    def run(p):
        return forward(X, p, activations, keep_prob=keep_prob, rng=rng)

    Y_hat, caches = run(params)
    grads = backward(Y, Y_hat, caches, loss, l2=l2)
    errors = {}
    for key in params:
        def f(value, key=key):
            p = {**params, key: value}
            return compute_cost(Y, run(p)[0], loss, params=p, l2=l2)
        errors[key] = relative_error(grads[f"d{key}"], numerical_gradient(f, params[key], eps))
    return GradCheckResult(errors, max(errors.values()))
