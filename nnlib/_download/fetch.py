"""``fetch``: bring the data directory up to date, file by file; and its command line."""

import argparse
import os
import sys
import time
from dataclasses import dataclass

from nnlib._download.files import (
    folder_lock,
    is_trusted,
    read_stamp,
    remove_stale_temps,
    stamp_entry,
    update_stamp,
    verify_file,
)
from nnlib._download.registry import (
    DATA_DIR_ENV,
    DATASETS,
    MIRROR_ENV,
    FetchError,
    check_bool,
    check_data_dir,
    check_mirror,
    check_names,
)
from nnlib._download.transfer import DEFAULT_TIMEOUT, MIN_RATE, describe, fetch_one


@dataclass(frozen=True)
class FetchResult:
    """What :func:`fetch` did with one file.

    ``status`` is 'fetched', 'found', 'failed', or 'removed' (a corrupt local copy was deleted
    and no source could replace it); ``source`` is where a fetched file came from, or a short
    note on a failure.
    """

    dataset: str
    filename: str
    status: str
    source: str
    path: object


def fetch(
    names=None,
    *,
    mirror=None,
    data_dir=None,
    verify=False,
    progress=True,
    timeout=DEFAULT_TIMEOUT,
):
    """Download the named datasets into the data directory (only what is missing or bad).

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
        Hash every file already present and replace the bad ones. Without it a file that its
        verified stamp still vouches for (same size, inode, modification and change times) is
        not read again.
    progress : bool, default True
        Show a progress bar per file (tqdm; quiet when stderr is not a terminal or
        ``TQDM_DISABLE=1``).
    timeout : float, default 30
        Seconds a connection may stay silent before the source counts as stalled. A source
        also gets at most ``timeout`` plus one second per 50 kB of the file to deliver it.

    Returns
    -------
    results : list of FetchResult
        One entry per file, with status 'fetched' or 'found'. A summary table is printed.

    Raises
    ------
    ValueError, TypeError
        An unknown dataset name (the message lists the valid names) or a bad argument.
    FetchError
        The data directory cannot be created, or some files could not be fetched; the message
        lists every source tried and why it failed. A local file that cannot be read
        (permission denied) is kept and reported, never deleted.

    Notes
    -----
    Concurrent fetches into the same folder are safe: each dataset folder is locked while it
    is updated (``flock``), each transfer writes its own temporary file, and files reach their
    final name only by an atomic rename after verification.

    Examples
    --------
    >>> from nnlib.datasets import fetch
    >>> results = fetch(["mnist"], mirror="/srv/course-data")  # doctest: +SKIP
    """
    func = "fetch"
    names = check_names(names, func)
    verify = check_bool(verify, "verify", func)
    progress = check_bool(progress, "progress", func)
    if (
        isinstance(timeout, bool)
        or not isinstance(timeout, (int, float))
        or not 0 < timeout < float("inf")
    ):
        raise ValueError(f"{func}: timeout must be a positive number of seconds, got {timeout!r}.")
    mirror = check_mirror(mirror, func)
    root = check_data_dir(data_dir, func)

    results, failures = [], []
    for name in names:
        dataset = DATASETS[name]
        folder = root / name
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise FetchError(
                f"{func}: cannot create the data directory {folder} ({describe(err, timeout)}). "
                f"Choose a writable folder with --data-dir, data_dir= or {DATA_DIR_ENV}."
            ) from None

        def waiting(folder=folder):
            print(f"Waiting for another fetch into {folder} to finish ...", file=sys.stderr)

        with folder_lock(folder, waiting) as locked:
            if locked:
                remove_stale_temps(folder, [spec.filename for spec in dataset.files])
            for spec in dataset.files:
                args = (name, spec, folder, mirror, verify, timeout, progress)
                result, notes, errors = _fetch_file(*args)
                results.append(result)
                if notes or errors:
                    failures.append((name, spec.filename, notes, errors))

    _print_summary(results, root)
    if failures:
        raise FetchError(_failure_message(func, root, failures))
    return [r for r in results if r.status in ("fetched", "found")]


def _check_local(folder, spec, verify):
    """Examine the local copy of ``spec``.

    Returns ``(state, reason)``: 'found'; 'missing'; 'unreadable' (kept: it may be intact);
    'removed' (it was bad and has been deleted); 'stuck' (it is bad and cannot be deleted, and
    ``reason`` is a pair: why it is bad, why it cannot be deleted).
    """
    target = folder / spec.filename
    try:
        st = os.stat(target)
    except FileNotFoundError:
        update_stamp(folder, spec.filename, None)
        return "missing", None
    except OSError as err:
        return "unreadable", describe(err, 0)
    trusted = not verify and is_trusted(read_stamp(folder).get(spec.filename), st, spec)
    if trusted and os.access(target, os.R_OK):
        return "found", None
    status, reason, entry = verify_file(target, spec)
    if status == "ok":
        if entry is not None:
            update_stamp(folder, spec.filename, entry)
        return "found", None
    if status == "unreadable":
        return "unreadable", reason
    update_stamp(folder, spec.filename, None)
    try:
        target.unlink()  # a bad copy never stays under the final name
    except FileNotFoundError:
        pass
    except OSError as err:
        return "stuck", (reason, describe(err, 0))
    return "removed", reason


def _fetch_file(name, spec, folder, mirror, verify, timeout, progress):
    """Bring one file up to date.

    Returns
    -------
    result : FetchResult
    notes : list of (str, str)
        Problems with the local copy, as ``(path, explanation)``.
    errors : list of (str, str)
        ``(source, reason)`` for each source tried in vain.
    """
    target = folder / spec.filename
    state, reason = _check_local(folder, spec, verify)

    def result(status, source=""):
        return FetchResult(name, spec.filename, status, source, target)

    elsewhere = f"or fetch into a folder of your own with --data-dir DIR (or {DATA_DIR_ENV}=DIR)"
    if state == "found":
        return result("found"), [], []
    if state == "unreadable":
        note = (
            f"cannot read the local copy: {reason}. The file was kept (it may well be intact). "
            f"Make it readable (chmod a+r {target}), {elsewhere}."
        )
        return result("failed", f"{reason} (file kept)"), [(str(target), note)], []
    if state == "stuck":
        note = (
            f"the local copy is corrupt ({reason[0]}) and cannot be replaced: {reason[1]} in "
            f"{folder}. Ask the folder's owner to run `python -m nnlib.datasets fetch --verify "
            f"{name}`, {elsewhere}."
        )
        return result("failed", "corrupt, cannot be replaced"), [(str(target), note)], []
    notes = []
    if state == "removed":
        notes = [(str(target), f"the local copy was corrupt ({reason}) and has been removed")]
    try:
        source, errors = fetch_one(name, spec, target, mirror, timeout, progress)
    except OSError as err:
        note = (
            f"cannot write into this folder: {describe(err, timeout)}. Choose a writable folder "
            f"with --data-dir, data_dir= or {DATA_DIR_ENV}."
        )
        return result("removed" if notes else "failed"), notes + [(str(folder), note)], []
    if source is None:
        errors = errors or [("-", "no source: no mirror set and no public URL known")]
        status = "removed" if notes else "failed"
        return result(status, "corrupt copy removed" if notes else ""), notes, errors
    verified_ns = time.time_ns()  # the file renamed into place is the one just verified
    update_stamp(folder, spec.filename, stamp_entry(os.stat(target), spec, verified_ns))
    return result("fetched", source), [], []


def _failure_message(func, root, failures):
    lines = [f"{func}: {len(failures)} file(s) could not be fetched into {root}:"]
    for name, filename, notes, errors in failures:
        tried = f" tried {len(errors)} source(s):" if errors else ""
        lines.append(f"  {name}/{filename}:{tried}")
        lines += [f"    - {source}: {reason}" for source, reason in notes + errors]
    if any(errors for *_, errors in failures):
        lines.append(
            f"Check the network connection, or set {MIRROR_ENV} (or --mirror) to a folder or "
            f"URL laid out as <dataset>/<file> (see data/README.md)."
        )
    return "\n".join(lines)


def _print_summary(results, root):
    """Print one line per file (name, status, source) and a count of each status."""
    rows = [(f"{r.dataset}/{r.filename}", r.status, r.source) for r in results]
    width = max([len("file")] + [len(row[0]) for row in rows])
    print(f"Data directory: {root}")
    print(f"{'file':<{width}}  {'status':<7}  source")
    for file, status, source in rows:
        print(f"{file:<{width}}  {status:<7}  {source}".rstrip())
    counts = {s: sum(r.status == s for r in results) for s in FETCH_STATUSES}
    failed = counts["failed"] + counts["removed"]
    if counts["fetched"] == failed == 0:
        print(f"Nothing to download: all {counts['found']} file(s) already present.")
        return
    removed = f" ({counts['removed']} corrupt copy removed)" if counts["removed"] else ""
    print(
        f"{counts['fetched']} fetched, {counts['found']} already present, "
        f"{failed} failed{removed}."
    )


FETCH_STATUSES = ("fetched", "found", "failed", "removed")


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------


def _list(data_dir):
    root = check_data_dir(data_dir, "list")
    print(f"Data directory: {root}")
    for name, dataset in DATASETS.items():
        print(f"{name}: {dataset.description}")
        for spec in dataset.files:
            present = "present" if (root / name / spec.filename).is_file() else "missing"
            print(f"  {spec.filename:<28} {present}")


def _parser():
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
        help=f"give up on a connection silent for this long (default: {DEFAULT_TIMEOUT:g}); a "
        f"source also gets at most SECONDS plus 1 s per {MIN_RATE // 1000} kB of the file",
    )
    fetch_parser.add_argument(
        "--no-progress", action="store_true", help="do not show progress bars"
    )
    list_parser = commands.add_parser("list", help="list the datasets and which files are present")
    list_parser.add_argument("--data-dir", metavar="DIR", help="the data directory to inspect")
    return parser


def main(argv=None):
    """Run the command line: ``python -m nnlib.datasets fetch|list ...``; return the exit code."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "list":
            _list(args.data_dir)
            return 0
        fetch(
            args.names or None,
            mirror=args.mirror,
            data_dir=args.data_dir,
            verify=args.verify,
            progress=not args.no_progress,
            timeout=args.timeout,
        )
    except (FetchError, ValueError, TypeError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: partial downloads are kept and resumed by the next fetch",
              file=sys.stderr)
        return 130
    return 0
