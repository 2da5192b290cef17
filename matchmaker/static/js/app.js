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
