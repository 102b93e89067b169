"""HTTP faults against a local server on 127.0.0.1 (issue 23 point 3 / 6): every download is bounded.

Slow drip (fails at the total deadline, not never), oversize body (refused at the cap, declared or
not; memory measured in a child process), gzip bomb (cut off as it inflates), redirect loop and
cross-host redirect (refused), bad environment settings (one-line errors), and no network at all
(issue 21 point 7: ``data pull`` exits 2 within 5 s naming --data-dir / --offline).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from werkzeug import Request, Response

from bubblescope.data import HttpConfig, SeriesCache, pull
from bubblescope.data.http import fetch
from bubblescope.errors import DataSourceError

MB = 1_000_000


@pytest.fixture
def server(local_http_server):
    yield local_http_server
    local_http_server.clear()


def _cfg(**kw) -> HttpConfig:
    base = {"timeout": 2.0, "retries": 0, "backoff": 0.0, "sleep": lambda s: None}
    return HttpConfig(**(base | kw))


def _drip(_req: Request) -> Response:
    def body():
        for _ in range(600):
            yield b"x"
            time.sleep(0.1)
    return Response(body(), content_type="text/csv")


def test_slow_drip_fails_at_the_total_deadline(server):
    server.expect_request("/drip").respond_with_handler(_drip)
    t0 = time.monotonic()
    with pytest.raises(DataSourceError, match=r"not finished within the 1\.5 s deadline"):
        fetch(server.url_for("/drip"), source="fred", symbol="X", config=_cfg(deadline=1.5, retries=3))
    assert time.monotonic() - t0 < 4


def test_declared_oversize_body_is_refused_before_reading(server):
    def handler(_req: Request) -> Response:
        return Response(iter([b"x" * 1000]), headers={"Content-Length": str(600 * MB)})
    server.expect_request("/big").respond_with_handler(handler)
    with pytest.raises(DataSourceError, match="600 MB is over the 2 MB limit"):
        fetch(server.url_for("/big"), source="fred", symbol="X", config=_cfg(max_mb=2))


# peak RSS from /proc (VmHWM belongs to this process image; getrusage's ru_maxrss would carry the
# forking parent's peak across exec on Linux)
_CHILD = """
import sys
from bubblescope.data.http import HttpConfig, fetch
from bubblescope.errors import DataSourceError
rss = next(line for line in open("/proc/self/status") if line.startswith("VmRSS:"))
print(int(rss.split()[1]) // 1024)
try:
    fetch(sys.argv[1], source="fred", symbol="X", config=HttpConfig(retries=0, timeout=10))
except DataSourceError as exc:
    print(str(exc))
hwm = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(int(hwm.split()[1]) // 1024)
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak RSS read from /proc (Linux)")
def test_600_mb_body_is_cut_at_the_cap_and_memory_stays_low(server):
    chunk = b"y" * MB

    def handler(_req: Request) -> Response:
        return Response((chunk for _ in range(600)), content_type="application/octet-stream")  # no length
    server.expect_request("/huge").respond_with_handler(handler)
    env = os.environ | {"PYTHONPATH": os.pathsep.join(sys.path)}
    out = subprocess.run([sys.executable, "-c", _CHILD, server.url_for("/huge")], capture_output=True, text=True,
                         timeout=60, env=env, check=True).stdout.splitlines()
    assert "grew past the 64 MB limit" in out[1]
    # the process's own baseline (Python, pandas, duckdb: 120-175 MB depending on the wheels) is not the
    # download's: the 600 MB body may add at most the 64 MB cap and its buffers
    base, peak = int(out[0]), int(out[-1])
    assert peak - base < 150, f"peak RSS {peak} MB, {peak - base} MB above the {base} MB before the download"


def test_gzip_bomb_is_cut_off_as_it_inflates(server):
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)  # gzip container
    zeros = bytes(MB)
    bomb = b"".join(comp.compress(zeros) for _ in range(256)) + comp.flush()  # 256 MB → ~250 kB
    assert len(bomb) < 2 * MB

    def handler(_req: Request) -> Response:
        return Response(bomb, headers={"Content-Encoding": "gzip", "Content-Type": "text/csv"})
    server.expect_request("/bomb").respond_with_handler(handler)
    with pytest.raises(DataSourceError, match="grew past the 8 MB limit"):
        fetch(server.url_for("/bomb"), source="fred", symbol="X", config=_cfg(max_mb=8))


def test_redirect_loop_is_refused(server):
    server.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    server.expect_request("/b").respond_with_data("", status=302, headers={"Location": "/a"})
    with pytest.raises(DataSourceError, match="redirect loop"):
        fetch(server.url_for("/a"), source="fred", symbol="X", config=_cfg())


def test_too_many_redirects_are_refused(server):
    for i in range(4):
        server.expect_request(f"/r{i}").respond_with_data("", status=301, headers={"Location": f"/r{i + 1}"})
    with pytest.raises(DataSourceError, match="more than 2 redirects"):
        fetch(server.url_for("/r0"), source="fred", symbol="X", config=_cfg(redirects=2))


def test_same_host_redirect_is_followed_cross_host_refused(server):
    server.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/new"})
    server.expect_request("/new").respond_with_data("ok")
    assert fetch(server.url_for("/old"), source="fred", symbol="X", config=_cfg()) == b"ok"
    other = server.url_for("/new").replace("127.0.0.1", "localhost")
    server.expect_request("/away").respond_with_data("", status=302, headers={"Location": other})
    with pytest.raises(DataSourceError, match=r"redirect to another host \(localhost\) refused"):
        fetch(server.url_for("/away"), source="fred", symbol="X", config=_cfg())


@pytest.mark.parametrize(("var", "value"), [
    ("BUBBLESCOPE_HTTP_TIMEOUT", "-1"), ("BUBBLESCOPE_HTTP_TIMEOUT", "0"), ("BUBBLESCOPE_HTTP_TIMEOUT", "nan"),
    ("BUBBLESCOPE_HTTP_TIMEOUT", "inf"), ("BUBBLESCOPE_HTTP_RETRIES", "-2"), ("BUBBLESCOPE_HTTP_RETRIES", "1.5"),
    ("BUBBLESCOPE_HTTP_BACKOFF", "x"), ("BUBBLESCOPE_HTTP_DEADLINE", "0"), ("BUBBLESCOPE_HTTP_MAX_MB", "-5"),
    ("BUBBLESCOPE_HTTP_REDIRECTS", "-1"),
])
def test_bad_http_environment_is_a_one_line_error(monkeypatch, var, value):
    monkeypatch.setenv(var, value)
    with pytest.raises(DataSourceError, match=var):
        HttpConfig.from_env()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_finra_url_can_be_redirected_by_environment(monkeypatch):
    monkeypatch.setenv("BUBBLESCOPE_FINRA_URL", "http://127.0.0.1:1/m.xlsx")
    assert HttpConfig.from_env().base_urls["finra"] == "http://127.0.0.1:1/m.xlsx"


def test_no_network_pull_fails_fast_naming_data_dir(tmp_path, monkeypatch, capsys):
    """Issue 21 point 7: without a network, `data pull NVDA` exits 2 within 5 s and says what to do."""
    from bubblescope.cli import app
    from bubblescope.cli._common import run_app

    monkeypatch.setenv("BUBBLESCOPE_YAHOO_URL", f"http://127.0.0.1:{_closed_port()}")
    monkeypatch.setenv("BUBBLESCOPE_CACHE", str(tmp_path / "c.duckdb"))
    run_app(app, ["data", "list"])  # imports done: time the pull, not the interpreter's start-up
    capsys.readouterr()
    t0 = time.monotonic()
    code = run_app(app, ["data", "pull", "NVDA"])
    elapsed = time.monotonic() - t0
    err = capsys.readouterr().err
    assert code == 2 and elapsed < 5, (err, elapsed)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "--data-dir" in lines[0] and "--offline" in lines[0]


def test_no_network_pull_as_a_process(tmp_path):
    """The same through the console entry point (start-up included; loose limit for a loaded machine)."""
    env = os.environ | {"BUBBLESCOPE_YAHOO_URL": f"http://127.0.0.1:{_closed_port()}",
                        "BUBBLESCOPE_CACHE": str(tmp_path / "c.duckdb"), "PYTHONPATH": os.pathsep.join(sys.path)}
    t0 = time.monotonic()
    r = subprocess.run([sys.executable, "-m", "bubblescope", "data", "pull", "NVDA"], capture_output=True, text=True,
                       timeout=60, env=env)
    assert r.returncode == 2 and time.monotonic() - t0 < 20, r
    assert "--data-dir" in r.stderr and "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_failed_pull_leaves_cache_unchanged(server, tmp_path):
    store = SeriesCache(tmp_path / "c.duckdb")
    server.expect_request("/graph/fredgraph.csv").respond_with_handler(_drip)
    with pytest.raises(DataSourceError, match="deadline"):
        pull("DGS10", cache=store, config=_cfg(deadline=0.5, base_urls={"fred": server.url_for("").rstrip("/")}))
    assert store.snapshot() == []


def test_xlsx_zip_bomb_is_refused_before_inflating():
    import io
    import zipfile

    from bubblescope.data.sources.finra import parse_margin_xlsx

    buf = io.BytesIO()
    zeros = bytes(MB)
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z, z.open("xl/sheet1.xml", "w", force_zip64=True) as fh:
        for _ in range(300):
            fh.write(zeros)
    with pytest.raises(DataSourceError, match="would inflate to 300 MB"):
        parse_margin_xlsx(buf.getvalue())
