"""Bytes to text: UTF-8 (with or without BOM), UTF-16, GB18030/GBK/GB2312, Big5, detected when not
declared. Decoding never crashes: the last resort is a lossy UTF-8 decode, reported to the caller."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from charset_normalizer import from_bytes

__all__ = ["Decoded", "decode_bytes", "looks_binary"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Chinese legacy encodings, widest first: GB18030 is a superset of GBK and GB2312.
_FALLBACKS = ("gb18030", "big5")


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    lossy: bool = False


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control bytes in the first 8 KB (UTF-16 text has a BOM and is handled first)."""
    head = data[:8192]
    if not head:
        return False
    if b"\x00" in head:
        return True
    ctrl = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return ctrl / len(head) > 0.05


def _utf16_without_bom(data: bytes) -> str | None:
    # Mostly-ASCII or CJK UTF-16 without a BOM shows NULs in alternate positions.
    head = data[:4096]
    if len(head) < 4 or len(head) % 2:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    enc = "utf-16-le" if odd > len(head) // 4 else "utf-16-be" if even > len(head) // 4 else None
    if enc is None:
        return None
    try:
        return data.decode(enc)
    except UnicodeDecodeError:
        return None


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return Decoded(data.decode(enc, errors="replace"), enc)
    if declared:
        try:
            return Decoded(data.decode(declared), declared.lower())
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    text16 = _utf16_without_bom(data)
    if text16 is not None:
        return Decoded(text16, "utf-16")
    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        try:
            return Decoded(data.decode(best.encoding), best.encoding)
        except (UnicodeDecodeError, LookupError):
            pass
    for enc in _FALLBACKS:
        try:
            return Decoded(data.decode(enc), enc)
        except UnicodeDecodeError:
            continue
    return Decoded(data.decode("utf-8", errors="replace"), "utf-8", lossy=True)
