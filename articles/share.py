"""Share images: each article's lead chart as a 1200×630 PNG for social media cards.

matplotlib draws it on the server (the Agg backend: no display, no browser) from
the same numbers the reader's chart plots, `charts.config.plotted_table`, in
the same colours, type, scale and number format, under the article's headline
and over the chart's source. An article with no chart gets a card with its
headline alone.

`refresh_share_image(article=...)` is called explicitly where an article is
published or saved while published (the admin, `loaddemo`); nothing happens on
a signal. The file gets a random name in default storage and is served only by
`articles.views.share_image`, which applies the publication rules.
"""

import io
import math
import textwrap
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from charts.config import PALETTE, plotted_table
from charts.models import ChartType
from charts.numbers import axis_unit, number_formatter
from chartweek import fonts

WIDTH, HEIGHT, DPI = 1200, 630, 100
BACKGROUND, TEXT, MUTED, ACCENT, GRID = "#fdfcfa", "#1d1d1f", "#5b5b61", "#005a8c", "#e6e4df"


def lead_chart(article):
    placement = article.placements.select_related("chart__dataset").first()
    return placement.chart if placement else None


# Editors' words and the data's labels are text, never TeX: "How $1bn became $2bn"
# is drawn as written, not as maths (and an unbalanced "$" cannot fail the card).
LITERAL_TEXT: dict[Any, Any] = {"text.parse_math": False, "text.usetex": False}


def render_share_image(*, article) -> bytes:
    """The article's share card as PNG bytes."""
    from matplotlib import rc_context

    # Every text in the font list, glyph by glyph: DejaVu Sans, then CJK (chartweek.fonts).
    with rc_context({**LITERAL_TEXT, "font.family": list(fonts.families())}):
        return _render(article)


def _render(article):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI, facecolor=BACKGROUND)
    FigureCanvasAgg(figure)
    chart = lead_chart(article)
    figure.text(
        0.05,
        0.92,
        settings.SITE_NAME.upper() + " · CHART OF THE WEEK",
        color=ACCENT,
        fontsize=13,
        fontweight="bold",
    )
    title_lines = _headline(figure, article.title, big=chart is None)
    if chart:
        top = 0.875 - 0.085 * title_lines
        figure.text(0.05, top, chart.title, color=MUTED, fontsize=15, va="top")
        _draw_chart(figure, chart, top=top - 0.1)
        footer = f"Source: {chart.source_text}"
    else:
        footer = article.standfirst
    figure.text(0.05, 0.04, textwrap.shorten(footer, 120), color=MUTED, fontsize=12)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", facecolor=BACKGROUND, metadata={"Software": None})
    return buffer.getvalue()


def refresh_share_image(*, article) -> bool:
    """Draw the article's share image and store it; False when the stored one is the same."""
    png = render_share_image(article=article)
    with transaction.atomic():
        return _store(article, png)


def _store(article, png):
    # The stored name as committed, read under a row lock: a stale copy of the
    # article (two saves at once) must neither keep nor orphan the other's file.
    stored_name = (
        type(article)
        .objects.select_for_update()
        .filter(pk=article.pk)
        .values_list("share_image", flat=True)
        .first()
    )
    old = stored_name or ""
    article.share_image.name = old or None
    if old and default_storage.exists(old):
        with default_storage.open(old, "rb") as stored:
            if stored.read() == png:
                return False
    article.share_image.save("share.png", ContentFile(png), save=False)
    try:
        # update_fields keeps updated_at: a new picture is not an edit readers are told of.
        article.save(update_fields=["share_image"])
    except Exception:
        default_storage.delete(article.share_image.name)
        raise
    if old:  # once the new name is committed, the old file goes
        transaction.on_commit(lambda: default_storage.delete(old))
    return True


def _headline(figure, text, *, big):
    """Draw the headline wrapped to the card's width (2 lines over a chart, 4 alone); lines used."""
    size, lines = (44, 4) if big else (26, 2)
    renderer = figure.canvas.get_renderer()
    for width in range(60 if not big else 36, 10, -2):
        wrapped = textwrap.wrap(text, width, max_lines=lines, placeholder=" …")
        title = figure.text(
            0.05,
            0.875,
            "\n".join(wrapped),
            color=TEXT,
            fontsize=size,
            fontweight="bold",
            va="top",
            linespacing=1.15,
        )
        if title.get_window_extent(renderer).x1 <= WIDTH * 0.95:
            return len(wrapped)
        title.remove()
    return 0


def _draw_chart(figure, chart, *, top):
    header, rows, _ = plotted_table(chart)
    labels = ["" if row[0] is None else textwrap.fill(str(row[0]), 22) for row in rows]
    series = [
        (name, [math.nan if row[i] is None else row[i] for row in rows])
        for i, name in enumerate(header[1:], start=1)
    ]
    chart_type = ChartType(chart.chart_type)
    # Numbers as the reader's chart writes them, in the chart's locale (charts/numbers.py).
    fmt = number_formatter(style=chart.number_format, unit=chart.unit, locale=chart.locale)
    if chart_type == ChartType.SCATTER:
        series = series[1:]  # the x column: the card draws the plotted values by label
    if chart_type in (ChartType.DOUGHNUT, ChartType.PIE):
        _doughnut(figure, labels, series[0][1], fmt, top=top)
        return
    horizontal = chart_type == ChartType.HORIZONTAL_BAR
    left = 0.27 if horizontal else 0.08
    axes = figure.add_axes((left, 0.15, 0.93 - left, top - 0.17), facecolor=BACKGROUND)
    positions = list(range(len(labels)))
    width = 0.8 / len(series)
    for n, (name, values) in enumerate(series):
        colour = PALETTE[n % len(PALETTE)]
        if chart_type in (ChartType.LINE, ChartType.AREA):
            axes.plot(positions, values, color=colour, linewidth=3, marker="o", label=name)
            continue
        offsets = [p - 0.4 + width * (n + 0.5) for p in positions]
        bar = axes.barh if horizontal else axes.bar
        bar(offsets, values, width * 0.9, color=colour, label=name)
    _style_axes(axes, chart, labels, positions, fmt, horizontal=horizontal)
    if len(series) > 1:
        axes.legend(frameon=False, fontsize=12, labelcolor=TEXT, loc="upper left")


def _style_axes(axes, chart, labels, positions, fmt, *, horizontal):
    from matplotlib.ticker import FuncFormatter, MaxNLocator, NullFormatter

    value_axis, category_axis = (axes.xaxis, axes.yaxis) if horizontal else (axes.yaxis, axes.xaxis)
    category_axis.set_ticks(positions, labels)
    if chart.log_scale:
        (axes.set_xscale if horizontal else axes.set_yscale)("log")
        value_axis.set_minor_formatter(NullFormatter())
    value_axis.set_major_formatter(FuncFormatter(lambda v, _: fmt.tick(v)))
    if horizontal and not chart.log_scale:
        # Side by side, ticks such as "175 Mio. $" need room: at most six of them.
        value_axis.set_major_locator(MaxNLocator(nbins=5))
    if horizontal:
        axes.invert_yaxis()  # first row on top, as the reader's chart draws it
    axes.grid(axis="x" if horizontal else "y", color=GRID, linewidth=1)
    axes.set_axisbelow(True)
    for side in ("top", "right", "left" if not horizontal else "bottom"):
        axes.spines[side].set_visible(False)
    axes.tick_params(which="both", colors=TEXT, labelsize=13, length=0)
    for spine in axes.spines.values():
        spine.set_color(GRID)
    word = axis_unit(style=chart.number_format, unit=chart.unit)
    if word:
        (axes.set_xlabel if horizontal else axes.set_ylabel)(word, color=MUTED, fontsize=12)


def _doughnut(figure, labels, values, fmt, *, top):
    axes = figure.add_axes((0.05, 0.1, 0.4, top - 0.12))
    colours = [PALETTE[i % len(PALETTE)] for i in range(len(values))]
    pairs = [(label, v) for label, v in zip(labels, values, strict=True) if not math.isnan(v)]
    axes.pie(
        [v for _, v in pairs],
        colors=colours[: len(pairs)],
        startangle=90,
        counterclock=False,
        wedgeprops={"width": 0.45, "edgecolor": BACKGROUND},
    )
    axes.legend(
        [f"{label}: {fmt.tooltip(v)}" for label, v in pairs],
        loc="center left",
        bbox_to_anchor=(1.05, 0.5),
        frameon=False,
        fontsize=13,
        labelcolor=TEXT,
    )
    axes.set_aspect("equal")
