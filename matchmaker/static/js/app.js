// Ask before destructive actions: any form with data-confirm needs a yes first.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// Disable a form's submit buttons once it is sent, so a slow request is not sent twice.
document.addEventListener("submit", function (event) {
  if (event.defaultPrevented) return;
  var buttons = event.target.querySelectorAll("button[type=submit]");
  window.setTimeout(function () {
    buttons.forEach(function (b) { b.disabled = true; b.classList.add("busy"); });
  }, 0);
});

// A slow action (such as running the scheduler) says what it is doing while the page waits.
document.addEventListener("submit", function (event) {
  if (event.defaultPrevented) return;
  event.target.querySelectorAll("button[data-busy-label]").forEach(function (b) {
    b.textContent = b.getAttribute("data-busy-label");
    b.setAttribute("aria-busy", "true");
  });
});

// Print buttons (agenda, meeting grid).
document.addEventListener("click", function (event) {
  var target = event.target.closest && event.target.closest("[data-print]");
  if (target) {
    event.preventDefault();
    window.print();
  }
});

// "Every slot" buttons tick all the checkboxes of the field they name.
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-check-all]");
  if (!button || !button.form) return;
  var name = button.getAttribute("data-check-all");
  button.form.querySelectorAll("input[type=checkbox]").forEach(function (box) {
    if (box.name === name) box.checked = true;
  });
});

// An import's progress page polls its status until the run ends, then reloads to show the report.
(function () {
  var box = document.querySelector("[data-import-status]");
  if (!box || !window.fetch) return;
  var url = box.getAttribute("data-import-status");
  function set(name, value) {
    box.querySelectorAll("[data-field=" + name + "]").forEach(function (el) { el.textContent = value; });
  }
  function bar(id, value, max) {
    var el = document.getElementById(id);
    if (!el) return;
    if (max !== undefined) el.max = Math.max(max, 1);
    el.value = value;
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        bar("progress-all", data.progress);
        bar("progress-validated", data.validated_rows, data.total_rows);
        bar("progress-embedded", data.embedded_rows, data.total_rows);
        set("percent", Math.round(data.progress * 100) + "%");
        set("validated_rows", data.validated_rows);
        set("embedded_rows", data.embedded_rows);
        if (data.total_rows) set("total_rows", data.total_rows);
        var eta = box.querySelector("[data-field=eta]");
        if (eta) {
          eta.textContent = data.seconds_left === null ? eta.getAttribute("data-waiting")
            : eta.getAttribute("data-label").replace("{s}", data.seconds_left);
        }
        if (data.status === "succeeded" || data.status === "failed") {
          window.setTimeout(function () { window.location.reload(); }, 600);
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();

// The admin page's re-embed progress: poll while a build runs, reload when it ends.
(function () {
  var box = document.querySelector("[data-embedding-status]");
  if (!box || !window.fetch || box.getAttribute("data-building") !== "true") return;
  var url = box.getAttribute("data-embedding-status");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var build = data.build || {};
        var bar = document.getElementById("re-embed-progress");
        if (bar) { bar.max = Math.max(build.total || 1, 1); bar.value = build.done || 0; }
        box.querySelectorAll("[data-field=done]").forEach(function (el) { el.textContent = build.done; });
        box.querySelectorAll("[data-field=total]").forEach(function (el) { el.textContent = build.total; });
        if (build.status !== "building" || build.error) {
          window.setTimeout(function () { window.location.reload(); }, 600);
        } else {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();

// A scheduler run on the meeting grid: poll its status, move the bar (time used of the time limit) and the best
// objective and bound found so far; reload when the run ends, to show its result and the new grid.
(function () {
  var box = document.querySelector("[data-schedule-run]");
  if (!box || !window.fetch) return;
  var url = box.getAttribute("data-schedule-run");
  function field(name) { return box.querySelector("[data-field=" + name + "]"); }
  function figure(value) { return value === null || value === undefined ? "—" : Number(value).toFixed(2); }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var bar = document.getElementById("schedule-progress");
        if (bar) { bar.max = Math.max(data.time_limit, 0.1); bar.value = Math.min(data.elapsed, data.time_limit); }
        field("elapsed").textContent = Number(data.elapsed).toFixed(1);
        field("incumbent").textContent = figure(data.incumbent);
        field("bound").textContent = figure(data.bound);
        var status = field("status");
        if (status.getAttribute("data-" + data.status)) status.textContent = status.getAttribute("data-" + data.status);
        var state = field("state");
        var key = data.cancel_requested ? "cancelling" : data.status;
        if (state.getAttribute("data-" + key)) state.textContent = state.getAttribute("data-" + key);
        if (!data.active || data.abandoned) {
          window.setTimeout(function () { window.location.reload(); }, 300);
        } else {
          window.setTimeout(poll, 700);
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 300);
})();
