import assert from "node:assert/strict";
import { test } from "node:test";
import {
  MAX_COLUMNS, columnsFor, indexAt, nextFacetPoint, positionOf,
} from "../../static/js/charts/facets.js";

test("the grid has one column on a phone and three or four on a laptop", () => {
  assert.equal(columnsFor(328, 5), 1); // a 360 px page, less its margins
  assert.equal(columnsFor(560, 5), 2);
  assert.equal(columnsFor(900, 5), 3);
  assert.equal(columnsFor(1177, 5), 4); // a 1280 px page: the figure leaves the text's measure
  assert.equal(columnsFor(3000, 24), MAX_COLUMNS);
});

test("never more columns than panels, never fewer than one", () => {
  assert.equal(columnsFor(1177, 2), 2);
  assert.equal(columnsFor(100, 5), 1);
  assert.equal(columnsFor(0, 0), 1);
});

const dates = [{ x: "2000-01-01", y: 1 }, { x: "2000-02-01", y: 2 }, { x: "2000-03-01", y: 3 }];
const later = [{ x: "2000-02-01", y: 5 }, { x: "2000-03-01", y: 6 }];

test("a point's position is its label on a category axis, its x on a time axis", () => {
  assert.equal(positionOf([4, 5], ["north", "south"], 1), "south");
  assert.equal(positionOf(dates, undefined, 2), "2000-03-01");
  assert.equal(positionOf(dates, [], 9), undefined);
});

test("another panel's point at that position, or none", () => {
  assert.equal(indexAt(later, undefined, "2000-03-01"), 1);
  assert.equal(indexAt(later, undefined, "2000-01-01"), -1); // that panel starts later
  assert.equal(indexAt([1, 2], ["north", "south"], "south"), 1);
  assert.equal(indexAt([1, 2], ["north", "south"], undefined), -1);
});

const panels = [
  { datasets: 1, positions: ["2000-01-01", "2000-02-01", "2000-03-01"] },
  { datasets: 2, positions: ["2000-02-01", "2000-03-01"] },
];

test("left and right walk along a panel and stop at its ends", () => {
  assert.deepEqual(nextFacetPoint("ArrowRight", null, panels), { panel: 0, dataset: 0, index: 0 });
  const end = { panel: 0, dataset: 0, index: 2 };
  assert.deepEqual(nextFacetPoint("ArrowRight", end, panels), end);
  assert.deepEqual(nextFacetPoint("Home", end, panels), { panel: 0, dataset: 0, index: 0 });
  assert.deepEqual(nextFacetPoint("End", { panel: 1, dataset: 0, index: 0 }, panels), {
    panel: 1, dataset: 0, index: 1,
  });
});

test("down moves to the next series, then the next panel, at the same position", () => {
  const march = { panel: 0, dataset: 0, index: 2 };
  assert.deepEqual(nextFacetPoint("ArrowDown", march, panels), { panel: 1, dataset: 0, index: 1 });
  assert.deepEqual(nextFacetPoint("ArrowDown", { panel: 1, dataset: 0, index: 1 }, panels), {
    panel: 1, dataset: 1, index: 1,
  });
  // From the last series of the last panel, round to the first.
  assert.deepEqual(nextFacetPoint("ArrowDown", { panel: 1, dataset: 1, index: 0 }, panels), {
    panel: 0, dataset: 0, index: 1,
  });
});

test("up goes back to the previous panel's last series", () => {
  assert.deepEqual(nextFacetPoint("ArrowUp", { panel: 0, dataset: 0, index: 1 }, panels), {
    panel: 1, dataset: 1, index: 0,
  });
  // A position the panel lacks: the nearest index it has.
  assert.deepEqual(nextFacetPoint("ArrowUp", { panel: 1, dataset: 0, index: 1 }, panels), {
    panel: 0, dataset: 0, index: 2,
  });
  assert.deepEqual(nextFacetPoint("ArrowDown", { panel: 0, dataset: 0, index: 0 }, panels), {
    panel: 1, dataset: 0, index: 0,
  });
});

test("Escape clears; other keys are not ours", () => {
  assert.equal(nextFacetPoint("Escape", null, panels), "clear");
  assert.equal(nextFacetPoint("a", null, panels), null);
  assert.equal(nextFacetPoint("ArrowRight", null, []), null);
});
