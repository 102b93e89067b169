"""The Result base class: short repr, notebook HTML, JSON conversion without importing numpy/pandas."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pytest

from bubblescope.results import REPR_MAX_CHARS, Result, to_jsonable


@dataclass(frozen=True)
class _Big(Result):
    """A result holding a long Series, like PSYResult."""

    series: pd.Series
    stat: float
    label: str
    count: np.int64
    flag: bool = True
    table: pd.DataFrame = field(default_factory=pd.DataFrame)
    params: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> str:
        return f"statistic {self.stat:.3f} on <{self.label}> & co\nsecond line"

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame({"value": self.series.to_numpy(), "note": "<b>x</b>"})

    def to_dict(self) -> dict[str, Any]:
        return {"stat": self.stat}


class _Plain(Result):
    """The three required methods, empty: for tests about the repr of the fields alone."""

    def summary(self) -> str:
        return ""

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame()

    def to_dict(self) -> dict[str, Any]:
        return {}


@dataclass(frozen=True)
class _One(_Plain):
    x: Any


def _big(n: int = 5000) -> _Big:
    s = pd.Series(np.arange(n, dtype=float), index=pd.date_range("2000-01-01", periods=n, freq="D"))
    return _Big(series=s, stat=1.234567, label="S&P 500", count=np.int64(7),
                table=pd.DataFrame({"a": range(3), "b": range(3)}), params={f"k{i}": i for i in range(50)})


def test_repr_is_short_and_names_the_key_fields():
    r = _big()
    text = repr(r)
    assert len(text) <= REPR_MAX_CHARS < 200
    assert text.startswith("_Big(stat=1.235, label='S&P 500', count=7, flag=True")
    assert "series=<Series 5000>" in text and "table=<DataFrame 3x2>" in text
    # the dataclass-generated repr would print every value of the Series
    assert "4999" not in text


def test_repr_truncates_with_an_ellipsis_when_fields_do_not_fit():
    @dataclass(frozen=True)
    class Many(_Plain):
        a_long_field_name_number_one: str = "x" * 100
        a_long_field_name_number_two: str = "y" * 100
        a_long_field_name_number_three: str = "z" * 100
        a_long_field_name_number_four: float = 1.0

    text = repr(Many())
    assert len(text) <= REPR_MAX_CHARS
    assert text.endswith(", ...)")
    assert "x" * 37 + "..." in text  # long strings are cut too


def test_repr_hooks_and_own_repr_are_respected():
    @dataclass(frozen=True)
    class Hooked(_Big):
        def _repr_fields(self) -> dict[str, Any]:
            return {"stat": self.stat, "n": len(self.series)}

    @dataclass(frozen=True)
    class Own(_Big):
        def __repr__(self) -> str:
            return "own"

    @dataclass(frozen=True)
    class Child(Own):
        extra: int = 1

    b = _big(10)
    assert repr(Hooked(*[getattr(b, f) for f in ("series", "stat", "label", "count")])) == "Hooked(stat=1.235, n=10)"
    assert repr(Own(b.series, 1.0, "x", np.int64(1))) == "own"
    assert repr(Child(b.series, 1.0, "x", np.int64(1))) == "own"  # inherited, not replaced by @dataclass


def test_repr_html_shows_the_first_summary_line_and_the_head_escaped():
    out = _big(25)._repr_html_()
    assert out.startswith('<div class="bubblescope-result">') and out.endswith("</div>")
    assert "<strong>_Big</strong>: statistic 1.235 on &lt;S&amp;P 500&gt; &amp; co</p>" in out
    assert "second line" not in out
    assert "&lt;b&gt;x&lt;/b&gt;" in out and "<b>x</b>" not in out
    assert out.count("<tr>") == 10  # the head only (header row has a style attribute)
    assert "first 10 of 25 rows" in out


def test_repr_html_uses_the_frame_hook_and_keeps_a_meaningful_index():
    @dataclass(frozen=True)
    class Indexed(_Big):
        def _repr_frame(self) -> pd.DataFrame:
            return self.series.head(3).rename("level").to_frame()

    b = _big(5)
    out = Indexed(b.series, 1.0, "x", np.int64(1))._repr_html_()
    assert "2000-01-03" in out and "level" in out and "3 rows" in out


def test_real_result_repr_is_short():
    from bubblescope.detect.psy import psy

    rng = np.random.default_rng(3)
    s = pd.Series(100 + np.cumsum(rng.normal(size=150)), index=pd.date_range("2000-01-01", periods=150, freq="MS"))
    r = psy(s, reps=49, seed=1)
    text = repr(r)
    assert len(text) < 200 and text.startswith("PSYResult(")
    assert f"gsadf={r.gsadf:.4g}" in text
    assert "<table" in r._repr_html_()


def test_to_jsonable_converts_numpy_pandas_and_dates():
    obj = {
        "i": np.int64(3), "f": np.float32(1.5), "nan": float("nan"), "inf": np.float64(np.inf),
        "b": np.bool_(True), "ts": pd.Timestamp("2020-01-02"), "d": dt.date(2020, 1, 3),
        "td": pd.Timedelta("1D"), "arr": np.arange(3), "s": pd.Series([1.0, np.nan], index=["a", "b"]),
        "df": pd.DataFrame({"x": [1]}), "res": _big(3), "tup": (1, "a"), 4: None,
    }
    out = to_jsonable(obj)
    json.dumps(out, allow_nan=False)
    assert out == {
        "i": 3, "f": 1.5, "nan": None, "inf": None, "b": True, "ts": "2020-01-02T00:00:00",
        "d": "2020-01-03", "td": "1 days 00:00:00", "arr": [0, 1, 2], "s": {"a": 1.0, "b": None},
        "df": [{"index": 0, "x": 1}], "res": {"stat": 1.234567}, "tup": [1, "a"], "4": None,
    }
    assert isinstance(out["i"], int) and isinstance(out["b"], bool)


def test_results_module_imports_neither_numpy_nor_pandas():
    code = ("import sys, bubblescope.results as r; assert r.to_jsonable({'a': (1, 2.5)}) == {'a': [1, 2.5]};"
            "print(sorted(m for m in ('numpy', 'pandas') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("value", [np.int32(5), 5])
def test_integers_are_shown_plainly(value):
    assert repr(_One(value)) == "_One(x=5)"


@pytest.mark.parametrize(("value", "text"), [(40000.0, "40000"), (10920.4, "10920"), (1.234567, "1.235"),
                                             (1.175e-4, "0.0001175"), (3e-7, "3e-07"), (2e20, "2e+20"),
                                             (np.float32(0.5), "0.5"), (float("nan"), "nan")])
def test_floats_are_shown_with_four_significant_digits(value, text):
    assert repr(_One(value)) == f"_One(x={text})"
