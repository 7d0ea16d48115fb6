"""Every error nnlib promises: the type, and a message that names the function, what it received,
what it expected and the fix.

The checks are plain ``if ... raise`` (never ``assert``), so this module also passes under
``python -O``.
"""

import re

import numpy as np
import pytest

from nnlib import activations as act
from nnlib import initializers as init
from nnlib import losses
from nnlib.gradcheck import check_gradients, relative_error
from nnlib.layers import dense_backward, dense_forward
from nnlib.metrics import accuracy, confusion_matrix, to_labels
from nnlib.model import Network
from nnlib.network import backward, forward, init_params, predict, update
from nnlib.training import fit, minibatches

X = np.arange(8.0).reshape(4, 2) / 8  # 4 examples, 2 features
Y = np.array([[0.0], [1.0], [1.0], [0.0]])
PARAMS = init_params([2, 3, 1], rng=0)
W1, b1 = PARAMS["W1"], PARAMS["b1"]  # (3, 2), (3,)
Y_HAT, CACHES = forward(X, PARAMS, "sigmoid")
GRADS = backward(Y, Y_HAT, CACHES, "binary_cross_entropy")

ACTIVATION_NAMES = "'sigmoid', 'tanh', 'relu', 'leaky_relu', 'softmax', 'identity'"
LOSS_NAMES = "'mse', 'sse', 'binary_cross_entropy', 'cross_entropy'"
INIT_NAMES = "'zeros', 'normal', 'xavier', 'he'"


def run_fit(**changes):
    arguments = dict(X=X, Y=Y, params=PARAMS, activations="sigmoid",
                     loss="binary_cross_entropy", learning_rate=0.1, n_epochs=1)
    arguments.update(changes)
    return fit(**arguments)


def with_nan(A, value=np.nan):
    A = np.array(A, dtype=float)
    A.flat[1] = value
    return A


def raises(call, error, *parts):
    """``call()`` raises ``error`` whose message contains ``parts`` (literal text) in order."""
    with pytest.raises(error, match=".*".join(re.escape(p) for p in parts)):
        call()


# ----- wrong shapes ---------------------------------------------------------------------------

SHAPES = {
    "dense_forward-examples-as-columns": (
        lambda: dense_forward(X.T, W1, b1, "relu"), ValueError,
        ["dense_forward: A_prev has shape (2, 4)", "expects 2 input features per row",
         "expected (m, 2)", "If your examples are columns, pass A_prev.T."]),
    "dense_forward-single-example-1d": (
        lambda: dense_forward(X[0], W1, b1, "relu"), ValueError,
        ["dense_forward: A_prev has shape (2,)", "expected (m, 2)", "A_prev.reshape(1, -1)"]),
    "dense_forward-wrong-features": (
        lambda: dense_forward(np.ones((4, 5)), W1, b1, "relu"), ValueError,
        ["dense_forward: A_prev has shape (4, 5)", "expected (m, 2)"]),
    "dense_forward-b-column": (
        lambda: dense_forward(X, W1, b1.reshape(-1, 1), "relu"), ValueError,
        ["dense_forward: b has shape (3, 1)", "expected b of shape (3,)", "b.ravel()"]),
    "dense_forward-b-wrong-size": (
        lambda: dense_forward(X, W1, np.zeros(4), "relu"), ValueError,
        ["dense_forward: b has shape (4,) but W has 3 rows", "expected b of shape (3,)"]),
    "dense_forward-W-1d": (
        lambda: dense_forward(X, np.ones(2), np.ones(1), "relu"), ValueError,
        ["dense_forward: W has shape (2,)", "a 2-D array was expected"]),
    "forward-examples-as-columns": (
        lambda: forward(X.T, PARAMS, "sigmoid"), ValueError,
        ["forward: X has shape (2, 4)", "expected (m, 2)", "pass X.T"]),
    "forward-single-example-1d": (
        lambda: forward(X[0], PARAMS, "sigmoid"), ValueError,
        ["forward: X has shape (2,)", "expected (m, 2)", "X.reshape(1, -1)"]),
    "forward-b-column-in-params": (
        lambda: forward(X, {**PARAMS, "b1": b1.reshape(-1, 1)}, "sigmoid"), ValueError,
        ["forward: W1 has shape (3, 2) and b1 shape (3, 1)", "b1 of shape (n_1,)"]),
    "forward-W2-does-not-fit-W1": (
        lambda: forward(X, {**PARAMS, "W2": np.ones((1, 4))}, "sigmoid"), ValueError,
        ["forward: W2 has shape (1, 4) but layer 1 has 3 units", "expected W2 with 3 columns"]),
    "forward-missing-keys": (
        lambda: forward(X, {"W1": W1}, "sigmoid"), ValueError,
        ["params has keys ['W1']", "expected W1, b1, ..., WL, bL", "init_params"]),
    "forward-activation-count": (
        lambda: forward(X, PARAMS, ["relu", "relu", "sigmoid"]), ValueError,
        ["forward: got 3 activation names", "network with 2 layers", "one name per layer"]),
    "fit-examples-as-columns": (
        lambda: run_fit(X=X.T), ValueError,
        ["fit: X has shape (2, 4)", "expected (m, 2)", "pass X.T"]),
    "fit-single-example-1d": (
        lambda: run_fit(X=X[0]), ValueError,
        ["fit: X has shape (2,) (1-D)", "2-D array was expected", "reshape(1, -1)"]),
    "fit-validation-as-columns": (
        lambda: run_fit(validation_data=(X.T, Y)), ValueError,
        ["fit: X_val has shape (2, 4)", "expected (m, 2)", "pass X_val.T"]),
    "fit-Y-as-row": (
        lambda: run_fit(Y=Y.T), ValueError,
        ["fit: Y has shape (1, 4) but the network's output has shape (4, 1)", "pass Y.T"]),
    "mse-Y-transposed": (
        lambda: losses.mse(np.ones((3, 2)), np.ones((2, 3))), ValueError,
        ["mse: Y has shape (3, 2) but Y_hat has shape (2, 3)", "expected Y with Y_hat's shape",
         "pass Y.T"]),
    "mse-Y_hat-3d": (
        lambda: losses.mse(np.ones(3), np.ones((2, 2, 2))), ValueError,
        ["mse: Y_hat has shape (2, 2, 2)", "expected (m,) or (m, k)"]),
    "cross_entropy-float-label-vector": (
        lambda: losses.cross_entropy(np.array([0.0, 1.0]), np.full((2, 3), 1 / 3)), ValueError,
        ["cross_entropy: Y has shape (2,) but Y_hat has shape (2, 3)",
         "Pass integer class labels (dtype int) or one-hot rows"]),
    "backward-Y_hat-not-from-these-caches": (
        lambda: backward(Y[:, :1], Y_HAT[:, :1], CACHES[:1], "binary_cross_entropy"), ValueError,
        ["backward: Y_hat has shape (4, 1) but the last layer's output has shape (4, 3)",
         "pass the Y_hat returned by forward with its caches"]),
    "update-missing-gradients": (
        lambda: update(PARAMS, {"dW1": GRADS["dW1"]}, 0.1), ValueError,
        ["update: grads has no gradient for ['b1', 'W2', 'b2']", "as returned by backward"]),
    "minibatches-row-mismatch": (
        lambda: list(minibatches(X, Y[:3], 2)), ValueError,
        ["minibatches: X has shape (4, 2) and Y has shape (3, 1)", "one target per example"]),
    "accuracy-length-mismatch": (
        lambda: accuracy([1, 0], [1]), ValueError,
        ["accuracy: 2 true labels but 1 predictions", "one prediction per example"]),
    "accuracy-empty": (
        lambda: accuracy([], []), ValueError, ["accuracy: got no examples", "at least one"]),
    "confusion_matrix-length-mismatch": (
        lambda: confusion_matrix([1, 0], [1]), ValueError,
        ["confusion_matrix: 2 true labels but 1 predictions"]),
    "confusion_matrix-negative-label": (
        lambda: confusion_matrix([0, -1], [0, 1]), ValueError,
        ["confusion_matrix: labels must be non-negative integers"]),
    "to_labels-3d": (
        lambda: to_labels(np.ones((2, 2, 2))), ValueError,
        ["to_labels: Y has shape (2, 2, 2)", "expected (m,), (m, 1) or (m, k)"]),
    "relative_error-shapes": (
        lambda: relative_error(np.ones(2), np.ones(3)), ValueError,
        ["relative_error: shapes (2,) and (3,) differ"]),
    "initializer-bad-shape": (
        lambda: init.he((3,)), ValueError, ["he: shape must be (n_out, n_in)", "got (3,)"]),
    "initializer-zero-size": (
        lambda: init.xavier((0, 3)), ValueError,
        ["xavier: shape must be (n_out, n_in) with positive sizes", "got (0, 3)"]),
}

# ----- non-numeric arrays ---------------------------------------------------------------------

STRINGS = np.array([["a", "b"], ["c", "d"]])
OBJECTS = np.array([[None, 1.0], [2.0, 3.0]], dtype=object)

TYPES = {
    "dense_forward-strings": (
        lambda: dense_forward(STRINGS, W1, b1, "relu"), TypeError,
        ["dense_forward: A_prev has dtype <U1", "numeric array was expected",
         "np.asarray(A_prev, dtype=float)"]),
    "dense_forward-objects-W": (
        lambda: dense_forward(X, OBJECTS, b1[:2], "relu"), TypeError,
        ["dense_forward: W has dtype object", "np.asarray(W, dtype=float)"]),
    "forward-objects": (
        lambda: forward(OBJECTS, PARAMS, "sigmoid"), TypeError,
        ["forward: X has dtype object", "numeric array was expected"]),
    "forward-ragged-list": (
        lambda: forward([[1.0, 2.0], [3.0]], PARAMS, "sigmoid"), TypeError,
        ["forward: X could not be turned into a numeric array", "rectangular array of numbers"]),
    "fit-strings": (
        lambda: run_fit(X=STRINGS), TypeError, ["fit: X has dtype <U1"]),
    "fit-complex": (
        lambda: run_fit(X=X.astype(complex)), TypeError,
        ["fit: X has dtype complex128", "np.asarray(X, dtype=float)"]),
    "mse-strings": (
        lambda: losses.mse(["a", "b"], [1.0, 2.0]), TypeError, ["mse: Y has dtype <U1"]),
    "binary_cross_entropy-objects": (
        lambda: losses.binary_cross_entropy([1.0, 0.0], np.array([0.5, None])), TypeError,
        ["binary_cross_entropy: Y_hat has dtype object"]),
    "dense_backward-strings": (
        lambda: dense_backward(np.full((4, 3), "x"), CACHES[0]), TypeError,
        ["dense_backward: dA has dtype <U1"]),
    "to_labels-strings": (
        lambda: to_labels(np.array(["cat", "dog"])), TypeError,
        ["to_labels: Y has dtype <U3", "expected numbers"]),
}
for _name in act.ACTIVATIONS:
    TYPES[f"{_name}-strings"] = (
        lambda f=act.ACTIVATIONS[_name][0]: f(STRINGS), TypeError,
        [f"{_name}: Z has dtype <U1", "numeric array was expected"])
    TYPES[f"{_name}_backward-strings"] = (
        lambda f=act.ACTIVATIONS[_name][1]: f(STRINGS, np.zeros((2, 2))), TypeError,
        [f"{_name}_backward: dA has dtype <U1"])

# ----- NaN and inf --------------------------------------------------------------------------

NONFINITE = {
    "forward-inf-X": (
        lambda: forward(with_nan(X, -np.inf), PARAMS, "sigmoid"), ValueError,
        ["forward: X contains 1 NaN or infinite value(s)", "Check how X was loaded or scaled"]),
    "fit-nan-X": (
        lambda: run_fit(X=with_nan(X)), ValueError, ["fit: X contains 1 NaN or infinite"]),
    "fit-nan-Y": (
        lambda: run_fit(Y=with_nan(Y)), ValueError, ["fit: Y contains 1 NaN or infinite"]),
    "mse-inf-Y_hat": (
        lambda: losses.mse(np.ones(3), with_nan(np.ones(3), np.inf)), ValueError,
        ["mse: Y_hat contains 1 NaN or infinite value(s)"]),
    "cross_entropy-nan-Y_hat": (
        lambda: losses.cross_entropy(np.array([0, 1]), with_nan(np.full((2, 2), 0.5))),
        ValueError, ["cross_entropy: Y_hat contains 1 NaN or infinite value(s)"]),
}

# ----- unknown names ------------------------------------------------------------------------

NAMES = {
    "get_activation": (
        lambda: act.get_activation("swish"), ValueError,
        ["get_activation: unknown activation 'swish'", f"choose one of {ACTIVATION_NAMES}"]),
    "get_loss": (
        lambda: losses.get_loss("hinge"), ValueError,
        ["get_loss: unknown loss 'hinge'", f"choose one of {LOSS_NAMES}"]),
    "get_initializer": (
        lambda: init.get_initializer("glorot"), ValueError,
        ["get_initializer: unknown initializer 'glorot'", f"choose one of {INIT_NAMES}"]),
    "init_params-init": (
        lambda: init_params([2, 1], init="glorot"), ValueError,
        ["unknown initializer 'glorot'", f"choose one of {INIT_NAMES}"]),
    "dense_forward-activation": (
        lambda: dense_forward(X, W1, b1, "sigmod"), ValueError,
        ["dense_forward: unknown activation 'sigmod'", f"choose one of {ACTIVATION_NAMES}"]),
    "forward-activation": (
        lambda: forward(X, PARAMS, ["relu", "softmx"]), ValueError,
        ["forward: unknown activation 'softmx'", f"choose one of {ACTIVATION_NAMES}"]),
    "backward-loss": (
        lambda: backward(Y, Y_HAT, CACHES, "log_loss"), ValueError,
        ["backward: unknown loss 'log_loss'", f"choose one of {LOSS_NAMES}"]),
    "fit-loss": (
        lambda: run_fit(loss="bce"), ValueError,
        ["fit: unknown loss 'bce'", f"choose one of {LOSS_NAMES}"]),
    "fit-activation": (
        lambda: run_fit(activations="sigmod"), ValueError,
        ["fit: unknown activation 'sigmod'", f"choose one of {ACTIVATION_NAMES}"]),
    "Network-output": (
        lambda: Network([2, 3, 1], output="sigmod"), ValueError,
        ["Network: unknown activation 'sigmod'", f"choose one of {ACTIVATION_NAMES}"]),
    "Network-hidden": (
        lambda: Network([2, 3, 1], hidden="rectifier"), ValueError,
        ["Network: unknown activation 'rectifier'", f"choose one of {ACTIVATION_NAMES}"]),
    "Network-loss": (
        lambda: Network([2, 3, 1], loss="hinge"), ValueError,
        ["Network: unknown loss 'hinge'", f"choose one of {LOSS_NAMES}"]),
    "check_gradients-activation": (
        lambda: check_gradients(X, Y, PARAMS, "sigmod", "mse"), ValueError,
        ["check_gradients: unknown activation 'sigmod'"]),
}

# ----- layer sizes --------------------------------------------------------------------------

SIZES = {
    "empty": ([], ["init_params: layer_sizes is []", "expected at least two sizes",
                   "e.g. [12288, 5, 1]"]),
    "one-size": ([3], ["init_params: layer_sizes is [3]", "expected at least two sizes"]),
    "string": ("abc", ["init_params: layer_sizes is 'abc'", "expected at least two sizes"]),
    "zero": ([3, 0, 1], ["init_params: layer_sizes is [3, 0, 1]",
                         "every size must be a positive integer, got 0"]),
    "negative": ([3, -2, 1], ["every size must be a positive integer, got -2"]),
    "float": ([3, 2.5, 1], ["every size must be a positive integer, got 2.5"]),
    "whole-float": ([3, 4.0, 1], ["every size must be a positive integer, got 4.0"]),
    "bool": ([3, True], ["every size must be a positive integer, got True"]),
    "string-size": ([3, "4", 1], ["every size must be a positive integer, got '4'"]),
}


@pytest.mark.parametrize("sizes, parts", SIZES.values(), ids=SIZES.keys())
@pytest.mark.parametrize("make", [init_params, Network], ids=["init_params", "Network"])
def test_bad_layer_sizes(make, sizes, parts):
    raises(lambda: make(sizes), ValueError, *parts)


def test_layer_sizes_given_as_a_single_int():
    # init_params(5) must explain, not fail inside list(5) with "'int' object is not iterable"
    raises(lambda: init_params(5), ValueError,
           "init_params: layer_sizes is 5", "expected at least two sizes")


# ----- labels that do not fit the loss, probabilities outside [0, 1] -------------------------

DIGITS = np.arange(10)
LABELS = {
    "bce-digit-labels": (
        lambda: losses.binary_cross_entropy(DIGITS, np.full(10, 0.5)), ValueError,
        ["binary_cross_entropy: Y holds values from 0 to 9", "expects labels 0 or 1",
         "use cross_entropy with a softmax output layer"]),
    "bce-gradient-digit-labels": (
        lambda: losses.binary_cross_entropy_gradient(DIGITS, np.full(10, 0.5)), ValueError,
        ["binary_cross_entropy_gradient: Y holds values from 0 to 9", "cross_entropy"]),
    "fit-bce-digit-labels": (
        lambda: run_fit(X=np.ones((10, 2)), Y=DIGITS), ValueError,
        ["fit: Y holds values from 0 to 9", "binary_cross_entropy expects labels 0 or 1",
         "use cross_entropy with a softmax output layer"]),
    "backward-bce-digit-labels": (
        lambda: backward(np.array([[3.0], [0.0], [1.0], [9.0]]), Y_HAT, CACHES,
                         "binary_cross_entropy"), ValueError,
        ["backward: Y holds values from 0 to 9", "cross_entropy"]),
    "cross_entropy-label-too-large": (
        lambda: losses.cross_entropy(np.array([0, 3]), np.full((2, 3), 1 / 3)), ValueError,
        ["cross_entropy: integer labels must lie in 0..2 for a Y_hat with 3 column(s)",
         "got labels from 0 to 3", "one unit per class"]),
    "cross_entropy-negative-label": (
        lambda: losses.cross_entropy(np.array([-1, 0]), np.full((2, 3), 1 / 3)), ValueError,
        ["integer labels must lie in 0..2", "got labels from -1 to 0"]),
    "cross_entropy-Y-not-0-1": (
        lambda: losses.cross_entropy(np.array([[2.0, 0.0], [0.0, 1.0]]), np.full((2, 2), 0.5)),
        ValueError, ["cross_entropy: Y holds values from 0 to 2", "expects labels 0 or 1",
                     "integer class labels"]),
    "bce-Y_hat-above-1": (
        lambda: losses.binary_cross_entropy(np.ones(3), np.array([0.5, 1.5, 0.2])), ValueError,
        ["binary_cross_entropy: Y_hat holds values from 0.2 to 1.5",
         "expected probabilities in [0, 1]", "output of sigmoid/softmax, not Z"]),
    "bce-Y_hat-negative": (
        lambda: losses.binary_cross_entropy_gradient(np.ones(2), np.array([-0.5, 0.5])),
        ValueError, ["binary_cross_entropy_gradient: Y_hat holds values from -0.5 to 0.5",
                     "expected probabilities in [0, 1]"]),
    "cross_entropy-Y_hat-logits": (
        lambda: losses.cross_entropy(np.array([0, 1]), np.array([[2.0, -1.0], [0.5, 3.0]])),
        ValueError, ["cross_entropy: Y_hat holds values from -1 to 3", "not Z"]),
    "fit-cross-entropy-labels-vs-units": (
        lambda: run_fit(Y=np.array([0, 3, 1, 2]), loss="cross_entropy"), ValueError,
        ["fit: the network's output has shape (4, 1); cross_entropy needs one column per "
         "class", "from a softmax output layer"]),
    "fit-cross-entropy-labels-beyond-units": (
        lambda: run_fit(Y=np.array([0, 3, 1, 2]), loss="cross_entropy",
                        params=init_params([2, 3, 3], rng=0), activations=["relu", "softmax"]),
        ValueError,
        ["fit: integer labels must lie in 0..2 for the network's output with 3 column(s)",
         "got labels from 0 to 3", "one unit per class"]),
}

# ----- learning rate, epochs, batch size, rng ------------------------------------------------

HYPER = {}
for _value in (0, -0.1, 0.0, float("nan"), float("inf"), "0.1", None, True):
    HYPER[f"fit-learning_rate={_value!r}"] = (
        lambda v=_value: run_fit(learning_rate=v), ValueError,
        ["fit: learning_rate must be a positive number", f"got {_value!r}"])
for _value in (0, -3, 2.5, "10", True):
    HYPER[f"fit-n_epochs={_value!r}"] = (
        lambda v=_value: run_fit(n_epochs=v), ValueError,
        ["fit: n_epochs must be a positive integer", f"got {_value!r}"])
for _value in (0, -8, 1.5, True):
    HYPER[f"fit-batch_size={_value!r}"] = (
        lambda v=_value: run_fit(batch_size=v), ValueError,
        ["fit: batch_size must be a positive integer", f"got {_value!r}"])
    HYPER[f"minibatches-batch_size={_value!r}"] = (
        lambda v=_value: list(minibatches(X, Y, v)), ValueError,
        ["minibatches: batch_size must be a positive integer", f"got {_value!r}"])
HYPER["fit-blas_threads=0"] = (
    lambda: run_fit(blas_threads=0), ValueError,
    ["fit: blas_threads must be a positive integer", "got 0"])
HYPER["fit-print_every=0"] = (
    lambda: run_fit(print_every=0), ValueError, ["fit: print_every must be a positive integer"])

RNG = "expected None, an int seed, a numpy.random.Generator or a numpy.random.RandomState"
for _label, _call in {
    "as_rng-str": lambda: init.as_rng("seed"),
    "as_rng-float": lambda: init.as_rng(1.5),
    "as_rng-bool": lambda: init.as_rng(True),
    "he": lambda: init.he((2, 3), rng=[1]),
    "init_params": lambda: init_params([2, 1], rng="0"),
    "Network": lambda: Network([2, 1], rng=0.5),
    "fit": lambda: run_fit(rng="0"),
    "minibatches": lambda: list(minibatches(X, Y, 2, rng=2.0)),
}.items():
    HYPER[f"rng-{_label}"] = (_call, TypeError, ["as_rng: rng is", RNG, "rng=0"])

# ----- caches -------------------------------------------------------------------------------

CACHE_ERRORS = {
    "dense_backward-list": (
        lambda: dense_backward(np.ones((4, 3)), CACHES), TypeError,
        ["dense_backward: cache is list", "expected the cache returned by dense_forward",
         "(A_prev, W, b, Z, activation)"]),
    "dense_backward-four-tuple": (
        lambda: dense_backward(np.ones((4, 3)), tuple(CACHES[0])[:4]), TypeError,
        ["dense_backward: cache is tuple of length 4", "(A_prev, W, b, Z, activation)"]),
    "dense_backward-dA-shape": (
        lambda: dense_backward(np.ones((3, 4)), CACHES[0]), ValueError,
        ["dense_backward: dA has shape (3, 4) but the layer's output Z has shape (4, 3)",
         "expected dA with Z's shape (m, n_out)"]),
    "backward-empty-caches": (
        lambda: backward(Y, Y_HAT, [], "binary_cross_entropy"), TypeError,
        ["backward: caches is list", "expected the non-empty list of layer caches returned by "
         "forward"]),
}


def _table(*tables):
    rows = {}
    for t in tables:
        rows.update(t)
    return rows


ALL = _table(SHAPES, TYPES, NONFINITE, NAMES, LABELS, HYPER, CACHE_ERRORS)


@pytest.mark.parametrize("call, error, parts", ALL.values(), ids=ALL.keys())
def test_promised_error(call, error, parts):
    raises(call, error, *parts)


# ----- missing checks: these document what a learner should see ---------------------------

@pytest.mark.parametrize("wrong", [
    pytest.param(lambda: CACHES[0], id="one-DenseCache"),
    pytest.param(lambda: (Y_HAT, CACHES), id="forward's-whole-result"),
    pytest.param(lambda: [tuple(c)[:4] for c in CACHES], id="four-tuples"),
])
def test_backward_rejects_caches_that_are_not_a_list_of_layer_caches(wrong):
    raises(lambda: backward(Y, Y_HAT, wrong(), "binary_cross_entropy"), TypeError,
           "backward: caches is", "expected the non-empty list of layer caches returned by forward")


def test_plain_tuples_work_as_caches():
    """A learner's dense_forward returns a plain tuple: nnlib's backward accepts it."""
    expected = backward(Y, Y_HAT, CACHES, "binary_cross_entropy")
    got = backward(Y, Y_HAT, [tuple(c)[:5] for c in CACHES], "binary_cross_entropy")
    for k in expected:
        np.testing.assert_array_equal(got[k], expected[k])


@pytest.mark.parametrize("learning_rate", [0, -0.1, float("nan")])
def test_update_rejects_a_non_positive_learning_rate(learning_rate):
    raises(lambda: update(PARAMS, GRADS, learning_rate), ValueError,
           "update: learning_rate must be a positive number", f"got {learning_rate!r}")


@pytest.mark.parametrize("forward_fn, backward_fn", act.ACTIVATIONS.values(),
                         ids=act.ACTIVATIONS.keys())
def test_activation_backward_rejects_dA_of_another_shape(forward_fn, backward_fn):
    # (1, 3) and (3, 1) would broadcast to a (3, 3) "gradient" for a (3, 1) Z
    name = backward_fn.__name__
    raises(lambda: backward_fn(np.ones((1, 3)), np.zeros((3, 1))), ValueError,
           f"{name}: dA has shape (1, 3) but Z has shape (3, 1)", "expected dA with Z's shape")


def test_ragged_targets_are_a_type_error_naming_the_loss():
    raises(lambda: losses.mse([[1.0, 2.0], [3.0]], [1.0, 2.0]), TypeError,
           "mse: Y could not be turned into a numeric array", "rectangular array of numbers")


def test_network_checks_the_hidden_name_even_without_hidden_layers():
    raises(lambda: Network([2, 1], hidden="sigmod"), ValueError,
           "Network: unknown activation 'sigmod'", f"choose one of {ACTIVATION_NAMES}")


# ----- probes of careless and hostile input: a clear error or the right answer ------------------

U8 = np.array([1, 200], dtype=np.uint8)

PROBES = {
    "init_params-int-dtype": (
        lambda: init_params([2, 1], dtype=int), ValueError,
        ["init_params: dtype is", "expected np.float64 (the default) or np.float32",
         "truncate them to 0"]),
    "Network-int-dtype": (
        lambda: Network([2, 1], dtype=np.int32), ValueError, ["init_params: dtype is"]),
    "mse-no-examples": (
        lambda: losses.mse(np.zeros((0, 1)), np.zeros((0, 1))), ValueError,
        ["mse: Y_hat has shape (0, 1): no examples", "is a mini-batch or a data split empty?"]),
    "bce-no-examples": (
        lambda: losses.binary_cross_entropy(np.zeros((0, 1)), np.zeros((0, 1))), ValueError,
        ["binary_cross_entropy: Y_hat has shape (0, 1): no examples"]),
    "fit-no-examples": (
        lambda: run_fit(X=np.ones((0, 2)), Y=np.ones((0, 1))), ValueError,
        ["fit: X has no rows: no examples to learn from", "is a data split empty?"]),
    "fit-validation-no-examples": (
        lambda: run_fit(validation_data=(np.ones((0, 2)), np.ones((0, 1)))), ValueError,
        ["fit: X_val has no rows: no examples to validate on", "validation split empty?"]),
    "forward-activations-None": (
        lambda: forward(X, PARAMS, None), TypeError,
        ["forward: activations is NoneType", "expected one activation name"]),
    "fit-activations-int": (
        lambda: run_fit(activations=3), TypeError, ["fit: activations is int"]),
    "forward-params-None": (
        lambda: forward(X, None, "sigmoid"), TypeError, ["n_layers: params is NoneType"]),
    "forward-string-W": (
        lambda: forward(X, {"W1": np.array([["a", "b"]]), "b1": np.zeros(1)}, "sigmoid"),
        TypeError, ["forward: W1 is <U1", "np.asarray(W1, dtype=float)"]),
    "fit-string-W": (
        lambda: run_fit(params={"W1": np.array([["1", "1"]]), "b1": np.zeros(1)},
                        activations="sigmoid"), TypeError, ["fit: W1 is <U1"]),
    "predict-threshold-string": (
        lambda: predict(X, PARAMS, "sigmoid", threshold="0.5"), TypeError,
        ["predict: threshold is '0.5'", "expected a number"]),
    "leaky_relu-alpha-string": (
        lambda: act.leaky_relu(np.ones(2), alpha="x"), TypeError,
        ["leaky_relu: alpha is 'x'", "expected a number"]),
    "softmax-no-columns": (
        lambda: act.softmax(np.zeros((3, 0))), ValueError,
        ["softmax: Z has shape (3, 0)", "at least one score per row"]),
    "confusion_matrix-n_classes-string": (
        lambda: confusion_matrix([0, 1], [0, 1], n_classes="3"), ValueError,
        ["confusion_matrix: n_classes is '3'", "expected a positive integer"]),
    "confusion_matrix-n_classes-0": (
        lambda: confusion_matrix([0, 1], [0, 1], n_classes=0), ValueError,
        ["confusion_matrix: n_classes is 0"]),
    "update-grads-None": (
        lambda: update(PARAMS, None, 0.1), TypeError, ["update: grads is NoneType"]),
    "update-column-bias-gradient": (
        lambda: update({"W1": np.ones((4, 2)), "b1": np.ones(4)},
                       {"dW1": np.ones((4, 2)), "db1": np.ones((4, 1))}, 0.1), ValueError,
        ["update: db1 has shape (4, 1) but b1 has shape (4,)", "db.ravel()"]),
    "cross_entropy-Y-rows-not-one-hot": (
        lambda: losses.cross_entropy(np.array([[1.0, 1.0]]), np.array([[0.5, 0.5]])), ValueError,
        ["cross_entropy: row 0 of Y sums to 2", "one-hot rows"]),
    "cross_entropy-Y_hat-rows-not-summing-to-1": (
        lambda: losses.cross_entropy(np.array([[1.0, 0.0]]), np.array([[0.5, 0.9]])), ValueError,
        ["cross_entropy: row 0 of Y_hat sums to 1.4", "output of softmax"]),
    "cross_entropy-on-a-sigmoid-output": (
        lambda: losses.cross_entropy(np.array([[1.0]]), np.array([[0.7]])), ValueError,
        ["cross_entropy needs one column per class", "use binary_cross_entropy"]),
    "Network-softmax-with-bce": (
        lambda: Network([2, 3], output="softmax", loss="binary_cross_entropy"), ValueError,
        ["do not fit together; use loss='cross_entropy'"]),
    "minibatches-shuffle-string": (
        lambda: minibatches(X, Y, 2, shuffle="no"), TypeError,
        ["minibatches: shuffle is 'no'; expected True or False"]),
    "fit-shuffle-string": (
        lambda: run_fit(batch_size=2, shuffle="no"), TypeError, ["fit: shuffle is 'no'"]),
    "accuracy-labels-1.5": (
        lambda: accuracy(np.array([0, 1.5]), np.array([0, 1])), ValueError,
        ["to_labels: Y holds values from 0 to 1.5", "neither whole-number labels"]),
    "accuracy-nan-predictions": (
        lambda: accuracy(np.array([0, 1]), np.array([np.nan, np.nan])), ValueError,
        ["to_labels: Y contains 2 NaN", "Did training diverge?"]),
    "accuracy-row-of-labels": (
        lambda: accuracy(np.array([[0, 1, 1]]), np.array([0, 1, 1])), ValueError,
        ["Y has shape (1, m)", "pass Y.ravel()"]),
    "fit-images-not-flattened": (
        lambda: run_fit(X=np.ones((4, 1, 2, 1))), ValueError,
        ["fit: X has shape (4, 1, 2, 1)", "X.reshape(len(X), -1)", "flatten=True"]),
    "init_params-negative-seed": (
        lambda: init_params([2, 1], rng=-1), ValueError,
        ["as_rng: rng is -1", "non-negative integer"]),
}


@pytest.mark.parametrize("call, error, parts", PROBES.values(), ids=PROBES.keys())
def test_probe_gives_a_clear_error(call, error, parts):
    raises(call, error, *parts)


@pytest.mark.parametrize("dtype", [np.uint8, np.int64, np.bool_])
def test_integer_inputs_are_computed_as_floats(dtype):
    """-np.uint8(1) is 255: activations must not negate unsigned integers."""
    Z = np.array([[1, 0], [1, 1]], dtype=dtype)
    F = Z.astype(np.float64)
    for name, (fwd, bwd) in act.ACTIVATIONS.items():
        np.testing.assert_array_equal(fwd(Z), fwd(F), err_msg=name)
        np.testing.assert_array_equal(bwd(Z, Z), bwd(F, F), err_msg=name)
    np.testing.assert_allclose(act.sigmoid(U8), act.sigmoid(U8.astype(float)))
    assert act.sigmoid(U8)[0] == pytest.approx(0.7310585786300049)


# ----- NaN and infinity in large inputs (found by one matrix-vector product) --------------------

@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("where", [(0, 0), (517, 300), (-1, -1)])
def test_a_bad_value_anywhere_in_a_large_X_is_found(dtype, bad, where):
    X_large = np.random.default_rng(0).random((1000, 784)).astype(dtype)
    X_large[where] = bad
    with pytest.raises(ValueError, match=r"forward: X contains 1 NaN or infinite value"):
        forward(X_large, init_params([784, 2], rng=0), "relu")


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_huge_finite_values_whose_column_sums_overflow_are_accepted(dtype):
    # the fast test's column sums overflow to infinity here: the exact test must decide
    X_large = np.full((1000, 100), np.finfo(dtype).max / 2, dtype=dtype)
    Y_hat, _ = forward(X_large, init_params([100, 1], init="zeros"), "identity")
    assert Y_hat.shape == (1000, 1)
