"""Bytes to text: UTF-8 (with or without BOM), UTF-16 (with a BOM, or without one when its NUL
bytes show it), GB18030/GBK/GB2312, Big5, detected when not declared.

Decoding never crashes. Mostly-UTF-8 text with a few bad bytes is UTF-8 with those bytes replaced
(U+FFFD, counted in ``Decoded.replaced``), not a legacy code page that garbles every Chinese
character. A legacy decoding (the detector's pick or a Chinese fallback) must read like text, so
random bytes never pass for a document; the last resort is a lossy decode, reported to the caller.
Magic bytes name images and archives whatever the file is called (``binary_kind``).
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

from charset_normalizer import from_bytes

__all__ = ["Decoded", "binary_kind", "decode_bytes", "looks_binary", "utf16_without_bom"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Chinese legacy encodings, widest first: GB18030 is a superset of GBK and GB2312.
_FALLBACKS = ("gb18030", "big5")

# Leading bytes of formats that are never a text document (PDF and ZIP are told apart by the caller:
# a PDF is read as PDF, a ZIP only as DOCX).
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"\x00\x00\x01\x00", "ICO image"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"(\xb5/\xfd", "zstd archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"%PDF-", "PDF document"),
    (b"\x7fELF", "ELF executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"fLaC", "FLAC audio"),
    (b"\x1a\x45\xdf\xa3", "Matroska media"),
    (b"\x00asm", "WebAssembly module"),
    (b"\xca\xfe\xba\xbe", "Java class or Mach-O file"),
)

# A UTF-8 reading survives this many bad bytes per byte, if valid multi-byte characters outnumber
# the bad sequences (Latin-1 or GBK text has no valid multi-byte UTF-8 characters to speak of).
_UTF8_BAD_SHARE = 0.01
_UTF8_VALID_PER_BAD = 4


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    lossy: bool = False
    replaced: int = 0  # bad bytes replaced by U+FFFD in an otherwise UTF-8 text


def binary_kind(data: bytes) -> str | None:
    """What the leading bytes say the data is, when it is an image, archive, media or program."""
    head = data[:16]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith(b"RIFF") and head[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return {b"WEBP": "WebP image", b"WAVE": "WAV audio", b"AVI ": "AVI video"}[head[8:12]]
    if head[4:8] == b"ftyp":
        return "MP4/HEIF media"
    return None


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control bytes in the first 8 KB (UTF-16 text is handled before this)."""
    head = data[:8192]
    if not head:
        return False
    if b"\x00" in head:
        return True
    ctrl = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return ctrl / len(head) > 0.05


def utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when the NUL bytes say so: UTF-16 text with ASCII in it (digits,
    spaces, line ends) has its NULs at odd (LE) or even (BE) offsets only, random bytes at both."""
    head = data[:8192]
    if len(head) < 16 or len(data) % 2:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    nuls = even + odd
    if nuls < len(head) // 64:
        return None
    if odd >= 0.98 * nuls:
        enc = "utf-16-le"
    elif even >= 0.98 * nuls:
        enc = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(enc)
    except UnicodeDecodeError:
        return None
    return enc if plausible(text) else None


class _Counter:
    def __init__(self) -> None:
        self.bad = 0
        self.sequences = 0

    def __call__(self, exc: UnicodeError) -> tuple[str, int]:
        assert isinstance(exc, UnicodeDecodeError)
        self.bad += exc.end - exc.start
        self.sequences += 1
        return "\ufffd", exc.end


def _mostly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few bad bytes (a truncated or spliced file): decode with replacement."""
    counter = _Counter()
    name = f"aigap-count-{id(counter)}"
    codecs.register_error(name, counter)
    text = data.decode("utf-8", errors=name)
    valid_multibyte = sum(1 for ch in text if ch > "\x7f") - counter.sequences
    if counter.bad <= _UTF8_BAD_SHARE * len(data) and valid_multibyte >= _UTF8_VALID_PER_BAD * counter.sequences:
        return Decoded(text, "utf-8", replaced=counter.bad)
    return None


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _common_cjk(ch: str) -> bool:
    """In GB2312 (the 6,763 common simplified characters) or Big5's 5,401 frequent characters."""
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        pass
    try:
        return 0xA4 <= ch.encode("big5")[0] <= 0xC6
    except UnicodeEncodeError:
        return False


def plausible(text: str) -> bool:
    """Whether a decoding reads like text: few control, private-use or unassigned characters; Chinese
    mostly in common characters; other scripts with spaces between words. Random bytes decoded by a
    single-byte code page or GB18030 fail it."""
    sample = text[:20000]
    if not sample.strip():
        return False
    odd = sum(1 for ch in sample if ch not in "\t\n\r\f" and unicodedata.category(ch) in ("Cc", "Co", "Cn", "Cs"))
    if odd > 0.01 * len(sample):
        return False
    cjk = [ch for ch in sample if _is_cjk(ch)]
    letters = sum(1 for ch in sample if ch.isalpha())
    if cjk and len(cjk) >= 0.3 * letters:
        return sum(1 for ch in cjk if _common_cjk(ch)) >= 0.8 * len(cjk)
    kana_hangul = sum(1 for ch in sample if "\u3040" <= ch <= "\u30ff" or "\uac00" <= ch <= "\ud7af")
    if kana_hangul >= 0.5 * max(1, letters):
        return True
    spaces = sum(1 for ch in sample if ch.isspace())
    return spaces >= 0.03 * len(sample) and letters >= 0.5 * (len(sample) - spaces)


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
    almost = _mostly_utf8(data)
    if almost is not None:
        return almost
    enc16 = utf16_without_bom(data)
    if enc16 is not None:
        return Decoded(data.decode(enc16), enc16)
    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        try:
            text = data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            pass
        else:
            if plausible(text):
                return Decoded(text, best.encoding)
    for enc in _FALLBACKS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if plausible(text):
            return Decoded(text, enc)
    return Decoded(data.decode("utf-8", errors="replace"), "utf-8", lossy=True)
