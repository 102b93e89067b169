"""HTTP for the data sources: httpx with timeouts, retries with exponential backoff and a polite User-Agent.

Settings come from :class:`HttpConfig` (every field can also be set by environment variable, read by
:meth:`HttpConfig.from_env`):

* ``BUBBLESCOPE_USER_AGENT`` — User-Agent for all requests (default ``bubblescope/<version> (+contact)``);
* ``BUBBLESCOPE_SEC_CONTACT`` — contact (name + e-mail) put in the SEC User-Agent; SEC's fair-access
  policy asks for one; without it the generic User-Agent is sent and SEC may answer 403;
* ``BUBBLESCOPE_HTTP_TIMEOUT`` (seconds, default 20), ``BUBBLESCOPE_HTTP_RETRIES`` (default 3),
  ``BUBBLESCOPE_HTTP_BACKOFF`` (first wait in seconds, doubled each retry, default 1).

Retried: timeouts, truncated bodies, other transport errors, HTTP 429 and 5xx (a ``Retry-After``
header of up to 60 s is honoured). Not retried: other 4xx, and failures to connect at all (DNS
failure, connection refused — e.g. a machine without network), which fail at once. Errors are :class:`DataSourceError` with one line
naming source, symbol and what went wrong.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from bubblescope import __version__
from bubblescope.errors import DataSourceError

DEFAULT_USER_AGENT = f"bubblescope/{__version__} (open-source research tool; python-httpx)"


@dataclass(frozen=True)
class HttpConfig:
    timeout: float = 20.0
    retries: int = 3
    backoff: float = 1.0
    user_agent: str = DEFAULT_USER_AGENT
    sec_contact: str | None = None
    #: base URLs per source (``yahoo``, ``fred``, ``shiller``, ``sec``, ``sec_tickers``), overriding defaults.
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
        for name, conv in (("timeout", float), ("retries", int), ("backoff", float)):
            raw = env.get(f"BUBBLESCOPE_HTTP_{name.upper()}")
            if raw:
                try:
                    kw[name] = conv(raw)
                except ValueError:
                    raise DataSourceError(f"BUBBLESCOPE_HTTP_{name.upper()}={raw!r} is not a number") from None
        urls = {}
        for src in ("yahoo", "fred", "shiller", "sec", "sec_tickers"):
            raw = env.get(f"BUBBLESCOPE_{src.upper()}_URL")
            if raw:
                urls[src] = raw
        if urls:
            kw["base_urls"] = urls
        kw.update(overrides)
        return cls(**kw)  # type: ignore[arg-type]

    def base_url(self, source: str, default: str) -> str:
        return self.base_urls.get(source, default).rstrip("/")

    def agent_for(self, source: str) -> str:
        if source == "sec" and self.sec_contact:
            return f"bubblescope/{__version__} {self.sec_contact}"
        return self.user_agent


_RETRY_STATUS = {429, 500, 502, 503, 504}


def fetch(
    url: str, *, source: str, symbol: str, config: HttpConfig, params: dict[str, str] | None = None,
) -> bytes:
    """GET ``url`` and return the body; raise a one-line :class:`DataSourceError` after retries."""
    label = f"{source} {symbol}"
    headers = {"User-Agent": config.agent_for(source), "Accept": "*/*"}
    errors: list[str] = []
    attempts = max(1, config.retries + 1)
    with httpx.Client(timeout=config.timeout, transport=config.transport, follow_redirects=True,
                      headers=headers) as client:
        for attempt in range(attempts):
            wait = config.backoff * (2 ** attempt)
            try:
                resp = client.get(url, params=params)
                body = resp.content  # reads the whole body; a short body raises RemoteProtocolError
            except httpx.TimeoutException:
                last = f"timed out after {config.timeout:g} s"
                errors.append(last)
            except httpx.ConnectError as exc:
                # DNS failure / refused connection: no server to be polite to, and on an offline
                # machine retrying only adds waiting; fail at once.
                raise DataSourceError(f"{label}: cannot connect ({' '.join(str(exc).split())[:100]}) "
                                      f"to {_short(url)}") from None
            except httpx.RemoteProtocolError:
                last = "connection closed before the whole response arrived (truncated body)"
                errors.append(last)
            except httpx.TransportError as exc:
                last = f"network error: {type(exc).__name__}: {' '.join(str(exc).split())[:120]}"
                errors.append(last)
            else:
                if resp.status_code == 200:
                    return body
                last = f"HTTP {resp.status_code} {resp.reason_phrase}".strip()
                errors.append(last)
                if resp.status_code not in _RETRY_STATUS:
                    raise DataSourceError(f"{label}: {last} from {_short(url)}")
                ra = resp.headers.get("Retry-After", "")
                if ra.isdigit():
                    wait = min(float(ra), 60.0)
            if attempt < attempts - 1:
                config.sleep(wait)
    seen = list(dict.fromkeys(errors))
    raise DataSourceError(f"{label}: {'; then '.join(seen)} from {_short(url)} (after {attempts} attempts)")


def _short(url: str) -> str:
    return url if len(url) <= 120 else url[:117] + "..."
