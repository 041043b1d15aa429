"""Fetching URLs safely: timeouts, a size cap (also on decompressed bytes, so a gzip bomb is
refused), a redirect limit, content-type checks, and an optional SSRF guard that refuses loopback,
private and link-local addresses after DNS resolution and after every redirect."""

from __future__ import annotations

import ipaddress
import socket
import zlib
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from aigap.errors import FetchError

__all__ = ["FetchOptions", "Fetched", "fetch_url"]

_TEXTUAL = ("text/", "application/xhtml", "application/pdf", "application/xml", "application/json",
            "application/vnd.openxmlformats-officedocument.wordprocessingml")


@dataclass(frozen=True, slots=True)
class FetchOptions:
    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    max_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 5
    allow_private: bool = True
    # Hosts trusted even on a private address (an intranet wiki): every other hop is still checked.
    allowed_hosts: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str
    final_url: str
    content: bytes
    content_type: str | None
    charset: str | None


def _check_host(url: str, allowed: frozenset[str] = frozenset()) -> None:
    host = urlsplit(url).hostname
    if not host:
        raise FetchError(f"{url}: no host in URL")
    if host.lower() in allowed:
        return
    try:
        infos = socket.getaddrinfo(host, None)
    except socket.gaierror as exc:
        raise FetchError(f"{url}: cannot resolve host {host!r} ({exc.strerror})") from None
    for info in infos:
        ip = ipaddress.ip_address(info[4][0])
        if ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_reserved or ip.is_multicast or ip.is_unspecified:
            raise FetchError(f"{url}: refused, {host} resolves to a non-public address ({ip})")


def _read_capped(resp: httpx.Response, url: str, cap: int) -> bytes:
    encoding = resp.headers.get("content-encoding", "").lower()
    decomp = zlib.decompressobj(16 + zlib.MAX_WBITS) if encoding in ("gzip", "x-gzip") else (
        zlib.decompressobj() if encoding == "deflate" else None
    )
    out = bytearray()
    for chunk in resp.iter_raw():
        if decomp is not None:
            # Decompress with a bound so a small bomb cannot expand past the cap.
            piece = decomp.decompress(chunk, cap + 1 - len(out))
            out += piece
            if decomp.unconsumed_tail and len(out) > cap:
                raise FetchError(f"{url}: response expands beyond {cap} bytes (compression bomb?)")
        else:
            out += chunk
        if len(out) > cap:
            raise FetchError(f"{url}: response larger than {cap} bytes")
    return bytes(out)


def fetch_url(url: str, options: FetchOptions | None = None) -> Fetched:
    """GET ``url`` following at most ``max_redirects`` redirects; raises FetchError with a reason."""
    opts = options or FetchOptions()
    if urlsplit(url).scheme not in ("http", "https"):
        raise FetchError(f"{url}: only http(s) URLs can be fetched")
    timeout = httpx.Timeout(opts.read_timeout, connect=opts.connect_timeout)
    current = url
    with httpx.Client(timeout=timeout, follow_redirects=False, headers={"Accept-Encoding": "gzip, deflate"}) as client:
        for _ in range(opts.max_redirects + 1):
            if not opts.allow_private:
                _check_host(current, opts.allowed_hosts)
            try:
                with client.stream("GET", current) as resp:
                    if resp.is_redirect:
                        loc = resp.headers.get("location")
                        if not loc:
                            raise FetchError(f"{url}: redirect without a Location")
                        current = urljoin(current, loc)
                        continue
                    if resp.status_code >= 400:
                        raise FetchError(f"{url}: HTTP {resp.status_code}")
                    ctype = resp.headers.get("content-type")
                    if ctype and not ctype.lower().startswith(_TEXTUAL):
                        raise FetchError(f"{url}: unsupported content type {ctype.split(';')[0]}")
                    declared = resp.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > opts.max_bytes:
                        raise FetchError(f"{url}: response larger than {opts.max_bytes} bytes")
                    body = _read_capped(resp, url, opts.max_bytes)
                    return Fetched(url, current, body, ctype, resp.charset_encoding)
            except httpx.TimeoutException:
                raise FetchError(f"{url}: timed out") from None
            except httpx.HTTPError as exc:
                raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from None
    raise FetchError(f"{url}: more than {opts.max_redirects} redirects")
