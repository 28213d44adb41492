import assert from "node:assert/strict";
import { test } from "node:test";
import { build } from "../../static/js/charts/config.js";
import {
  arrowHead, gapOf, gapRoom, gapText, gapsPlugin, joinOf, labelPlace, rowValues,
} from "../../static/js/charts/dots.js";
import { barsHeight } from "../../static/js/charts/layout.js";

const COLOURS = { text: "#333", grid: "#ddd", background: "#fff", font: "Georgia" };
const write = (value) => String(value);

test("the gap is the last value minus the first, signed and without float noise", () => {
  assert.equal(gapOf([29.3, 35.9]), 6.6);
  assert.equal(gapOf([35.9, 29.3]), -6.6);
  assert.equal(gapOf([10, 99, 12]), 2); // the middle value is drawn, not counted
  assert.equal(gapOf([null, 12]), null);
  assert.equal(gapOf([12, null]), null);
  assert.equal(gapOf([12]), null);
});

test("a gap is written with a plus or a minus sign (U+2212), zero as ±0", () => {
  assert.equal(gapText(6.6, write), "+6.6");
  assert.equal(gapText(-6.6, write), "\u22126.6");
  assert.equal(gapText(0, write), "\u00b10");
  assert.equal(gapText(null, write), "");
});

test("a row's values come from the series a reader has not hidden", () => {
  const datasets = [{ data: [1, 2] }, { data: [5, 6] }, { data: [9, 10] }];
  assert.deepEqual(rowValues(datasets, 1, () => true), [2, 6, 10]);
  assert.equal(gapOf(rowValues(datasets, 1, (n) => n !== 2)), 4);
});

test("an arrow runs from the first value to the last, whichever way it points", () => {
  assert.deepEqual(joinOf([300, 100], "arrow"), { start: 300, end: 100, head: true });
  assert.deepEqual(joinOf([100, 200, 300], "arrow"), { start: 100, end: 300, head: true });
  assert.equal(joinOf([null, 300], "arrow"), null);
});

test("a range or a dots line spans the lowest value to the highest", () => {
  assert.deepEqual(joinOf([300, 100, 200], "range"), { start: 100, end: 300, head: false });
  assert.deepEqual(joinOf([300, null, 100], "dots"), { start: 100, end: 300, head: false });
  assert.equal(joinOf([300, null], "range"), null);
});

test("an arrowhead points at the after value, stopping short of its dot", () => {
  const right = arrowHead(100, 200, 50, 9, 6);
  assert.deepEqual(right[0], [194, 50]); // the tip
  assert.ok(right[1][0] < 194 && right[2][0] < 194); // the head's back behind the tip
  assert.equal(right[1][1], 50 - right[2][1] + 50); // symmetric about the row
  const left = arrowHead(200, 100, 50, 9, 6);
  assert.deepEqual(left[0], [106, 50]);
  assert.ok(left[1][0] > 106);
});

test("a short arrow gets a head no longer than its shaft; no gap, no head", () => {
  const head = arrowHead(100, 110, 0, 9, 6); // 4 px of shaft past the dot's edge
  assert.equal(head[0][0] - head[1][0], 4);
  assert.equal(arrowHead(100, 100, 0, 9, 6), null);
  assert.equal(arrowHead(100, 104, 0, 9, 6), null); // all inside the dot
});

test("the gap is written after the row's right end, or before its left end when it runs out", () => {
  const area = { left: 80, right: 400 };
  assert.deepEqual(labelPlace({ start: 100, end: 200, head: false }, 30, area, 8), { x: 208, align: "left" });
  // An arrow pointing left too: the gaps read down one side.
  assert.deepEqual(labelPlace({ start: 200, end: 100, head: true }, 30, area, 8), { x: 208, align: "left" });
  // No room right of the row: on its left.
  assert.deepEqual(labelPlace({ start: 200, end: 380, head: false }, 30, area, 8), { x: 192, align: "right" });
  // No room on either side: on the right.
  assert.deepEqual(labelPlace({ start: 85, end: 395, head: false }, 30, area, 8), { x: 403, align: "left" });
});

test("the room kept for the gaps fits the widest one", () => {
  const datasets = [{ data: [1, 10, 5] }, { data: [2, 1000, null] }];
  assert.equal(gapRoom(datasets, write, 8), Math.ceil("+990".length * 7.5 + 8));
  assert.equal(gapRoom([{ data: [1] }, { data: [null] }], write, 8), 0);
});

function dotChart(style = "arrow") {
  return {
    type: "line",
    data: {
      labels: ["Morris", "Crookston", "Waseca"],
      datasets: [
        { label: "1931", data: [29.3, 40.1, 50], borderColor: "#0072B2" },
        { label: "1932", data: [35.9, 32.0, null], borderColor: "#D55E00" },
      ],
    },
    options: {
      indexAxis: "y",
      plugins: { legend: { display: true } },
      scales: { y: { type: "category" }, x: { type: "linear" } },
    },
    format: { style: "grouped", unit: "", locale: "en-GB", valueAxis: "x", labels: "text" },
    layout: { orientation: "horizontal" },
    dots: { style: style, gapLabels: true },
  };
}

test("a dot plot is one row per label tall, with room and a plugin for its gaps", () => {
  const { chart, height } = build(dotChart(), 1280, COLOURS);
  assert.equal(height, barsHeight(3, 1));
  assert.equal(chart.options.layout.padding.right, gapRoom(chart.data.datasets, (v) => String(v)));
  assert.ok(chart.options.layout.padding.right > 30); // "−8.1" and "+6.6"
  assert.deepEqual(chart.plugins.map((p) => p.id), ["chartweekGaps", "chartweekMarks"]); // marks: labels.js
});

test("the tooltip and the keyboard read the gap after the last value", () => {
  const { chart } = build(dotChart(), 1280, COLOURS);
  const after = chart.options.plugins.tooltip.callbacks.afterLabel;
  assert.equal(after({ datasetIndex: 1, dataIndex: 0 }), "Gap: +6.6");
  assert.equal(after({ datasetIndex: 1, dataIndex: 1 }), "Gap: \u22128.1");
  assert.equal(after({ datasetIndex: 0, dataIndex: 0 }), "");
  assert.equal(after({ datasetIndex: 1, dataIndex: 2 }), "");
});

// A canvas context that notes what is drawn.
function recorder() {
  const calls = [];
  const ctx = { calls };
  for (const name of ["save", "restore", "beginPath", "moveTo", "lineTo", "stroke", "fill", "closePath", "fillText"]) {
    ctx[name] = (...args) => calls.push([name, ...args]);
  }
  ctx.measureText = (text) => ({ width: text.length * 7 });
  return ctx;
}

function fakeChart(config, positions) {
  const ctx = recorder();
  return {
    ctx,
    data: config.data,
    chartArea: { left: 80, right: 600 },
    width: 700,
    isDatasetVisible: () => true,
    getDatasetMeta: (n) => ({
      data: positions[n].map((x, index) => ({ x, y: 20 + index * 30, skip: x === null })),
    }),
  };
}

test("the plugin draws an arrow to the after value and writes each row's gap", () => {
  const config = dotChart("arrow");
  const plugin = gapsPlugin(config.dots, write, COLOURS);
  const chart = fakeChart(config, [[100, 200, 300], [160, 120, null]]);
  plugin.beforeDatasetsDraw(chart);
  plugin.afterDatasetsDraw(chart);
  const moves = chart.ctx.calls.filter((c) => c[0] === "moveTo").map((c) => c.slice(1));
  // Row one: shaft from 100 rightwards, head's tip at 160 less the dot's edge.
  assert.deepEqual(moves[0], [100, 20]);
  assert.deepEqual(moves[1], [154, 20]);
  // Row two points left: its tip is right of 120.
  assert.deepEqual(moves[2], [200, 50]);
  assert.deepEqual(moves[3], [126, 50]);
  const texts = chart.ctx.calls.filter((c) => c[0] === "fillText").map((c) => c[1]);
  assert.deepEqual(texts, ["+6.6", "\u22128.1"]); // the third row has one value: no gap
});

test("without gap labels the plugin writes nothing", () => {
  const config = dotChart("range");
  config.dots.gapLabels = false;
  const plugin = gapsPlugin(config.dots, write, COLOURS);
  const chart = fakeChart(config, [[100, 200, 300], [160, 120, null]]);
  plugin.beforeDatasetsDraw(chart);
  plugin.afterDatasetsDraw(chart);
  assert.equal(chart.ctx.calls.filter((c) => c[0] === "fillText").length, 0);
  assert.equal(chart.ctx.calls.filter((c) => c[0] === "stroke").length, 2);
});
