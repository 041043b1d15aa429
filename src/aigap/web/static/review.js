// The review page: keyboard-driven (j/n next, a accept, f fix, r reject, s add the selection).
// No inline script (CSP); text from the server only ever goes in with textContent.
"use strict";
(function () {
  var form = document.getElementById("review-form");
  if (!form) return;
  var words = {};
  try { words = JSON.parse(form.getAttribute("data-words") || "{}"); } catch (e) { words = {}; }
  var claim = form.getAttribute("data-claim"), next = form.getAttribute("data-next");
  var filters = form.getAttribute("data-filters") || "";
  var status = document.getElementById("review-status"), token = document.getElementById("token");
  var why = document.getElementById("why"), pending = "fix";
  var box = document.getElementById("review-text"), mark = document.getElementById("review-mark");
  if (box && mark) box.scrollTop = Math.max(0, mark.offsetTop - box.offsetTop - box.clientHeight / 2);  // the claim in view
  token.value = sessionStorage.getItem("aigap-token") || "";
  token.addEventListener("change", function () { sessionStorage.setItem("aigap-token", token.value); });

  function go(id) {
    var q = filters + (id ? (filters ? "&" : "") + "claim=" + encodeURIComponent(id) : "");
    window.location.assign("/review" + (q ? "?" + q : ""));
  }
  function post(url, body) {
    sessionStorage.setItem("aigap-token", token.value);
    status.textContent = "…";
    return fetch(url, {method: "POST", headers: {"Content-Type": "application/json", Authorization: "Bearer " + token.value},
                       body: JSON.stringify(body)})
      .then(function (r) { return r.json().then(function (j) { return {ok: r.ok, j: j}; }); })
      .then(function (res) {
        if (!res.ok) { status.textContent = (res.j.error && res.j.error.message) || "error"; return false; }
        status.textContent = words.saved || "Saved.";
        document.body.setAttribute("data-review-saved", String(res.j.id));
        return true;
      }).catch(function (e) { status.textContent = e.message; return false; });
  }
  function changed() {
    var out = {};
    form.querySelectorAll("input[data-original]").forEach(function (i) {
      if (i.value !== i.getAttribute("data-original")) out[i.name] = i.value;
    });
    return out;
  }
  function allFields() {
    var out = {};
    form.querySelectorAll("input[data-original]").forEach(function (i) { if (i.value !== "") out[i.name] = i.value; });
    return out;
  }
  function needWhy() {
    if (why.value.trim()) return false;
    status.textContent = words.need_why || "Say why.";
    why.focus();
    return true;
  }
  function accept() { post("/api/review/" + claim + "/accept", {}).then(function (ok) { if (ok) go(next); }); }
  function fix() {
    if (needWhy()) return;
    post("/api/review/" + claim + "/fix", {fields: changed(), why: why.value}).then(function (ok) { if (ok) go(next || claim); });
  }
  function reject() {
    if (needWhy()) return;
    post("/api/review/" + claim + "/reject", {why: why.value}).then(function (ok) { if (ok) go(next); });
  }
  // Offsets of the selection in the document text, in code points (Python's str indices).
  function selection() {
    var box = document.getElementById("review-text"), sel = window.getSelection();
    if (!box || !sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
    var r = sel.getRangeAt(0);
    if (!box.contains(r.startContainer) || !box.contains(r.endContainer)) return null;
    function offset(node, off) {
      var pre = document.createRange();
      pre.setStart(box, 0);
      pre.setEnd(node, off);
      return Array.from(pre.toString()).length;
    }
    return {start: offset(r.startContainer, r.startOffset), end: offset(r.endContainer, r.endOffset)};
  }
  function addSelection() {
    var s = selection();
    if (!s) { status.textContent = words.select_first || "Select first."; return; }
    if (needWhy()) return;
    var box = document.getElementById("review-text");
    post("/api/review/add", {document_id: parseInt(box.getAttribute("data-doc"), 10), start: s.start, end: s.end,
                             fields: allFields(), why: why.value}).then(function (ok) { if (ok) go(claim); });
  }

  form.addEventListener("submit", function (ev) { ev.preventDefault(); if (pending === "reject") reject(); else fix(); });
  document.getElementById("btn-accept").addEventListener("click", accept);
  document.getElementById("btn-reject").addEventListener("click", function () { pending = "reject"; reject(); });
  document.getElementById("btn-add").addEventListener("click", addSelection);
  document.addEventListener("keydown", function (ev) {
    var tag = (ev.target && ev.target.tagName) || "";
    if (ev.key === "Escape") { if (document.activeElement) document.activeElement.blur(); pending = "fix"; return; }
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var k = ev.key;
    if (k === "j" || k === "n") { ev.preventDefault(); go(next); }
    else if (k === "a") { ev.preventDefault(); accept(); }
    else if (k === "f") { ev.preventDefault(); pending = "fix"; document.getElementById("f-subject").focus(); }
    else if (k === "r") { ev.preventDefault(); pending = "reject"; why.focus(); }
    else if (k === "s") { ev.preventDefault(); addSelection(); }
  });
})();
