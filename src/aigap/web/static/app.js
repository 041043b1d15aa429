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
  var zh = lang === "zh";
  var UNITS = {FLOP: ["FLOP", "次浮点运算"], FLOPS: ["FLOP/s", "次浮点运算/秒"], USD: ["US dollars", "美元"],
    companies: ["companies", "家企业"], count: ["count", "数量"], models: ["models", "个模型"], papers: ["papers", "篇论文"],
    parameters: ["parameters", "个参数"], people: ["people", "人"], percent: ["percent", "百分比"], rank: ["rank", "排名"],
    score: ["score", "得分"], tokens: ["tokens", "个词元"], other: ["", ""]};
  var DIRECTIONS = {widening: "差距扩大", narrowing: "差距缩小", "no clear trend": "无明显趋势", "not enough data": "年份不足"};
  function unitLabel(u) { var m = UNITS[u]; return m ? m[zh ? 1 : 0] : (u || ""); }
  function countryNames() {
    var node = document.getElementById("dashboard-data");
    try { return JSON.parse((node && node.getAttribute("data-countries")) || "{}"); } catch (e) { return {}; }
  }
  var NAMES = countryNames();
  function cname(c) { return NAMES[c] || c; }
  function axisTitle(text) { return {text: text}; }  // plotly.js ignores a bare string as a title

  // Download as PNG (the modebar's camera) or SVG (a button of our own); nothing goes to a cloud.
  function chartConfig(name) {
    return {displaylogo: false, responsive: true, showSendToCloud: false, showEditInChartStudio: false,
      modeBarButtonsToRemove: ["sendDataToCloud", "lasso2d", "select2d"],
      toImageButtonOptions: {format: "png", filename: name, scale: 2},
      modeBarButtonsToAdd: [{name: "downloadSVG", title: zh ? "下载SVG图" : "Download plot as SVG", icon: window.Plotly.Icons.disk,
        click: function (gd) { window.Plotly.downloadImage(gd, {format: "svg", filename: name}); }}]};
  }

  // Years as years: a linear axis with whole-year ticks, padded so that one year is not a sliver.
  function yearAxis(years, title) {
    var lo = Math.min.apply(null, years), hi = Math.max.apply(null, years), span = hi - lo;
    return {title: axisTitle(title), type: "linear", tickformat: "d", dtick: span <= 12 ? 1 : Math.ceil(span / 10),
      range: [lo - (span ? span * 0.03 : 1), hi + (span ? span * 0.03 : 1)]};
  }

  // A log axis when the values span two orders of magnitude or more (compute since 1950).
  function valueAxis(values, title) {
    var pos = values.filter(function (v) { return v > 0; });
    var log = pos.length === values.length && pos.length > 1 && Math.max.apply(null, pos) / Math.min.apply(null, pos) >= 100;
    var ax = {title: axisTitle(title), type: log ? "log" : "linear", exponentformat: "power", rangemode: log ? undefined : "tozero"};
    if (!log) ax.tickformat = "~s";
    return ax;
  }

  function pillarChart(g) {
    var node = document.getElementById("pillar-chart");
    if (!node || !hasPlotly) return;
    var pillars = Object.keys(g.pillars), names = {};
    try { names = JSON.parse(node.getAttribute("data-names") || "{}"); } catch (e) { names = {}; }
    var labels = pillars.map(function (p) { return names[p] || p; });
    var traces = g.countries.map(function (c, i) {
      var med = pillars.map(function (p) { return g.pillars[p][c].median; });
      return {type: "bar", name: cname(c), x: labels, y: med, marker: {color: color(c, i)},
        error_y: {type: "data", symmetric: false,
          array: pillars.map(function (p, k) { var v = g.pillars[p][c]; return v.high === null ? 0 : v.high - med[k]; }),
          arrayminus: pillars.map(function (p, k) { var v = g.pillars[p][c]; return v.low === null ? 0 : med[k] - v.low; })}};
    });
    window.Plotly.react(node, traces, {barmode: "group", margin: {t: 20},
      xaxis: {title: axisTitle(zh ? "支柱" : "pillar")},
      yaxis: {range: [0, 105], title: axisTitle(zh ? "得分（0–100，竖线为90%区间）" : "score (0–100; bars show the 90% interval)")}},
      chartConfig("aigap-pillars"));
  }
  function showComposite(g) {
    g.countries.forEach(function (c) {
      var b = g.composite[c], s = document.getElementById("composite-" + c), iv = document.getElementById("interval-" + c);
      if (s) s.textContent = b.median === null ? "—" : b.median.toFixed(1);
      if (iv) iv.textContent = b.low === null ? "" : "[" + b.low.toFixed(1) + ", " + b.high.toFixed(1) + "]";
    });
    var p = document.getElementById("lead-probability"), cg = g.composite_gap;
    if (p && cg.probability_first_leads !== null) {
      // named for the leader of this draw set: "probability China leads: 60%", never "US leads: 40%"
      var first = cg.probability_first_leads >= 0.5, who = cname(first ? cg.between[0] : cg.between[1]);
      var pct = Math.round(100 * (first ? cg.probability_first_leads : 1 - cg.probability_first_leads)) + "%";
      p.textContent = zh ? who + "领先的概率：" + pct : "probability " + who + " leads: " + pct;
    }
    document.body.setAttribute("data-composite-updated", String(Date.now()));
  }

  function weightQuery() {
    var q = [];
    document.querySelectorAll("#weight-form input[type=range]:not([disabled])").forEach(function (r) {
      q.push("w_" + encodeURIComponent(r.getAttribute("data-pillar")) + "=" + encodeURIComponent(r.value));
    });
    return q.join("&");
  }

  // The rest of the view (countries, per, normalisation, preset) as the URL has it.
  function viewQuery() {
    var params = new URLSearchParams(window.location.search), q = [];
    ["countries", "weights", "normalize", "per"].forEach(function (k) {
      // countries=US&countries=CN (the picker's form without JavaScript) is countries=US,CN
      var v = k === "countries" ? params.getAll(k).filter(Boolean).join(",") : params.get(k);
      if (v) q.push(k + "=" + encodeURIComponent(v));
    });
    return q.join("&");
  }

  function trendChart(id) {
    var node = document.getElementById("trend-chart");
    if (!node || !hasPlotly) return;
    getJSON("/api/trend/" + encodeURIComponent(id)).then(function (t) {
      var periods = t.series.map(function (s) { return s.period; });
      var years = periods.every(function (p) { return /^\d{4}$/.test(p); });
      var all = [];
      var traces = t.countries.map(function (c, i) {
        var pts = t.series.filter(function (s) { return s.values[c]; });
        var ys = pts.map(function (s) { return s.values[c].value; });
        all = all.concat(ys);
        return {type: "scatter", mode: pts.length > 1 ? "lines+markers" : "markers", name: cname(c),
          marker: {color: color(c, i), size: pts.length > 1 ? 6 : 11},
          x: pts.map(function (s) { return years ? Number(s.period) : s.period; }), y: ys};
      }).filter(function (tr) { return tr.x.length; });
      var pair = t.pairs[0] || {};
      var dir = pair.direction ? (zh ? DIRECTIONS[pair.direction] || pair.direction : pair.direction) : "";
      var xnum = traces.reduce(function (a, tr) { return a.concat(tr.x); }, []);
      var xaxis = years && xnum.length ? yearAxis(xnum, zh ? "年份" : "year") : {title: axisTitle(zh ? "时期" : "period")};
      window.Plotly.react(node, traces, {title: {text: (zh ? t.name_zh || t.name : t.name) + (dir ? " — " + dir : "")},
        xaxis: xaxis, yaxis: valueAxis(all, unitLabel(t.unit)), margin: {t: 40}}, chartConfig("aigap-" + t.indicator));
    }).catch(function (e) { node.textContent = e.message; });
  }

  function lagChart() {
    var node = document.getElementById("lag-chart");
    if (!node || !hasPlotly) return;
    getJSON("/api/lag").then(function (l) {
      var traces = l.benchmarks.filter(function (b) { return b.current_lag_months !== null; }).map(function (b) {
        return {type: "scatter", mode: b.series.length > 1 ? "lines" : "markers", name: zh ? b.name_zh || b.name : b.name,
          x: b.series.map(function (p) { return p.date; }), y: b.series.map(function (p) { return p.lag_months; })};
      });
      window.Plotly.react(node, traces, {margin: {t: 20}, xaxis: {title: axisTitle(zh ? "日期" : "date"), type: "date", tickformat: zh ? "%Y-%m" : undefined},
        yaxis: {title: axisTitle(zh ? "落后（月）" : "lag (months)")}}, chartConfig("aigap-lag"));
    }).catch(function (e) { node.textContent = e.message; });
  }

  // The country picker: the chosen names in its summary as they change; the form sends the
  // view as one URL (countries=US,CN,IN in the order chosen), and needs two countries at least.
  function countryPicker() {
    var form = document.getElementById("view-form"), list = document.getElementById("picker-list");
    if (!form || !list) return;
    var order = [];
    list.querySelectorAll("input[type=checkbox]:checked").forEach(function (b) { order.push(b.value); });
    var two = document.getElementById("picker-two"), submit = form.querySelector("button[type=submit]");
    function names() {
      return order.map(function (c) {
        var b = list.querySelector("input[value='" + c + "']");
        return b ? b.getAttribute("data-name") : c;
      });
    }
    list.addEventListener("change", function (ev) {
      var c = ev.target.value, at = order.indexOf(c);
      if (ev.target.checked && at < 0) order.push(c);
      if (!ev.target.checked && at >= 0) order.splice(at, 1);
      document.getElementById("picker-chosen").textContent = names().join(zh ? "、" : ", ");
      if (two) two.hidden = order.length >= 2;
      if (submit) submit.disabled = order.length < 2;
    });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var q = ["countries=" + order.map(encodeURIComponent).join(",")];
      ["weights", "normalize", "per"].forEach(function (k) {
        var v = form.elements[k].value;
        if (v) q.push(k + "=" + encodeURIComponent(v));
      });
      window.location.assign("/?" + q.join("&"));
    });
  }

  function dashboard() {
    var form = document.getElementById("weight-form");
    if (!form) return;
    getJSON("/api/gap" + (viewQuery() ? "?" + viewQuery() : "")).then(pillarChart).catch(function () {});
    countryPicker();
    // Sliders recompute from the cached draws (/api/gap/composite, milliseconds), show that they are
    // working, keep only the latest answer, and write the view into the URL so a reload or a shared
    // link shows the same.
    var composite = document.getElementById("composite"), timer = null, asked = 0;
    var base = viewQuery();
    getJSON("/api/gap/composite?" + base).catch(function () {});  // the draws, cached before the first move
    form.addEventListener("input", function (ev) {
      var out = ev.target.parentNode.querySelector("output");
      if (out) out.textContent = ev.target.value;
      composite.setAttribute("aria-busy", "true");
      composite.classList.add("busy");
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = [base, weightQuery()].filter(Boolean).join("&"), mine = ++asked;
        getJSON("/api/gap/composite?" + q + (q ? "&" : "") + "lang=" + lang).then(function (g) {
          if (mine !== asked) return;
          showComposite(g);
          window.history.replaceState(null, "", "/?" + q);
          // the sentence on top from the same draws as the cards, in the page's language (the server
          // writes it as the page does)
          var head = document.getElementById("headline"), note = document.getElementById("headline-note");
          if (head && g.headline) head.textContent = g.headline;
          if (note) note.textContent = g.headline_note || "";
        }).catch(function (e) { document.getElementById("lead-probability").textContent = e.message; })
          .then(function () { if (mine === asked) { composite.removeAttribute("aria-busy"); composite.classList.remove("busy"); } });
      }, 16);
    });
    var pick = document.getElementById("trend-pick");
    if (pick) { pick.addEventListener("change", function () { trendChart(pick.value); }); trendChart(pick.value); }
    lagChart();
  }

  function addPage() {
    var form = document.getElementById("add-form");
    if (!form) return;
    var status = document.getElementById("add-status"), tbody = document.querySelector("#add-claims tbody");
    var table = document.getElementById("add-claims"), indicators = {};
    try { indicators = JSON.parse(table.getAttribute("data-indicators") || "{}"); } catch (e) { indicators = {}; }
    var noIndicator = table.getAttribute("data-no-indicator") || "";
    // A refusal in the page's language, with what to do about it.
    function refusal(err) {
      var msg = err.message || "error", hint = err.hint || "";
      if (/non-public address/.test(msg)) {
        msg = zh ? "已拒绝：该网址的主机解析为内网或本机地址。" : msg;
        hint = zh ? "如确需抓取，启动服务时加上 --allow-url-host 主机名。" : "to allow that host, start aigap serve with --allow-url-host HOST";
      } else if (err.type === "Unauthorized") {
        msg = zh ? "写入需要有效的令牌（请求头 Authorization: Bearer 令牌）。" : msg;
        hint = zh ? "令牌由 aigap serve 启动时打印，或用环境变量 AIGAP_TOKEN 设置。" : hint;
      } else if (err.type === "TooLarge") {
        msg = zh ? "上传的文件超过大小上限。" : msg;
        hint = zh ? "请上传更小的文件，或拆成几份分别添加。" : (hint || "upload a smaller file, or split it");
      }
      return hint ? msg + (zh ? "提示：" : " Hint: ") + hint : msg;
    }
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
          if (!res.ok) { status.textContent = refusal(res.j.error || {}); return; }
          var j = res.j;
          status.textContent = "";
          if (j.stored) {
            var again = j["new"] === false;  // the same text was stored before: nothing new was added
            status.appendChild(el("span", again ? (zh ? "已存储过，文档 " : "Already stored, as document ")
              : (zh ? "已存为文档 " : "Stored as document ")));
            var a = el("a", j.title || j.doc_id); a.href = "/documents/" + encodeURIComponent(j.id); a.id = "stored-link";
            status.appendChild(a);
          } else {
            status.textContent = (lang === "zh" ? "预览：" : "Preview: ") + j.claims.length;
          }
          j.claims.forEach(function (c) {
            var tr = el("tr"); tr.className = "added-claim";
            var counted = Object.prototype.hasOwnProperty.call(indicators, c.metric);
            if (!counted) tr.classList.add("no-indicator");
            [c.number_text, c.value, c.unit, c.subject, counted ? indicators[c.metric] : noIndicator, c.period].forEach(function (v) {
              tr.appendChild(el("td", v === null || v === undefined ? "" : v));
            });
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
