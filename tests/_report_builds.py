"""Report builds shared by test_report*.py (each distinct build runs once per test session)."""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

import pytest

from conftest import REPO, SHARED_DATA, SHARED_SEED


@functools.cache
def _cache_home() -> str:
    return tempfile.mkdtemp(prefix="bs-report-cache-")


@functools.cache
def build(*args: str) -> Path:
    """Run ``bubblescope report *args --out TMP`` in-process with an empty, private cache; the out dir."""
    from bubblescope.cli import app
    from bubblescope.cli._common import run_app

    out = Path(tempfile.mkdtemp(prefix="bs-report-")) / "r"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", _cache_home())  # no data cache from earlier runs: packaged data only
        mp.setenv("BUBBLESCOPE_CACHE_DIR", _cache_home())
        code = run_app(app, ["report", *args, "--out", str(out)])
    assert code == 0, f"bubblescope report {' '.join(args)} exited {code}"
    return out


#: The offline build shared by the tests (an override, to check that it is marked).
OVERRIDE = "pure_plays=1:OpenAI is private; Nvidia is diversified"


def offline() -> Path:
    return build("--offline", "--override", OVERRIDE)


def shared(episode: str = "ai-2023") -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real data folder {SHARED_DATA} is absent (set BUBBLESCOPE_SHARED_DATA)")
    return build(episode, "--data-dir", str(SHARED_DATA))


def full() -> Path:
    """The build `make report` runs (real data, the backtest, the article's narratives), both languages."""
    article = SHARED_SEED / "article-zh.txt"
    if not SHARED_DATA.is_dir() or not article.is_file():
        pytest.skip(f"real data folder {SHARED_DATA} or the article {article} is absent")
    return build("ai-2023", "--data-dir", str(SHARED_DATA), "--backtest", str(REPO / "docs"),
                 "--text", str(article), "--lang", "en,zh")


__all__ = ["build", "full", "offline", "shared"]
