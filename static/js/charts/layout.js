/*
 * The shape a chart takes at a width: narrow or wide, vertical bars drawn
 * sideways (with the axes the server gives for it) when their labels would not
 * fit, long labels wrapped. Pure functions of the server's config and a width.
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

// The layout a chart gets at a width: narrow or wide, and "turned" when the server
// gave vertical bars a narrow layout (config.layout.narrow) and their labels would
// not fit under them. A chart is redrawn when it changes.
export function layoutOf(config, width) {
  const turnable = Boolean((config.layout || {}).narrow);
  const turned = turnable && width < NARROW && !fitsUnderBars(config.data.labels || [], width);
  return (width < NARROW ? "narrow" : "wide") + (turned ? " turned" : "");
}

// The axes to draw: the server's narrow layout when the chart is turned, else its own.
export function drawnAxes(config, layout) {
  const options = config.options;
  if (layout.indexOf("turned") === -1) {
    return {
      indexAxis: options.indexAxis,
      scales: options.scales,
      annotations: ((options.plugins || {}).annotation || {}).annotations || null,
      valueAxis: (config.format || {}).valueAxis,
    };
  }
  return config.layout.narrow;
}

// Just what layoutOf reads, kept to test later widths without the data.
export function shapeOf(config) {
  return {
    layout: { narrow: Boolean((config.layout || {}).narrow) },
    data: { labels: config.data.labels },
  };
}
