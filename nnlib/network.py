"""An L-layer fully connected network as plain functions on a parameter dict, plus a small class.

``params`` holds ``W1, b1, ..., WL, bL`` with ``Wl`` of shape (n_l, n_{l-1}) and ``bl`` of shape
(n_l,). ``activations`` names each layer's activation (a list of L names, or one name for all).
"""

import numpy as np

from nnlib._validation import as_float_array, check_choice, check_positive_number, check_rows
from nnlib.activations import ACTIVATIONS
from nnlib.initializers import as_rng, get_initializer
from nnlib.layers import DenseCache, _dense_forward, linear_backward
from nnlib.losses import LOSSES, prepare_targets

__all__ = [
    "init_params", "n_layers", "layer_activations", "forward", "backward", "update", "predict",
    "output_gradient", "Network", "default_loss",
]

#: (output activation, loss) pairs whose dLoss/dZ simplifies to (Y_hat - Y) / n.
_FUSED = {("sigmoid", "binary_cross_entropy"), ("softmax", "cross_entropy")}


def init_params(layer_sizes, init="he", rng=None, dtype=np.float64):
    """Create the weights and biases of a network.

    Parameters
    ----------
    layer_sizes : sequence of int
        ``[n_0, n_1, ..., n_L]``: input features, then units per layer.
    init : str or callable
        "zeros", "normal" (x0.01), "xavier" or "he" (see nnlib.initializers), or
        ``f(shape, rng, dtype)``.
    rng : None, int, Generator or RandomState
        Weights are drawn layer by layer, W1 first, each as ``rng.standard_normal((n_l, n_{l-1}))``.
    dtype : numpy dtype
        float64 (default) or float32.

    Returns
    -------
    params : dict
        ``W{l}`` of shape (n_l, n_{l-1}) and ``b{l}`` of shape (n_l,) (zeros), l = 1..L.

    Raises
    ------
    ValueError
        Fewer than two sizes, or a size that is not a positive integer; unknown init name.

    Examples
    --------
    >>> params = init_params([3, 4, 1], rng=0)
    >>> {k: v.shape for k, v in params.items()}
    {'W1': (4, 3), 'b1': (4,), 'W2': (1, 4), 'b2': (1,)}
    """
    try:
        sizes = list(layer_sizes) if not isinstance(layer_sizes, (str, bytes)) else None
    except TypeError:  # a single int such as init_params(5)
        sizes = None
    if not sizes or len(sizes) < 2:
        raise ValueError(
            f"init_params: layer_sizes is {layer_sizes!r}; expected at least two sizes "
            f"[n_inputs, ..., n_outputs], e.g. [12288, 5, 1]."
        )
    bad = [s for s in sizes if isinstance(s, bool) or not isinstance(s, (int, np.integer)) or s < 1]
    if bad:
        raise ValueError(
            f"init_params: layer_sizes is {sizes}; every size must be a positive integer, "
            f"got {bad[0]!r}."
        )
    initializer = get_initializer(init)
    rng = as_rng(rng)
    params = {}
    for l in range(1, len(sizes)):
        params[f"W{l}"] = initializer((int(sizes[l]), int(sizes[l - 1])), rng=rng, dtype=dtype)
        params[f"b{l}"] = np.zeros(int(sizes[l]), dtype=dtype)
    return params


def n_layers(params):
    """Number of layers L in a parameter dict (counts W1, W2, ...).

    Examples
    --------
    >>> n_layers(init_params([2, 2, 1], rng=0))
    2
    """
    L = 0
    while f"W{L + 1}" in params:
        L += 1
    if L == 0 or any(f"b{l}" not in params for l in range(1, L + 1)):
        raise ValueError(
            f"n_layers: params has keys {sorted(params)}; expected W1, b1, ..., WL, bL as made "
            f"by init_params."
        )
    return L


def layer_activations(activations, L, func="forward"):
    """Expand ``activations`` (one name, or a list of L names) into a list of L names.

    Examples
    --------
    >>> layer_activations("sigmoid", 2)
    ['sigmoid', 'sigmoid']
    """
    names = [activations] * L if isinstance(activations, str) else list(activations)
    if len(names) != L:
        raise ValueError(
            f"{func}: got {len(names)} activation names {names} for a network with {L} layers; "
            f"expected one name per layer (or one name for all)."
        )
    for name in names:
        check_choice(name, ACTIVATIONS, "activation", func)
    return names


def _check_params(params, func):
    L = n_layers(params)
    for l in range(1, L + 1):
        W, b = params[f"W{l}"], params[f"b{l}"]
        if getattr(W, "ndim", 0) != 2 or getattr(b, "shape", None) != (W.shape[0],):
            raise ValueError(
                f"{func}: W{l} has shape {getattr(W, 'shape', None)} and b{l} shape "
                f"{getattr(b, 'shape', None)}; expected W{l} of shape (n_{l}, n_{l - 1}) and "
                f"b{l} of shape (n_{l},)."
            )
        if l > 1 and W.shape[1] != params[f"W{l - 1}"].shape[0]:
            raise ValueError(
                f"{func}: W{l} has shape {W.shape} but layer {l - 1} has "
                f"{params[f'W{l - 1}'].shape[0]} units; expected W{l} with "
                f"{params[f'W{l - 1}'].shape[0]} columns."
            )
    return L


def _forward(X, params, names):
    A, caches = X, []
    for l, name in enumerate(names, start=1):
        A, cache = _dense_forward(A, params[f"W{l}"], params[f"b{l}"], name)
        caches.append(cache)
    return A, caches


def forward(X, params, activations):
    """Forward propagation through all layers.

    Parameters
    ----------
    X : ndarray of shape (m, n_0)
    params : dict from :func:`init_params`
    activations : str or list of str
        One activation name per layer, or one name for every layer.

    Returns
    -------
    Y_hat : ndarray of shape (m, n_L)
    caches : list of DenseCache, one per layer

    Examples
    --------
    >>> params = {"W1": np.array([[0.0, 1.0], [0.0, 1.0]]), "b1": np.zeros(2),
    ...           "W2": np.array([[0.0, 1.0]]), "b2": np.zeros(1)}
    >>> Y_hat, caches = forward(np.array([[2.0, 3.0]]), params, "sigmoid")
    >>> float(Y_hat[0, 0])
    0.7216325609518421
    """
    L = _check_params(params, "forward")
    names = layer_activations(activations, L, "forward")
    X = as_float_array(X, "X", "forward")
    check_rows(X, params["W1"].shape[1], "forward")
    return _forward(X, params, names)


def output_gradient(Y, Y_hat, Z, activation, loss, scale=1.0):
    """``scale`` times dLoss/dZ of the output layer (no checks; Y already prepared).

    Uses (Y_hat - Y) / n for sigmoid + binary cross-entropy and softmax + cross-entropy (n is
    the number of elements averaged over), the chain rule otherwise. The training loop passes
    the learning rate as ``scale``: backpropagation is linear in this dZ, so every gradient
    then comes out already multiplied by it.
    """
    if (activation, loss) in _FUSED:
        n = Y_hat.size if loss == "binary_cross_entropy" else Y_hat.shape[0]
        dZ = np.subtract(Y_hat, Y)
        dZ *= scale / n
        return dZ
    dA = LOSSES[loss][1](Y, Y_hat)
    dZ = ACTIVATIONS[activation][1](dA, Z)
    return dZ if scale == 1 else dZ * scale


def _backward(Y, Y_hat, caches, loss):
    L = len(caches)
    grads = {}
    dZ = output_gradient(Y, Y_hat, caches[-1].Z, caches[-1].activation, loss)
    for l in range(L, 0, -1):
        cache = caches[l - 1]
        dA_prev, grads[f"dW{l}"], grads[f"db{l}"] = linear_backward(dZ, cache, l > 1)
        if l > 1:
            below = caches[l - 2]
            dZ = ACTIVATIONS[below.activation][1](dA_prev, below.Z)
    return grads


def backward(Y, Y_hat, caches, loss):
    """Backward propagation: gradients of the loss for every parameter.

    Parameters
    ----------
    Y : ndarray of shape (m, n_L) (or (m,) labels, see nnlib.losses)
    Y_hat : ndarray of shape (m, n_L), from :func:`forward`
    caches : list of DenseCache, from :func:`forward`
    loss : str
        "mse", "sse", "binary_cross_entropy" or "cross_entropy".

    Returns
    -------
    grads : dict
        ``dW{l}`` and ``db{l}`` with the shapes of ``W{l}`` and ``b{l}``.

    Notes
    -----
    dZ_L = (Y_hat - Y) / m for sigmoid + binary cross-entropy and softmax + cross-entropy,
    else dLoss/dY_hat * g'(Z_L); then for l = L..1: dW_l = dZ_l.T @ A_{l-1},
    db_l = sum(dZ_l), dZ_{l-1} = (dZ_l @ W_l) * g'(Z_{l-1}). dA_0 is never computed.

    Examples
    --------
    >>> params = init_params([2, 3, 1], rng=0)
    >>> X, Y = np.array([[0.5, -1.0]]), np.array([[1.0]])
    >>> Y_hat, caches = forward(X, params, ["tanh", "sigmoid"])
    >>> grads = backward(Y, Y_hat, caches, "binary_cross_entropy")
    >>> sorted(grads), grads["dW1"].shape
    (['dW1', 'dW2', 'db1', 'db2'], (3, 2))
    """
    check_choice(loss, LOSSES, "loss", "backward")
    if not isinstance(caches, (list, tuple)) or isinstance(caches, DenseCache) or not all(
        isinstance(c, DenseCache) for c in caches
    ):
        raise TypeError(
            f"backward: caches is {type(caches).__name__}; expected the list of DenseCache "
            f"returned by forward (Y_hat, caches = forward(X, params, activations))."
        )
    if not caches:
        raise ValueError("backward: caches is empty; pass the caches returned by forward.")
    Y, Y_hat = prepare_targets(Y, Y_hat, loss, "backward")
    if Y_hat.shape != caches[-1].Z.shape:
        raise ValueError(
            f"backward: Y_hat has shape {Y_hat.shape} but the last layer's output has shape "
            f"{caches[-1].Z.shape}; pass the Y_hat returned by forward with its caches."
        )
    return _backward(Y, Y_hat, caches, loss)


def update(params, grads, learning_rate):
    """One gradient-descent step: ``p - learning_rate * dp`` for every parameter.

    Returns a new dict; the arrays passed in are not modified.

    Examples
    --------
    >>> update({"W1": np.array([[1.0]]), "b1": np.array([0.0])},
    ...        {"dW1": np.array([[2.0]]), "db1": np.array([-1.0])}, 0.1)
    {'W1': array([[0.8]]), 'b1': array([0.1])}
    """
    # float(): a NumPy float64 learning rate would upcast float32 parameters
    learning_rate = float(check_positive_number(learning_rate, "learning_rate", "update"))
    missing = [k for k in params if f"d{k}" not in grads]
    if missing:
        raise ValueError(
            f"update: grads has no gradient for {missing}; expected keys "
            f"{['d' + k for k in params]} as returned by backward."
        )
    return {k: p - learning_rate * grads[f"d{k}"] for k, p in params.items()}


def _labels_from_output(Y_hat, threshold=0.5):
    if Y_hat.shape[1] == 1:
        return (Y_hat[:, 0] > threshold).astype(np.int64)
    return Y_hat.argmax(axis=1)


def predict(X, params, activations, threshold=0.5):
    """Class labels (m,): ``Y_hat > threshold`` for one output unit, argmax for several.

    Examples
    --------
    >>> params = {"W1": np.array([[1.0, 0.0]]), "b1": np.zeros(1)}
    >>> predict(np.array([[3.0, 0.0], [-3.0, 0.0]]), params, "sigmoid")
    array([1, 0])
    """
    Y_hat, _ = forward(X, params, activations)
    return _labels_from_output(Y_hat, threshold)


def default_loss(output):
    """The loss that fits an output activation: binary/categorical cross-entropy or MSE.

    Examples
    --------
    >>> default_loss("softmax")
    'cross_entropy'
    """
    return {"sigmoid": "binary_cross_entropy", "softmax": "cross_entropy"}.get(output, "mse")


class Network:
    """A fully connected network: its sizes, activations, loss and parameters in one object.

    Parameters
    ----------
    layer_sizes : sequence of int
        ``[n_inputs, hidden..., n_outputs]``.
    hidden, output : str
        Activation of the hidden layers and of the output layer.
    loss : str, optional
        Defaults to the loss that fits ``output`` (:func:`default_loss`).
    init : str or callable
        Weight initialiser (see :func:`init_params`).
    rng : None, int, Generator or RandomState
    dtype : numpy dtype

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

    def __repr__(self):
        return (
            f"Network({self.layer_sizes}, hidden={self.activations[0]!r}, "
            f"output={self.activations[-1]!r}, loss={self.loss!r})"
            if len(self.activations) > 1
            else f"Network({self.layer_sizes}, output={self.activations[-1]!r}, loss={self.loss!r})"
        )

    def forward(self, X):
        """``(Y_hat, caches)`` for a batch X of shape (m, n_0)."""
        return forward(X, self.params, self.activations)

    def predict_proba(self, X):
        """The network's output Y_hat, shape (m, n_L)."""
        return self.forward(X)[0]

    def predict(self, X, threshold=0.5):
        """Class labels (m,) (see :func:`predict`)."""
        return _labels_from_output(self.predict_proba(X), threshold)

    def cost(self, X, Y):
        """The loss on (X, Y) as a float."""
        Y_hat = self.predict_proba(X)
        Y, Y_hat = prepare_targets(Y, Y_hat, self.loss, "Network.cost")
        return LOSSES[self.loss][0](Y, Y_hat)

    def gradients(self, X, Y):
        """Gradients of the loss on (X, Y) for every parameter (dict dW1, db1, ...)."""
        Y_hat, caches = self.forward(X)
        return backward(Y, Y_hat, caches, self.loss)

    def fit(self, X, Y, *, learning_rate, n_epochs, **options):
        """Train with :func:`nnlib.training.fit`; updates ``self.params``, returns the History."""
        from nnlib.training import fit

        self.params, history = fit(
            X, Y, self.params, self.activations, self.loss, learning_rate=learning_rate,
            n_epochs=n_epochs, **options,
        )
        return history

