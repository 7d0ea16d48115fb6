"""Full-batch training speed on the cat pictures: nnlib against a column-layout implementation.

The network is the one of lesson 7: layer sizes [12288, 5, 5, 1], tanh (or ReLU) hidden layers,
a sigmoid output and the binary cross-entropy, trained by full-batch gradient descent on the 209
training pictures. The reference is a plain, correct NumPy implementation in the layout used by
many tutorials: one example per column (X of shape (12288, 209)), Z = W @ A + b, and dA_prev
computed for every layer, the first one included.

Both run in the same process, on the same float64 data, from the same initial weights; their
costs are compared before anything is timed. Repetitions of the two (and of nnlib in float32)
are interleaved, so a busy machine slows all of them alike, and the median is reported.

Run: .venv/bin/python benchmarks/bench_cats.py [--hidden tanh|relu] [--iterations N]
     [--repeats R] [--min-ratio 1.5]
Exit status 1 when nnlib (float64) is less than --min-ratio times faster than the reference.
"""

import argparse
import os
import statistics
import sys
import time

import numpy as np

from nnlib.datasets import load_catvnoncat
from nnlib.network import init_params
from nnlib.training import fit

LAYER_SIZES = [12288, 5, 5, 1]
LEARNING_RATE = 0.03


# ----- the reference: examples as columns -----------------------------------------------------

def _act(name, Z):
    if name == "tanh":
        return np.tanh(Z)
    if name == "relu":
        return np.maximum(Z, 0)
    return 1 / (1 + np.exp(-Z))  # sigmoid; its input stays moderate here


def _act_derivative(name, Z, A):
    if name == "tanh":
        return 1 - A * A
    if name == "relu":
        return (Z > 0).astype(Z.dtype)
    return A * (1 - A)


def column_params(params):
    """nnlib's parameters in the column layout: same W, biases as columns (n_l, 1)."""
    out = {}
    for key, value in params.items():
        out[key] = value.reshape(-1, 1).copy() if key.startswith("b") else value.copy()
    return out


def column_train(X_col, Y_col, params, hidden, n_iterations, learning_rate=LEARNING_RATE):
    """Full-batch gradient descent with examples as columns; returns (params, costs).

    X_col has shape (n_0, m), Y_col (1, m). Every layer, the first included, computes
    dA_prev = W.T @ dZ, as a generic layer-by-layer implementation does.
    """
    L = len(params) // 2
    names = [hidden] * (L - 1) + ["sigmoid"]
    m = X_col.shape[1]
    costs = []
    for _ in range(n_iterations):
        A, cache = X_col, []
        for l in range(1, L + 1):
            Z = params[f"W{l}"] @ A + params[f"b{l}"]
            A_prev, A = A, _act(names[l - 1], Z)
            cache.append((A_prev, Z, A))
        costs.append(float(-np.sum(Y_col * np.log(A) + (1 - Y_col) * np.log(1 - A)) / m))
        dA = -(Y_col / A - (1 - Y_col) / (1 - A))
        grads = {}
        for l in range(L, 0, -1):
            A_prev, Z, A_l = cache[l - 1]
            dZ = dA * _act_derivative(names[l - 1], Z, A_l)
            grads[f"dW{l}"] = dZ @ A_prev.T / m
            grads[f"db{l}"] = dZ.sum(axis=1, keepdims=True) / m
            dA = params[f"W{l}"].T @ dZ  # for l = 1 this is dLoss/dX: computed, never used
        for l in range(1, L + 1):
            params[f"W{l}"] = params[f"W{l}"] - learning_rate * grads[f"dW{l}"]
            params[f"b{l}"] = params[f"b{l}"] - learning_rate * grads[f"db{l}"]
    return params, costs


# ----- nnlib --------------------------------------------------------------------------------

def nnlib_train(X, y, params, hidden, n_iterations):
    """nnlib.training.fit, full batch; returns (params, costs)."""
    params, history = fit(X, y, params, [hidden, hidden, "sigmoid"], "binary_cross_entropy",
                          learning_rate=LEARNING_RATE, n_epochs=n_iterations)
    return params, history.cost


# ----- measurements ---------------------------------------------------------------------------

def _seconds(func):
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def check_same_costs(X, y, hidden, n_iterations=20):
    """Both implementations, same start: the costs must agree (they differ in rounding only)."""
    params = init_params(LAYER_SIZES, init="normal", rng=np.random.RandomState(1))
    _, costs_nnlib = nnlib_train(X, y, params, hidden, n_iterations)
    _, costs_col = column_train(np.ascontiguousarray(X.T), y.reshape(1, -1).astype(X.dtype),
                                column_params(params), hidden, n_iterations)
    worst = max(abs(a - b) for a, b in zip(costs_nnlib, costs_col, strict=True))
    if not np.allclose(costs_nnlib, costs_col, rtol=1e-9, atol=1e-12):
        raise SystemExit(f"bench_cats: the two implementations disagree (largest cost difference "
                         f"{worst:.2e}); nothing timed.")
    return costs_nnlib, worst


def matmul_breakdown(X, repeats):
    """Median seconds of the first layer's three products, in both layouts."""
    rng = np.random.default_rng(0)
    m, n0 = X.shape
    X_col = np.ascontiguousarray(X.T)
    W1 = rng.standard_normal((5, n0)) * 0.01
    dZ = rng.standard_normal((m, 5))
    dZ_col = np.ascontiguousarray(dZ.T)
    products = {
        "rows:    Z1 = X @ W1.T": lambda: X @ W1.T,
        "rows:    dW1 = dZ1.T @ X": lambda: dZ.T @ X,
        "rows:    dA0 = dZ1 @ W1 (nnlib skips it)": lambda: dZ @ W1,
        "columns: Z1 = W1 @ X_col": lambda: W1 @ X_col,
        "columns: dW1 = dZ1_col @ X_col.T": lambda: dZ_col @ X_col.T,
        "columns: dA0 = W1.T @ dZ1_col": lambda: W1.T @ dZ_col,
    }
    return {name: statistics.median(_seconds(f) for _ in range(repeats))
            for name, f in products.items()}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hidden", choices=["tanh", "relu"], default="tanh")
    parser.add_argument("--iterations", type=int, default=40, help="iterations per repetition")
    parser.add_argument("--repeats", type=int, default=7, help="interleaved repetitions")
    parser.add_argument("--min-ratio", type=float, default=1.5)
    args = parser.parse_args(argv)

    X, y, _, _ = load_catvnoncat()
    X32, _, _, _ = load_catvnoncat(dtype=np.float32)
    X_col = np.ascontiguousarray(X.T)
    Y_col = y.reshape(1, -1).astype(np.float64)
    n = args.iterations

    print(f"bench_cats: layers {LAYER_SIZES}, {args.hidden} hidden, sigmoid output, binary "
          f"cross-entropy, full batch (m = {X.shape[0]}), learning rate {LEARNING_RATE}")
    threads = os.environ.get("OPENBLAS_NUM_THREADS", "(unset)")
    print(f"NumPy {np.__version__}, OPENBLAS_NUM_THREADS={threads}, "
          f"{n} iterations x {args.repeats} interleaved repetitions")

    costs, worst = check_same_costs(X, y, args.hidden)
    print(f"same costs over 20 iterations: yes (largest difference {worst:.1e}; "
          f"cost {costs[0]:.6f} -> {costs[-1]:.6f})")

    params = init_params(LAYER_SIZES, init="normal", rng=np.random.RandomState(1))
    params32 = init_params(LAYER_SIZES, init="normal", rng=np.random.RandomState(1),
                           dtype=np.float32)
    runs = {
        "column layout, float64": lambda: column_train(X_col, Y_col, column_params(params),
                                                       args.hidden, n),
        "nnlib, float64": lambda: nnlib_train(X, y, params, args.hidden, n),
        "nnlib, float32": lambda: nnlib_train(X32, y, params32, args.hidden, n),
    }
    for f in runs.values():  # warm-up: page in the data, load BLAS kernels
        f()
    times = {name: [] for name in runs}
    for _ in range(args.repeats):
        for name, f in runs.items():
            times[name].append(_seconds(f))
    rate = {name: n / statistics.median(t) for name, t in times.items()}
    base = rate["column layout, float64"]
    print()
    print(f"{'implementation':26s} {'iterations/s':>12s} {'vs column':>10s}")
    for name, r in rate.items():
        print(f"{name:26s} {r:12.1f} {r / base:9.2f}x")

    print("\nwhere the time goes: the first layer's products (median of 20, milliseconds)")
    for name, seconds in matmul_breakdown(X, 20).items():
        print(f"  {name:42s} {1e3 * seconds:7.2f}")

    ratio = rate["nnlib, float64"] / base
    ok = ratio >= args.min_ratio
    print(f"\nnnlib float64 is {ratio:.2f}x the column-layout speed "
          f"({'meets' if ok else 'BELOW'} the required {args.min_ratio}x); "
          f"float32 gives another {rate['nnlib, float32'] / rate['nnlib, float64']:.2f}x.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
