"""The scan's scheduler connect has a hard deadline (issue 23 point 3): a port that accepts the TCP
connection but never answers the Dask handshake fails within the deadline, with a one-line error."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from bubblescope.errors import InputError


@pytest.fixture
def silent_port():
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        srv.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(srv.accept()[0])  # accept, then say nothing
            except OSError:
                continue

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    yield srv.getsockname()[1]
    stop.set()
    t.join(2)
    for c in held:
        c.close()
    srv.close()


def test_silent_scheduler_fails_within_the_deadline(silent_port, monkeypatch):
    import bubblescope.scan._dask as d

    monkeypatch.setattr(d, "CONNECT_DEADLINE", 2.0)
    t0 = time.monotonic()
    with pytest.raises(InputError, match=r"no answer within 2 s"):
        d.open_client(f"tcp://127.0.0.1:{silent_port}", None, 1)
    assert time.monotonic() - t0 < 5


def test_option_validators():
    from bubblescope.cli._common import check_date_range, check_int, check_number, parse_date
    from bubblescope.errors import BubblescopeError

    assert parse_date("2020", "--start") == "2020-01-01" and parse_date("2020-02", "--x") == "2020-02-01"
    assert parse_date(" 2020-02-29 ", "--x") == "2020-02-29" and parse_date(None, "--x") is None
    for bad in ["2020-02-30", "notadate", "", "20200101x"]:
        with pytest.raises(BubblescopeError, match="is not a date"):
            parse_date(bad, "--start")
    with pytest.raises(BubblescopeError, match="--start 2021-01-01 is after --end 2020-01-01"):
        check_date_range("2021", "2020")
    assert check_number(0.5, "--alpha", low=0, high=1, low_open=True) == 0.5
    for bad in [0.0, float("nan"), float("inf"), 1.5]:
        with pytest.raises(BubblescopeError, match="--alpha must be a finite number"):
            check_number(bad, "--alpha", low=0, high=1, low_open=True)
    assert check_int(1, "--reps", low=1) == 1
    with pytest.raises(BubblescopeError, match="--reps must be at least 1, got 0"):
        check_int(0, "--reps", low=1)
    with pytest.raises(BubblescopeError, match="between 1 and 125"):
        check_int(200, "--step", low=1, high=125)
