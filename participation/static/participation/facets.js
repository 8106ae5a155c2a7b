/* "Filteren" on a phone (issue 14 §10): the facets come before the posts in the page; on narrow screens they fold
   behind a button that opens them (a real button: Enter and Space work), so the posts start within the first
   screen. Without JavaScript, or on wide screens, the facets simply show. */
(function () {
  "use strict";
  var narrow = window.matchMedia("(max-width: 47.99rem)");
  function setUp(button) {
    var panel = document.getElementById(button.getAttribute("aria-controls"));
    if (!panel) return;
    function apply() {
      if (narrow.matches) {
        button.hidden = false;
        var open = button.getAttribute("aria-expanded") === "true" && button.dataset.touched === "1";
        button.setAttribute("aria-expanded", open ? "true" : "false");
        panel.hidden = !open;
      } else {
        button.hidden = true;
        panel.hidden = false;
      }
    }
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.dataset.touched = "1";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      panel.hidden = !open;
      if (open) {
        var first = panel.querySelector("a");
        if (first) first.focus();
      }
    });
    narrow.addEventListener("change", apply);
    apply();
  }
  function init() {
    document.querySelectorAll("[data-facets-toggle]").forEach(function (button) {
      if (!button.dataset.ready) {
        button.dataset.ready = "1";
        setUp(button);
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
