"""nnlib: the small NumPy neural-network library built, step by step, in the course's lessons.

Modules: activations, losses, initializers, layers, network, training, gradcheck, metrics,
plotting, datasets. Data are rows (X has shape (m, n_features)); a dense layer computes
Z = A_prev @ W.T + b with W of shape (n_out, n_in) and b of shape (n_out,).
"""

from nnlib.activations import leaky_relu, relu, sigmoid, softmax, tanh
from nnlib.gradcheck import check_gradients, numerical_gradient, relative_error
from nnlib.layers import dense_backward, dense_forward
from nnlib.losses import binary_cross_entropy, cross_entropy, mse, sse
from nnlib.metrics import accuracy, confusion_matrix
from nnlib.network import Network, backward, forward, init_params, predict, update
from nnlib.training import History, TrainingDiverged, fit, minibatches

__version__ = "0.1.0"

__all__ = [
    "sigmoid", "tanh", "relu", "leaky_relu", "softmax",
    "mse", "sse", "binary_cross_entropy", "cross_entropy",
    "dense_forward", "dense_backward",
    "init_params", "forward", "backward", "update", "predict", "Network",
    "fit", "minibatches", "History", "TrainingDiverged",
    "check_gradients", "numerical_gradient", "relative_error",
    "accuracy", "confusion_matrix",
]
