"""Transfers: copying from a mirror folder and downloading over HTTP, with limits.

A file is fetched into a temporary file with a unique name beside its target (so that two
processes never write into the same file), checked against its size and SHA-256, and only then
renamed to its final name with :func:`os.replace` (atomic). An interrupted download is kept as
``<file>.part`` and resumed later with an HTTP Range request; a process claims that file by
renaming it to its own temporary name, so only one process resumes it.

Every transfer is bounded:

- in size: it stops as soon as more than :func:`size_cap` bytes arrive (the expected size for a
  plain file; the payload size plus a margin for a gzip file), with or without a
  Content-Length header;
- in time: a connection silent for ``timeout`` seconds fails, and a source that has not
  delivered its file after :func:`time_budget` seconds (``timeout`` plus one second per
  ``MIN_RATE`` bytes) is abandoned, even when it keeps sending a byte now and then. The check
  runs after every read, so a transfer stops at most one ``timeout`` after its deadline.
"""

import http.client
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from nnlib._download.files import new_temp, verify_file

DEFAULT_TIMEOUT = 30.0  # seconds without a single byte before a connection counts as stalled
MIN_RATE = 50_000  # bytes per second: the slowest average transfer allowed to finish
_CHUNK = 1 << 16
_MAX_TRIES_PER_URL = 3  # an interrupted transfer is resumed up to twice from the same URL


class TransferError(OSError):
    """A transfer failed in a way described by its message."""


class Incomplete(TransferError):
    """The server closed the connection before sending everything it announced."""


class TooLarge(TransferError):
    """The source sends (or announces) more bytes than the file can have."""


class TooSlow(TransferError):
    """The transfer passed its deadline."""


def size_cap(spec):
    """Return the most bytes a transfer of ``spec`` may deliver.

    A gzip file of incompressible data is at most 0.1% larger than its payload, plus a header.

    Examples
    --------
    >>> from nnlib._download.registry import DataFile
    >>> size_cap(DataFile("a", 1000, "")), size_cap(DataFile("a.gz", 1000, "", (), "gzip"))
    (1000, 2034)
    """
    if spec.compression == "gzip":
        return spec.size + spec.size // 100 + 1024
    return spec.size


def time_budget(spec, timeout):
    """Return the seconds a source gets to deliver ``spec``: ``timeout + size_cap / MIN_RATE``."""
    return timeout + size_cap(spec) / MIN_RATE


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


def _truncate(path):
    open(path, "wb").close()


def copy_local(src, tmp, cap, desc, progress):
    """Copy the local file ``src`` over ``tmp``, refusing a file larger than ``cap`` bytes."""
    if not src.is_file():
        raise FileNotFoundError("not found in the mirror folder")
    size = src.stat().st_size
    if size > cap:
        raise TooLarge(f"{size} bytes, more than the {cap} expected")
    with open(src, "rb") as fin, open(tmp, "wb") as fout:
        with _progress_bar(size, 0, desc, progress) as bar:
            while chunk := fin.read(_CHUNK):
                fout.write(chunk)
                bar.update(len(chunk))


def download(url, tmp, timeout, deadline, cap, desc, progress):
    """Download ``url`` into ``tmp``, resuming from the bytes already in ``tmp`` when possible.

    Parameters
    ----------
    url : str
        An ``http(s)://`` or ``file://`` URL.
    tmp : Path
        The file being filled; its bytes are kept when the server honours a Range request.
    timeout : float
        Seconds a connection may stay silent.
    deadline : float
        ``time.monotonic()`` value after which the transfer is abandoned.
    cap : int
        The most bytes the complete file may have.
    desc : str
        Label of the progress bar.
    progress : bool
        Show a progress bar.

    Returns
    -------
    resumed : bool
        True when the transfer continued the bytes already in ``tmp``.

    Raises
    ------
    Incomplete
        The connection closed early; ``tmp`` keeps what arrived, for resuming.
    TooLarge, TooSlow
        The size cap or the deadline was reached.
    OSError, http.client.HTTPException, ValueError
        The transfer failed (see :func:`describe`).
    """
    offset = tmp.stat().st_size
    headers = {"User-Agent": "nnlib-datasets", "Accept-Encoding": "identity"}
    if offset:
        headers["Range"] = f"bytes={offset}-"
    if time.monotonic() > deadline:
        raise TooSlow("no time left before the deadline")
    request = urllib.request.Request(url, headers=headers)
    try:
        resp = urllib.request.urlopen(request, timeout=timeout)
    except urllib.error.HTTPError as err:
        if err.code == 416 and offset:  # range not satisfiable: the partial file is unusable
            _truncate(tmp)
            return download(url, tmp, timeout, deadline, cap, desc, progress)
        raise
    with resp:
        append = False
        if offset and resp.status == 206:
            match = re.match(r"bytes (\d+)-", resp.headers.get("Content-Range", ""))
            append = bool(match) and int(match.group(1)) == offset
            if not append:  # not the range we asked for: start again without one
                resp.close()
                _truncate(tmp)
                return download(url, tmp, timeout, deadline, cap, desc, progress)
        if not append:
            offset = 0  # the server ignored Range and sends the whole file: restart cleanly
        length = resp.headers.get("Content-Length")
        expected = int(length) if length and length.isdigit() else None
        if expected is not None and offset + expected > cap:
            total = offset + expected
            raise TooLarge(f"the server announces {total} bytes; expected at most {cap}")
        received = _receive(resp, tmp, append, offset, expected, cap, deadline, desc, progress)
    if expected is not None and received < expected:
        raise Incomplete(
            f"connection closed after {offset + received} of {offset + expected} bytes "
            f"(partial file kept for resuming)"
        )
    return append


def _receive(resp, tmp, append, offset, expected, cap, deadline, desc, progress):
    """Write the body of ``resp`` into ``tmp``; return the number of bytes received."""
    read1 = getattr(resp, "read1", resp.read)  # read1: one system call, so deadlines hold
    received = 0
    with open(tmp, "ab" if append else "wb") as fh, _progress_bar(
        None if expected is None else offset + expected, offset, desc, progress
    ) as bar:
        while True:
            if time.monotonic() > deadline:
                raise TooSlow(
                    f"not finished by its deadline ({offset + received} bytes received; the "
                    f"transfer was slower than {MIN_RATE // 1000} kB/s on average; partial file "
                    f"kept for resuming)"
                )
            try:
                chunk = read1(_CHUNK)
            except http.client.IncompleteRead as err:  # the rest is missing: see the caller
                chunk = err.partial
            if not chunk:
                break
            if offset + received + len(chunk) > cap:
                raise TooLarge(f"the server sent more than the {cap} bytes expected")
            fh.write(chunk)
            received += len(chunk)
            bar.update(len(chunk))
    return received


def _is_url(source):
    """Tell whether ``source`` starts with a URL scheme such as ``https://``.

    Examples
    --------
    >>> _is_url("https://example.org/data"), _is_url("/srv/data"), _is_url("file:///srv")
    (True, False, True)
    """
    return re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", str(source)) is not None


def mirror_source(mirror, dataset, filename):
    """Locate a file in a mirror laid out as ``<mirror>/<dataset>/<file>``.

    Returns
    -------
    kind : {'local', 'url'}
    source : Path or str
        The local path, or the URL (with the file name quoted).

    Examples
    --------
    >>> mirror_source("https://example.org/m/", "mnist", "a b.gz")
    ('url', 'https://example.org/m/mnist/a%20b.gz')
    >>> mirror_source("file:///srv/m", "mnist", "a.gz")
    ('local', PosixPath('/srv/m/mnist/a.gz'))
    """
    mirror = str(mirror)
    if mirror.startswith("file://"):
        mirror = urllib.request.url2pathname(urllib.parse.urlparse(mirror).path)
    if _is_url(mirror):
        return "url", f"{mirror.rstrip('/')}/{dataset}/{urllib.parse.quote(filename)}"
    return "local", Path(mirror).expanduser() / dataset / filename


def describe(err, timeout):
    """Return a one-line reason for a failed transfer.

    Examples
    --------
    >>> describe(urllib.error.URLError(TimeoutError()), 30.0)
    'no data for 30 s (connection stalled)'
    """
    if isinstance(err, urllib.error.HTTPError):
        return f"HTTP {err.code} {err.reason}"
    if isinstance(err, TransferError):
        return str(err)
    reason = err.reason if isinstance(err, urllib.error.URLError) else err
    if isinstance(reason, TimeoutError):
        return f"no data for {timeout:g} s (connection stalled)"
    if isinstance(reason, PermissionError):
        return "permission denied"
    return str(reason) or type(reason).__name__


def fetch_one(dataset, spec, target, mirror, timeout, progress):
    """Fetch one file into ``target`` through a temporary file, trying each source in turn.

    Parameters
    ----------
    dataset : str
        The dataset name: the file's sub-folder in the mirror and the start of its label.
    spec : DataFile
        The file, its expected size and SHA-256, and its public URLs.
    target : Path
        Where the verified file goes.
    mirror : str or None
        A mirror tried before ``spec.urls`` (see :func:`mirror_source`).
    timeout : float
        Seconds a connection may stay silent (the deadline is :func:`time_budget`).
    progress : bool
        Show a progress bar per transfer.

    Returns
    -------
    source : str or None
        Where the file came from, or None when every source failed.
    errors : list of (str, str)
        ``(source, reason)`` for each source that failed.

    Raises
    ------
    OSError
        The temporary file cannot be created (e.g. the folder is not writable).
    """
    sources = [mirror_source(mirror, dataset, spec.filename)] if mirror else []
    sources += [("url", url) for url in spec.urls]
    part = target.with_name(target.name + ".part")
    tmp = new_temp(target)
    try:
        try:
            os.replace(part, tmp)  # claim a partial download left by an earlier run
        except FileNotFoundError:
            pass
        return _try_sources(dataset, spec, target, sources, tmp, timeout, progress)
    finally:
        if tmp.exists():  # not renamed to target: keep what arrived for resuming, if anything
            if tmp.stat().st_size:
                os.replace(tmp, part)
            else:
                tmp.unlink()


def _try_sources(dataset, spec, target, sources, tmp, timeout, progress):
    cap, errors, desc = size_cap(spec), [], f"{dataset}/{spec.filename}"
    for kind, source in sources:
        budget = time_budget(spec, timeout)
        deadline = time.monotonic() + budget
        for attempt in range(1, _MAX_TRIES_PER_URL + 1):
            resumed = False
            try:
                if kind == "local":
                    copy_local(source, tmp, cap, desc, progress)
                else:
                    resumed = download(source, tmp, timeout, deadline, cap, desc, progress)
            except Incomplete as err:
                if attempt < _MAX_TRIES_PER_URL:
                    continue  # resume from the same URL
                errors.append((str(source), str(err)))
                break
            except (OSError, http.client.HTTPException, ValueError) as err:
                if isinstance(err, TooLarge):
                    _truncate(tmp)
                reason = describe(err, timeout)
                if isinstance(err, TooSlow):
                    reason = f"gave up after {budget:.3g} s: {reason}"
                errors.append((str(source), reason))
                break
            status, problem, _ = verify_file(tmp, spec)
            if status == "ok":
                os.replace(tmp, target)
                return str(source), errors
            _truncate(tmp)
            if resumed and attempt < _MAX_TRIES_PER_URL:
                continue  # the resumed bytes may come from another copy: download afresh
            errors.append((str(source), f"downloaded file rejected: {problem}"))
            break
    return None, errors
