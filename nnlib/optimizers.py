"""Optimizers: how a gradient becomes a step. Small classes that keep their own state.

Every optimizer has ``learning_rate`` and ``step(params, grads)``, which updates the arrays of
``params`` in place from the gradients ``grads`` (keys ``"d" + name``, as returned by
:func:`nnlib.network.backward`). State (velocities, squared-gradient averages, the step count)
lives in the optimizer, keyed by parameter name: use one optimizer for one network.

Conventions (those the course derives):

- Momentum: ``v = beta * v + (1 - beta) * g``, ``p -= lr * v`` (an exponentially weighted average
  of the gradients). The other common form, ``v = beta * v + g`` (PyTorch's SGD with momentum,
  Keras), gives the same steps with ``lr`` multiplied by ``1 / (1 - beta)``, e.g. 10x for beta=0.9.
- RMSProp: ``s = beta * s + (1 - beta) * g**2``, ``p -= lr * g / (sqrt(s) + epsilon)``.
- Adam: Momentum's ``v`` and RMSProp's ``s`` with bias correction ``v / (1 - beta1**t)``,
  ``s / (1 - beta2**t)`` for step t = 1, 2, ..., then ``p -= lr * v_hat / (sqrt(s_hat) + epsilon)``.

Learning-rate schedules are plain functions of the epoch (:func:`step_decay`,
:func:`exponential_decay`); :func:`nnlib.training.fit` sets ``optimizer.learning_rate`` from one at
the start of every epoch.
"""

import math

import numpy as np

from nnlib._validation import check_positive_int, check_positive_number

__all__ = [
    "Optimizer", "SGD", "Momentum", "RMSProp", "Adam", "OPTIMIZERS", "get_optimizer",
    "step_decay", "exponential_decay",
]


def _check_beta(value, name, cls):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)) or not (
        0 <= value < 1
    ):
        raise ValueError(
            f"{cls}: {name} must be a number in [0, 1), got {value!r}; typical values are 0.9 "
            f"(beta, beta1) and 0.999 (beta2)."
        )
    return float(value)


class Optimizer:
    """Base class: holds the learning rate and the step count ``t``; subclasses define ``_update``.

    Parameters
    ----------
    learning_rate : float > 0
    """

    def __init__(self, learning_rate):
        self.learning_rate = float(
            check_positive_number(learning_rate, "learning_rate", type(self).__name__)
        )
        self.t = 0
        self._scratch = {}

    def __repr__(self):
        return f"{type(self).__name__}(learning_rate={self.learning_rate:g})"

    def _buffer(self, name, p, i=0):
        """Scratch array ``i`` for parameter ``name``: p's shape and dtype, kept between steps.

        The updates write their intermediate results here (``out=``) instead of allocating new
        arrays at every step; it holds nothing that outlives one call of ``_update``.
        """
        buf = self._scratch.get((name, i))
        if buf is None or buf.shape != p.shape or buf.dtype != p.dtype:
            buf = self._scratch[(name, i)] = np.empty_like(p)
        return buf

    def step(self, params, grads):
        """Update every array of ``params`` in place from ``grads``; return ``params``.

        Raises
        ------
        ValueError
            A gradient missing, or with a shape other than its parameter's.
        """
        _check_step(params, grads, type(self).__name__)
        self.t += 1
        for name, p in params.items():
            self._update(name, p, grads["d" + name])
        return params

    def _update(self, name, p, g):  # pragma: no cover - abstract
        raise NotImplementedError


def _check_step(params, grads, cls):
    if not isinstance(params, dict) or not isinstance(grads, dict):
        raise TypeError(
            f"{cls}.step: expected step(params, grads) with two dicts (params from init_params, "
            f"grads from backward), got {type(params).__name__} and {type(grads).__name__}."
        )
    for name, p in params.items():
        g = grads.get("d" + name)
        if type(g) is np.ndarray and type(p) is np.ndarray and g.shape == p.shape:
            continue  # the usual case, checked without the calls below
        if not isinstance(p, np.ndarray):
            raise TypeError(
                f"{cls}.step: params[{name!r}] is {type(p).__name__}; expected a NumPy array "
                f"(the step changes it in place), e.g. the dict returned by init_params."
            )
        if g is None:
            raise ValueError(
                f"{cls}.step: grads has no 'd{name}'; expected keys "
                f"{['d' + k for k in params]} as returned by backward."
            )
        if np.shape(g) != np.shape(p):
            raise ValueError(
                f"{cls}.step: d{name} has shape {np.shape(g)} but {name} has shape "
                f"{np.shape(p)}; every gradient must have its parameter's shape."
            )


class SGD(Optimizer):
    """Plain gradient descent: ``p -= learning_rate * g``.

    Examples
    --------
    >>> params = {"W1": np.array([[1.0]]), "b1": np.array([0.0])}
    >>> _ = SGD(0.1).step(params, {"dW1": np.array([[2.0]]), "db1": np.array([-1.0])})
    >>> params
    {'W1': array([[0.8]]), 'b1': array([0.1])}
    """

    def _update(self, name, p, g):
        p -= self.learning_rate * g


class Momentum(Optimizer):
    """Gradient descent with momentum: ``v = beta v + (1 - beta) g``, ``p -= learning_rate * v``.

    Parameters
    ----------
    learning_rate : float > 0
    beta : float in [0, 1)
        0 is plain SGD; 0.9 averages over about the last 10 gradients.

    Examples
    --------
    >>> params = {"W1": np.array([[1.0]]), "b1": np.array([0.0])}
    >>> opt = Momentum(0.1, beta=0.9)
    >>> _ = opt.step(params, {"dW1": np.array([[2.0]]), "db1": np.array([0.0])})
    >>> params["W1"]  # v = 0.1 * 2 = 0.2, W = 1 - 0.1 * 0.2
    array([[0.98]])
    """

    def __init__(self, learning_rate, beta=0.9):
        super().__init__(learning_rate)
        self.beta = _check_beta(beta, "beta", "Momentum")
        self.v = {}

    def __repr__(self):
        return f"Momentum(learning_rate={self.learning_rate:g}, beta={self.beta:g})"

    def _update(self, name, p, g):
        v = self.v.get(name)
        if v is None:
            v = self.v[name] = np.zeros_like(p)
        buf = self._buffer(name, p)
        v *= self.beta
        v += np.multiply(g, 1 - self.beta, out=buf)
        p -= np.multiply(v, self.learning_rate, out=buf)


class RMSProp(Optimizer):
    """RMSProp: divide each step by a running root mean square of the gradient.

    ``s = beta s + (1 - beta) g**2``, ``p -= learning_rate * g / (sqrt(s) + epsilon)``.

    Examples
    --------
    >>> params = {"W1": np.array([[1.0]]), "b1": np.array([0.0])}
    >>> _ = RMSProp(0.01, beta=0.9).step(params, {"dW1": np.array([[2.0]]), "db1": np.zeros(1)})
    >>> round(float(params["W1"][0, 0]), 6)  # s = 0.4, step = 0.01 * 2 / sqrt(0.4)
    0.968377
    """

    def __init__(self, learning_rate, beta=0.9, epsilon=1e-8):
        super().__init__(learning_rate)
        self.beta = _check_beta(beta, "beta", "RMSProp")
        self.epsilon = float(check_positive_number(epsilon, "epsilon", "RMSProp"))
        self.s = {}

    def __repr__(self):
        return f"RMSProp(learning_rate={self.learning_rate:g}, beta={self.beta:g})"

    def _update(self, name, p, g):
        s = self.s.get(name)
        if s is None:
            s = self.s[name] = np.zeros_like(p)
        buf, step = self._buffer(name, p), self._buffer(name, p, 1)
        s *= self.beta
        np.multiply(g, g, out=buf)
        buf *= 1 - self.beta
        s += buf
        np.multiply(g, self.learning_rate, out=step)
        np.sqrt(s, out=buf)
        buf += self.epsilon
        step /= buf
        p -= step


class Adam(Optimizer):
    """Adam: momentum and RMSProp together, with bias correction.

    Parameters
    ----------
    learning_rate : float > 0 (0.001 is the usual start)
    beta1, beta2 : float in [0, 1)
        Decay of the gradient average v and of the squared-gradient average s.
    epsilon : float > 0

    Notes
    -----
    t += 1; v = beta1 v + (1 - beta1) g; s = beta2 s + (1 - beta2) g**2;
    v_hat = v / (1 - beta1**t); s_hat = s / (1 - beta2**t);
    p -= lr * v_hat / (sqrt(s_hat) + epsilon).
    Without the correction, v and s start near 0 and the first steps are far too small (v) or
    too large (s). With it, the first step moves every parameter by about ``learning_rate``.

    Examples
    --------
    >>> params = {"W1": np.array([[1.0]]), "b1": np.array([0.0])}
    >>> _ = Adam(0.001).step(params, {"dW1": np.array([[123.0]]), "db1": np.array([-0.5])})
    >>> params["W1"].round(6), params["b1"].round(6)
    (array([[0.999]]), array([0.001]))
    """

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8):
        super().__init__(learning_rate)
        self.beta1 = _check_beta(beta1, "beta1", "Adam")
        self.beta2 = _check_beta(beta2, "beta2", "Adam")
        self.epsilon = float(check_positive_number(epsilon, "epsilon", "Adam"))
        self.v, self.s = {}, {}

    def __repr__(self):
        return (
            f"Adam(learning_rate={self.learning_rate:g}, beta1={self.beta1:g}, "
            f"beta2={self.beta2:g})"
        )

    def _update(self, name, p, g):
        v, s = self.v.get(name), self.s.get(name)
        if v is None:
            v = self.v[name] = np.zeros_like(p)
            s = self.s[name] = np.zeros_like(p)
        denom, step = self._buffer(name, p), self._buffer(name, p, 1)
        v *= self.beta1
        v += np.multiply(g, 1 - self.beta1, out=denom)
        s *= self.beta2
        np.multiply(g, g, out=denom)
        denom *= 1 - self.beta2
        s += denom
        # lr * v_hat / (sqrt(s_hat) + epsilon) with the two corrections folded into Python
        # floats (a NumPy float64 scalar would make float32 arithmetic run in float64, slowly)
        step_size = self.learning_rate / (1 - self.beta1 ** self.t)
        np.sqrt(s, out=denom)
        denom *= 1 / math.sqrt(1 - self.beta2 ** self.t)
        denom += self.epsilon
        np.multiply(v, step_size, out=step)
        step /= denom
        p -= step


#: name -> class
OPTIMIZERS = {"sgd": SGD, "momentum": Momentum, "rmsprop": RMSProp, "adam": Adam}


def get_optimizer(optimizer, learning_rate=None):
    """An optimizer from a name ("sgd", "momentum", "rmsprop", "adam") or an instance.

    Parameters
    ----------
    optimizer : str or Optimizer
        An instance is returned as it is (its own learning rate is used); so is any object with
        a ``step(params, grads)`` method and a ``learning_rate`` attribute, e.g. a learner's own
        optimizer class.
    learning_rate : float, optional
        Needed with a name, except "adam" (default 0.001).

    Examples
    --------
    >>> get_optimizer("momentum", 0.1)
    Momentum(learning_rate=0.1, beta=0.9)
    """
    if isinstance(optimizer, Optimizer) or (
        callable(getattr(optimizer, "step", None)) and hasattr(optimizer, "learning_rate")
    ):  # an nnlib optimizer, or one of your own with the same two members
        if learning_rate is not None and float(learning_rate) != optimizer.learning_rate:
            raise ValueError(
                f"get_optimizer: learning_rate={learning_rate!r} given with an optimizer that has "
                f"its own learning_rate={optimizer.learning_rate:g}; give it in one place only."
            )
        return optimizer
    if not isinstance(optimizer, str) or optimizer.lower() not in OPTIMIZERS:
        valid = ", ".join(repr(n) for n in OPTIMIZERS)
        raise ValueError(
            f"get_optimizer: unknown optimizer {optimizer!r}; choose one of {valid} or pass an "
            f"instance such as nnlib.optimizers.Adam(0.001)."
        )
    cls = OPTIMIZERS[optimizer.lower()]
    if learning_rate is None:
        if cls is Adam:
            return Adam()
        raise ValueError(
            f"get_optimizer: {optimizer!r} needs a learning rate; pass learning_rate=..., "
            f"e.g. 0.1."
        )
    return cls(learning_rate)


def step_decay(initial, factor=0.5, every=10):
    """Schedule: ``initial * factor ** ((epoch - 1) // every)`` for epochs 1, 2, ...

    Examples
    --------
    >>> schedule = step_decay(0.1, factor=0.5, every=2)
    >>> [schedule(epoch) for epoch in range(1, 6)]
    [0.1, 0.1, 0.05, 0.05, 0.025]
    """
    initial = float(check_positive_number(initial, "initial", "step_decay"))
    factor = float(check_positive_number(factor, "factor", "step_decay"))
    every = check_positive_int(every, "every", "step_decay")

    def schedule(epoch):
        return initial * factor ** ((epoch - 1) // every)

    return schedule


def exponential_decay(initial, rate=0.95):
    """Schedule: ``initial * rate ** (epoch - 1)`` for epochs 1, 2, ...

    Examples
    --------
    >>> schedule = exponential_decay(0.1, rate=0.5)
    >>> [schedule(epoch) for epoch in (1, 2, 3)]
    [0.1, 0.05, 0.025]
    """
    initial = float(check_positive_number(initial, "initial", "exponential_decay"))
    rate = float(check_positive_number(rate, "rate", "exponential_decay"))
    return lambda epoch: initial * rate ** (epoch - 1)
