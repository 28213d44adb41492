/*
 * Keyboard reading: arrows step through the values, each read out (in the
 * tooltip's words) to a live region. Pure steps; draw.js wires them to the canvas.
 */

// The point a key moves to from `current` ({dataset, index}), or null for a key
// that is not ours; "clear" for Escape.
export function nextPoint(key, current, count, length) {
  const point = current || { dataset: 0, index: -1 };
  const next = { dataset: point.dataset, index: point.index };
  switch (key) {
    case "ArrowRight": next.index = Math.min(length - 1, point.index + 1); break;
    case "ArrowLeft": next.index = Math.max(0, point.index - 1); break;
    case "ArrowDown": next.dataset = (point.dataset + 1) % count; next.index = Math.max(0, point.index); break;
    case "ArrowUp": next.dataset = (point.dataset + count - 1) % count; next.index = Math.max(0, point.index); break;
    case "Home": next.index = 0; break;
    case "End": next.index = length - 1; break;
    case "Escape": return "clear";
    default: return null;
  }
  return next;
}

// The words of the tooltip at one point, for the live region.
export function readOut(chart, active) {
  const callbacks = chart.options.plugins.tooltip.callbacks;
  const dataset = chart.data.datasets[active.datasetIndex];
  const item = {
    chart: chart,
    dataset: dataset,
    datasetIndex: active.datasetIndex,
    dataIndex: active.index,
    raw: dataset.data[active.index],
    parsed: chart.getDatasetMeta(active.datasetIndex).controller.getParsed(active.index),
    label: chart.data.labels ? String(chart.data.labels[active.index]) : "",
  };
  return [callbacks.title([item]), callbacks.label(item), callbacks.afterLabel(item)]
    .filter(Boolean).join(", ");
}
