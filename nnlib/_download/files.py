"""Local files: checksums, the verified-stamp file, the folder lock and temporary files.

A file is good when its size and SHA-256 (of the decompressed payload for gzip files) match its
:class:`~nnlib._download.registry.DataFile`. Loaders hash the very bytes they parse
(:func:`read_verified`), so a damaged file is never returned.

``fetch`` records each file it has verified in ``<dataset>/.nnlib-verified.json``: size, inode,
modification and change times (``st_ctime``, which no user can set back), the expected SHA-256
and when it was verified. A later ``fetch`` trusts a file without hashing it only when all of
these still match and the file had not changed for ``RACY_NS`` before it was verified (a write
within the same timestamp tick would otherwise leave every time unchanged).
"""

import contextlib
import gzip
import hashlib
import io
import json
import os
import secrets
import time
import zlib

from nnlib._download.registry import (
    DATA_DIR_ENV,
    DatasetCorruptError,
    DatasetNotFoundError,
    DatasetPermissionError,
)

STAMP_NAME = ".nnlib-verified.json"
LOCK_NAME = ".nnlib-fetch.lock"
RACY_NS = 2_000_000_000  # coarser than any file system's timestamps (FAT: 2 s)
_GZIP_ERRORS = (gzip.BadGzipFile, EOFError, zlib.error)


# --------------------------------------------------------------------------------------------
# Checksums
# --------------------------------------------------------------------------------------------


def compare(size, sha256, spec):
    """Return why a payload of ``size`` bytes with digest ``sha256`` is not ``spec`` (or None).

    Examples
    --------
    >>> from nnlib._download.registry import DataFile
    >>> spec = DataFile("a.bin", 3, hashlib.sha256(b"abc").hexdigest())
    >>> compare(3, spec.sha256, spec) is None, compare(4, spec.sha256, spec)
    (True, 'size 4 bytes, expected 3')
    """
    what = "decompressed " if spec.compression else ""
    if spec.compression and size > spec.size:  # decompression stops after spec.size + 1 bytes
        return f"{what}size more than the expected {spec.size} bytes"
    if size != spec.size:
        return f"{what}size {size} bytes, expected {spec.size}"
    if sha256 != spec.sha256:
        return f"{what}SHA-256 {sha256[:16]}... does not match the expected {spec.sha256}"
    return None


def check_bytes(data, spec):
    """Check the content of a file held in memory.

    Parameters
    ----------
    data : bytes
        The file as stored (compressed for gzip files).
    spec : DataFile
        What it should be.

    Returns
    -------
    problem : str or None
        Why ``data`` is not the expected file; None when it is.
    payload : bytes or None
        The payload (decompressed for gzip files) when ``problem`` is None.
    """
    if spec.compression == "gzip":
        try:  # read at most one byte more than expected: a gzip bomb cannot fill the memory
            payload = gzip.GzipFile(fileobj=io.BytesIO(data)).read(spec.size + 1)
        except _GZIP_ERRORS as err:
            return f"not a valid gzip file: {err}", None
    else:
        payload = data
    problem = compare(len(payload), hashlib.sha256(payload).hexdigest(), spec)
    return problem, (payload if problem is None else None)


def _reason(err):
    if isinstance(err, PermissionError):
        return "permission denied"
    return err.strerror or str(err)


def verify_file(path, spec):
    """Hash a file on disk without holding it in memory.

    Returns
    -------
    status : {'ok', 'bad', 'unreadable'}
        'unreadable' (permission denied, I/O error) says nothing about the content.
    reason : str or None
        Why the file is bad or unreadable.
    entry : dict or None
        The stamp entry of a good file (None when it changed while it was being read).
    """
    verified_ns = time.time_ns()
    try:
        fh = open(path, "rb")
    except OSError as err:
        return "unreadable", _reason(err), None
    with fh:
        before = os.fstat(fh.fileno())
        if spec.compression is None and before.st_size != spec.size:
            return "bad", f"size {before.st_size} bytes, expected {spec.size}", None
        stream = gzip.GzipFile(fileobj=fh) if spec.compression == "gzip" else fh
        digest, size = hashlib.sha256(), 0
        try:
            while size <= spec.size and (chunk := stream.read(1 << 20)):
                digest.update(chunk)
                size += len(chunk)
        except _GZIP_ERRORS as err:
            return "bad", f"not a valid gzip file: {err}", None
        except OSError as err:
            return "unreadable", _reason(err), None
        after = os.fstat(fh.fileno())
    problem = compare(size, digest.hexdigest(), spec)
    if problem:
        return "bad", problem, None
    unchanged = _identity(before) == _identity(after)
    return "ok", None, (stamp_entry(before, spec, verified_ns) if unchanged else None)


def read_verified(func, spec, path, dataset, missing, fix):
    """Read a file for a loader and return its verified payload.

    Parameters
    ----------
    func : str
        The loader's name, for messages.
    spec : DataFile
        What the file should be.
    path : Path
        The file.
    dataset : str
        The dataset it belongs to, for messages.
    missing : str
        The sentence telling how to get the file when it is missing.
    fix : str
        The sentence telling how to replace the file when it is bad.

    Raises
    ------
    DatasetNotFoundError, DatasetPermissionError, DatasetCorruptError
    """
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        raise DatasetNotFoundError(
            f"{func}: file {path.name!r} of dataset {dataset!r} not found; looked in "
            f"{path.parent}. {missing}"
        ) from None
    except PermissionError:
        raise DatasetPermissionError(
            f"{func}: cannot read {path}: permission denied. Make it readable (chmod a+r "
            f"{path}), or use a copy you can read via data_dir=DIR or {DATA_DIR_ENV}=DIR."
        ) from None
    except OSError as err:
        raise DatasetCorruptError(f"{func}: cannot read {path} ({_reason(err)}). {fix}") from None
    problem, payload = check_bytes(data, spec)
    if problem:
        raise DatasetCorruptError(f"{func}: {path} is corrupt ({problem}). {fix}")
    return payload


# --------------------------------------------------------------------------------------------
# The verified-stamp file
# --------------------------------------------------------------------------------------------


def _identity(st):
    return {
        "size": st.st_size,
        "ino": st.st_ino,
        "mtime_ns": st.st_mtime_ns,
        "ctime_ns": st.st_ctime_ns,
    }


def stamp_entry(st, spec, verified_ns):
    """Return the stamp entry of a file with ``os.stat`` result ``st``, verified at a time."""
    return {**_identity(st), "sha256": spec.sha256, "verified_ns": verified_ns}


def is_trusted(entry, st, spec):
    """Tell whether a stamp entry vouches for a file whose ``os.stat`` result is ``st``."""
    if not isinstance(entry, dict) or entry.get("sha256") != spec.sha256:
        return False
    if any(entry.get(key) != value for key, value in _identity(st).items()):
        return False
    verified = entry.get("verified_ns")
    return isinstance(verified, int) and st.st_ctime_ns + RACY_NS <= verified


def read_stamp(folder):
    """Return the verified-stamp dict of ``folder`` ({} when absent or unreadable)."""
    try:
        stamp = json.loads((folder / STAMP_NAME).read_text())
    except (OSError, ValueError):
        return {}
    return stamp if isinstance(stamp, dict) else {}


def update_stamp(folder, filename, entry):
    """Set (or, with ``entry=None``, drop) the entry of ``filename``; never fails.

    The stamp is re-read and replaced atomically, so a concurrent reader never sees half a file;
    a failure to write it only means that the next ``fetch`` hashes the file again.
    """
    stamp = read_stamp(folder)
    if entry is None and filename not in stamp:
        return
    stamp.pop(filename, None)
    if entry is not None:
        stamp[filename] = entry
    try:
        tmp = new_temp(folder / STAMP_NAME)
        try:
            tmp.write_text(json.dumps(stamp, indent=1, sort_keys=True))
            os.replace(tmp, folder / STAMP_NAME)
        finally:
            tmp.unlink(missing_ok=True)
    except OSError:
        pass


# --------------------------------------------------------------------------------------------
# Temporary files and the folder lock
# --------------------------------------------------------------------------------------------


def new_temp(target):
    """Create an empty file with a unique name beside ``target`` and return its path.

    The name (``.<target name>.<pid>-<random>.tmp``) is unique per process and per call, so
    concurrent fetches never write into the same file; the file gets the usual permissions
    (0666 minus the umask), which it keeps when renamed to ``target``.
    """
    while True:
        tmp = target.with_name(f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
        try:
            os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            return tmp
        except FileExistsError:
            continue


def remove_stale_temps(folder, filenames):
    """Remove temporary files left in ``folder`` by a killed process (call under the lock)."""
    for name in filenames:
        for tmp in folder.glob(f".{name}.*.tmp"):
            with contextlib.suppress(OSError):
                tmp.unlink()


@contextlib.contextmanager
def folder_lock(folder, on_wait):
    """Hold an exclusive ``flock`` on ``folder / LOCK_NAME`` for the duration of the block.

    ``on_wait()`` is called once when another process holds the lock. Yields True when the
    lock is held; False when it cannot be taken (a read-only folder, a file system without
    locks, a system without ``fcntl``): the caller then relies on unique temporary files and
    atomic renames alone.
    """
    try:
        import fcntl
    except ImportError:  # Windows
        yield False
        return
    fd = None
    for flags in (os.O_RDWR | os.O_CREAT, os.O_RDONLY):
        try:
            fd = os.open(folder / LOCK_NAME, flags, 0o666)
            break
        except OSError:
            continue
    locked = False
    try:
        if fd is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                locked = True
            except BlockingIOError:
                on_wait()
                fcntl.flock(fd, fcntl.LOCK_EX)
                locked = True
            except OSError:
                pass
        yield locked
    finally:
        if fd is not None:
            os.close(fd)  # closing the descriptor releases the lock
