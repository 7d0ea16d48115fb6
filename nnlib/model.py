"""The Network class: sizes, activations, loss and parameters in one object.

It adds no mathematics of its own: it calls :func:`nnlib.network.forward` and
:func:`nnlib.network.backward`, and trains with :func:`nnlib.training.fit`.
"""

import json
import os
import zipfile

import numpy as np

from nnlib._validation import check_choice
from nnlib.activations import ACTIVATIONS
from nnlib.losses import LOSSES
from nnlib.network import (
    backward,
    check_params,
    compute_cost,
    default_loss,
    forward,
    init_params,
    labels_from_output,
    layer_activations,
)
from nnlib.training import fit

__all__ = ["Network"]

_FORMAT = "nnlib.Network/1"


class Network:
    """A fully connected network.

    Parameters
    ----------
    layer_sizes : sequence of int
        ``[n_inputs, hidden..., n_outputs]``.
    hidden, output : str
        Activation of the hidden layers and of the output layer.
    loss : str, optional
        Defaults to the loss that fits ``output`` (:func:`nnlib.network.default_loss`).
    init : str or callable
        Weight initialiser (see :func:`nnlib.network.init_params`).
    rng : None, int, Generator or RandomState
    dtype : numpy dtype
        float64 (default) or float32.

    Examples
    --------
    >>> net = Network([2, 2, 1], hidden="sigmoid", output="sigmoid", rng=0)
    >>> net
    Network([2, 2, 1], hidden='sigmoid', output='sigmoid', loss='binary_cross_entropy')
    >>> net.predict_proba(np.zeros((3, 2))).shape
    (3, 1)
    """

    def __init__(self, layer_sizes, hidden="relu", output="sigmoid", loss=None, init="he",
                 rng=None, dtype=np.float64):
        self.params = init_params(layer_sizes, init=init, rng=rng, dtype=dtype)
        self.layer_sizes = [int(s) for s in layer_sizes]  # validated by init_params
        L = len(self.layer_sizes) - 1
        check_choice(hidden, ACTIVATIONS, "activation", "Network")  # even when L == 1
        self.activations = layer_activations([hidden] * (L - 1) + [output], L, "Network")
        self.loss = check_choice(loss or default_loss(output), LOSSES, "loss", "Network")
        if (output, self.loss) in {("softmax", "binary_cross_entropy"),
                                   ("sigmoid", "cross_entropy")}:
            fix = "cross_entropy" if output == "softmax" else "binary_cross_entropy"
            raise ValueError(
                f"Network: output={output!r} with loss={self.loss!r} do not fit together; use "
                f"loss={fix!r} (or leave loss out: it defaults to the loss that fits the output)."
            )

    def __repr__(self):
        if len(self.activations) > 1:
            return (
                f"Network({self.layer_sizes}, hidden={self.activations[0]!r}, "
                f"output={self.activations[-1]!r}, loss={self.loss!r})"
            )
        return f"Network({self.layer_sizes}, output={self.activations[-1]!r}, loss={self.loss!r})"

    def forward(self, X, **options):
        """``(Y_hat, caches)`` for a batch X of shape (m, n_0) (options: keep_prob, rng)."""
        return forward(X, self.params, self.activations, **options)

    def predict_proba(self, X):
        """The network's output Y_hat, shape (m, n_L) (no dropout)."""
        return self.forward(X)[0]

    def predict(self, X, threshold=0.5):
        """Class labels (m,): ``Y_hat > threshold`` for one output unit, argmax for several."""
        if isinstance(threshold, bool) or not isinstance(threshold, (int, float, np.number)):
            raise TypeError(
                f"Network.predict: threshold is {threshold!r}; expected a number between 0 and 1."
            )
        return labels_from_output(self.predict_proba(X), threshold)

    def cost(self, X, Y, l2=0.0):
        """The cost on (X, Y) as a float (with the L2 term when l2 > 0)."""
        return compute_cost(Y, self.predict_proba(X), self.loss, params=self.params, l2=l2)

    def gradients(self, X, Y, l2=0.0):
        """Gradients of the cost on (X, Y) for every parameter (dict dW1, db1, ...)."""
        Y_hat, caches = self.forward(X)
        return backward(Y, Y_hat, caches, self.loss, l2=l2)

    def fit(self, X, Y, *, n_epochs, **options):
        """Train with :func:`nnlib.training.fit` (same options); updates ``self.params``.

        Returns the History.
        """
        self.params, history = fit(X, Y, self.params, self.activations, self.loss,
                                   n_epochs=n_epochs, **options)
        return history

    @property
    def n_params(self):
        """Number of trainable numbers (weights and biases)."""
        return int(sum(p.size for p in self.params.values()))

    def summary(self):
        """A table of the layers: shapes of W and b, activation, parameter count.

        Examples
        --------
        >>> print(Network([784, 128, 10], output="softmax", rng=0).summary())
        layer  units  activation  W shape     b shape  parameters
        1        128  relu        (128, 784)  (128,)       100480
        2         10  softmax     (10, 128)   (10,)          1290
        total parameters: 101770   loss: cross_entropy   dtype: float64
        """
        rows = [("layer", "units", "activation", "W shape", "b shape", "parameters")]
        for l, name in enumerate(self.activations, start=1):
            W, b = self.params[f"W{l}"], self.params[f"b{l}"]
            rows.append((str(l), str(W.shape[0]), name, str(W.shape), str(b.shape),
                         str(W.size + b.size)))
        widths = [max(len(r[i]) for r in rows) for i in range(6)]
        right = {1, 5}
        lines = [
            "  ".join(c.rjust(w) if i in right else c.ljust(w)
                      for i, (c, w) in enumerate(zip(r, widths, strict=True))).rstrip()
            for r in rows
        ]
        dtype = self.params["W1"].dtype
        lines.append(f"total parameters: {self.n_params}   loss: {self.loss}   dtype: {dtype}")
        return "\n".join(lines)

    def save(self, path):
        """Save to ``path`` (.npz): the parameters and a JSON description, no pickled objects.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> net = Network([2, 3, 1], rng=0)
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "net.npz"
        >>> net.save(path)
        >>> again = Network.load(path)
        >>> all(np.array_equal(net.params[k], again.params[k]) for k in net.params)
        True
        """
        meta = {"format": _FORMAT, "layer_sizes": self.layer_sizes,
                "activations": self.activations, "loss": self.loss}
        path = os.fspath(path)
        with open(path, "wb") as f:
            np.savez(f, __meta__=np.array(json.dumps(meta)), **self.params)

    @classmethod
    def load(cls, path):
        """Load a network saved by :meth:`save`. Never unpickles: a file holding Python objects
        (or made by something else) is refused with an error, its code is never run.

        Raises
        ------
        ValueError
            Not an nnlib network file, pickled content, parameters that do not fit the sizes.
        """
        path = os.fspath(path)
        try:
            with np.load(path, allow_pickle=False) as data:
                meta = json.loads(str(data["__meta__"]))
                params = {k: data[k] for k in data.files if k != "__meta__"}
        except FileNotFoundError:
            raise
        except (ValueError, KeyError, OSError, zipfile.BadZipFile, json.JSONDecodeError) as err:
            raise ValueError(
                f"Network.load: {path!r} is not a network saved by Network.save ({err}). "
                f"Files with pickled Python objects are refused: they could run code."
            ) from None
        if not isinstance(meta, dict) or meta.get("format") != _FORMAT:
            found = meta.get("format") if isinstance(meta, dict) else None
            raise ValueError(
                f"Network.load: {path!r} has no nnlib network description (format {found!r}, "
                f"expected {_FORMAT!r})."
            )
        net = cls.__new__(cls)
        net.layer_sizes = [int(s) for s in meta["layer_sizes"]]
        L = len(net.layer_sizes) - 1
        net.activations = layer_activations(meta["activations"], L, "Network.load")
        net.loss = check_choice(meta["loss"], LOSSES, "loss", "Network.load")
        check_params(params, "Network.load")
        for l in range(1, L + 1):
            expected = (net.layer_sizes[l], net.layer_sizes[l - 1])
            if params[f"W{l}"].shape != expected:
                raise ValueError(
                    f"Network.load: W{l} in {path!r} has shape {params[f'W{l}'].shape} but the "
                    f"saved layer sizes {net.layer_sizes} need {expected}; the file is damaged."
                )
        net.params = params
        return net
