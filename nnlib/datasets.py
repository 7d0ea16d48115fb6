"""The course's datasets: four loaders with one interface, and ``fetch`` for the downloads.

Every loader takes the same keywords with the same defaults and returns a :class:`TrainTest`
that unpacks as ``X_train, y_train, X_test, y_test``::

    X_train, y_train, X_test, y_test = load_mnist()
    data = load_catvnoncat(flatten=False)
    data.classes[data.y_train[0]]           # 'non-cat' or 'cat'

Examples are rows (``X`` has shape ``(m, n_features)``, or ``(m, height, width[, channels])``
for images that are not flattened), ``X`` is a float array of ``dtype`` and labels are
``(m,)`` int64 arrays that index ``classes``.

``catvnoncat`` and ``mnist`` are downloaded (:func:`fetch`, ``python -m nnlib.datasets
fetch``) into ``data_dir=`` / ``NNLIB_DATA_DIR`` / the repository's ``data/``, one sub-folder
per dataset; ``gender`` (``data/gender.csv``) and ``xor`` ship with the repository. Every file
a loader reads is checked against its pinned size and SHA-256 (for MNIST: of the decompressed
payload) on every load, so a damaged file is never returned. The machinery (registry,
checksums, transfers) lives in the private package :mod:`nnlib._download`.
"""

import csv
import io
import sys
from typing import NamedTuple

import numpy as np

from nnlib._download.fetch import FetchResult, fetch, main
from nnlib._download.files import STAMP_NAME, read_verified
from nnlib._download.registry import (
    DATA_DIR_ENV,
    DATASETS,
    GENDER_FILE,
    MIRROR_ENV,
    REPO_DATA_DIR,
    DataFile,
    Dataset,
    DatasetCorruptError,
    DatasetNotFoundError,
    DatasetPermissionError,
    FetchError,
    check_bool,
    check_count,
    check_data_dir,
    check_float_dtype,
    default_data_dir,
    how_to_fetch,
    how_to_replace,
)

__all__ = [
    "load_gender", "load_xor", "load_catvnoncat", "load_mnist", "TrainTest", "ExampleNames",
    "fetch", "FetchResult", "main", "default_data_dir",
    "DATASETS", "DataFile", "Dataset", "DATA_DIR_ENV", "MIRROR_ENV", "REPO_DATA_DIR", "STAMP_NAME",
    "DatasetNotFoundError", "DatasetCorruptError", "DatasetPermissionError", "FetchError",
]


# --------------------------------------------------------------------------------------------
# What every loader returns
# --------------------------------------------------------------------------------------------


class _Arrays(NamedTuple):
    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray


class ExampleNames(NamedTuple):
    """The names of the examples of a dataset whose examples have names (``gender``)."""

    train: list
    test: list


class TrainTest(_Arrays):
    """A dataset as four arrays, ``X_train, y_train, X_test, y_test``, with its class names.

    A named tuple of exactly four fields, so ``X_train, y_train, X_test, y_test = data``
    works; ``data.X_train`` names a field.

    Attributes
    ----------
    classes : list of str
        ``classes[k]`` names label ``k``.
    names : ExampleNames or None
        Names of the examples (``names.train``, ``names.test``), for datasets that have them.

    Examples
    --------
    >>> data = load_xor()
    >>> X_train, y_train, X_test, y_test = data
    >>> data
    TrainTest(X_train: (4, 3) float64, y_train: (4,) int64, X_test: (4, 3) float64,
              y_test: (4,) int64, classes=['0', '1'])
    """

    def __new__(cls, X_train, y_train, X_test, y_test, *, classes=(), names=None):
        self = super().__new__(cls, X_train, y_train, X_test, y_test)
        self.classes = list(classes)
        self.names = names
        return self

    def _replace(self, **changes):
        fields = {**self._asdict(), **changes}
        return type(self)(**fields, classes=self.classes, names=self.names)

    def __repr__(self):
        arrays = ", ".join(
            f"{field}: {np.shape(value)} {getattr(value, 'dtype', type(value).__name__)}"
            for field, value in zip(self._fields, self, strict=True)
        )
        names = "" if self.names is None else f", names={self.names!r}"
        return f"{type(self).__name__}({arrays}, classes={self.classes!r}{names})"


# --------------------------------------------------------------------------------------------
# Loaders
# --------------------------------------------------------------------------------------------


def _check_options(func, flatten, scale, dtype, data_dir):
    return (check_bool(flatten, "flatten", func), check_bool(scale, "scale", func),
            check_float_dtype(dtype, func), check_data_dir(data_dir, func))


def _pixels(raw, flatten, scale, dtype):
    """Return uint8 images as a new float array of ``dtype``, flattened and scaled if asked."""
    X = raw.reshape(len(raw), -1) if flatten else raw
    out = np.empty(X.shape, dtype=dtype)
    if scale:
        np.divide(X, 255, out=out, dtype=dtype)
    else:
        out[...] = X
    return out


def _read(func, name, filename, root):
    """Return the verified payload of a file of a downloaded dataset."""
    spec = DATASETS[name].file(filename)
    folder = root / name
    return read_verified(
        func, spec, folder / filename, name, how_to_fetch(name), how_to_replace(name, folder)
    )


def load_gender(*, flatten=True, scale=True, dtype=np.float64, n_train=None, n_test=None,
                data_dir=None):
    """Load the small weight/height table used to introduce a single neuron.

    The training set is the four people the network learns from (Alice, Bob, Charlie,
    Diana); the test set is the two new people it has to guess (Emily, Frank).

    Parameters
    ----------
    flatten : bool, default True
        Accepted for a uniform interface; the table has nothing to flatten.
    scale : bool, default True
        Centre the features: weight - 135 lb and height - 66 in, small numbers near 0.
        False gives the raw weight (lb) and height (in).
    dtype : floating dtype, default np.float64
        The dtype of ``X``.
    n_train, n_test : int, optional
        Keep only the first ``n_train`` training and ``n_test`` test people.
    data_dir : str or path, optional
        Accepted and checked, not used: ``data/gender.csv`` ships with the repository.

    Returns
    -------
    data : TrainTest
        ``X_train`` (4, 2) and ``X_test`` (2, 2): ``[weight, height]`` per person;
        ``y_train`` (4,) and ``y_test`` (2,) int64: 1 female, 0 male;
        ``classes`` ``['male', 'female']``; ``names.train``, ``names.test``: the people.

    Raises
    ------
    TypeError, ValueError
        A bad argument (the message says what was received and what is expected).
    DatasetNotFoundError, DatasetCorruptError
        ``data/gender.csv`` is missing or is not the table the course ships.

    Examples
    --------
    >>> data = load_gender()
    >>> X_train, y_train, X_test, y_test = data
    >>> data.names.train, data.names.test
    (['Alice', 'Bob', 'Charlie', 'Diana'], ['Emily', 'Frank'])
    >>> X_train[0].tolist(), int(y_train[0]), data.classes[y_train[0]]
    ([-2.0, -1.0], 1, 'female')
    """
    func = "load_gender"
    _, scale, dtype, _ = _check_options(func, flatten, scale, dtype, data_dir)
    n_train = check_count(n_train, "n_train", 4, func)
    n_test = check_count(n_test, "n_test", 2, func)
    restore = "Restore the original with `git checkout -- data/gender.csv`."
    path = REPO_DATA_DIR / GENDER_FILE.filename
    text = read_verified(func, GENDER_FILE, path, "gender", restore, restore).decode("utf-8")
    table = list(csv.DictReader(io.StringIO(text)))  # columns: name, weight_lb, height_in, sex,
    train = [row for row in table if row["split"] == "train"][:n_train]  # split (train, new)
    test = [row for row in table if row["split"] == "new"][:n_test]

    def features(rows):
        X = np.array([[row["weight_lb"], row["height_in"]] for row in rows], dtype=dtype)
        return X - np.array([135, 66], dtype=dtype) if scale else X

    def labels(rows):
        return np.array([row["sex"] == "F" for row in rows], dtype=np.int64)

    return TrainTest(
        features(train), labels(train), features(test), labels(test),
        classes=["male", "female"],
        names=ExampleNames([row["name"] for row in train], [row["name"] for row in test]),
    )


def load_xor(*, flatten=True, scale=True, dtype=np.float64, n_train=None, n_test=None,
             data_dir=None):
    """Return the four XOR examples, with a constant third input column.

    XOR has no other examples, so the test set is the same four points (a separate copy).

    Parameters
    ----------
    flatten, scale : bool, default True
        Accepted for a uniform interface; the rows are already flat and 0 or 1.
    dtype : floating dtype, default np.float64
        The dtype of ``X``.
    n_train, n_test : int, optional
        Keep only the first ``n_train`` training and ``n_test`` test examples.
    data_dir : str or path, optional
        Accepted and checked, not used: the data are defined here.

    Returns
    -------
    data : TrainTest
        ``X_train`` and ``X_test`` (4, 3): the two input bits and a constant 1 (a bias
        input); ``y_train`` and ``y_test`` (4,) int64: their XOR; ``classes`` ``['0', '1']``.

    Raises
    ------
    TypeError, ValueError
        A bad argument (the message says what was received and what is expected).

    Examples
    --------
    >>> X_train, y_train, X_test, y_test = load_xor()
    >>> X_train.tolist(), y_train.tolist()
    ([[0.0, 0.0, 1.0], [0.0, 1.0, 1.0], [1.0, 0.0, 1.0], [1.0, 1.0, 1.0]], [0, 1, 1, 0])
    """
    func = "load_xor"
    _, _, dtype, _ = _check_options(func, flatten, scale, dtype, data_dir)
    n_train = check_count(n_train, "n_train", 4, func)
    n_test = check_count(n_test, "n_test", 4, func)
    X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=dtype)
    y = np.array([0, 1, 1, 0], dtype=np.int64)
    return TrainTest(X[:n_train].copy(), y[:n_train].copy(), X[:n_test].copy(),
                     y[:n_test].copy(), classes=["0", "1"])


def _read_h5(func, filename, root, keys):
    import h5py

    payload = _read(func, "catvnoncat", filename, root)
    with h5py.File(io.BytesIO(payload), "r") as h5:  # the verified bytes, not the file again
        return [h5[key][()] for key in keys]


def load_catvnoncat(*, flatten=True, scale=True, dtype=np.float64, n_train=None, n_test=None,
                    data_dir=None):
    """Load the cat vs non-cat pictures (209 train, 50 test, 64x64 RGB).

    Parameters
    ----------
    flatten : bool, default True
        Each picture as one row of 64*64*3 = 12288 values (C order: row, column, channel);
        False keeps pictures of shape (64, 64, 3).
    scale : bool, default True
        Divide the pixels by 255, into [0, 1]; False gives the values 0..255, still as floats
        of ``dtype`` (never uint8, whose arithmetic wraps around).
    dtype : floating dtype, default np.float64
        The dtype of ``X`` (np.float32 halves the memory).
    n_train, n_test : int, optional
        Keep only the first ``n_train`` training and ``n_test`` test pictures.
    data_dir : str or path, optional
        Folder holding ``catvnoncat/``. Default: ``NNLIB_DATA_DIR`` or the repository's
        ``data/``.

    Returns
    -------
    data : TrainTest
        ``X_train`` (209, 12288) and ``X_test`` (50, 12288), or (m, 64, 64, 3) when not
        flattened; ``y_train`` (209,) and ``y_test`` (50,) int64: 1 cat, 0 non-cat;
        ``classes`` ``['non-cat', 'cat']``.

    Raises
    ------
    TypeError, ValueError
        A bad argument (the message says what was received and what is expected).
    DatasetNotFoundError, DatasetPermissionError, DatasetCorruptError
        A file is missing, unreadable, or does not match its size and SHA-256; the message
        names the file and the command that fetches or replaces it.

    Examples
    --------
    >>> data = load_catvnoncat()  # doctest: +SKIP
    >>> data.X_train.shape, data.classes  # doctest: +SKIP
    ((209, 12288), ['non-cat', 'cat'])
    >>> pictures = load_catvnoncat(flatten=False).X_train  # for plt.imshow  # doctest: +SKIP
    """
    func = "load_catvnoncat"
    flatten, scale, dtype, root = _check_options(func, flatten, scale, dtype, data_dir)
    n_train = check_count(n_train, "n_train", 209, func)
    n_test = check_count(n_test, "n_test", 50, func)
    X_train, y_train, classes = _read_h5(
        func, "train_catvnoncat.h5", root, ["train_set_x", "train_set_y", "list_classes"]
    )
    X_test, y_test = _read_h5(func, "test_catvnoncat.h5", root, ["test_set_x", "test_set_y"])
    return TrainTest(
        _pixels(X_train[:n_train], flatten, scale, dtype),
        y_train[:n_train].astype(np.int64),
        _pixels(X_test[:n_test], flatten, scale, dtype),
        y_test[:n_test].astype(np.int64),
        classes=[c.decode() if isinstance(c, bytes) else str(c) for c in classes],
    )


def load_mnist(*, flatten=True, scale=True, dtype=np.float64, n_train=None, n_test=None,
               data_dir=None):
    """Load MNIST (the canonical 60000 train / 10000 test split of 28x28 digits).

    Parameters
    ----------
    flatten : bool, default True
        Rows of 784 pixels (row-major); False keeps images of shape (28, 28).
    scale : bool, default True
        Divide the pixels by 255, into [0, 1]; False gives the grey levels 0..255, still as
        floats of ``dtype`` (never uint8, whose arithmetic wraps around).
    dtype : floating dtype, default np.float64
        The dtype of ``X`` (np.float32 halves the memory: 188 MB instead of 376 MB).
    n_train, n_test : int, optional
        Keep only the first ``n_train`` training and ``n_test`` test images (in file order,
        so a subset is always the same).
    data_dir : str or path, optional
        Folder holding ``mnist/``. Default: ``NNLIB_DATA_DIR`` or the repository's ``data/``.

    Returns
    -------
    data : TrainTest
        ``X_train`` (60000, 784) and ``X_test`` (10000, 784), or (m, 28, 28) when not
        flattened; ``y_train`` (60000,) and ``y_test`` (10000,) int64: the digits;
        ``classes`` ``['0', '1', ..., '9']``.

    Raises
    ------
    TypeError, ValueError
        A bad argument (the message says what was received and what is expected).
    DatasetNotFoundError, DatasetPermissionError, DatasetCorruptError
        A file is missing, unreadable, or does not match its size and SHA-256 (of the
        decompressed payload); the message names the file and the command that fetches or
        replaces it.

    Examples
    --------
    >>> X_train, y_train, X_test, y_test = load_mnist(dtype=np.float32)  # doctest: +SKIP
    >>> X_train.shape, X_train.dtype, y_train[:5].tolist()  # doctest: +SKIP
    ((60000, 784), dtype('float32'), [5, 0, 4, 1, 9])
    """
    func = "load_mnist"
    flatten, scale, dtype, root = _check_options(func, flatten, scale, dtype, data_dir)
    n_train = check_count(n_train, "n_train", 60000, func)
    n_test = check_count(n_test, "n_test", 10000, func)
    # Read and verify all four files before converting anything, so a bad file fails fast.
    files = ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
             "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")
    images_train, labels_train, images_test, labels_test = [
        _read(func, "mnist", filename, root) for filename in files
    ]

    def images(payload, n):  # IDX: a 16-byte header, then n * 28 * 28 grey levels
        raw = np.frombuffer(payload, dtype=np.uint8, count=n * 784, offset=16)
        return _pixels(raw.reshape(n, 28, 28), flatten, scale, dtype)

    def labels(payload, n):  # IDX: an 8-byte header, then one byte per label
        return np.frombuffer(payload, dtype=np.uint8, count=n, offset=8).astype(np.int64)

    return TrainTest(
        images(images_train, n_train), labels(labels_train, n_train),
        images(images_test, n_test), labels(labels_test, n_test),
        classes=[str(digit) for digit in range(10)],
    )


if __name__ == "__main__":
    sys.exit(main())
