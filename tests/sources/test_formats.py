from __future__ import annotations

import io

import pytest

from aigap.errors import InputError
from aigap.sources.formats import parse_bytes

ARTICLE = (
    "The United States allocated $3.1 billion to AI research in fiscal 2024, "
    "while China reported more than 500,000 AI researchers. "
)

HTML = f"""<!doctype html><html><head><meta charset="utf-8"><title>AI race &amp; chips</title>
<meta property="og:site_name" content="Example News"><meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2024-05-02T10:00:00Z"></head>
<body><nav><a href="/">Home</a> | <a href="/tech">Tech</a> | Subscribe now</nav>
<article><h1>AI race</h1><p>{ARTICLE}</p><p>{ARTICLE}</p><p>Analysts expect the gap to narrow.</p></article>
<footer>Copyright 2024 Example News. Tel: (852) 9262 2251. Privacy Policy</footer></body></html>"""


def _pdf(pages: list[str]) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


def test_html_keeps_the_article_and_its_metadata() -> None:
    parsed = parse_bytes("page.html", HTML.encode("utf-8"))
    assert "$3.1 billion" in parsed.text and "Analysts expect" in parsed.text
    assert "Subscribe now" not in parsed.text and "Privacy Policy" not in parsed.text
    assert parsed.title == "AI race & chips"
    assert parsed.author == "Jane Roe" and parsed.outlet == "Example News"


def test_html_without_text_is_rejected() -> None:
    with pytest.raises(InputError, match="no text"):
        parse_bytes("blank.html", b"<html><head><title></title></head><body><script>x()</script></body></html>")


def test_pdf_text_layer_and_page_offsets() -> None:
    parsed = parse_bytes("report.pdf", _pdf([ARTICLE, "Second page: 35% of papers."]))
    assert "3.1 billion" in parsed.text and "35% of papers" in parsed.text
    pages = parsed.extra["pages"]
    assert pages[0] == 0 and parsed.text[pages[1] :].startswith("Second page")


def test_truncated_pdf_is_rejected() -> None:
    data = _pdf([ARTICLE])
    with pytest.raises(InputError, match="PDF"):
        parse_bytes("broken.pdf", data[: len(data) // 3])


def test_encrypted_pdf_is_rejected() -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(_pdf([ARTICLE]))).pages:
        writer.add_page(page)
    writer.encrypt("secret")
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(InputError, match="encrypted"):
        parse_bytes("locked.pdf", buf.getvalue())


def test_docx_paragraphs() -> None:
    import docx

    d = docx.Document()
    d.core_properties.title = "Chips"
    d.add_paragraph("中国2023年集成电路产量为3514亿块，同比增长6.9%。")
    d.add_paragraph(ARTICLE)
    buf = io.BytesIO()
    d.save(buf)
    parsed = parse_bytes("brief.docx", buf.getvalue())
    assert "3514亿块" in parsed.text and "$3.1 billion" in parsed.text
    assert parsed.title == "Chips"


def test_corrupt_docx_is_rejected() -> None:
    with pytest.raises(InputError, match="DOCX"):
        parse_bytes("bad.docx", b"PK\x03\x04 not really a zip")


def _encrypted(user_password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(_pdf([ARTICLE]))).pages:
        writer.add_page(page)
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def test_pdf_encrypted_with_the_empty_password_is_read() -> None:
    parsed = parse_bytes("restricted.pdf", _encrypted(""))
    assert "3.1 billion" in parsed.text


def test_pdf_that_needs_a_password_says_so() -> None:
    with pytest.raises(InputError) as err:
        parse_bytes("locked.pdf", _encrypted("secret"))
    assert err.value.message == "locked.pdf: encrypted PDF that needs a password"


def test_a_broken_pdf_is_one_line_on_stderr(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os
    import subprocess
    import sys

    data = _pdf([ARTICLE])
    (tmp_path / "broken.pdf").write_bytes(data[: len(data) // 3])
    env = {**os.environ, "AIGAP_HOME": str(tmp_path / "home")}
    env.pop("AIGAP_DATABASE_URL", None)
    got = subprocess.run([sys.executable, "-m", "aigap", "ingest", str(tmp_path / "broken.pdf")],
                         capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path)
    assert got.returncode == 2
    # pypdf's own "EOF marker not found" is folded into the reason, not printed on its own.
    assert got.stderr.splitlines() == [
        f"rejected: {tmp_path / 'broken.pdf'}: unreadable PDF (PdfStreamError: Stream has ended unexpectedly; "
        "EOF marker not found)"]
