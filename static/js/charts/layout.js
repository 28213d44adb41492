/*
 * The shape a chart takes at a width: narrow or wide, vertical bars turned
 * horizontal when their labels would not fit, long labels wrapped. Pure
 * functions of the server's config and a width in pixels.
 */

export const NARROW = 600; // chart widths below this get the narrow layout
export const CHAR = 7; // px per character of a tick label, roughly

// Break a long label into lines of about `width` characters, at spaces and dashes.
export function wrap(label, width) {
  const words = String(label).split(/(?<=[\s–—-])/);
  const lines = [];
  let line = "";
  words.forEach(function (word) {
    if (line && (line + word).trim().length > width) {
      lines.push(line.trim());
      line = "";
    }
    line += word;
  });
  if (line.trim()) lines.push(line.trim());
  return lines.length > 1 ? lines : String(label);
}

// Would the labels fit under vertical bars, wrapped at spaces, at this width?
export function fitsUnderBars(labels, width) {
  const longestWord = Math.max.apply(null, labels.map(function (label) {
    return Math.max.apply(null, String(label).split(/[\s–—-]+/).map(function (w) { return w.length; }));
  }));
  return width / labels.length >= Math.min(longestWord, 14) * CHAR + 12;
}

// A horizontal bar chart is as tall as its bars need, whatever its width.
export function barsHeight(labels, series) {
  const row = labels <= 4 ? 44 : labels <= 10 ? 34 : 26;
  return Math.max(160, 60 + labels * row * (series > 1 ? 0.7 * series : 1));
}

// Bars whose labels would not fit a narrow screen turn horizontal (in place).
export function turnHorizontal(config) {
  const options = config.options;
  const scales = options.scales;
  options.indexAxis = "y";
  options.scales = { x: scales.y, y: scales.x };
  config.format.valueAxis = "x";
  const notes = (options.plugins.annotation || {}).annotations || {};
  Object.keys(notes).forEach(function (key) {
    const note = notes[key];
    const swapped = {};
    Object.keys(note).forEach(function (name) {
      const other = { xMin: "yMin", xMax: "yMax", yMin: "xMin", yMax: "xMax" }[name];
      swapped[other || name] = note[name];
    });
    if (swapped.scaleID) swapped.scaleID = swapped.scaleID === "x" ? "y" : "x";
    notes[key] = swapped;
  });
}

// The layout a chart gets at a width: narrow or wide, and vertical bars turned
// horizontal when their labels would not fit. A chart is redrawn when it changes.
export function layoutOf(config, width) {
  const turnable = config.type === "bar" && config.options.indexAxis === "x" &&
    (config.format || {}).labels === "text" &&
    !config.data.datasets.some(function (d) { return d.type === "line"; });
  const turned = turnable && width < NARROW && !fitsUnderBars(config.data.labels || [], width);
  return (width < NARROW ? "narrow" : "wide") + (turned ? " turned" : "");
}

// Just what layoutOf reads, kept to test later widths without the data.
export function shapeOf(config) {
  return {
    type: config.type,
    options: { indexAxis: config.options.indexAxis },
    format: { labels: (config.format || {}).labels },
    data: {
      labels: config.data.labels,
      datasets: config.data.datasets.map(function (d) { return { type: d.type }; }),
    },
  };
}
