"""Small matplotlib helpers used by the lessons.

Each function draws on ``ax`` (a new figure when None) and returns the Axes, so a lesson can
add titles or combine plots; the lesson itself calls ``plt.show()``.
"""

import matplotlib.pyplot as plt
import numpy as np

__all__ = ["plot_costs", "plot_decision_boundary", "show_images", "plot_confusion_matrix"]


def plot_costs(histories, ax=None, key="cost", xlabel="epoch", logy=False):
    """Plot one curve per History (or per list of numbers).

    Parameters
    ----------
    histories : dict of label -> History or sequence of float, or a single one of those
    key : str
        "cost" or a metric name of the History.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4))
    if not isinstance(histories, dict):
        histories = {None: histories}
    for label, h in histories.items():
        values = h[key] if hasattr(h, "metrics") else list(h)
        ax.plot(np.arange(1, len(values) + 1), values, label=label)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(key)
    if logy:
        ax.set_yscale("log")
    if any(label is not None for label in histories):
        ax.legend()
    ax.grid(alpha=0.3)
    return ax


def plot_decision_boundary(predict_proba, X, y, ax=None, resolution=200, padding=0.1,
                           labels=None, cmap="RdBu_r", class_names=None):
    """Shade the plane by a model's output and mark the examples.

    Parameters
    ----------
    predict_proba : callable
        Maps an (n, 2) array of points to scores (n,) or (n, 1) in [0, 1].
    X : ndarray of shape (m, 2)
    y : ndarray of shape (m,) of 0/1 labels
    labels : sequence of str, optional
        Text written next to each example.
    cmap : str
        Colour map of the shading; the default "RdBu_r" runs from blue (output 0) to red
        (output 1), the colours of the class 0 and class 1 markers.
    class_names : sequence of two str, optional
        Legend entries for class 0 and class 1 (default "class 0", "class 1").
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 5))
    X = np.asarray(X, dtype=float)
    y = np.asarray(y).ravel()
    span = X.max(axis=0) - X.min(axis=0)
    lo, hi = X.min(axis=0) - padding * span - 1, X.max(axis=0) + padding * span + 1
    g0, g1 = np.meshgrid(np.linspace(lo[0], hi[0], resolution),
                         np.linspace(lo[1], hi[1], resolution))
    grid = np.column_stack([g0.ravel(), g1.ravel()])
    scores = np.asarray(predict_proba(grid)).reshape(g0.shape)
    mesh = ax.contourf(g0, g1, scores, levels=np.linspace(0, 1, 11), cmap=cmap, alpha=0.6)
    ax.contour(g0, g1, scores, levels=[0.5], colors="k", linewidths=1.5)
    plt.colorbar(mesh, ax=ax, label="network output")
    for cls, marker in ((0, "s"), (1, "o")):
        pts = X[y == cls]
        ax.scatter(pts[:, 0], pts[:, 1], marker=marker, s=60, edgecolors="k",
                   c="tab:blue" if cls == 0 else "tab:red",
                   label=f"class {cls}" if class_names is None else class_names[cls])
    if labels is not None:
        for (x0, x1), text in zip(X, labels, strict=True):
            ax.annotate(text, (x0, x1), textcoords="offset points", xytext=(6, 6))
    ax.legend(loc="lower right")
    return ax


def show_images(images, titles=None, ncols=8, cmap=None, size=1.6):
    """Show images in a grid with optional titles; returns the Figure.

    Parameters
    ----------
    images : ndarray of shape (n, h, w) or (n, h, w, 3)
    titles : sequence of str, optional
    """
    images = np.asarray(images)
    n = len(images)
    ncols = max(1, min(ncols, n))
    nrows = int(np.ceil(n / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows + 0.3 * nrows),
                             squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i < n:
            ax.imshow(images[i], cmap=cmap if images[i].ndim == 2 else None)
            if titles is not None:
                ax.set_title(titles[i], fontsize=9)
    fig.tight_layout()
    return fig


def plot_confusion_matrix(cm, class_names=None, ax=None, normalize=False):
    """Heatmap of a confusion matrix (rows: true class, columns: predicted class)."""
    import seaborn as sns

    cm = np.asarray(cm)
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 6))
    data = cm / cm.sum(axis=1, keepdims=True) if normalize else cm
    sns.heatmap(data, annot=True, fmt=".2f" if normalize else "d", cmap="Blues", cbar=False,
                xticklabels=class_names if class_names is not None else "auto",
                yticklabels=class_names if class_names is not None else "auto", ax=ax)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    return ax
