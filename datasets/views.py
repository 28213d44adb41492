import csv

from django.conf import settings
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override

from chartweek.access import can_preview
from datasets.charts import ordered_rows, plotted_table
from datasets.models import Chart, Dataset

# Cells starting with these are run as formulas by spreadsheet programs (OWASP's
# "CSV injection"); a leading apostrophe makes them text.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A value as a CSV cell that a spreadsheet will not execute; numbers unchanged."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    text = str(value)
    if text.startswith(_FORMULA_PREFIXES) and not _is_plain_number(text):
        return "'" + text
    return text


def _is_plain_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


class _Echo:
    def write(self, value):
        return value


def _csv_response(header, rows, *, filename, private):
    """A table as a streamed CSV download, its cells neutralised for spreadsheets."""
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow([safe_cell(name) for name in header])
        for row in rows:
            yield writer.writerow([safe_cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if private:
        patch_cache_control(response, private=True, no_store=True)
    return response


def download_csv(request, slug):
    """The dataset's whole table as CSV, streamed row by row."""
    datasets = Dataset.objects.all()
    preview = can_preview(request.user, Dataset)
    if not preview:
        datasets = datasets.published()
    dataset = get_object_or_404(datasets, slug=slug)
    return _csv_response(
        dataset.column_names(), dataset.rows, filename=f"{dataset.slug}.csv", private=preview
    )


def _visible_chart(request, pk):
    """The chart if this request may see it (published, or an editor's preview), else 404."""
    charts = Chart.objects.select_related("dataset")
    preview = can_preview(request.user, Chart)
    if not preview:
        charts = charts.published()
    return get_object_or_404(charts, pk=pk), preview


def chart_csv(request, pk):
    """Exactly the data a chart plots: its columns, in the order it draws the rows."""
    chart, preview = _visible_chart(request, pk)
    table = plotted_table(chart)
    rows = ordered_rows(chart.spec(), table)
    name = slugify(chart.title)[:80] or "chart"
    return _csv_response(table.header, rows, filename=f"{name}-{chart.pk}.csv", private=preview)


# Embeds are the only pages other sites may frame; every other response keeps
# X-Frame-Options: DENY and frame-ancestors 'none'.
EMBED_CSP = {**settings.SECURE_CSP, "frame-ancestors": ["*"]}


@xframe_options_exempt
@csp_override(EMBED_CSP)
def chart_embed(request, pk):
    """A chart alone, for an iframe on another site; it tells its parent its height."""
    from articles.models import ArticleChart  # articles depends on datasets

    chart, preview = _visible_chart(request, pk)
    placement = (
        ArticleChart.objects.published()
        .filter(chart=chart)
        .select_related("article")
        .order_by("article__published_at")
        .first()
    )
    response = render(
        request,
        "datasets/embed.html",
        {"chart": chart, "article": placement.article if placement else None},
    )
    response["X-Robots-Tag"] = "noindex"
    if preview:
        patch_cache_control(response, private=True, no_store=True)
    return response
