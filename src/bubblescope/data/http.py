"""HTTP for the data sources: httpx with timeouts, retries with exponential backoff and a polite User-Agent.

Settings come from :class:`HttpConfig` (every field can also be set by environment variable, read by
:meth:`HttpConfig.from_env`):

* ``BUBBLESCOPE_USER_AGENT`` — User-Agent for all requests (default ``bubblescope/<version> (+contact)``);
* ``BUBBLESCOPE_SEC_CONTACT`` — contact (name + e-mail) put in the SEC User-Agent; SEC's fair-access
  policy asks for one; without it the generic User-Agent is sent and SEC may answer 403;
* ``BUBBLESCOPE_HTTP_TIMEOUT`` (seconds per connect/read, default 20), ``BUBBLESCOPE_HTTP_RETRIES``
  (default 3), ``BUBBLESCOPE_HTTP_BACKOFF`` (first wait in seconds, doubled each retry, default 1);
* ``BUBBLESCOPE_HTTP_DEADLINE`` — total seconds one download may take, retries and waits included
  (default 120): a server that drips a byte a second fails at the deadline, not never;
* ``BUBBLESCOPE_HTTP_MAX_MB`` — largest response body accepted, after decompression (default 64 MB):
  a bigger ``Content-Length`` is refused before reading, a body (or a gzip bomb) growing past it is cut
  off; ``BUBBLESCOPE_HTTP_REDIRECTS`` — redirect hops followed (default 5), same host only;
* ``BUBBLESCOPE_<SOURCE>_URL`` — base URL (Yahoo, FRED, SEC) or file URL (Shiller, FINRA) of a source.

Retried: timeouts, truncated bodies, other transport errors, HTTP 429 and 5xx (a ``Retry-After``
header of up to 60 s is honoured, within the deadline). Not retried: other 4xx, oversize bodies,
refused redirects, and failures to connect at all (DNS failure, connection refused or timed out — e.g.
a machine without network), which fail at once with a hint to use ``--data-dir`` or ``--offline``.
Errors are :class:`DataSourceError` with one line naming source, symbol and what went wrong.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from bubblescope import __version__
from bubblescope.errors import DataSourceError

DEFAULT_USER_AGENT = f"bubblescope/{__version__} (open-source research tool; python-httpx)"


#: (field, converter, smallest allowed value, whether the minimum itself is allowed)
_NUMERIC_ENV: tuple[tuple[str, type, float, bool], ...] = (
    ("timeout", float, 0.0, False), ("retries", int, 0, True), ("backoff", float, 0.0, True),
    ("deadline", float, 0.0, False), ("max_mb", float, 0.0, False), ("redirects", int, 0, True),
)
_URL_SOURCES = ("yahoo", "fred", "shiller", "sec", "sec_tickers", "finra", "trends")


def _env_number(name: str, raw: str, conv: type, low: float, inclusive: bool) -> float | int:
    var = f"BUBBLESCOPE_HTTP_{name.upper()}"
    try:
        value = conv(raw.strip())
    except ValueError:
        raise DataSourceError(f"{var}={raw!r} is not a number") from None
    if not math.isfinite(value) or value < low or (value == low and not inclusive):
        bound = f"at least {low:g}" if inclusive else f"greater than {low:g}"
        raise DataSourceError(f"{var}={raw!r} must be a finite number {bound}")
    return value


@dataclass(frozen=True)
class HttpConfig:
    timeout: float = 20.0
    retries: int = 3
    backoff: float = 1.0
    deadline: float = 120.0
    max_mb: float = 64.0
    redirects: int = 5
    user_agent: str = DEFAULT_USER_AGENT
    sec_contact: str | None = None
    #: base URLs per source (``yahoo``, ``fred``, ``shiller``, ``sec``, ``sec_tickers``, ``finra``), overriding defaults.
    base_urls: dict[str, str] = field(default_factory=dict)
    transport: httpx.BaseTransport | None = None
    sleep: Callable[[float], None] = time.sleep

    @classmethod
    def from_env(cls, **overrides: object) -> HttpConfig:
        env = os.environ
        kw: dict[str, object] = {}
        if env.get("BUBBLESCOPE_USER_AGENT"):
            kw["user_agent"] = env["BUBBLESCOPE_USER_AGENT"]
        if env.get("BUBBLESCOPE_SEC_CONTACT"):
            kw["sec_contact"] = env["BUBBLESCOPE_SEC_CONTACT"]
        for name, conv, low, inclusive in _NUMERIC_ENV:
            raw = env.get(f"BUBBLESCOPE_HTTP_{name.upper()}")
            if raw:
                kw[name] = _env_number(name, raw, conv, low, inclusive)
        urls = {src: env[f"BUBBLESCOPE_{src.upper()}_URL"] for src in _URL_SOURCES
                if env.get(f"BUBBLESCOPE_{src.upper()}_URL")}
        if urls:
            kw["base_urls"] = urls
        kw.update(overrides)
        return cls(**kw)  # type: ignore[arg-type]

    @property
    def max_bytes(self) -> int:
        return int(self.max_mb * 1_000_000)

    def base_url(self, source: str, default: str) -> str:
        return self.base_urls.get(source, default).rstrip("/")

    def agent_for(self, source: str) -> str:
        if source == "sec" and self.sec_contact:
            return f"bubblescope/{__version__} {self.sec_contact}"
        return self.user_agent


_RETRY_STATUS = {429, 500, 502, 503, 504}
#: seconds to wait for a TCP connection: a machine without network fails fast (issue 21)
_CONNECT_TIMEOUT = 4.0
_OFFLINE_HINT = "no network? use --data-dir FOLDER (local CSV files) or --offline (cache only)"


class _Fatal(Exception):
    """A failure that retrying cannot fix (message in args[0])."""


def fetch(
    url: str, *, source: str, symbol: str, config: HttpConfig, params: dict[str, str] | None = None,
) -> bytes:
    """GET ``url`` and return the body; raise a one-line :class:`DataSourceError` after retries, at the
    deadline, over the size cap or on a refused redirect."""
    label = f"{source} {symbol}"
    headers = {"User-Agent": config.agent_for(source), "Accept": "*/*"}
    errors: list[str] = []
    attempts = max(1, config.retries + 1)
    deadline = time.monotonic() + config.deadline
    timeout = httpx.Timeout(min(config.timeout, config.deadline), connect=min(config.timeout, _CONNECT_TIMEOUT))
    with httpx.Client(timeout=timeout, transport=config.transport, follow_redirects=False, headers=headers) as client:
        for attempt in range(attempts):
            wait = config.backoff * (2 ** attempt)
            body, error, retry_after = _attempt(client, url, params, config, deadline, label)
            if body is not None:
                return body
            errors.append(error)
            if retry_after is not None:
                wait = retry_after
            if attempt < attempts - 1:
                if time.monotonic() + wait >= deadline:
                    errors.append(f"gave up at the {config.deadline:g} s deadline")
                    break
                config.sleep(wait)
    seen = list(dict.fromkeys(errors))
    raise DataSourceError(f"{label}: {'; then '.join(seen)} from {_short(url)} (after {attempt + 1} attempts)")


def _attempt(client: httpx.Client, url: str, params: dict[str, str] | None, config: HttpConfig,
             deadline: float, label: str) -> tuple[bytes | None, str, float | None]:
    """One try: (body, "", None) on success, else (None, what went wrong, Retry-After seconds or None);
    failures that retrying cannot fix raise at once."""
    try:
        status, reason, body, ra = _get(client, url, params, config, deadline)
    except _Fatal as exc:
        raise DataSourceError(f"{label}: {exc.args[0]} ({_short(url)})") from None
    except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
        # DNS failure / refused or unanswered connection: no server to be polite to, and on an
        # offline machine retrying only adds waiting; fail at once.
        why = " ".join(str(exc).split())[:100] or type(exc).__name__
        raise DataSourceError(f"{label}: cannot connect to {_short(url)} ({why}); {_OFFLINE_HINT}") from None
    except httpx.TimeoutException:
        return None, f"timed out after {config.timeout:g} s", None
    except httpx.RemoteProtocolError:
        return None, "connection closed before the whole response arrived (truncated body)", None
    except (httpx.TransportError, httpx.DecodingError) as exc:
        return None, f"network error: {type(exc).__name__}: {' '.join(str(exc).split())[:120]}", None
    if status == 200:
        return body, "", None
    last = f"HTTP {status} {reason}".strip()
    if status not in _RETRY_STATUS:
        raise DataSourceError(f"{label}: {last} from {_short(url)}")
    return None, last, min(float(ra), 60.0) if ra.isdigit() else None


def _get(client: httpx.Client, url: str, params: dict[str, str] | None, config: HttpConfig,
         deadline: float) -> tuple[int, str, bytes, str]:
    """One GET with same-host redirects (at most ``config.redirects`` hops), the body read in chunks
    against the size cap and the deadline. Returns (status, reason, body, Retry-After)."""
    host = httpx.URL(url).host
    seen: list[str] = []
    target: httpx.URL | str = url
    for _hop in range(config.redirects + 1):
        request = client.build_request("GET", target, params=params if not seen else None)
        resp = client.send(request, stream=True)
        try:
            if resp.is_redirect:
                nxt = resp.next_request
                if nxt is None:
                    raise _Fatal(f"HTTP {resp.status_code} redirect without a Location")
                if nxt.url.host != host:
                    raise _Fatal(f"redirect to another host ({nxt.url.host}) refused")
                seen.append(str(request.url))
                if str(nxt.url) in seen:
                    raise _Fatal(f"redirect loop ({len(seen)} hops)")
                target = nxt.url
                continue
            if resp.status_code != 200:
                return resp.status_code, resp.reason_phrase, b"", resp.headers.get("Retry-After", "")
            return 200, "", _read_body(resp, config, deadline), ""
        finally:
            resp.close()
    raise _Fatal(f"more than {config.redirects} redirects")


def _read_body(resp: httpx.Response, config: HttpConfig, deadline: float) -> bytes:
    cap = config.max_bytes
    declared = resp.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > cap:
        raise _Fatal(f"response of {int(declared) / 1e6:.0f} MB is over the {config.max_mb:g} MB limit "
                     "(BUBBLESCOPE_HTTP_MAX_MB)")
    buf = bytearray()
    for chunk in resp.iter_bytes():  # as received (no re-chunking), decoded: a gzip bomb is counted as it inflates
        buf += chunk
        if len(buf) > cap:
            raise _Fatal(f"response body grew past the {config.max_mb:g} MB limit (BUBBLESCOPE_HTTP_MAX_MB)")
        if time.monotonic() > deadline:
            raise _Fatal(f"download not finished within the {config.deadline:g} s deadline "
                         f"({len(buf) / 1e6:.1f} MB received; BUBBLESCOPE_HTTP_DEADLINE)")
    return bytes(buf)


def _short(url: str) -> str:
    return url if len(url) <= 120 else url[:117] + "..."
