"""The SSRF guard: only globally routable addresses (also inside 6to4, Teredo, NAT64 and IPv4-mapped
addresses), the connection pinned to the checked address, and ``aigap ingest --no-private-urls``."""

from __future__ import annotations

import ipaddress
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from aigap.errors import FetchError
from aigap.sources import IngestOptions, fetch_document
from aigap.sources.fetch import FetchOptions, is_public_address

GUARDED = IngestOptions(fetch=FetchOptions(connect_timeout=1, read_timeout=1, retries=0, allow_private=False))


@pytest.mark.parametrize("address", [
    "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0", "100.64.0.1",
    "100.127.255.254", "192.0.2.1", "198.18.0.1", "224.0.0.1", "240.0.0.1", "::1", "::", "fc00::1", "fe80::1",
    "2001:db8::1", "2002:7f00::1", "2002:a00:1::", "2002:a9fe:a9fe::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
    "64:ff9b::7f00:1", "64:ff9b::a00:1", "::7f00:1", "2001:0:4136:e378:8000:63bf:80ff:fffe", "ff0e::1",
])
def test_non_global_addresses_are_not_public(address: str) -> None:
    assert not is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["8.8.8.8", "93.184.215.14", "2606:4700::1111", "2002:808:808::1",
                                     "::ffff:8.8.8.8"])
def test_global_addresses_are_public(address: str) -> None:
    assert is_public_address(ipaddress.ip_address(address)) is (address != "::ffff:8.8.8.8")  # mapped: not routed


@pytest.mark.parametrize("host", ["100.64.0.1", "[2002:7f00::1]", "[::ffff:127.0.0.1]", "[64:ff9b::7f00:1]"])
def test_the_guard_refuses_carrier_nat_and_wrapped_loopback(host: str) -> None:
    with pytest.raises(FetchError, match="non-public address"):
        fetch_document(f"http://{host}/article.html", allow_private=False, options=GUARDED)


def test_the_connection_goes_to_the_address_that_was_checked(http_base: str, http_hits: dict[str, int],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """DNS rebinding: the name answers a public address to the check and loopback afterwards. The
    fetch must connect to the checked address (unreachable here), never to loopback. (No name server
    of our own runs here, so the resolver is replaced for this one name.)"""
    port = int(http_base.rsplit(":", 1)[1])
    real = socket.getaddrinfo
    answers = iter(["93.184.215.14"])

    def rebinding(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "rebind.test":
            ip = next(answers, "127.0.0.1")
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port))]
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    with pytest.raises(FetchError, match=r"rebind\.test"):
        fetch_document(f"http://rebind.test:{port}/article.html?t=rebind", allow_private=False, options=GUARDED)
    assert "/article.html?t=rebind" not in http_hits


def aigap(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "AIGAP_HOME": str(home)}
    env.pop("AIGAP_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "aigap", *args], capture_output=True, text=True, env=env, timeout=300)


def _rejections(out: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in out.stderr.splitlines() if line.startswith("rejected: ")]


def test_cli_batch_goes_on_past_a_redirect_to_javascript(tmp_path: Path, http_base: str) -> None:
    out = aigap(tmp_path, "ingest", f"{http_base}/to-js", "http://[::1", f"{http_base}/article.html")
    assert out.returncode == 2, out.stderr
    assert "stored 1 new documents" in out.stdout and "Traceback" not in out.stderr
    lines = _rejections(out)
    assert len(lines) == 2 and f"{http_base}/to-js: only http(s)" in lines[0] and "http://[::1: invalid URL" in lines[1]


def test_cli_no_private_urls_checks_every_hop(tmp_path: Path, http_base: str) -> None:
    out = aigap(tmp_path, "ingest", "--no-private-urls", f"{http_base}/article.html")
    assert out.returncode == 2 and "stored 0 new documents" in out.stdout
    assert _rejections(out) == [f"rejected: {http_base}/article.html: refused, 127.0.0.1 resolves to a non-public "
                                "address (127.0.0.1)"]
    # a trusted host is fetched; its redirect to another name of this machine is still checked
    out = aigap(tmp_path, "ingest", "--no-private-urls", "--allow-url-host", "127.0.0.1",
                f"{http_base}/to-localhost?t=cli", f"{http_base}/article.html")
    assert out.returncode == 2 and "stored 1 new documents" in out.stdout
    rejected = _rejections(out)
    assert len(rejected) == 1 and (f"rejected: {http_base}/to-localhost?t=cli: refused, localhost resolves to a "
                                   "non-public address") in rejected[0]
    # without the option the CLI fetches from this machine, as before
    assert aigap(tmp_path, "ingest", f"{http_base}/redirect").returncode == 0
