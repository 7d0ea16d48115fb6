"""Download machinery behind :func:`nnlib.datasets.fetch`, independent of any dataset.

A file to fetch is described by a ``spec``: any object with the attributes ``filename``,
``size``, ``sha256``, ``urls`` and ``compression`` (:class:`nnlib.datasets.DataFile`). When
``compression == "gzip"``, ``size`` and ``sha256`` describe the decompressed payload.

A file is copied from a local mirror folder or downloaded over HTTP into ``<file>.part``,
checked against its size and SHA-256, and only then renamed to its final name. An interrupted
HTTP download is resumed from the ``.part`` file with a Range request. Verified files are
recorded (size, modification time, expected SHA-256) in a stamp file, ``STAMP_NAME``, in their
folder, so that a later run can trust them without hashing them again.
"""

import gzip
import hashlib
import http.client
import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
import zlib
from pathlib import Path

STAMP_NAME = ".nnlib-verified.json"
DEFAULT_TIMEOUT = 30.0  # seconds without a single byte before a connection counts as stalled
_CHUNK = 1 << 16
_MAX_TRIES_PER_URL = 3  # an interrupted transfer is resumed up to twice from the same URL


# --------------------------------------------------------------------------------------------
# Verification and the verified-stamp file
# --------------------------------------------------------------------------------------------


def _payload_digest(path, spec):
    """Return the size and SHA-256 of a file, or of its decompressed payload for gzip files.

    Parameters
    ----------
    path : path
        The file to hash.
    spec : DataFile
        Its description; only ``spec.compression`` is used.

    Returns
    -------
    size : int
        Number of bytes hashed.
    sha256 : str
        Hexadecimal SHA-256 digest.
    """
    digest = hashlib.sha256()
    size = 0
    opener = gzip.open if spec.compression == "gzip" else open
    with opener(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def _verify(path, spec):
    """Check a file against its expected size and SHA-256.

    Parameters
    ----------
    path : Path
        The file to check.
    spec : DataFile
        What the file should be.

    Returns
    -------
    problem : str or None
        None when the file matches ``spec``, otherwise a short reason.

    Examples
    --------
    >>> import tempfile
    >>> from nnlib.datasets import DataFile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = Path(tmp) / "a.txt"
    ...     _ = path.write_bytes(b"abc")
    ...     sha = hashlib.sha256(b"abc").hexdigest()
    ...     (_verify(path, DataFile("a.txt", 3, sha)), _verify(path, DataFile("a.txt", 4, sha)))
    (None, 'size 3 bytes, expected 4')
    """
    if spec.compression is None and path.stat().st_size != spec.size:
        return f"size {path.stat().st_size} bytes, expected {spec.size}"
    try:
        size, sha = _payload_digest(path, spec)
    except (OSError, EOFError, zlib.error) as err:
        return f"not a valid gzip file: {err}"
    what = "decompressed " if spec.compression else ""
    if size != spec.size:
        return f"{what}size {size} bytes, expected {spec.size}"
    if sha != spec.sha256:
        return f"{what}sha256 {sha[:16]}... does not match the expected {spec.sha256[:16]}..."
    return None


def _read_stamp(folder):
    """Return the verified-stamp dict of ``folder`` ({} when absent or unreadable)."""
    try:
        stamp = json.loads((folder / STAMP_NAME).read_text())
    except (OSError, ValueError):
        return {}
    return stamp if isinstance(stamp, dict) else {}


def _stamp_key(path, spec):
    """Return what the stamp records for a verified file: size, mtime and expected SHA-256."""
    st = path.stat()
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": spec.sha256}


def _write_stamp(folder, stamp):
    """Write the stamp dict atomically; a failure is ignored (the stamp only saves time)."""
    tmp = folder / (STAMP_NAME + ".tmp")
    try:
        tmp.write_text(json.dumps(stamp, indent=1, sort_keys=True))
        os.replace(tmp, folder / STAMP_NAME)
    except OSError:
        pass  # the stamp only saves time; without it the next run verifies again


def _record_verified(folder, stamp, spec, path):
    """Record ``path`` as verified in ``stamp`` and write the stamp file of ``folder``."""
    stamp[spec.filename] = _stamp_key(path, spec)
    _write_stamp(folder, stamp)


def _check_present(folder, stamp, spec, verify):
    """Tell whether ``folder / spec.filename`` is a good copy; delete it when it is bad.

    Parameters
    ----------
    folder : Path
        The dataset folder.
    stamp : dict
        Its verified stamp (from :func:`_read_stamp`), updated in place.
    spec : DataFile
        The expected file.
    verify : bool
        Hash the file even when its stamp entry matches.

    Returns
    -------
    present : bool
        True when the file is there and good. False when it is missing or was bad (and has
        been removed); its stamp entry is then dropped.
    """
    target = folder / spec.filename
    if target.is_file():
        trusted = not verify and stamp.get(spec.filename) == _stamp_key(target, spec)
        if trusted or _verify(target, spec) is None:
            if not trusted:
                _record_verified(folder, stamp, spec, target)
            return True
        target.unlink()  # a bad copy never stays under the final name
    stamp.pop(spec.filename, None)
    return False


# --------------------------------------------------------------------------------------------
# Transfers
# --------------------------------------------------------------------------------------------


class _Incomplete(OSError):
    """The server closed the connection before sending everything it announced."""


def _progress_bar(total, initial, desc, progress):
    """Return a tqdm byte counter, disabled when ``progress`` is False or ``TQDM_DISABLE`` set."""
    from tqdm import tqdm

    return tqdm(
        total=total,
        initial=initial,
        desc=desc,
        unit="B",
        unit_scale=True,
        unit_divisor=1024,
        leave=False,
        # None: quiet when stderr is not a terminal; tqdm itself honours TQDM_DISABLE
        disable=None if progress else True,
    )


def _copy_local(src, part, desc, progress):
    """Copy the local file ``src`` to ``part`` (overwriting it), with a progress bar."""
    with open(src, "rb") as fin, open(part, "wb") as fout:
        with _progress_bar(src.stat().st_size, 0, desc, progress) as bar:
            while chunk := fin.read(_CHUNK):
                fout.write(chunk)
                bar.update(len(chunk))


def _download(url, part, timeout, desc, progress):
    """Download ``url`` into ``part``, resuming an existing partial file when possible.

    Parameters
    ----------
    url : str
        An ``http(s)://`` or ``file://`` URL.
    part : Path
        The partial file; its bytes are kept when the server honours a Range request.
    timeout : float
        Seconds a connection may stay silent.
    desc : str
        Label of the progress bar.
    progress : bool
        Show a progress bar.

    Returns
    -------
    resumed : bool
        True when the transfer continued an earlier partial file.

    Raises
    ------
    _Incomplete
        The connection closed early; ``part`` keeps what arrived, for resuming.
    OSError, http.client.HTTPException, ValueError
        The transfer failed (see :func:`_describe`).
    """
    offset = part.stat().st_size if part.exists() else 0
    headers = {"User-Agent": "nnlib-datasets", "Accept-Encoding": "identity"}
    if offset:
        headers["Range"] = f"bytes={offset}-"
    try:
        resp = urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=timeout)
    except urllib.error.HTTPError as err:
        if err.code == 416 and offset:  # range not satisfiable: the partial file is unusable
            part.unlink()
            return _download(url, part, timeout, desc, progress)
        raise
    with resp:
        mode = "wb"
        if offset and resp.status == 206:
            match = re.match(r"bytes (\d+)-", resp.headers.get("Content-Range", ""))
            if match and int(match.group(1)) == offset:
                mode = "ab"
        if mode == "wb" and offset:
            if resp.status == 206:  # not the range we asked for: start again without one
                part.unlink()
                resp.close()
                return _download(url, part, timeout, desc, progress)
            offset = 0  # the server ignored Range and sends the whole file: restart cleanly
        length = resp.headers.get("Content-Length")
        expected = int(length) if length and length.isdigit() else None
        received = 0
        with open(part, mode) as fh, _progress_bar(
            None if expected is None else offset + expected, offset, desc, progress
        ) as bar:
            while True:
                try:
                    chunk = resp.read(_CHUNK)
                except http.client.IncompleteRead as err:
                    fh.write(err.partial)
                    received += len(err.partial)
                    chunk = b""
                if not chunk:
                    break
                fh.write(chunk)
                received += len(chunk)
                bar.update(len(chunk))
    if expected is not None and received < expected:
        raise _Incomplete(
            f"connection closed after {offset + received} of {offset + expected} bytes "
            f"(partial file kept for resuming)"
        )
    return mode == "ab"


def _is_url(source):
    """Tell whether ``source`` starts with a URL scheme such as ``https://``.

    Examples
    --------
    >>> _is_url("https://example.org/data"), _is_url("/srv/data"), _is_url("file:///srv")
    (True, False, True)
    """
    return re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", str(source)) is not None


def _mirror_source(mirror, dataset, filename):
    """Locate a file in a mirror laid out as ``<mirror>/<dataset>/<file>``.

    Parameters
    ----------
    mirror : str or path
        A local folder, a ``file://`` URL or an ``http(s)://`` URL.
    dataset, filename : str
        The sub-folder and the file name.

    Returns
    -------
    kind : {'local', 'url'}
    source : Path or str
        The local path, or the URL (with the file name quoted).

    Examples
    --------
    >>> _mirror_source("https://example.org/m/", "mnist", "a b.gz")
    ('url', 'https://example.org/m/mnist/a%20b.gz')
    >>> _mirror_source("file:///srv/m", "mnist", "a.gz")
    ('local', PosixPath('/srv/m/mnist/a.gz'))
    """
    mirror = str(mirror)
    if mirror.startswith("file://"):
        parsed = urllib.parse.urlparse(mirror)
        mirror = urllib.request.url2pathname(parsed.path)
    if _is_url(mirror):
        return "url", f"{mirror.rstrip('/')}/{dataset}/{urllib.parse.quote(filename)}"
    return "local", Path(mirror).expanduser() / dataset / filename


def _describe(err, timeout):
    """Return a one-line reason for a failed transfer.

    Examples
    --------
    >>> _describe(urllib.error.URLError(TimeoutError()), 30.0)
    'no data for 30 s (connection stalled)'
    """
    if isinstance(err, urllib.error.HTTPError):
        return f"HTTP {err.code} {err.reason}"
    reason = err.reason if isinstance(err, urllib.error.URLError) else err
    if isinstance(reason, TimeoutError):
        return f"no data for {timeout:g} s (connection stalled)"
    return str(reason) or type(reason).__name__


def _fetch_one(dataset, spec, target, mirror, timeout, progress):
    """Fetch one file into ``target`` through ``<target>.part``, trying each source in turn.

    Parameters
    ----------
    dataset : str
        The dataset name: the file's sub-folder in the mirror and the start of its label.
    spec : DataFile
        The file, its expected size and SHA-256, and its public URLs.
    target : Path
        Where the verified file goes.
    mirror : str or path or None
        A mirror tried before ``spec.urls`` (see :func:`_mirror_source`).
    timeout : float
        Seconds a connection may stay silent.
    progress : bool
        Show a progress bar per transfer.

    Returns
    -------
    source : str or None
        Where the file came from, or None when every source failed.
    errors : list of (str, str)
        ``(source, reason)`` for each source that failed.
    """
    part = target.with_name(target.name + ".part")
    sources = []
    if mirror:
        sources.append(_mirror_source(mirror, dataset, spec.filename))
    sources += [("url", url) for url in spec.urls]
    errors = []
    desc = f"{dataset}/{spec.filename}"
    for kind, source in sources:
        tries = 0
        while True:
            tries += 1
            resumed = False
            try:
                if kind == "local":
                    if not source.is_file():
                        raise FileNotFoundError("not found in the mirror folder")
                    _copy_local(source, part, desc, progress)
                else:
                    resumed = _download(source, part, timeout, desc, progress)
            except _Incomplete as err:
                if tries < _MAX_TRIES_PER_URL:
                    continue  # resume from the same URL
                errors.append((str(source), str(err)))
                break
            except (OSError, http.client.HTTPException, ValueError) as err:
                errors.append((str(source), _describe(err, timeout)))
                break
            problem = _verify(part, spec)
            if problem is None:
                os.replace(part, target)
                return str(source), errors
            part.unlink()
            if resumed and tries < _MAX_TRIES_PER_URL:
                continue  # the resumed bytes may come from another copy: download afresh
            errors.append((str(source), f"downloaded file rejected: {problem}"))
            break
    return None, errors


def _print_summary(results, root):
    """Print one line per file (name, status, source) and a count of each status.

    Parameters
    ----------
    results : list of FetchResult
        What happened to each file.
    root : Path
        The data directory, printed first.
    """
    rows = [(f"{r.dataset}/{r.filename}", r.status, r.source) for r in results]
    width = max([len("file")] + [len(row[0]) for row in rows])
    print(f"Data directory: {root}")
    print(f"{'file':<{width}}  {'status':<7}  source")
    for file, status, source in rows:
        print(f"{file:<{width}}  {status:<7}  {source}".rstrip())
    counts = {s: sum(r.status == s for r in results) for s in ("fetched", "found", "failed")}
    if counts["fetched"] == counts["failed"] == 0:
        print(f"Nothing to download: all {counts['found']} file(s) already present.")
    else:
        print(
            f"{counts['fetched']} fetched, {counts['found']} already present, "
            f"{counts['failed']} failed."
        )
