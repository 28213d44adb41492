/*
 * What is written on a chart besides its axes: the server's `marks`
 * (charts/config.py). Each bar's value at its end, each line's name at its last
 * point (the legend is hidden then), and text annotations: wrapped words kept
 * inside the chart area, with a leader line and an arrow to the point, or a
 * bracket over the period, they are about. Where each goes is worked out in
 * labels-place.js; marksPlugin() draws it with Chart.js.
 */
import {
  FONT, GAP, LINE, PAD, categoryPixel, endRoom, fitName, inkOn, keepClear, noteBox, noteLines, placeNote,
  placePeriod, readable, spread, valueSpot,
} from "./labels-place.js";

// A Chart.js plugin (for one chart) that writes the marks. `write`: a value as
// its bar shows it; `colours`: the theme's (text, background, font). What it
// wrote last is kept on the chart as `chartweekMarks` (values written and
// dropped, names, notes), for the browser tests.
export function marksPlugin(marks, { write, colours, width, labels }) {
  return {
    id: "chartweekMarks",
    afterDatasetsDraw: function (chart) {
      const ctx = chart.ctx;
      const drawn = { values: 0, dropped: 0, names: [], notes: [] };
      chart.chartweekMarks = drawn;
      ctx.save();
      ctx.font = FONT + "px " + (colours.font || "sans-serif");
      if (marks.values) drawValues(chart, ctx, write, colours, drawn);
      if (marks.lineEnds) drawEnds(chart, ctx, colours, width, drawn);
      ctx.restore();
    },
    afterDraw: function (chart) {
      if (!marks.notes) return;
      const ctx = chart.ctx;
      ctx.save();
      ctx.font = FONT + "px " + (colours.font || "sans-serif");
      marks.notes.forEach(function (note) {
        const placed = drawNote(chart, ctx, note, colours, labels);
        if (placed && chart.chartweekMarks) chart.chartweekMarks.notes.push(placed);
      });
      ctx.restore();
    },
  };
}

function drawValues(chart, ctx, write, colours, drawn) {
  const area = chart.chartArea;
  const bars = [];
  const values = [];
  chart.data.datasets.forEach(function (dataset, index) {
    if (dataset.type === "line" || !chart.isDatasetVisible(index)) return;
    const meta = chart.getDatasetMeta(index);
    const valueScale = chart.scales[meta.vAxisID];
    const stacked = Boolean(valueScale && valueScale.options.stacked);
    meta.data.forEach(function (bar, n) {
      const p = bar.getProps(["x", "y", "base", "width", "height", "horizontal"], true);
      const horizontal = p.horizontal;
      const half = (horizontal ? Math.abs(p.height) : Math.abs(p.width)) / 2;
      const end = horizontal ? p.x : p.y;
      const middle = horizontal ? p.y : p.x;
      const box = span(p.base, end, middle - half, middle + half, horizontal);
      bars.push(box);
      const value = dataset.data[n];
      if (value === null || value === undefined || !isFinite(value)) return;
      const text = write(value);
      const textWidth = ctx.measureText(text).width;
      const along = horizontal ? textWidth : FONT;
      const across = horizontal ? FONT : textWidth;
      const spot = valueSpot({
        base: p.base,
        end: end,
        dir: Math.sign(end - p.base) || (horizontal ? 1 : -1) * (value < 0 ? -1 : 1),
        along: along,
        across: across,
        thickness: 2 * half,
        low: horizontal ? area.left : 0,
        high: horizontal ? chart.width : area.bottom,
        stacked: stacked,
      });
      if (!spot) {
        drawn.dropped += 1;
        return;
      }
      values.push({
        box: span(spot.at - along / 2, spot.at + along / 2, middle - across / 2, middle + across / 2, horizontal),
        bar: bars.length - 1,
        size: Math.abs(value),
        text: text,
        ink: spot.where === "inside" ? inkOn(bar.options.backgroundColor) : colours.text,
      });
    });
  });
  const kept = keepClear(values, bars);
  drawn.values += kept.length;
  drawn.dropped += values.length - kept.length;
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  kept.forEach(function (n) {
    const value = values[n];
    ctx.fillStyle = value.ink;
    ctx.fillText(value.text, (value.box.left + value.box.right) / 2, (value.box.top + value.box.bottom) / 2);
  });
}

// A box from two positions along the value axis and two across it.
function span(a, b, c, d, horizontal) {
  const along = [Math.min(a, b), Math.max(a, b)];
  const across = [Math.min(c, d), Math.max(c, d)];
  return horizontal
    ? { left: along[0], right: along[1], top: across[0], bottom: across[1] }
    : { left: across[0], right: across[1], top: along[0], bottom: along[1] };
}

function lastPoint(meta) {
  for (let n = meta.data.length - 1; n >= 0; n--) {
    const point = meta.data[n];
    if (point && !point.skip && isFinite(point.x) && isFinite(point.y)) return point;
  }
  return null;
}

function drawEnds(chart, ctx, colours, width, drawn) {
  const area = chart.chartArea;
  const ends = [];
  chart.data.datasets.forEach(function (dataset, index) {
    if (!chart.isDatasetVisible(index)) return;
    const point = lastPoint(chart.getDatasetMeta(index));
    if (point) ends.push({ point: point, dataset: dataset });
  });
  const room = endRoom(ends.map(function (e) { return e.dataset.label; }), width);
  const ys = spread(
    ends.map(function (e) { return e.point.y; }), LINE, area.top + LINE / 2, area.bottom - LINE / 2
  );
  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
  ends.forEach(function (end, n) {
    const colour = readable(end.dataset.borderColor, colours.background, colours.text);
    const x = Math.min(end.point.x, area.right) + 2 * GAP;
    if (Math.abs(ys[n] - end.point.y) > GAP) {
      ctx.strokeStyle = colour;
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(end.point.x + GAP / 2, end.point.y);
      ctx.lineTo(x - GAP / 2, ys[n]);
      ctx.stroke();
    }
    ctx.fillStyle = colour;
    const name = fitName(end.dataset.label, room.chars, chart.width - x - 2, function (text) {
      return ctx.measureText(text).width;
    });
    ctx.fillText(name, x, ys[n]);
    drawn.names.push({ name: name, x: x, y: ys[n], right: x + ctx.measureText(name).width });
  });
}

function drawNote(chart, ctx, note, colours, labels) {
  const area = chart.chartArea;
  const horizontal = chart.options.indexAxis === "y";
  const categories = chart.scales[horizontal ? "y" : "x"];
  const values = chart.scales[horizontal ? "x" : "y"];
  if (!categories || !values) return null;
  const at = categoryPixel(categories, note.at, labels);
  if (at === null) return null;
  const lines = noteLines(note.text, area.right - area.left);
  const textWidth = Math.max.apply(null, lines.map(function (l) { return ctx.measureText(l).width; }));
  const until = note.until === null || note.until === undefined
    ? null : categoryPixel(categories, note.until, labels);
  let placed;
  if (until !== null && !horizontal) {
    placed = placePeriod({ start: at, end: until, lines: lines, textWidth: textWidth, area: area });
  } else {
    const height = note.value === null || note.value === undefined
      ? (horizontal ? area.left : area.bottom)
      : values.getPixelForValue(note.value);
    const middle = until === null ? at : (at + until) / 2;
    if (horizontal) {
      placed = placeNote({ x: height, y: middle, lines: lines, textWidth: textWidth, area: area });
    } else {
      const box = noteBox(middle, lines, textWidth, area);
      const clear = dataTop(chart, box.left, box.left + box.width);
      placed = placeNote({
        x: middle, y: height, lines: lines, textWidth: textWidth, area: area, clear: clear,
      });
    }
  }
  ctx.strokeStyle = colours.text;
  ctx.fillStyle = colours.text;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(placed.from.x, placed.from.y);
  ctx.lineTo(placed.to.x, placed.to.y);
  if (placed.bracket) {
    const b = placed.bracket;
    ctx.moveTo(b.start, b.y + GAP);
    ctx.lineTo(b.start, b.y);
    ctx.lineTo(b.end, b.y);
    ctx.lineTo(b.end, b.y + GAP);
  }
  ctx.stroke();
  if (!placed.bracket) arrowhead(ctx, placed.from, placed.to);
  const box = placed.box;
  ctx.fillStyle = colours.background;
  ctx.globalAlpha = 0.9;
  ctx.fillRect(box.left, box.top, box.width, box.height);
  ctx.globalAlpha = 1;
  ctx.fillStyle = colours.text;
  ctx.textAlign = "left";
  ctx.textBaseline = "top";
  placed.lines.forEach(function (line, n) {
    ctx.fillText(line, box.left + PAD, box.top + PAD + n * LINE + (LINE - FONT) / 2, box.width - 2 * PAD);
  });
  return placed;
}

// The highest pixel (the smallest y) the drawn data reaches between two x pixels.
function dataTop(chart, left, right) {
  let top = null;
  chart.data.datasets.forEach(function (_, index) {
    if (!chart.isDatasetVisible(index)) return;
    chart.getDatasetMeta(index).data.forEach(function (point) {
      if (point && !point.skip && point.x >= left && point.x <= right && isFinite(point.y)) {
        top = top === null ? point.y : Math.min(top, point.y);
      }
    });
  });
  return top;
}

function arrowhead(ctx, from, to) {
  const angle = Math.atan2(to.y - from.y, to.x - from.x);
  const size = 6;
  ctx.beginPath();
  ctx.moveTo(to.x, to.y);
  ctx.lineTo(to.x - size * Math.cos(angle - 0.45), to.y - size * Math.sin(angle - 0.45));
  ctx.lineTo(to.x - size * Math.cos(angle + 0.45), to.y - size * Math.sin(angle + 0.45));
  ctx.closePath();
  ctx.fill();
}
