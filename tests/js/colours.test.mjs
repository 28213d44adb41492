import assert from "node:assert/strict";
import { test } from "node:test";
import { paintAnnotations, theme } from "../../static/js/charts/colours.js";

function styles(properties, fontFamily = "Georgia") {
  return { fontFamily, getPropertyValue: (name) => properties[name] || "" };
}

const COLOURS = { text: "#eee", grid: "#444", background: "#111", font: "Georgia" };

test("the theme reads the page's custom properties", () => {
  const read = theme(styles({ "--chart-text": " #eee ", "--chart-grid": "#444", "--bg": "#111" }));
  assert.deepEqual(read, COLOURS);
});

test("without the custom properties the theme falls back to light colours", () => {
  assert.deepEqual(theme(styles({}, "serif")), { text: "#333", grid: "#ddd", background: "#fff", font: "serif" });
});

test("annotation lines are dashed in the text colour, bands in the grid colour", () => {
  const options = {
    plugins: {
      annotation: {
        annotations: {
          a0: { type: "line", value: 3, label: { content: "Target", display: true } },
          a1: { type: "box", xMin: 1, xMax: 2, label: { content: "Recession" } },
        },
      },
    },
  };
  paintAnnotations(options, COLOURS);
  const { a0, a1 } = options.plugins.annotation.annotations;
  assert.deepEqual([a0.borderColor, a0.borderDash], ["#eee", [6, 4]]);
  assert.equal(a0.label.position, "end");
  assert.equal(a0.label.backgroundColor, "#111");
  assert.equal(a0.label.content, "Target");
  assert.deepEqual([a1.backgroundColor, a1.borderWidth, a1.drawTime], ["#444", 0, "beforeDatasetsDraw"]);
  assert.deepEqual(a1.label.position, { x: "start", y: "start" });
});

test("a chart without annotations is left alone", () => {
  const options = { plugins: {} };
  paintAnnotations(options, COLOURS);
  assert.deepEqual(options, { plugins: {} });
});
