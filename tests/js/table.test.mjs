import assert from "node:assert/strict";
import { test } from "node:test";
import { barOf, fold, heatOf, matching, pageOf, sortOrder } from "../../static/js/charts/table.js";

test("numbers sort by value, missing values last either way", () => {
  const keys = [10, null, -2, 3.5, NaN, 10];
  assert.deepEqual(sortOrder(keys, true, "ascending"), [2, 3, 0, 5, 1, 4]);
  assert.deepEqual(sortOrder(keys, true, "descending"), [0, 5, 3, 2, 1, 4]);
});

test("text sorts as the locale does, with numbers inside in order", () => {
  const keys = ["Zambia", "Åland", "", "area 10", "area 9", "Austria"];
  assert.deepEqual(sortOrder(keys, false, "ascending", "en"), [1, 4, 3, 5, 0, 2]);
  assert.deepEqual(sortOrder(["b", "a"], false, "ascending", "sv"), [1, 0]);
});

test("search finds every word anywhere in the row, ignoring case and accents", () => {
  assert.equal(fold("Côte d'Ivoire"), "cote d'ivoire");
  assert.deepEqual(matching(["Côte d'Ivoire 5", "Cuba 7", "Chad 5"], "cote 5"), [true, false, false]);
  assert.deepEqual(matching(["a", "b"], "   "), [true, true]);
});

test("pages stay in range", () => {
  assert.deepEqual(pageOf(187, 0, 25), { first: 0, last: 25, page: 0, pages: 8 });
  assert.deepEqual(pageOf(187, 99, 25), { first: 175, last: 187, page: 7, pages: 8 });
  assert.deepEqual(pageOf(0, -1, 25), { first: 0, last: 0, page: 0, pages: 1 });
});

test("bars start at zero: positives run right, negatives left", () => {
  assert.deepEqual(barOf(50, 0, 100), { start: 0, width: 0.5 });
  assert.deepEqual(barOf(-50, -50, 50), { start: 0, width: 0.5 });
  assert.deepEqual(barOf(50, -50, 50), { start: 0.5, width: 0.5 });
  assert.deepEqual(barOf(0, 0, 0), { start: 0, width: 0 });
});

test("heat runs from faint to strong over the column's range", () => {
  assert.equal(heatOf(0, 0, 10), "rgba(63, 127, 174, 0.080)");
  assert.equal(heatOf(10, 0, 10), "rgba(63, 127, 174, 0.680)");
  assert.equal(heatOf(5, 5, 5), "rgba(63, 127, 174, 0.680)");
});
