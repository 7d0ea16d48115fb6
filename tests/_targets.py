"""Random targets that fit a loss, shared by the gradient-check tests."""

import numpy as np


def random_targets(loss, m, n_out, rng, labels=False):
    """0/1 labels for binary cross-entropy, one-hot rows (or integer labels) for cross-entropy,
    real numbers otherwise."""
    if loss == "binary_cross_entropy":
        return (rng.random((m, n_out)) > 0.5).astype(float)
    if loss == "cross_entropy":
        y = rng.integers(0, n_out, size=m)
        return y if labels else np.eye(n_out)[y]
    return rng.standard_normal((m, n_out))
