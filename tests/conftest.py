"""Shared fixtures. Real data is read from ../shared/data at test time, never copied here."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests are reproducible (the same examples on every run, as every seeded procedure here) and
# have no per-example deadline (a loaded 2-core CI machine would make timing-based failures flaky).
settings.register_profile("bubblescope", derandomize=True, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "bubblescope"))

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("BUBBLESCOPE_SHARED_DATA", REPO.parent / "shared" / "data"))
SHARED_SEED = SHARED_DATA.parent / "seed"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The ../shared/data folder; tests that need it skip with a reason when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real data folder {SHARED_DATA} is absent (set BUBBLESCOPE_SHARED_DATA)")
    return SHARED_DATA


@pytest.fixture(scope="session")
def shared_seed() -> Path:
    """The ../shared/seed folder (the source article)."""
    if not SHARED_SEED.is_dir():
        pytest.skip(f"seed folder {SHARED_SEED} is absent")
    return SHARED_SEED


@pytest.fixture(scope="module")
def local_http_server():
    """A threaded HTTP server on 127.0.0.1 for one test module (real-format sample responses)."""
    from pytest_httpserver import HTTPServer

    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)  # a slow handler must not block the next test
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


class CliResult:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def __repr__(self) -> str:  # shown by pytest on failure
        return f"CliResult(code={self.code}, out={self.out[-2000:]!r}, err={self.err[-2000:]!r})"


@pytest.fixture
def cli(capsys):
    """Run the CLI in-process, as the console script does: ``cli("score", "ai-2023").code``."""
    from bubblescope.cli import app
    from bubblescope.cli._common import run_app

    def _run(*args: str) -> CliResult:
        capsys.readouterr()
        code = run_app(app, [str(a) for a in args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return _run
