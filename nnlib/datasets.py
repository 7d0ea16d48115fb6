"""The course's datasets: a registry, a downloader with a mirror option, and loaders.

Two datasets are downloaded (``catvnoncat`` and ``mnist``); two small tables ship with the
repository (``gender`` in ``data/gender.csv`` and ``xor``, defined below). Every loader returns
examples as rows: ``X`` has shape ``(m, n_features)`` (or ``(m, height, width[, channels])``
for images that are not flattened).

Where the data live
-------------------
The data directory is, in order of precedence: the ``data_dir=`` argument (``--data-dir`` on the
command line), the ``NNLIB_DATA_DIR`` environment variable, or the ``data/`` folder at the root
of the repository. Each dataset gets a sub-folder named after it (``data/mnist/...``).

Fetching
--------
``python -m nnlib.datasets fetch [NAME ...]`` (or :func:`fetch`) downloads what is missing.
Sources are tried in order: the mirror given by ``--mirror`` / ``mirror=`` /
``NNLIB_DATA_MIRROR`` (a local folder, a ``file://`` URL or an ``http(s)://`` URL laid out as
``<mirror>/<dataset>/<file>``), then each public URL of the registry. Every file is written to
``<file>.part`` first, checked against its size and SHA-256, and only then renamed to its final
name, so a bad or partial download never sits under the final name. An interrupted HTTP
download is resumed from the ``.part`` file with a Range request.

MNIST mirrors re-compress the ``.gz`` files, so for MNIST the size and SHA-256 refer to the
decompressed IDX payload; the ``.gz`` files are kept as downloaded.

After a file has been verified, its size and modification time are recorded in a small stamp
file, ``<data_dir>/<dataset>/.nnlib-verified.json``. A later ``fetch`` that finds the file with
the same size and modification time counts it as present without hashing it again; ``--verify``
re-hashes every file and replaces the bad ones.

The transfers themselves (mirrors, resumed HTTP downloads, ``.part`` files, checksums, stamps,
progress bars) live in the private module :mod:`nnlib._download`; this module holds the
registry, :func:`fetch` and its command line, the errors and the loaders.
"""

import argparse
import csv
import gzip
import os
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nnlib._download import (
    DEFAULT_TIMEOUT,
    STAMP_NAME,  # noqa: F401  (part of this module's namespace; the stamp file's name)
    _check_present,
    _fetch_one,
    _print_summary,
    _read_stamp,
    _record_verified,
)
from nnlib._validation import check_choice

__all__ = [
    "DATASETS",
    "DataFile",
    "Dataset",
    "DatasetCorruptError",
    "DatasetNotFoundError",
    "FetchError",
    "FetchResult",
    "default_data_dir",
    "fetch",
    "load_catvnoncat",
    "load_gender",
    "load_mnist",
    "load_xor",
    "main",
]

REPO_DATA_DIR = Path(__file__).resolve().parents[1] / "data"
DATA_DIR_ENV = "NNLIB_DATA_DIR"
MIRROR_ENV = "NNLIB_DATA_MIRROR"


# --------------------------------------------------------------------------------------------
# Registry
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DataFile:
    """One file of a dataset: its name, expected size and SHA-256, and public URLs.

    When ``compression == "gzip"``, ``size`` and ``sha256`` describe the decompressed payload.
    """

    filename: str
    size: int
    sha256: str
    urls: tuple = ()
    compression: str | None = None


@dataclass(frozen=True)
class Dataset:
    """A downloadable dataset: a folder name under the data directory and its files."""

    name: str
    description: str
    files: tuple

    def file(self, filename):
        """Return the :class:`DataFile` called ``filename``."""
        for spec in self.files:
            if spec.filename == filename:
                return spec
        raise KeyError(filename)


_CAT_URLS = (
    "https://raw.githubusercontent.com/Hiren2002/Logistic-Regression/"
    "a6139a838a0e624f4ab923377df0c5d3386fdf1f/datasets/",
    "https://raw.githubusercontent.com/ramakris/coursera-deeplearning/"
    "b1c8f954b5711f918c75f764138837bbe1b3f7fc/datasets/",
)
_MNIST_URLS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)


def _cat_file(filename, size, sha256):
    return DataFile(filename, size, sha256, tuple(base + filename for base in _CAT_URLS))


def _mnist_file(stem, size, sha256):
    filename = stem + ".gz"
    return DataFile(
        filename, size, sha256, tuple(base + filename for base in _MNIST_URLS), "gzip"
    )


DATASETS = {
    "catvnoncat": Dataset(
        "catvnoncat",
        "cat vs non-cat pictures, 64x64 RGB (HDF5), 209 train + 50 test",
        (
            _cat_file(
                "train_catvnoncat.h5",
                2572022,
                "fbe56ab67c3ae28d564e3a644189117976d6b31af0a3ce9bb17dbf22908af242",
            ),
            _cat_file(
                "test_catvnoncat.h5",
                616958,
                "6a9d39ce52fa85953c5834695b8534a30ed8cfd54971fb2f080b5a24d002b951",
            ),
        ),
    ),
    "mnist": Dataset(
        "mnist",
        "handwritten digits 28x28 (IDX, gzip), 60000 train + 10000 test",
        (
            _mnist_file(
                "train-images-idx3-ubyte",
                47040016,
                "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            ),
            _mnist_file(
                "train-labels-idx1-ubyte",
                60008,
                "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            ),
            _mnist_file(
                "t10k-images-idx3-ubyte",
                7840016,
                "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            ),
            _mnist_file(
                "t10k-labels-idx1-ubyte",
                10008,
                "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
            ),
        ),
    ),
}


# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------


class DatasetNotFoundError(FileNotFoundError):
    """A dataset file is missing from the data directory (the message says how to get it)."""


class DatasetCorruptError(ValueError):
    """A dataset file is present but truncated or malformed (re-fetch it with ``--verify``)."""


class FetchError(RuntimeError):
    """Some files could not be fetched from any source (the message lists what was tried)."""


@dataclass(frozen=True)
class FetchResult:
    """What :func:`fetch` did with one file: ``status`` is 'fetched', 'found' or 'failed'."""

    dataset: str
    filename: str
    status: str
    source: str
    path: Path


def _how_to_fetch(name):
    return (
        f"Get it with `make data` or `python -m nnlib.datasets fetch {name}` "
        f"(set {MIRROR_ENV}=/path/to/mirror to copy from a local mirror folder laid out as "
        f"<dataset>/<file>), or point {DATA_DIR_ENV} / data_dir= at a folder that holds it."
    )


def _missing(func, name, path):
    return DatasetNotFoundError(
        f"{func}: file {path.name!r} of dataset {name!r} not found; looked in {path.parent}. "
        + _how_to_fetch(name)
    )


def _corrupt(func, name, path, reason):
    return DatasetCorruptError(
        f"{func}: {path} is corrupt ({reason}). Download it again with "
        f"`python -m nnlib.datasets fetch --verify {name}`, which replaces bad files."
    )


# --------------------------------------------------------------------------------------------
# Paths and argument checks
# --------------------------------------------------------------------------------------------


def default_data_dir():
    """Return the data directory used when none is given.

    ``NNLIB_DATA_DIR`` when set, otherwise the ``data/`` folder at the repository root.

    Examples
    --------
    >>> default_data_dir().name  # doctest: +SKIP
    'data'
    """
    env = os.environ.get(DATA_DIR_ENV)
    return Path(env).expanduser() if env else REPO_DATA_DIR


def _resolve_data_dir(data_dir):
    return Path(data_dir).expanduser() if data_dir is not None else default_data_dir()


def _check_names(names, func):
    if names is None:
        return list(DATASETS)
    if isinstance(names, str):
        names = [names]
    names = list(names)
    for name in names:
        check_choice(name, list(DATASETS), "dataset", func)
    return list(dict.fromkeys(names))


def _check_bool(value, name, func):
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{func}: {name} must be True or False, got {value!r}.")
    return bool(value)


def _check_float_dtype(dtype, func):
    try:
        dt = np.dtype(dtype)
    except TypeError:
        dt = None
    if dt is None or dt.kind != "f":
        raise ValueError(
            f"{func}: dtype must be a floating-point type such as np.float32 or np.float64, "
            f"got {dtype!r}."
        )
    return dt


def _check_count(value, name, limit, func):
    if value is None:
        return limit
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not (
        1 <= value <= limit
    ):
        raise ValueError(
            f"{func}: {name} must be None or an integer between 1 and {limit}, got {value!r}."
        )
    return int(value)


# --------------------------------------------------------------------------------------------
# fetch
# --------------------------------------------------------------------------------------------


def fetch(
    names=None,
    *,
    mirror=None,
    data_dir=None,
    verify=False,
    progress=True,
    timeout=DEFAULT_TIMEOUT,
):
    """Download the named datasets into the data directory (only what is missing).

    Parameters
    ----------
    names : str or list of str, optional
        Datasets to fetch, from ``DATASETS`` ('catvnoncat', 'mnist'). Default: all of them.
    mirror : str or path, optional
        A local folder, ``file://`` URL or ``http(s)://`` URL laid out as
        ``<mirror>/<dataset>/<file>``, tried before the public URLs.
        Default: the ``NNLIB_DATA_MIRROR`` environment variable, if set.
    data_dir : str or path, optional
        Where the datasets go (one sub-folder per dataset). Default: ``NNLIB_DATA_DIR`` or the
        repository's ``data/`` folder.
    verify : bool, default False
        Re-check the SHA-256 of files already present and replace the bad ones. Without it a
        file whose size and modification time match its verified stamp is trusted.
    progress : bool, default True
        Show a progress bar per file (tqdm; quiet when stderr is not a terminal or
        ``TQDM_DISABLE=1``).
    timeout : float, default 30
        Seconds a connection may stay silent before the source counts as stalled.

    Returns
    -------
    results : list of FetchResult
        One entry per file, with status 'fetched' or 'found'. A summary table is printed.

    Raises
    ------
    ValueError
        An unknown dataset name (the message lists the valid names) or a bad timeout.
    FetchError
        The data directory cannot be created, or some files could not be fetched from any
        source; the message lists every source tried and why it failed.

    Examples
    --------
    >>> from nnlib.datasets import fetch
    >>> results = fetch(["mnist"], mirror="/srv/course-data")  # doctest: +SKIP
    """
    func = "fetch"
    names = _check_names(names, func)
    verify = _check_bool(verify, "verify", func)
    if (
        isinstance(timeout, bool)
        or not isinstance(timeout, (int, float))
        or not 0 < timeout < float("inf")
    ):
        raise ValueError(f"{func}: timeout must be a positive number of seconds, got {timeout!r}.")
    if mirror is None:
        mirror = os.environ.get(MIRROR_ENV) or None
    root = _resolve_data_dir(data_dir)

    results, failures = [], []
    for name in names:
        dataset = DATASETS[name]
        folder = root / name
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise FetchError(
                f"{func}: cannot create the data directory {folder} ({err.strerror or err}). "
                f"Choose a writable folder with --data-dir, data_dir= or {DATA_DIR_ENV}."
            ) from None
        stamp = _read_stamp(folder)
        for spec in dataset.files:
            target = folder / spec.filename
            if _check_present(folder, stamp, spec, verify):
                results.append(FetchResult(name, spec.filename, "found", "", target))
                continue
            try:
                source, errors = _fetch_one(name, spec, target, mirror, timeout, progress)
            except OSError as err:  # e.g. the folder is not writable
                source, errors = None, [(str(target), f"cannot write: {err}")]
            if source is None:
                if not errors:
                    errors = [("-", "no source: no mirror set and no public URL known")]
                failures.append((name, spec.filename, errors))
                results.append(FetchResult(name, spec.filename, "failed", "", target))
                continue
            _record_verified(folder, stamp, spec, target)
            results.append(FetchResult(name, spec.filename, "fetched", source, target))

    _print_summary(results, root)
    if failures:
        lines = [f"{func}: {len(failures)} file(s) could not be fetched into {root}:"]
        for name, filename, errors in failures:
            lines.append(f"  {name}/{filename}: tried {len(errors)} source(s):")
            lines += [f"    - {source}: {reason}" for source, reason in errors]
        lines.append(
            f"Check the network connection, or set {MIRROR_ENV} (or --mirror) to a folder or "
            f"URL laid out as <dataset>/<file> (see data/README.md)."
        )
        raise FetchError("\n".join(lines))
    return [r for r in results if r.status != "failed"]


# --------------------------------------------------------------------------------------------
# Loaders
# --------------------------------------------------------------------------------------------


def _dataset_file(func, name, filename, data_dir):
    """Return the path of a registered file, raising DatasetNotFoundError when missing."""
    path = _resolve_data_dir(data_dir) / name / filename
    if not path.is_file():
        raise _missing(func, name, path)
    return path


def load_gender(split="train"):
    """Load the small weight/height table used to introduce a single neuron.

    Parameters
    ----------
    split : {'train', 'new', 'all'}, default 'train'
        'train' holds Alice, Bob, Charlie and Diana; 'new' holds Emily and Frank, two people
        the network has not seen; 'all' is both, train first.

    Returns
    -------
    X : ndarray of shape (m, 2), float64
        ``[weight in lb - 135, height in inches - 66]`` per person (shifted to be near 0).
    y : ndarray of shape (m,), int64
        1 for female, 0 for male.
    names : list of str
        The person on each row.

    Raises
    ------
    ValueError
        An unknown split (the message lists the choices).
    DatasetNotFoundError, DatasetCorruptError
        ``data/gender.csv`` is missing or malformed.

    Examples
    --------
    >>> X, y, names = load_gender()
    >>> names
    ['Alice', 'Bob', 'Charlie', 'Diana']
    >>> X[0].tolist(), int(y[0])
    ([-2.0, -1.0], 1)
    """
    func = "load_gender"
    check_choice(split, ["train", "new", "all"], "split", func)
    path = REPO_DATA_DIR / "gender.csv"
    if not path.is_file():
        raise DatasetNotFoundError(
            f"{func}: {path} not found; it ships with the course repository (restore it with "
            f"`git checkout -- data/gender.csv`)."
        )
    rows = []
    with open(path, newline="", encoding="utf-8") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            try:
                sex = {"F": 1, "M": 0}[row["sex"].strip()]
                weight, height = float(row["weight_lb"]), float(row["height_in"])
                name, row_split = row["name"].strip(), row["split"].strip()
                if row_split not in ("train", "new"):
                    raise ValueError(row_split)
            except (KeyError, ValueError, AttributeError, TypeError):
                raise DatasetCorruptError(
                    f"{func}: {path} is corrupt (line {line} is malformed; expected columns "
                    f"name, weight_lb, height_in, sex (F or M), split (train or new)). "
                    f"Restore the original with `git checkout -- data/gender.csv`."
                ) from None
            if split in ("all", row_split):
                rows.append((row_split, name, weight - 135.0, height - 66.0, sex))
    rows.sort(key=lambda r: r[0] != "train")  # stable: train rows first, file order kept
    X = np.array([[r[2], r[3]] for r in rows], dtype=np.float64).reshape(-1, 2)
    y = np.array([r[4] for r in rows], dtype=np.int64)
    return X, y, [r[1] for r in rows]


def load_xor():
    """Return the four XOR examples, with a constant third input column.

    Returns
    -------
    X : ndarray of shape (4, 3), float64
        Columns: the two inputs and a constant 1 (a bias input).
    y : ndarray of shape (4, 1), float64
        XOR of the two inputs.

    Examples
    --------
    >>> X, y = load_xor()
    >>> X.shape, y.ravel().tolist()
    ((4, 3), [0.0, 1.0, 1.0, 0.0])
    """
    X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=np.float64)
    y = np.array([[0], [1], [1], [0]], dtype=np.float64)
    return X, y


def _read_h5(func, path, keys):
    import h5py

    spec = DATASETS["catvnoncat"].file(path.name)
    size = path.stat().st_size
    if size != spec.size:
        raise _corrupt(func, "catvnoncat", path, f"size {size} bytes, expected {spec.size}")
    try:
        with h5py.File(path, "r") as h5:
            return [h5[key][()] for key in keys]
    except (OSError, KeyError, ValueError, RuntimeError) as err:
        raise _corrupt(func, "catvnoncat", path, f"cannot read it as HDF5: {err}") from None


def load_catvnoncat(*, flatten=False, scale=False, dtype=np.float64, data_dir=None):
    """Load the cat vs non-cat pictures (209 train, 50 test, 64x64 RGB).

    Parameters
    ----------
    flatten : bool, default False
        Return each picture as one row of 64*64*3 = 12288 values (C order: row, column,
        channel) instead of an array of shape (64, 64, 3).
    scale : bool, default False
        Divide by 255 and return ``dtype`` values in [0, 1]; otherwise the raw uint8 pixels.
    dtype : floating dtype, default np.float64
        The dtype of scaled pixels (ignored when ``scale=False``).
    data_dir : str or path, optional
        Folder holding ``catvnoncat/``. Default: ``NNLIB_DATA_DIR`` or the repository's
        ``data/``.

    Returns
    -------
    X_train : ndarray of shape (209, 64, 64, 3), or (209, 12288) when flattened
    y_train : ndarray of shape (209,), int64
        1 for a cat, 0 otherwise.
    X_test : ndarray of shape (50, 64, 64, 3), or (50, 12288) when flattened
    y_test : ndarray of shape (50,), int64
    classes : list of str
        ``['non-cat', 'cat']``: ``classes[y]`` names a label.

    Raises
    ------
    DatasetNotFoundError
        A file is missing (the message says where it looked and how to fetch it).
    DatasetCorruptError
        A file has the wrong size or cannot be read as HDF5.

    Examples
    --------
    >>> X_train, y_train, X_test, y_test, classes = load_catvnoncat(
    ...     flatten=True, scale=True)  # doctest: +SKIP
    >>> X_train.shape, classes  # doctest: +SKIP
    ((209, 12288), ['non-cat', 'cat'])
    """
    func = "load_catvnoncat"
    flatten = _check_bool(flatten, "flatten", func)
    scale = _check_bool(scale, "scale", func)
    dtype = _check_float_dtype(dtype, func)
    train_path = _dataset_file(func, "catvnoncat", "train_catvnoncat.h5", data_dir)
    test_path = _dataset_file(func, "catvnoncat", "test_catvnoncat.h5", data_dir)
    X_train, y_train, classes = _read_h5(
        func, train_path, ["train_set_x", "train_set_y", "list_classes"]
    )
    X_test, y_test = _read_h5(func, test_path, ["test_set_x", "test_set_y"])
    for path, X, y, m in ((train_path, X_train, y_train, 209), (test_path, X_test, y_test, 50)):
        if X.shape != (m, 64, 64, 3) or y.shape != (m,):
            raise _corrupt(
                func, "catvnoncat", path, f"arrays of shape {X.shape} and {y.shape}"
            )

    def convert(X):
        X = X.reshape(X.shape[0], -1) if flatten else X
        if scale:
            X = X.astype(dtype)
            X /= 255
        return np.ascontiguousarray(X)

    classes = [c.decode() if isinstance(c, bytes) else str(c) for c in classes]
    return (
        convert(X_train),
        y_train.astype(np.int64),
        convert(X_test),
        y_test.astype(np.int64),
        classes,
    )


_IDX_MAGIC = {1: 0x00000801, 3: 0x00000803}  # unsigned bytes; 1-D labels, 3-D images


def _read_idx(func, path, ndim, n_expected):
    """Read a gzip-compressed IDX file of unsigned bytes into a read-only ndarray."""
    spec = DATASETS["mnist"].file(path.name)
    try:
        with open(path, "rb") as fh:
            data = gzip.decompress(fh.read())
    except (OSError, EOFError, zlib.error) as err:
        raise _corrupt(func, "mnist", path, f"not a valid gzip file: {err}") from None
    header = 4 + 4 * ndim
    if len(data) < header:
        raise _corrupt(func, "mnist", path, f"only {len(data)} bytes after decompression")
    magic = int.from_bytes(data[:4], "big")
    if magic != _IDX_MAGIC[ndim]:
        raise _corrupt(
            func, "mnist", path,
            f"bad IDX header: magic number 0x{magic:08x}, expected 0x{_IDX_MAGIC[ndim]:08x}",
        )
    dims = tuple(int(d) for d in np.frombuffer(data, dtype=">u4", count=ndim, offset=4))
    if dims[0] != n_expected or dims[1:] not in ((), (28, 28)):
        raise _corrupt(func, "mnist", path, f"bad IDX header: dimensions {dims}")
    if len(data) != spec.size or len(data) != header + int(np.prod(dims)):
        raise _corrupt(
            func, "mnist", path, f"{len(data)} bytes after decompression, expected {spec.size}"
        )
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(dims)


def load_mnist(
    *,
    flatten=True,
    scale=True,
    one_hot=False,
    n_train=None,
    n_test=None,
    dtype=np.float32,
    data_dir=None,
):
    """Load MNIST (the canonical 60000 train / 10000 test split of 28x28 digits).

    Parameters
    ----------
    flatten : bool, default True
        Rows of 784 pixels (row-major) instead of (28, 28) images.
    scale : bool, default True
        Divide by 255 and return ``dtype`` values in [0, 1]; otherwise the raw uint8 pixels.
    one_hot : bool, default False
        Return labels as one-hot rows of shape (m, 10) in ``dtype`` instead of int64 digits.
    n_train, n_test : int, optional
        Keep only the first ``n_train`` training and the first ``n_test`` test examples (in
        file order, so the subset is always the same). Default: all of them.
    dtype : floating dtype, default np.float32
        The dtype of scaled pixels and of one-hot labels.
    data_dir : str or path, optional
        Folder holding ``mnist/``. Default: ``NNLIB_DATA_DIR`` or the repository's ``data/``.

    Returns
    -------
    X_train : ndarray of shape (n_train, 784), or (n_train, 28, 28) when not flattened
    y_train : ndarray of shape (n_train,), int64, or (n_train, 10) in ``dtype`` when one-hot
    X_test : ndarray of shape (n_test, 784), or (n_test, 28, 28)
    y_test : ndarray of shape (n_test,), int64, or (n_test, 10) in ``dtype`` when one-hot

    Raises
    ------
    DatasetNotFoundError
        A file is missing (the message says where it looked and how to fetch it).
    DatasetCorruptError
        A file is not valid gzip, has a bad IDX header or the wrong size.

    Examples
    --------
    >>> X_train, y_train, X_test, y_test = load_mnist(n_train=1000)  # doctest: +SKIP
    >>> X_train.shape, X_train.dtype, y_train[:5].tolist()  # doctest: +SKIP
    ((1000, 784), dtype('float32'), [5, 0, 4, 1, 9])
    """
    func = "load_mnist"
    flatten = _check_bool(flatten, "flatten", func)
    scale = _check_bool(scale, "scale", func)
    one_hot = _check_bool(one_hot, "one_hot", func)
    n_train = _check_count(n_train, "n_train", 60000, func)
    n_test = _check_count(n_test, "n_test", 10000, func)
    dtype = _check_float_dtype(dtype, func)
    stems = {
        "X_train": ("train-images-idx3-ubyte.gz", 3, 60000, n_train),
        "y_train": ("train-labels-idx1-ubyte.gz", 1, 60000, n_train),
        "X_test": ("t10k-images-idx3-ubyte.gz", 3, 10000, n_test),
        "y_test": ("t10k-labels-idx1-ubyte.gz", 1, 10000, n_test),
    }
    paths = {key: _dataset_file(func, "mnist", f[0], data_dir) for key, f in stems.items()}
    # Read and check all four files before converting anything, so a bad file fails fast.
    raw = {key: _read_idx(func, paths[key], ndim, m)[:n] for key, (_, ndim, m, n) in stems.items()}
    for key in ("y_train", "y_test"):
        if raw[key].max(initial=0) > 9:
            raise _corrupt(func, "mnist", paths[key], f"label {raw[key].max()} outside 0..9")
    out = []
    for key in ("X_train", "y_train", "X_test", "y_test"):
        if key.startswith("X"):
            X = raw[key].reshape(-1, 784) if flatten else raw[key]
            if scale:
                X = X.astype(dtype)  # a new array, so dividing in place is safe
                X /= 255
            else:
                X = X.copy()  # np.frombuffer gives a read-only view of the decompressed bytes
            out.append(X)
        else:
            y = raw[key].astype(np.int64)
            out.append(np.eye(10, dtype=dtype)[y] if one_hot else y)
    return tuple(out)


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------


def _list(data_dir):
    root = _resolve_data_dir(data_dir)
    print(f"Data directory: {root}")
    for name, dataset in DATASETS.items():
        print(f"{name}: {dataset.description}")
        for spec in dataset.files:
            present = "present" if (root / name / spec.filename).is_file() else "missing"
            print(f"  {spec.filename:<28} {present}")


def main(argv=None):
    """Run the command line: ``python -m nnlib.datasets fetch|list ...``; return the exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m nnlib.datasets",
        description="Download the course's datasets into the data directory.",
        epilog=(
            f"Environment: {DATA_DIR_ENV} sets the data directory (default: the repository's "
            f"data/ folder); {MIRROR_ENV} sets a mirror (a folder or URL laid out as "
            "<dataset>/<file>) tried before the public URLs."
        ),
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    fetch_parser = commands.add_parser(
        "fetch",
        help="download the missing files of datasets (all by default) and verify them",
        description=(
            "Download the missing files of the named datasets (default: all), verify their "
            "SHA-256 and print what was fetched, found or failed. Exit status 1 if anything "
            "failed."
        ),
    )
    fetch_parser.add_argument(
        "names", nargs="*", metavar="NAME", help=f"dataset names: {', '.join(DATASETS)}"
    )
    fetch_parser.add_argument(
        "--mirror",
        metavar="DIR_OR_URL",
        help=f"folder, file:// or http(s):// URL laid out as <dataset>/<file>, tried first "
        f"(default: ${MIRROR_ENV})",
    )
    fetch_parser.add_argument(
        "--data-dir", metavar="DIR", help=f"where the data go (default: ${DATA_DIR_ENV} or data/)"
    )
    fetch_parser.add_argument(
        "--verify",
        action="store_true",
        help="re-check the checksums of files already present and re-download bad ones",
    )
    fetch_parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"give up on a stalled connection after this long (default: {DEFAULT_TIMEOUT:g})",
    )
    fetch_parser.add_argument(
        "--no-progress", action="store_true", help="do not show progress bars"
    )
    list_parser = commands.add_parser("list", help="list the datasets and which files are present")
    list_parser.add_argument("--data-dir", metavar="DIR", help="the data directory to inspect")
    args = parser.parse_args(argv)

    if args.command == "list":
        _list(args.data_dir)
        return 0
    try:
        fetch(
            args.names or None,
            mirror=args.mirror,
            data_dir=args.data_dir,
            verify=args.verify,
            progress=not args.no_progress,
            timeout=args.timeout,
        )
    except (FetchError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
