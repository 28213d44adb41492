/*
 * Draws every chart on the page with Chart.js.
 *
 * Each chart is a [data-chart] element naming the json_script element that holds
 * its configuration, built on the server by datasets/charts.py. Number formats
 * travel as data ("format") and become tick and tooltip callbacks here, since
 * functions cannot travel as JSON. No inline script is needed, so the page's
 * Content Security Policy forbids them.
 */
(function () {
  "use strict";

  var reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
  var darkScheme = window.matchMedia("(prefers-color-scheme: dark)");

  function formatter(spec) {
    var style = spec.style;
    var unit = spec.unit || "";
    var options = {};
    if (style === "plain") options.useGrouping = false;
    if (style === "compact") {
      options.notation = "compact";
      options.maximumFractionDigits = 1;
    }
    if (style === "currency" && /^[A-Z]{3}$/.test(unit)) {
      options.style = "currency";
      options.currency = unit;
      options.notation = "compact";
      options.maximumFractionDigits = 1;
    }
    var numbers = new Intl.NumberFormat(undefined, options);
    var symbol = style === "percent" ? "%" : "";
    // A word unit ("papers") goes after numbers in tooltips and titles the axis;
    // on every tick it would crowd the labels.
    var word = !options.style && style !== "percent" && unit ? unit : "";
    function render(value, withWord) {
      if (value === null || value === undefined || isNaN(value)) return "–";
      return numbers.format(value) + symbol + (withWord && word ? " " + word : "");
    }
    return {
      tick: function (value) { return render(value, false); },
      value: function (value) { return render(value, true); },
      axisTitle: word,
    };
  }

  function themeColours() {
    var styles = getComputedStyle(document.documentElement);
    return {
      text: styles.getPropertyValue("--chart-text").trim() || "#333",
      grid: styles.getPropertyValue("--chart-grid").trim() || "#ddd",
    };
  }

  function build(config) {
    var format = formatter(config.format || {});
    var valueAxis = config.format && config.format.valueAxis;
    var colours = themeColours();
    var options = config.options || {};
    options.responsive = true;
    options.maintainAspectRatio = true;
    options.aspectRatio = window.innerWidth < 600 ? 1.1 : 2;
    options.animation = reducedMotion.matches ? false : { duration: 400 };
    options.plugins = options.plugins || {};
    options.plugins.tooltip = {
      callbacks: {
        label: function (item) {
          var value = valueAxis ? item.parsed[valueAxis] : item.parsed;
          var name = item.dataset.label || "";
          return (config.data.datasets.length > 1 ? name + ": " : "") + format.value(value);
        },
      },
    };
    if (options.plugins.legend) options.plugins.legend.labels = { color: colours.text };
    Object.keys(options.scales || {}).forEach(function (axis) {
      var scale = options.scales[axis];
      scale.ticks = { color: colours.text };
      scale.grid = Object.assign({ color: colours.grid }, scale.grid || {});
      if (axis === valueAxis) {
        scale.ticks.callback = function (value) {
          // A log axis asks for many ticks; label only the round ones.
          if (scale.type === "logarithmic") {
            var power = Math.pow(10, Math.floor(Math.log10(value)));
            if (value / power !== 1) return "";
          }
          return format.tick(value);
        };
        if (format.axisTitle) {
          scale.title = { display: true, text: format.axisTitle, color: colours.text };
        }
      } else {
        scale.ticks.autoSkip = false;
      }
    });
    return { type: config.type, data: config.data, options: options };
  }

  function draw(container) {
    var source = document.getElementById(container.getAttribute("data-chart"));
    var canvas = container.querySelector("canvas");
    if (!source || !canvas || typeof window.Chart === "undefined") return;
    var config = JSON.parse(source.textContent);
    var existing = window.Chart.getChart(canvas);
    if (existing) existing.destroy();
    new window.Chart(canvas, build(config));
    container.classList.add("chart__canvas--drawn");
    // Drawn: the table is one click away rather than open.
    var figure = container.closest("figure");
    var table = figure && figure.querySelector("[data-chart-table]");
    if (table) table.open = false;
  }

  function drawAll() {
    document.querySelectorAll("[data-chart]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
  darkScheme.addEventListener("change", drawAll);
})();
