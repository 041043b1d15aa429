from __future__ import annotations

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
