"""Fetching URLs safely: timeouts and an overall deadline, a size cap (also on decompressed bytes, so
a gzip bomb is refused), a redirect limit (every hop must be http(s)), content-type checks, retries
with backoff for transient failures only, and an optional SSRF guard.

The guard refuses any address that is not globally routable (``ipaddress`` ``is_global``; 6to4,
Teredo, NAT64 and IPv4-mapped addresses are judged by the IPv4 address they carry) after DNS
resolution and after every redirect. The name is resolved once per hop and the connection goes to
the address that was checked (a DNS answer that changes between check and connect cannot reach a
private address); the URL, Host header and TLS SNI keep the name.
"""

from __future__ import annotations

import ipaddress
import socket
import time
import zlib
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any

import httpcore
import httpx

from aigap.errors import FetchError

__all__ = ["FetchOptions", "Fetched", "fetch_url", "is_public_address"]

_TEXTUAL = ("text/", "application/xhtml", "application/pdf", "application/xml", "application/json",
            "application/vnd.openxmlformats-officedocument.wordprocessingml")
_TRANSIENT_STATUS = frozenset({502, 503, 504})
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


@dataclass(frozen=True, slots=True)
class FetchOptions:
    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    # The whole fetch (every hop, retry and byte) ends by then: a server trickling a byte a second
    # never times out a single read.
    deadline: float = 60.0
    max_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 5
    # Retries of connect errors, 502/503/504 and 429 (when its Retry-After is at most
    # ``max_retry_after`` seconds); never of other 4xx, oversize or slow answers.
    retries: int = 2
    backoff: float = 0.5
    max_retry_after: float = 10.0
    allow_private: bool = True
    # Hosts trusted even on a private address (an intranet wiki): every other hop is still checked.
    allowed_hosts: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str
    final_url: str
    content: bytes
    content_type: str | None
    charset: str | None


def is_public_address(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Globally routable, and so is any IPv4 address embedded in it (2002:7f00::1 is loopback)."""
    if not ip.is_global or ip.is_multicast or ip.is_reserved or ip.is_unspecified:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = [ip.ipv4_mapped, ip.sixtofour, *(ip.teredo or ())]
        if ip in _NAT64:
            embedded.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
        return all(is_public_address(e) for e in embedded if e is not None)
    return True


class _Expired(Exception):
    """The fetch's overall deadline passed."""


class _Stream(httpcore.NetworkStream):
    """A connection whose every read and write waits at most until the fetch's deadline."""

    def __init__(self, inner: httpcore.NetworkStream, backend: _Backend) -> None:
        self._inner = inner
        self._backend = backend

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._backend.left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._backend.left(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        return _Stream(self._inner.start_tls(ssl_context, server_hostname, self._backend.left(timeout)), self._backend)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    """Connects a host to its pinned (checked) address when there is one; bounds every wait by the
    deadline. The request keeps the host name, so Host and SNI are the name's."""

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.pins: dict[str, str] = {}
        self.expired = False
        self._inner = httpcore.SyncBackend()

    def left(self, timeout: float | None) -> float:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            self.expired = True
            raise _Expired
        return remaining if timeout is None else min(timeout, remaining)

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Any = None) -> httpcore.NetworkStream:
        stream = self._inner.connect_tcp(self.pins.get(host, host), port, self.left(timeout), local_address,
                                         socket_options)
        return _Stream(stream, self)

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Any = None) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class _Transport(httpx.HTTPTransport):
    def __init__(self, backend: _Backend) -> None:
        super().__init__()
        # httpx takes no network backend of its own; its pool does.
        self._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(), network_backend=backend)


def _parse(url: str, original: str) -> httpx.URL:
    """An http(s) URL with a host, or FetchError naming the input."""
    hop = "" if url == original else f" (redirect to {url[:200]!r})"
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, ValueError) as exc:
        raise FetchError(f"{original}: invalid URL{hop} ({exc})") from None
    if parsed.port is not None and not 0 < parsed.port < 65536:
        raise FetchError(f"{original}: invalid URL{hop} (port {parsed.port} out of range)")
    if parsed.scheme not in ("http", "https"):
        raise FetchError(f"{original}: only http(s) URLs can be fetched{hop}")
    if not parsed.host:
        raise FetchError(f"{original}: no host in URL{hop}")
    return parsed


def _resolve_checked(url: httpx.URL, original: str) -> str:
    """The one address to connect to, after checking every address the name has."""
    host = url.raw_host.decode("ascii")  # IDNA-encoded, as the connection will name it
    try:
        infos = socket.getaddrinfo(host, url.port or (443 if url.scheme == "https" else 80), type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        reason = exc.strerror if isinstance(exc, socket.gaierror) else str(exc)
        raise FetchError(f"{original}: cannot resolve host {host!r} ({reason})") from None
    addresses = [str(info[4][0]) for info in infos]
    for a in addresses:
        if not is_public_address(ipaddress.ip_address(a.split("%", 1)[0])):
            raise FetchError(f"{original}: refused, {host} resolves to a non-public address ({a})")
    if not addresses:
        raise FetchError(f"{original}: cannot resolve host {host!r}")
    return addresses[0]


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


class _BadRedirect(Exception):
    def __init__(self, location: str, reason: str) -> None:
        super().__init__(reason)
        self.location = location
        self.reason = reason


def _check_redirect(resp: httpx.Response) -> None:
    """A response hook: httpx builds the next request of a redirect even when not following it, and
    a ``javascript:`` Location makes that raise; refuse such a target first, with a reason."""
    if not resp.has_redirect_location:
        return
    loc = resp.headers["location"]
    try:
        target = httpx.URL(loc)
    except (httpx.InvalidURL, ValueError) as exc:
        raise _BadRedirect(loc, f"invalid URL ({exc})") from None
    if target.scheme and target.scheme not in ("http", "https"):
        raise _BadRedirect(loc, "only http(s) URLs can be fetched")


class _Retry(Exception):
    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


def _retry_after(value: str | None, limit: float) -> float | None:
    """Seconds a 429 asks to wait, when given and at most ``limit``; else None (do not retry)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        secs = float(value)
    else:
        try:
            secs = parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    return max(0.0, secs) if secs <= limit else None


def _get(client: httpx.Client, url: str, original: str, opts: FetchOptions) -> Fetched | str:
    """One hop: the fetched document, or the next URL of a redirect."""
    with client.stream("GET", url) as resp:
        if resp.is_redirect:
            loc = resp.headers.get("location")
            if not loc:
                raise FetchError(f"{original}: redirect without a Location")
            try:
                return str(resp.url.join(loc))
            except (httpx.InvalidURL, ValueError) as exc:
                raise FetchError(f"{original}: invalid redirect target {loc[:200]!r} ({exc})") from None
        if resp.status_code in _TRANSIENT_STATUS:
            raise _Retry(f"{original}: HTTP {resp.status_code}")
        if resp.status_code == 429:
            wait = _retry_after(resp.headers.get("retry-after"), opts.max_retry_after)
            if wait is None:
                raise FetchError(f"{original}: HTTP 429 (too many requests)")
            raise _Retry(f"{original}: HTTP 429 (too many requests)", wait)
        if resp.status_code >= 400:
            raise FetchError(f"{original}: HTTP {resp.status_code}")
        ctype = resp.headers.get("content-type")
        if ctype and not ctype.lower().startswith(_TEXTUAL):
            raise FetchError(f"{original}: unsupported content type {ctype.split(';')[0]}")
        declared = resp.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > opts.max_bytes:
            raise FetchError(f"{original}: response larger than {opts.max_bytes} bytes")
        body = _read_capped(resp, original, opts.max_bytes)
        return Fetched(original, url, body, ctype, resp.charset_encoding)


def _hop(client: httpx.Client, backend: _Backend, url: str, original: str, opts: FetchOptions) -> Fetched | str:
    """One hop with its retries, each attempt bounded by the deadline."""
    parsed = _parse(url, original)
    guarded = not opts.allow_private and parsed.host.lower() not in opts.allowed_hosts
    for attempt in range(opts.retries + 1):
        key = parsed.raw_host.decode("ascii")
        if guarded:  # resolved per attempt, and the connection pinned to what was checked
            backend.pins[key] = _resolve_checked(parsed, original)
        else:
            backend.pins.pop(key, None)
        try:
            return _get(client, url, original, opts)
        except _BadRedirect as b:
            raise FetchError(f"{original}: {b.reason} (redirect to {b.location[:200]!r})") from None
        except _Retry as r:
            reason, wait = r.reason, r.wait
        except _Expired:
            raise FetchError(f"{original}: no complete answer within the {opts.deadline:g}-second deadline") from None
        except httpx.TimeoutException:
            if backend.expired or time.monotonic() >= backend.deadline - 0.01:  # the wait was cut to the deadline
                raise FetchError(f"{original}: no complete answer within the {opts.deadline:g}-second deadline") from None
            raise FetchError(f"{original}: timed out") from None
        except httpx.ConnectError as exc:
            reason, wait = f"{original}: cannot connect ({exc})", None
        except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError) as exc:
            raise FetchError(f"{original}: {type(exc).__name__}: {exc}") from None
        pause = opts.backoff * 2 ** attempt if wait is None else wait
        if attempt == opts.retries or time.monotonic() + pause >= backend.deadline:
            break
        time.sleep(pause)
    raise FetchError(reason)


def fetch_url(url: str, options: FetchOptions | None = None) -> Fetched:
    """GET ``url`` following at most ``max_redirects`` redirects; raises FetchError with a reason."""
    opts = options or FetchOptions()
    _parse(url, url)
    current = url
    backend = _Backend(time.monotonic() + opts.deadline)
    timeout = httpx.Timeout(opts.read_timeout, connect=opts.connect_timeout)
    # No proxies from the environment: a proxy would connect by name, past the pinned address.
    with httpx.Client(timeout=timeout, follow_redirects=False, headers={"Accept-Encoding": "gzip, deflate"},
                      event_hooks={"response": [_check_redirect]}, transport=_Transport(backend), trust_env=False) as client:
        for _ in range(opts.max_redirects + 1):
            got = _hop(client, backend, current, url, opts)
            if isinstance(got, Fetched):
                return got
            current = got
    raise FetchError(f"{url}: more than {opts.max_redirects} redirects")
