"""The review page in chromium, in English and Chinese: the keyboard flow (next, accept, fix a field,
reject, add a selection), with the claim's exact characters highlighted beside the form."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Error as PlaywrightError

from aigap.store import ClaimFilter, Store

pytestmark = pytest.mark.browser
TOKEN = "test-token-123"  # the live fixture's token (the admin)
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def page(browser: Any, live: httpx.Client) -> Any:
    ctx = browser.new_context(base_url=str(live.base_url))
    ctx.route("**/*", lambda route: route.continue_() if urlsplit(route.request.url).hostname == "127.0.0.1"
              else route.abort())  # nothing but the local server
    p = ctx.new_page()
    p.set_default_timeout(30_000)
    errors: list[str] = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    p.js_errors = errors
    yield p
    ctx.close()


def _claim_on_page(page: Any) -> int:
    return int(page.inner_text("#review-claim-id"))


def _check_highlight(page: Any, live: httpx.Client) -> int:
    """The mark holds exactly the stored claim's characters, at its stored offset (in code points)."""
    cid = _claim_on_page(page)
    doc = int(page.get_attribute("#review-text", "data-doc"))
    d = live.get(f"/api/documents/{doc}").json()
    (c,) = [c for c in d["claims"] if c["id"] == cid]
    assert page.inner_text("#review-mark") == d["text"][c["start"]:c["end"]] == c["number_text"]
    before = page.evaluate("() => { const r = document.createRange(); const box = document.getElementById('review-text');"
                           " r.setStart(box, 0); r.setEndBefore(document.getElementById('review-mark'));"
                           " return Array.from(r.toString()).length; }")
    assert before == c["start"]
    return cid


def _key(page: Any, key: str) -> None:
    page.locator("h1").click()  # keys act when no field has the focus
    page.keyboard.press(key)


def _next_page(page: Any, old: int, wait_until: Any) -> None:
    def moved() -> bool:
        try:
            return page.query_selector("#review-claim-id") is not None and _claim_on_page(page) != old
        except PlaywrightError:  # the page is navigating
            return False

    wait_until(page, moved, status="#review-status")
    page.wait_for_load_state("load")


def test_review_keyboard_flow_in_english(page: Any, wait_until: Any, live: httpx.Client, web_db: str, artifacts: Path) -> None:
    page.goto("/review?lang=en")
    assert page.inner_text("h1") == "Review claims"
    first = _check_highlight(page, live)
    page.fill("#token", TOKEN)
    page.dispatch_event("#token", "change")
    queue = [int(x) for x in page.eval_on_selector_all("tr.queue-row", "rows => rows.map(r => r.dataset.claim)")]
    assert queue[0] == first  # the queue opens on its most influential claim
    page.screenshot(path=str(artifacts / "review-en.png"), full_page=True)

    # a: accept, and the page moves to the next claim
    nxt = int(page.get_attribute("#review-form", "data-next"))
    _key(page, "a")
    _next_page(page, first, wait_until)
    assert _claim_on_page(page) == nxt
    _check_highlight(page, live)

    # f: fix a field (the reason is asked for, then Enter saves)
    target = _claim_on_page(page)
    _key(page, "f")
    assert page.evaluate("document.activeElement.id") == "f-subject"
    page.keyboard.press("Control+A")
    page.keyboard.type("JP")
    page.keyboard.press("Enter")
    wait_until(page, lambda: page.evaluate("document.activeElement.id") == "why", status="#review-status")
    page.keyboard.type("the firm is Japanese")
    page.keyboard.press("Enter")
    _next_page(page, target, wait_until)

    # r: reject (say why, Enter)
    rejected = _claim_on_page(page)
    _key(page, "r")
    assert page.evaluate("document.activeElement.id") == "why"
    page.keyboard.type("a date, not a quantity")
    page.keyboard.press("Enter")
    _next_page(page, rejected, wait_until)

    # j: next without a change
    here = _claim_on_page(page)
    _key(page, "j")
    _next_page(page, here, wait_until)
    assert not page.js_errors

    store = Store.open(web_db)
    marks = store.review.marks()
    assert marks[first].action == "accept" and marks[first].user == "admin"
    (fixed,) = store.claims(ClaimFilter(ids=[target]))
    assert fixed.claim.subject == "JP" and marks[target].why == "the firm is Japanese"
    assert store.claims(ClaimFilter(ids=[rejected])) == []
    assert here not in marks
    store.close()
    page.goto(f"/review?status=all&claim={first}")
    assert page.inner_text("#review-provenance").startswith("reviewed by admin on ")


def test_review_in_chinese_and_adding_a_selection(page: Any, wait_until: Any, live: httpx.Client, web_db: str) -> None:
    page.goto("/review?lang=zh")
    assert page.inner_text("h1") == "审核数据声明"
    assert "快捷键" in page.inner_text("#review-keys")
    cid = _check_highlight(page, live)
    page.fill("#token", TOKEN)
    page.dispatch_event("#token", "change")
    # select four characters just after the highlighted claim and press s
    doc = int(page.get_attribute("#review-text", "data-doc"))
    text = live.get(f"/api/documents/{doc}").json()["text"]
    (c,) = [c for c in live.get(f"/api/documents/{doc}").json()["claims"] if c["id"] == cid]
    page.fill("#why", "漏掉的数字")
    page.fill("#f-value", "42")
    page.evaluate("() => { document.activeElement.blur(); const m = document.getElementById('review-mark'); const t = m.nextSibling;"
                  " const r = document.createRange(); r.setStart(t, 1); r.setEnd(t, 5);"
                  " const s = window.getSelection(); s.removeAllRanges(); s.addRange(r); }")
    # the page saves, then reloads itself on the claim: wait for that navigation, or the goto below races it
    with page.expect_navigation(timeout=60_000):
        page.keyboard.press("s")
    store = Store.open(web_db)
    wait_until(page, lambda: any(m.action == "add" for m in store.review.corrections()), status="#review-status")
    (added,) = [m for m in store.review.corrections() if m.action == "add"]
    assert (added.start, added.end) == (c["end"] + 1, c["end"] + 5)
    (claim,) = store.claims(ClaimFilter(ids=[added.claim_id]))
    assert claim.claim.number_text == text[c["end"] + 1:c["end"] + 5] and claim.claim.value == 42
    store.close()
    # a: accept in Chinese too
    page.goto(f"/review?claim={cid}")
    page.fill("#token", TOKEN)
    _key(page, "a")
    _next_page(page, cid, wait_until)
    assert live.get("/api/review/queue?status=reviewed", headers=AUTH).json()[0]["id"] == cid
    assert not page.js_errors
