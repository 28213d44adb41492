"""What the browser tests read from a page's charts (evaluated in the page)."""

# For each chart on the page: its Chart.js instance as plain data, and how many of
# its canvas's pixels are painted (a blank canvas has none).
CHARTS = """
() => Array.from(document.querySelectorAll("[data-chart] canvas")).map((canvas) => {
  const chart = window.Chart && window.Chart.getChart(canvas);
  const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) painted++;
  if (!chart) return {instance: false, painted};
  const scales = chart.options.scales || {};
  const index = chart.options.indexAxis || "x";
  const other = index === "x" ? "y" : "x";
  return {
    instance: true,
    type: chart.config.type,
    datasets: chart.data.datasets.map((d) => ({
      label: d.label, type: d.type || null, points: (d._data || d.data).length,
      drawn: chart.getDatasetMeta(chart.data.datasets.indexOf(d)).data.length,
      decimated: Boolean(d._decimated),
    })),
    indexAxis: index,
    categoryScale: scales[index] ? scales[index].type : null,
    valueScale: scales[other] ? scales[other].type : null,
    animation: chart.options.animation,
    tickColour: scales[other] ? scales[other].ticks.color : chart.options.color,
    painted,
    total: canvas.width * canvas.height,
  };
})
"""


def wait_until_drawn(page, count):
    """Wait for `count` charts to be drawn: by selector, which needs no eval under the CSP."""
    page.wait_for_selector(f":nth-match(.chart__canvas--drawn, {count})", state="attached")


# Resolves once no chart on the page is animating: Chart.js's animator says which
# are running and calls back when one completes.
ANIMATIONS_DONE = """
() => Promise.all(Array.from(document.querySelectorAll("[data-chart] canvas")).map((canvas) => {
  const chart = window.Chart && window.Chart.getChart(canvas);
  if (!chart || !window.Chart.animator.running(chart)) return null;
  return new Promise((resolve) => window.Chart.animator.listen(chart, "complete", resolve));
}))
"""


def wait_until_still(page):
    """Wait until every chart's entry animation has finished (before reading its pixels)."""
    page.evaluate(ANIMATIONS_DONE)


def embed_code(page, chart_url):
    """The embed code a reader copies from the article page."""
    page.goto(chart_url)
    page.get_by_role("button", name="Copy embed code").click()
    code = page.locator("[data-chart-embed-code]")
    code.wait_for(state="visible")
    return code.input_value()
