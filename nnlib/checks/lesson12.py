"""Checks for lesson 12's exercises: the momentum and Adam updates (minibatches: lesson 8)."""

import copy

import numpy as np

from nnlib.checks.common import random_params
from nnlib.checks.machinery import (
    HINTS,
    Case,
    Problem,
    call_learner,
    cases,
    run,
)
from nnlib.optimizers import Adam, Momentum

__all__ = ["check_momentum", "check_adam"]

SEED, HIDDEN_SEED = 0, 1


# ----- optimizers: running a learner's class for a few steps -------------------------------------

def _gradient_sequence(rng, params, n_steps, scale):
    return [{f"d{k}": rng.standard_normal(v.shape) * scale for k, v in params.items()}
            for _ in range(n_steps)]


def _snapshots(params, grads_seq, step):
    """Run ``step(params, grads)`` on a copy of params; the parameters after every step."""
    params = copy.deepcopy(params)
    out = {}
    for k, grads in enumerate(grads_seq, start=1):
        step(params, grads)
        out[f"after step {k}"] = {name: value.copy() for name, value in params.items()}
    return out


def _run_learner(cls, name, ctor_args, ctor_names, params, grads_seq):
    """The learner's optimizer ``cls(*ctor_args)`` run over ``grads_seq``; its snapshots."""
    opt = call_learner(cls, ctor_args, name, ctor_names)
    params = copy.deepcopy(params)
    out = {}
    for k, grads in enumerate(grads_seq, start=1):
        before = {key: value.copy() for key, value in params.items()}
        # not through call_learner's copies: step is meant to change params in place
        returned = call_learner(lambda params=params, grads=grads: opt.step(
            params, copy.deepcopy(grads)), (), f"{name}.step", ())
        unchanged = all(np.array_equal(before[key], np.asarray(params[key])) for key in before)
        if unchanged and isinstance(returned, dict) and returned is not params and any(
            not np.array_equal(before[key], np.asarray(returned.get(key, before[key])))
            for key in before
        ):
            raise Problem(f"{name}.step returned new parameters but left params as they were "
                          f"(step {k}).", HINTS["step_in_place"])
        out[f"after step {k}"] = {key: np.array(value, dtype=float, copy=True)
                                  for key, value in params.items()}
    return out


def _momentum_variant(params, grads_seq, learning_rate, beta, *, average=True, swapped=False,
                      step_first=False, sign=1.0):
    """A wrong momentum update (one of the usual slips), for recognising it."""
    velocity = {}

    def step(params, grads):
        for name, p in params.items():
            g = grads[f"d{name}"]
            v = velocity.get(name, np.zeros_like(p))
            if step_first:
                p -= sign * learning_rate * v
            a, c = (1 - beta, beta) if swapped else (beta, 1 - beta if average else 1.0)
            v = a * v + c * g
            if not step_first:
                p -= sign * learning_rate * v
            velocity[name] = v

    return _snapshots(params, grads_seq, step)


def _adam_variant(params, grads_seq, learning_rate, beta1, beta2, epsilon, *, corrected=True,
                  swapped=(False, False), step_first=False, first_t=1, eps_inside=False,
                  sign=1.0):
    """A wrong Adam update (one of the usual slips), for recognising it."""
    state, t = {}, [first_t - 1]

    def move(v, s, t):
        v_hat = v / (1 - beta1 ** t) if corrected else v
        s_hat = s / (1 - beta2 ** t) if corrected else s
        denom = np.sqrt(s_hat + epsilon) if eps_inside else np.sqrt(s_hat) + epsilon
        return sign * learning_rate * v_hat / denom

    def step(params, grads):
        t[0] += 1
        for name, p in params.items():
            g = grads[f"d{name}"]
            v, s = state.get(name, (np.zeros_like(p), np.zeros_like(p)))

            if step_first:
                p -= move(v, s, t[0])
            a1, c1 = (1 - beta1, beta1) if swapped[0] else (beta1, 1 - beta1)
            a2, c2 = (1 - beta2, beta2) if swapped[1] else (beta2, 1 - beta2)
            v, s = a1 * v + c1 * g, a2 * s + c2 * g * g
            if not step_first:
                p -= move(v, s, t[0])
            state[name] = (v, s)

    with np.errstate(all="ignore"):
        return _snapshots(params, grads_seq, step)


def _not_finite(got):
    return any(not np.all(np.isfinite(np.asarray(v, dtype=float)))
               for snapshot in got.values() for v in snapshot.values())


def _optimizer_inputs(rng, sizes, n_steps, scale):
    params = random_params(rng, sizes)
    return params, _gradient_sequence(rng, params, n_steps, scale)


# ----- momentum ----------------------------------------------------------------------------------

def _momentum_case(rng, sizes, n_steps, learning_rate, beta, scale=1.0):
    params, grads_seq = _optimizer_inputs(rng, sizes, n_steps, scale)
    reference = Momentum(learning_rate, beta=beta)
    expected = _snapshots(params, grads_seq, reference.step)
    args = (learning_rate, beta, params, grads_seq)
    mistakes = (
        ("beta_swapped", _momentum_variant(*args[2:], learning_rate, beta, swapped=True)),
        ("momentum_no_one_minus_beta",
         _momentum_variant(*args[2:], learning_rate, beta, average=False)),
        ("step_before_update",
         _momentum_variant(*args[2:], learning_rate, beta, step_first=True)),
        ("sign_update", _momentum_variant(*args[2:], learning_rate, beta, sign=-1.0)),
    )
    label = (f"Momentum(learning_rate={learning_rate}, beta={beta}), {n_steps} steps on "
             f"layer sizes {sizes}")
    return Case(label, args, expected, mistakes)


def check_momentum(Momentum, hidden=False):
    """Check a learner's ``Momentum(learning_rate, beta)`` class and its ``step(params, grads)``.

    Each case creates the optimizer, calls ``step`` a few times with random gradients (keys
    "dW1", "db1", ...) and compares the parameters after every step with those of
    nnlib.optimizers.Momentum: v = beta * v + (1 - beta) * g (v starts at 0, one per
    parameter), then p -= learning_rate * v, in place.

    Parameters
    ----------
    Momentum : class
    hidden : bool
        Also run the graders' cases (beta = 0, more steps, larger gradients).

    Raises
    ------
    AssertionError
        With hints for beta and 1 - beta swapped, v = beta * v + g (the other convention), the
        step taken with the old velocity, an uphill step, params not updated in place.

    Examples
    --------
    >>> class Momentum:
    ...     def __init__(self, learning_rate, beta=0.9):
    ...         self.learning_rate, self.beta, self.v = learning_rate, beta, {}
    ...     def step(self, params, grads):
    ...         for name, p in params.items():
    ...             v = self.v.get(name, 0.0)
    ...             self.v[name] = self.beta * v + (1 - self.beta) * grads["d" + name]
    ...             p -= self.learning_rate * self.v[name]
    ...         return params
    >>> check_momentum(Momentum)
    check_momentum: all 3 cases passed.
    """
    rng = np.random.default_rng(SEED)
    visible = [
        _momentum_case(rng, [3, 2, 1], 4, 0.1, 0.9),
        _momentum_case(rng, [2, 3, 2], 3, 0.05, 0.5),
        _momentum_case(rng, [4, 2], 5, 0.01, 0.99),
    ]
    rng = np.random.default_rng(HIDDEN_SEED)
    hidden_cases = [
        _momentum_case(rng, [3, 3, 1], 3, 0.2, 0.0),
        _momentum_case(rng, [5, 4, 3, 2], 10, 0.1, 0.9),
        _momentum_case(rng, [2, 1], 4, 0.001, 0.8, scale=100.0),
    ]

    def call(case):
        learning_rate, beta, params, grads_seq = case.args
        return _run_learner(Momentum, "Momentum", (learning_rate, beta),
                            ("learning_rate", "beta"), params, grads_seq)

    run("check_momentum", cases(visible, hidden_cases, hidden), call)


# ----- Adam --------------------------------------------------------------------------------------

def _adam_case(rng, sizes, n_steps, learning_rate, beta1, beta2, epsilon=1e-8, scale=1.0):
    params, grads_seq = _optimizer_inputs(rng, sizes, n_steps, scale)
    reference = Adam(learning_rate, beta1=beta1, beta2=beta2, epsilon=epsilon)
    expected = _snapshots(params, grads_seq, reference.step)
    inputs = (params, grads_seq, learning_rate, beta1, beta2, epsilon)
    mistakes = (
        ("no_bias_correction", _adam_variant(*inputs, corrected=False)),
        ("beta_swapped", _adam_variant(*inputs, swapped=(True, True))),
        ("beta_swapped", _adam_variant(*inputs, swapped=(True, False))),
        ("beta_swapped", _adam_variant(*inputs, swapped=(False, True))),
        ("step_before_update", _adam_variant(*inputs, step_first=True)),
        ("t_from_zero", _not_finite),
        ("t_from_zero", _adam_variant(*inputs, first_t=2)),
        ("eps_inside_sqrt", _adam_variant(*inputs, eps_inside=True)),
        ("sign_update", _adam_variant(*inputs, sign=-1.0)),
    )
    label = (f"Adam(learning_rate={learning_rate}, beta1={beta1}, beta2={beta2}, "
             f"epsilon={epsilon:g}), {n_steps} steps on layer sizes {sizes}"
             + (f", gradients of size ~{scale:g}" if scale != 1 else ""))
    args = (learning_rate, beta1, beta2, epsilon, params, grads_seq)
    return Case(label, args, expected, mistakes)


def check_adam(Adam, hidden=False):
    """Check a learner's ``Adam(learning_rate, beta1, beta2, epsilon)`` class and its ``step``.

    Each case creates the optimizer, calls ``step(params, grads)`` a few times with random
    gradients and compares the parameters after every step with those of
    nnlib.optimizers.Adam: t += 1; v = beta1 v + (1 - beta1) g; s = beta2 s + (1 - beta2) g**2;
    v_hat = v / (1 - beta1**t); s_hat = s / (1 - beta2**t);
    p -= learning_rate * v_hat / (sqrt(s_hat) + epsilon), in place.

    Parameters
    ----------
    Adam : class
    hidden : bool
        Also run the graders' cases (more steps, tiny and large gradients, other betas).

    Raises
    ------
    AssertionError
        With hints for a missing bias correction, a beta and 1 - beta swapped, the step taken
        before v and s are updated, t starting at 0 (or counted from 2), epsilon inside the square
        root, an uphill step, params not updated in place.

    Examples
    --------
    >>> class Adam:
    ...     def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8):
    ...         self.lr, self.beta1, self.beta2 = learning_rate, beta1, beta2
    ...         self.epsilon = epsilon
    ...         self.v, self.s, self.t = {}, {}, 0
    ...     def step(self, params, grads):
    ...         self.t += 1
    ...         for name, p in params.items():
    ...             g = grads["d" + name]
    ...             self.v[name] = self.beta1 * self.v.get(name, 0.0) + (1 - self.beta1) * g
    ...             self.s[name] = self.beta2 * self.s.get(name, 0.0) + (1 - self.beta2) * g * g
    ...             v_hat = self.v[name] / (1 - self.beta1 ** self.t)
    ...             s_hat = self.s[name] / (1 - self.beta2 ** self.t)
    ...             p -= self.lr * v_hat / (np.sqrt(s_hat) + self.epsilon)
    ...         return params
    >>> check_adam(Adam)
    check_adam: all 3 cases passed.
    """
    rng = np.random.default_rng(SEED)
    visible = [
        _adam_case(rng, [3, 2, 1], 4, 0.001, 0.9, 0.999),
        _adam_case(rng, [2, 3, 2], 3, 0.01, 0.8, 0.99),
        _adam_case(rng, [4, 2], 5, 0.1, 0.9, 0.999, scale=0.001),
    ]
    rng = np.random.default_rng(HIDDEN_SEED)
    hidden_cases = [
        _adam_case(rng, [3, 3, 1], 10, 0.001, 0.9, 0.999),
        _adam_case(rng, [5, 4, 2], 3, 0.05, 0.5, 0.9, scale=100.0),
        _adam_case(rng, [2, 1], 6, 0.002, 0.95, 0.9999, epsilon=1e-6, scale=1e-4),
    ]

    def call(case):
        learning_rate, beta1, beta2, epsilon, params, grads_seq = case.args
        return _run_learner(Adam, "Adam", (learning_rate, beta1, beta2, epsilon),
                            ("learning_rate", "beta1", "beta2", "epsilon"), params, grads_seq)

    run("check_adam", cases(visible, hidden_cases, hidden), call)
