"""Weight initialisers.

Each initialiser is called ``init(shape, rng=None, dtype=np.float64)`` with ``shape`` =
(n_out, n_in), the shape of a dense layer's ``W``. Random ones draw ``rng.standard_normal(shape)``,
which gives the same numbers as ``np.random.randn(*shape)`` after ``np.random.seed(s)`` when
``rng`` is ``np.random.RandomState(s)``: that is how a lesson reproduces a tutorial exactly.
"""

import numpy as np

__all__ = ["as_rng", "zeros", "normal", "xavier", "he", "INITIALIZERS", "get_initializer"]


def as_rng(rng=None):
    """Turn ``rng`` into a random generator.

    Parameters
    ----------
    rng : None, int, numpy.random.Generator or numpy.random.RandomState
        None gives a fresh unseeded Generator, an int seeds a new Generator; a Generator or
        RandomState is used as it is (and advanced by the draws).

    Examples
    --------
    >>> as_rng(0).standard_normal() == np.random.default_rng(0).standard_normal()
    True
    >>> rs = np.random.RandomState(1)
    >>> as_rng(rs) is rs
    True
    """
    if rng is None:
        return np.random.default_rng()
    if isinstance(rng, (np.random.Generator, np.random.RandomState)):
        return rng
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool):
        if rng < 0:
            raise ValueError(
                f"as_rng: rng is {rng}; a seed must be a non-negative integer (e.g. rng=0)."
            )
        return np.random.default_rng(int(rng))
    raise TypeError(
        f"as_rng: rng is {type(rng).__name__}; expected None, an int seed, a "
        f"numpy.random.Generator or a numpy.random.RandomState (e.g. rng=0)."
    )


def _shape(shape, caller):
    shape = tuple(int(s) for s in np.atleast_1d(shape))
    if len(shape) != 2 or min(shape) < 1:
        raise ValueError(
            f"{caller}: shape must be (n_out, n_in) with positive sizes, got {shape}."
        )
    return shape


def zeros(shape, rng=None, dtype=np.float64):
    """All zeros. Fine for biases; for hidden-layer weights it makes every unit identical.

    Examples
    --------
    >>> zeros((2, 3))
    array([[0., 0., 0.],
           [0., 0., 0.]])
    """
    return np.zeros(_shape(shape, "zeros"), dtype=dtype)


def normal(shape, rng=None, dtype=np.float64, scale=0.01):
    """Standard normal draws times ``scale`` (0.01): small weights, as in many tutorials.

    Examples
    --------
    >>> W = normal((5, 12288), rng=np.random.RandomState(1))
    >>> bool(np.allclose(W, np.random.RandomState(1).randn(5, 12288) * 0.01))
    True
    """
    return (as_rng(rng).standard_normal(_shape(shape, "normal")) * scale).astype(dtype, copy=False)


def xavier(shape, rng=None, dtype=np.float64):
    """Glorot/Xavier normal: standard deviation ``sqrt(2 / (n_in + n_out))`` (suits tanh, sigmoid).

    Examples
    --------
    >>> W = xavier((200, 300), rng=0)
    >>> round(float(W.std()), 2), round((2 / 500) ** 0.5, 2)
    (0.06, 0.06)
    """
    n_out, n_in = _shape(shape, "xavier")
    std = np.sqrt(2.0 / (n_in + n_out))
    return (as_rng(rng).standard_normal((n_out, n_in)) * std).astype(dtype, copy=False)


def he(shape, rng=None, dtype=np.float64):
    """He normal: standard deviation ``sqrt(2 / n_in)`` (suits ReLU).

    Examples
    --------
    >>> W = he((300, 200), rng=0)
    >>> round(float(W.std()), 2), round((2 / 200) ** 0.5, 2)
    (0.1, 0.1)
    """
    n_out, n_in = _shape(shape, "he")
    return (as_rng(rng).standard_normal((n_out, n_in)) * np.sqrt(2.0 / n_in)).astype(
        dtype, copy=False
    )


INITIALIZERS = {"zeros": zeros, "normal": normal, "xavier": xavier, "he": he}


def get_initializer(name):
    """Return the initialiser called ``name`` (a callable is returned unchanged).

    Examples
    --------
    >>> get_initializer("he") is he
    True
    """
    if callable(name):
        return name
    if not isinstance(name, str) or name not in INITIALIZERS:
        valid = ", ".join(repr(n) for n in INITIALIZERS)
        raise ValueError(f"get_initializer: unknown initializer {name!r}; choose one of {valid}.")
    return INITIALIZERS[name]
