import csv
from decimal import Decimal

from django.http import Http404, HttpResponseForbidden, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control

from articles.models import Article
from charts.models import Chart
from charts.rendering import has_fresh_fragments
from chartweek import visibility
from chartweek.pagecache import cache_public_page
from datasets import csv_copy, tables
from datasets.models import ColumnType, Dataset
from datasets.structured_data import dataset_json_ld

# Cells starting with these are run as formulas by spreadsheet programs (OWASP's
# "CSV injection"); a leading apostrophe makes them text.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A value as a CSV cell that a spreadsheet will not execute; numbers unchanged."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return value  # csv writes a Decimal (an exactjson.Exact) with its digits
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


# Column types whose cells the ingest stores as numbers, ISO dates or nothing:
# safe_cell would hand every one of them back unchanged.
_INERT_TYPES = frozenset({"integer", "number", "date"})


def csv_lines(header, rows, types=None):
    """CSV text, a line at a time, with every cell made safe for spreadsheets.

    Given the columns' `types`, only text and true/false cells go through
    safe_cell: a third faster on tables of numbers, the same bytes.
    """
    writer = csv.writer(_Echo())
    yield writer.writerow([safe_cell(name) for name in header])
    if types is None:
        for values in rows:
            yield writer.writerow([safe_cell(value) for value in values])
        return
    checked = [i for i, kind in enumerate(types) if kind not in _INERT_TYPES]
    for values in rows:
        values = list(values)
        for i in checked:
            values[i] = safe_cell(values[i])
        yield writer.writerow(values)


def csv_response(header, rows, *, filename, private):
    """A table as a streamed CSV download, its cells neutralised for spreadsheets."""
    return streamed_csv(csv_lines(header, rows), filename=filename, private=private)


def streamed_csv(lines, *, filename, private):
    """A CSV download of `lines` (from csv_lines, or bytes from csv_copy.blocks)."""
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if private:
        patch_cache_control(response, private=True, no_store=True)
    return response


def download_csv(request, slug):
    """A version of the dataset as CSV, streamed from the database in chunks.

    `?version=N` names the version (each chart links to the one it draws);
    without it, the reader's version (chartweek.visibility). Either way only a
    version this user may see.
    """
    datasets, preview = visibility.for_user(Dataset.objects.all(), request.user)
    dataset = get_object_or_404(datasets, slug=slug)
    if not visibility.may_download(dataset, user=request.user):
        return refused_download(dataset)
    version = visibility.find_version(dataset, user=request.user, number=request.GET.get("version"))
    if version is None:
        raise Http404("No such version.")
    header = version.column_names()
    filename = f"{dataset.slug}.csv"
    copied = csv_copy.blocks(version, next(csv_lines(header, [])))  # COPY: the same bytes
    if copied is not None:
        return streamed_csv(copied, filename=filename, private=preview)
    return csv_response(header, version.stream_rows(), filename=filename, private=preview)


def refused_download(dataset):
    return HttpResponseForbidden(
        dataset.redistribution_refusal(), content_type="text/plain; charset=utf-8"
    )


@cache_public_page
def detail(request, slug):
    """A dataset's public page: what it is, its columns, licence, download, charts, articles.

    The columns are those of the reader's version (chartweek.visibility), never
    of data uploaded for an article still under embargo.
    """
    datasets, preview = visibility.for_user(Dataset.objects.all(), request.user)
    dataset = get_object_or_404(datasets, slug=slug)
    version = visibility.reader_version(dataset, user=request.user)
    described = dataset.describe_columns(version.columns) if version else []
    updated_at = visibility.reader_updated_at(dataset, version)
    charts, _ = visibility.for_user(
        Chart.objects.filter(dataset=dataset).select_related("version"), request.user
    )
    articles, _ = visibility.for_user(
        Article.objects.filter(placements__chart__dataset=dataset), request.user
    )
    chart_list = list(charts.select_related("rendered").defer("rendered__plotted").order_by("pk"))
    # Charts drawn from their stored fragments (charts/rendering.py) need no rows; the
    # others' rows in one query.
    tables.prefetch_rows(chart.version for chart in chart_list if not has_fresh_fragments(chart))
    for chart in chart_list:
        chart.dataset = dataset  # the page's own dataset: no query per chart
    columns = [
        {"name": column["name"], "type": ColumnType(column["type"]).label} for column in described
    ]
    context = {
        "dataset": dataset,
        "columns": columns,
        "charts": chart_list,
        "articles": articles.distinct().select_related("author").order_by("-published_at"),
        "updated_at": updated_at,
        "json_ld": dataset_json_ld(
            dataset, columns=described, updated_at=updated_at, request=request
        ),
        "is_public": not preview or visibility.datasets().filter(pk=dataset.pk).exists(),
        "may_download": visibility.may_download(dataset, user=request.user),
    }
    response = render(request, "datasets/detail.html", context)
    if preview:
        patch_cache_control(response, private=True, no_store=True)
    return response
