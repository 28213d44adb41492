import assert from "node:assert/strict";
import { test } from "node:test";
import { build, isPowerOfTen, needs } from "../../static/js/charts/config.js";

const COLOURS = { text: "#333", grid: "#ddd", background: "#fff", font: "Georgia" };
const COUNTRIES = ["United Kingdom", "United States", "Germany", "France", "Netherlands", "Switzerland"];

function barChart(extra = {}) {
  return {
    type: "bar",
    data: {
      labels: COUNTRIES,
      datasets: [{ label: "Papers", data: [9660, 46000, 1500, 800, 120, 7] }],
    },
    options: {
      indexAxis: "x",
      plugins: { legend: { display: false } },
      scales: { x: { type: "category" }, y: { type: "linear", title: { text: "papers" } } },
    },
    format: { style: "grouped", unit: "papers", locale: "en-GB", valueAxis: "y", labels: "text" },
    // As charts/config.py sends vertical bars of text labels: the axes for a phone.
    layout: {
      orientation: "vertical",
      narrow: {
        orientation: "horizontal",
        when: "labels-do-not-fit",
        valueAxis: "x",
        indexAxis: "y",
        scales: { y: { type: "category" }, x: { type: "linear", title: { text: "papers" } } },
        annotations: null,
      },
    },
    ...extra,
  };
}

// A Chart.js scale's `this` for category tick callbacks.
const scale = { getLabelForValue: (n) => COUNTRIES[n] };

test("charts need the date adapter for a time axis and the plugin for annotations", () => {
  assert.deepEqual(needs(barChart()), []);
  const timed = barChart();
  timed.options.scales.x.type = "time";
  timed.options.plugins.annotation = { annotations: {} };
  assert.deepEqual(needs(timed), ["time", "annotation"]);
});

test("powers of ten are recognised despite floating point", () => {
  assert.ok([1, 10, 1000, 1e9, 0.001].every(isPowerOfTen));
  assert.ok(![2, 50, 999, 1001].some(isPowerOfTen));
});

test("value ticks and tooltips use the chart's number format and word unit", () => {
  const { chart, height } = build(barChart(), 1280, COLOURS);
  assert.equal(height, null);
  assert.equal(chart.options.scales.y.ticks.callback(46000), "46,000");
  const tooltip = chart.options.plugins.tooltip.callbacks;
  const item = { label: "Germany", parsed: { x: 2, y: 1500 }, dataset: { label: "Papers" } };
  assert.equal(tooltip.title([item]), "Germany");
  assert.equal(tooltip.label(item), "1,500 papers");
  assert.equal(tooltip.afterLabel(item), "");
});

test("currency ticks are compact and tooltips in full", () => {
  const config = barChart();
  config.format = { ...config.format, style: "currency", unit: "USD" };
  const { chart } = build(config, 1280, COLOURS);
  assert.equal(chart.options.scales.y.ticks.callback(6000000), "US$6m");
  const item = { label: "Germany", parsed: { x: 2, y: 6000000 }, dataset: { label: "Cost" } };
  assert.equal(chart.options.plugins.tooltip.callbacks.label(item), "US$6,000,000");
});

test("a log axis labels only the powers of ten and greys out the other grid lines", () => {
  const config = barChart();
  config.options.scales.y.type = "logarithmic";
  const { chart } = build(config, 1280, COLOURS);
  const y = chart.options.scales.y;
  assert.deepEqual([y.ticks.callback(1000), y.ticks.callback(2000)], ["1,000", ""]);
  assert.deepEqual([y.grid.color({ tick: { value: 100 } }), y.grid.color({ tick: { value: 300 } })], ["#ddd", "transparent"]);
});

test("on a narrow screen long bar labels turn the chart horizontal, as tall as its bars", () => {
  const { chart, height } = build(barChart(), 360, COLOURS);
  assert.equal(chart.options.indexAxis, "y");
  assert.equal(chart.options.maintainAspectRatio, false);
  assert.equal(height, 60 + 6 * 34);
  assert.equal(chart.options.scales.x.ticks.callback(46000), "46,000");
  const item = { label: "Germany", parsed: { x: 1500, y: 2 }, dataset: { label: "Papers" } };
  assert.equal(chart.options.plugins.tooltip.callbacks.label(item), "1,500 papers");
});

test("category labels wrap to the room under each bar", () => {
  const { chart } = build(barChart(), 600, COLOURS);
  assert.deepEqual(chart.options.scales.x.ticks.callback.call(scale, 0), ["United", "Kingdom"]);
  assert.equal(chart.options.scales.x.ticks.maxRotation, 0);
});

test("colours, legend order and reduced motion come through", () => {
  const { chart } = build(barChart(), 1280, COLOURS, { reducedMotion: true });
  assert.equal(chart.options.animation, false);
  assert.equal(chart.options.color, "#333");
  assert.equal(chart.options.scales.y.title.color, "#333");
  assert.equal(chart.options.plugins.legend.labels.sort({ datasetIndex: 2 }, { datasetIndex: 1 }), 1);
  assert.deepEqual(build(barChart(), 1280, COLOURS).chart.options.animation, { duration: 400 });
});

test("a doughnut is round: no value axis, slices parted by the background colour", () => {
  const config = {
    type: "doughnut",
    data: { labels: ["A", "B"], datasets: [{ label: "Share", data: [60, 40] }] },
    options: { plugins: { legend: { display: true } } },
    format: { style: "percent", unit: "", locale: "de-DE", valueAxis: null, labels: "text" },
  };
  const { chart } = build(config, 360, COLOURS);
  assert.equal(chart.options.aspectRatio, 1);
  assert.equal(chart.data.datasets[0].borderColor, "#fff");
  const item = { label: "A", parsed: 60, dataset: { label: "Share" } };
  assert.equal(chart.options.plugins.tooltip.callbacks.label(item), "60\u00a0%");
});

test("a line along dates writes its labels and tooltip titles as dates", () => {
  const config = {
    type: "line",
    data: { labels: ["2020-01-01", "2021-01-01"], datasets: [{ label: "A", data: [1, 2] }] },
    options: { indexAxis: "x", plugins: {}, scales: { x: { type: "category" }, y: { type: "linear" } } },
    format: { style: "plain", unit: "", locale: "en-GB", valueAxis: "y", labels: "date" },
  };
  const { chart } = build(config, 1280, COLOURS);
  const dates = { getLabelForValue: (n) => config.data.labels[n] };
  assert.equal(chart.options.scales.x.ticks.callback.call(dates, 1), "2021");
  assert.equal(chart.options.plugins.tooltip.callbacks.title([{ label: "2020-01-01" }]), "2020");
});

test("a scatter names both values in its tooltip", () => {
  const config = {
    type: "scatter",
    data: { datasets: [{ label: "Models", data: [{ x: 1500, y: 6000000, label: "R1" }] }] },
    options: { plugins: {}, scales: { x: { type: "linear" }, y: { type: "linear" } } },
    format: { style: "compact", unit: "", locale: "en-US", valueAxis: "y", labels: "number", x: "GPU-hours" },
  };
  const { chart } = build(config, 1280, COLOURS);
  const item = { raw: config.data.datasets[0].data[0], parsed: { x: 1500, y: 6000000 }, dataset: { label: "Models" } };
  const tooltip = chart.options.plugins.tooltip.callbacks;
  assert.deepEqual([tooltip.title([item]), tooltip.label(item), tooltip.afterLabel(item)], ["R1", "Models: 6M", "GPU-hours: 1.5K"]);
  assert.equal(chart.options.scales.x.ticks.callback(1500), "1.5K");
});
