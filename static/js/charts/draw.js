/*
 * Draws every chart on a page with Chart.js, the same way on article pages,
 * embeds and the admin's live preview. The entry point, loaded as
 * <script type="module"> after Chart.js (charts/assets.py); the other
 * modules here are pure and tested with node --test (tests/js/).
 *
 * Maps, tables and small multiples have modules of their own, imported only by
 * pages that show one (data-module-* attributes).
 *
 * Each chart is a [data-chart] element naming the json_script element that
 * holds its configuration. The annotation plugin and the date adapter are
 * loaded only when a chart needs them, from the addresses on this script's
 * data-vendor-* attributes. No inline script is needed, so the Content
 * Security Policy forbids them.
 *
 * window.chartweek.draw(container) draws one chart; drawAll(root) every chart
 * under root (the admin preview calls it after swapping in a new figure).
 */
import { theme } from "./colours.js";
import { build, needs } from "./config.js";
import { layoutOf, shapeOf } from "./layout.js";
import { nextPoint, readOut } from "./reading.js";

const script = document.querySelector("script[data-vendor-annotation], script[data-vendor-time]");
const vendors = {
  annotation: script && script.getAttribute("data-vendor-annotation"),
  time: script && script.getAttribute("data-vendor-time"),
};
// Maps and tables: their modules are imported only when the page shows one.
const modules = {
  map: script && script.getAttribute("data-module-map"),
  table: script && script.getAttribute("data-module-table"),
  facets: script && script.getAttribute("data-module-facets"),
};
const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
const darkScheme = window.matchMedia("(prefers-color-scheme: dark)");

/* Plugins on demand */

const loading = {};
function load(name) {
  if (!loading[name]) {
    loading[name] = new Promise(function (resolve, reject) {
      if (!vendors[name]) return reject(new Error("chartweek: no address for " + name));
      const tag = document.createElement("script");
      tag.src = vendors[name];
      tag.onload = resolve;
      tag.onerror = function () { reject(new Error("chartweek: could not load " + name)); };
      document.head.appendChild(tag);
    });
  }
  return loading[name];
}

// Plugins register themselves with every chart, and the annotation plugin fails
// on charts drawn before it arrived: so load what all the charts need, then draw.
function prepare(configs) {
  const wanted = new Set();
  configs.forEach(function (config) {
    if (!config || config.map) return;
    const drawn = config.facets ? config.facets.panels.map(function (p) { return p.config; }) : [config];
    drawn.forEach(function (one) { needs(one).forEach(wanted.add, wanted); });
  });
  return Promise.all(Array.from(wanted, load)).catch(function (error) { console.error(error); });
}

/* Drawing */

function colours(container) {
  return theme(getComputedStyle(container));
}

function render(container, canvas, config) {
  const width = container.clientWidth;
  const layout = layoutOf(config, width);
  container.chartweekLayout = { config: shapeOf(config) };
  const built = build(config, width, colours(container), { reducedMotion: reducedMotion.matches });
  const existing = window.Chart.getChart(canvas);
  if (existing) existing.destroy();
  container.style.height = built.height ? built.height + "px" : "";
  new window.Chart(canvas, built.chart);
  container.dataset.layout = layout;
  container.dataset.scheme =
    document.documentElement.getAttribute("data-theme") || (darkScheme.matches ? "dark" : "light");
  container.classList.add("chart__canvas--drawn");
  // Drawn: the table is one click away rather than open.
  const figure = container.closest("figure");
  const table = figure && figure.querySelector("[data-chart-table]");
  if (table) table.open = false;
}

function configOf(container) {
  const source = document.getElementById(container.getAttribute("data-chart"));
  return source ? JSON.parse(source.textContent) : null;
}

/* Maps (mapdraw.js draws them with the geo extension) and tables (table.js enhances them) */

function drawMap(container, config) {
  return import(modules.map).then(function (module) {
    return module.drawMap(container, config.map, config.addresses);
  }).then(function () {
    container.dataset.scheme =
      document.documentElement.getAttribute("data-theme") || (darkScheme.matches ? "dark" : "light");
    const figure = container.closest("figure");
    if (figure) figure.dataset.drawn = "map";
  }, function (error) { console.error(error); });
}

// Small multiples: facetdraw.js draws one chart a panel.
function drawFacets(container, config) {
  return import(modules.facets).then(function (module) {
    window.Chart.defaults.font.family = colours(container).font;
    module.drawFacets(container, config.facets, colours(container), {
      reducedMotion: reducedMotion.matches,
    });
    container.dataset.scheme =
      document.documentElement.getAttribute("data-theme") || (darkScheme.matches ? "dark" : "light");
    const figure = container.closest("figure");
    const table = figure && figure.querySelector("[data-chart-table]");
    if (table) table.open = false;
    if (figure) figure.dataset.drawn = "facets";
  }, function (error) { console.error(error); });
}

function enhanceTables(root) {
  if (!modules.table || !root.querySelector("[data-table]")) return Promise.resolve();
  return import(modules.table).then(function (module) { module.enhanceAll(root); });
}

function drawWith(container, config) {
  const canvas = container.querySelector("canvas");
  if (!config || !canvas) return;
  if (config.map) return drawMap(container, config);
  if (config.facets) return drawFacets(container, config);
  window.Chart.defaults.font.family = colours(container).font;
  render(container, canvas, config);
  watch(container, canvas);
}

function draw(container) {
  if (typeof window.Chart === "undefined") return Promise.resolve();
  const config = configOf(container);
  return prepare([config]).then(function () { return drawWith(container, config); });
}

function drawAll(root) {
  if (typeof window.Chart === "undefined") return enhanceTables(root || document);
  const containers = Array.from((root || document).querySelectorAll("[data-chart]"));
  const configs = containers.map(configOf);
  const tables = enhanceTables(root || document).catch(function (error) { console.error(error); });
  return prepare(configs).then(function () {
    return Promise.all(containers.map(function (container, n) {
      return drawWith(container, configs[n]);
    }));
  }).then(function () { return tables; });
}

// Redraw when a chart crosses between the narrow and the wide layout.
const resizes = new ResizeObserver(function (entries) {
  entries.forEach(function (entry) {
    const container = entry.target;
    const shape = container.chartweekLayout;
    if (container.isConnected && shape &&
        layoutOf(shape.config, container.clientWidth) !== container.dataset.layout) {
      draw(container);
    }
  });
});

function watch(container, canvas) {
  if (container.dataset.watched) return;
  container.dataset.watched = "1";
  resizes.observe(container);
  canvas.addEventListener("keydown", function (event) { onKey(event, container, canvas); });
  canvas.addEventListener("blur", function () { select(container, canvas, null); });
}

/* Keyboard: arrows step through the values, each read out and shown as a tooltip */

function onKey(event, container, canvas) {
  const chart = window.Chart.getChart(canvas);
  if (!chart) return;
  const count = chart.data.datasets.length;
  const length = Math.max.apply(null, chart.data.datasets.map(function (d) { return d.data.length; }));
  const next = nextPoint(event.key, canvas.chartweekPoint, count, length);
  if (next === null) return;
  if (next === "clear") {
    select(container, canvas, null);
    return;
  }
  event.preventDefault();
  select(container, canvas, next);
}

function select(container, canvas, point) {
  const chart = window.Chart.getChart(canvas);
  canvas.chartweekPoint = point;
  if (!chart) return;
  const meta = point && chart.getDatasetMeta(point.dataset);
  const element = meta && meta.data[point.index];
  const active = element ? [{ datasetIndex: point.dataset, index: point.index }] : [];
  chart.setActiveElements(active);
  chart.tooltip.setActiveElements(active, element ? { x: element.x, y: element.y } : { x: 0, y: 0 });
  chart.update();
  const announce = container.querySelector("[data-chart-announce]");
  if (announce) announce.textContent = element ? readOut(chart, active[0]) : "";
}

window.chartweek = { draw: draw, drawAll: drawAll };

function start() { drawAll(document); }
// A module runs after the document is parsed, like a deferred script.
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start);
} else {
  start();
}
darkScheme.addEventListener("change", start);
reducedMotion.addEventListener("change", start);
