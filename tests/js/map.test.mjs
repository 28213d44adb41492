import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { feature } from "topojson-client";
import {
  MISSING, NO_DATA, along, centreOf, colourScale, legendValues, mapConfig, radiusOf, symbolConfig,
  thresholds,
} from "../../static/js/charts/map.js";

function atlas(path, object) {
  const topology = JSON.parse(readFileSync(new URL("../../node_modules/" + path, import.meta.url)));
  return feature(topology, topology.objects[object]).features;
}

const WORLD = atlas("world-atlas/countries-110m.json", "countries");
const STATES = atlas("us-atlas/states-10m.json", "states");
const EN = { style: "grouped", locale: "en-GB", unit: "" };

function tooltip(config, name) {
  const index = config.chart.data.labels.indexOf(name);
  const label = config.chart.options.plugins.tooltip.callbacks.label;
  return label({ chart: config.chart, dataIndex: index });
}

function fill(config, name) {
  const index = config.chart.data.labels.indexOf(name);
  return config.chart.data.datasets[0].backgroundColor({ dataIndex: index });
}

test("a ramp runs from its first stop to its last", () => {
  assert.equal(along(["#000000", "#ffffff"], 0), "#000000");
  assert.equal(along(["#000000", "#ffffff"], 1), "#ffffff");
  assert.equal(along(["#000000", "#ffffff"], 0.5), "#808080");
  assert.equal(along(["#000000", "#ffffff"], NaN), "#000000");
});

test("quantile bins hold as many values each; equal steps split the range", () => {
  const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100];
  assert.deepEqual(thresholds(values, { bins: "quantiles", count: 2 }), [6]);
  assert.deepEqual(thresholds(values, { bins: "equal", count: 4 }), [25.75, 50.5, 75.25]);
  assert.deepEqual(thresholds([5, 5, 5, 5], { bins: "quantiles", count: 4 }), [5]);
});

test("the editor's breaks are sorted, and bins are bounded", () => {
  assert.deepEqual(thresholds([], { bins: "breaks", breaks: [50, 10, "x", 20] }), [10, 20, 50]);
  const many = Array.from({ length: 40 }, (_, i) => i);
  assert.equal(thresholds([], { bins: "breaks", breaks: many }).length, 8);
  assert.equal(thresholds(many, { bins: "equal", count: 1e9 }).length, 8);
});

test("binned legends say each bin's range in the chart's number format", () => {
  const scale = colourScale([500, 1500, 20000], { bins: "breaks", breaks: [1000, 10000] }, EN);
  assert.deepEqual(scale.legend.items.map((item) => item.label), [
    "Under 1,000", "1,000 to under 10,000", "10,000 and over",
  ]);
  assert.equal(scale.colourOf(999), scale.legend.items[0].colour);
  assert.equal(scale.colourOf(1000), scale.legend.items[1].colour);
  assert.equal(scale.colourOf(null), null);
});

test("a diverging scale puts the midpoint at its neutral centre", () => {
  const scale = colourScale([-3, 1, 6], { palette: "diverging", midpoint: 0 }, EN);
  assert.equal(scale.colourOf(0), "#f3eee6");
  assert.notEqual(scale.colourOf(-6), scale.colourOf(6));
  assert.deepEqual(scale.legend.labels.map((l) => l.text), ["\u22126", "0", "6"]);
});

test("the world is drawn in Equal Earth, the US in Albers USA", () => {
  const world = mapConfig(WORLD, {}, { boundary: "world" });
  const us = mapConfig(STATES, {}, { boundary: "us-states" });
  assert.equal(world.chart.type, "choropleth");
  assert.equal(world.chart.options.scales.projection.projection, "equalEarth");
  assert.equal(us.chart.options.scales.projection.projection, "albersUsa");
});

test("a country without data is drawn as no data, not as zero", () => {
  const values = { "250": 0, "276": 100 }; // France 0, Germany 100; no one else
  const config = mapConfig(WORLD, values, { boundary: "world", format: EN, title: "Score" });
  assert.equal(fill(config, "Spain"), MISSING);
  assert.notEqual(fill(config, "France"), MISSING);
  assert.equal(tooltip(config, "Spain"), "Spain: " + NO_DATA);
  assert.equal(tooltip(config, "France"), "France: 0");
  assert.deepEqual(config.legend.missing, { colour: MISSING, label: NO_DATA });
});

test("tooltips write values in the chart's number format and unit", () => {
  const format = { style: "compact", locale: "en-GB", unit: "people" };
  const config = mapConfig(STATES, { "06": 39250017 }, { boundary: "us-states", format: format });
  assert.equal(tooltip(config, "California"), "California: 39.3m people");
});

test("a caller's hatch fills the shapes without data", () => {
  const hatch = { pattern: true };
  const config = mapConfig(WORLD, { "250": 1 }, { boundary: "world", missing: hatch });
  assert.equal(fill(config, "Spain"), hatch);
});

test("zooming to a region fits the map to its shapes", () => {
  const config = mapConfig(STATES, {}, { boundary: "us-states", focus: ["06", "41", "53"] });
  const outline = config.chart.data.datasets[0].outline;
  assert.deepEqual(outline.map((f) => f.properties.name).sort(), ["California", "Oregon", "Washington"]);
});

test("real data: Gapminder's incomes colour the countries they name", () => {
  const csv = readFileSync(new URL("../../node_modules/vega-datasets/data/gapminder-health-income.csv", import.meta.url), "utf8");
  const byName = Object.fromEntries(csv.trim().split("\n").slice(1).map((line) => {
    const cells = line.split(",");
    return [cells[0], Number(cells[1])];
  }));
  const values = {};
  WORLD.forEach((f) => { if (f.properties.name in byName) values[f.id] = byName[f.properties.name]; });
  const config = mapConfig(WORLD, values, { boundary: "world", scale: { bins: "quantiles", count: 5 } });
  assert.equal(config.legend.items.length, 5);
  const colours = new Set(config.legend.items.map((item) => item.colour));
  assert.equal(colours.size, 5);
  assert.ok(colours.has(fill(config, "Norway")));
});

test("on a dark page more is brighter", () => {
  const light = colourScale([0, 10], {}, EN, false);
  const dark = colourScale([0, 10], {}, EN, true);
  const lightness = (hex) => parseInt(hex.slice(1, 3), 16) + parseInt(hex.slice(3, 5), 16) + parseInt(hex.slice(5, 7), 16);
  assert.ok(lightness(light.colourOf(10)) < lightness(light.colourOf(0)));
  assert.ok(lightness(dark.colourOf(10)) > lightness(dark.colourOf(0)));
});

test("a symbol sits in the shape's largest part", () => {
  const france = WORLD.find((f) => f.properties.name === "France");
  const centre = centreOf(france);
  assert.ok(centre.longitude > -5 && centre.longitude < 8, JSON.stringify(centre));
  assert.ok(centre.latitude > 42 && centre.latitude < 51, JSON.stringify(centre));
  assert.equal(centreOf({ geometry: null }), null);
});

test("a circle's area, not its radius, is in proportion to the value", () => {
  assert.equal(radiusOf(100, 100, 20), 20);
  assert.equal(radiusOf(25, 100, 20), 10);
  assert.equal(radiusOf(0, 100, 20), 0);
  assert.equal(radiusOf(-5, 100, 20), 0);
  assert.equal(radiusOf(null, 100, 20), 0);
  assert.deepEqual(legendValues(38_400_000), [3_000_000, 15_000_000, 30_000_000]);
});

test("a symbol map draws circles for the shapes with data only, largest first", () => {
  const values = { "06": 39_250_017, "48": 27_862_596, "56": 585_501 };
  const config = symbolConfig(STATES, values, { boundary: "us-states", format: EN });
  assert.equal(config.chart.type, "bubbleMap");
  assert.equal(config.chart.options.scales.projection.projection, "albersUsa");
  assert.deepEqual(config.chart.data.labels, ["California", "Texas", "Wyoming"]);
  const radius = config.chart.data.datasets[0].radius;
  assert.equal(radius({ dataIndex: 0 }), 24);
  assert.ok(radius({ dataIndex: 2 }) < 4);
  assert.equal(config.legend.kind, "sizes");
  assert.equal(config.legend.missing.label, "No circle: no data");
  const label = config.chart.options.plugins.tooltip.callbacks.label;
  assert.equal(label({ dataIndex: 1 }), "Texas: 27,862,596");
});

test("a shape across the antimeridian keeps its symbol on its land", () => {
  const russia = centreOf(WORLD.find((f) => f.properties.name === "Russia"));
  const fiji = centreOf(WORLD.find((f) => f.properties.name === "Fiji"));
  assert.ok(russia.longitude > 60 && russia.longitude < 130, JSON.stringify(russia));
  assert.ok(Math.abs(fiji.longitude) > 175, JSON.stringify(fiji));
});
