/*
 * For a page that embeds chartweek charts: sizes each chart's iframe to fit
 * its content. Paste once per page, after the iframes (the embed code
 * includes it):
 *
 *   <script src="https://chartweek.example/static/js/embed-host.js" async></script>
 *
 * It only sets the height of a chart's iframe (iframe[data-chartweek]), when
 * the message comes from that iframe and from the iframe's own origin.
 */
(function () {
  "use strict";

  if (window.chartweekEmbedHost) return; // the embed code may be pasted more than once
  window.chartweekEmbedHost = true;
  const MIN = 150;
  const MAX = 5000;

  function frameOf(source) {
    return Array.prototype.find.call(document.querySelectorAll("iframe[data-chartweek]"), function (frame) {
      return frame.contentWindow === source;
    });
  }

  window.addEventListener("message", function (event) {
    const data = event.data;
    if (!data || data.type !== "chartweek:height" || typeof data.height !== "number") return;
    const frame = frameOf(event.source);
    if (!frame || new URL(frame.src, window.location.href).origin !== event.origin) return;
    frame.height = String(Math.min(MAX, Math.max(MIN, Math.ceil(data.height))));
  });

  // Charts that loaded before this script said their height to no one: ask them.
  document.querySelectorAll("iframe[data-chartweek]").forEach(function (frame) {
    if (frame.contentWindow) {
      frame.contentWindow.postMessage({ type: "chartweek:ask" }, "*");
    }
  });
})();
