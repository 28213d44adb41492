"""The scripts that draw charts, in order: one list for reader pages, embeds and the admin.

Chart.js first (the plugins register themselves on it), then our renderer: the
ES modules under static/js/charts/, entered through draw.js as a module script
(deferred like the others, run in document order after Chart.js). The
annotation plugin and the date adapter are fetched by the renderer only when a
chart on the page needs them; their addresses travel as data- attributes on its
script tag, resolved through the static files storage (hashed names in
production, where the storage also rewrites the modules' imports).
"""

from django.forms import Script
from django.templatetags.static import static

from charts.geo import BOUNDARY_FILES, Boundary

CHARTJS = "vendor/chartjs/chart.umd.min.js"
RENDERER = "js/charts/draw.js"
# What the renderer may load on demand: the key is its data-vendor-* attribute.
ON_DEMAND = {
    "annotation": "vendor/chartjs-plugin-annotation/chartjs-plugin-annotation.min.js",
    "time": "vendor/chartjs-adapter-date-fns/chartjs-adapter-date-fns.bundle.min.js",
}
READER_TOOLS = "js/chart-tools.js"
# Our own modules for maps, tables and small multiples, imported by draw.js only on pages
# that show one: the key is its data-module-* attribute.
MODULES = {"map": "js/charts/mapdraw.js", "table": "js/charts/table.js"}
MODULES["facets"] = "js/charts/facetdraw.js"  # small multiples (charts/facets.py)
# Maps: the geo extension, fetched with the boundary file only when a map is drawn.
GEO = "vendor/chartjs-chart-geo/index.umd.min.js"


def chart_scripts(*, tools=True) -> list[Script]:
    """Script elements for a page with charts; `tools` adds the readers' PNG and embed buttons."""
    vendors = {f"data-vendor-{key}": static(path) for key, path in ON_DEMAND.items()}
    vendors |= {f"data-module-{key}": static(path) for key, path in MODULES.items()}
    scripts = [Script(CHARTJS, defer=True), Script(RENDERER, type="module", **vendors)]
    if tools:
        scripts.append(Script(READER_TOOLS, defer=True))
    return scripts


def map_addresses(boundary: Boundary) -> dict[str, str]:
    """What static/js/charts/mapdraw.js fetches for a map: the extension, the boundary file."""
    path, name = BOUNDARY_FILES[boundary]
    return {"geo": static(GEO), "boundary": static(path), "object": name}
