"""Values PostgreSQL refuses (NUL in text, a document id over 255 characters) never abort a batch nor
print SQL: NULs become U+FFFD (noted in the document's extra), long ids are shortened with a hash."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from aigap.store import Store

LONG_ID = "报道-" + "x" * 400


def _records(path: Path) -> None:
    rows = [
        {"text": "美国投资超过500亿美元。\u0000中国投资约300亿美元。", "title": "NUL\u0000title", "id": "nul",
         "outlet": "Out\u0000let"},
        {"text": "2024年中国AI企业融资约50亿元人民币。", "id": LONG_ID},
        {"text": "2024年美国AI企业融资约70亿美元。", "id": LONG_ID + "y"},  # same head: another id
        {"text": "OpenAI raised $6.6 billion in October 2024.", "id": "plain"},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")


def test_nul_bytes_and_long_ids_are_stored_not_fatal(db_url: str, tmp_path: Path) -> None:
    _records(tmp_path / "c.jsonl")
    env = {**os.environ, "AIGAP_HOME": str(tmp_path / "home")}
    env.pop("AIGAP_DATABASE_URL", None)
    cmd = [sys.executable, "-m", "aigap", "--db", db_url, "ingest", "--jsonl", str(tmp_path / "c.jsonl"),
           "--format", "json"]
    got = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    assert got.returncode == 0, got.stderr
    assert got.stderr == ""  # no SQL, no text, no traceback
    assert json.loads(got.stdout)["stored"] == 4
    from aigap.store.bulk import fit_doc_id

    with Store.open(db_url) as store:
        ids = {d.doc_id for d in store.documents()}
        assert ids == {"nul", "plain", fit_doc_id(LONG_ID), fit_doc_id(LONG_ID + "y")}
        assert all(len(i) <= 255 for i in ids) and fit_doc_id(LONG_ID) != fit_doc_id(LONG_ID + "y")
        assert fit_doc_id(LONG_ID).startswith(LONG_ID[:200])
        nul = store.document("nul")
        assert nul.text == "美国投资超过500亿美元。\ufffd中国投资约300亿美元。"
        assert (nul.title, nul.outlet) == ("NUL\ufffdtitle", "Out\ufffdlet")
        assert [c.claim.value for c in store.claims(document_id=nul.id)] == [5e10, 3e10]
        with store.engine.connect() as conn:
            extra = conn.exec_driver_sql("select extra from documents where doc_id = 'nul'").scalar_one()
        assert (json.loads(extra) if isinstance(extra, str) else extra)["nul_replaced"] == 1
    again = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)  # idempotent rerun
    assert again.returncode == 0 and json.loads(again.stdout)["duplicates"] == 4, again.stderr
