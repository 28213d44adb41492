"""The chart's own pages: its embed (for other sites' iframes) and its data as CSV."""

from typing import Any

from django.apps import apps
from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override

from charts.config import ordered_rows, plotted_table
from charts.labels import shown_header
from charts.models import Chart
from charts.rendering import ensure_rendered, stored_charts
from chartweek import visibility
from chartweek.pagecache import cache_public_page
from datasets.views import csv_response, refused_download


def _placements():
    """Charts' placements in articles, looked up when called: articles builds on charts."""
    return apps.get_model("articles", "ArticleChart").objects


def _visible_chart(request, pk, charts=None):
    """The chart if this request may see it (published, or an editor's preview), else 404."""
    charts = Chart.objects.select_related("dataset", "version") if charts is None else charts
    visible, preview = visibility.for_user(charts, request.user)
    return get_object_or_404(visible, pk=pk), preview


def chart_csv(request, pk):
    """Exactly the data a chart plots: its columns, in the order it draws the rows."""
    chart, preview = _visible_chart(request, pk)
    if not visibility.may_download(chart.dataset, user=request.user):
        return refused_download(chart.dataset)
    table = plotted_table(chart, exact=True)
    rows = ordered_rows(chart.spec, table)
    name = slugify(chart.title)[:80] or "chart"
    header = shown_header(chart.spec, table)
    return csv_response(header, rows, filename=f"{name}-{chart.pk}.csv", private=preview)


# Embeds are the only pages other sites may frame; every other response keeps
# X-Frame-Options: DENY and frame-ancestors 'none'.
EMBED_CSP: dict[str, Any] = {**settings.SECURE_CSP, "frame-ancestors": ["*"]}


# `?theme=` in the embed code: the host page's own colours, or the reader's setting.
EMBED_THEMES = ("light", "dark", "auto")


def embed_theme(request) -> str:
    """The embed's theme from its address; anything unknown follows the reader ("auto")."""
    theme = request.GET.get("theme", "auto")
    return theme if theme in EMBED_THEMES else "auto"


@xframe_options_exempt
@csp_override(EMBED_CSP)
@cache_public_page(params={"theme": lambda raw: raw if raw in EMBED_THEMES else None})
def chart_embed(request, pk):
    """A chart alone, for an iframe on another site; it tells its parent its height."""
    # With its stored fragments (charts/rendering.py): no per-row work on a reader's request.
    chart, preview = _visible_chart(request, pk, stored_charts())
    ensure_rendered(chart)
    placement = (
        visibility.public(_placements().filter(chart=chart))
        .select_related("article")
        .order_by("article__published_at")
        .first()
    )
    response = render(
        request,
        "charts/embed.html",
        {
            "chart": chart,
            "article": placement.article if placement else None,
            "theme": embed_theme(request),
        },
    )
    response["X-Robots-Tag"] = "noindex"
    if preview:
        patch_cache_control(response, private=True, no_store=True)
    return response
