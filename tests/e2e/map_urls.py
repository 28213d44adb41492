"""A page for the browser tests only: a map drawn by static/js/charts/mapdraw.js.

Maps are not yet a chart type (the spec gains them later), so no site page
draws one: this URLconf (pytest.mark.urls) serves one, and the small entry
module that calls the drawer. Nothing here is reachable on the site.
"""

from django.http import HttpResponse
from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html, json_script

ENTRY = """
import { drawMap } from "%s";
const read = (id) => JSON.parse(document.getElementById(id).textContent);
const container = document.querySelector("[data-map]");
drawMap(container, read("map-settings"), read("map-addresses")).then(
  () => { document.body.dataset.map = "drawn"; },
  (error) => { document.body.dataset.map = "failed"; console.error(error); },
);
"""

# The test sets these before it opens the page.
PAGE = {"settings": {}, "addresses": {}}


def entry(request):
    return HttpResponse(ENTRY % static("js/charts/mapdraw.js"), content_type="text/javascript")


def page(request):
    body = format_html(
        """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Map</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><link rel="stylesheet" href="{}">
<script src="{}" defer></script><script type="module" src="/map-entry.js"></script></head>
<body><main><h1>{}</h1><div class="chart__canvas" data-map>
<canvas role="img" aria-label="{}"></canvas></div>{}{}</main></body></html>""",
        static("css/site.css"),
        static("vendor/chartjs/chart.umd.min.js"),
        PAGE["settings"].get("title", ""),
        PAGE["settings"].get("title", ""),
        json_script(PAGE["settings"], "map-settings"),
        json_script(PAGE["addresses"], "map-addresses"),
    )
    return HttpResponse(body)


urlpatterns = [path("map/", page), path("map-entry.js", entry)]
