/*
 * Where the marks of labels.js go: pure maths, no canvas (tested in
 * tests/js/labels.test.mjs). Colours that read on the page, a bar value's spot
 * and which values keep clear of each other, names at the lines' ends spread
 * apart, a note's wrapped lines and its box beside its point or over its period,
 * and the room a chart keeps for them.
 */
import { toDate } from "./format.js";
import { CHAR, wrap } from "./layout.js";

export const FONT = 12; // px: the size of every mark
export const LINE = 15; // px between lines of a mark's text
export const GAP = 4; // px between a mark and what it labels
export const PAD = 4; // px around a note's words
const LEADER = 22; // px from a note to its point
const WIDE = 10; // px of a wide character (a capital such as G or M) at FONT

/* Colours */

function rgb(hex) {
  const value = parseInt(String(hex).slice(1, 7), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

function hex(channels) {
  return "#" + channels.map(function (c) {
    return Math.round(c).toString(16).padStart(2, "0");
  }).join("").toUpperCase();
}

function luminance(hexColour) {
  const [r, g, b] = rgb(hexColour).map(function (c) {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

// WCAG 2 contrast of two hex colours, 1 to 21 (charts/colours.py's contrast).
export function contrast(a, b) {
  const [high, low] = [luminance(a), luminance(b)].sort(function (x, y) { return y - x; });
  return (high + 0.05) / (low + 0.05);
}

// A series' colour for words on the page: itself when it reads (4.5:1, text's
// contrast), else mixed towards the page's text colour until it does.
export function readable(colour, background, text, minimum = 4.5) {
  if (!/^#[0-9a-f]{6}/i.test(colour) || !/^#[0-9a-f]{6}/i.test(background)) return text;
  const from = rgb(colour);
  const to = /^#[0-9a-f]{6}/i.test(text) ? rgb(text) : [128, 128, 128];
  for (let step = 0; step <= 10; step++) {
    const mixed = hex(from.map(function (c, n) { return c + (to[n] - c) * step / 10; }));
    if (contrast(mixed, background) >= minimum) return mixed;
  }
  return text;
}

// Words written on a bar: white or near-black, whichever reads on it.
export function inkOn(colour) {
  if (!/^#[0-9a-f]{6}/i.test(colour)) return "#1A1A1A";
  return contrast("#FFFFFF", colour) >= contrast("#1A1A1A", colour) ? "#FFFFFF" : "#1A1A1A";
}

/* Bar values */

// Where one bar's value goes along the value axis, in pixels: "outside" past
// its end, "inside" it by the end, or null when neither has room (dropped).
// base, end: the bar's base and end; dir: +1 when the bar grows towards higher
// pixels, -1 towards lower; along, across: the words' size along the value axis
// and across the bar; thickness: the bar's, across; low, high: the pixels the
// words may use along the axis. Stacked bars write inside, in the middle.
// Words outside may be wider than their bar: keepClear() then drops those
// that would run into another bar or value.
export function valueSpot({ base, end, dir, along, across, thickness, low, high, stacked = false }) {
  const length = Math.abs(end - base);
  const fitsInside = length >= along + 2 * GAP && across <= thickness - 2;
  if (stacked) return fitsInside ? { where: "inside", at: (base + end) / 2 } : null;
  const edge = end + dir * (GAP + along);
  if (edge >= low && edge <= high) return { where: "outside", at: end + dir * (GAP + along / 2) };
  if (fitsInside) return { where: "inside", at: end - dir * (GAP + along / 2) };
  return null;
}

function overlap(a, b) {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

// Which values to write (their indexes), the largest first: each one that
// would touch a value already kept, or a bar other than its own, is dropped.
// values: [{box: {left, right, top, bottom}, bar: its bar's index, size}];
// bars: [{left, right, top, bottom}].
export function keepClear(values, bars) {
  const order = values.map(function (_, n) { return n; }).sort(function (a, b) {
    return values[b].size - values[a].size;
  });
  const kept = [];
  order.forEach(function (n) {
    const value = values[n];
    const clear = kept.every(function (k) { return !overlap(values[k].box, value.box); }) &&
      bars.every(function (bar, b) { return b === value.bar || !overlap(bar, value.box); });
    if (clear) kept.push(n);
  });
  return kept.sort(function (a, b) { return a - b; });
}

// The room a chart keeps for bar values past its longest bar: above vertical
// bars (one line), right of horizontal ones (the longest value, at most a quarter).
export function valueRoom(texts, width, horizontal) {
  if (!horizontal) return FONT + GAP;
  const longest = Math.max.apply(null, texts.map(function (t) { return String(t).length; }).concat(0));
  return Math.min(Math.round(width / 4), longest * CHAR + 2 * GAP);
}

/* Names at the lines' ends */

// The characters a line's name may take beside the chart at a width, and the
// padding kept right of the chart area for them (at most 28% of the width):
// the gap before the name, and a wide capital's width per character.
export function endRoom(names, width) {
  const longest = Math.max.apply(null, names.map(function (n) { return String(n).length; }).concat(1));
  const chars = Math.max(4, Math.min(longest, Math.floor((width * 0.28) / WIDE)));
  return { chars: chars, padding: chars * WIDE + 3 * GAP };
}

// A name cut until it measures no more than `room` pixels (`measure`: its width).
export function fitName(name, chars, room, measure) {
  let text = shorten(name, chars);
  while (text.length > 2 && measure(text) > room) text = shorten(text.replace(/…$/, ""), text.length - 1);
  return text;
}

// A name cut to `chars` characters, with an ellipsis when it was longer.
export function shorten(name, chars) {
  const text = String(name);
  return text.length <= chars ? text : text.slice(0, Math.max(1, chars - 1)).trimEnd() + "…";
}

// Labels' centres nudged apart, at least `gap` between any two, kept within
// [low, high], each as near its wanted place as it can be: overlapping labels
// merge into a group centred on their wanted places, until no groups overlap.
export function spread(wanted, gap, low, high) {
  const count = wanted.length;
  if (!count) return [];
  gap = Math.min(gap, count > 1 ? (high - low) / (count - 1) : gap);
  const order = wanted.map(function (_, n) { return n; }).sort(function (a, b) {
    return wanted[a] - wanted[b];
  });
  let groups = [];
  order.forEach(function (index) {
    groups.push({ members: [index], centre: wanted[index] });
    // Merge with the group before while they overlap.
    while (groups.length > 1) {
      const last = groups[groups.length - 1];
      const before = groups[groups.length - 2];
      const beforeEnd = before.centre + (before.members.length - 1) * gap / 2;
      const lastStart = last.centre - (last.members.length - 1) * gap / 2;
      if (lastStart - beforeEnd >= gap) break;
      const members = before.members.concat(last.members);
      const centre = members.reduce(function (sum, m) { return sum + wanted[m]; }, 0) / members.length;
      groups = groups.slice(0, -2).concat([{ members: members, centre: centre }]);
    }
  });
  const placed = new Array(count);
  let floor = low;
  groups.forEach(function (group) {
    const half = (group.members.length - 1) * gap / 2;
    const centre = Math.max(Math.min(group.centre, high - half), low + half);
    group.members.forEach(function (member, k) {
      placed[member] = Math.max(centre - half + k * gap, floor);
      floor = placed[member] + gap;
    });
  });
  // A group pushed past the bottom by the ones above it: pack up from the bottom.
  let ceiling = high;
  order.slice().reverse().forEach(function (member) {
    placed[member] = Math.min(placed[member], ceiling);
    ceiling = placed[member] - gap;
  });
  return placed.map(function (y) { return clamp(y, low, high); }); // rounding errors only
}

/* Text annotations */

// A note's words in lines that fit the chart: at most 60% of its width, 240 px.
export function noteLines(text, areaWidth) {
  const chars = Math.max(10, Math.floor(Math.min(areaWidth * 0.6, 240) / CHAR));
  const lines = wrap(text, chars);
  return Array.isArray(lines) ? lines : [lines];
}

function clamp(value, low, high) {
  return Math.max(low, Math.min(value, Math.max(low, high)));
}

// Where a note about a point goes: its box (left, top, width, height) above the
// data under it when there is room (`clear`: the highest pixel any line reaches
// under the box, if known), else just above the point, or below it, or
// wherever it fits best, always inside the chart area; and its leader line,
// from the box's edge to the point (`to`, where the arrow is drawn).
// `textWidth`: the widest line's pixels.
export function placeNote({ x, y, lines, textWidth, area, clear = null }) {
  const { width, height, left } = noteBox(x, lines, textWidth, area);
  let top;
  let above;
  if (clear !== null && clear - GAP - height >= area.top && clear - GAP - height < y - LEADER - height) {
    top = clear - GAP - height;
    above = true;
  } else if (y - LEADER - height >= area.top) {
    top = y - LEADER - height;
    above = true;
  } else if (y + LEADER + height <= area.bottom) {
    top = y + LEADER;
    above = false;
  } else {
    above = y - area.top > area.bottom - y;
    top = above ? area.top : area.bottom - height;
  }
  const from = {
    x: clamp(x, left + PAD, left + width - PAD),
    y: above ? top + height : top,
  };
  return {
    box: { left: left, top: top, width: width, height: height },
    from: from,
    to: { x: x, y: y + (above ? -2 : 2) },
    lines: lines,
  };
}

// A note's box across: as wide as its words (or the area), over x as far as the area allows.
export function noteBox(x, lines, textWidth, area) {
  const width = Math.min(textWidth + 2 * PAD, area.right - area.left);
  const height = lines.length * LINE + 2 * PAD;
  return { width: width, height: height, left: clamp(x - width / 2, area.left, area.right - width) };
}

// Where a note about a period (pixels `start` to `end` along a horizontal
// category axis) goes: its box at the top of the chart area, over the period's
// middle as far as the area allows, and a bracket spanning the period under it.
export function placePeriod({ start, end, lines, textWidth, area }) {
  const low = clamp(Math.min(start, end), area.left, area.right);
  const high = clamp(Math.max(start, end), area.left, area.right);
  const width = Math.min(textWidth + 2 * PAD, area.right - area.left);
  const height = lines.length * LINE + 2 * PAD;
  const middle = (low + high) / 2;
  const left = clamp(middle - width / 2, area.left, area.right - width);
  const top = area.top;
  const bracket = { start: low, end: high, y: top + height + GAP + 2 };
  return {
    box: { left: left, top: top, width: width, height: height },
    from: { x: clamp(middle, left + PAD, left + width - PAD), y: top + height },
    to: { x: middle, y: bracket.y },
    bracket: bracket,
    lines: lines,
  };
}

// A position on the category axis, in pixels: a label, a date or a number.
export function categoryPixel(scale, at, labels) {
  if (at === null || at === undefined) return null;
  let value;
  if (scale.type === "category") {
    value = labels.indexOf(String(at));
    if (value === -1) return null;
  } else if (scale.type === "time") {
    value = toDate(at).getTime();
  } else {
    value = Number(at);
  }
  return isFinite(value) ? scale.getPixelForValue(value) : null;
}

/* Drawing (Chart.js) */

// The padding a chart keeps for its marks at a width (Chart.js's layout.padding).
export function marksPadding(marks, { width, horizontal, names, texts }) {
  const padding = { top: 4, right: 10 };
  if (marks.values) {
    const room = valueRoom(texts, width, horizontal);
    if (horizontal) padding.right = Math.max(padding.right, room);
    else padding.top = Math.max(padding.top, room);
  }
  if (marks.lineEnds) padding.right = Math.max(padding.right, endRoom(names, width).padding);
  return padding;
}

