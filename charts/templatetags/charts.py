from django import template
from django.utils.html import format_html_join
from django.utils.text import slugify

from charts.assets import chart_scripts as scripts_for_charts
from charts.rendering import fragments_of

register = template.Library()


@register.inclusion_tag("charts/includes/chart.html")
def chart_figure(chart, heading_level=2, tools=True):
    """A chart as a figure: canvas drawn by static/js/charts/, description, data, credits.

    The chart's config, description and data table are its stored fragments
    (charts/rendering.py) when they came with it, else computed here. An unsaved
    chart (the admin's live preview) is drawn too, without the links and buttons
    that need its address.
    """
    key = chart.pk or "preview"
    return {
        "chart": chart,
        "dataset": chart.dataset,
        "fragments": fragments_of(chart),
        "config_id": f"chart-config-{key}",
        "dom_id": f"chart-{key}",
        "spec": chart.spec,
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
