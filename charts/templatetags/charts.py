from django import template
from django.utils.html import format_html_join
from django.utils.text import slugify

from charts.assets import chart_scripts as scripts_for_charts
from charts.choices import ChartType
from charts.config import ordered_rows, plotted_table
from charts.describe import description_of
from charts.dots import with_gaps
from charts.facets import facet_rows
from charts.labels import shown_header
from charts.maptable import drawing_config, table_of

register = template.Library()

# The data table under a chart lists this many rows; the CSV link has them all.
TABLE_ROWS = 250


@register.inclusion_tag("charts/includes/chart.html")
def chart_figure(chart, heading_level=2, tools=True):
    """A chart as a figure: canvas drawn by static/js/charts/, description, data, credits.

    An unsaved chart (the admin's live preview) is drawn too, without the links
    and buttons that need its address.
    """
    spec = chart.spec
    table = plotted_table(chart)
    rows = facet_rows(spec, table) if spec.facet else ordered_rows(spec, table)
    key = chart.pk or "preview"
    header = table.header
    if spec.chart_type == ChartType.DOT:
        header, rows = with_gaps(spec, header, rows)  # the gap drawn is in the table too
    header = [*shown_header(spec, table), *header[len(table.header) :]]  # readers' names
    shown_table = None
    if spec.chart_type == ChartType.TABLE:
        shown_table = table_of(spec, table, title=chart.title)
    return {
        "chart": chart,
        "dataset": chart.dataset,
        "config": drawing_config(spec, table, title=chart.title),
        "shown_table": shown_table,
        "config_id": f"chart-config-{key}",
        "dom_id": f"chart-{key}",
        "header": header,
        "rows": rows[:TABLE_ROWS],
        "more_rows": max(len(rows) - TABLE_ROWS, 0),
        "description": description_of(spec, table),
        "spec": spec,
        "heading": f"h{heading_level}",
        "saved": chart.pk is not None,
        "tools": tools and chart.pk is not None,
    }


@register.inclusion_tag("charts/includes/table.html")
def data_table(table, dom_id="data-table"):
    """A table (charts.tables.DataTable) as HTML, for static/js/charts/table.js to enhance."""
    return {"table": table, "dom_id": dom_id}


@register.simple_tag
def chart_scripts(tools=True):
    """The <script> elements that draw the page's charts (see charts/assets.py)."""
    return format_html_join("\n", "{}", ((s,) for s in scripts_for_charts(tools=tools)))


# Long enough for any headline's words to survive, short enough for every file system.
FILE_SLUG_LENGTH = 80


@register.filter
def file_slug(title: str) -> str:
    """A chart's title as a download's file name: slugified, cut between words, never empty."""
    slug = slugify(title)
    if len(slug) > FILE_SLUG_LENGTH:
        slug = slug[: FILE_SLUG_LENGTH + 1].rsplit("-", 1)[0]
    return slug or "chart"
