"""Pages for the browser tests only: a map (static/js/charts/mapdraw.js) and a table
(charts/tables.py, enhanced by static/js/charts/table.js).

Maps and tables are not yet chart types (the spec gains them later), so no site
page shows one: this URLconf (pytest.mark.urls) serves them, and the small entry
modules that call the scripts. Nothing here is reachable on the site.
"""

from django.http import HttpResponse
from django.template import Context, Template
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

TABLE_ENTRY = """
import { enhanceAll } from "%s";
enhanceAll(document);
document.body.dataset.table = "enhanced";
"""
TABLE_PAGE = """{%% load charts %%}<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Table</title><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><link rel="stylesheet" href="%s">
<script type="module" src="/table-entry.js"></script></head>
<body><main><h1>A table</h1>{%% data_table table "gapminder" %%}</main></body></html>"""

# The test sets these before it opens the page.
PAGE = {"settings": {}, "addresses": {}, "table": None}


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


def table_entry(request):
    script = TABLE_ENTRY % static("js/charts/table.js")
    return HttpResponse(script, content_type="text/javascript")


def table_page(request):
    template = Template(TABLE_PAGE % static("css/site.css"))
    return HttpResponse(template.render(Context({"table": PAGE["table"]})))


urlpatterns = [
    path("map/", page),
    path("map-entry.js", entry),
    path("table/", table_page),
    path("table-entry.js", table_entry),
]
