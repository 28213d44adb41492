/*
 * Draws every chart on a page with Chart.js, the same way on article pages,
 * embeds and the admin's live preview.
 *
 * Each chart is a [data-chart] element naming the json_script element that
 * holds its configuration, built on the server by datasets/charts.py. What
 * cannot travel as JSON is added here: number and date formats (the "format"
 * key) as tick and tooltip callbacks, the theme's colours (light or dark), the
 * narrow-screen layout, keyboard access. The annotation plugin and the date
 * adapter are loaded only when a chart needs them. No inline script is needed,
 * so the Content Security Policy forbids them.
 *
 * window.chartweek.draw(container) draws one chart; drawAll(root) every chart
 * under root (the admin preview calls it after swapping in a new figure).
 */
(function () {
  "use strict";

  const script = document.currentScript;
  const vendors = {
    annotation: script && script.getAttribute("data-vendor-annotation"),
    time: script && script.getAttribute("data-vendor-time"),
  };
  const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
  const darkScheme = window.matchMedia("(prefers-color-scheme: dark)");
  const NARROW = 600; // chart widths below this get the narrow layout
  const CHAR = 7; // px per character of a tick label, roughly

  /* Plugins on demand */

  const loading = {};
  function load(name) {
    if (!loading[name]) {
      loading[name] = new Promise(function (resolve, reject) {
        if (!vendors[name]) return reject(new Error("chartweek: no address for " + name));
        const tag = document.createElement("script");
        tag.src = vendors[name];
        tag.onload = resolve;
        tag.onerror = function () { reject(new Error("chartweek: could not load " + name)); };
        document.head.appendChild(tag);
      });
    }
    return loading[name];
  }

  function needs(config) {
    const scales = config.options.scales || {};
    const wanted = [];
    if (Object.keys(scales).some(function (id) { return scales[id].type === "time"; })) {
      wanted.push("time");
    }
    if (config.options.plugins && config.options.plugins.annotation) wanted.push("annotation");
    return wanted;
  }

  /* Formats */

  function numberFormat(format) {
    const locale = format.locale || undefined;
    const unit = format.unit || "";
    const currency = format.style === "currency" && /^[A-Z]{3}$/.test(unit) ? unit : null;
    const base = {};
    if (format.style === "plain") base.useGrouping = false;
    if (currency) {
      Object.assign(base, { style: "currency", currency: currency, minimumFractionDigits: 0 });
    }
    if (format.style === "percent") base.style = "percent";
    const full = new Intl.NumberFormat(locale, Object.assign({ maximumFractionDigits: 2 }, base));
    const compact = new Intl.NumberFormat(
      locale, Object.assign({ notation: "compact", maximumFractionDigits: 1 }, base)
    );
    const onTicks = format.style === "compact" || currency ? compact : full;
    const inTooltips = format.style === "compact" ? compact : full;
    // Percent values are 0–100; Intl's percent style expects fractions.
    const scale = format.style === "percent" ? 0.01 : 1;
    // A word unit ("papers") titles the value axis and follows numbers in tooltips.
    const word = !currency && format.style !== "percent" ? unit : "";
    function render(numbers, value, withWord) {
      if (value === null || value === undefined || isNaN(value)) return "–";
      return numbers.format(value * scale) + (withWord && word ? " " + word : "");
    }
    return {
      tick: function (value) { return render(onTicks, value, false); },
      value: function (value) { return render(inTooltips, value, true); },
      plain: new Intl.NumberFormat(locale, { useGrouping: false, maximumFractionDigits: 2 }),
    };
  }

  // "2021-03-01" (or a timestamp) as a local date: a UTC midnight would show
  // the day before to every reader west of Greenwich.
  function toDate(value) {
    if (typeof value === "number") return new Date(value);
    const parts = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value));
    return parts ? new Date(+parts[1], parts[2] - 1, +parts[3]) : new Date(NaN);
  }

  // Dates written as coarsely as the values allow: years, months or days.
  function dateFormat(locale, values) {
    const dates = values.map(toDate).filter(function (d) { return !isNaN(d); });
    const monthly = dates.every(function (d) { return d.getDate() === 1; });
    const yearly = monthly && dates.every(function (d) { return d.getMonth() === 0; });
    const options = yearly
      ? { year: "numeric" }
      : monthly
        ? { year: "numeric", month: "short" }
        : { year: "numeric", month: "short", day: "numeric" };
    const formatter = new Intl.DateTimeFormat(locale, options);
    return function (value) {
      const date = toDate(value);
      return isNaN(date) ? String(value) : formatter.format(date);
    };
  }

  // Break a long label into lines of about `width` characters, at spaces and dashes.
  function wrap(label, width) {
    const words = String(label).split(/(?<=[\s–—-])/);
    const lines = [];
    let line = "";
    words.forEach(function (word) {
      if (line && (line + word).trim().length > width) {
        lines.push(line.trim());
        line = "";
      }
      line += word;
    });
    if (line.trim()) lines.push(line.trim());
    return lines.length > 1 ? lines : String(label);
  }

  /* Theme */

  function theme(element) {
    const styles = getComputedStyle(element);
    function read(name, fallback) { return styles.getPropertyValue(name).trim() || fallback; }
    return {
      text: read("--chart-text", "#333"),
      grid: read("--chart-grid", "#ddd"),
      background: read("--bg", "#fff"),
      font: styles.fontFamily,
    };
  }

  /* From the server's config to Chart.js's, for one width and theme */

  // Would the labels fit under vertical bars, wrapped at spaces, at this width?
  function fitsUnderBars(labels, width) {
    const longestWord = Math.max.apply(null, labels.map(function (label) {
      return Math.max.apply(null, String(label).split(/[\s–—-]+/).map(function (w) { return w.length; }));
    }));
    return width / labels.length >= Math.min(longestWord, 14) * CHAR + 12;
  }

  // A horizontal bar chart is as tall as its bars need, whatever its width.
  function barsHeight(labels, series) {
    const row = labels <= 4 ? 44 : labels <= 10 ? 34 : 26;
    return Math.max(160, 60 + labels * row * (series > 1 ? 0.7 * series : 1));
  }

  // Bars whose labels would not fit a narrow screen turn horizontal.
  function turnHorizontal(config) {
    const options = config.options;
    const scales = options.scales;
    options.indexAxis = "y";
    options.scales = { x: scales.y, y: scales.x };
    config.format.valueAxis = "x";
    const notes = (options.plugins.annotation || {}).annotations || {};
    Object.keys(notes).forEach(function (key) {
      const note = notes[key];
      const swapped = {};
      Object.keys(note).forEach(function (name) {
        const other = { xMin: "yMin", xMax: "yMax", yMin: "xMin", yMax: "xMax" }[name];
        swapped[other || name] = note[name];
      });
      if (swapped.scaleID) swapped.scaleID = swapped.scaleID === "x" ? "y" : "x";
      notes[key] = swapped;
    });
  }

  // The layout a chart gets at a width: narrow or wide, and vertical bars turned
  // horizontal when their labels would not fit. A chart is redrawn when it changes.
  function layoutOf(config, width) {
    const turnable = config.type === "bar" && config.options.indexAxis === "x" &&
      (config.format || {}).labels === "text" &&
      !config.data.datasets.some(function (d) { return d.type === "line"; });
    const turned = turnable && width < NARROW && !fitsUnderBars(config.data.labels || [], width);
    return (width < NARROW ? "narrow" : "wide") + (turned ? " turned" : "");
  }

  function build(config, width, colours) {
    const format = config.format || {};
    const layout = layoutOf(config, width);
    const narrow = layout.indexOf("narrow") === 0;
    const options = config.options;
    if (layout.indexOf("turned") !== -1) turnHorizontal(config);
    const valueAxis = format.valueAxis;
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
    options.animation = reducedMotion.matches ? false : { duration: 400 };
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
    if (!round) options.layout = { padding: { top: 4, right: 10 } };
    options.plugins.tooltip = { callbacks: tooltipCallbacks(config, numbers, dates) };

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
    return {
      chart: { type: config.type, data: config.data, options: options },
      height: horizontal ? barsHeight(labels.length, config.data.datasets.length) : null,
    };
  }

  function isPowerOfTen(value) {
    const power = Math.pow(10, Math.floor(Math.log10(value)));
    return Math.abs(value / power - 1) < 1e-9;
  }

  function tooltipCallbacks(config, numbers, dates) {
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
        const value = format.valueAxis ? item.parsed[format.valueAxis] : item.parsed;
        return name + numbers.value(value);
      },
      afterLabel: function (item) {
        if (!scatter) return "";
        const x = format.labels === "date" ? dates(item.raw.x) : numbers.tick(item.parsed.x);
        return format.x + ": " + x;
      },
    };
  }

  function paintAnnotations(options, colours) {
    const notes = (options.plugins.annotation || {}).annotations || {};
    Object.keys(notes).forEach(function (key) {
      const note = notes[key];
      const label = note.label;
      if (note.type === "line") {
        Object.assign(note, { borderColor: colours.text, borderWidth: 1.5, borderDash: [6, 4] });
      } else {
        Object.assign(note, {
          backgroundColor: colours.grid, borderWidth: 0, drawTime: "beforeDatasetsDraw",
        });
      }
      if (label) {
        Object.assign(label, {
          color: colours.text,
          backgroundColor: colours.background,
          font: { family: colours.font, size: 12 },
          padding: 4,
          position: note.type === "line" ? "end" : { x: "start", y: "start" },
        });
      }
    });
  }

  /* Drawing */

  function render(container, canvas, config) {
    const width = container.clientWidth;
    const layout = layoutOf(config, width);
    container.chartweekLayout = { config: shapeOf(config) };
    const built = build(config, width, theme(container));
    const existing = window.Chart.getChart(canvas);
    if (existing) existing.destroy();
    container.style.height = built.height ? built.height + "px" : "";
    new window.Chart(canvas, built.chart);
    container.dataset.layout = layout;
    container.dataset.scheme = darkScheme.matches ? "dark" : "light";
    container.classList.add("chart__canvas--drawn");
    // Drawn: the table is one click away rather than open.
    const figure = container.closest("figure");
    const table = figure && figure.querySelector("[data-chart-table]");
    if (table) table.open = false;
  }

  // Just what layoutOf reads, kept to test later widths without the data.
  function shapeOf(config) {
    return {
      type: config.type,
      options: { indexAxis: config.options.indexAxis },
      format: { labels: (config.format || {}).labels },
      data: {
        labels: config.data.labels,
        datasets: config.data.datasets.map(function (d) { return { type: d.type }; }),
      },
    };
  }

  function configOf(container) {
    const source = document.getElementById(container.getAttribute("data-chart"));
    return source ? JSON.parse(source.textContent) : null;
  }

  // Plugins register themselves with every chart, and the annotation plugin fails
  // on charts drawn before it arrived: so load what all the charts need, then draw.
  function prepare(configs) {
    const wanted = new Set();
    configs.forEach(function (config) { if (config) needs(config).forEach(wanted.add, wanted); });
    return Promise.all(Array.from(wanted, load)).catch(function (error) { console.error(error); });
  }

  function drawWith(container, config) {
    const canvas = container.querySelector("canvas");
    if (!config || !canvas) return;
    window.Chart.defaults.font.family = theme(container).font;
    render(container, canvas, config);
    watch(container, canvas);
  }

  function draw(container) {
    if (typeof window.Chart === "undefined") return Promise.resolve();
    const config = configOf(container);
    return prepare([config]).then(function () { drawWith(container, config); });
  }

  function drawAll(root) {
    if (typeof window.Chart === "undefined") return Promise.resolve();
    const containers = Array.from((root || document).querySelectorAll("[data-chart]"));
    const configs = containers.map(configOf);
    return prepare(configs).then(function () {
      containers.forEach(function (container, n) { drawWith(container, configs[n]); });
    });
  }

  // Redraw when a chart crosses between the narrow and the wide layout.
  const resizes = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      const container = entry.target;
      const shape = container.chartweekLayout;
      if (container.isConnected && shape &&
          layoutOf(shape.config, container.clientWidth) !== container.dataset.layout) {
        draw(container);
      }
    });
  });

  function watch(container, canvas) {
    if (container.dataset.watched) return;
    container.dataset.watched = "1";
    resizes.observe(container);
    canvas.addEventListener("keydown", function (event) { onKey(event, container, canvas); });
    canvas.addEventListener("blur", function () { select(container, canvas, null); });
  }

  /* Keyboard: arrows step through the values, each read out and shown as a tooltip */

  function onKey(event, container, canvas) {
    const chart = window.Chart.getChart(canvas);
    if (!chart) return;
    const count = chart.data.datasets.length;
    const length = Math.max.apply(null, chart.data.datasets.map(function (d) { return d.data.length; }));
    const current = canvas.chartweekPoint || { dataset: 0, index: -1 };
    const next = { dataset: current.dataset, index: current.index };
    switch (event.key) {
      case "ArrowRight": next.index = Math.min(length - 1, current.index + 1); break;
      case "ArrowLeft": next.index = Math.max(0, current.index - 1); break;
      case "ArrowDown": next.dataset = (current.dataset + 1) % count; next.index = Math.max(0, current.index); break;
      case "ArrowUp": next.dataset = (current.dataset + count - 1) % count; next.index = Math.max(0, current.index); break;
      case "Home": next.index = 0; break;
      case "End": next.index = length - 1; break;
      case "Escape": select(container, canvas, null); return;
      default: return;
    }
    event.preventDefault();
    select(container, canvas, next);
  }

  function select(container, canvas, point) {
    const chart = window.Chart.getChart(canvas);
    canvas.chartweekPoint = point;
    if (!chart) return;
    const meta = point && chart.getDatasetMeta(point.dataset);
    const element = meta && meta.data[point.index];
    const active = element ? [{ datasetIndex: point.dataset, index: point.index }] : [];
    chart.setActiveElements(active);
    chart.tooltip.setActiveElements(active, element ? { x: element.x, y: element.y } : { x: 0, y: 0 });
    chart.update();
    const announce = container.querySelector("[data-chart-announce]");
    if (announce) announce.textContent = element ? readOut(chart, active[0]) : "";
  }

  // The words of the tooltip at one point, for the live region.
  function readOut(chart, active) {
    const callbacks = chart.options.plugins.tooltip.callbacks;
    const dataset = chart.data.datasets[active.datasetIndex];
    const item = {
      dataset: dataset,
      datasetIndex: active.datasetIndex,
      dataIndex: active.index,
      raw: dataset.data[active.index],
      parsed: chart.getDatasetMeta(active.datasetIndex).controller.getParsed(active.index),
      label: chart.data.labels ? String(chart.data.labels[active.index]) : "",
    };
    return [callbacks.title([item]), callbacks.label(item), callbacks.afterLabel(item)]
      .filter(Boolean).join(", ");
  }

  window.chartweek = { draw: draw, drawAll: drawAll };

  function start() { drawAll(document); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
  darkScheme.addEventListener("change", start);
  reducedMotion.addEventListener("change", start);
})();
