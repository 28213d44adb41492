/*
 * Small multiples (charts/facets.py): the grid's columns at a width, the point
 * a panel has at another panel's position (so a highlight carries across), and
 * keyboard steps through the panels. Pure functions; facetdraw.js draws.
 */

// A panel's width over its height.
export const PANEL_ASPECT = 1.5;
// The narrowest a panel may be, in CSS pixels, before the grid loses a column.
export const MIN_PANEL = 250;
export const MAX_COLUMNS = 4;

// Columns for `count` panels in a grid `width` px wide: 1 on a phone, 3 or 4 on a laptop.
export function columnsFor(width, count) {
  const fit = Math.floor((width + 16) / (MIN_PANEL + 16));
  return Math.max(1, Math.min(MAX_COLUMNS, fit, count));
}

// The position a point stands for: its label on a category axis, else its x.
export function positionOf(data, labels, index) {
  if (labels && labels.length) return labels[index];
  const point = data[index];
  return point !== null && typeof point === "object" ? point.x : undefined;
}

// The index of `position` in a panel's data (or labels); -1 when the panel has none there.
export function indexAt(data, labels, position) {
  if (position === undefined) return -1;
  if (labels && labels.length) return labels.indexOf(position);
  for (let i = 0; i < data.length; i += 1) {
    const point = data[i];
    if (point !== null && typeof point === "object" && point.x === position) return i;
  }
  return -1;
}

// The point a key moves to from `current` ({panel, dataset, index}) through `panels`
// ([{datasets, positions}]): left and right along a panel, up and down from series to
// series and panel to panel, keeping the position where the next panel has it.
// null for a key that is not ours; "clear" for Escape.
export function nextFacetPoint(key, current, panels) {
  if (!panels.length) return null;
  const point = current || { panel: 0, dataset: 0, index: -1 };
  const here = panels[point.panel];
  const last = here.positions.length - 1;
  const next = { panel: point.panel, dataset: point.dataset, index: point.index };
  switch (key) {
    case "ArrowRight": next.index = Math.min(last, point.index + 1); break;
    case "ArrowLeft": next.index = Math.max(0, point.index - 1); break;
    case "Home": next.index = 0; break;
    case "End": next.index = last; break;
    case "ArrowDown":
    case "ArrowUp": {
      const step = key === "ArrowDown" ? 1 : -1;
      next.dataset = point.dataset + step;
      if (next.dataset < 0 || next.dataset >= here.datasets) {
        next.panel = (point.panel + step + panels.length) % panels.length;
        next.dataset = step > 0 ? 0 : panels[next.panel].datasets - 1;
      }
      const there = panels[next.panel].positions;
      const found = there.indexOf(here.positions[Math.max(0, point.index)]);
      next.index = found >= 0 ? found : Math.min(Math.max(0, point.index), there.length - 1);
      break;
    }
    case "Escape": return "clear";
    default: return null;
  }
  return next;
}
