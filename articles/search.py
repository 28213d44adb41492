"""Site search: PostgreSQL full-text search where we have it, a plain match elsewhere.

`search(queryset, query, weights=..., headline_field=...)` filters any published
queryset (articles, datasets) to the rows matching a reader's words and orders
them best first; `add_headlines` then gives each row of a page `headline`: safe
HTML, a passage of `headline_field` with the matched words in <mark>.

On PostgreSQL: a weighted tsvector (weights A to D per field), websearch syntax
("quoted phrases", -excluded words, or), ts_rank for the order and ts_headline
for the passage. On SQLite (a checkout with no server): every word must appear
in some field (icontains), matches in the first-weighted field first.
"""

import re
from functools import reduce
from operator import add, or_

from django.db import connection
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.html import escape
from django.utils.safestring import mark_safe

# The site is written in English: stemming and stop words follow.
CONFIG = "english"
MAX_QUERY_LENGTH = 200
# Characters no editor types: they mark matches inside text until it is escaped.
_START, _STOP = "\ue000", "\ue001"
# Markdown that reads as noise in a passage: chart markers, heading and quote marks,
# emphasis stars, code ticks.
_MARKDOWN_NOISE = re.compile(r"\[chart \d+\]|^\s*#+\s+|^\s*>\s?|\*{1,2}|`", re.I | re.M)
HEADLINE_WORDS = 35


def clean_query(query):
    return " ".join((query or "").split())[:MAX_QUERY_LENGTH]


def search(queryset, query, *, weights, headline_field):
    query = clean_query(query)
    if not query:
        return queryset.none()
    if connection.vendor == "postgresql":
        return _postgres(queryset, query, weights, headline_field)
    return _simple(queryset, query, weights, headline_field)


def _postgres(queryset, query, weights, headline_field):
    from django.contrib.postgres.search import (
        SearchHeadline,
        SearchQuery,
        SearchRank,
        SearchVector,
    )

    vector = reduce(
        add, (SearchVector(field, weight=w, config=CONFIG) for field, w in weights.items())
    )
    terms = SearchQuery(query, search_type="websearch", config=CONFIG)
    headline = SearchHeadline(
        headline_field,
        terms,
        config=CONFIG,
        start_sel=_START,
        stop_sel=_STOP,
        max_words=HEADLINE_WORDS,
        min_words=15,
    )
    return (
        queryset.annotate(document=vector, rank=SearchRank(vector, terms), raw_headline=headline)
        .filter(document=terms)
        .order_by("-rank", "-pk")
    )


def _simple(queryset, query, weights, headline_field):
    words = query.split()
    fields = list(weights)
    for word in words:
        queryset = queryset.filter(reduce(or_, (Q(**{f"{f}__icontains": word}) for f in fields)))
    first = fields[0]
    in_first = reduce(or_, (Q(**{f"{first}__icontains": word}) for word in words))
    return queryset.annotate(
        rank=Case(When(in_first, then=Value(1)), default=Value(0), output_field=IntegerField())
    ).order_by("-rank", "-pk")


def highlight(text, words, *, length=HEADLINE_WORDS):
    """A passage of `text` around the first of `words`, with each match in <mark>."""
    tokens = _MARKDOWN_NOISE.sub("", text or "").split()
    if not words:
        return escape(" ".join(tokens[:length]))
    lowered = [w.lower() for w in words]
    first = next((i for i, t in enumerate(tokens) if any(w in t.lower() for w in lowered)), 0)
    start = max(0, first - length // 3)
    passage = " ".join(tokens[start : start + length])
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    marked = pattern.sub(lambda m: f"{_START}{m.group(0)}{_STOP}", passage)
    return _marks_to_html(marked)


def add_headlines(rows, query, *, field):
    """Give each found row `headline`: safe HTML, its passage with the matches marked."""
    words = clean_query(query).split()
    for row in rows:
        raw = getattr(row, "raw_headline", None)
        if raw is not None:  # PostgreSQL's ts_headline chose and marked the passage
            row.headline = _marks_to_html(_MARKDOWN_NOISE.sub("", raw))
        else:
            row.headline = highlight(getattr(row, field), words)
    return rows


def _marks_to_html(marked):
    html = escape(marked).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 (escaped just above; only our <mark> tags added)
