from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from dataclasses import replace

import pytest

from aigap.errors import FetchError
from aigap.sources import IngestOptions, fetch_document
from aigap.sources.fetch import FetchOptions

FAST = IngestOptions(fetch=FetchOptions(connect_timeout=2, read_timeout=1, max_bytes=1024 * 1024, max_redirects=3))


def test_fetch_records_the_final_url(http_base: str) -> None:
    doc = fetch_document(f"{http_base}/redirect", allow_private=True, options=FAST)
    assert doc.final_uri == f"{http_base}/article.html" and doc.source_uri == f"{http_base}/redirect"
    assert "479.5 billion" in doc.text and doc.title == "Chips report"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/missing", "HTTP 404"),
        ("/slow", "timed out"),
        ("/loop", "redirects"),
        ("/binary", "unsupported content type"),
        ("/bomb", "beyond"),
    ],
)
def test_bad_urls_are_refused_with_a_reason(http_base: str, path: str, reason: str) -> None:
    with pytest.raises(FetchError, match=reason) as info:
        fetch_document(f"{http_base}{path}", allow_private=True, options=FAST)
    assert path in info.value.message


def test_ssrf_guard_refuses_loopback_unless_allowed(http_base: str) -> None:
    with pytest.raises(FetchError, match="non-public address"):
        fetch_document(f"{http_base}/article.html", allow_private=False, options=FAST)
    # also when a public-looking name resolves to loopback
    with pytest.raises(FetchError, match="non-public address"):
        fetch_document(f"{http_base.replace('127.0.0.1', 'localhost')}/article.html", allow_private=False, options=FAST)
    assert fetch_document(f"{http_base}/article.html", allow_private=True, options=FAST).text


@pytest.fixture
def unused_port() -> Iterator[int]:
    """A port of 127.0.0.1 nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        yield s.getsockname()[1]


QUICK = FetchOptions(connect_timeout=2, read_timeout=1, max_bytes=1024 * 1024, max_redirects=3, backoff=0.01)


def _fetch(url: str, **changes: object) -> None:
    fetch_document(url, allow_private=True, options=IngestOptions(fetch=replace(QUICK, **changes)))


@pytest.mark.parametrize(("path", "reason"), [
    ("/to-js", "only http\\(s\\) URLs can be fetched \\(redirect to 'javascript:alert\\(1\\)'\\)"),
    ("/to-broken", "invalid URL"),
])
def test_a_redirect_to_a_bad_url_is_a_fetch_error(http_base: str, path: str, reason: str) -> None:
    with pytest.raises(FetchError, match=reason) as info:
        _fetch(f"{http_base}{path}")
    assert info.value.message.startswith(f"{http_base}{path}: ")


@pytest.mark.parametrize("url", ["http://[::1", "http://127.0.0.1:99999/", "javascript:alert(1)", "http:///x"])
def test_a_bad_url_is_a_fetch_error(url: str) -> None:
    with pytest.raises(FetchError) as info:
        _fetch(url)
    assert info.value.message.startswith(f"{url}: ")


def test_a_trickling_server_meets_the_overall_deadline(http_base: str) -> None:
    """A byte every 0.1 s never trips the 1-second read timeout; the 1.5-second deadline ends it."""
    t0 = time.monotonic()
    with pytest.raises(FetchError, match=r"1\.5-second deadline"):
        _fetch(f"{http_base}/trickle", deadline=1.5)
    assert time.monotonic() - t0 < 2.5


def test_transient_failures_are_retried_with_backoff(http_base: str, http_hits: dict[str, int]) -> None:
    HITS = http_hits
    doc = fetch_document(f"{http_base}/flaky?t=1", allow_private=True, options=IngestOptions(fetch=QUICK))
    assert "479.5 billion" in doc.text and HITS["/flaky?t=1"] == 3  # two 503s, then the page
    assert fetch_document(f"{http_base}/limited?t=1", allow_private=True, options=IngestOptions(fetch=QUICK)).text
    assert HITS["/limited?t=1"] == 2  # a 429 with Retry-After: 0, then the page
    with pytest.raises(FetchError, match="HTTP 502"):
        _fetch(f"{http_base}/down?t=1", retries=3)
    assert HITS["/down?t=1"] == 4


@pytest.mark.parametrize(("path", "reason"), [
    ("/gone?t=2", "HTTP 404"), ("/limited-long?t=2", "HTTP 429"), ("/huge?t=2", "larger than"),
    ("/binary?t=2", "unsupported content type"),
])
def test_permanent_failures_are_not_retried(http_base: str, http_hits: dict[str, int], path: str, reason: str) -> None:
    HITS = http_hits
    with pytest.raises(FetchError, match=reason):
        _fetch(f"{http_base}{path}", retries=3)
    assert HITS[path] == 1


def test_connect_errors_are_retried_then_reported(unused_port: int) -> None:
    t0 = time.monotonic()
    with pytest.raises(FetchError, match="cannot connect"):
        _fetch(f"http://127.0.0.1:{unused_port}/", retries=2, backoff=0.2)
    assert time.monotonic() - t0 >= 0.6  # waited 0.2 + 0.4 s between the three attempts
