// aigap dashboard and add page. No inline scripts (the CSP forbids them); every text from the
// server is inserted with textContent, never as HTML.
"use strict";
(function () {
  var lang = document.documentElement.getAttribute("data-lang") || "en";
  var COLORS = {US: "#2f6db5", CN: "#c0392b"};
  function color(c, i) { return COLORS[c] || ["#27ae60", "#8e44ad", "#f39c12", "#16a085"][i % 4]; }
  function el(tag, text) { var e = document.createElement(tag); if (text !== undefined && text !== null) e.textContent = String(text); return e; }
  function getJSON(url) {
    return fetch(url, {headers: {Accept: "application/json"}}).then(function (r) {
      return r.json().then(function (j) { if (!r.ok) throw new Error((j.error && j.error.message) || r.statusText); return j; });
    });
  }
  var hasPlotly = typeof window.Plotly !== "undefined";

  function pillarChart(g) {
    var node = document.getElementById("pillar-chart");
    if (!node || !hasPlotly) return;
    var pillars = Object.keys(g.pillars), names = {};
    try { names = JSON.parse(node.getAttribute("data-names") || "{}"); } catch (e) { names = {}; }
    var labels = pillars.map(function (p) { return names[p] || p; });
    var traces = g.countries.map(function (c, i) {
      var med = pillars.map(function (p) { return g.pillars[p][c].median; });
      return {type: "bar", name: c, x: labels, y: med, marker: {color: color(c, i)},
        error_y: {type: "data", symmetric: false,
          array: pillars.map(function (p, k) { var v = g.pillars[p][c]; return v.high === null ? 0 : v.high - med[k]; }),
          arrayminus: pillars.map(function (p, k) { var v = g.pillars[p][c]; return v.low === null ? 0 : med[k] - v.low; })}};
    });
    window.Plotly.react(node, traces, {barmode: "group", yaxis: {range: [0, 105], title: "0-100"}, margin: {t: 20}}, {displaylogo: false, responsive: true});
  }

  function showComposite(g) {
    g.countries.forEach(function (c) {
      var b = g.composite[c], s = document.getElementById("composite-" + c), iv = document.getElementById("interval-" + c);
      if (s) s.textContent = b.median === null ? "—" : b.median.toFixed(1);
      if (iv) iv.textContent = b.low === null ? "" : "[" + b.low.toFixed(1) + ", " + b.high.toFixed(1) + "]";
    });
    var p = document.getElementById("lead-probability"), cg = g.composite_gap;
    if (p && cg.probability_first_leads !== null) {
      var pct = Math.round(100 * cg.probability_first_leads) + "%";
      p.textContent = lang === "zh" ? cg.between[0] + "领先的概率：" + pct : "probability " + cg.between[0] + " leads: " + pct;
    }
    document.body.setAttribute("data-composite-updated", String(Date.now()));
  }

  function weightQuery() {
    var q = [];
    document.querySelectorAll("#weight-form input[type=range]").forEach(function (r) {
      q.push("w_" + encodeURIComponent(r.getAttribute("data-pillar")) + "=" + encodeURIComponent(r.value));
    });
    return q.join("&");
  }

  function trendChart(id) {
    var node = document.getElementById("trend-chart");
    if (!node || !hasPlotly) return;
    getJSON("/api/trend/" + encodeURIComponent(id)).then(function (t) {
      var traces = t.countries.map(function (c, i) {
        var pts = t.series.filter(function (s) { return s.values[c]; });
        return {type: "scatter", mode: "lines+markers", name: c, marker: {color: color(c, i)},
          x: pts.map(function (s) { return s.period; }), y: pts.map(function (s) { return s.values[c].value; })};
      });
      var pair = t.pairs[0] || {};
      window.Plotly.react(node, traces, {title: {text: t.name + (pair.direction ? " — " + pair.direction : "")}, yaxis: {title: t.unit}, margin: {t: 40}}, {displaylogo: false, responsive: true});
    }).catch(function (e) { node.textContent = e.message; });
  }

  function lagChart() {
    var node = document.getElementById("lag-chart");
    if (!node || !hasPlotly) return;
    getJSON("/api/lag").then(function (l) {
      var traces = l.benchmarks.filter(function (b) { return b.current_lag_months !== null; }).map(function (b) {
        return {type: "scatter", mode: "lines", name: b.benchmark,
          x: b.series.map(function (p) { return p.date; }), y: b.series.map(function (p) { return p.lag_months; })};
      });
      window.Plotly.react(node, traces, {yaxis: {title: lang === "zh" ? "落后（月）" : "lag (months)"}, margin: {t: 20}}, {displaylogo: false, responsive: true});
    }).catch(function (e) { node.textContent = e.message; });
  }

  function dashboard() {
    var form = document.getElementById("weight-form");
    if (!form) return;
    getJSON("/api/gap").then(pillarChart).catch(function () {});
    var timer = null;
    form.addEventListener("input", function (ev) {
      var out = ev.target.parentNode.querySelector("output");
      if (out) out.textContent = ev.target.value;
      clearTimeout(timer);
      timer = setTimeout(function () {
        getJSON("/api/gap?draws=500&" + weightQuery()).then(function (g) { showComposite(g); pillarChart(g); })
          .catch(function (e) { document.getElementById("lead-probability").textContent = e.message; });
      }, 150);
    });
    var pick = document.getElementById("trend-pick");
    if (pick) { pick.addEventListener("change", function () { trendChart(pick.value); }); trendChart(pick.value); }
    lagChart();
  }

  function addPage() {
    var form = document.getElementById("add-form");
    if (!form) return;
    var status = document.getElementById("add-status"), tbody = document.querySelector("#add-claims tbody");
    function send(preview) {
      var fd = new FormData(), file = document.getElementById("add-file").files[0];
      ["title", "text", "url"].forEach(function (k) { var v = document.getElementById("add-" + k).value; if (v) fd.append(k, v); });
      if (file) fd.append("file", file);
      status.textContent = "…";
      fetch("/api/documents" + (preview ? "?preview=1" : ""), {method: "POST", body: fd,
        headers: {Authorization: "Bearer " + document.getElementById("token").value}})
        .then(function (r) { return r.json().then(function (j) { return {ok: r.ok, j: j}; }); })
        .then(function (res) {
          tbody.textContent = "";
          if (!res.ok) { status.textContent = (res.j.error && res.j.error.message) || "error"; return; }
          var j = res.j;
          status.textContent = "";
          if (j.stored) {
            status.appendChild(el("span", (lang === "zh" ? "已存为文档 " : "Stored as document ")));
            var a = el("a", j.title || j.doc_id); a.href = "/documents/" + encodeURIComponent(j.id); a.id = "stored-link";
            status.appendChild(a);
          } else {
            status.textContent = (lang === "zh" ? "预览：" : "Preview: ") + j.claims.length;
          }
          j.claims.forEach(function (c) {
            var tr = el("tr"); tr.className = "added-claim";
            [c.number_text, c.value, c.unit, c.subject, c.metric, c.period].forEach(function (v) { tr.appendChild(el("td", v === null ? "" : v)); });
            tbody.appendChild(tr);
          });
          labelCells(tbody.parentNode.parentNode);
        }).catch(function (e) { status.textContent = e.message; });
    }
    document.getElementById("preview-btn").addEventListener("click", function () { send(true); });
    document.getElementById("store-btn").addEventListener("click", function () { send(false); });
  }

  // Each cell is labelled with its column's heading, so a table shown as cards on a phone still
  // says what every value is (style.css). Rows added later (the add page) are labelled as they come.
  function labelCells(root) {
    (root || document).querySelectorAll("table").forEach(function (table) {
      var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) { return th.textContent.trim(); });
      if (!heads.length) return;
      table.querySelectorAll("tbody tr").forEach(function (tr) {
        Array.prototype.forEach.call(tr.children, function (td, i) {
          if (heads[i] && !td.hasAttribute("colspan")) td.setAttribute("data-label", heads[i]);
        });
      });
    });
  }

  labelCells();
  dashboard();
  addPage();
})();
