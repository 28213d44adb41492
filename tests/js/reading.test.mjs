import assert from "node:assert/strict";
import { test } from "node:test";
import { nextPoint, readOut } from "../../static/js/charts/reading.js";

test("the first arrow press reads the first value of the first series", () => {
  assert.deepEqual(nextPoint("ArrowRight", null, 2, 5), { dataset: 0, index: 0 });
  assert.deepEqual(nextPoint("ArrowDown", null, 2, 5), { dataset: 1, index: 0 });
});

test("left and right stop at the ends; Home and End jump there", () => {
  assert.deepEqual(nextPoint("ArrowRight", { dataset: 0, index: 4 }, 2, 5), { dataset: 0, index: 4 });
  assert.deepEqual(nextPoint("ArrowLeft", { dataset: 1, index: 0 }, 2, 5), { dataset: 1, index: 0 });
  assert.deepEqual(nextPoint("Home", { dataset: 1, index: 3 }, 2, 5), { dataset: 1, index: 0 });
  assert.deepEqual(nextPoint("End", { dataset: 1, index: 3 }, 2, 5), { dataset: 1, index: 4 });
});

test("up and down go round the series, keeping the position", () => {
  assert.deepEqual(nextPoint("ArrowDown", { dataset: 1, index: 3 }, 2, 5), { dataset: 0, index: 3 });
  assert.deepEqual(nextPoint("ArrowUp", { dataset: 0, index: 3 }, 3, 5), { dataset: 2, index: 3 });
});

test("Escape clears the reading and other keys are not ours", () => {
  assert.equal(nextPoint("Escape", { dataset: 0, index: 1 }, 1, 5), "clear");
  assert.equal(nextPoint("Tab", { dataset: 0, index: 1 }, 1, 5), null);
  assert.equal(nextPoint("a", null, 1, 5), null);
});

test("a point is read out in the tooltip's words, joined by commas", () => {
  const chart = {
    data: { labels: ["UK", "US"], datasets: [{ label: "Papers", data: [9660, 46000] }] },
    options: {
      plugins: {
        tooltip: {
          callbacks: {
            title: (items) => items[0].label,
            label: (item) => `${item.dataset.label}: ${item.raw}`,
            afterLabel: () => "",
          },
        },
      },
    },
    getDatasetMeta: () => ({ controller: { getParsed: (n) => ({ x: n, y: [9660, 46000][n] }) } }),
  };
  assert.equal(readOut(chart, { datasetIndex: 0, index: 1 }), "US, Papers: 46000");
});
