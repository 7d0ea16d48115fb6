"""nnlib: the small NumPy neural-network library built, step by step, in the course's lessons.

Modules: activations, losses, initializers, layers, network, optimizers, training, model,
gradcheck, metrics, plotting, datasets, checks. Data are rows (X has shape (m, n_features)); a
dense layer computes Z = A_prev @ W.T + b with W of shape (n_out, n_in) and b of shape (n_out,).
"""

from nnlib.activations import leaky_relu, relu, sigmoid, softmax, tanh
from nnlib.gradcheck import check_gradients, numerical_gradient, relative_error
from nnlib.layers import dense_backward, dense_forward, dropout_backward, dropout_forward
from nnlib.losses import binary_cross_entropy, cross_entropy, mse, sse
from nnlib.metrics import accuracy, confusion_matrix
from nnlib.model import Network
from nnlib.network import backward, compute_cost, forward, init_params, predict, update
from nnlib.optimizers import SGD, Adam, Momentum, RMSProp
from nnlib.training import History, TrainingDiverged, fit, minibatches

__version__ = "0.2.0"

__all__ = [
    "sigmoid", "tanh", "relu", "leaky_relu", "softmax",
    "mse", "sse", "binary_cross_entropy", "cross_entropy",
    "dense_forward", "dense_backward", "dropout_forward", "dropout_backward",
    "init_params", "forward", "backward", "compute_cost", "update", "predict", "Network",
    "SGD", "Momentum", "RMSProp", "Adam",
    "fit", "minibatches", "History", "TrainingDiverged",
    "check_gradients", "numerical_gradient", "relative_error",
    "accuracy", "confusion_matrix",
]
