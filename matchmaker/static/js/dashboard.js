// The dashboard's charts: read the JSON block the page carries and draw each chart with Chart.js (served locally).
(function () {
  "use strict";

  var PALETTE = ["#0b5cad", "#e8590c", "#2b8a3e", "#7048e8", "#e67700", "#1098ad", "#c92a2a", "#5c940d",
                 "#d6336c", "#495057"];

  function colour(i) { return PALETTE[i % PALETTE.length]; }

  function countAxis(title, extra) {
    var axis = { beginAtZero: true, ticks: { precision: 0 } };
    if (title) axis.title = { display: true, text: title };
    return Object.assign(axis, extra || {});
  }

  function datasets(spec, perBar) {
    return spec.datasets.map(function (series, i) {
      var c = colour(i);
      var set = { label: series.label, data: series.data, backgroundColor: perBar ? spec.labels.map(function (_, j) { return colour(j); }) : c,
                  borderColor: c, borderWidth: series.type === "line" || spec.kind === "line" ? 2 : 0 };
      if (series.type) set.type = series.type;
      if (series.axis && series.axis !== "y") set.yAxisID = series.axis;
      if (set.type === "line" || spec.kind === "line") { set.tension = 0; set.pointRadius = 3; set.fill = false; }
      return set;
    });
  }

  function config(spec) {
    var options = { responsive: true, maintainAspectRatio: false, animation: false,
                    plugins: { legend: { position: "bottom" } } };
    var type = "bar";
    var data = { labels: spec.labels, datasets: datasets(spec, spec.kind === "funnel") };
    switch (spec.kind) {
      case "line":
        type = "line";
        options.scales = { y: countAxis() };
        break;
      case "hbar":
        options.indexAxis = "y";
        options.scales = { x: countAxis() };
        break;
      case "funnel":
        options.indexAxis = "y";
        options.scales = { x: countAxis() };
        options.plugins.legend = { display: false };
        break;
      case "stacked":
        options.indexAxis = "y";
        options.scales = { x: countAxis(null, { stacked: true }), y: { stacked: true } };
        break;
      case "combo":
        options.scales = { y: countAxis(spec.axes.y),
                           y2: { beginAtZero: true, position: "right", grid: { drawOnChartArea: false },
                                 title: { display: true, text: spec.axes.y2 } } };
        break;
      case "doughnut":
        type = "doughnut";
        data.datasets = datasets(spec, true);
        data.datasets.forEach(function (set) { set.borderWidth = 1; set.borderColor = "#fff"; });
        options.plugins.legend = { position: "right" };
        break;
      default:
        options.scales = { y: countAxis() };
    }
    return { type: type, data: data, options: options };
  }

  // 目标监测: per indicator, actual, target to date and the yearly target as shares (%) of that target; the actual
  // bars of indicators behind pace are their own series, red, the others green. Tooltips give the numbers themselves.
  var ROLE_COLOURS = { actual: "#2b8a3e", behind: "#c92a2a", due: "#0b5cad", year: "#ced4da" };

  function targetsConfig(spec) {
    var sets = spec.datasets.map(function (series) {
      return { label: series.label, data: series.data, raw: series.raw, backgroundColor: ROLE_COLOURS[series.role],
               borderWidth: 0, skipNull: true };
    });
    return {
      type: "bar",
      data: { labels: spec.labels, datasets: sets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false, indexAxis: "y",
        scales: { x: { beginAtZero: true, suggestedMax: 100, title: { display: true, text: spec.axes.x } } },
        plugins: {
          legend: { position: "bottom" },
          tooltip: { callbacks: { label: function (item) {
            var raw = item.dataset.raw ? item.dataset.raw[item.dataIndex] : null;
            return item.dataset.label + ": " + (raw === null || raw === undefined ? "—" : raw.toLocaleString()) +
                   " (" + item.parsed.x + "%)";
          } } }
        }
      }
    };
  }

  function drawTargets(payload) {
    var canvas = document.getElementById("chart-targets");
    if (!canvas || !payload.targets) return;
    var box = canvas.parentNode;
    var rows = parseInt(box.getAttribute("data-rows") || "0", 10);
    if (rows > 6) box.style.height = (rows * 48 + 90) + "px";
    new window.Chart(canvas, targetsConfig(payload.targets));
    document.body.setAttribute("data-targets-drawn", "true");
  }

  function draw() {
    var block = document.getElementById("dashboard-data");
    if (!block || typeof window.Chart === "undefined") return;
    var payload = JSON.parse(block.textContent);
    window.Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    var drawn = 0;
    payload.charts.forEach(function (spec) {
      var canvas = document.getElementById("chart-" + spec.key);
      if (!canvas) return;  // an empty chart shows its empty state instead
      var box = canvas.parentNode;
      var rows = parseInt(box.getAttribute("data-rows") || "0", 10);
      if (rows > 8) box.style.height = (rows * 30 + 90) + "px";
      new window.Chart(canvas, config(spec));
      drawn += 1;
    });
    document.body.setAttribute("data-charts-drawn", String(drawn));
    drawTargets(payload);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
