/* On an organisation's own website, beside the widget's iframe: sizes every Werkgroepen widget frame to the height
   its content reports (widget-size.js). Only messages from the site this script came from are listened to. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var origin = new URL(script.src).origin;
  window.addEventListener("message", function (event) {
    if (event.origin !== origin || !event.data || typeof event.data.werkgroepenWidget !== "string") return;
    var height = Number(event.data.height);
    if (!(height > 0 && height < 10000)) return;
    var frames = document.querySelectorAll("iframe[data-werkgroepen-widget]");
    for (var i = 0; i < frames.length; i++) {
      var url = new URL(frames[i].src, document.baseURI);
      if (url.origin === origin && url.pathname === event.data.werkgroepenWidget) {
        frames[i].style.height = height + "px";
      }
    }
  });
})();
