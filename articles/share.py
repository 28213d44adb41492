"""Share images: each article's lead chart as a 1200×630 PNG for social media cards.

matplotlib draws it on the server (the Agg backend: no display, no browser) from
its lead chart drawn by charts/share.py (from the chart's spec and the numbers
the reader's chart plots), under the article's headline and over the chart's
source. An article with no chart gets a card with its
headline alone.

`refresh_share_image(article=...)` is called explicitly where an article is
published or saved while published (the admin, `loaddemo`); nothing happens on
a signal. The file gets a random name in default storage and is served only by
`articles.views.share_image`, which applies the publication rules.
"""

import io
import textwrap
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from charts.share import BACKGROUND, MUTED, TEXT, draw_chart
from chartweek import fonts

WIDTH, HEIGHT, DPI = 1200, 630, 100
ACCENT = "#005a8c"


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
        draw_chart(figure, chart, top=top - 0.1)
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
