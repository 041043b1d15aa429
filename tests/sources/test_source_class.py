"""A document's publisher and date from its dateline, its source class from the outlet table or
its text, and the user's override through the CLI (a real ``aigap`` process on a real database)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from aigap.reconcile import estimates
from aigap.sources import ingest
from aigap.store import Store


def _write(tmp_path: Path, name: str, text: str) -> str:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return str(p)


XINHUA = "中国AI投资创新高\n新华财经 2025年1月20日\n2024年中国人工智能私人投资达到93亿美元。\n"
REUTERS = "US AI investment soars\nReuters, January 23, 2025\nPrivate AI investment in the US reached $109.1 billion in 2024.\n"
WECHAT = "一篇分析\n\n2024年中国AI投资总额约400亿美元。\n\n本文来自微信公众号:某某\n"


def test_publisher_and_date_from_the_text_set_the_class(store: Store, tmp_path: Path) -> None:
    paths = [_write(tmp_path, n, t) for n, t in (("x.txt", XINHUA), ("r.txt", REUTERS), ("w.txt", WECHAT))]
    rep = ingest(store, paths)
    assert rep.rejected == [] and rep.stored == 3
    docs = {d.doc_id: d for d in store.documents()}
    assert (docs["x"].outlet, docs["x"].published) == ("新华财经", "2025-01-20")
    assert (docs["r"].outlet, docs["r"].published) == ("Reuters", "2025-01-23")
    assert docs["w"].extra and docs["w"].extra["source_class"] == "blog"
    assert "WeChat" in docs["w"].extra["source_class_reason"]
    by_ind = {(e.indicator, e.country): e for e in estimates(store, ["US", "CN"])}
    assert by_ind[("private_ai_investment", "US")].reliability["class"] == "news"
    assert by_ind[("private_ai_investment", "CN")].reliability["class"] == "news"  # 新华财经 is Xinhua's
    assert by_ind[("ai_investment_total", "CN")].reliability["class"] == "blog"


def _cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "aigap", *args], capture_output=True, text=True, timeout=300,
                          env={**__import__("os").environ, "AIGAP_HOME": str(home)})


def test_the_user_sets_a_documents_class(tmp_path: Path) -> None:
    home = tmp_path / "home"
    doc = _write(tmp_path, "w.txt", WECHAT)
    assert _cli(home, "ingest", doc).returncode == 0
    listed = json.loads(_cli(home, "docs", "-f", "json").stdout)
    assert [d["source_class"] for d in listed] == ["blog"]
    done = _cli(home, "docs", "set-class", "w", "primary")
    assert done.returncode == 0, done.stderr
    assert json.loads(_cli(home, "docs", "-f", "json").stdout)[0]["source_class"] == "primary"
    s = Store.open(f"sqlite:///{home / 'aigap.db'}")
    try:
        (est,) = [e for e in estimates(s, ["CN"]) if e.indicator == "ai_investment_total"]
        assert est.reliability["class"] == "primary" and est.reliability["reason"] == "set by the user"
        assert not any("low-reliability" in f for f in est.flags)
    finally:
        s.close()
    bad = _cli(home, "docs", "set-class", "w", "gossip")
    assert bad.returncode != 0 and "gossip" in bad.stderr and "Traceback" not in bad.stderr
    assert len(bad.stderr.strip().splitlines()) <= 2
    missing = _cli(home, "docs", "set-class", "nope", "news")
    assert missing.returncode != 0 and "nope" in missing.stderr and "Traceback" not in missing.stderr
    assert _cli(home, "docs", "set-class", "w", "auto").returncode == 0
    assert json.loads(_cli(home, "docs", "-f", "json").stdout)[0]["source_class"] == "blog"
