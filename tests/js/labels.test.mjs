import assert from "node:assert/strict";
import { test } from "node:test";
import { build } from "../../static/js/charts/config.js";
import {
  LINE, categoryPixel, contrast, endRoom, fitName, inkOn, keepClear, marksPadding, noteLines, placeNote, placePeriod,
  readable, shorten, spread, valueSpot,
} from "../../static/js/charts/labels-place.js";

const LIGHT = { text: "#3a3a40", grid: "#e6e4df", background: "#fdfcfa", font: "sans-serif" };
const DARK = { text: "#d8d8de", grid: "#2e2e34", background: "#141416", font: "sans-serif" };
const AREA = { left: 40, right: 300, top: 10, bottom: 310 };

function overlaps(a, b) {
  return a.left < b.left + b.width && b.left < a.left + a.width &&
    a.top < b.top + b.height && b.top < a.top + a.height;
}

function inside(box, area) {
  return box.left >= area.left && box.left + box.width <= area.right &&
    box.top >= area.top && box.top + box.height <= area.bottom;
}

test("a value sits past a bar's end when there is room, inside it when not, else is dropped", () => {
  // A vertical bar from 300 up to 100: its value above it.
  const up = { base: 300, end: 100, dir: -1, along: 12, across: 30, thickness: 36, low: 0, high: 310 };
  assert.deepEqual(valueSpot(up), { where: "outside", at: 100 - 4 - 6 });
  // The tallest bar reaches the top: its value goes inside, by its end.
  assert.deepEqual(valueSpot({ ...up, end: 5 }), { where: "inside", at: 5 + 4 + 6 });
  // ... unless it is wider than the bar.
  assert.equal(valueSpot({ ...up, end: 5, across: 40 }), null);
  // A short bar at the top: neither fits, dropped.
  assert.equal(valueSpot({ ...up, base: 15, end: 5 }), null);
  // A negative vertical bar grows down: its value under it.
  assert.deepEqual(valueSpot({ ...up, base: 100, end: 200, dir: 1 }), { where: "outside", at: 210 });
  // A horizontal bar whose value would pass the canvas's edge: inside.
  const across = { base: 40, end: 350, dir: 1, along: 50, across: 12, thickness: 30, low: 40, high: 360 };
  assert.deepEqual(valueSpot(across), { where: "inside", at: 350 - 4 - 25 });
  // Stacked bars: in the middle of their segment, or not at all.
  assert.deepEqual(valueSpot({ ...up, stacked: true }), { where: "inside", at: 200 });
  assert.equal(valueSpot({ ...up, end: 290, stacked: true }), null);
});

test("values that would touch another value or another bar are dropped, the smallest first", () => {
  // Two bars side by side (a group at 360 px), both values wider than their bars.
  const bars = [
    { left: 0, right: 20, top: 100, bottom: 300 },
    { left: 22, right: 42, top: 104, bottom: 300 },
    { left: 60, right: 80, top: 250, bottom: 300 },
  ];
  const values = [
    { box: { left: -5, right: 25, top: 82, bottom: 96 }, bar: 0, size: 3376 },
    { box: { left: 17, right: 47, top: 86, bottom: 100 }, bar: 1, size: 3594 },
    { box: { left: 55, right: 85, top: 232, bottom: 246 }, bar: 2, size: 521 },
  ];
  // The larger of the two touching values keeps its place; the third is clear.
  assert.deepEqual(keepClear(values, bars), [1, 2]);
  // Heights apart: both kept, however wide.
  const apart = [values[0], { ...values[1], box: { ...values[1].box, top: 50, bottom: 64 } }];
  assert.deepEqual(keepClear(apart, bars.slice(0, 2)), [0, 1]);
  // A value above a short bar that spills over its tall neighbour: dropped.
  const spill = [{ box: { left: 10, right: 40, top: 232, bottom: 246 }, bar: 2, size: 5 }];
  assert.deepEqual(keepClear(spill, [bars[1], bars[1], { ...bars[2], left: 30 }]), []);
});

test("the chart keeps room for bar values and line names, within a share of a phone's width", () => {
  const vertical = marksPadding({ values: true }, { width: 360, horizontal: false, names: [], texts: ["1,234"] });
  assert.ok(vertical.top >= 12);
  const horizontal = marksPadding({ values: true }, { width: 360, horizontal: true, names: [], texts: ["1,234", "56"] });
  assert.ok(horizontal.right >= 5 * 7 && horizontal.right <= 90);
  const long = marksPadding({ lineEnds: true }, { width: 360, horizontal: false, names: ["A very long company name indeed"], texts: [] });
  assert.ok(long.right <= 360 * 0.28 + 12, long.right);
  assert.equal(marksPadding({}, { width: 360, horizontal: false, names: ["AAPL"], texts: [] }).right, 10);
});

test("line names are cut to their room at 360 px, kept whole at 1280 px", () => {
  const names = ["United States of America", "China"];
  const phone = endRoom(names, 360);
  assert.equal(phone.chars, 10);
  assert.equal(shorten(names[0], phone.chars), "United St…");
  // Room for four wide capitals and the gap before them: "GOOG" is never cut.
  assert.ok(endRoom(["GOOG"], 360).padding >= 4 * 10 + 8);
  // Cut again to what the canvas measures.
  assert.equal(fitName("MSFT", 4, 30, (t) => t.length * 8), "MS…");
  assert.equal(fitName("MSFT", 4, 40, (t) => t.length * 8), "MSFT");
  assert.equal(shorten("China", phone.chars), "China");
  assert.equal(endRoom(names, 1280).chars, names[0].length);
});

test("labels wanted in the same place are nudged apart, as near their places as they can be", () => {
  // AAPL, IBM and MSFT end near one another; GOOG is far away and stays put.
  const placed = spread([100, 104, 98, 300], LINE, 0, 400);
  const sorted = [placed[2], placed[0], placed[1]];
  for (let n = 1; n < sorted.length; n++) assert.ok(sorted[n] - sorted[n - 1] >= LINE - 1e-9);
  assert.equal(placed[3], 300);
  // Centred on their wanted places: the group's middle stays where they were.
  const middle = (placed[0] + placed[1] + placed[2]) / 3;
  assert.ok(Math.abs(middle - (100 + 104 + 98) / 3) < 1e-9);
  // Never outside the chart area, even when they crowd its edge.
  const edge = spread([5, 6, 7], LINE, 0, 200);
  assert.ok(Math.min(...edge) >= 0);
  assert.ok(edge[1] - edge[0] >= LINE - 1e-9 && edge[2] - edge[1] >= LINE - 1e-9);
  const bottom = spread([199, 198, 197], LINE, 0, 200);
  assert.ok(Math.max(...bottom) <= 200);
  // More labels than the height holds: squeezed evenly into it.
  const crowd = spread(Array(30).fill(50), LINE, 0, 100);
  assert.ok(Math.min(...crowd) >= 0 && Math.max(...crowd) <= 100);
  assert.deepEqual(spread([], LINE, 0, 100), []);
});

test("a note wraps to the chart's width and stays inside the chart area at 360 px", () => {
  const text = "DeepSeek R1 released, and the shares of chip makers fell the next morning";
  const lines = noteLines(text, AREA.right - AREA.left);
  assert.ok(lines.length >= 3, lines);
  assert.ok(lines.every((line) => line.length <= 22), lines);
  // A point at the right end, near the top: the box moves left and below it.
  const note = placeNote({ x: 298, y: 30, lines, textWidth: 150, area: AREA });
  assert.ok(inside(note.box, AREA), JSON.stringify(note.box));
  assert.ok(note.box.top > 30, "below the point, since there is no room above");
  // The leader runs from the box's edge to the point.
  assert.equal(note.from.y, note.box.top);
  assert.ok(note.from.x >= note.box.left && note.from.x <= note.box.left + note.box.width);
  assert.equal(note.to.x, 298);
  assert.ok(Math.abs(note.to.y - 30) <= 2);
  // Room above: above, its leader from the box's bottom.
  const high = placeNote({ x: 100, y: 250, lines, textWidth: 150, area: AREA });
  assert.ok(inside(high.box, AREA));
  assert.equal(high.from.y, high.box.top + high.box.height);
  assert.ok(high.box.top + high.box.height < 250);
  // Too tall for either side: still inside the area.
  const tall = placeNote({ x: 100, y: 160, lines: Array(18).fill("word"), textWidth: 40, area: AREA });
  assert.ok(inside(tall.box, AREA), JSON.stringify(tall.box));
  assert.ok(!overlaps(high.box, { left: 100, top: 250, width: 1, height: 1 }));
  // Lines run higher than the point under the box: the box goes above them, with a longer leader.
  const clear = placeNote({ x: 100, y: 280, lines, textWidth: 150, area: AREA, clear: 150 });
  assert.ok(clear.box.top + clear.box.height <= 150 - 4);
  assert.ok(inside(clear.box, AREA));
  assert.equal(clear.to.y, 278);
  // No room above the data: just above the point, as without it.
  const full = placeNote({ x: 100, y: 250, lines, textWidth: 150, area: AREA, clear: 20 });
  assert.deepEqual(full.box, high.box);
});

test("a note about a period spans it with a bracket, its words kept inside the chart", () => {
  const lines = noteLines("Lockdown", 260);
  const period = placePeriod({ start: 250, end: 400, lines, textWidth: 60, area: AREA });
  assert.ok(inside(period.box, AREA));
  assert.deepEqual([period.bracket.start, period.bracket.end], [250, 300]); // cut at the area
  assert.ok(period.bracket.y > period.box.top + period.box.height);
  assert.equal(period.to.x, 275);
});

test("positions on a category axis are labels, dates or numbers", () => {
  const scale = (type) => ({ type, getPixelForValue: (v) => v });
  assert.equal(categoryPixel(scale("category"), 2022, ["2021", "2022"]), 1);
  assert.equal(categoryPixel(scale("category"), "2030", ["2021", "2022"]), null);
  assert.equal(categoryPixel(scale("time"), "2020-03-01", []), new Date(2020, 2, 1).getTime());
  assert.equal(categoryPixel(scale("linear"), "2020", []), 2020);
  assert.equal(categoryPixel(scale("linear"), null, []), null);
});

test("line names read on light and dark pages; values inside bars read on the bar", () => {
  for (const page of [LIGHT, DARK]) {
    for (const colour of ["#0072B2", "#E69F00", "#CC79A7", "#56B4E9", "#FFFF00"]) {
      const ink = readable(colour, page.background, page.text);
      assert.ok(contrast(ink, page.background) >= 4.5, `${colour} on ${page.background}: ${ink}`);
    }
  }
  assert.equal(readable("#0072B2", LIGHT.background, LIGHT.text), "#0072B2"); // kept when it reads
  assert.equal(inkOn("#0072B2"), "#FFFFFF");
  assert.equal(inkOn("#F0E442"), "#1A1A1A");
});

function lines(marks) {
  return {
    type: "line",
    data: {
      labels: ["2021", "2022"],
      datasets: [
        { label: "Apple Incorporated", data: [1, 2] },
        { label: "IBM", data: [2, 3] },
      ],
    },
    options: { indexAxis: "x", plugins: { legend: { display: false } }, scales: { x: { type: "category" }, y: { type: "linear" } } },
    format: { valueAxis: "y", labels: "number", locale: "en-GB", style: "grouped" },
    layout: { orientation: "vertical" },
    marks,
  };
}

test("the chart carries the marks plugin and keeps room for the names at the lines' ends", () => {
  const plain = build(lines({}), 360, LIGHT).chart;
  assert.equal(plain.options.layout.padding.right, 10);
  const named = build(lines({ lineEnds: true }), 360, LIGHT).chart;
  assert.ok(named.options.layout.padding.right >= "Apple I…".length * 10, named.options.layout.padding.right);
  assert.deepEqual(named.plugins.map((p) => p.id), ["chartweekMarks"]);
  assert.equal(named.options.plugins.legend.display, false);
});
