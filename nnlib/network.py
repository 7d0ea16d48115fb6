"""An L-layer fully connected network as plain functions on a parameter dict.

``params`` holds ``W1, b1, ..., WL, bL`` with ``Wl`` of shape (n_l, n_{l-1}) and ``bl`` of shape
(n_l,). ``activations`` names each layer's activation (a list of L names, or one name for all).

This is the one forward and backward pass of nnlib: :func:`nnlib.training.fit`,
:class:`nnlib.model.Network`, :func:`nnlib.gradcheck.check_gradients` and the exercise checks all
call :func:`forward`, :func:`compute_cost` and :func:`backward`. Updating the parameters is not
done here: an optimizer (nnlib.optimizers) or :func:`update` does it with the gradients.
"""

import numpy as np

from nnlib._validation import (
    as_float_array,
    check_choice,
    check_float_dtype,
    check_gradient_shapes,
    check_non_negative_number,
    check_params,
    check_positive_number,
    check_probability,
    check_rows,
    n_layers,
)
from nnlib.activations import ACTIVATIONS
from nnlib.initializers import as_rng, get_initializer
from nnlib.layers import dense_backward, dense_forward, dropout_forward, linear_backward
from nnlib.losses import LOSSES, prepare_targets

__all__ = [
    "init_params", "n_layers", "layer_activations", "forward", "output_gradient", "backward",
    "compute_cost", "l2_penalty", "update", "predict", "labels_from_output", "default_loss",
    "check_params", "check_gradient_shapes",
]

#: (output activation, loss) pairs whose dLoss/dZ simplifies to (Y_hat - Y) / m.
FUSED = {("sigmoid", "binary_cross_entropy"), ("softmax", "cross_entropy")}


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
        Fewer than two sizes, a size that is not a positive integer, an unknown init name, a
        dtype that is not float32 or float64.

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
    dtype = check_float_dtype(dtype, "init_params")
    initializer = get_initializer(init)
    rng = as_rng(rng)
    params = {}
    for l in range(1, len(sizes)):
        params[f"W{l}"] = initializer((int(sizes[l]), int(sizes[l - 1])), rng=rng, dtype=dtype)
        params[f"b{l}"] = np.zeros(int(sizes[l]), dtype=dtype)
    return params


def layer_activations(activations, L, caller="forward"):
    """Expand ``activations`` (one name, or a list of L names) into a list of L names.

    Examples
    --------
    >>> layer_activations("sigmoid", 2)
    ['sigmoid', 'sigmoid']
    """
    if isinstance(activations, str):
        names = [activations] * L
    elif isinstance(activations, (list, tuple)):
        names = list(activations)
    else:
        raise TypeError(
            f"{caller}: activations is {type(activations).__name__}; expected one activation name "
            f"(e.g. 'relu') or a list with one name per layer (e.g. ['relu', 'sigmoid'])."
        )
    if len(names) != L:
        raise ValueError(
            f"{caller}: got {len(names)} activation names {names} for a network with {L} layers; "
            f"expected one name per layer (or one name for all)."
        )
    for name in names:
        check_choice(name, ACTIVATIONS, "activation", caller)
    return names


def forward(X, params, activations, *, keep_prob=1.0, rng=None, check_input=True):
    """Forward propagation through all layers.

    Parameters
    ----------
    X : ndarray of shape (m, n_0)
    params : dict from :func:`init_params`
    activations : str or list of str
        One activation name per layer, or one name for every layer.
    keep_prob : float in (0, 1]
        Inverted dropout on the hidden layers' outputs (:func:`nnlib.layers.dropout_forward`);
        1 (the default) drops nothing. Use it for training only, never for predictions.
    rng : None, int, Generator or RandomState
        Draws the dropout masks (unused when keep_prob is 1).
    check_input : bool
        False skips the checks of X, params and activations (``activations`` must then be a
        list of names and ``rng`` a generator): for a training loop that checked them once.

    Returns
    -------
    Y_hat : ndarray of shape (m, n_L)
    caches : list of DenseCache, one per layer (with the layer's dropout mask, if any)

    Examples
    --------
    >>> params = {"W1": np.array([[0.0, 1.0], [0.0, 1.0]]), "b1": np.zeros(2),
    ...           "W2": np.array([[0.0, 1.0]]), "b2": np.zeros(1)}
    >>> Y_hat, caches = forward(np.array([[2.0, 3.0]]), params, "sigmoid")
    >>> float(Y_hat[0, 0])
    0.7216325609518421
    """
    if check_input:
        L = check_params(params, "forward")
        names = layer_activations(activations, L, "forward")
        keep_prob = check_probability(keep_prob, "keep_prob", "forward")
        X = as_float_array(X, "X", "forward")
        check_rows(X, params["W1"].shape[1], "forward")
        if keep_prob < 1:
            rng = as_rng(rng)
    else:
        L, names = len(activations), activations
    A, caches = X, []
    for l, name in enumerate(names, start=1):
        A, cache = dense_forward(A, params[f"W{l}"], params[f"b{l}"], name)
        if keep_prob < 1 and l < L:
            A, mask = dropout_forward(A, keep_prob, rng)
            cache = cache._replace(mask=mask)
        caches.append(cache)
    return A, caches


def output_gradient(Y, Y_hat, cache, loss):
    """dLoss/dZ of the output layer, Y already prepared (see nnlib.losses.prepare_targets).

    Notes
    -----
    For sigmoid + binary cross-entropy and softmax + cross-entropy the chain rule collapses to
    (Y_hat - Y) / m, computed directly (it is exact, and stable where P(1 - P) underflows);
    otherwise dZ = g'(Z) applied to dLoss/dY_hat.

    Examples
    --------
    >>> Y_hat, caches = forward(np.array([[0.0]]), {"W1": np.ones((1, 1)), "b1": np.zeros(1)},
    ...                         "sigmoid")
    >>> output_gradient(np.array([[1.0]]), Y_hat, caches[-1], "binary_cross_entropy")
    array([[-0.5]])
    """
    Z, activation = cache[3], cache[4]
    if (activation, loss) in FUSED:
        dZ = np.subtract(Y_hat, Y)
        dZ *= 1 / Y_hat.shape[0]
        return dZ
    dA = LOSSES[loss][1](Y, Y_hat)
    return ACTIVATIONS[activation][1](dA, Z)


def backward(Y, Y_hat, caches, loss, *, l2=0.0, check_input=True):
    """Backward propagation: gradients of the cost for every parameter.

    Parameters
    ----------
    Y : targets for ``loss``: (m, n_L), or (m,) labels (see nnlib.losses)
    Y_hat : ndarray of shape (m, n_L), from :func:`forward`
    caches : list of DenseCache, from :func:`forward`
    loss : str
        "mse", "sse", "binary_cross_entropy" or "cross_entropy".
    l2 : float
        L2 regularisation strength lambda (0: none). Adds lambda/m * W to every dW (not to db).
    check_input : bool
        False skips the checks of the arguments (Y must then be prepared: Y_hat's shape and
        dtype, see nnlib.losses.prepare_targets): for a training loop that checked them once.

    Returns
    -------
    grads : dict
        ``dW{l}`` and ``db{l}`` with the shapes of ``W{l}`` and ``b{l}``. Not multiplied by a
        learning rate: the optimizer does that.

    Notes
    -----
    dZ_L = (Y_hat - Y) / m for sigmoid + binary cross-entropy and softmax + cross-entropy,
    else dLoss/dY_hat * g'(Z_L); dW_L, db_L, dA_{L-1} from :func:`nnlib.layers.linear_backward`;
    then for l = L-1..1, :func:`nnlib.layers.dense_backward` (dropout mask, g', the products).
    dA_0, the gradient for the data, is never computed.

    Examples
    --------
    >>> params = init_params([2, 3, 1], rng=0)
    >>> X, Y = np.array([[0.5, -1.0]]), np.array([[1.0]])
    >>> Y_hat, caches = forward(X, params, ["tanh", "sigmoid"])
    >>> grads = backward(Y, Y_hat, caches, "binary_cross_entropy")
    >>> sorted(grads), grads["dW1"].shape
    (['dW1', 'dW2', 'db1', 'db2'], (3, 2))
    """
    if check_input:
        Y, Y_hat, l2 = _check_backward(Y, Y_hat, caches, loss, l2)
    L, m = len(caches), Y_hat.shape[0]
    grads = {}
    dZ = output_gradient(Y, Y_hat, caches[-1], loss)
    dA, grads[f"dW{L}"], grads[f"db{L}"] = linear_backward(dZ, caches[-1], need_dA_prev=L > 1)
    for l in range(L - 1, 0, -1):
        dA, grads[f"dW{l}"], grads[f"db{l}"] = dense_backward(dA, caches[l - 1],
                                                               need_dA_prev=l > 1)
    if l2:
        for l in range(1, L + 1):
            grads[f"dW{l}"] += (l2 / m) * caches[l - 1][1]
    return {k: grads[k] for l in range(1, L + 1) for k in (f"dW{l}", f"db{l}")}


def _check_backward(Y, Y_hat, caches, loss, l2):
    check_choice(loss, LOSSES, "loss", "backward")
    if not isinstance(caches, list) or not caches or not all(
        isinstance(c, tuple) and len(c) in (5, 6) for c in caches
    ):
        raise TypeError(
            f"backward: caches is {type(caches).__name__}; expected the non-empty list of layer "
            f"caches returned by forward (Y_hat, caches = forward(X, params, activations))."
        )
    l2 = check_non_negative_number(l2, "l2", "backward")
    Y, Y_hat = prepare_targets(Y, Y_hat, loss, "backward")
    if Y_hat.shape != np.shape(caches[-1][3]):
        raise ValueError(
            f"backward: Y_hat has shape {Y_hat.shape} but the last layer's output has shape "
            f"{np.shape(caches[-1][3])}; pass the Y_hat returned by forward with its caches."
        )
    return Y, Y_hat, l2


def l2_penalty(params, l2, m):
    """The L2 term of the cost: ``l2 / (2 m) * sum of every squared weight`` (biases excluded).

    Examples
    --------
    >>> l2_penalty({"W1": np.array([[1.0, 2.0]]), "b1": np.array([5.0])}, l2=0.4, m=2)
    0.5
    """
    if not l2:
        return 0.0
    L = n_layers(params)
    total = sum(float(np.vdot(params[f"W{l}"], params[f"W{l}"])) for l in range(1, L + 1))
    return l2 / (2 * m) * total


def compute_cost(Y, Y_hat, loss, *, params=None, l2=0.0, check_input=True):
    """The cost: the loss on (Y, Y_hat), plus the L2 penalty when ``l2`` > 0.

    Parameters
    ----------
    Y, Y_hat : targets and predictions (see nnlib.losses)
    loss : str
    params : dict, needed when l2 > 0
    l2 : float
        lambda; the cost gets lambda / (2 m) * sum over layers of sum(W ** 2).
    check_input : bool
        False skips the checks (Y must then be prepared, as for :func:`backward`).

    Returns
    -------
    float

    Examples
    --------
    >>> compute_cost(np.array([[1.0]]), np.array([[0.5]]), "mse")
    0.25
    >>> compute_cost(np.array([[1.0]]), np.array([[0.5]]), "mse", params={"W1": np.ones((1, 1)),
    ...              "b1": np.zeros(1)}, l2=1.0)
    0.75
    """
    if check_input:
        check_choice(loss, LOSSES, "loss", "compute_cost")
        l2 = check_non_negative_number(l2, "l2", "compute_cost")
        Y, Y_hat = prepare_targets(Y, Y_hat, loss, "compute_cost")
    cost = LOSSES[loss][0](Y, Y_hat)
    if l2:
        if params is None:
            raise ValueError(
                "compute_cost: l2 > 0 needs the weights; pass params=... (the dict of W1, b1, ...)."
            )
        cost += l2_penalty(params, l2, Y_hat.shape[0])
    return cost


def update(params, grads, learning_rate):
    """One plain gradient-descent step: ``p - learning_rate * dp`` for every parameter.

    Returns a new dict; the arrays passed in are not modified. (nnlib.optimizers.SGD does the
    same step in place, and Momentum, RMSProp and Adam do better ones.)

    Examples
    --------
    >>> update({"W1": np.array([[1.0]]), "b1": np.array([0.0])},
    ...        {"dW1": np.array([[2.0]]), "db1": np.array([-1.0])}, 0.1)
    {'W1': array([[0.8]]), 'b1': array([0.1])}
    """
    learning_rate = float(check_positive_number(learning_rate, "learning_rate", "update"))
    check_gradient_shapes(params, grads, "update")
    return {k: p - learning_rate * grads[f"d{k}"] for k, p in params.items()}


def labels_from_output(Y_hat, threshold=0.5):
    """Class labels (m,) from a network's output: ``Y_hat > threshold`` for one unit, else argmax.

    Examples
    --------
    >>> labels_from_output(np.array([[0.2], [0.7]]))
    array([0, 1])
    """
    if Y_hat.shape[1] == 1:
        return (Y_hat[:, 0] > threshold).astype(np.int64)
    return Y_hat.argmax(axis=1)


def predict(X, params, activations, threshold=0.5):
    """Class labels (m,): ``Y_hat > threshold`` for one output unit, argmax for several.

    Never drops units: dropout is for training only.

    Examples
    --------
    >>> params = {"W1": np.array([[1.0, 0.0]]), "b1": np.zeros(1)}
    >>> predict(np.array([[3.0, 0.0], [-3.0, 0.0]]), params, "sigmoid")
    array([1, 0])
    """
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float, np.number)):
        raise TypeError(
            f"predict: threshold is {threshold!r}; expected a number between 0 and 1, e.g. 0.5."
        )
    Y_hat, _ = forward(X, params, activations)
    return labels_from_output(Y_hat, threshold)


def default_loss(output):
    """The loss that fits an output activation: binary/categorical cross-entropy or MSE.

    Examples
    --------
    >>> default_loss("softmax")
    'cross_entropy'
    """
    return {"sigmoid": "binary_cross_entropy", "softmax": "cross_entropy"}.get(output, "mse")
