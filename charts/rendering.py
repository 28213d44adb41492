"""Charts rendered on write: what a reader's page needs, computed when a chart changes.

`render_chart(chart)` reads the chart's plotted table once (its data version
through the spec's transforms, a map's join done) and stores a RenderedChart:
the plotted table, the renderer's config as its JSON <script>, the description
and the data table's HTML. Pages read `fragments_of(chart)`: the stored record
when it was loaded with the chart and is fresh, else the same fragments
computed on the spot, so a stale or missing record (a deploy that changed the
format, a write path that forgot) costs time, never a wrong page or a 500.

A record is fresh when its `key` is the chart's: a hash of FORMAT_VERSION, the
static addresses the fragments contain, the spec, the title and the data
version (whose rows never change). Bump FORMAT_VERSION when what is stored
changes shape or meaning.
"""

import hashlib
import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.html import json_script
from django.utils.safestring import SafeString, mark_safe

from charts.assets import GEO
from charts.choices import ChartType
from charts.config import ordered_rows, plotted_table
from charts.describe import description_of
from charts.dots import with_gaps
from charts.facets import facet_rows
from charts.geo import BOUNDARY_FILES
from charts.labels import shown_header
from charts.maptable import drawing_config, table_of
from charts.models import Chart, RenderedChart

FORMAT_VERSION = 2  # 2: small multiples' panels stored too
# The data table under a chart lists this many rows; the CSV link has them all.
TABLE_ROWS = 250


@dataclass(frozen=True)
class Fragments:
    """A chart's parts of a page, each ready to print."""

    config_script: SafeString
    is_map: bool
    is_table: bool
    description: str
    table_html: SafeString
    facets_html: SafeString  # small multiples' legend and panels; empty for other charts


def static_digest() -> str:
    """The static addresses stored fragments may contain: a deploy that renames one
    (hashed file names) makes every record stale."""
    paths = [GEO, "js/embed-host.js", *(path for path, _ in BOUNDARY_FILES.values())]
    return ",".join(static(path) for path in paths)


def chart_key(chart: Chart) -> str:
    """What a chart's fragments are computed from, as a short hash."""
    source = {
        "format": FORMAT_VERSION,
        "static": static_digest(),
        "spec": chart.spec.dump(),
        "title": chart.title,
        "version": chart.version_id,
        "chart": chart.pk,
    }
    text = json.dumps(source, sort_keys=True, cls=DjangoJSONEncoder)
    return hashlib.sha256(text.encode()).hexdigest()


def _compute(chart: Chart) -> tuple[Fragments, dict]:
    """The fragments and the plotted table: the per-row work, done once per change."""
    spec = chart.spec
    table = plotted_table(chart)
    rows = facet_rows(spec, table) if spec.facet else ordered_rows(spec, table)
    dom_id = f"chart-{chart.pk or 'preview'}"
    config_id = f"chart-config-{chart.pk or 'preview'}"
    config = drawing_config(spec, table, title=chart.title)
    # The data table: readers' names for the columns; a dot plot's gaps as its last column.
    header, shown_rows = table.header, rows
    if spec.chart_type == ChartType.DOT:
        header, shown_rows = with_gaps(spec, header, rows)
    header = [*shown_header(spec, table), *header[len(table.header) :]]
    is_table = spec.chart_type == ChartType.TABLE
    if is_table:
        shown = table_of(spec, table, title=chart.title)
        table_html = render_to_string(
            "charts/includes/table.html", {"table": shown, "dom_id": f"{dom_id}-table"}
        )
    else:
        table_html = render_to_string(
            "charts/includes/chart_rows.html",
            {
                "title": chart.title,
                "header": header,
                "rows": shown_rows[:TABLE_ROWS],
                "more_rows": max(len(shown_rows) - TABLE_ROWS, 0),
            },
        )
    facets_html = ""
    if config and config.get("facets"):
        facets_html = render_to_string(
            "charts/includes/facets.html",
            {"facets": config["facets"], "config_id": config_id, "dom_id": dom_id, "spec": spec},
        )
    fragments = Fragments(
        config_script=json_script(config, config_id) if config else mark_safe(""),
        is_map=bool(config and "map" in config),
        is_table=is_table,
        description=description_of(spec, table),
        table_html=mark_safe(table_html),  # noqa: S308 (a template's escaped output)
        facets_html=mark_safe(facets_html),  # noqa: S308 (a template's escaped output)
    )
    plotted = {"header": table.header, "types": table.types, "rows": rows}
    return fragments, plotted


def render_chart(chart: Chart) -> RenderedChart:
    """Compute and store the chart's fragments (on every write that changes them)."""
    fragments, plotted = _compute(chart)
    record, _ = RenderedChart.objects.update_or_create(
        chart=chart,
        defaults={
            "key": chart_key(chart),
            "plotted": plotted,
            "config_script": str(fragments.config_script),
            "is_map": fragments.is_map,
            "is_table": fragments.is_table,
            "description": fragments.description,
            "table_html": str(fragments.table_html),
            "facets_html": str(fragments.facets_html),
        },
    )
    chart.rendered = record
    return record


def _loaded(chart: Chart) -> RenderedChart | None:
    """The chart's record if it came with the chart (select_related) and is fresh; no query."""
    if chart.pk is None or not Chart.rendered.is_cached(chart):
        return None
    try:
        record = chart.rendered
    except RenderedChart.DoesNotExist:
        return None
    return record if record.key == chart_key(chart) else None


def _as_fragments(record: RenderedChart) -> Fragments:
    return Fragments(
        config_script=mark_safe(record.config_script),  # noqa: S308 (stored by _compute)
        is_map=record.is_map,
        is_table=record.is_table,
        description=record.description,
        table_html=mark_safe(record.table_html),  # noqa: S308 (stored by _compute)
        facets_html=mark_safe(record.facets_html),  # noqa: S308 (stored by _compute)
    )


def has_fresh_fragments(chart: Chart) -> bool:
    """Whether the chart came with a fresh stored record (pages then read no rows for it)."""
    return _loaded(chart) is not None


def fragments_of(chart: Chart) -> Fragments:
    """The chart's fragments: stored when loaded and fresh, else computed (not stored)."""
    record = _loaded(chart)
    return _as_fragments(record) if record else _compute(chart)[0]


def ensure_rendered(chart: Chart) -> None:
    """On a reader's request: a chart whose loaded record is missing or stale is rendered
    (and stored) again, so the next request reads it."""
    if chart.pk is not None and _loaded(chart) is None:
        render_chart(chart)


def stored_charts():
    """Charts with their records, for pages: the plotted table is left in the database."""
    return Chart.objects.select_related("dataset", "version", "rendered").defer("rendered__plotted")
