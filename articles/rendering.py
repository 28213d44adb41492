"""Article pages rendered on write: the body with its charts' figures, stored once.

`render_article(article)` renders the body's Markdown, places each chart's
figure (from its stored fragments, charts/rendering.py) and stores the result
with the topics the page names (RenderedArticle). The services call it on every
write an article page shows (save, publish, unpublish, restore, moving charts
to new data), the chart and dataset admins after theirs, `rebuildpages` for all.

What a stored page depends on is read with the article in the same query
(`with_stamp`): when the article, one of its charts, their datasets or its
topics last changed, and how many there are. `stamp_key` hashes those with the
format; `fresh_rendering(article)` returns the stored page when its key still
matches and renders it again (and stores it) when not, so a page is never
stale, and a reader's request is one query for the article whatever its charts
and rows.
"""

import functools
import hashlib
import json

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Count, Max, OuterRef, Q, Subquery, Sum
from django.db.models.expressions import RawSQL
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from articles.body import render_blocks
from articles.models import Article, ArticleChart
from articles.records import RenderedArticle
from charts import rendering as chart_rendering
from chartweek import cachetags

FORMAT_VERSION = 1

# The figures a stored page was rendered from, read with the article (one query).
STAMP_FIELDS = (
    "stamp_charts",
    "stamp_chart_ids",
    "stamp_charts_changed",
    "stamp_datasets_changed",
    "stamp_topics",
    "stamp_topics_changed",
)


def _per_article(queryset, field: str, aggregate):
    """One figure of an article's rows in `queryset`, as a subquery of the article's query."""
    grouped = queryset.filter(**{field: OuterRef("pk")}).order_by().values(field)
    return Subquery(grouped.annotate(value=aggregate).values("value")[:1])


def _stamp_subqueries() -> dict[str, Subquery]:
    """What a stored page depends on, as subqueries of a query on Article."""
    placements = ArticleChart.objects.all()
    topics = Article.topics.through.objects.all()
    return {
        "stamp_charts": _per_article(placements, "article", Count("pk")),
        "stamp_chart_ids": _per_article(placements, "article", Sum("chart_id")),
        "stamp_charts_changed": _per_article(placements, "article", Max("chart__updated_at")),
        "stamp_datasets_changed": _per_article(
            placements, "article", Max("chart__dataset__updated_at")
        ),
        "stamp_topics": _per_article(topics, "article", Count("pk")),
        "stamp_topics_changed": _per_article(topics, "article", Max("topic__updated_at")),
    }


@functools.cache
def _stamp_sql() -> dict[str, RawSQL]:
    """The six subqueries as SQL, compiled once per process.

    Building and compiling them cost a reader's request ~1.5 ms of Python each
    time (the database runs them in a tenth of a millisecond). They refer to the article by its
    table's own name, as in a query on Article (which is what `with_stamp` takes).
    """
    probe = Article.objects.annotate(**_stamp_subqueries()).query
    compiler = probe.get_compiler(DEFAULT_DB_ALIAS)
    compiled = {}
    for name in STAMP_FIELDS:
        expression = probe.annotations[name]
        sql, params = compiler.compile(expression)
        # The ORM's own SQL for our subqueries: no text from outside goes into it.
        compiled[name] = RawSQL(sql, tuple(params), output_field=expression.output_field)  # noqa: S611
    return compiled


def with_stamp(articles):
    """`articles` annotated with what their stored pages depend on (no extra query)."""
    return articles.annotate(**_stamp_sql())


def with_page_data(articles):
    """`articles` with all their page reads: byline, stored page, its stamp; one query."""
    return with_stamp(articles.select_related("author__author_profile", "rendered"))


def stamp_key(article: Article) -> str:
    """The key a stored page of `article` (read through `with_stamp`) must have."""
    source = {
        "format": FORMAT_VERSION,
        "charts_format": chart_rendering.FORMAT_VERSION,
        "static": chart_rendering.static_digest(),
        "article": article.pk,
        "updated_at": article.updated_at,
        "published_at": article.published_at,
        **{name: getattr(article, name) for name in STAMP_FIELDS},
    }
    text = json.dumps(source, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def render_article(article: Article) -> RenderedArticle:
    """Render the article's body and figures now and store them (every write path)."""
    # The article as the page reads it, so the key is computed from the same figures.
    article = with_stamp(Article.objects.filter(pk=article.pk)).get()
    placements = article.placements.select_related(
        "chart__dataset", "chart__version", "chart__rendered"
    ).defer("chart__rendered__plotted")
    charts = [placement.chart for placement in placements]
    for chart in charts:
        chart_rendering.ensure_rendered(chart)
    body_html = render_to_string(
        "articles/includes/body.html",
        {"article": article, "blocks": render_blocks(article.body, charts)},
    )
    topics = [
        {"id": topic.pk, "name": topic.name, "url": topic.get_absolute_url()}
        for topic in article.topics.all()
    ]
    record, _ = RenderedArticle.objects.update_or_create(
        article=article,
        defaults={
            "key": stamp_key(article),
            "body_html": body_html,
            "topics": topics,
            "lead_alt": charts[0].spec.texts.alt if charts else "",
            # A page read from this record loads none of these: the page cache is told.
            # (The same tags as rendering loads, so the page's validators do not depend on
            # whether this request rendered it or read it.)
            "shows": sorted(
                {
                    cachetags.tag_for(shown)
                    for placement in placements
                    for shown in (
                        placement,
                        placement.chart,
                        placement.chart.dataset,
                        placement.chart.version,
                    )
                }
            ),
        },
    )
    return record


def render_articles(*, chart_ids=(), dataset_ids=()) -> int:
    """Render again every article showing one of these charts, or a chart of these datasets."""
    shown = Q(placements__chart__in=list(chart_ids)) | Q(
        placements__chart__dataset__in=list(dataset_ids)
    )
    articles = list(Article.objects.filter(shown).distinct())
    for article in articles:
        render_article(article)
    return len(articles)


def _stored(article: Article) -> RenderedArticle | None:
    try:
        return article.rendered
    except RenderedArticle.DoesNotExist:
        return None


def fresh_rendering(article: Article) -> RenderedArticle:
    """The article's stored page, rendered again first if it is missing or stale.

    `article` must come from `with_page_data` (or `with_stamp`); a reader's request
    for a page whose key matches costs no query here.
    """
    record = _stored(article)
    if record is None or record.key != stamp_key(article):
        record = render_article(article)
    cachetags.note(record.shows)
    return record


def page_context(record: RenderedArticle) -> dict:
    """What templates/articles/detail.html takes from a stored page."""
    body: SafeString = mark_safe(record.body_html)  # noqa: S308 (rendered by our templates)
    return {"body_html": body, "topics": record.topics, "lead_alt": record.lead_alt}
