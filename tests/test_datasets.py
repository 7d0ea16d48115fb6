"""Tests for nnlib.datasets: the downloader against a local HTTP server, and the loaders.

The download tests serve small fake files from an HTTP server on 127.0.0.1 (an ephemeral port)
and register them as a dataset called "toy", so they exercise the real transfer code and stay
fast. The loader tests read the real files, fetched once per session from the mirror named by
NNLIB_DATA_MIRROR (default: ../shared/data next to the repository) into a temporary folder.
"""

import dataclasses
import functools
import gzip
import hashlib
import os
import re
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest

import nnlib.datasets as ds

REPO = Path(__file__).resolve().parents[1]

# --------------------------------------------------------------------------------------------
# A small HTTP server whose behaviour per path is chosen by the test
# --------------------------------------------------------------------------------------------


class _Server:
    """Serve ``routes[path] = (body, mode)`` and record (path, Range header) per request.

    Modes: "ok" (honours Range; 416 beyond the end), "norange" (always sends the whole body),
    "range_from_zero" (answers a Range request with 206 from byte 0), "404", "stall" (sends
    nothing), "stall_body" (sends the headers and 1000 bytes, then nothing), "cut" (announces
    the full length, sends half of it, closes), "cut_once" ("cut" once, then "ok").
    """

    def __init__(self):
        self.routes = {}
        self.requests = []
        self.stop = threading.Event()
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


# --------------------------------------------------------------------------------------------
# Downloads
# --------------------------------------------------------------------------------------------


def test_fetch_downloads_verifies_and_reports(server, monkeypatch, tmp_path, capsys):
    url = server.add("/a.bin", PAYLOAD)
    _register(monkeypatch, _toy_file([url]))
    results = _fetch(tmp_path)
    target = tmp_path / "toy" / "a.bin"
    assert target.read_bytes() == PAYLOAD
    assert not (tmp_path / "toy" / "a.bin.part").exists()
    assert [(r.status, r.source, r.path) for r in results] == [("fetched", url, target)]
    out = capsys.readouterr().out
    assert re.search(r"toy/a\.bin\s+fetched\s+http://127\.0\.0\.1", out)
    assert "1 fetched, 0 already present, 0 failed." in out


def test_fetch_with_everything_present_downloads_nothing(server, monkeypatch, tmp_path, capsys):
    _register(monkeypatch, _toy_file([server.add("/a.bin", PAYLOAD)]))
    _fetch(tmp_path)
    n_requests = len(server.requests)
    capsys.readouterr()

    def no_hashing(*args):
        raise AssertionError("a file with a valid stamp was hashed again")

    monkeypatch.setattr("nnlib._download._payload_digest", no_hashing)
    results = _fetch(tmp_path)
    assert [r.status for r in results] == ["found"]
    assert len(server.requests) == n_requests
    assert "Nothing to download: all 1 file(s) already present." in capsys.readouterr().out


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
    assert f"{bad}: downloaded file rejected: sha256" in message
    assert f"{missing}: HTTP 404" in message
    assert "NNLIB_DATA_MIRROR" in message
    assert list((tmp_path / "toy").iterdir()) == []  # neither the bad file nor a .part
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
    assert not (tmp_path / "toy" / "a.bin").exists()

    server.routes["/a.bin"] = (PAYLOAD, "ok")
    server.requests.clear()
    _fetch(tmp_path)
    assert server.requests == [("/a.bin", f"bytes={kept}-")]
    assert (tmp_path / "toy" / "a.bin").read_bytes() == PAYLOAD
    assert not part.exists()


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
    # A .part left by another copy (e.g. a mirror that compresses differently) cannot be
    # continued: the checksum fails, so the same URL is downloaded again from the start.
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
        (gzip.compress(OTHER), r"decompressed sha256"),
    ],
)
def test_bad_gzip_download_is_rejected(server, monkeypatch, tmp_path, content, reason):
    spec = _toy_file([server.add("/a.gz", content)], filename="a.gz", compression="gzip")
    _register(monkeypatch, spec)
    with pytest.raises(ds.FetchError, match=reason):
        _fetch(tmp_path)
    assert list((tmp_path / "toy").iterdir()) == []


def test_verify_rechecks_and_replaces_a_corrupt_file(server, monkeypatch, tmp_path, capsys):
    _register(monkeypatch, _toy_file([server.add("/a.bin", PAYLOAD)]))
    _fetch(tmp_path)
    target = tmp_path / "toy" / "a.bin"
    # Same size and modification time: the stamp still matches, so only --verify notices.
    stat = target.stat()
    target.write_bytes(b"\0" * len(PAYLOAD))
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert [r.status for r in _fetch(tmp_path)] == ["found"]
    assert [r.status for r in _fetch(tmp_path, verify=True)] == ["fetched"]
    assert target.read_bytes() == PAYLOAD
    assert "1 fetched, 0 already present, 0 failed." in capsys.readouterr().out


def test_truncated_gzip_in_data_dir_is_replaced(server, monkeypatch, tmp_path):
    packed = gzip.compress(PAYLOAD)
    spec = _toy_file([server.add("/a.gz", packed)], filename="a.gz", compression="gzip")
    _register(monkeypatch, spec)
    (tmp_path / "toy").mkdir()
    target = tmp_path / "toy" / "a.gz"
    target.write_bytes(packed[: len(packed) // 2])  # no stamp: checked even without --verify
    assert [r.status for r in _fetch(tmp_path)] == ["fetched"]
    assert target.read_bytes() == packed


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
        ({"timeout": 0}, ValueError, r"timeout must be a positive number"),
        ({"verify": "yes"}, TypeError, r"verify must be True or False"),
    ],
)
def test_fetch_argument_checks(kwargs, error, match, tmp_path):
    with pytest.raises(error, match=match):
        ds.fetch(data_dir=tmp_path, progress=False, **kwargs)


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


def _run_cli(*args):
    env = {**os.environ, "TQDM_DISABLE": "1"}
    env.pop(ds.MIRROR_ENV, None)
    return subprocess.run(
        [sys.executable, "-m", "nnlib.datasets", *args],
        capture_output=True, text=True, timeout=60, cwd=REPO, env=env,
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
    return ds.load_mnist(data_dir=real_data[0])


def test_load_mnist_defaults(mnist_full):
    X_train, y_train, X_test, y_test = mnist_full
    assert X_train.shape == (60000, 784) and X_test.shape == (10000, 784)
    assert X_train.dtype == np.float32 and X_test.dtype == np.float32
    assert X_train.flags.c_contiguous and X_train.flags.writeable
    assert X_train.min() == 0.0 and X_train.max() == 1.0
    assert y_train.dtype == np.int64 and y_train.shape == (60000,)
    expected_train = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
    expected_test = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    assert np.bincount(y_train, minlength=10).tolist() == expected_train
    assert np.bincount(y_test, minlength=10).tolist() == expected_test
    assert y_train[:5].tolist() == [5, 0, 4, 1, 9]  # the docstring example


def test_load_mnist_options(real_data, mnist_full):
    X_full, y_full, Xt_full, yt_full = mnist_full
    X, y, Xt, yt = ds.load_mnist(
        flatten=False, scale=False, one_hot=True, n_train=100, n_test=10,
        dtype=np.float64, data_dir=real_data[0],
    )
    assert X.shape == (100, 28, 28) and X.dtype == np.uint8 and Xt.shape == (10, 28, 28)
    assert X.flags.writeable
    # The subset is the first n examples, and scaling is raw / 255.
    np.testing.assert_array_equal(X.reshape(100, 784) / np.float32(255), X_full[:100])
    assert y.shape == (100, 10) and y.dtype == np.float64 and yt.shape == (10, 10)
    assert (y.sum(axis=1) == 1).all()
    np.testing.assert_array_equal(y.argmax(axis=1), y_full[:100])
    np.testing.assert_array_equal(yt.argmax(axis=1), yt_full[:10])


def test_load_catvnoncat(real_data):
    X_train, y_train, X_test, y_test, classes = ds.load_catvnoncat(data_dir=real_data[0])
    assert X_train.shape == (209, 64, 64, 3) and X_train.dtype == np.uint8
    assert X_test.shape == (50, 64, 64, 3) and X_test.dtype == np.uint8
    assert y_train.shape == (209,) and y_train.dtype == np.int64 and y_test.shape == (50,)
    assert classes == ["non-cat", "cat"]
    assert set(np.unique(y_train)) == {0, 1}
    # Cats per split, as held by the files (counted when the tests were written).
    assert (int(y_train.sum()), int(y_test.sum())) == (72, 33)

    Xf, yf, Xtf, ytf, _ = ds.load_catvnoncat(
        flatten=True, scale=True, dtype=np.float32, data_dir=real_data[0]
    )
    assert Xf.shape == (209, 12288) and Xtf.shape == (50, 12288)
    assert Xf.dtype == np.float32 and Xf.flags.c_contiguous
    assert 0.0 <= Xf.min() and Xf.max() <= 1.0
    np.testing.assert_array_equal(Xf, X_train.reshape(209, -1) / np.float32(255))
    np.testing.assert_array_equal(yf, y_train)


@pytest.mark.parametrize(
    "split, names, X, y",
    [
        ("train", ["Alice", "Bob", "Charlie", "Diana"],
         [[-2, -1], [25, 6], [17, 4], [-15, -6]], [1, 0, 0, 1]),
        ("new", ["Emily", "Frank"], [[-7, -3], [20, 2]], [1, 0]),
        ("all", ["Alice", "Bob", "Charlie", "Diana", "Emily", "Frank"],
         [[-2, -1], [25, 6], [17, 4], [-15, -6], [-7, -3], [20, 2]], [1, 0, 0, 1, 1, 0]),
    ],
)
def test_load_gender(split, names, X, y):
    # Alice weighs 133 lb and is 65 in tall: 133 - 135 = -2, 65 - 66 = -1.
    X_got, y_got, names_got = ds.load_gender(split)
    assert X_got.dtype == np.float64 and X_got.shape == (len(names), 2)
    assert y_got.dtype == np.int64
    np.testing.assert_array_equal(X_got, X)
    np.testing.assert_array_equal(y_got, y)
    assert names_got == names


def test_load_xor():
    X, y = ds.load_xor()
    assert X.dtype == np.float64 and y.dtype == np.float64
    np.testing.assert_array_equal(X, [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]])
    np.testing.assert_array_equal(y, [[0], [1], [1], [0]])
    # y is the XOR of the two inputs.
    np.testing.assert_array_equal(y[:, 0], np.logical_xor(X[:, 0], X[:, 1]))


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


@pytest.mark.parametrize(
    "filename, content, reason",
    [
        ("train-images-idx3-ubyte.gz", "truncate", r"not a valid gzip file"),
        ("train-labels-idx1-ubyte.gz", b"garbage", r"not a valid gzip file"),
        ("train-labels-idx1-ubyte.gz", _idx_gz(0x0803, [60000], 60000),
         r"bad IDX header: magic number 0x00000803, expected 0x00000801"),
        ("t10k-labels-idx1-ubyte.gz", _idx_gz(0x0801, [9999], 9999),
         r"bad IDX header: dimensions \(9999,\)"),
        ("t10k-images-idx3-ubyte.gz", _idx_gz(0x0803, [10000, 28, 27], 10000 * 28 * 27),
         r"bad IDX header: dimensions \(10000, 28, 27\)"),
        ("t10k-labels-idx1-ubyte.gz", _idx_gz(0x0801, [10000], 9000),
         r"9008 bytes after decompression, expected 10008"),
        ("t10k-labels-idx1-ubyte.gz", _idx_gz(0x0801, [10000], 10000, fill=10),
         r"label 10 outside 0\.\.9"),
    ],
)
def test_corrupt_mnist_file(data_copy, filename, content, reason):
    path = data_copy / "mnist" / filename
    if content == "truncate":
        content = path.read_bytes()[: path.stat().st_size // 2]
    _replace(path, content)
    pattern = rf"{re.escape(str(path))} is corrupt \({reason}.*fetch --verify mnist"
    with pytest.raises(ds.DatasetCorruptError, match=pattern):
        ds.load_mnist(n_train=10, n_test=10, data_dir=data_copy)


@pytest.mark.parametrize(
    "damage, reason",
    [
        ("truncate", r"size 1286011 bytes, expected 2572022"),
        ("append", r"size 2572023 bytes, expected 2572022"),
        ("zero-header", r"cannot read it as HDF5"),
    ],
)
def test_corrupt_catvnoncat_file(data_copy, damage, reason):
    path = data_copy / "catvnoncat" / "train_catvnoncat.h5"
    data = path.read_bytes()
    if damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "append":
        data += b"\0"
    else:
        data = bytes(4096) + data[4096:]
    _replace(path, data)
    pattern = rf"is corrupt \({reason}.*fetch --verify catvnoncat"
    with pytest.raises(ds.DatasetCorruptError, match=pattern):
        ds.load_catvnoncat(data_dir=data_copy)


def test_verify_repairs_a_corrupt_real_file(data_copy, mirror_dir):
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
    assert [r.status for r in fetch()] == ["found"] * 4  # the stamp still matches
    assert [r.status for r in fetch(verify=True)] == ["found", "found", "fetched", "found"]
    assert ds.load_mnist(n_test=10, data_dir=data_copy)[2].shape == (10, 784)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"dtype": np.int32}, ValueError, r"load_mnist: dtype must be a floating-point type"),
        ({"n_train": 0}, ValueError, r"n_train must be None or an integer between 1 and 60000"),
        ({"n_test": 10001}, ValueError, r"n_test must be None or an integer between 1 and 10000"),
        ({"n_train": 2.5}, ValueError, r"n_train must be None or an integer"),
        ({"one_hot": "yes"}, TypeError, r"load_mnist: one_hot must be True or False"),
    ],
)
def test_load_mnist_argument_checks(tmp_path, kwargs, error, match):
    with pytest.raises(error, match=match):
        ds.load_mnist(data_dir=tmp_path, **kwargs)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"dtype": "int8"}, ValueError, r"load_catvnoncat: dtype must be a floating-point type"),
        ({"flatten": 1}, TypeError, r"load_catvnoncat: flatten must be True or False"),
    ],
)
def test_load_catvnoncat_argument_checks(tmp_path, kwargs, error, match):
    with pytest.raises(error, match=match):
        ds.load_catvnoncat(data_dir=tmp_path, **kwargs)


@pytest.mark.parametrize("split", ["test", "Train", None])
def test_load_gender_unknown_split(split):
    with pytest.raises(ValueError, match=r"load_gender: unknown split .*; choose one of "
                       r"'train', 'new', 'all'"):
        ds.load_gender(split)


def test_load_gender_missing_or_malformed_table(monkeypatch, tmp_path):
    monkeypatch.setattr(ds, "REPO_DATA_DIR", tmp_path)
    with pytest.raises(ds.DatasetNotFoundError, match=r"gender\.csv not found; it ships with"):
        ds.load_gender()
    (tmp_path / "gender.csv").write_text(
        "name,weight_lb,height_in,sex,split\nAlice,133,65,F,train\nBob,heavy,72,M,train\n"
    )
    pattern = r"gender\.csv is corrupt \(line 3 is malformed.*git checkout -- data/gender\.csv"
    with pytest.raises(ds.DatasetCorruptError, match=pattern):
        ds.load_gender()
