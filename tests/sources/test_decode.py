from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from aigap.errors import InputError
from aigap.sources.decode import decode_bytes, looks_binary
from aigap.sources.documents import document_from_parsed
from aigap.sources.formats import parse_bytes
from aigap.store import Store

ZH = "据统计，中国从事人工智能研究与开发的人员超过50万人，美国约为25万人。" * 3
ZH_HANT = "據統計，中國從事人工智慧研究與開發的人員超過50萬人，美國約為25萬人。" * 3


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (ZH.encode("utf-8"), ZH),
        (codecs.BOM_UTF8 + ZH.encode("utf-8"), ZH),
        (ZH.encode("utf-16"), ZH),
        (ZH.encode("utf-16-le"), ZH),
        (ZH.encode("gbk"), ZH),
        (ZH.encode("gb18030"), ZH),
        (ZH_HANT.encode("big5"), ZH_HANT),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le-no-bom", "gbk", "gb18030", "big5"],
)
def test_encodings_decode_to_the_same_text(data: bytes, expected: str) -> None:
    assert decode_bytes(data).text == expected


def test_gb2312_subset() -> None:
    text = "中美人工智能竞争：美国投资超过500亿美元。" * 5
    assert decode_bytes(text.encode("gb2312")).text == text


def test_binary_named_txt_is_rejected() -> None:
    blob = bytes(range(256)) * 40
    assert looks_binary(blob)
    with pytest.raises(InputError, match="binary"):
        parse_bytes("photo.txt", blob)


def test_empty_file_is_rejected() -> None:
    with pytest.raises(InputError, match="empty"):
        parse_bytes("empty.txt", b"")


def test_mostly_utf8_with_a_few_bad_bytes_stays_utf8_and_says_so() -> None:
    text = ZH * 4
    data = text[:30].encode() + b"\xff" + text[30:90].encode() + b"\xc3" + text[90:].encode()  # two stray bytes
    parsed = parse_bytes("a.txt", data)
    assert parsed.extra["encoding"] == "utf-8"
    assert parsed.extra["decode_note"] == "2 invalid UTF-8 bytes replaced with U+FFFD"
    assert parsed.text.count("\ufffd") == 2
    assert parsed.text.replace("\ufffd", "") == (ZH * 4)  # every Chinese character intact


def test_legacy_text_is_not_taken_for_broken_utf8() -> None:
    assert decode_bytes((ZH * 4).encode("gbk")).text == ZH * 4  # all "bad" as UTF-8: a GBK file
    latin = "Le café coûte 3 € à Paris, déjà cher.\n".encode("cp1252") * 5
    dec = decode_bytes(latin)  # no valid multi-byte UTF-8 at all: a code page, not broken UTF-8
    assert dec.replaced == 0 and "\ufffd" not in dec.text and dec.text.startswith("Le caf")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_text(codec: str) -> None:
    text = "China imported 479.5 billion chips in 2023, down 10.8% year on year.\n中国进口芯片4795亿块。\n" * 4
    parsed = parse_bytes("chips.txt", text.encode(codec))
    assert parsed.text == text and parsed.extra["encoding"] == codec


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"<p>China invested $5 billion</p>" * 20


@pytest.mark.parametrize(
    ("name", "data", "content_type", "kind"),
    [
        ("photo.txt", PNG, None, "PNG image"),
        ("page", PNG, "text/html; charset=utf-8", "PNG image"),
        ("page.html", PNG, None, "PNG image"),
        ("photo.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"text " * 50, None, "JPEG image"),
        ("anim.md", b"GIF89a" + b"plain words " * 30, None, "GIF image"),
        ("bundle.txt", b"PK\x03\x04" + b"word " * 40, None, "ZIP archive"),
        ("notes.txt.gz", b"\x1f\x8b\x08\x00" + b"word " * 40, "text/plain", "gzip archive"),
        ("report.docx", PNG, None, "PNG image"),
        ("report.pdf", b"GIF87a" + b"x" * 50, None, "GIF image"),
    ],
)
def test_images_and_archives_are_never_text(name: str, data: bytes, content_type: str | None, kind: str) -> None:
    with pytest.raises(InputError) as err:
        parse_bytes(name, data, content_type)
    assert err.value.message == f"{name}: {kind}, not a text document"


def test_a_pdf_is_read_only_as_a_pdf() -> None:
    with pytest.raises(InputError, match="unreadable PDF"):  # named .txt, still parsed (and refused) as PDF
        parse_bytes("paper.txt", b"%PDF-1.4 truncated")


def test_random_binary_blobs_are_never_documents() -> None:
    import random

    rng = random.Random(20261201)
    high = list(range(128, 256))
    printable_high = list(range(32, 127)) + high
    blobs = [rng.randbytes(4096) for _ in range(1000)]
    blobs += [bytes(rng.choices(high, k=4096)) for _ in range(300)]
    blobs += [bytes(rng.choices(range(1, 256), k=4096)) for _ in range(300)]
    blobs += [bytes(rng.choices(printable_high, k=4096)) for _ in range(300)]
    stored = []
    for i, blob in enumerate(blobs):
        try:
            parse_bytes(f"blob{i}.txt", blob)
        except InputError:
            continue
        stored.append(i)
    assert stored == []


def _broken_utf8() -> bytes:
    text = ZH * 4
    return text[:30].encode() + b"\xff" + text[30:90].encode() + b"\xc3" + text[90:].encode()


def test_ingest_says_when_it_replaced_bad_bytes(tmp_path: Path) -> None:
    # The CLI prints one note line naming the file; JSON carries it; a rerun (a duplicate) says nothing.
    f = tmp_path / "spliced.txt"
    f.write_bytes(_broken_utf8())
    env = {**os.environ, "AIGAP_HOME": str(tmp_path / "home")}
    env.pop("AIGAP_DATABASE_URL", None)
    cmd = [sys.executable, "-m", "aigap", "ingest", str(f)]
    first = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    assert first.returncode == 0, first.stderr
    assert first.stderr.splitlines() == [f"note: {f}: 2 invalid UTF-8 bytes replaced with U+FFFD"]
    again = subprocess.run([*cmd, "--format", "json"], capture_output=True, text=True, env=env, timeout=120)
    assert json.loads(again.stdout)["notes"] == [] and again.stderr == ""


def test_the_parallel_writer_gives_the_same_note(store: Store, tmp_path: Path) -> None:
    from aigap.sources.ingest import IngestReport
    from aigap.sources.parallel import _Writer
    from aigap.store import NewDocument

    parsed = parse_bytes("spliced.txt", _broken_utf8())
    doc = document_from_parsed(parsed, doc_id="spliced", source_uri="file:///spliced.txt", raw=_broken_utf8())
    report = IngestReport()
    writer = _Writer(store, report, None)
    writer.take("spliced.txt", NewDocument(doc, []))
    writer.flush()
    assert report.to_json()["notes"] == [{"input": "spliced.txt",
                                          "note": "spliced.txt: 2 invalid UTF-8 bytes replaced with U+FFFD"}]


def test_nul_characters_replaced_are_noted_too(store: Store, tmp_path: Path) -> None:
    from aigap.sources import ingest

    f = tmp_path / "records.jsonl"  # a record's text may hold NULs (a text file with them is binary)
    f.write_text(json.dumps({"text": "据统计，中国从事人工智能研究\x00的人员超过50万人。\x00\x00"}) + "\n", encoding="utf-8")
    rep = ingest(store, [str(f)], link=False)
    assert rep.stored == 1 and rep.notes == [(f"{f}:1", f"{f}:1: 3 NUL characters replaced with U+FFFD")]
