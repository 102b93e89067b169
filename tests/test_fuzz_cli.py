"""Bad input on every command (issue 23 point 6): exit 2, one ``error:`` line on stderr, no traceback,
nothing written, each case under a time limit.

Cases run in-process (``run_app``, as the console script does) inside a scratch folder that holds the
bad files; the folder's listing (names, sizes, mtimes) must be the same afterwards. The network is
never touched: every source URL points at a closed port on 127.0.0.1, the cache is a scratch file.
A count of cases per command is in docs/reliability.md (``python tests/test_fuzz_cli.py`` prints it).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ZH = "泡沫"
PENDING = "pending issue 14/16 helper"
#: options cli/psy.py / cli/lppls.py do not validate yet (they are not this suite's to edit)
PSY_PENDING: set[str] = set()  # all fixed by helper "psy" (merged 2026-12-02)
LPPLS_PENDING: set[str] = set()  # --start/--end dates are checked since issue 23

SCENARIO = ("name: mine\nextends: {extends}\ndescription: x\ninputs:\n  chip_life_economic: {{value: 4, unit: years, "
            "source: my notes}}\n")
EVIDENCE = ("evidence:\n  - id: ai-2023.pure-play-market-share\n    episode: ai-2023\n    informs: [pure_plays]\n"
            "    metric: pure_play_market_share_pct\n    value: {value}\n    unit: \"%\"\n    as_of: 2025-06\n"
            "    source: {{organisation: me, title: my notes}}\n")


def _files(root: Path) -> None:
    """The bad inputs every case may name (relative to the scratch folder)."""
    w = {
        "empty.csv": "", "header.csv": "date,value\n", "onerow.csv": "date,value\n2020-01-01,5\n",
        "text.csv": "date,value\n2020-01-01,abc\n2020-01-02,def\n2020-01-03,ghi\n",
        "inf.csv": "date,value\n" + "".join(f"2020-01-{d:02d},{'inf' if d == 5 else d}\n" for d in range(1, 29)),
        "baddates.csv": "date,value\nfoo,1\nbar,2\nbaz,3\n", "onecol.csv": "value\n1\n2\n3\n",
        "neg.csv": "date,value\n" + "".join(f"2020-01-{d:02d},{-d}\n" for d in range(1, 29)),
        "bad.yaml": "a: [b\n", "list.yaml": "- a\n- b\n", "empty.yaml": "",
        "negshare.yaml": EVIDENCE.format(value=-50), "bigshare.yaml": EVIDENCE.format(value=250),
        "nanshare.yaml": EVIDENCE.format(value=".nan"), "infshare.yaml": EVIDENCE.format(value=".inf"),
        "passwd.yaml": SCENARIO.format(extends="/etc/passwd"), "loop.yaml": SCENARIO.format(extends="loop.yaml"),
        "empty.txt": "", "blank.txt": "  \n\n  ", "symbols.txt": "", "lex.yaml": "version: 1\nfamilies: {}\n",
    }
    for name, text in w.items():
        (root / name).write_text(text, encoding="utf-8")
    (root / "binary.csv").write_bytes(b"date,value\n\x00\x01\x02\x03" * 10)
    (root / "binary.txt").write_bytes(b"\x00\xff\xfe" * 100)
    (root / "latin1.txt").write_bytes("caf\xe9 bubble".encode("latin-1"))
    (root / "binary.yaml").write_bytes(b"\x00\x01episode: x")
    with (root / "big.csv").open("wb") as fh:  # sparse 3 MB, over the 1 MB limit set for those cases
        fh.truncate(3_000_000)
    (root / "folder").mkdir()
    (root / "folder" / "inf.csv").write_text((root / "inf.csv").read_text())
    (root / "prices").mkdir()
    (root / "prices" / "good.csv").write_text("date,value\n" + "".join(
        f"2020-{m:02d}-{d:02d},{100 + m * 28 + d}\n" for m in range(1, 4) for d in range(1, 29)))
    (root / "notafolder").write_text("x")
    (root / "loop1.yaml").symlink_to(root / "loop2.yaml")
    (root / "loop2.yaml").symlink_to(root / "loop1.yaml")
    (root / "corrupt.duckdb").write_bytes(b"not a duckdb file" * 200)


# (command, args, extra env, xfail reason or None)
Case = tuple[str, list[str], dict[str, str], str | None]
BIG = {"BUBBLESCOPE_MAX_INPUT_MB": "1"}
BAD_CSV = ["empty.csv", "header.csv", "onerow.csv", "text.csv", "baddates.csv", "onecol.csv", "binary.csv",
           "big.csv", "missing.csv", "folder", "/dev/zero", "loop1.yaml"]
BAD_YAML = ["bad.yaml", "list.yaml", "binary.yaml", "missing.yaml", "/dev/zero", "folder", "loop1.yaml"]
BAD_EVIDENCE = [*BAD_YAML, "negshare.yaml", "bigshare.yaml", "nanshare.yaml", "infshare.yaml"]
BAD_TEXT = ["empty.txt", "blank.txt", "binary.txt", "latin1.txt", "/dev/zero", "folder", "missing.txt"]


def _cases() -> list[Case]:  # noqa: C901 - one flat table
    c: list[Case] = []

    def add(cmd: str, args: list[str], env: dict[str, str] | None = None, xfail: str | None = None) -> None:
        c.append((cmd, args, env or (BIG if "big.csv" in args else {}), xfail))

    add("(root)", ["no-such-command"])
    add("(root)", ["--no-such-option"])
    add("episodes", ["--bogus"])
    add("evidence", ["no-such-episode"])
    for f in BAD_EVIDENCE:
        add("evidence", ["ai-2023", "--evidence", f])
    add("score", ["no-such-episode"])
    for f in BAD_EVIDENCE:
        add("score", ["ai-2023", "--evidence", f])
    for o in ["x", "pure_plays", "pure_plays=9:why", "pure_plays=abc:why", "nofactor=1:why", "pure_plays=1"]:
        add("score", ["ai-2023", "--override", o])
    for f in BAD_TEXT:
        add("score", ["ai-2023", "--text", f])
    for f in BAD_TEXT:
        add("narratives", [f])
    for f in ["bad.yaml", "lex.yaml", "/dev/zero", "missing.yaml"]:
        add("narratives", ["symbols.txt", "--lexicon", f])
    add("narratives", ["big.csv"], {"BUBBLESCOPE_MAX_INPUT_MB": "0.1"})
    for opt, val in [("--out", "notafolder"), ("--data-dir", "missing-dir"), ("--backtest", "missing-dir"),
                     ("--evidence", "negshare.yaml"), ("--override", "x"), ("--text", "binary.txt"),
                     ("--lexicon", "bad.yaml"), ("--data-dir", "notafolder")]:
        add("report", ["--offline", opt, val])
    add("report", ["no-such-episode", "--offline"])
    for f in [*BAD_YAML, "passwd.yaml", "loop.yaml", "empty.yaml"]:
        add("capex", [f])
    for s in ["x", "capex_need=abc", "nope=1", "capex_need=inf", "capex_need=nan", "chip_life_economic=-1"]:
        add("capex", ["--set", s])
    for s in ["x", "capex_need=", "capex_need=a,b", "a=1,2"]:
        add("capex", ["--sensitivity", s])
    add("capex", ["--output", "nope"])
    add("capex", ["--evidence", "negshare.yaml"])
    add("capex", ["no-such-scenario"])
    for f in BAD_YAML:
        add("stress", [f])
    for opt, val in [("--method", "nope"), ("--mpc", "-1"), ("--mpc", "nan"), ("--mpc", "inf"), ("--mpc", "2"),
                     ("--alpha", "0"), ("--alpha", "2"), ("--beta", "-1"), ("--beta", "nan"),
                     ("--network", "missing.yaml"), ("--network", "/dev/zero"), ("--network", "bad.yaml")]:
        add("stress", [opt, val])
    add("gauges", ["no-such-episode", "--offline"])
    for opt, val in [("--as-of", "notadate"), ("--as-of", "2020-13-45"), ("--window-years", "0"),
                     ("--window-years", "-5"), ("--threshold", "x"), ("--threshold", "valuation_heat.red=abc"),
                     ("--data-dir", "missing-dir"), ("--data-dir", "notafolder"), ("--market-values", "empty.csv"),
                     ("--market-values", "/dev/zero"), ("--market-values", "binary.csv"),
                     ("--market-values", "missing.csv"), ("--evidence", "negshare.yaml")]:
        add("gauges", ["--offline", opt, val])
    for f in BAD_CSV:
        add("psy", [f, "--offline"])
    # cli/psy.py and cli/lppls.py belong to helpers "psy" and "lppls": the cases they still fail are
    # marked (see PSY_PENDING / LPPLS_PENDING and the report of helper p23)
    for opt, val in [("--start", "notadate"), ("--end", "notadate"), ("--reps", "0"), ("--reps", "-5"),
                     ("--alpha", "2"), ("--alpha", "nan"), ("--window", "0"), ("--lag", "-1"), ("--cv", "nope"),
                     ("--ic", "nope"), ("--convention", "nope"), ("--horizon", "0"), ("--stamp-rule", "nope"),
                     ("--max-lag", "-1"), ("--min-duration", "-1")]:
        add("psy", ["package:^GSPC", opt, val], xfail=PENDING if opt in PSY_PENDING and val != "-5" else None)
    for f in BAD_CSV:
        add("lppls", [f, "--offline"])
    for opt, val in [("--start", "notadate"), ("--end", "notadate"), ("--filters", "nope"), ("--resamples", "-1"),
                     ("--time", "nope"), ("--workers", "0")]:
        add("lppls", ["package:^GSPC", opt, val], xfail=PENDING if opt in LPPLS_PENDING else None)
    for opt, val in [("--reps", "10"), ("--lppls-step", "0"), ("--lppls-threshold", "2"), ("--workers", "0"),
                     ("--signals", "nope"), ("--episodes", "nope"), ("--data-dir", "missing-dir")]:
        add("backtest", [opt, val] + (["--data-dir", "folder"] if opt != "--data-dir" else []))
    for opt, val in [("--port", "0"), ("--port", "70000"), ("--data-dir", "missing-dir"),
                     ("--data-dir", "notafolder")]:
        add("dashboard", [opt, val, "--no-browser"])
    add("scan", [])
    for f in ["missing.txt", "/dev/zero", "binary.txt", "folder", "empty.txt"]:
        add("scan", [f, "--scheduler", "serial"])
    for opt, val in [("--tests", "nope"), ("--as-of", "notadate"), ("--out", "folder"), ("--workers", "0"),
                     ("--batch-size", "0"), ("--top", "0"), ("--seed", "-1"),
                     ("--scheduler", "tcp://127.0.0.1:{closed}"), ("--scheduler", "nonsense://x")]:
        add("scan", ["--data-dir", "prices", opt, val] + (["--scheduler", "serial"] if opt != "--scheduler" else []))
    for opt, val in [("--as-of", "notadate"), ("--data-dir", "missing-dir"), ("--backtest", "missing-dir"),
                     ("--falsifiers", "bad.yaml"), ("--falsifiers", "/dev/zero"), ("--lang", "xx")]:
        add("verdict", ["--offline", opt, val])
    add("verdict", ["no-such-episode", "--offline"])
    for f in ["empty.csv", "text.csv", "binary.csv", "/dev/zero", "missing.csv", "big.csv"]:
        add("monitor", [f, "--offline", "--train", "10"])
    for opt, val in [("--train", "0"), ("--monitor-from", "notadate"), ("--reps", "0"), ("--alpha", "2"),
                     ("--persist", "0")]:
        add("monitor", ["package:^GSPC", "--offline", opt, val])
    for args in (["nope"], ["psy1", "--obs", "0"], ["psy1", "--paths", "0"], ["psy1", "--param", "x"],
                 ["psy1", "--param", "nope=1"], ["psy1", "--out", "folder"]):
        add("simulate", args)
    for opt, val in [("--symbols", "missing.txt"), ("--symbols", "/dev/zero"), ("--start", "notadate"),
                     ("--align", "nope"), ("--reps", "0"), ("--alpha", "2")]:
        add("panel", ["--offline", opt, val] + (["--symbols", "empty.txt"] if opt != "--symbols" else []))
    for args in (["verify", "--ledger", "bad.yaml"], ["show", "--ledger", "binary.txt"], ["verify", "--ledger", "folder"],
                 ["nope"]):
        add("ledger", args)
    add("data", ["pull", "NVDA"])
    add("data", ["pull", "DGS10"])
    add("data", ["pull", "NVDA", "--source", "nope"])
    add("data", ["pull", "NVDA"], {"BUBBLESCOPE_HTTP_TIMEOUT": "-1"})
    add("data", ["pull", "NVDA"], {"BUBBLESCOPE_HTTP_RETRIES": "x"})
    add("data", ["pull", "NVDA"], {"BUBBLESCOPE_HTTP_MAX_MB": "0"})
    for f in BAD_CSV:
        if f != "onerow.csv":  # one observation is a valid series to show
            add("data", ["show", f])
    for opt, val in [("--start", "notadate"), ("--end", "notadate"), ("--start", "2020-02-30"), ("--rows", "-1")]:
        add("data", ["show", "package:^GSPC", opt, val])
    add("data", ["show", "package:^GSPC", "--start", "2019-06-01", "--end", "2019-01-01"])
    add("data", ["show", "NVDA", "--offline"])
    add("data", ["show", "NVDA", "--offline", "--cache", "corrupt.duckdb"])
    add("data", ["list", "--cache", "corrupt.duckdb"])
    add("data", ["list", "--cache", "folder"])
    add("data", ["show", "NVDA", "--offline"], {"BUBBLESCOPE_CACHE_WAIT": "x"})
    add("data", ["import", "missing-dir"])
    add("data", ["import", "folder"])
    add("data", ["clear"])
    # the verdict and the ledger (issue 15)
    add("verdict", ["no-such-episode", "--offline"])
    for opt, val in [("--as-of", "notadate"), ("--as-of", "1800-01-01"), ("--falsifiers", "bad.yaml"),
                     ("--falsifiers", "missing.yaml"), ("--falsifiers", "/dev/zero"), ("--falsifiers", "folder"),
                     ("--data-dir", "missing-dir"), ("--backtest", "missing-dir")]:
        add("verdict", ["ai-2023", opt, val, "--offline"])
    add("verdict", ["ai-2023", "--record", "--ledger", "missing-dir/ledger.jsonl", "--offline"])
    for f in ["missing.jsonl", "bad.yaml", "binary.txt", "/dev/zero", "folder", "empty.csv"]:
        add("ledger", ["verify", f])
    add("ledger", ["show", "missing.jsonl"])
    # beyond PSY (issue 22)
    for f in ["missing.csv", "empty.csv", "text.csv", "onerow.csv", "/dev/zero"]:
        add("monitor", [f, "--monitor-from", "2020-01-10"])
    add("monitor", ["neg.csv", "--monitor-from", "1990-01-01"])
    add("monitor", ["neg.csv", "--monitor-from", "notadate"])
    add("panel", ["neg.csv"])
    add("panel", ["missing.csv", "neg.csv"])
    add("panel", ["--symbols", "missing.txt"])
    add("panel", ["neg.csv", "inf.csv", "--start", "notadate"])
    add("simulate", ["nope"])
    add("simulate", ["psy1", "--obs", "0"])
    add("simulate", ["psy1", "--paths", "0"])
    add("simulate", ["psy1", "--param", "nonsense"])
    add("simulate", ["psy1", "--out", "folder"])
    return c


CASES = _cases()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


_PROGRESS = re.compile(r"^[\w-]+: \[\d+/\d+\] .*\(\d+ s elapsed\)$")


def _in_child(argv: list[str], limit: float = 8.0) -> tuple[int, str, str]:
    env = os.environ | {"PYTHONPATH": os.pathsep.join(sys.path)}
    try:
        r = subprocess.run([sys.executable, "-m", "bubblescope", *argv], capture_output=True, text=True,
                           timeout=limit, env=env)
    except subprocess.TimeoutExpired:
        return -1, "", f"still running after {limit:g} s"
    return r.returncode, r.stdout, r.stderr


def _listing(root: Path) -> dict[str, tuple[int, int]]:
    out = {}
    for dirpath, dirs, names in os.walk(root):
        for n in dirs + names:
            p = Path(dirpath) / n
            st = p.lstat()
            out[str(p.relative_to(root))] = (st.st_size, st.st_mtime_ns)
    return out


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz")
    _files(root)
    return root


def _param(case: Case, i: int):
    cmd, args, _env, xfail = case
    marks = [pytest.mark.xfail(reason=xfail, strict=False)] if xfail else []
    return pytest.param(case, id=f"{i:03d}-{cmd}-{'_'.join(args)[:60]}", marks=marks)


@pytest.mark.timeout(30)
@pytest.mark.parametrize("case", [_param(c, i) for i, c in enumerate(CASES)])
def test_bad_input_is_one_line_exit_2(case, scratch, tmp_path, monkeypatch, capsys):
    from bubblescope.cli import app
    from bubblescope.cli._common import run_app

    cmd, args, env, _ = case
    closed = _closed_port()
    for src in ("YAHOO", "FRED", "SEC", "SEC_TICKERS", "SHILLER", "FINRA", "TRENDS"):
        monkeypatch.setenv(f"BUBBLESCOPE_{src}_URL", f"http://127.0.0.1:{closed}/")
    monkeypatch.setenv("BUBBLESCOPE_CACHE", str(tmp_path / "cache.duckdb"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("BUBBLESCOPE_CACHE_WAIT", "1")
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.chdir(scratch)
    before = _listing(scratch)
    argv = [cmd, *args] if cmd != "(root)" else list(args)
    argv = [a.replace("{closed}", str(closed)) for a in argv]
    if case[3]:  # a pending case may run a whole computation instead of refusing: a child, killed early
        code, out, err = _in_child(argv)
    else:
        capsys.readouterr()
        code = run_app(app, argv)
        out, err = capsys.readouterr()
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert code == 2, (code, out[-500:], err[-500:])
    assert "Traceback" not in out + err
    # one error line, last; before it only progress lines (issue 21: one line per stage off a terminal)
    assert lines and lines[-1].startswith("error: ") and sum(ln.startswith("error") for ln in lines) == 1, err
    assert all(_PROGRESS.match(ln) for ln in lines[:-1]), err
    assert _listing(scratch) == before, "files were written or changed"


def test_at_least_100_cases_cover_every_command():
    from bubblescope.cli import app

    names = {c.name or c.callback.__name__ for c in app.registered_commands} | {g.name for g in app.registered_groups}
    covered = {cmd for cmd, *_ in CASES}
    assert len(CASES) >= 100 and names <= covered, names - covered


def counts() -> Counter[str]:
    return Counter(cmd for cmd, *_ in CASES)


if __name__ == "__main__":  # the table in docs/reliability.md
    for cmd, n in sorted(counts().items()):
        print(f"| {cmd} | {n} | {sum(1 for c in CASES if c[0] == cmd and c[3])} |")
    print(f"| total | {len(CASES)} | {sum(1 for c in CASES if c[3])} |")
