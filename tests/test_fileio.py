"""bubblescope.fileio: path confinement, size-checked reads, atomic outputs (issue 23 points 2, 3, 5)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bubblescope.errors import EvidenceError, InputError
from bubblescope.fileio import atomic_outputs, atomic_write_text, check_size, confine, read_text

SCENARIO = ("name: mine\nextends: {extends}\ndescription: x\ninputs:\n  chip_life_economic: {{value: 4, unit: years, "
            "source: my notes}}\n")


def test_confine_accepts_files_under_the_root(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.yaml").write_text("x: 1\n")
    assert confine("sub/a.yaml", tmp_path) == (tmp_path / "sub" / "a.yaml").resolve()
    assert confine(tmp_path / "sub" / "a.yaml", tmp_path) == (tmp_path / "sub" / "a.yaml").resolve()


@pytest.mark.parametrize("bad", ["/etc/passwd", "../x.yaml", "sub/../../x.yaml", "/tmp"])
def test_confine_refuses_absolute_and_dotdot(tmp_path, bad):
    with pytest.raises(InputError, match="not allowed"):
        confine(bad, tmp_path / "root")


def test_confine_refuses_a_symlink_out(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    (tmp_path / "secret.yaml").write_text("x: 1\n")
    (root / "link.yaml").symlink_to(tmp_path / "secret.yaml")
    with pytest.raises(InputError, match="symlink"):
        confine("link.yaml", root)


def test_scenario_extends_etc_passwd_is_refused_under_a_root(tmp_path):
    from bubblescope.economics import load_scenario

    f = tmp_path / "mine.yaml"
    f.write_text(SCENARIO.format(extends="/etc/passwd"))
    with pytest.raises(EvidenceError, match="absolute path outside"):
        load_scenario(f, root=tmp_path)
    f.write_text(SCENARIO.format(extends="../outside.yaml"))
    (tmp_path.parent / "outside.yaml").write_text(SCENARIO.format(extends="base"))
    with pytest.raises(EvidenceError, match=r"'\.\.' is not allowed"):
        load_scenario(f, root=tmp_path)
    f.write_text(SCENARIO.format(extends="base"))
    assert load_scenario(f, root=tmp_path).name == "mine"


def test_dashboard_refuses_extends_out_and_symlinks_out(tmp_path):
    from bubblescope.dashboard.data import load_dashboard_data

    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "mine.yaml").write_text(SCENARIO.format(extends="/etc/passwd"))
    with pytest.raises(EvidenceError, match="absolute path outside"):
        load_dashboard_data(folder)
    (folder / "mine.yaml").unlink()
    (tmp_path / "evil.yaml").write_text(SCENARIO.format(extends="base"))
    (folder / "evil.yaml").symlink_to(tmp_path / "evil.yaml")
    with pytest.raises(InputError, match="symlink"):
        load_dashboard_data(folder)


def test_check_size_refuses_devices_and_big_files(tmp_path, monkeypatch):
    with pytest.raises(InputError, match="not a regular file"):
        check_size("/dev/zero")
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(3_000_000)  # sparse: 3 MB without writing them
    monkeypatch.setenv("BUBBLESCOPE_MAX_INPUT_MB", "2")
    with pytest.raises(InputError, match="over the 2 MB limit"):
        read_text(big)
    monkeypatch.setenv("BUBBLESCOPE_MAX_INPUT_MB", "-3")
    with pytest.raises(InputError, match="BUBBLESCOPE_MAX_INPUT_MB"):
        check_size(big)


def test_atomic_write_text_replaces_whole(tmp_path):
    p = atomic_write_text(tmp_path / "a" / "x.json", "{}")
    assert p.read_text() == "{}" and [q.name for q in p.parent.iterdir()] == ["x.json"]


def test_atomic_outputs_error_leaves_previous_output(tmp_path):
    out = tmp_path / "r"
    with atomic_outputs(out) as stage:
        (stage / "index.html").write_text("old page")
        (stage / "report.json").write_text("old json")
    with pytest.raises(RuntimeError), atomic_outputs(out) as stage:
        (stage / "index.html").write_text("new page")
        raise RuntimeError("killed half-way")
    assert (out / "index.html").read_text() == "old page" and (out / "report.json").read_text() == "old json"
    assert sorted(os.listdir(tmp_path)) == ["r"]


def test_atomic_outputs_refuses_a_folder_in_the_way_before_moving_anything(tmp_path):
    out = tmp_path / "r"
    (out / "report.json").mkdir(parents=True)
    (out / "index.html").write_text("previous")
    with pytest.raises(InputError, match="in the way"), atomic_outputs(out) as stage:
        (stage / "index.html").write_text("new")
        (stage / "report.json").write_text("{}")
    assert (out / "index.html").read_text() == "previous" and (out / "report.json").is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r"]
    assert Path(out).is_dir()


SEED = Path(__file__).resolve().parents[1] / ".." / "shared" / "seed" / "article-zh.txt"


def test_narratives_in_chunks_equal_the_whole_text(tmp_path):
    from bubblescope.fileio import iter_text_chunks
    from bubblescope.framework.narratives import detect_narratives, detect_narratives_chunks

    if SEED.is_file():
        text = SEED.read_text(encoding="utf-8")
    else:  # pragma: no cover - without ../shared
        text = "The AGI race is on.\n\nThis time is different, scaling laws say so.\n\n" * 200
    f = tmp_path / "t.txt"
    f.write_text("\ufeff" + text, encoding="utf-8")
    chunks = list(iter_text_chunks(f, chunk_bytes=4096))
    assert len(chunks) > 3 and "".join(chunks) == text
    assert detect_narratives_chunks(chunks, "t").to_dict() == detect_narratives(text, "t").to_dict()


@pytest.mark.parametrize(("raw", "needle"), [(b"abc\x00def", "binary"), (b"caf\xe9 ok", "offset 3"),
                                             (b"  \n\n ", "empty")])
def test_text_chunks_refuse_binary_bad_utf8_and_empty(tmp_path, raw, needle):
    from bubblescope.fileio import iter_text_chunks

    f = tmp_path / "t.txt"
    f.write_bytes(raw)
    with pytest.raises(InputError, match=needle):
        list(iter_text_chunks(f, chunk_bytes=4))


def test_portable_paths(tmp_path):
    from bubblescope.fileio import portable_paths

    data = tmp_path / "shared" / "data"
    doc = {"url": str(data), "seg": [{"origin": f"{data}/fred/x.csv"}], "other": str(tmp_path / ".." / "c.npz"),
           "web": "https://example.org/a/b", "note": "column 'x' of x.csv", "n": 3,
           "dotted": f"{tmp_path}/z/../shared/data/y.csv"}
    got = portable_paths(doc, str(tmp_path / "z" / ".." / "shared" / "data"))
    assert got == {"url": "data", "seg": [{"origin": "fred/x.csv"}], "other": "c.npz", "web": "https://example.org/a/b",
                   "note": "column 'x' of x.csv", "n": 3, "dotted": "y.csv"}
