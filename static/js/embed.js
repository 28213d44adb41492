/*
 * Inside a chart's embed page: tell the page that frames it how tall the chart
 * is, whenever that changes, so that its iframe fits without scrolling.
 * static/js/embed-host.js, on the framing page, listens.
 */
(function () {
  "use strict";

  if (window.parent === window) return;
  let reported = 0;

  function report(force) {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === reported && !force) return;
    reported = height;
    window.parent.postMessage({ type: "chartweek:height", height: height }, "*");
  }

  new ResizeObserver(function () { report(false); }).observe(document.documentElement);
  window.addEventListener("load", function () { report(false); });
  // A host script that loads after us asks again.
  window.addEventListener("message", function (event) {
    if (event.source === window.parent && event.data && event.data.type === "chartweek:ask") {
      report(true);
    }
  });
})();
