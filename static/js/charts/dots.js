/*
 * Dot, range and arrow plots (charts/dots.py builds their config): each value column
 * is a series of points along the value axis, labels down the side; this module
 * joins a row's points and writes its gap ("+4.2"), the last value minus the first.
 * An arrow points from the first value ("before") to the last ("after"); a range
 * is a bar from the lowest value to the highest; dots sit on a faint line.
 * Pure maths, tested with node --test (tests/js/dots.test.mjs), and the Chart.js
 * plugin that draws with it (config.js adds it to a chart whose config has `dots`).
 */

const MINUS = "\u2212";
const HEAD = 9; // px: an arrowhead's length
const PAD = 14; // px between a row's end (past its dot) and its gap

// The gap of a row's values: its last minus its first; null when either is missing.
export function gapOf(values) {
  if (values.length < 2) return null;
  const first = values[0];
  const last = values[values.length - 1];
  if (typeof first !== "number" || typeof last !== "number") return null;
  // 35.9 − 29.3 is 6.6 to a reader, not 6.599999999999998 (as charts/dots.py rounds it).
  return Math.round((last - first) * 1e10) / 1e10;
}

// A gap as the chart writes it: a plus or a minus sign (U+2212) and the number.
export function gapText(gap, write) {
  if (gap === null || gap === undefined) return "";
  if (gap === 0) return "\u00b10";
  return (gap > 0 ? "+" : MINUS) + write(Math.abs(gap));
}

// What joins a row drawn at these positions (null for a missing value):
// an arrow from the first to the last, else a span from the lowest to the highest.
export function joinOf(positions, style) {
  const present = positions.filter(function (p) { return typeof p === "number" && isFinite(p); });
  if (style === "arrow") {
    const from = positions[0];
    const to = positions[positions.length - 1];
    if (present.length < 2 || present.indexOf(from) === -1 || present.indexOf(to) === -1) return null;
    return { start: from, end: to, head: true };
  }
  if (present.length < 2) return null;
  return { start: Math.min.apply(null, present), end: Math.max.apply(null, present), head: false };
}

// The arrowhead of an arrow from `from` to `to` along a row at height y, its tip
// `inset` px short of `to` (the edge of the dot there): three corners, tip first.
// A short arrow gets a smaller head, never longer than the shaft; no gap, no head.
export function arrowHead(from, to, y, size = HEAD, inset = 0) {
  const length = Math.abs(to - from) - inset;
  if (length <= 0) return null;
  const direction = to > from ? 1 : -1;
  const tip = to - direction * inset;
  const long = Math.min(size, length);
  const half = long * 0.6;
  const back = tip - direction * long;
  return [[tip, y], [back, y - half], [back, y + half]];
}

// Where a row's gap is written: after the row's right end, so that the gaps read
// down one side, or before its left end when it would run out of room on the right
// and fits there. {x, align} for the canvas's textAlign.
export function labelPlace(join, width, area, pad = PAD) {
  const right = Math.max(join.start, join.end);
  const left = Math.min(join.start, join.end);
  const fitsRight = right + pad + width <= area.right;
  const fitsLeft = left - pad - width >= area.left;
  return fitsRight || !fitsLeft ? { x: right + pad, align: "left" } : { x: left - pad, align: "right" };
}

// The room (px) the gaps need right of the chart's area: the widest, at ~7.5 px a
// character of 12 px bold figures.
export function gapRoom(datasets, write, pad = PAD + 4) {
  const rows = Math.max(0, ...datasets.map(function (d) { return d.data.length; }));
  let widest = 0;
  for (let index = 0; index < rows; index++) {
    const text = gapText(gapOf(rowValues(datasets, index, function () { return true; })), write);
    widest = Math.max(widest, text.length);
  }
  return widest ? Math.ceil(widest * 7.5 + pad) : 0;
}

// The values of row `index` across the series a reader has not hidden.
export function rowValues(datasets, index, visible) {
  return datasets
    .filter(function (dataset, n) { return visible(n); })
    .map(function (dataset) { return dataset.data[index]; });
}

/* The plugin */

function positionsOf(chart, index) {
  const positions = [];
  let y = null;
  chart.data.datasets.forEach(function (dataset, n) {
    if (!chart.isDatasetVisible(n)) return;
    const point = chart.getDatasetMeta(n).data[index];
    const drawn = point && !point.skip && typeof dataset.data[index] === "number";
    positions.push(drawn ? point.x : null);
    if (drawn) y = point.y;
  });
  return { positions: positions, y: y };
}

// A Chart.js plugin drawing the joins under the points and the gaps beside them.
// `settings`: the config's `dots`; `write`: the chart's number format; `colours`: the theme's.
export function gapsPlugin(settings, write, colours) {
  function visible(chart) { return function (n) { return chart.isDatasetVisible(n); }; }
  function eachRow(chart, draw) {
    const rows = (chart.data.labels || []).length;
    for (let index = 0; index < rows; index++) {
      const row = positionsOf(chart, index);
      const join = row.y === null ? null : joinOf(row.positions, settings.style);
      if (join) draw(join, row.y, index);
    }
  }
  return {
    id: "chartweekGaps",
    beforeDatasetsDraw: function (chart) {
      const ctx = chart.ctx;
      const datasets = chart.data.datasets.filter(function (d, n) { return chart.isDatasetVisible(n); });
      const after = datasets.length ? datasets[datasets.length - 1].borderColor : colours.text;
      ctx.save();
      eachRow(chart, function (join, y) {
        ctx.beginPath();
        if (settings.style === "arrow") {
          const head = arrowHead(join.start, join.end, y, HEAD, 6);
          const shaftEnd = head ? head[1][0] : join.end;
          ctx.strokeStyle = after;
          ctx.fillStyle = after;
          ctx.lineWidth = 2;
          ctx.moveTo(join.start, y);
          ctx.lineTo(shaftEnd, y);
          ctx.stroke();
          if (head) {
            ctx.beginPath();
            ctx.moveTo(head[0][0], head[0][1]);
            ctx.lineTo(head[1][0], head[1][1]);
            ctx.lineTo(head[2][0], head[2][1]);
            ctx.closePath();
            ctx.fill();
          }
          return;
        }
        ctx.strokeStyle = colours.text;
        ctx.globalAlpha = settings.style === "range" ? 0.3 : 0.45;
        ctx.lineWidth = settings.style === "range" ? 6 : 1;
        ctx.lineCap = "round";
        ctx.moveTo(join.start, y);
        ctx.lineTo(join.end, y);
        ctx.stroke();
        ctx.globalAlpha = 1;
      });
      ctx.restore();
    },
    afterDatasetsDraw: function (chart) {
      if (!settings.gapLabels) return;
      const ctx = chart.ctx;
      ctx.save();
      ctx.fillStyle = colours.text;
      ctx.textBaseline = "middle";
      ctx.font = "600 12px " + (colours.font || "sans-serif");
      eachRow(chart, function (join, y, index) {
        const text = gapText(gapOf(rowValues(chart.data.datasets, index, visible(chart))), write);
        if (!text) return;
        // The gaps may use the padding right of the chart's area (config.js leaves room).
        const area = { left: chart.chartArea.left, right: chart.width - 2 };
        const place = labelPlace(join, ctx.measureText(text).width, area);
        ctx.textAlign = place.align;
        ctx.fillText(text, place.x, y);
      });
      ctx.restore();
    },
  };
}
