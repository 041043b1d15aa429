"""Report fixtures: the demo database, a copy of it with hostile text, chromium and poppler.

Browser and PDF tools skip when missing, except under ``CI=true``, where a missing tool fails the
test: CI must exercise the real renderer.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from aigap.reconcile.userdata import add_user_dataset
from aigap.records import Claim, Document
from aigap.sources import content_hash
from aigap.store import Store

CHROMIUM = "/usr/bin/chromium"
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
HOSTILE = f"{SCRIPT} | piped\ntitle {IMG}"


def need(path: str | None, what: str) -> str:
    """The tool's path; a missing tool fails under CI=true and skips elsewhere."""
    if path and Path(path).exists():
        return path
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {what} is missing")
    pytest.skip(f"{what} is not installed")


@pytest.fixture
def tool_check() -> Any:
    """``need`` itself, for the test of its CI rule."""
    return need


@pytest.fixture(scope="session")
def chromium() -> str:
    return need(CHROMIUM, f"chromium ({CHROMIUM})")


@pytest.fixture(scope="session")
def poppler() -> dict[str, str]:
    return {t: need(shutil.which(t), f"{t} (poppler-utils)") for t in ("pdftotext", "pdfimages")}




def _hostile_dataset(folder: Path) -> tuple[Path, Path]:
    """A user dataset whose benchmark name, model names, title and link are hostile."""
    csv_path = folder / "evil.csv"
    rows = ["indicator,country,period,value,measure,entity,note"]
    for day, us, cn in (("2024-01-15", 50, 40), ("2024-06-15", 60, 55), ("2025-01-15", 70, 66)):
        rows.append(f'model_benchmark_score,US,{day},{us},"evil|{SCRIPT}","{IMG.replace(chr(34), chr(34) * 2)} us",x')
        rows.append(f'model_benchmark_score,CN,{day},{cn},"evil|{SCRIPT}","cn {SCRIPT}",y')
    csv_path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    meta = folder / "evil.yaml"
    meta.write_text(
        f"id: evil\ntitle: {SCRIPT!r}\nsource: 'Evil | Corp\n\n  {IMG}'\nurl: 'javascript:alert(1)'\nvintage: '2025'\n",
        encoding="utf-8")
    return csv_path, meta


@pytest.fixture(scope="module")
def hostile_db(demo_db: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The demo database plus a document and a dataset written to inject script into a report."""
    folder = tmp_path_factory.mktemp("hostile")
    path = folder / "hostile.db"
    shutil.copy(demo_db.removeprefix("sqlite:///"), path)
    url = f"sqlite:///{path}"
    text = f"{SCRIPT} {IMG} 据称中国AI研究人员有90万人。"
    doc = Document(doc_id="evil-doc", text=text, source_uri="javascript:alert(1)", title=HOSTILE,
                   outlet=f"{IMG} | outlet", published="2024-05-01", content_hash=content_hash(text))
    s = Store.open(url)
    # 900,000 against the corpus' "over 500,000" for CN in 2024: a conflict, so both quotes are shown
    s.add_document(doc, [Claim(doc="evil-doc", start=len(text) - 8, end=len(text) - 1, number_text="90万人",
                               quote=text, value=9e5, unit="people", subject="CN", metric="ai_researchers",
                               period="2024")], "test")
    add_user_dataset(s, *_hostile_dataset(folder))
    s.close()
    return url


@pytest.fixture
def hostile_store(hostile_db: str) -> Iterator[Store]:
    s = Store.open(hostile_db)
    yield s
    s.close()
