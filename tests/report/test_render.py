from __future__ import annotations

from pathlib import Path

import pytest

from aigap.errors import ValidationError
from aigap.records import Claim, Document
from aigap.report import write_report
from aigap.sources import content_hash
from aigap.store import Store


@pytest.fixture
def small(store: Store) -> Store:
    text = "<script>alert(1)</script> 中国AI研究人员超过50万人，美国约为25万人。"
    doc = Document(doc_id="x", text=text, source_uri="file:///x", title="<b>Title</b>", content_hash=content_hash(text))
    store.add_document(doc, [
        Claim(doc="x", start=0, end=1, number_text="超过50万人", quote=text, value=5e5, unit="people", subject="CN",
              metric="ai_researchers", period="2024", qualifier="over"),
        Claim(doc="x", start=1, end=2, number_text="约为25万人", quote=text, value=2.5e5, unit="people", subject="US",
              metric="ai_researchers", period="2024", qualifier="approx"),
    ], "t")
    return store


@pytest.mark.parametrize(("lang", "fmt"), [("en", "html"), ("zh", "html"), ("en", "md"), ("zh", "md")])
def test_report_in_both_languages(small: Store, tmp_path: Path, lang: str, fmt: str) -> None:
    out = write_report(small, lang=lang, fmt=fmt, out=tmp_path / f"r.{fmt}")
    text = out.read_text(encoding="utf-8")
    assert ("China" in text or "CN" in text) and "500,000" in text
    assert ("人才" in text) == (lang == "zh")
    if fmt == "html":
        assert "<b>Title</b>" not in text and "&lt;b&gt;Title&lt;/b&gt;" in text


def test_bad_options(small: Store, tmp_path: Path) -> None:
    with pytest.raises(ValidationError):
        write_report(small, lang="fr", out=tmp_path / "r.html")
    with pytest.raises(ValidationError):
        write_report(small, fmt="docx", out=tmp_path / "r.docx")


def test_no_data_is_said_plainly(small: Store, tmp_path: Path) -> None:
    text = write_report(small, countries=("FR", "JP"), out=tmp_path / "r.html").read_text(encoding="utf-8")
    assert "There is no data to compare FR, JP" in text
