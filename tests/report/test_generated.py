"""aigap's own reports are not evidence: ``ingest -r .`` beside them skips them with a notice; and
the bundled corpus is stored under stable ``aigap:corpus/...`` URIs, not the checkout's path."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from aigap.corpus import CORPUS_URI_PREFIX
from aigap.store import Store


def test_ingest_skips_the_reports_aigap_wrote(demo_db: str, tmp_path: Path) -> None:
    db = tmp_path / "aigap.db"
    shutil.copy(demo_db.removeprefix("sqlite:///"), db)
    env = {**os.environ, "AIGAP_HOME": str(tmp_path / "home"), "AIGAP_DATABASE_URL": f"sqlite:///{db}"}
    work = tmp_path / "clippings"
    (work / "sub").mkdir(parents=True)

    def aigap(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "aigap", *args], capture_output=True, text=True, env=env,
                              cwd=work, timeout=300)

    for fmt, out in (("html", "aigap-report.html"), ("md", "sub/briefing.md")):
        proc = aigap("report", "--format", fmt, "--out", out)
        assert proc.returncode == 0, proc.stderr
    # A PDF report: what `aigap report --format pdf` marks after chromium prints it (fpdf2 stands in
    # for chromium here; the mark is the same function's).
    from fpdf import FPDF

    from aigap.generated import mark_pdf

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="In 2024 the US invested 7 billion dollars in AI. " * 3)
    pdf.output(str(work / "sub" / "briefing.pdf"))
    mark_pdf(work / "sub" / "briefing.pdf")
    html = (work / "aigap-report.html").read_text(encoding="utf-8")
    assert '<meta name="generator" content="aigap ' in html[:2000]
    assert (work / "sub" / "briefing.md").read_text(encoding="utf-8").startswith("<!-- generator: aigap ")
    # An article that merely mentions aigap in its head is evidence, and is stored.
    (work / "article.html").write_text(
        '<html><head><meta name="generator" content="WordPress 6.4"><title>aigap reviewed</title></head><body>'
        "<p>In 2024 the US invested 7 billion dollars in AI research, the ministry said.</p></body></html>",
        encoding="utf-8")
    before = Store.open(f"sqlite:///{db}")
    n_before = before.counts().documents
    before.close()
    proc = aigap("ingest", "-r", ".")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "stored 1 new documents" in proc.stdout and "0 rejected" in proc.stdout, proc.stdout
    skipped = [ln for ln in proc.stderr.splitlines() if ln.startswith("skipped:")]
    assert len(skipped) == 3 and all("written by aigap" in ln for ln in skipped), proc.stderr
    assert any("aigap-report.html" in ln for ln in skipped) and any("briefing.md" in ln for ln in skipped)
    assert any("briefing.pdf" in ln for ln in skipped)
    after = Store.open(f"sqlite:///{db}")
    assert after.counts().documents == n_before + 1
    assert [d.title for d in after.documents()][-1] == "aigap reviewed"
    after.close()


def test_bundled_corpus_is_stored_under_stable_uris(demo_store: Store) -> None:
    docs = demo_store.documents()
    assert len(docs) == 5
    for d in docs:
        assert d.source_uri == f"{CORPUS_URI_PREFIX}{d.doc_id}.txt", d.source_uri
        assert demo_store.document_sources(d.id) == [d.source_uri]
