/*
 * Draws a map in the page: the DOM half of maps (map.js builds the config).
 * The geo extension and the boundary file are fetched only when a map is
 * drawn, from addresses the server gives (charts/assets.py: map_addresses), so
 * pages without maps never load them. The legend is HTML under the canvas: text
 * a screen reader and a 360 px phone can read, swatches painted through the
 * CSSOM (the Content Security Policy forbids inline style attributes).
 */
import { mapConfig, symbolConfig } from "./map.js";

const loading = {};

function loadScript(address) {
  if (!loading[address]) {
    loading[address] = new Promise(function (resolve, reject) {
      const tag = document.createElement("script");
      tag.src = address;
      tag.onload = resolve;
      tag.onerror = function () { reject(new Error("chartweek: could not load " + address)); };
      document.head.appendChild(tag);
    });
  }
  return loading[address];
}

const boundaries = {};

// The boundary set's features (and the nation's outline, for the US), fetched once a page.
function loadBoundary(address, object) {
  if (!boundaries[address]) {
    boundaries[address] = fetch(address).then(function (response) {
      if (!response.ok) throw new Error("chartweek: could not load " + address);
      return response.json();
    });
  }
  return boundaries[address].then(function (topology) {
    const topojson = window.ChartGeo.topojson;
    const features = topojson.feature(topology, topology.objects[object]).features;
    const nation = topology.objects.nation && topojson.feature(topology, topology.objects.nation);
    return { features: features, outline: nation ? nation.features || [nation] : null };
  });
}

// Diagonal lines on the "no data" grey: missing values must not read as a pale colour.
export function hatch(colour, line) {
  const tile = document.createElement("canvas");
  tile.width = 8;
  tile.height = 8;
  const ctx = tile.getContext("2d");
  ctx.fillStyle = colour;
  ctx.fillRect(0, 0, 8, 8);
  ctx.strokeStyle = line;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  ctx.moveTo(0, 8);
  ctx.lineTo(8, 0);
  ctx.stroke();
  return ctx.createPattern(tile, "repeat");
}

function control(tag, className, text) {
  const element = document.createElement(tag);
  element.className = className;
  element.textContent = text;
  return element;
}

function swatch(item, className) {
  const entry = document.createElement("li");
  entry.className = "map-legend__item " + (className || "");
  const box = document.createElement("span");
  box.className = "map-legend__swatch";
  box.setAttribute("aria-hidden", "true");
  if (item.colour) box.style.backgroundColor = item.colour;
  entry.append(box, document.createTextNode(item.label));
  return entry;
}

// The legend as a list: one swatch a bin, or a gradient bar with its end labels.
export function legendElement(legend, title) {
  const list = document.createElement("ul");
  list.className = "map-legend";
  list.setAttribute("aria-label", title ? "Legend: " + title : "Legend");
  if (legend.kind === "bins") {
    legend.items.forEach(function (item) { list.append(swatch(item)); });
  } else if (legend.kind === "sizes") {
    legend.items.forEach(function (item) {
      const entry = swatch(item, "map-legend__item--size");
      const circle = entry.firstChild;
      circle.className = "map-legend__circle";
      circle.style.width = circle.style.height = (2 * item.radius).toFixed(1) + "px";
      circle.style.backgroundColor = legend.fill;
      list.append(entry);
    });
  } else {
    const entry = document.createElement("li");
    entry.className = "map-legend__item map-legend__item--gradient";
    const bar = document.createElement("span");
    bar.className = "map-legend__bar";
    bar.setAttribute("aria-hidden", "true");
    bar.style.backgroundImage = "linear-gradient(to right, " + legend.stops.join(", ") + ")";
    const labels = document.createElement("span");
    labels.className = "map-legend__labels";
    legend.labels.forEach(function (label) {
      const text = document.createElement("span");
      text.textContent = label.text;
      labels.append(text);
    });
    const said = document.createElement("span");
    said.className = "visually-hidden";
    said.textContent = "from " + legend.labels[0].text + " to " + legend.labels[legend.labels.length - 1].text;
    entry.append(bar, labels, said);
    list.append(entry);
  }
  if (legend.missing && legend.kind === "sizes") {
    list.append(control("li", "map-legend__item map-legend__item--note", legend.missing.label));
  } else if (legend.missing) {
    list.append(swatch(legend.missing, "map-legend__item--missing"));
  }
  return list;
}

/*
 * Draws `settings` ({kind: "choropleth" or "symbols", boundary, object, values,
 * scale, format, title, focus})
 * into the container's canvas, with `addresses` ({geo, boundary}). Resolves
 * with the Chart once drawn; marks the container drawn like other charts.
 */
export function drawMap(container, settings, addresses) {
  return loadScript(addresses.geo).then(function () {
    const geo = window.ChartGeo;
    window.Chart.register(
      geo.ChoroplethController, geo.BubbleMapController, geo.GeoFeature,
      geo.ColorScale, geo.SizeScale, geo.ProjectionScale
    );
    return loadBoundary(addresses.boundary, settings.object);
  }).then(function (shapes) {
    const styles = getComputedStyle(container);
    const read = function (name, fallback) { return styles.getPropertyValue(name).trim() || fallback; };
    const colours = {
      text: read("--chart-text", "#333"),
      grid: read("--chart-grid", "#ddd"),
      background: read("--bg", "#fff"),
      dark: window.matchMedia("(prefers-color-scheme: dark)").matches,
    };
    const build = settings.kind === "symbols" ? symbolConfig : mapConfig;
    const built = build(shapes.features, settings.values || {}, {
      boundary: settings.boundary,
      scale: settings.scale,
      format: settings.format,
      title: settings.title,
      focus: settings.focus,
      colours: colours,
      outline: shapes.outline,
      missing: hatch(read("--map-missing", "#c8c8c8"), colours.grid),
    });
    const canvas = container.querySelector("canvas");
    const existing = window.Chart.getChart(canvas);
    if (existing) existing.destroy();
    const chart = new window.Chart(canvas, built.chart);
    const old = container.querySelector(".map-legend");
    if (old) old.remove();
    container.append(legendElement(built.legend, settings.title));
    container.classList.add("chart__canvas--drawn");
    return chart;
  });
}
