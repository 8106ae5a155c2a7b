/* Inside the widget (/deelname/werkgroep/<id>/widget/): tell the page that frames it how tall the widget is, so
   widget-embed.js can size the frame without a scroll bar. The height of a public list is all it says. */
(function () {
  "use strict";
  if (window.parent === window) return;
  function tell() {
    window.parent.postMessage({ werkgroepenWidget: window.location.pathname, height: document.documentElement.scrollHeight }, "*");
  }
  window.addEventListener("load", tell);
  window.addEventListener("resize", tell);
  tell();
})();
