"""Readable CLI tables (issue 21, point 5): aligned plain text in a pipe, --format csv|tsv|json, --columns."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pandas as pd
import pytest
from rich.table import Table

from bubblescope.cli._table import TableOutput, plain_text, select_columns
from bubblescope.errors import InputError
from conftest import REPO


def _table() -> Table:
    t = Table(title="Demo")
    t.add_column("Name")
    t.add_column("Value", justify="right")
    t.add_column("Source")
    t.add_row("a", "1.5", "[red]red[/] line one\nline two")
    t.add_row("longer name", "22", r"\[bracket] kept")
    return t


def test_plain_text_is_aligned_one_line_per_row_without_markup() -> None:
    lines = plain_text(_table()).splitlines()
    assert lines[0] == "Demo"
    assert lines[1].split() == ["Name", "Value", "Source"]
    assert lines[3] == "a              1.5  red line one; line two"
    assert lines[4] == "longer name     22  [bracket] kept"
    assert len(lines) == 5


def test_select_columns_orders_and_rejects_unknown() -> None:
    t = select_columns(_table(), "source, NAME")
    assert [c.header for c in t.columns] == ["Source", "Name"]
    with pytest.raises(InputError, match=r"no column 'nope'.*Name, Value, Source"):
        select_columns(_table(), "name,nope")


def test_bad_format_is_an_input_error() -> None:
    with pytest.raises(InputError, match="--format 'xml'"):
        TableOutput("xml")


def test_machine_formats_print_the_main_table_only(capsys: pytest.CaptureFixture[str]) -> None:
    out = TableOutput("csv")
    out.table(_table())
    out.table(_table())  # a second table would break the CSV: not printed
    out.note("a note")
    got = capsys.readouterr()
    df = pd.read_csv(io.StringIO(got.out))
    assert list(df.columns) == ["Name", "Value", "Source"] and len(df) == 2
    assert df.loc[0, "Source"] == "red line one; line two"
    assert got.err == "a note\n"


def test_evidence_piped_prints_aligned_rows(cli) -> None:
    r = cli("evidence", "ai-2023")
    assert r.code == 0
    lines = r.out.splitlines()
    assert lines[0].startswith("Evidence: Generative-AI boom (ai-2023), ")
    n = int(lines[0].rsplit(", ", 1)[1].split()[0])
    assert len(lines) == n + 3  # title, header, rule, one line per record: nothing wrapped
    assert not any(ch in r.out for ch in "┃│━─")
    col = lines[1].index("As of")
    assert all(ln[col:col + 4].isdigit() for ln in lines[3:]), "the As of column is aligned and never truncated"


def test_evidence_csv_tsv_json_parse(cli) -> None:
    csv_ = cli("evidence", "ai-2023", "--format", "csv")
    df = pd.read_csv(io.StringIO(csv_.out))
    assert list(df.columns) == ["Id", "Metric", "Value", "As of", "Informs", "Source"]
    assert df["Id"].str.startswith("ai-2023.").all()
    tsv = pd.read_csv(io.StringIO(cli("evidence", "ai-2023", "--format", "tsv").out), sep="\t")
    assert tsv.shape == df.shape
    js = json.loads(cli("evidence", "ai-2023", "--format", "json", "--columns", "id,as of").out)
    assert len(js) == len(df) and set(js[0]) == {"Id", "As of"}


def test_score_and_gauges_columns(cli, shared_data) -> None:
    r = cli("score", "ai-2023", "--columns", "factor,points")
    assert r.code == 0 and r.out.splitlines()[1].split() == ["Factor", "Points"]
    bad = cli("score", "ai-2023", "--columns", "nope")
    assert bad.code == 2 and bad.err.startswith("error: --columns: no column 'nope'")
    g = cli("gauges", "ai-2023", "--data-dir", shared_data, "--format", "csv")
    df = pd.read_csv(io.StringIO(g.out))
    assert {"Gauge", "Value", "As of", "Source"} <= set(df.columns)
    assert "Boom/bubble verdict" in g.err  # notes leave stdout to the CSV


def test_evidence_through_a_real_pipe() -> None:
    """As a reader runs it: `bubblescope evidence ai-2023 | head`."""
    proc = subprocess.run(f"'{sys.executable}' -m bubblescope evidence ai-2023 | head -n 5", shell=True,
                          capture_output=True, text=True, cwd=REPO, timeout=60)
    lines = proc.stdout.splitlines()
    assert len(lines) == 5
    assert lines[3].startswith("ai-2023.") and "  " in lines[3]


def test_stress_csv_keeps_notes_off_stdout(cli) -> None:
    r = cli("stress", "ai-bust", "--format", "csv", "--columns", "node,loss")
    assert r.code == 0, r
    df = pd.read_csv(io.StringIO(r.out))
    assert list(df.columns) == ["node", "loss"] and df["node"].iloc[0] == "US households"
    assert "shock:" in r.err and "total loss" in r.err


def test_use_output_routes_helpers(capsys: pytest.CaptureFixture[str]) -> None:
    from bubblescope.cli._table import emit, note, use_output

    with use_output("tsv"):
        emit(_table())
        note("n")
    got = capsys.readouterr()
    assert got.out.splitlines()[0] == "Name\tValue\tSource" and got.err == "n\n"
    emit(_table())  # outside the block: the default (plain text in a pipe)
    assert capsys.readouterr().out.startswith("Demo\n")
