import assert from "node:assert/strict";
import { test } from "node:test";
import {
  NARROW, barsHeight, drawnAxes, fitsUnderBars, layoutOf, shapeOf, wrap,
} from "../../static/js/charts/layout.js";

function bars(labels, extra = {}) {
  return {
    type: "bar",
    data: { labels, datasets: [{ data: labels.map((_, n) => n) }] },
    options: { indexAxis: "x", scales: { x: { type: "category" }, y: { type: "linear" } }, plugins: {} },
    format: { labels: "text", valueAxis: "y" },
    layout: {
      orientation: "vertical",
      narrow: {
        orientation: "horizontal", when: "labels-do-not-fit", valueAxis: "x", indexAxis: "y",
        scales: { x: { type: "linear" }, y: { type: "category" } },
        annotations: { a0: { type: "line", scaleID: "x", value: 3 } },
      },
    },
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

test("a chart the server gives no narrow layout never turns", () => {
  assert.equal(layoutOf(bars(LONG, { layout: { orientation: "vertical" } }), 360), "narrow");
  assert.equal(layoutOf(bars(LONG, { layout: undefined }), 360), "narrow");
});

test("a turned chart draws the server's narrow axes; otherwise its own, untouched", () => {
  const config = bars(LONG);
  config.options.plugins.annotation = { annotations: { a0: { type: "line", scaleID: "y", value: 3 } } };
  const before = structuredClone(config);
  const turned = drawnAxes(config, layoutOf(config, 360));
  assert.equal(turned, config.layout.narrow);
  assert.equal(turned.indexAxis, "y");
  assert.equal(turned.valueAxis, "x");
  assert.deepEqual(turned.annotations.a0, { type: "line", scaleID: "x", value: 3 });
  const wide = drawnAxes(config, layoutOf(config, 1280));
  assert.deepEqual(wide, {
    indexAxis: "x",
    scales: config.options.scales,
    annotations: config.options.plugins.annotation.annotations,
    valueAxis: "y",
  });
  assert.deepEqual(config, before); // nothing rewritten
});

test("a chart's shape keeps what the layout reads and gives the same layout", () => {
  const config = bars(LONG);
  const shape = shapeOf(config);
  assert.deepEqual(shape, { layout: { narrow: true }, data: { labels: LONG } });
  for (const width of [320, 599, 600, 1280]) assert.equal(layoutOf(shape, width), layoutOf(config, width));
});
