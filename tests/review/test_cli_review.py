"""``aigap review`` and ``aigap users`` on both backends: the shapes the checks use, one-line errors,
gold export that ``aigap eval`` accepts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from aigap.cli import main
from aigap.cli._common import state
from aigap.extract import extract_claims
from aigap.records import Document
from aigap.sources import content_hash
from aigap.store import ClaimFilter, Store

ZH = "2024年,美国在AI领域投资超过500亿美元,而中国全年投资约400亿美元。中国AI企业数量达到4500家。"


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = 0
    state._settings = None  # in-process runs: each its own --db (a process reads its settings once)
    try:
        main(args)
    except SystemExit as ex:
        code = int(ex.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def seeded(db_url: str) -> str:
    s = Store.open(db_url)
    doc = Document(doc_id="z", text=ZH, source_uri="file:///z.txt", content_hash=content_hash(ZH), language="zh",
                   published="2024-12-01")
    s.add_document(doc, extract_claims(ZH, "z", published="2024-12-01", language="zh"), "1.0.0")
    s.close()
    return db_url


def test_review_commands_end_to_end(seeded: str, capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                    aigap_home: Path) -> None:
    db = ["--db", seeded]
    rc, out, _ = _run([*db, "review", "list", "--format", "json"], capsys)
    assert rc == 0
    rows = json.loads(out)
    assert rows and all({"claim_id", "confidence", "influence", "status"} <= set(r) for r in rows)
    by_text = {r["number_text"]: r["claim_id"] for r in rows}
    usd, cn = by_text["超过500亿美元"], by_text["约400亿美元"]

    rc, out, err = _run([*db, "review", "fix", str(usd), "subject=JP", "period=2023", "--why", "test", "--user",
                         "alice\x1b[2J"], capsys)
    assert rc == 0 and "claim" in out and "\x1b" not in out and "JP" in out
    rc, out, err = _run([*db, "review", "fix", str(usd), "colour=red", "--why", "x"], capsys)
    assert rc == 1 and err.strip().splitlines() == [err.strip()] and "'colour'" in err and "Traceback" not in err
    rc, _, err = _run([*db, "review", "fix", "999999", "subject=CN", "--why", "x"], capsys)
    assert rc == 1 and "no claim 999999" in err
    assert _run([*db, "review", "reject", str(cn), "--why", "duplicate"], capsys)[0] == 0
    assert _run([*db, "review", "accept", str(by_text[next(k for k in by_text if "4500" in k)])], capsys)[0] == 0
    s = ZH.index("2024年")
    rc, out, _ = _run([*db, "review", "add", "z", str(s), str(s + 4), "value=2024", "unit=years", "--why", "t"],
                      capsys)
    assert rc == 0 and "'2024'" in out
    rc, _, err = _run([*db, "review", "add", "z", "5", "99999", "value=1", "--why", "t"], capsys)
    assert rc == 1 and "outside its text" in err

    store = Store.open(seeded)
    (fixed,) = store.claims(ClaimFilter(ids=[usd]))
    assert (fixed.claim.subject, fixed.claim.period) == ("JP", "2023")
    assert store.claims(ClaimFilter(ids=[cn])) == []
    store.close()

    rc, out, _ = _run([*db, "review", "list", "--status", "corrected", "--format", "json"], capsys)
    assert {r["number_text"] for r in json.loads(out)} == {"超过500亿美元", "2024"}
    rc, out, _ = _run([*db, "review", "audit", "--format", "json"], capsys)
    assert [a["action"] for a in json.loads(out)] == ["review.fix", "review.reject", "review.accept", "review.add"]
    assert {a["via"] for a in json.loads(out)} == {"cli"}

    gold, docs = tmp_path / "gold.jsonl", tmp_path / "docs"
    rc, out, _ = _run([*db, "review", "export", "-o", str(gold), "--docs", str(docs)], capsys)
    assert rc == 0 and "3 gold claims" in out
    lines = [json.loads(x) for x in gold.read_text(encoding="utf-8").splitlines()]
    assert [g["number_text"] for g in lines] == ["2024", "超过500亿美元", next(k for k in by_text if "4500" in k)]
    assert (docs / "z.txt").read_text(encoding="utf-8") == ZH
    # the extractor scored on the corrections, in a separate process as a user runs it
    res = subprocess.run([sys.executable, "-m", "aigap", "eval", "--gold", str(gold), "--docs", str(docs), "--json"],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    scores = json.loads(res.stdout)["overall"]
    assert scores["gold"] == 3 and scores["matched"] == 2  # the extractor misses the added "2024"
    assert scores["subject"] == 0.5  # it still says US where the analyst says JP
    rc, out, _ = _run([*db, "review", "eval", "--json"], capsys)
    assert rc == 0 and json.loads(out)["overall"] == scores

    # a new extractor that no longer finds the fixed amount: its fix is listed as stale
    store = Store.open(seeded)
    pk = store.document("z").id
    store.replace_claims(pk, [c for c in extract_claims(ZH, "z", published="2024-12-01", language="zh")
                              if c.number_text != "超过500亿美元"], "2.0")
    store.close()
    rc, out, _ = _run([*db, "review", "list", "--stale", "--format", "json"], capsys)
    (stale,) = json.loads(out)
    assert stale["action"] == "fix" and stale["fields"] == {"subject": "JP", "period": "2023"}
    assert ZH[stale["start"]:stale["end"]] == "超过500亿美元"


def test_users_commands(seeded: str, capsys: pytest.CaptureFixture[str], aigap_home: Path) -> None:
    db = ["--db", seeded]
    rc, out, _ = _run([*db, "users", "add", "bob", "--role", "reader", "--user", "root"], capsys)
    assert rc == 0 and "token (shown once)" in out
    token = out.strip().rsplit(" ", 1)[1]
    rc, out, _ = _run([*db, "users", "list", "--format", "json"], capsys)
    assert [(u["name"], u["role"]) for u in json.loads(out)] == [("bob", "reader")] and token not in out
    rc, _, err = _run([*db, "users", "add", "bob", "--role", "admin"], capsys)
    assert rc == 1 and "exists already" in err
    with Store.open(seeded) as s:
        claim = s.claims()[0].id
    rc, _, err = _run([*db, "review", "accept", str(claim), "--user", "bob"], capsys)
    assert rc == 1 and "reader" in err
    rc, out, _ = _run([*db, "review", "audit", "--format", "json"], capsys)
    assert [(a["user"], a["action"]) for a in json.loads(out)] == [("root", "users.add")]


def test_cli_writes_beyond_review_are_audited(seeded: str, capsys: pytest.CaptureFixture[str], aigap_home: Path,
                                              tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A person's override of a document's weight, and their own dataset, land in the audit log, as the
    API's writes do (a rerun that changes nothing records nothing)."""
    monkeypatch.setenv("USER", "erin")
    db = ["--db", seeded]
    rc, _, err = _run([*db, "docs", "set-class", "z", "primary"], capsys)
    assert rc == 0, err
    csv = tmp_path / "survey.csv"
    csv.write_text("indicator,country,period,value\nai_researchers,CN,2024,300000\n", encoding="utf-8")
    (tmp_path / "survey.yaml").write_text("title: My survey\nsource: Example\nlicence: CC-BY-4.0\nvintage: '2025'\n",
                                          encoding="utf-8")
    for _ in range(2):
        rc, _, err = _run([*db, "data", "add", str(csv)], capsys)
        assert rc == 0, err
    rc, out, _ = _run([*db, "review", "audit", "--format", "json"], capsys)
    entries = json.loads(out)
    with Store.open(seeded) as s:
        pk = s.document("z", with_text=False).id
    assert [(e["user"], e["action"], e["via"], e["target"], e["detail"]) for e in entries] == [
        ("erin", "documents.class", "cli", f"document:{pk}", {"source_class": "primary"}),
        ("erin", "datasets.add", "cli", "dataset:survey", {"observations": 1})]


def test_claims_and_conflicts_say_who_reviewed_a_figure(db_url: str, capsys: pytest.CaptureFixture[str],
                                                         aigap_home: Path) -> None:
    from aigap.records import Claim

    s = Store.open(db_url)
    for name, text, value in (("a", "China has 500,000 AI researchers.", 5e5), ("b", "China has 200,000 AI researchers.", 2e5)):
        needle = text[len("China has "):-1]
        st = text.index(needle)
        res = s.add_document(Document(doc_id=name, text=text, source_uri=f"file:///{name}.txt", title=name, outlet="Reuters",
                                      content_hash=content_hash(text), language="en"),
                             [Claim(doc=name, start=st, end=st + len(needle), number_text=needle, quote=text, value=value,
                                    unit="people", subject="CN", metric="ai_researchers", period="2024")], "test")
        s.set_story([res.id], res.id)
    (a,) = s.claims(ClaimFilter(doc_id="a"))
    s.close()
    db = ["--db", db_url]
    assert _run([*db, "review", "accept", str(a.id), "--user", "alice"], capsys)[0] == 0
    rc, out, _ = _run([*db, "claims", "-i", "ai_researchers", "-f", "json"], capsys)
    assert rc == 0
    said = {r["source"]: r["reviewed"] for r in json.loads(out)}
    assert str(said[f"claim:{a.id}"]).startswith("reviewed by alice on ") and list(said.values()).count(None) == 1
    rc, out, _ = _run([*db, "claims", "-i", "ai_researchers"], capsys)
    assert rc == 0 and f"claim:{a.id} (reviewed by alice on " in out
    rc, out, _ = _run([*db, "conflicts", "-f", "json"], capsys)
    (conflict,) = json.loads(out)
    assert sorted(str(f["reviewed"])[:17] for f in conflict["figures"]) == ["None", "reviewed by alice"]


def test_corrections_join_the_confidence_models_training_data(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                              aigap_home: Path) -> None:
    """The documented rebuild: ``aigap review export -o FILE --docs DIR``, then
    ``python -m aigap.extract.train_confidence --extra FILE --extra-docs DIR``. Each reviewed claim is one
    training row (accepted: right; fixed subject: wrong; rejected: wrong); unreviewed predictions are
    not taken for false alarms. (Backend-independent: one SQLite database.)"""
    from aigap.extract import confidence as conf

    text = ZH + "另有报告称,美国AI企业数量约为5000家。"
    url = f"sqlite:///{tmp_path / 'r.db'}"
    s = Store.open(url)
    doc = Document(doc_id="z", text=text, source_uri="file:///z.txt", content_hash=content_hash(text), language="zh",
                   published="2024-12-01")
    s.add_document(doc, extract_claims(text, "z", published="2024-12-01", language="zh"), "1.0.0")
    by_text = {c.claim.number_text: c.id for c in s.claims()}
    assert len(by_text) > 3  # some predictions stay unreviewed
    s.close()
    db = ["--db", url]
    firms = next(k for k in by_text if "4500" in k)
    assert _run([*db, "review", "accept", str(by_text[firms])], capsys)[0] == 0
    assert _run([*db, "review", "fix", str(by_text["超过500亿美元"]), "subject=JP", "--why", "t"], capsys)[0] == 0
    assert _run([*db, "review", "reject", str(by_text["约400亿美元"]), "--why", "t"], capsys)[0] == 0
    gold, docs = tmp_path / "reviewed.jsonl", tmp_path / "docs"
    assert _run([*db, "review", "export", "-o", str(gold), "--docs", str(docs)], capsys)[0] == 0
    (row,) = [json.loads(x) for x in (docs / "index.jsonl").read_text(encoding="utf-8").splitlines()]
    s0 = ZH.index("约400亿美元")
    assert row == {"doc_id": "z", "published": "2024-12-01", "lang": "zh", "rejected": [[s0, s0 + len("约400亿美元")]]}

    _, labels = conf._training_rows(gold, docs, None, reviewed=True)
    assert sorted(labels) == [0.0, 0.0, 1.0]
    shipped = conf.MODEL.read_bytes()
    out = tmp_path / "model.json"
    assert conf.train(["--extra", str(gold), "--extra-docs", str(docs), "--output", str(out)]) == 0
    assert "3 of them on reviewed claims" in capsys.readouterr().out
    model = json.loads(out.read_text(encoding="utf-8"))
    assert "reviewed claims (reviewed.jsonl)" in model["trained_on"] and len(model["weights"]) == len(conf.FEATURES)
    assert conf.MODEL.read_bytes() == shipped  # --output: the shipped model is left alone
    # bad input: one line naming it, before any training
    assert conf.train(["--extra", str(tmp_path / "missing.jsonl"), "--output", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [f"error: --extra {tmp_path / 'missing.jsonl'}: no such file"]
