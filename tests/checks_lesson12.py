"""Lesson 12's exercise checks: right answers, nnlib-based answers, known mistakes.

Collected by tests/test_checks.py, which runs the same tests over every lesson's file. (Lesson
12's mini-batch exercise uses lesson 8's check_minibatches, tested with lesson 8.)
"""

import numpy as np

from nnlib import checks
from nnlib.optimizers import Adam as NnlibAdam
from nnlib.optimizers import Momentum as NnlibMomentum

# ----- right answers, written the way the lesson asks for them (plain NumPy) -------------------


class Momentum:
    def __init__(self, learning_rate, beta=0.9):
        self.learning_rate, self.beta = learning_rate, beta
        self.v = {}

    def step(self, params, grads):
        for name, p in params.items():
            v = self.v.get(name, np.zeros_like(p))
            v = self.beta * v + (1 - self.beta) * grads[f"d{name}"]
            p -= self.learning_rate * v
            self.v[name] = v
        return params


class Adam:
    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8):
        self.learning_rate, self.beta1, self.beta2, self.epsilon = (
            learning_rate, beta1, beta2, epsilon)
        self.v, self.s, self.t = {}, {}, 0

    def step(self, params, grads):
        self.t += 1
        for name, p in params.items():
            g = grads[f"d{name}"]
            v = self.beta1 * self.v.get(name, np.zeros_like(p)) + (1 - self.beta1) * g
            s = self.beta2 * self.s.get(name, np.zeros_like(p)) + (1 - self.beta2) * g ** 2
            v_hat = v / (1 - self.beta1 ** self.t)
            s_hat = s / (1 - self.beta2 ** self.t)
            p -= self.learning_rate * v_hat / (np.sqrt(s_hat) + self.epsilon)
            self.v[name], self.s[name] = v, s
        return params


# ----- wrong answers ---------------------------------------------------------------------------


class MomentumSwapped(Momentum):
    def step(self, params, grads):
        for name, p in params.items():
            v = (1 - self.beta) * self.v.get(name, 0.0) + self.beta * grads[f"d{name}"]
            p -= self.learning_rate * v
            self.v[name] = v
        return params


class MomentumPyTorch(Momentum):
    def step(self, params, grads):
        for name, p in params.items():
            v = self.beta * self.v.get(name, 0.0) + grads[f"d{name}"]
            p -= self.learning_rate * v
            self.v[name] = v
        return params


class MomentumStepFirst(Momentum):
    def step(self, params, grads):
        for name, p in params.items():
            v = self.v.get(name, 0.0)
            p -= self.learning_rate * v
            self.v[name] = self.beta * v + (1 - self.beta) * grads[f"d{name}"]
        return params


class MomentumUphill(Momentum):
    def step(self, params, grads):
        for name, p in params.items():
            v = self.beta * self.v.get(name, 0.0) + (1 - self.beta) * grads[f"d{name}"]
            p += self.learning_rate * v
            self.v[name] = v
        return params


class MomentumNewDict(Momentum):
    def step(self, params, grads):
        new = {}
        for name, p in params.items():
            v = self.beta * self.v.get(name, 0.0) + (1 - self.beta) * grads[f"d{name}"]
            new[name] = p - self.learning_rate * v
            self.v[name] = v
        return new


class _AdamVariant(Adam):
    corrected, swap1, step_first, t_after, eps_inside, sign = True, False, False, False, False, 1

    def step(self, params, grads):
        if not self.t_after:
            self.t += 1
        for name, p in params.items():
            g = grads[f"d{name}"]
            v, s = self.v.get(name, np.zeros_like(p)), self.s.get(name, np.zeros_like(p))
            if self.step_first:
                p -= self._move(v, s)
            a, c = (1 - self.beta1, self.beta1) if self.swap1 else (self.beta1, 1 - self.beta1)
            v, s = a * v + c * g, self.beta2 * s + (1 - self.beta2) * g ** 2
            if not self.step_first:
                p -= self._move(v, s)
            self.v[name], self.s[name] = v, s
        if self.t_after:
            self.t += 1
        return params

    def _move(self, v, s):
        v_hat = v / (1 - self.beta1 ** self.t) if self.corrected else v
        s_hat = s / (1 - self.beta2 ** self.t) if self.corrected else s
        if self.eps_inside:
            return self.sign * self.learning_rate * v_hat / np.sqrt(s_hat + self.epsilon)
        return self.sign * self.learning_rate * v_hat / (np.sqrt(s_hat) + self.epsilon)


def _adam(**options):
    return type("AdamWrong", (_AdamVariant,), options)


class AdamStartingAtOne(Adam):
    def __init__(self, *args):
        super().__init__(*args)
        self.t = 1


class AdamNewDict(Adam):
    def step(self, params, grads):
        copies = {name: p.copy() for name, p in params.items()}
        return super().step(copies, grads)


#: check name -> (check, right answers, number of visible cases, number with hidden ones)
RIGHT = {
    "check_momentum": (checks.check_momentum, (Momentum,), 3, 6),
    "check_adam": (checks.check_adam, (Adam,), 3, 6),
}

#: check name -> answers built on nnlib itself (a second, independent route to the same results)
NNLIB_ANSWERS = {
    "check_momentum": (NnlibMomentum,),
    "check_adam": (NnlibAdam,),
}

#: (check, wrong answer(s), hidden, words of the expected hint; None: no hint expected)
MISTAKES = [
    (checks.check_momentum, (MomentumSwapped,), False, "swapped"),
    (checks.check_momentum, (MomentumPyTorch,), False, "convention of PyTorch"),
    (checks.check_momentum, (MomentumStepFirst,), False, "before this step's gradient"),
    (checks.check_momentum, (MomentumUphill,), False, "uphill"),
    (checks.check_momentum, (MomentumNewDict,), False, "change the parameters it is given"),
    (checks.check_adam, (_adam(corrected=False),), False, "bias correction is missing"),
    (checks.check_adam, (_adam(swap1=True),), False, "swapped"),
    (checks.check_adam, (_adam(step_first=True),), False, "before this step's gradient"),
    (checks.check_adam, (_adam(t_after=True),), False, "must be 1 at the first step"),
    (checks.check_adam, (AdamStartingAtOne,), False, "must be 1 at the first step"),
    (checks.check_adam, (_adam(eps_inside=True),), False, "outside the square root"),
    (checks.check_adam, (_adam(sign=-1),), False, "uphill"),
    (checks.check_adam, (AdamNewDict,), False, "change the parameters it is given"),
]


#: The exercise contract of the lesson's notebook: graded cell id -> (check called, points).
EXERCISES = {
    "l12_minibatches_test": ("check_minibatches", 2),
    "l12_momentum_test": ("check_momentum", 2),
    "l12_adam_test": ("check_adam", 3),
}

#: True when the lesson trains for a minute or more after its last exercise: the assignment
#: tests then run the student version only up to its last graded cell.
HEAVY = True
