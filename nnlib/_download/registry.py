"""The datasets, where their files live, the errors, and the argument checks of the data API.

Every file the course reads is pinned by its size and SHA-256. When ``compression == "gzip"``
the size and SHA-256 describe the decompressed payload (MNIST mirrors re-compress the ``.gz``
files, so only the payload is the same everywhere).
"""

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nnlib._validation import check_choice

REPO_DATA_DIR = Path(__file__).resolve().parents[2] / "data"
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

# The small table that ships with the repository (never downloaded).
GENDER_FILE = DataFile(
    "gender.csv", 157, "c32b0ac6d11a04343b4b26c1fb51f1b970227cd8ae8438aee7cd2603a0c30511"
)


# --------------------------------------------------------------------------------------------
# Errors and the fixes they suggest
# --------------------------------------------------------------------------------------------


class DatasetNotFoundError(FileNotFoundError):
    """A dataset file is missing from the data directory (the message says how to get it)."""


class DatasetCorruptError(ValueError):
    """A dataset file does not match its size and SHA-256 (the message says how to replace it)."""


class DatasetPermissionError(PermissionError):
    """A dataset file or folder cannot be read by the current user."""


class FetchError(RuntimeError):
    """Some files could not be fetched from any source (the message lists what was tried)."""


def how_to_fetch(name):
    """Return the sentence that tells how to download dataset ``name``."""
    return (
        f"Get it with `make data` or `python -m nnlib.datasets fetch {name}` "
        f"(set {MIRROR_ENV}=/path/to/mirror to copy from a local mirror folder laid out as "
        f"<dataset>/<file>), or point {DATA_DIR_ENV} / data_dir= at a folder that holds it."
    )


def how_to_replace(name, folder):
    """Return the sentence that tells how to replace a bad file of ``name`` in ``folder``."""
    fix = (
        f"Replace it with `python -m nnlib.datasets fetch --verify {name}` (or `make data`), "
        f"which downloads a good copy."
    )
    if folder.is_dir() and not os.access(folder, os.W_OK):
        fix += (
            f" The folder {folder} is read-only for you, so fetch cannot replace the file "
            f"there: ask its owner to run that command, or fetch into a folder of your own "
            f"(`python -m nnlib.datasets fetch --data-dir DIR {name}`) and load with "
            f"data_dir=DIR (or {DATA_DIR_ENV}=DIR)."
        )
    return fix


# --------------------------------------------------------------------------------------------
# Argument checks shared by fetch and the loaders
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


def _as_path_text(value):
    try:
        text = os.fspath(value)
    except TypeError:
        return None
    return text if isinstance(text, str) else None


def check_data_dir(data_dir, func):
    """Return ``data_dir`` as a Path (the default folder when None); refuse other types.

    Examples
    --------
    >>> check_data_dir("/srv/data", "load_mnist")
    PosixPath('/srv/data')
    >>> check_data_dir(123, "load_mnist")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    TypeError: load_mnist: data_dir must be a folder path ... or None, got 123 (int). ...
    """
    if data_dir is None:
        return default_data_dir()
    text = _as_path_text(data_dir)
    if text is None:
        raise TypeError(
            f"{func}: data_dir must be a folder path (a str or pathlib.Path) or None, got "
            f"{data_dir!r} ({type(data_dir).__name__}). Pass e.g. data_dir='data', or leave it "
            f"out to use {DATA_DIR_ENV} or the repository's data/ folder."
        )
    if not text.strip():
        raise ValueError(
            f"{func}: data_dir is an empty string; expected a folder path such as 'data'. "
            f"Leave it out (or pass None) to use {DATA_DIR_ENV} or the repository's data/ folder."
        )
    path = Path(text).expanduser()
    if path.exists() and not path.is_dir():
        raise ValueError(
            f"{func}: data_dir {path} is a file, not a folder; expected the folder that holds "
            f"the dataset folders (e.g. the repository's data/)."
        )
    return path


def check_mirror(mirror, func):
    """Return the mirror as a str (``NNLIB_DATA_MIRROR`` when None, or None when unset)."""
    if mirror is None:
        return os.environ.get(MIRROR_ENV) or None
    text = _as_path_text(mirror)
    if text is None or not text.strip():
        raise TypeError(
            f"{func}: mirror must be a folder path or a URL (str or pathlib.Path) or None, got "
            f"{mirror!r} ({type(mirror).__name__}). Pass e.g. mirror='/srv/course-data' or "
            f"mirror='http://teacher-pc:8000'."
        )
    return text


def check_names(names, func):
    """Return the list of dataset names to fetch (all of them when ``names`` is None)."""
    if names is None:
        return list(DATASETS)
    if isinstance(names, str):
        names = [names]
    try:
        names = list(names)
    except TypeError:
        raise TypeError(
            f"{func}: names must be a dataset name or a list of them, got {names!r}; choose "
            f"from {', '.join(repr(n) for n in DATASETS)}."
        ) from None
    for name in names:
        check_choice(name, list(DATASETS), "dataset", func)
    return list(dict.fromkeys(names))


def check_bool(value, name, func):
    """Check that ``value`` is True or False."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{func}: {name} must be True or False, got {value!r}.")
    return bool(value)


def check_float_dtype(dtype, func):
    """Return ``np.dtype(dtype)``; refuse anything but a floating-point type."""
    try:
        dt = np.dtype(dtype)
    except TypeError:
        dt = None
    if dt is None or dt.kind != "f":
        error, received = (TypeError, repr(dtype)) if dt is None else (ValueError, dt.name)
        why = (
            " Integer pixels silently wrap around in arithmetic (-X or 1 - X on uint8); pass "
            "dtype=np.float32 to halve the memory instead." if dt is not None and dt.kind in "biu"
            else ""
        )
        raise error(
            f"{func}: dtype must be a floating-point type such as np.float64 or np.float32, "
            f"got {received}.{why}"
        )
    return dt


def check_count(value, name, limit, func):
    """Return ``value`` as an int in [1, limit] (``limit`` when None)."""
    if value is None:
        return limit
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not (
        1 <= value <= limit
    ):
        raise ValueError(
            f"{func}: {name} must be None or an integer between 1 and {limit}, got {value!r}."
        )
    return int(value)
