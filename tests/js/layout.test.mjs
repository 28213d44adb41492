import assert from "node:assert/strict";
import { test } from "node:test";
import {
  NARROW, barsHeight, fitsUnderBars, layoutOf, shapeOf, turnHorizontal, wrap,
} from "../../static/js/charts/layout.js";

function bars(labels, extra = {}) {
  return {
    type: "bar",
    data: { labels, datasets: [{ data: labels.map((_, n) => n) }] },
    options: { indexAxis: "x", scales: { x: { type: "category" }, y: { type: "linear" } }, plugins: {} },
    format: { labels: "text", valueAxis: "y" },
    ...extra,
  };
}

const LONG = ["United Kingdom", "United States", "Germany", "France", "Netherlands", "Switzerland"];

test("long labels wrap at spaces and dashes; short ones stay one string", () => {
  assert.deepEqual(wrap("Cross-country collaboration in AI", 12), ["Cross-", "country", "collaboration", "in AI"]);
  assert.equal(wrap("Short", 12), "Short");
  assert.equal(wrap(2024, 3), "2024");
});

test("labels fit under bars when each bar has room for its longest word", () => {
  assert.equal(fitsUnderBars(["UK", "US", "DE"], 360), true);
  assert.equal(fitsUnderBars(LONG, 360), false);
  assert.equal(fitsUnderBars(LONG, 1280), true);
});

test("horizontal bars are as tall as their rows need, and never under 160 px", () => {
  assert.equal(barsHeight(1, 1), 160);
  assert.equal(barsHeight(10, 1), 400);
  assert.ok(barsHeight(10, 3) > barsHeight(10, 1));
});

test("vertical bars turn horizontal on a narrow screen, only when their labels would not fit", () => {
  assert.equal(layoutOf(bars(LONG), 360), "narrow turned");
  assert.equal(layoutOf(bars(LONG), NARROW - 1), "narrow");
  assert.equal(layoutOf(bars(LONG), NARROW), "wide");
  assert.equal(layoutOf(bars(["UK", "US"]), 360), "narrow");
});

test("bars with a line through them, dates or numbers never turn", () => {
  const mixed = bars(LONG);
  mixed.data.datasets.push({ type: "line", data: [] });
  assert.equal(layoutOf(mixed, 360), "narrow");
  assert.equal(layoutOf(bars(LONG, { format: { labels: "date" } }), 360), "narrow");
  assert.equal(layoutOf({ ...bars(LONG), type: "line" }, 360), "narrow");
});

test("turning swaps the axes and the annotations' coordinates", () => {
  const config = bars(LONG);
  config.options.plugins.annotation = {
    annotations: {
      a0: { type: "line", scaleID: "y", value: 3 },
      a1: { type: "box", xMin: "France", xMax: "Germany", yMin: 1, yMax: 2 },
    },
  };
  turnHorizontal(config);
  assert.equal(config.options.indexAxis, "y");
  assert.deepEqual(config.options.scales, { x: { type: "linear" }, y: { type: "category" } });
  assert.equal(config.format.valueAxis, "x");
  const notes = config.options.plugins.annotation.annotations;
  assert.deepEqual(notes.a0, { type: "line", scaleID: "x", value: 3 });
  assert.deepEqual(notes.a1, { type: "box", yMin: "France", yMax: "Germany", xMin: 1, xMax: 2 });
});

test("a chart's shape keeps what the layout reads and gives the same layout", () => {
  const config = bars(LONG);
  const shape = shapeOf(config);
  assert.deepEqual(shape.data.datasets, [{ type: undefined }]);
  for (const width of [320, 599, 600, 1280]) assert.equal(layoutOf(shape, width), layoutOf(config, width));
});
