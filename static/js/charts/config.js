/*
 * From the server's config (built by charts/config.py) to Chart.js's, for one
 * width and theme. What cannot travel as JSON is added here: number and date
 * formats (the "format" key) as tick and tooltip callbacks, the theme's
 * colours, the choice between the server's layouts for the width. No DOM: the caller passes the width, the
 * colours and whether the reader asked for reduced motion.
 */
import { paintAnnotations } from "./colours.js";
import { gapOf, gapRoom, gapText, gapsPlugin, rowValues } from "./dots.js";
import { dateFormat, numberFormat, toDate } from "./format.js";
import { marksPadding } from "./labels-place.js";
import { marksPlugin } from "./labels.js";
import { CHAR, barsHeight, drawnAxes, layoutOf, wrap } from "./layout.js";

// The plugins a chart needs loaded before it is drawn: "time", "annotation".
export function needs(config) {
  const scales = config.options.scales || {};
  const wanted = [];
  if (Object.keys(scales).some(function (id) { return scales[id].type === "time"; })) {
    wanted.push("time");
  }
  if (config.options.plugins && config.options.plugins.annotation) wanted.push("annotation");
  return wanted;
}

export function isPowerOfTen(value) {
  const power = Math.pow(10, Math.floor(Math.log10(value)));
  return Math.abs(value / power - 1) < 1e-9;
}

// Chart.js's config ({chart}) and the height a horizontal bar chart needs (or null).
// The server's config is changed in place: build each drawing from a fresh copy.
export function build(config, width, colours, { reducedMotion = false } = {}) {
  const format = config.format || {};
  const layout = layoutOf(config, width);
  const narrow = layout.indexOf("narrow") === 0;
  const options = config.options;
  const axes = drawnAxes(config, layout);
  if (axes.indexAxis) {
    options.indexAxis = axes.indexAxis;
    options.scales = axes.scales;
  }
  if (axes.annotations) options.plugins.annotation = { annotations: axes.annotations };
  const valueAxis = axes.valueAxis;
  const numbers = numberFormat(format);
  const labels = config.data.labels || [];
  const xs = labels.length ? labels : (config.data.datasets[0] || { data: [] }).data.map(
    function (point) { return point.x; }
  );
  const dates = dateFormat(format.locale, format.labels === "date" ? xs : []);
  const horizontal = options.indexAxis === "y";

  if (options.parsing === false) {
    // Decimation reads numbers: dates become the reader's local midnight.
    config.data.datasets.forEach(function (dataset) {
      dataset.data.forEach(function (point) {
        if (typeof point.x === "string") point.x = toDate(point.x).getTime();
      });
    });
  }

  options.responsive = true;
  options.maintainAspectRatio = !horizontal;
  const round = !valueAxis;
  options.aspectRatio = round ? (narrow ? 1 : 1.6) : (narrow ? 1 : 2);
  options.animation = reducedMotion ? false : { duration: 400 };
  options.color = colours.text;
  options.plugins.legend = Object.assign(options.plugins.legend || {}, {
    position: "top",
    align: "start",
    labels: {
      color: colours.text,
      boxWidth: 12,
      boxHeight: 12,
      font: { family: colours.font },
      // In the order of the columns, whatever order the series are drawn in.
      sort: function (a, b) { return (a.datasetIndex || 0) - (b.datasetIndex || 0); },
    },
  });
  const marks = config.marks || {};
  if (!round) {
    options.layout = {
      padding: marksPadding(marks, {
        width: width,
        horizontal: horizontal,
        names: config.data.datasets.map(function (d) { return d.label; }),
        texts: marks.values ? barValues(config).map(numbers.bare) : [],
      }),
    };
  }
  options.plugins.tooltip = { callbacks: tooltipCallbacks(config, numbers, dates, valueAxis) };
  const plugins = [];
  if (config.dots) {
    // Dot, range and arrow plots: room for the gaps, joins drawn by dots.js's plugin.
    // Gaps are written as figures ("+4.2"); the axis and the tooltip say the unit.
    const room = config.dots.gapLabels ? gapRoom(config.data.datasets, numbers.tick) : 0;
    options.layout.padding.right = Math.max(10, room);
    plugins.push(gapsPlugin(config.dots, numbers.tick, colours));
    const valueLabel = options.plugins.tooltip.callbacks.afterLabel;
    options.plugins.tooltip.callbacks.afterLabel = function (item) {
      const datasets = item.chart ? item.chart.data.datasets : config.data.datasets;
      if (item.datasetIndex !== datasets.length - 1) return valueLabel(item);
      const visible = item.chart
        ? function (n) { return item.chart.isDatasetVisible(n); }
        : function () { return true; };
      const gap = gapOf(rowValues(datasets, item.dataIndex, visible));
      return gap === null ? "" : "Gap: " + gapText(gap, numbers.value);
    };
  }

  Object.keys(options.scales || {}).forEach(function (axis) {
    const scale = options.scales[axis];
    scale.ticks = Object.assign(scale.ticks || {}, { color: colours.text });
    scale.grid = Object.assign(scale.grid || {}, { color: colours.grid });
    scale.border = { color: colours.grid };
    if (scale.title) scale.title.color = colours.text;
    if (axis === valueAxis) {
      scale.grid.display = true;
      const log = scale.type === "logarithmic";
      if (log) {
        scale.grid.color = function (context) {
          return context.tick && isPowerOfTen(context.tick.value) ? colours.grid : "transparent";
        };
      }
      scale.ticks.callback = function (value) {
        // A log axis asks for many ticks; label only the powers of ten.
        return log && !isPowerOfTen(value) ? "" : numbers.tick(value);
      };
    } else if (scale.type === "time") {
      // Round ticks: years over a long span, months over a shorter one.
      const span = (toDate(xs[xs.length - 1]) - toDate(xs[0])) / 86400000;
      const unit = span > 3 * 365 ? "year" : span > 90 ? "month" : "day";
      scale.time = Object.assign({ unit: unit }, scale.time || {});
      scale.ticks.callback = function (value, index, ticks) {
        return dateFormat(format.locale, ticks.map(function (t) { return t.value; }))(value);
      };
      scale.ticks.maxRotation = 0;
    } else if (scale.type === "linear") {
      // Along a line, numbers are usually years: 2024, not 2,024.
      const write = config.type === "scatter" ? numbers.tick : numbers.plain.format;
      scale.ticks.callback = function (value) { return write(value); };
    } else if (format.labels === "date") {
      scale.ticks.callback = function (value) { return dates(this.getLabelForValue(value)); };
      scale.ticks.autoSkip = true;
      scale.ticks.maxRotation = 0;
    } else {
      // Characters per line: a third of the width beside horizontal bars, else the
      // room under each bar (less the value axis).
      const room = horizontal
        ? Math.min(28, width / 3 / CHAR)
        : Math.max(6, (width - 70) / labels.length / CHAR - 1);
      scale.ticks.autoSkip = labels.length > 24;
      scale.ticks.maxRotation = horizontal || labels.length <= 24 ? 0 : 45;
      scale.ticks.callback = function (value) {
        return wrap(this.getLabelForValue(value), Math.floor(room));
      };
    }
  });

  config.data.datasets.forEach(function (dataset) {
    if (config.type === "doughnut" || config.type === "pie") {
      dataset.borderColor = colours.background;
    }
  });
  paintAnnotations(options, colours);
  plugins.push(marksPlugin(marks, { write: numbers.bare, colours: colours, width: width, labels: labels }));
  const series = config.dots ? 1 : config.data.datasets.length; // a row's dots share a line
  return {
    chart: { type: config.type, data: config.data, options: options, plugins: plugins },
    height: horizontal ? barsHeight(labels.length, series) : null,
  };
}

// The numbers bars carry (not the lines of a bars-and-lines chart).
function barValues(config) {
  const values = [];
  config.data.datasets.forEach(function (dataset) {
    if (dataset.type === "line") return;
    dataset.data.forEach(function (value) { if (typeof value === "number") values.push(value); });
  });
  return values;
}

// Tooltip title, value and (on a scatter) the x value: also what the keyboard reads out.
// `valueAxis`: the axis with the numbers as drawn (the server's, or its narrow layout's).
export function tooltipCallbacks(config, numbers, dates, valueAxis = (config.format || {}).valueAxis) {
  const format = config.format || {};
  const several = config.data.datasets.length > 1;
  const scatter = config.type === "scatter";
  // The axis with the labels or dates: y once bars are horizontal.
  const xType = ((config.options.scales || {})[config.options.indexAxis || "x"] || {}).type;
  return {
    title: function (items) {
      if (!items.length) return "";
      const item = items[0];
      if (scatter) return item.raw.label;
      if (xType === "time") return dates(item.parsed.x);
      if (xType === "linear") return numbers.plain.format(item.parsed[config.options.indexAxis]);
      return format.labels === "date" ? dates(item.label) : item.label;
    },
    label: function (item) {
      const name = several || scatter ? item.dataset.label + ": " : "";
      const value = valueAxis ? item.parsed[valueAxis] : item.parsed;
      return name + numbers.value(value);
    },
    afterLabel: function (item) {
      if (!scatter) return "";
      const x = format.labels === "date" ? dates(item.raw.x) : numbers.tick(item.parsed.x);
      return format.x + ": " + x;
    },
  };
}
