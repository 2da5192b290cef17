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
