/*
 * Draws small multiples in the page: the DOM half (facets.js holds the pure
 * steps). Each panel is an ordinary chart built by config.js from the server's
 * config for it (charts/facets.py); the grid's columns follow its width (set
 * through the CSSOM: the Content Security Policy forbids style attributes). A
 * point hovered or read with the keyboard in one panel is shown in every panel
 * at the same position, so a highlight carries across them.
 */
import { build } from "./config.js";
import { PANEL_ASPECT, columnsFor, indexAt, nextFacetPoint, positionOf } from "./facets.js";
import { readOut } from "./reading.js";

function chartsOf(grid) {
  return Array.from(grid.querySelectorAll("canvas")).map(function (canvas) {
    return window.Chart.getChart(canvas);
  }).filter(Boolean);
}

// Every panel but `except` shows its points at `position` (nothing, for undefined).
function showEverywhere(charts, position, except) {
  charts.forEach(function (chart) {
    if (chart === except) return;
    const active = [];
    chart.data.datasets.forEach(function (dataset, n) {
      const index = indexAt(dataset.data, chart.data.labels, position);
      if (index >= 0 && chart.getDatasetMeta(n).data[index]) active.push({ datasetIndex: n, index: index });
    });
    show(chart, active);
  });
}

function show(chart, active) {
  const first = active[0] && chart.getDatasetMeta(active[0].datasetIndex).data[active[0].index];
  chart.setActiveElements(active);
  chart.tooltip.setActiveElements(active, first ? { x: first.x, y: first.y } : { x: 0, y: 0 });
  chart.update("none");
}

function pointPosition(chart, active) {
  return positionOf(chart.data.datasets[active.datasetIndex].data, chart.data.labels, active.index);
}

function panelShapes(charts) {
  return charts.map(function (chart) {
    const first = chart.data.datasets[0] || { data: [] };
    const labels = chart.data.labels;
    return {
      datasets: chart.data.datasets.length,
      positions: labels && labels.length ? labels : first.data.map(function (p) { return p && p.x; }),
    };
  });
}

/* Keyboard: the grid is one stop; arrows step through points and panels */

function select(container, grid, point) {
  const charts = chartsOf(grid);
  grid.chartweekPoint = point;
  grid.querySelectorAll(".facets__panel--current").forEach(function (panel) {
    panel.classList.remove("facets__panel--current");
  });
  const announce = container.querySelector("[data-chart-announce]");
  if (!point) {
    charts.forEach(function (chart) { show(chart, []); });
    if (announce) announce.textContent = "";
    return;
  }
  const chart = charts[point.panel];
  const active = { datasetIndex: point.dataset, index: point.index };
  const panel = chart.canvas.closest(".facets__panel");
  panel.classList.add("facets__panel--current");
  show(chart, chart.getDatasetMeta(point.dataset).data[point.index] ? [active] : []);
  showEverywhere(charts, pointPosition(chart, active), chart);
  const title = panel.querySelector(".facets__title");
  if (announce) announce.textContent = (title ? title.textContent + ": " : "") + readOut(chart, active);
}

function onKey(event, container, grid) {
  const charts = chartsOf(grid);
  const next = nextFacetPoint(event.key, grid.chartweekPoint, panelShapes(charts));
  if (next === null) return;
  event.preventDefault();
  select(container, grid, next === "clear" ? null : next);
}

/* Drawing */

const resizes = new ResizeObserver(function (entries) {
  entries.forEach(function (entry) {
    const container = entry.target;
    const redraw = container.chartweekFacets;
    const count = container.querySelectorAll(".facets__panel").length;
    if (redraw && container.isConnected &&
        columnsFor(container.clientWidth, count) !== Number(container.dataset.columns)) {
      redraw();
    }
  });
});

function watch(container, grid, again) {
  container.chartweekFacets = again;
  if (container.dataset.watched) return;
  container.dataset.watched = "1";
  resizes.observe(container);
  grid.addEventListener("keydown", function (event) { onKey(event, container, grid); });
  grid.addEventListener("blur", function () { select(container, grid, null); });
  grid.addEventListener("mouseleave", function () {
    chartsOf(grid).forEach(function (chart) { show(chart, []); });
  });
}

/*
 * Draws `facets` ({panels: [{title, config}], legend, scale, by}) into the container's
 * panels with the theme's `colours`. Returns the panels' charts.
 */
export function drawFacets(container, facets, colours, { reducedMotion = false } = {}) {
  const grid = container.querySelector("[data-facets-grid]");
  const canvases = grid.querySelectorAll("canvas");
  const columns = columnsFor(grid.clientWidth, facets.panels.length);
  grid.style.gridTemplateColumns = "repeat(" + columns + ", minmax(0, 1fr))";
  const width = grid.clientWidth / columns;
  let charts = [];
  facets.panels.forEach(function (panel, n) {
    const canvas = canvases[n];
    if (!canvas) return;
    // build() changes the config it is given: each drawing starts from a fresh copy.
    const built = build(JSON.parse(JSON.stringify(panel.config)), width, colours, {
      reducedMotion: reducedMotion,
    });
    const options = built.chart.options;
    const valueScale = (options.scales || {})[(panel.config.format || {}).valueAxis];
    if (valueScale) valueScale.ticks = Object.assign(valueScale.ticks || {}, { maxTicksLimit: 5 });
    options.maintainAspectRatio = true;
    options.aspectRatio = PANEL_ASPECT;
    options.onHover = function (event, elements, chart) {
      if (elements.length) showEverywhere(charts, pointPosition(chart, elements[0]), chart);
    };
    const existing = window.Chart.getChart(canvas);
    if (existing) existing.destroy();
    charts.push(new window.Chart(canvas, built.chart));
  });
  charts = charts.filter(Boolean);
  container.dataset.columns = String(columns);
  container.dataset.layout = "facets";
  container.classList.add("chart__canvas--drawn");
  watch(container, grid, function () {
    drawFacets(container, facets, colours, { reducedMotion: reducedMotion });
  });
  return charts;
}
