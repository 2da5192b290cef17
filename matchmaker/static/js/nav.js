// The site menu: on a phone, or whenever the header's links do not fit on one line, they fold into a drawer behind
// the menu button. Loaded in <head> without defer, so the page is marked as scripted before its first paint. Without
// JavaScript the menu button stays hidden and the links stay in the header (app.css, "no script").
(function () {
  var root = document.documentElement;
  var narrow = window.matchMedia("(max-width: 760px)");
  root.classList.add("js");
  if (narrow.matches) root.classList.add("nav-collapsed");

  function parts() {
    return {
      bar: document.getElementById("topbar"),
      toggle: document.getElementById("menu-toggle"),
      menu: document.getElementById("site-menu"),
    };
  }

  function setOpen(open, returnFocus) {
    var p = parts();
    if (!p.toggle || !p.menu) return;
    p.toggle.setAttribute("aria-expanded", open ? "true" : "false");
    p.menu.classList.toggle("open", open);
    root.classList.toggle("nav-open", open);
    if (!open && returnFocus) p.toggle.focus();
  }

  function isOpen() {
    var p = parts();
    return !!(p.toggle && p.toggle.getAttribute("aria-expanded") === "true");
  }

  // When the header's one line overflows (a long menu, a long name), drop the brand's subtitle first, then fold the
  // menu into the drawer; on a narrow screen it is always folded.
  function fit() {
    var p = parts();
    if (!p.bar) return;
    var inner = p.bar.querySelector(".topbar-inner");
    function overflows() { return inner.scrollWidth > inner.clientWidth + 1; }
    root.classList.remove("nav-collapsed", "brand-compact");
    var collapse = narrow.matches;
    if (!collapse && overflows()) {
      root.classList.add("brand-compact");
      collapse = overflows();
      if (collapse) root.classList.remove("brand-compact");
    }
    root.classList.toggle("nav-collapsed", collapse);
    if (!collapse && isOpen()) setOpen(false, false);
  }

  var pending = false;
  function refit() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; fit(); });
  }

  document.addEventListener("DOMContentLoaded", fit);
  window.addEventListener("load", fit);
  window.addEventListener("resize", refit);
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(fit);

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!target.closest) return;
    if (target.closest("#menu-toggle")) {
      setOpen(!isOpen(), false);
      return;
    }
    // A tap outside the open drawer closes it.
    if (isOpen() && !target.closest("#site-menu")) setOpen(false, false);
  });

  document.addEventListener("keydown", function (event) {
    if ((event.key === "Escape" || event.key === "Esc") && isOpen()) {
      setOpen(false, true);
    }
  });
})();
