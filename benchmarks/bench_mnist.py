"""One epoch on MNIST: nnlib against PyTorch (CPU) and scikit-learn's MLPClassifier.

The network is the one of lesson 8: layer sizes 784-128-64-10, ReLU hidden layers, a softmax
output with the cross-entropy loss, trained on mini-batches of 128 in float32, on the 60000
training images, twice: by plain SGD (no momentum, no weight decay, learning rate 0.2) and by Adam
(learning rate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-8). Each
library trains one epoch from fresh weights (its own default initialisation), reshuffling the
examples:

- nnlib: ``nnlib.training.fit`` (input checks included in the time).
- PyTorch: ``nn.Linear`` layers, ``F.cross_entropy``, ``torch.optim.SGD`` or ``Adam``; the data
  are plain tensors (shared with NumPy, no copy) indexed per batch, no DataLoader.
- scikit-learn: ``MLPClassifier(solver="sgd" or "adam", momentum=0, alpha=0, max_iter=1)``, no early
  stopping (its "did not converge" warning is silenced).

All three run in one process. Every library is warmed up once per thread setting, then the
repetitions are interleaved (the order rotates), so a busy machine slows all of them alike; the
median is reported. Thread settings: the machine's cores for all three (the comparison the
target refers to) and one thread for all three. nnlib and scikit-learn use NumPy's BLAS, limited
with threadpoolctl; PyTorch uses ``torch.set_num_threads``.

The same rotation times a hand-fused NumPy loop of the same training (``train_numpy_floor``: no
checks, no cost or accuracy, updates in place): the least time a NumPy implementation needs on
this machine, to tell nnlib's own overhead from what NumPy and its BLAS cost.

The matrix-multiply rate of this machine is measured in the same run, in the same interleaved
rotation: NumPy float32 products of exactly the shapes one training step of the network
multiplies (nine per batch of 128), as many as one epoch has. nnlib's FLOPs per epoch are counted
analytically from the layer sizes (matrix products only: the element-wise work is a few percent
of it), and the fraction of the measured rate that nnlib reaches is printed.

Run: .venv/bin/python benchmarks/bench_mnist.py [--repeats R] [--accuracy-epochs E]
     [--min-ratio 1.3] [--optimizers sgd adam]
Exit status 1 when, for either optimizer, with all cores, nnlib is less than --min-ratio times
faster than PyTorch or than scikit-learn, or its test accuracy is more than 0.5 points below
either of theirs.
"""

import argparse
import math
import os
import platform
import statistics
import sys
import time
import warnings

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

from nnlib.datasets import load_mnist
from nnlib.network import init_params, predict
from nnlib.training import fit

LAYER_SIZES = [784, 128, 64, 10]
ACTIVATIONS = ["relu", "relu", "softmax"]
BATCH_SIZE = 128
#: optimizer -> learning rate: plain SGD, and Adam with its usual defaults
#: (beta1 0.9, beta2 0.999, epsilon 1e-8 in all three libraries)
LEARNING_RATES = {"sgd": 0.2, "adam": 0.001}
LIBRARIES = ("nnlib", "PyTorch", "scikit-learn")


# ----- the three trainers: each trains n_epochs from fresh weights and returns a predictor -----

def train_nnlib(X, y, n_epochs, threads, seed, optimizer="sgd"):
    params = init_params(LAYER_SIZES, init="he", rng=seed, dtype=np.float32)
    params, _ = fit(X, y, params, ACTIVATIONS, "cross_entropy", optimizer=optimizer,
                    learning_rate=LEARNING_RATES[optimizer], n_epochs=n_epochs,
                    batch_size=BATCH_SIZE, rng=seed + 1, blas_threads=threads)
    return lambda X_new: predict(X_new, params, ACTIVATIONS)


def train_torch(X, y, n_epochs, threads, seed, optimizer="sgd"):
    import torch
    import torch.nn.functional as F

    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    X_t, y_t = torch.from_numpy(X), torch.from_numpy(y)  # share NumPy's memory
    sizes = LAYER_SIZES
    model = torch.nn.Sequential(
        torch.nn.Linear(sizes[0], sizes[1]), torch.nn.ReLU(),
        torch.nn.Linear(sizes[1], sizes[2]), torch.nn.ReLU(),
        torch.nn.Linear(sizes[2], sizes[3]),
    )
    lr = LEARNING_RATES[optimizer]
    optimizer = (torch.optim.SGD(model.parameters(), lr=lr) if optimizer == "sgd"
                 else torch.optim.Adam(model.parameters(), lr=lr, eps=1e-8))
    m = X_t.shape[0]
    for _ in range(n_epochs):
        order = torch.randperm(m)
        for start in range(0, m, BATCH_SIZE):
            idx = order[start:start + BATCH_SIZE]
            loss = F.cross_entropy(model(X_t[idx]), y_t[idx])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()

    def predict_torch(X_new):
        with torch.no_grad():
            return model(torch.from_numpy(X_new)).argmax(dim=1).numpy()

    return predict_torch


def train_sklearn(X, y, n_epochs, threads, seed, optimizer="sgd"):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    model = MLPClassifier(
        hidden_layer_sizes=tuple(LAYER_SIZES[1:-1]), activation="relu", solver=optimizer,
        alpha=0.0, batch_size=BATCH_SIZE, learning_rate="constant",
        learning_rate_init=LEARNING_RATES[optimizer], momentum=0.0, nesterovs_momentum=False,
        beta_1=0.9, beta_2=0.999, epsilon=1e-8,
        max_iter=n_epochs, shuffle=True, early_stopping=False, tol=0.0,
        n_iter_no_change=n_epochs + 1, random_state=seed,
    )
    with warnings.catch_warnings(), threadpool_limits(limits=threads, user_api="blas"):
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X, y)
    return model.predict


def train_numpy_floor(X, y, n_epochs, threads, seed, optimizer="sgd"):
    """The same training as a single hand-fused NumPy loop: no checks, no cost or accuracy, the
    gradients and the update computed in place. Not a library: the least a NumPy implementation
    of this network can do per epoch on this machine, the yardstick for nnlib's own overhead."""
    W1, b1, W2, b2, W3, b3 = init_params(LAYER_SIZES, init="he", rng=seed,
                                         dtype=np.float32).values()
    params = [W1, b1, W2, b2, W3, b3]
    Y = np.eye(LAYER_SIZES[-1], dtype=np.float32)[y]
    lr = LEARNING_RATES[optimizer]
    v = [np.zeros_like(p) for p in params]
    s = [np.zeros_like(p) for p in params]
    rng, m, t = np.random.default_rng(seed + 1), X.shape[0], 0
    with threadpool_limits(limits=threads, user_api="blas"):
        for _ in range(n_epochs):
            order = rng.permutation(m)
            for start in range(0, m, BATCH_SIZE):
                idx = order[start:start + BATCH_SIZE]
                Xb, Yb = X[idx], Y[idx]
                Z1 = Xb @ W1.T
                Z1 += b1
                A1 = np.maximum(Z1, 0)
                Z2 = A1 @ W2.T
                Z2 += b2
                A2 = np.maximum(Z2, 0)
                P = A2 @ W3.T
                P += b3
                P -= P.max(axis=1, keepdims=True)
                np.exp(P, out=P)
                P /= P.sum(axis=1, keepdims=True)
                P -= Yb
                P *= 1 / len(idx)  # dZ3
                dA2 = P @ W3
                dA2 *= Z2 > 0
                dA1 = dA2 @ W2
                dA1 *= Z1 > 0
                grads = [dA1.T @ Xb, dA1.sum(0), dA2.T @ A1, dA2.sum(0), P.T @ A2, P.sum(0)]
                t += 1
                for p, g, vp, sp in zip(params, grads, v, s, strict=True):
                    if optimizer == "sgd":
                        g *= lr
                    else:  # Adam, bias-corrected, in place
                        vp *= 0.9
                        vp += 0.1 * g
                        sp *= 0.999
                        g *= g
                        g *= 0.001
                        sp += g
                        np.sqrt(sp, out=g)
                        g *= 1 / math.sqrt(1 - 0.999 ** t)
                        g += 1e-8
                        np.divide(vp, g, out=g)
                        g *= lr / (1 - 0.9 ** t)
                    p -= g
    return lambda X_new: predict(X_new, dict(zip(["W1", "b1", "W2", "b2", "W3", "b3"], params,
                                                 strict=True)), ACTIVATIONS)


OPTIMIZER_NAMES = {"sgd": "plain SGD (no momentum, no weight decay)",
                   "adam": "Adam (nnlib.optimizers.Adam, torch.optim.Adam, MLPClassifier "
                           "solver='adam')"}
TRAINERS = {"nnlib": train_nnlib, "PyTorch": train_torch, "scikit-learn": train_sklearn,
            "NumPy floor": train_numpy_floor}


# ----- the machine's matrix-multiply rate on the network's shapes ------------------------------

def step_products(sizes=LAYER_SIZES, batch=BATCH_SIZE, rng=0):
    """The operand pairs of one SGD step's matrix products, in the layouts nnlib multiplies."""
    rng = np.random.default_rng(rng)

    def r(*shape):
        return rng.standard_normal(shape, dtype=np.float32)

    pairs = []
    L = len(sizes) - 1
    for l in range(1, L + 1):  # forward: Z = A_prev @ W.T
        pairs.append((r(batch, sizes[l - 1]), r(sizes[l], sizes[l - 1]).T))
    for l in range(L, 0, -1):  # backward: dW = dZ.T @ A_prev, dA_prev = dZ @ W (not for l = 1)
        pairs.append((r(batch, sizes[l]).T, r(batch, sizes[l - 1])))
        if l > 1:
            pairs.append((r(batch, sizes[l]), r(sizes[l], sizes[l - 1])))
    return pairs


def flops_per_epoch(n_examples, sizes=LAYER_SIZES):
    """Multiply-adds x 2 of the matrix products of one epoch (forward, dW, dA_prev for l > 1)."""
    weights = sum(sizes[l - 1] * sizes[l] for l in range(1, len(sizes)))
    hidden_inputs = sum(sizes[l - 1] * sizes[l] for l in range(2, len(sizes)))
    return 2 * n_examples * (2 * weights + hidden_inputs)


def matmul_epoch(n_examples, threads, batch=BATCH_SIZE):
    """Run just the matrix products of one epoch (NumPy float32, operands kept hot in cache)."""
    full, rest = divmod(n_examples, batch)
    steps = [(step_products(batch=batch), full)]
    if rest:
        steps.append((step_products(batch=rest), 1))
    with threadpool_limits(limits=threads, user_api="blas"):
        for pairs, n_steps in steps:
            for _ in range(n_steps):
                for a, b in pairs:
                    a @ b


# ----- the comparison -----------------------------------------------------------------------

def time_epochs(X, y, thread_settings, repeats, optimizer="sgd"):
    """All timings (s) of one epoch, per (library, threads), interleaved.

    "matmul" is the epoch's matrix products alone and "NumPy floor" the hand-fused NumPy loop
    (:func:`train_numpy_floor`), timed in the same rotation so that they see the same machine
    load as the libraries.
    """
    def run(lib, t, seed):
        if lib == "matmul":
            matmul_epoch(X.shape[0], t)
        else:
            TRAINERS[lib](X, y, 1, t, seed=seed, optimizer=optimizer)

    names = (*LIBRARIES, "NumPy floor", "matmul")
    times = {(lib, t): [] for t in thread_settings for lib in names}
    for lib, t in times:  # warm-up: one epoch each (imports, allocator, thread pools)
        run(lib, t, seed=100)
    keys = list(times)
    for rep in range(repeats):
        for k in range(len(keys)):
            lib, t = keys[(k + rep) % len(keys)]  # rotate the order every repetition
            time.sleep(0.1)  # let the previous run's spinning worker threads go to sleep
            start = time.perf_counter()
            run(lib, t, seed=rep)
            times[lib, t].append(time.perf_counter() - start)
    return times


def blas_description():
    for info in threadpool_info():
        if info.get("user_api") == "blas" and "numpy" in info.get("filepath", ""):
            return f"{info['internal_api']} {info.get('version')} ({info.get('architecture')})"
    return "unknown BLAS"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--accuracy-epochs", type=int, default=3)
    parser.add_argument("--min-ratio", type=float, default=1.3)
    parser.add_argument("--optimizers", nargs="+", choices=sorted(LEARNING_RATES),
                        default=["sgd", "adam"])
    args = parser.parse_args(argv)

    import sklearn
    import torch

    cores = os.cpu_count() or 1
    thread_settings = [cores, 1] if cores > 1 else [1]
    X, y, X_test, y_test = load_mnist(dtype=np.float32)
    m = X.shape[0]
    flops = flops_per_epoch(m)

    print(f"MNIST, one epoch of {'-'.join(map(str, LAYER_SIZES))} (ReLU, softmax + cross-entropy),"
          f" batch {BATCH_SIZE}, float32, {m} images; optimizers: {', '.join(args.optimizers)}")
    print(f"machine: {cores} cores ({platform.processor() or platform.machine()}), load average "
          f"{os.getloadavg()[0]:.1f} at start; OPENBLAS_CORETYPE="
          f"{os.environ.get('OPENBLAS_CORETYPE', '(unset)')}")
    print(f"versions: numpy {np.__version__} with {blas_description()}, torch {torch.__version__}, "
          f"scikit-learn {sklearn.__version__}")
    print(f"nnlib's matrix products per epoch: {flops / 1e9:.2f} GFLOP")
    print()

    all_met = True
    for optimizer in args.optimizers:
        times = time_epochs(X, y, thread_settings, args.repeats, optimizer)
        med = {k: statistics.median(v) for k, v in times.items()}
        print(f"== {OPTIMIZER_NAMES[optimizer]}, learning rate {LEARNING_RATES[optimizer]} ==")
        print(f"seconds per epoch: median of {args.repeats} interleaved runs [fastest]")
        header = (f"{'threads':>7}  " + "  ".join(f"{lib:>17}" for lib in LIBRARIES)
                  + f"  {'PyTorch/nnlib':>13}  {'sklearn/nnlib':>13}")
        print(header)
        for t in thread_settings:
            cells = "  ".join(f"{med[lib, t]:8.3f} [{min(times[lib, t]):6.3f}]"
                              for lib in LIBRARIES)
            print(f"{t:>7}  {cells}  {med['PyTorch', t] / med['nnlib', t]:12.2f}x  "
                  f"{med['scikit-learn', t] / med['nnlib', t]:12.2f}x")
        print()
        print("efficiency: the epoch's matrix products alone (NumPy float32, the nine products "
              "of a step, in the same rotation)")
        for t in thread_settings:
            matmul_rate = flops / med["matmul", t] / 1e9
            nnlib_rate = flops / med["nnlib", t] / 1e9
            print(f"  {t} thread{'s' * (t > 1)}: matmul alone {med['matmul', t]:.3f} s = "
                  f"{matmul_rate:.1f} GFLOP/s; nnlib {nnlib_rate:.1f} GFLOP/s = "
                  f"{100 * nnlib_rate / matmul_rate:.0f}% of it")
        print("the floor of a NumPy implementation: one hand-fused loop, no checks, no cost or "
              "accuracy, updates in place")
        for t in thread_settings:
            floor = med["NumPy floor", t]
            fastest = min(times["NumPy floor", t])
            print(f"  {t} thread{'s' * (t > 1)}: {floor:.3f} s per epoch [{fastest:.3f}]; "
                  f"nnlib takes {med['nnlib', t] / floor:.2f}x its time; PyTorch/floor "
                  f"{med['PyTorch', t] / floor:.2f}x, sklearn/floor "
                  f"{med['scikit-learn', t] / floor:.2f}x")
        print()

        acc_threads = 1
        accuracies = {}
        for lib in LIBRARIES:
            predictor = TRAINERS[lib](X, y, args.accuracy_epochs, acc_threads, seed=0,
                                      optimizer=optimizer)
            accuracies[lib] = float(np.mean(predictor(X_test) == y_test))
        print(f"test accuracy after {args.accuracy_epochs} epochs (trained with {acc_threads} "
              f"thread; one epoch alone varies more from seed to seed): "
              + ", ".join(f"{lib} {100 * a:.2f}%" for lib, a in accuracies.items()))

        t = thread_settings[0]
        speedups = {lib: med[lib, t] / med["nnlib", t] for lib in LIBRARIES[1:]}
        gaps = {lib: 100 * (accuracies[lib] - accuracies["nnlib"]) for lib in LIBRARIES[1:]}
        met = (all(s >= args.min_ratio for s in speedups.values())
               and all(g <= 0.5 for g in gaps.values()))
        best = {lib: min(med[lib, s] for s in thread_settings) for lib in LIBRARIES}
        print(f"with {t} thread{'s' * (t > 1)} each: nnlib is "
              + " and ".join(f"{s:.2f}x as fast as {lib}" for lib, s in speedups.items())
              + "; nnlib's test accuracy minus theirs: "
              + ", ".join(f"{-g:+.2f} points ({lib})" for lib, g in gaps.items()))
        print("each at its faster thread setting: nnlib is "
              + " and ".join(f"{best[lib] / best['nnlib']:.2f}x as fast as {lib}"
                             for lib in LIBRARIES[1:]))
        all_met = all_met and met
        print(f"target (at least {args.min_ratio}x faster than both with all cores, accuracy "
              f"within 0.5 points): {'met' if met else 'NOT met'}; load average "
              f"{os.getloadavg()[0]:.1f} at the end")
        print()
    return 0 if all_met else 1


if __name__ == "__main__":
    sys.exit(main())
