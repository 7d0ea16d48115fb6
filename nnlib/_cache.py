"""Small constant vectors reused by the training path (read-only, so sharing them is safe).

A training loop asks for the same few vectors thousands of times (a column of ones for the bias
gradient's column sums, the row indices 0..m-1 of a mini-batch); creating each once saves a
Python call and an allocation per use.
"""

import numpy as np

_ONES, _ARANGE = {}, {}
_LIMIT = 64  # entries kept per kind; more means the sizes keep changing: start again


def _keep(store, key, vector):
    if len(store) >= _LIMIT:
        store.clear()
    vector.flags.writeable = False
    store[key] = vector
    return vector


def ones(n, dtype):
    """A read-only vector of ``n`` ones of ``dtype``."""
    vector = _ONES.get((n, dtype))
    return vector if vector is not None else _keep(_ONES, (n, dtype), np.ones(n, dtype=dtype))


def arange(n):
    """The read-only vector ``0, 1, ..., n - 1`` (NumPy's default integer type)."""
    vector = _ARANGE.get(n)
    return vector if vector is not None else _keep(_ARANGE, n, np.arange(n))
