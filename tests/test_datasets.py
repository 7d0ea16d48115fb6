"""Tests for nnlib.datasets: the downloader against a local HTTP server, and the loaders.

The download tests serve small fake files from an HTTP server on 127.0.0.1 (an ephemeral port)
and register them as a dataset called "toy", so they exercise the real transfer code and stay
fast. The loader tests read the real files, fetched once per session from the mirror named by
NNLIB_DATA_MIRROR (default: ../shared/data next to the repository) into a temporary folder.
Tests about file permissions run their scenario in a subprocess as an unprivileged user
(nobody, via setpriv) when the suite runs as root, for whom permissions do not apply.
"""

import contextlib
import copy
import dataclasses
import functools
import gzip
import hashlib
import inspect
import json
import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest

import nnlib.datasets as ds
from nnlib._download.files import LOCK_NAME, verify_file

REPO = Path(__file__).resolve().parents[1]

# --------------------------------------------------------------------------------------------
# A small HTTP server whose behaviour per path is chosen by the test
# --------------------------------------------------------------------------------------------


class _Server:
    """Serve ``routes[path] = (body, mode)`` and record (path, Range header) per request.

    Modes: "ok" (honours Range; 416 beyond the end), "norange" (always sends the whole body),
    "range_from_zero" (answers a Range request with 206 from byte 0), "404", "stall" (sends
    nothing), "stall_body" (sends the headers and 1000 bytes, then nothing), "cut" (announces
    the full length, sends half of it, closes), "cut_once" ("cut" once, then "ok"), "trickle"
    (announces the length, then sends one byte every 0.2 s), "endless" (no Content-Length, sends
    the body again and again), "overstated" (announces twice the length), "pair" (waits until
    two requests for it have arrived, then "ok").
    """

    def __init__(self):
        self.routes = {}
        self.requests = []
        self.stop = threading.Event()
        self.pair = threading.Barrier(2, timeout=20)
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                server.requests.append((self.path, self.headers.get("Range")))
                if self.path not in server.routes:
                    self.send_error(404)
                    return
                body, mode = server.routes[self.path]
                if mode == "404":
                    self.send_error(404)
                    return
                if mode == "stall":
                    server.stop.wait(10)
                    return
                if mode == "stall_body":
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body[:1000])
                    self.wfile.flush()
                    server.stop.wait(10)
                    return
                if mode == "cut_once":
                    server.routes[self.path] = (body, "ok")
                    mode = "cut"
                if mode in ("trickle", "endless", "overstated"):
                    self.send_response(200)
                    if mode != "endless":
                        factor = 2 if mode == "overstated" else 1
                        self.send_header("Content-Length", str(factor * len(body)))
                    self.end_headers()
                    with contextlib.suppress(OSError):  # the client hangs up
                        sent = 0
                        while not server.stop.is_set() and sent < 100 * len(body):
                            chunk = body[sent : sent + 1] if mode == "trickle" else body
                            self.wfile.write(chunk)
                            self.wfile.flush()
                            sent += len(chunk)
                            if mode == "trickle":
                                server.stop.wait(0.2)
                    return
                if mode == "pair":
                    server.pair.wait()
                start = 0
                match = re.fullmatch(r"bytes=(\d+)-", self.headers.get("Range") or "")
                if match and int(match.group(1)) >= len(body):
                    self.send_error(416)
                    return
                if mode == "range_from_zero" and match:  # a 206 for a range not asked for
                    self.send_response(206)
                    self.send_header("Content-Range", f"bytes 0-{len(body) - 1}/{len(body)}")
                elif match and mode != "norange":
                    start = int(match.group(1))
                    self.send_response(206)
                    self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
                else:
                    self.send_response(200)
                chunk = body[start:]
                self.send_header("Content-Length", str(len(chunk)))
                self.end_headers()
                self.wfile.write(chunk[: len(chunk) // 2] if mode == "cut" else chunk)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def url(self, path):
        return f"http://127.0.0.1:{self.httpd.server_port}{path}"

    def add(self, path, body, mode="ok"):
        self.routes[path] = (body, mode)
        return self.url(path)

    def close(self):
        self.stop.set()
        self.pair.abort()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    srv = _Server()
    yield srv
    srv.close()


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    # Each test chooses its own mirror and data directory.
    monkeypatch.delenv(ds.MIRROR_ENV, raising=False)
    monkeypatch.delenv(ds.DATA_DIR_ENV, raising=False)


PAYLOAD = bytes(range(256)) * 40  # 10240 bytes
OTHER = bytes(reversed(PAYLOAD))


def _sha(data):
    return hashlib.sha256(data).hexdigest()


def _register(monkeypatch, *files):
    """Register dataset "toy" with the given DataFile entries."""
    monkeypatch.setitem(ds.DATASETS, "toy", ds.Dataset("toy", "test data", tuple(files)))


def _toy_file(urls, payload=PAYLOAD, filename="a.bin", compression=None):
    return ds.DataFile(filename, len(payload), _sha(payload), tuple(urls), compression)


def _fetch(data_dir, **kwargs):
    kwargs.setdefault("progress", False)
    return ds.fetch(["toy"], data_dir=data_dir, **kwargs)




def _leftovers(folder):
    """The files in a dataset folder, apart from the lock and the verified stamp."""
    return sorted(p.name for p in folder.iterdir() if p.name not in (LOCK_NAME, ds.STAMP_NAME))


def _trust_now(monkeypatch):
    """Let a stamp vouch for a file at once (by default it waits until the file is 2 s old)."""
    monkeypatch.setattr("nnlib._download.files.RACY_NS", 0)

# --------------------------------------------------------------------------------------------
# Downloads
# --------------------------------------------------------------------------------------------


def test_fetch_downloads_verifies_and_reports(server, monkeypatch, tmp_path, capsys):
    url = server.add("/a.bin", PAYLOAD)
    _register(monkeypatch, _toy_file([url]))
    results = _fetch(tmp_path)
    target = tmp_path / "toy" / "a.bin"
    assert target.read_bytes() == PAYLOAD
    assert _leftovers(tmp_path / "toy") == ["a.bin"]  # no temporary or partial file
    assert [(r.status, r.source, r.path) for r in results] == [("fetched", url, target)]
    out = capsys.readouterr().out
    assert re.search(r"toy/a\.bin\s+fetched\s+http://127\.0\.0\.1", out)
    assert "1 fetched, 0 already present, 0 failed." in out


def test_fetch_with_everything_present_downloads_nothing(server, monkeypatch, tmp_path, capsys):
    _trust_now(monkeypatch)
    _register(monkeypatch, _toy_file([server.add("/a.bin", PAYLOAD)]))
    _fetch(tmp_path)
    n_requests = len(server.requests)
    capsys.readouterr()

    def no_hashing(*args):
        raise AssertionError("a file with a valid stamp was hashed again")

    monkeypatch.setattr("nnlib._download.fetch.verify_file", no_hashing)
    results = _fetch(tmp_path)
    assert [r.status for r in results] == ["found"]
    assert len(server.requests) == n_requests
    assert "Nothing to download: all 1 file(s) already present." in capsys.readouterr().out


def test_stamp_of_a_file_changed_just_before_it_was_verified_is_not_trusted(
    server, monkeypatch, tmp_path
):
    # A write in the same timestamp tick as the verification would leave every time unchanged,
    # so a file verified less than RACY_NS after its last change is hashed again next time.
    _register(monkeypatch, _toy_file([server.add("/a.bin", PAYLOAD)]))
    _fetch(tmp_path)
    calls = []
    monkeypatch.setattr(
        "nnlib._download.fetch.verify_file", lambda *args: calls.append(1) or verify_file(*args)
    )
    assert [r.status for r in _fetch(tmp_path)] == ["found"]
    assert len(calls) == 1
    _trust_now(monkeypatch)  # as if 2 s had passed since the file was written
    assert [r.status for r in _fetch(tmp_path)] == ["found"]
    assert len(calls) == 1


def test_flipped_byte_with_restored_mtime_is_replaced_without_verify(
    server, monkeypatch, tmp_path, capsys
):
    _trust_now(monkeypatch)
    _register(monkeypatch, _toy_file([server.add("/a.bin", PAYLOAD)]))
    _fetch(tmp_path)
    _fetch(tmp_path)  # the stamp now vouches for the file
    target = tmp_path / "toy" / "a.bin"
    stat = target.stat()
    time.sleep(0.05)  # past the file system's timestamp tick, so the change time moves
    data = bytearray(PAYLOAD)
    data[100] ^= 0xFF
    target.write_bytes(bytes(data))  # same size, same inode...
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # ...same modification time
    assert target.stat().st_mtime_ns == stat.st_mtime_ns
    assert [r.status for r in _fetch(tmp_path)] == ["fetched"]  # its change time gave it away
    assert target.read_bytes() == PAYLOAD


def test_verify_rehashes_a_file_the_stamp_vouches_for(server, monkeypatch, tmp_path, capsys):
    # Damage that leaves size, inode and all times unchanged (bit rot, a forged stamp) is only
    # seen by --verify.
    _register(monkeypatch, _toy_file([server.add("/a.bin", PAYLOAD)]))
    _fetch(tmp_path)
    target = tmp_path / "toy" / "a.bin"
    target.write_bytes(b"\0" * len(PAYLOAD))
    st = target.stat()
    entry = {
        "size": st.st_size, "ino": st.st_ino, "mtime_ns": st.st_mtime_ns,
        "ctime_ns": st.st_ctime_ns, "sha256": _sha(PAYLOAD),
        "verified_ns": st.st_ctime_ns + 3_000_000_000,
    }
    (tmp_path / "toy" / ds.STAMP_NAME).write_text(json.dumps({"a.bin": entry}))
    assert [r.status for r in _fetch(tmp_path)] == ["found"]
    assert [r.status for r in _fetch(tmp_path, verify=True)] == ["fetched"]
    assert target.read_bytes() == PAYLOAD
    assert "1 fetched, 0 already present, 0 failed." in capsys.readouterr().out


def test_checksum_mismatch_removes_file_and_tries_next_url(server, monkeypatch, tmp_path):
    bad = server.add("/bad/a.bin", OTHER)
    good = server.add("/good/a.bin", PAYLOAD)
    _register(monkeypatch, _toy_file([bad, good]))
    (result,) = _fetch(tmp_path)
    assert result.source == good
    assert (tmp_path / "toy" / "a.bin").read_bytes() == PAYLOAD
    assert [p for p, _ in server.requests] == ["/bad/a.bin", "/good/a.bin"]


def test_all_sources_failing_raises_clear_error(server, monkeypatch, tmp_path, capsys):
    bad = server.add("/bad/a.bin", OTHER)
    missing = server.url("/missing/a.bin")
    _register(monkeypatch, _toy_file([bad, missing]))
    with pytest.raises(ds.FetchError, match=r"toy/a\.bin: tried 2 source\(s\)") as info:
        _fetch(tmp_path)
    message = str(info.value)
    assert f"{bad}: downloaded file rejected: SHA-256" in message
    assert f"{missing}: HTTP 404" in message
    assert "NNLIB_DATA_MIRROR" in message
    assert _leftovers(tmp_path / "toy") == []  # neither the bad file nor a partial one
    assert re.search(r"toy/a\.bin\s+failed", capsys.readouterr().out)


def test_wrong_size_is_rejected_before_hashing(server, monkeypatch, tmp_path):
    _register(monkeypatch, _toy_file([server.add("/a.bin", PAYLOAD[:-1])]))
    with pytest.raises(ds.FetchError, match=r"size 10239 bytes, expected 10240"):
        _fetch(tmp_path)
    assert not (tmp_path / "toy" / "a.bin").exists()


def test_404_is_reported(server, monkeypatch, tmp_path):
    _register(monkeypatch, _toy_file([server.add("/a.bin", PAYLOAD, "404")]))
    with pytest.raises(ds.FetchError, match=r"/a\.bin: HTTP 404 Not Found"):
        _fetch(tmp_path)


@pytest.mark.parametrize("mode", ["stall", "stall_body"])
def test_stalled_server_times_out(server, monkeypatch, tmp_path, mode):
    _register(monkeypatch, _toy_file([server.add("/a.bin", PAYLOAD, mode)]))
    start = time.monotonic()
    with pytest.raises(ds.FetchError, match=r"no data for 0\.5 s \(connection stalled\)"):
        _fetch(tmp_path, timeout=0.5)
    assert time.monotonic() - start < 5
    assert not (tmp_path / "toy" / "a.bin").exists()


def test_trickling_server_is_abandoned_at_the_deadline(server, monkeypatch, tmp_path):
    # One byte every 0.2 s never leaves the connection silent for the 0.3 s timeout; the
    # deadline (timeout + 10240 bytes at 50 kB/s = 0.5 s) stops the transfer anyway.
    _register(monkeypatch, _toy_file([server.add("/a.bin", PAYLOAD, "trickle")]))
    start = time.monotonic()
    with pytest.raises(ds.FetchError, match=r"gave up after 0\.505 s: not finished by its "
                       r"deadline \(\d+ bytes received; the transfer was slower than 50 kB/s"):
        _fetch(tmp_path, timeout=0.3)
    assert time.monotonic() - start < 3
    part = tmp_path / "toy" / "a.bin.part"
    assert part.read_bytes() == PAYLOAD[: part.stat().st_size]  # kept for resuming


@pytest.mark.parametrize(
    "mode, reason",
    [
        ("endless", r"the server sent more than the 10240 bytes expected"),
        ("overstated", r"the server announces 20480 bytes; expected at most 10240"),
    ],
)
def test_download_is_capped_at_the_expected_size(server, monkeypatch, tmp_path, mode, reason):
    _register(monkeypatch, _toy_file([server.add("/a.bin", PAYLOAD, mode)]))
    with pytest.raises(ds.FetchError, match=reason):
        _fetch(tmp_path)
    assert _leftovers(tmp_path / "toy") == []


def test_gzip_download_is_capped_near_the_payload_size(server, monkeypatch, tmp_path):
    # A .gz file is at most a little larger than its payload: cap = size + 1% + 1024 bytes.
    spec = _toy_file([server.add("/a.gz", PAYLOAD, "endless")], filename="a.gz",
                     compression="gzip")
    _register(monkeypatch, spec)
    with pytest.raises(ds.FetchError, match=r"more than the 11366 bytes expected"):
        _fetch(tmp_path)


def test_oversized_mirror_file_is_refused(monkeypatch, tmp_path):
    _register(monkeypatch, _toy_file([]))
    (tmp_path / "mirror" / "toy").mkdir(parents=True)
    (tmp_path / "mirror" / "toy" / "a.bin").write_bytes(PAYLOAD * 2)
    with pytest.raises(ds.FetchError, match=r"20480 bytes, more than the 10240 expected"):
        _fetch(tmp_path / "data", mirror=tmp_path / "mirror")


def test_interrupted_transfer_is_resumed_with_range(server, monkeypatch, tmp_path):
    _register(monkeypatch, _toy_file([server.add("/a.bin", PAYLOAD, "cut_once")]))
    (result,) = _fetch(tmp_path)
    assert result.status == "fetched"
    assert (tmp_path / "toy" / "a.bin").read_bytes() == PAYLOAD
    half = len(PAYLOAD) // 2
    assert server.requests == [("/a.bin", None), ("/a.bin", f"bytes={half}-")]


def test_partial_file_is_kept_and_resumed_by_next_run(server, monkeypatch, tmp_path):
    _register(monkeypatch, _toy_file([server.add("/a.bin", PAYLOAD, "cut")]))
    with pytest.raises(ds.FetchError, match=r"connection closed after \d+ of 10240 bytes"):
        _fetch(tmp_path)
    part = tmp_path / "toy" / "a.bin.part"
    kept = part.stat().st_size
    assert 0 < kept < len(PAYLOAD)
    assert part.read_bytes() == PAYLOAD[:kept]
    assert _leftovers(tmp_path / "toy") == ["a.bin.part"]

    server.routes["/a.bin"] = (PAYLOAD, "ok")
    server.requests.clear()
    _fetch(tmp_path)
    assert server.requests == [("/a.bin", f"bytes={kept}-")]
    assert (tmp_path / "toy" / "a.bin").read_bytes() == PAYLOAD
    assert _leftovers(tmp_path / "toy") == ["a.bin"]


def test_server_ignoring_range_restarts_cleanly(server, monkeypatch, tmp_path):
    _register(monkeypatch, _toy_file([server.add("/a.bin", PAYLOAD, "norange")]))
    (tmp_path / "toy").mkdir()
    (tmp_path / "toy" / "a.bin.part").write_bytes(b"x" * 100)
    _fetch(tmp_path)
    assert server.requests == [("/a.bin", "bytes=100-")]
    assert (tmp_path / "toy" / "a.bin").read_bytes() == PAYLOAD


@pytest.mark.parametrize(
    "mode, part_size, requests",
    [
        ("ok", 20000, [("/a.bin", "bytes=20000-"), ("/a.bin", None)]),  # 416: restart
        ("range_from_zero", 100, [("/a.bin", "bytes=100-"), ("/a.bin", None)]),
    ],
)
def test_unusable_range_answers_restart_cleanly(
    server, monkeypatch, tmp_path, mode, part_size, requests
):
    _register(monkeypatch, _toy_file([server.add("/a.bin", PAYLOAD, mode)]))
    (tmp_path / "toy").mkdir()
    (tmp_path / "toy" / "a.bin.part").write_bytes(b"x" * part_size)
    _fetch(tmp_path)
    assert server.requests == requests
    assert (tmp_path / "toy" / "a.bin").read_bytes() == PAYLOAD


def test_resumed_file_with_wrong_start_is_downloaded_afresh(server, monkeypatch, tmp_path):
    # A partial file left by another copy (e.g. a mirror that compresses differently) cannot
    # be continued: the checksum fails, so the same URL is downloaded again from the start.
    _register(monkeypatch, _toy_file([server.add("/a.bin", PAYLOAD)]))
    (tmp_path / "toy").mkdir()
    (tmp_path / "toy" / "a.bin.part").write_bytes(b"x" * 100)
    _fetch(tmp_path)
    assert server.requests == [("/a.bin", "bytes=100-"), ("/a.bin", None)]
    assert (tmp_path / "toy" / "a.bin").read_bytes() == PAYLOAD


def test_gzip_files_are_checked_on_their_decompressed_payload(server, monkeypatch, tmp_path):
    packed = gzip.compress(PAYLOAD, compresslevel=1, mtime=0)
    spec = _toy_file([server.add("/a.gz", packed)], filename="a.gz", compression="gzip")
    assert spec.size == len(PAYLOAD) and spec.sha256 == _sha(PAYLOAD)
    _register(monkeypatch, spec)
    _fetch(tmp_path)
    assert (tmp_path / "toy" / "a.gz").read_bytes() == packed  # kept as downloaded


@pytest.mark.parametrize(
    "content, reason",
    [
        (gzip.compress(PAYLOAD)[:-20], r"not a valid gzip file"),
        (b"not gzip at all", r"not a valid gzip file"),
        (gzip.compress(OTHER), r"decompressed SHA-256"),
        (gzip.compress(PAYLOAD + b"x"), r"decompressed size more than the expected 10240 bytes"),
        (gzip.compress(PAYLOAD[:-1]), r"decompressed size 10239 bytes, expected 10240"),
    ],
)
def test_bad_gzip_download_is_rejected(server, monkeypatch, tmp_path, content, reason):
    spec = _toy_file([server.add("/a.gz", content)], filename="a.gz", compression="gzip")
    _register(monkeypatch, spec)
    with pytest.raises(ds.FetchError, match=reason):
        _fetch(tmp_path)
    assert _leftovers(tmp_path / "toy") == []


def test_truncated_gzip_in_data_dir_is_replaced(server, monkeypatch, tmp_path):
    packed = gzip.compress(PAYLOAD)
    spec = _toy_file([server.add("/a.gz", packed)], filename="a.gz", compression="gzip")
    _register(monkeypatch, spec)
    (tmp_path / "toy").mkdir()
    target = tmp_path / "toy" / "a.gz"
    target.write_bytes(packed[: len(packed) // 2])  # no stamp: checked even without --verify
    assert [r.status for r in _fetch(tmp_path)] == ["fetched"]
    assert target.read_bytes() == packed


def test_corrupt_copy_removed_without_a_source_is_reported(monkeypatch, tmp_path, capsys):
    _register(monkeypatch, _toy_file([]))
    (tmp_path / "toy").mkdir()
    target = tmp_path / "toy" / "a.bin"
    target.write_bytes(OTHER)
    with pytest.raises(ds.FetchError) as info:
        _fetch(tmp_path)
    assert not target.exists()
    assert re.search(rf"- {re.escape(str(target))}: the local copy was corrupt \(SHA-256 .*\) "
                     r"and has been removed", str(info.value))
    out = capsys.readouterr().out
    assert re.search(r"toy/a\.bin\s+removed\s+corrupt copy removed", out)
    assert "0 fetched, 0 already present, 1 failed (1 corrupt copy removed)." in out


def test_stale_temporary_files_are_removed(server, monkeypatch, tmp_path):
    _register(monkeypatch, _toy_file([server.add("/a.bin", PAYLOAD)]))
    (tmp_path / "toy").mkdir()
    (tmp_path / "toy" / ".a.bin.99999-deadbeef.tmp").write_bytes(b"left by a killed fetch")
    _fetch(tmp_path)
    assert _leftovers(tmp_path / "toy") == ["a.bin"]


def test_unwritable_data_dir_gives_clear_error(server, monkeypatch, tmp_path):
    # Tests may run as root, for whom permissions do not stop writes: use a regular file as
    # the parent of the data directory instead.
    _register(monkeypatch, _toy_file([server.add("/a.bin", PAYLOAD)]))
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(ds.FetchError, match=r"cannot create the data directory .*--data-dir"):
        _fetch(tmp_path / "file" / "data")
    assert server.requests == []


def test_local_mirror_is_tried_first_and_verified(server, monkeypatch, tmp_path):
    url = server.add("/a.bin", PAYLOAD)
    _register(monkeypatch, _toy_file([url]))
    mirror = tmp_path / "mirror"
    (mirror / "toy").mkdir(parents=True)
    (mirror / "toy" / "a.bin").write_bytes(PAYLOAD)
    (result,) = _fetch(tmp_path / "data", mirror=mirror)
    assert result.source == str(mirror / "toy" / "a.bin")
    assert server.requests == []
    # A bad copy in the mirror is rejected and the public URL is used instead.
    (mirror / "toy" / "a.bin").write_bytes(OTHER)
    (result,) = _fetch(tmp_path / "data2", mirror=mirror)
    assert result.source == url
    assert (tmp_path / "data2" / "toy" / "a.bin").read_bytes() == PAYLOAD


@pytest.mark.parametrize("kind", ["env", "file-url", "http-url"])
def test_mirror_forms(server, monkeypatch, tmp_path, kind):
    _register(monkeypatch, _toy_file([]))  # no public URL: only the mirror can provide it
    mirror = tmp_path / "mirror"
    (mirror / "toy").mkdir(parents=True)
    (mirror / "toy" / "a.bin").write_bytes(PAYLOAD)
    server.add("/course/toy/a.bin", PAYLOAD)
    if kind == "env":
        monkeypatch.setenv(ds.MIRROR_ENV, str(mirror))
        _fetch(tmp_path / "data")
    elif kind == "file-url":
        _fetch(tmp_path / "data", mirror=mirror.as_uri())
    else:
        _fetch(tmp_path / "data", mirror=server.url("/course/"))
        assert server.requests == [("/course/toy/a.bin", None)]
    assert (tmp_path / "data" / "toy" / "a.bin").read_bytes() == PAYLOAD


def test_missing_file_in_mirror_and_no_url(monkeypatch, tmp_path):
    _register(monkeypatch, _toy_file([]))
    with pytest.raises(ds.FetchError, match=r"no source: no mirror set and no public URL"):
        _fetch(tmp_path)
    with pytest.raises(ds.FetchError, match=r"toy/a\.bin: not found in the mirror folder"):
        _fetch(tmp_path, mirror=tmp_path / "empty")


def test_data_dir_from_environment(server, monkeypatch, tmp_path):
    _register(monkeypatch, _toy_file([server.add("/a.bin", PAYLOAD)]))
    monkeypatch.setenv(ds.DATA_DIR_ENV, str(tmp_path / "env-data"))
    assert ds.default_data_dir() == tmp_path / "env-data"
    ds.fetch("toy", progress=False)
    assert (tmp_path / "env-data" / "toy" / "a.bin").is_file()


def test_default_data_dir_is_repository_data_folder():
    assert ds.default_data_dir() == REPO / "data"


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"names": ["nope"]}, ValueError, r"fetch: unknown dataset 'nope'; choose one of "
         r"'catvnoncat', 'mnist'"),
        ({"names": "nope"}, ValueError, r"unknown dataset 'nope'"),
        ({"names": 3}, TypeError, r"fetch: names must be a dataset name or a list of them, "
         r"got 3"),
        ({"timeout": 0}, ValueError, r"timeout must be a positive number"),
        ({"verify": "yes"}, TypeError, r"verify must be True or False"),
        ({"progress": None}, TypeError, r"progress must be True or False"),
        ({"data_dir": 123}, TypeError, r"fetch: data_dir must be a folder path \(a str or "
         r"pathlib\.Path\) or None, got 123 \(int\)\. Pass e\.g\. data_dir='data'"),
        ({"mirror": 123}, TypeError, r"fetch: mirror must be a folder path or a URL .* got 123 "
         r"\(int\)\. Pass e\.g\. mirror="),
    ],
)
def test_fetch_argument_checks(kwargs, error, match, tmp_path):
    kwargs.setdefault("data_dir", tmp_path)
    with pytest.raises(error, match=match):
        ds.fetch(progress=kwargs.pop("progress", False), **kwargs)


# --------------------------------------------------------------------------------------------
# Concurrent fetches
# --------------------------------------------------------------------------------------------


def test_concurrent_fetches_without_the_lock_both_succeed(server, monkeypatch, tmp_path):
    # Without the folder lock (a file system without flock), unique temporary files and
    # atomic renames alone keep two transfers of the same file apart.
    monkeypatch.setattr(
        "nnlib._download.fetch.folder_lock", lambda folder, on_wait: contextlib.nullcontext(False)
    )
    _register(monkeypatch, _toy_file([server.add("/a.bin", PAYLOAD, "pair")]))
    outcomes = []

    def run():
        try:
            outcomes.append([r.status for r in _fetch(tmp_path)])
        except Exception as err:  # noqa: BLE001 (reported by the assertion below)
            outcomes.append(err)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert outcomes == [["fetched"], ["fetched"]]
    assert len(server.requests) == 2  # both really downloaded at the same time
    assert (tmp_path / "toy" / "a.bin").read_bytes() == PAYLOAD
    assert _leftovers(tmp_path / "toy") == ["a.bin"]


def test_second_fetch_waits_for_the_first(server, monkeypatch, tmp_path, capsys):
    import fcntl

    _register(monkeypatch, _toy_file([server.add("/a.bin", PAYLOAD)]))
    (tmp_path / "toy").mkdir()
    with open(tmp_path / "toy" / LOCK_NAME, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another fetch is at work in this folder
        timer = threading.Timer(0.3, fcntl.flock, (lock, fcntl.LOCK_UN))
        timer.start()
        start = time.monotonic()
        (result,) = _fetch(tmp_path)
        timer.join()
    assert time.monotonic() - start >= 0.25
    assert result.status == "fetched"
    assert "Waiting for another fetch into" in capsys.readouterr().err


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------


def test_main_exit_codes(server, monkeypatch, tmp_path, capsys):
    url = server.add("/a.bin", PAYLOAD)
    _register(monkeypatch, _toy_file([url]))
    argv = ["fetch", "toy", "--data-dir", str(tmp_path), "--no-progress"]
    assert ds.main(argv) == 0
    assert "1 fetched" in capsys.readouterr().out
    assert ds.main(argv) == 0
    assert "Nothing to download" in capsys.readouterr().out
    server.routes["/a.bin"] = (OTHER, "ok")
    (tmp_path / "toy" / "a.bin").unlink()
    assert ds.main(argv) == 1
    captured = capsys.readouterr()
    assert re.search(r"toy/a\.bin\s+failed", captured.out)
    assert "error: fetch: 1 file(s) could not be fetched" in captured.err
    assert ds.main(["fetch", "nope"]) == 1
    assert "unknown dataset 'nope'" in capsys.readouterr().err
    assert ds.main(["list", "--data-dir", str(tmp_path)]) == 0
    assert re.search(r"a\.bin\s+missing", capsys.readouterr().out)


def _run_cli(*args, prefix=(), cwd=REPO):
    env = {**os.environ, "TQDM_DISABLE": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop(ds.MIRROR_ENV, None)
    return subprocess.run(
        [*prefix, sys.executable, "-m", "nnlib.datasets", *args],
        capture_output=True, text=True, timeout=120, cwd=cwd, env=env,
    )


def test_cli_help_documents_options():
    proc = _run_cli("fetch", "--help")
    assert proc.returncode == 0
    for option in ("--mirror", "--data-dir", "--verify", "--timeout", "NAME"):
        assert option in proc.stdout
    top = _run_cli("--help")
    assert top.returncode == 0
    assert "NNLIB_DATA_MIRROR" in top.stdout and "NNLIB_DATA_DIR" in top.stdout


def test_cli_fetch_from_mirror_then_nothing_to_do(mirror_dir, tmp_path):
    args = ("fetch", "catvnoncat", "--data-dir", str(tmp_path), "--mirror", str(mirror_dir))
    first = _run_cli(*args)
    assert first.returncode == 0, first.stderr
    assert re.search(r"catvnoncat/train_catvnoncat\.h5\s+fetched", first.stdout)
    assert "2 fetched, 0 already present, 0 failed." in first.stdout
    second = _run_cli(*args)
    assert second.returncode == 0, second.stderr
    assert "Nothing to download: all 2 file(s) already present." in second.stdout
    bad = _run_cli("fetch", "nope")
    assert bad.returncode == 1 and "unknown dataset 'nope'" in bad.stderr
    usage = _run_cli("fetch", "--timeout", "soon")
    assert usage.returncode == 2


def test_two_fetch_processes_into_one_folder_both_succeed(mirror_dir, tmp_path):
    # The repro: two `fetch` runs started together into the same, empty folder.
    args = ["fetch", "--mirror", str(mirror_dir), "--data-dir", str(tmp_path / "c"),
            "--no-progress"]
    env = {**os.environ, "TQDM_DISABLE": "1"}
    env.pop(ds.MIRROR_ENV, None)
    procs = [
        subprocess.Popen([sys.executable, "-m", "nnlib.datasets", *args], cwd=REPO, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [proc.communicate(timeout=300) for proc in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, out + err
    for name, dataset in ds.DATASETS.items():
        for spec in dataset.files:
            assert verify_file(tmp_path / "c" / name / spec.filename, spec)[0] == "ok"
        assert _leftovers(tmp_path / "c" / name) == sorted(f.filename for f in dataset.files)


# --------------------------------------------------------------------------------------------
# Permissions (run as an unprivileged user: root reads and writes everything)
# --------------------------------------------------------------------------------------------


NOBODY = 65534
_SETPRIV = ("setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups")


@pytest.fixture(scope="session")
def unprivileged():
    """The command prefix that runs a subprocess without root's powers (() when not root)."""
    if not hasattr(os, "geteuid"):
        pytest.skip("file permissions are POSIX-only")
    if os.geteuid() != 0:
        return ()
    if shutil.which("setpriv") is None:
        pytest.skip("the tests run as root and setpriv is not available to drop privileges")
    probe = subprocess.run([*_SETPRIV, sys.executable, "-c", "import nnlib.datasets"],
                           capture_output=True, text=True, cwd=REPO)
    if probe.returncode != 0:
        pytest.skip(f"cannot run nnlib as an unprivileged user: {probe.stderr.strip()}")
    return _SETPRIV


@pytest.fixture
def open_tmp():
    """A temporary folder that an unprivileged user can reach (pytest's tmp_path is 0700)."""
    path = Path(tempfile.mkdtemp(prefix="nnlib-perm-"))
    path.chmod(0o755)
    yield path
    for sub in path.rglob("*"):
        with contextlib.suppress(OSError):
            sub.chmod(0o755 if sub.is_dir() else 0o644)
    shutil.rmtree(path, ignore_errors=True)


def _give_to_runner(path, unprivileged):
    """Make ``path`` belong to the user the subprocess runs as."""
    if unprivileged:
        os.chown(path, NOBODY, NOBODY)


def _run_toy_fetch(unprivileged, data_dir, payload=PAYLOAD):
    """Run `fetch toy` in a subprocess (as nobody when root), toy registered with no source."""
    script = textwrap.dedent(f"""
        import sys
        import nnlib.datasets as ds
        spec = ds.DataFile("a.bin", {len(payload)}, "{_sha(payload)}")
        ds.DATASETS["toy"] = ds.Dataset("toy", "test data", (spec,))
        sys.exit(ds.main(["fetch", "toy", "--data-dir", {str(data_dir)!r}, "--no-progress"]))
    """)
    env = {**os.environ, "TQDM_DISABLE": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop(ds.MIRROR_ENV, None)
    return subprocess.run([*unprivileged, sys.executable, "-c", script], capture_output=True,
                          text=True, timeout=60, cwd=REPO, env=env)


def test_unreadable_file_is_kept_and_reported(unprivileged, open_tmp):
    folder = open_tmp / "data" / "toy"
    folder.mkdir(parents=True)
    _give_to_runner(open_tmp / "data", unprivileged)
    _give_to_runner(folder, unprivileged)  # the runner could delete the file...
    target = folder / "a.bin"
    target.write_bytes(PAYLOAD)
    target.chmod(0)  # ...but cannot read it
    proc = _run_toy_fetch(unprivileged, open_tmp / "data")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert re.search(r"toy/a\.bin\s+failed\s+permission denied \(file kept\)", proc.stdout)
    assert "cannot read the local copy: permission denied. The file was kept" in proc.stderr
    assert f"chmod a+r {target}" in proc.stderr
    target.chmod(0o644)
    assert target.read_bytes() == PAYLOAD  # intact, not deleted


def test_read_only_folder_with_corrupt_file_fetch(unprivileged, open_tmp):
    folder = open_tmp / "data" / "toy"
    folder.mkdir(parents=True)
    (folder / "a.bin").write_bytes(OTHER)
    for path in (folder, open_tmp / "data"):
        path.chmod(0o555)  # root owns it: read-only for anyone else
    proc = _run_toy_fetch(unprivileged, open_tmp / "data")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and "PermissionError" not in proc.stderr
    assert re.search(r"toy/a\.bin\s+failed\s+corrupt, cannot be replaced", proc.stdout)
    assert re.search(r"the local copy is corrupt \(SHA-256 .*\) and cannot be replaced: "
                     r"permission denied in .*toy\. Ask the folder's owner to run "
                     r"`python -m nnlib\.datasets fetch --verify toy`, or fetch into a folder "
                     r"of your own with --data-dir DIR", proc.stderr)


def test_read_only_folder_with_corrupt_file_load(unprivileged, open_tmp, real_data):
    folder = open_tmp / "catvnoncat"
    folder.mkdir()
    for spec in ds.DATASETS["catvnoncat"].files:
        shutil.copyfile(real_data[0] / "catvnoncat" / spec.filename, folder / spec.filename)
    train = folder / "train_catvnoncat.h5"
    data = bytearray(train.read_bytes())
    data[5000] ^= 0xFF
    train.write_bytes(bytes(data))
    folder.chmod(0o555)
    script = textwrap.dedent(f"""
        import nnlib.datasets as ds
        try:
            ds.load_catvnoncat(data_dir={str(open_tmp)!r})
        except ds.DatasetCorruptError as err:
            print(err)
    """)
    proc = subprocess.run([*unprivileged, sys.executable, "-c", script], capture_output=True,
                          text=True, timeout=60, cwd=REPO,
                          env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    message = proc.stdout
    assert f"{train} is corrupt (SHA-256" in message
    assert "fetch --verify catvnoncat" in message
    assert f"The folder {folder} is read-only for you" in message
    assert "--data-dir DIR catvnoncat`) and load with data_dir=DIR" in message


def test_unreadable_file_load(unprivileged, open_tmp):
    folder = open_tmp / "mnist"
    folder.mkdir()
    (folder / "train-images-idx3-ubyte.gz").write_bytes(b"secret")
    (folder / "train-images-idx3-ubyte.gz").chmod(0)
    script = textwrap.dedent(f"""
        import nnlib.datasets as ds
        try:
            ds.load_mnist(data_dir={str(open_tmp)!r})
        except ds.DatasetPermissionError as err:
            print(type(err).__mro__[1].__name__, err)
    """)
    proc = subprocess.run([*unprivileged, sys.executable, "-c", script], capture_output=True,
                          text=True, timeout=60, cwd=REPO,
                          env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    assert proc.stdout.startswith("PermissionError load_mnist: cannot read ")
    assert "train-images-idx3-ubyte.gz: permission denied. Make it readable" in proc.stdout


# --------------------------------------------------------------------------------------------
# The real data, fetched once per session from the mirror
# --------------------------------------------------------------------------------------------


_ENV_MIRROR = os.environ.get(ds.MIRROR_ENV)  # read before any test changes the environment


def _mirror_candidates():
    # The mirror (the environment's, else ../shared/data), then the repository's own data/.
    return [_ENV_MIRROR or str(REPO.parent / "shared" / "data"), str(REPO / "data")]


@pytest.fixture(scope="session")
def real_data(tmp_path_factory):
    """Fetch the real datasets into a temporary data directory; fail if there is no source."""
    data_dir = tmp_path_factory.mktemp("data")
    tried = []
    with pytest.MonkeyPatch.context() as mp:
        for name, dataset in list(ds.DATASETS.items()):  # mirrors only: no network in tests
            files = tuple(dataclasses.replace(f, urls=()) for f in dataset.files)
            mp.setitem(ds.DATASETS, name, dataclasses.replace(dataset, files=files))
        for mirror in _mirror_candidates():
            try:
                ds.fetch(["catvnoncat", "mnist"], mirror=mirror, data_dir=data_dir, progress=False)
                return data_dir, mirror
            except ds.FetchError as err:
                tried.append(f"{mirror}: {err}")
    pytest.fail(
        "The loader tests need the real datasets. Set NNLIB_DATA_MIRROR to a mirror folder laid "
        "out as <dataset>/<file> (see data/README.md), or run `make data` with network access. "
        "Tried:\n" + "\n".join(tried)
    )


@pytest.fixture
def mirror_dir(real_data):
    return real_data[1]


@pytest.fixture(scope="session")
def mnist_full(real_data):
    return ds.load_mnist(dtype=np.float32, data_dir=real_data[0])


# --------------------------------------------------------------------------------------------
# One interface for every loader
# --------------------------------------------------------------------------------------------

LOADERS = [ds.load_gender, ds.load_xor, ds.load_catvnoncat, ds.load_mnist]

# loader -> (X_train shape, X_test shape, images shape when not flattened, classes)
SHAPES = {
    "load_gender": ((4, 2), (2, 2), None, ["male", "female"]),
    "load_xor": ((4, 3), (4, 3), None, ["0", "1"]),
    "load_catvnoncat": ((209, 12288), (50, 12288), (64, 64, 3), ["non-cat", "cat"]),
    "load_mnist": ((60000, 784), (10000, 784), (28, 28), [str(d) for d in range(10)]),
}


def test_loaders_share_one_signature():
    expected = [
        ("flatten", True), ("scale", True), ("dtype", np.float64), ("n_train", None),
        ("n_test", None), ("data_dir", None),
    ]
    for loader in LOADERS:
        parameters = inspect.signature(loader).parameters.values()
        assert [(p.name, p.default) for p in parameters] == expected, loader.__name__
        assert all(p.kind is p.KEYWORD_ONLY for p in parameters)
        for name, _ in expected:  # every keyword is documented, even where it does nothing
            assert f"{name}" in loader.__doc__


@pytest.mark.parametrize("loader", LOADERS, ids=lambda f: f.__name__)
def test_loaders_return_four_arrays_and_the_class_names(loader, real_data, request):
    if loader is ds.load_mnist:
        data = request.getfixturevalue("mnist_full")  # loaded once for several tests
    else:
        data = loader(data_dir=real_data[0])
    train_shape, test_shape, _, classes = SHAPES[loader.__name__]
    assert isinstance(data, ds.TrainTest) and isinstance(data, tuple)
    assert len(data) == 4 and data._fields == ("X_train", "y_train", "X_test", "y_test")
    X_train, y_train, X_test, y_test = data
    assert X_train is data.X_train and y_test is data.y_test
    assert X_train.shape == train_shape and X_test.shape == test_shape
    assert y_train.shape == train_shape[:1] and y_test.shape == test_shape[:1]
    assert y_train.dtype == y_test.dtype == np.int64
    assert X_train.dtype.kind == "f" and X_train.flags.c_contiguous and X_train.flags.writeable
    assert data.classes == classes
    assert set(np.unique(y_train)) == set(range(len(classes)))


@pytest.mark.parametrize("loader", LOADERS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_loaders_keep_the_requested_float_dtype(loader, dtype, real_data):
    data = loader(dtype=dtype, n_train=3, n_test=2, data_dir=real_data[0])
    assert data.X_train.dtype == data.X_test.dtype == dtype
    assert len(data.X_train) == len(data.y_train) == 3
    assert len(data.X_test) == len(data.y_test) == 2


@pytest.mark.parametrize("loader", [ds.load_catvnoncat, ds.load_mnist], ids=lambda f: f.__name__)
def test_images_unflattened_and_unscaled(loader, real_data):
    _, _, image_shape, _ = SHAPES[loader.__name__]
    raw = loader(flatten=False, scale=False, n_train=20, n_test=5, data_dir=real_data[0])
    scaled = loader(n_train=20, n_test=5, data_dir=real_data[0])
    assert raw.X_train.shape == (20, *image_shape) and raw.X_test.shape == (5, *image_shape)
    # Pixel values 0..255 as floats: arithmetic such as 255 - X or -X behaves.
    assert raw.X_train.dtype == np.float64 and raw.X_train.max() == 255.0
    assert (raw.X_train == np.round(raw.X_train)).all() and raw.X_train.min() >= 0
    assert (-raw.X_train).max() <= 0
    # flatten: C order (row, column[, channel]); scale: divided by 255.
    np.testing.assert_array_equal(scaled.X_train, raw.X_train.reshape(20, -1) / 255)
    assert 0.0 <= scaled.X_train.min() and scaled.X_train.max() == 1.0


def test_load_mnist_matches_the_published_counts(mnist_full):
    X_train, y_train, X_test, y_test = mnist_full
    assert X_train.min() == 0.0 and X_train.max() == 1.0
    expected_train = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
    expected_test = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    assert np.bincount(y_train, minlength=10).tolist() == expected_train
    assert np.bincount(y_test, minlength=10).tolist() == expected_test
    assert y_train[:5].tolist() == [5, 0, 4, 1, 9]  # the docstring example


def test_load_mnist_subsets_are_the_first_examples(real_data, mnist_full):
    X, y, Xt, yt = ds.load_mnist(
        flatten=False, scale=False, n_train=100, n_test=10, data_dir=real_data[0]
    )
    assert X.shape == (100, 28, 28) and Xt.shape == (10, 28, 28)
    np.testing.assert_array_equal(
        X.reshape(100, 784).astype(np.float32) / np.float32(255), mnist_full.X_train[:100]
    )
    np.testing.assert_array_equal(y, mnist_full.y_train[:100])
    np.testing.assert_array_equal(yt, mnist_full.y_test[:10])


def test_load_catvnoncat_counts_cats(real_data):
    data = ds.load_catvnoncat(data_dir=real_data[0])
    # Cats per split, as held by the files (counted when the tests were written).
    assert (int(data.y_train.sum()), int(data.y_test.sum())) == (72, 33)
    assert data.classes[data.y_train[0]] in ("non-cat", "cat")


def test_load_gender():
    # Alice weighs 133 lb and is 65 in tall: 133 - 135 = -2, 65 - 66 = -1.
    data = ds.load_gender()
    X_train, y_train, X_test, y_test = data
    np.testing.assert_array_equal(X_train, [[-2, -1], [25, 6], [17, 4], [-15, -6]])
    np.testing.assert_array_equal(y_train, [1, 0, 0, 1])
    np.testing.assert_array_equal(X_test, [[-7, -3], [20, 2]])
    np.testing.assert_array_equal(y_test, [1, 0])
    assert data.names == (["Alice", "Bob", "Charlie", "Diana"], ["Emily", "Frank"])
    assert data.names.train[0] == "Alice" and data.names.test == ["Emily", "Frank"]
    assert [data.classes[label] for label in y_train] == ["female", "male", "male", "female"]
    raw = ds.load_gender(scale=False, n_train=1, n_test=1)
    np.testing.assert_array_equal(raw.X_train, [[133, 65]])
    np.testing.assert_array_equal(raw.X_test, [[128, 63]])
    assert raw.names == (["Alice"], ["Emily"])


def test_load_xor():
    X, y, X_test, y_test = ds.load_xor()
    np.testing.assert_array_equal(X, [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]])
    np.testing.assert_array_equal(y, np.logical_xor(X[:, 0], X[:, 1]))  # y is the XOR
    # The test set is the same four points, in arrays of its own.
    np.testing.assert_array_equal(X_test, X)
    np.testing.assert_array_equal(y_test, y)
    X_test[0, 0] = 5
    assert X[0, 0] == 0


def test_train_test_keeps_its_class_names_through_copies():
    data = ds.load_gender()
    assert "X_train: (4, 2) float64" in repr(data) and "classes=['male', 'female']" in repr(data)
    for other in (copy.copy(data), copy.deepcopy(data), pickle.loads(pickle.dumps(data)),
                  data._replace(X_test=data.X_test[:1])):
        assert isinstance(other, ds.TrainTest)
        assert other.classes == ["male", "female"] and other.names == data.names
    assert data._replace(X_test=data.X_test[:1]).X_test.shape == (1, 2)
    with pytest.raises(ValueError, match="not enough values to unpack"):
        X_train, y_train, X_test, y_test, classes = data
    with pytest.raises(ValueError, match="too many values to unpack"):
        X_train, y_train, X_test = data


# --------------------------------------------------------------------------------------------
# Loader errors
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "loader, name, filename",
    [
        (ds.load_mnist, "mnist", "train-images-idx3-ubyte.gz"),
        (ds.load_catvnoncat, "catvnoncat", "train_catvnoncat.h5"),
    ],
)
def test_missing_files_say_where_and_how(tmp_path, loader, name, filename):
    pattern = (
        rf"file '{re.escape(filename)}' of dataset '{name}' not found; looked in "
        rf"{re.escape(str(tmp_path / name))}\. Get it with `make data` or "
        rf"`python -m nnlib\.datasets fetch {name}` \(set NNLIB_DATA_MIRROR"
    )
    with pytest.raises(ds.DatasetNotFoundError, match=pattern) as info:
        loader(data_dir=tmp_path)
    assert isinstance(info.value, FileNotFoundError)


@pytest.fixture
def data_copy(real_data, tmp_path):
    """A data directory of symbolic links to the real files; damage files with _replace."""
    for name in ("catvnoncat", "mnist"):
        (tmp_path / name).mkdir()
        for f in (real_data[0] / name).iterdir():
            (tmp_path / name / f.name).symlink_to(f)
    return tmp_path


def _replace(path, data):
    """Write ``data`` to ``path`` as a new file (never through the link to the shared copy)."""
    path.unlink()
    path.write_bytes(data)


def _idx_gz(magic, dims, n_bytes, fill=0):
    header = magic.to_bytes(4, "big") + b"".join(d.to_bytes(4, "big") for d in dims)
    return gzip.compress(header + bytes([fill]) * n_bytes)


def _flip_payload_byte(path):
    """Return the .gz file at ``path`` re-compressed with one payload byte changed."""
    payload = bytearray(gzip.decompress(path.read_bytes()))
    payload[len(payload) // 2] ^= 0xFF
    return gzip.compress(bytes(payload), compresslevel=1)


_SHA_MISMATCH = r"decompressed SHA-256 [0-9a-f]{16}\.\.\. does not match the expected "


@pytest.mark.parametrize(
    "filename, content, reason",
    [
        ("train-images-idx3-ubyte.gz", "truncate", r"not a valid gzip file"),
        ("train-labels-idx1-ubyte.gz", b"garbage", r"not a valid gzip file"),
        ("train-labels-idx1-ubyte.gz", _idx_gz(0x0803, [60000], 60000),
         _SHA_MISMATCH + "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
        ("t10k-labels-idx1-ubyte.gz", _idx_gz(0x0801, [10000], 9000),
         r"decompressed size 9008 bytes, expected 10008"),
        ("t10k-images-idx3-ubyte.gz", "flip",
         _SHA_MISMATCH + "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
    ],
    ids=["truncated", "not-gzip", "wrong-header", "short-payload", "flipped-payload-byte"],
)
def test_corrupt_mnist_file(data_copy, filename, content, reason):
    path = data_copy / "mnist" / filename
    if content == "truncate":
        content = path.read_bytes()[: path.stat().st_size // 2]
    elif content == "flip":
        content = _flip_payload_byte(path)
    _replace(path, content)
    pattern = (rf"load_mnist: {re.escape(str(path))} is corrupt \({reason}.*\)\. Replace it with "
               r"`python -m nnlib\.datasets fetch --verify mnist` \(or `make data`\)")
    with pytest.raises(ds.DatasetCorruptError, match=pattern):
        ds.load_mnist(n_train=10, n_test=10, data_dir=data_copy)


@pytest.mark.parametrize(
    "damage, reason",
    [
        ("truncate", r"size 1286011 bytes, expected 2572022"),
        ("append", r"size 2572023 bytes, expected 2572022"),
        ("zero-header", r"SHA-256 [0-9a-f]{16}\.\.\. does not match the expected fbe56ab6"),
        ("flip", r"SHA-256 [0-9a-f]{16}\.\.\. does not match the expected fbe56ab6"),
    ],
)
def test_corrupt_catvnoncat_file(data_copy, damage, reason):
    path = data_copy / "catvnoncat" / "train_catvnoncat.h5"
    data = bytearray(path.read_bytes())
    if damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "append":
        data += b"\0"
    elif damage == "zero-header":
        data[:4096] = bytes(4096)
    else:  # one byte deep inside the pixels: HDF5 itself would not notice
        data[len(data) // 2] ^= 0xFF
    _replace(path, bytes(data))
    pattern = rf"{re.escape(str(path))} is corrupt \({reason}.*fetch --verify catvnoncat"
    with pytest.raises(ds.DatasetCorruptError, match=pattern):
        ds.load_catvnoncat(data_dir=data_copy)


def test_fetch_repairs_a_corrupt_real_file(data_copy, mirror_dir):
    path = data_copy / "mnist" / "t10k-images-idx3-ubyte.gz"
    stat = path.stat()
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one damaged byte; same size, same modification time
    _replace(path, bytes(data))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    with pytest.raises(ds.DatasetCorruptError, match=r"t10k-images-idx3-ubyte\.gz is corrupt"):
        ds.load_mnist(data_dir=data_copy)
    fetch = functools.partial(ds.fetch, "mnist", mirror=mirror_dir, data_dir=data_copy,
                              progress=False)
    assert [r.status for r in fetch()] == ["found", "found", "fetched", "found"]
    assert [r.status for r in fetch(verify=True)] == ["found"] * 4
    assert ds.load_mnist(n_train=10, n_test=10, data_dir=data_copy).X_test.shape == (10, 784)


def test_load_gender_missing_or_modified_table(monkeypatch, tmp_path):
    monkeypatch.setattr(ds, "REPO_DATA_DIR", tmp_path)
    restore = r"Restore the original with `git checkout -- data/gender\.csv`\."
    with pytest.raises(ds.DatasetNotFoundError, match=r"load_gender: file 'gender\.csv' of "
                       rf"dataset 'gender' not found; looked in .*\. {restore}"):
        ds.load_gender()
    table = (REPO / "data" / "gender.csv").read_text()
    (tmp_path / "gender.csv").write_text(table.replace("Bob,160", "Bob,161"))
    with pytest.raises(ds.DatasetCorruptError, match=r"gender\.csv is corrupt \(SHA-256 "
                       rf".*\)\. {restore}"):
        ds.load_gender()


@pytest.mark.parametrize("loader", LOADERS, ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"dtype": np.int32}, ValueError, r"dtype must be a floating-point type such as "
         r"np\.float64 or np\.float32, got int32\. Integer pixels"),
        ({"dtype": "uint8"}, ValueError, r"dtype must be a floating-point type"),
        ({"dtype": "no such type"}, TypeError, r"dtype must be a floating-point type"),
        ({"flatten": 1}, TypeError, r"flatten must be True or False, got 1"),
        ({"scale": "yes"}, TypeError, r"scale must be True or False, got 'yes'"),
        ({"n_train": 0}, ValueError, r"n_train must be None or an integer between 1 and \d+"),
        ({"n_test": 2.5}, ValueError, r"n_test must be None or an integer between 1 and \d+"),
        ({"data_dir": 123}, TypeError, r"data_dir must be a folder path \(a str or "
         r"pathlib\.Path\) or None, got 123 \(int\)\. Pass e\.g\. data_dir='data', or leave it "
         r"out to use NNLIB_DATA_DIR"),
        ({"data_dir": b"data"}, TypeError, r"data_dir must be a folder path .* got b'data' "
         r"\(bytes\)"),
        ({"data_dir": ""}, ValueError, r"data_dir is an empty string; expected a folder path"),
    ],
)
def test_loader_argument_checks(loader, kwargs, error, match):
    with pytest.raises(error, match=rf"{loader.__name__}: {match}"):
        loader(**kwargs)


def test_data_dir_that_is_a_file(tmp_path):
    (tmp_path / "file").write_text("")
    with pytest.raises(ValueError, match=r"load_mnist: data_dir .*file is a file, not a folder"):
        ds.load_mnist(data_dir=tmp_path / "file")
