"""Small constant vectors reused by the training path (read-only, so sharing them is safe).

A training loop asks for the same few vectors thousands of times (a column of ones for the bias
gradient's column sums, the row indices 0..m-1 of a mini-batch); creating each once saves a
Python call and an allocation per use.
"""

import numpy as np

_VECTORS = {}
_LIMIT = 64  # distinct (kind, n, dtype) entries kept; more means the sizes keep changing


def _cached(kind, n, dtype, make):
    key = (kind, n, dtype)
    vector = _VECTORS.get(key)
    if vector is None:
        if len(_VECTORS) >= _LIMIT:
            _VECTORS.clear()
        vector = make(n, dtype=dtype)
        vector.flags.writeable = False
        _VECTORS[key] = vector
    return vector


def ones(n, dtype):
    """A read-only vector of ``n`` ones of ``dtype``."""
    return _cached("ones", n, dtype, np.ones)


def arange(n):
    """The read-only vector ``0, 1, ..., n - 1`` (int64)."""
    return _cached("arange", n, np.int64, np.arange)
