"""The editorial workflow's writes: one function per operation, for admin, API and commands.

Save an article with its charts, submit it, publish, schedule or unpublish it,
restore a revision, move charts to their dataset's latest data. Each is
keyword-only and runs in one transaction: it checks the rules
(articles/publishing.py), writes, keeps a revision, and arranges the side
effects that touch files or the cache (the share image, the page cache) for
after the commit, so a refused or failed operation leaves nothing behind.
Refusals are the exceptions of articles/refusals.py; the admin shows their
problems as messages, the API as 400/403 answers.
"""

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from articles import publishing, rendering, revisions
from articles.models import Article, ArticleChart, ArticleRedirect, Author, Status, Topic
from articles.permissions import can_publish
from articles.records import Revision
from articles.refusals import NotAllowed, PublishRefused, Refused
from articles.share import refresh_share_image
from charts.models import Chart
from charts.rendering import render_chart

__all__ = [
    "MoveResult",
    "NotAllowed",
    "PublishRefused",
    "Refused",
    "charts_changed",
    "check_article",
    "move_charts_to_latest_data",
    "publish_article",
    "redraw_share_images",
    "register_revisions",
    "restore_revision",
    "save_article",
    "schedule_article",
    "submit_article",
    "unpublish_article",
]

logger = logging.getLogger(__name__)

Warn = Callable[[str], None]  # told of a problem that does not undo the operation
SHARE_IMAGE_FAILED = (
    "The article is saved, but its share image could not be made; "
    "links to it will show no picture. Save again to retry."
)
PUBLISHERS_ONLY = "Only a publisher can publish, schedule or unpublish."


# -- side effects, after the commit ----------------------------------------------------------


def redraw_share_images(*, article_ids: Iterable[int], warn: Warn | None = None) -> None:
    """After the commit, draw the share image of each of these articles still published.

    The one place the workflow asks for share images (the drawing is articles/share.py's).
    After the commit, so a rolled-back save never leaves a picture behind, and the
    picture is drawn from what was committed. A failure keeps the saved article.
    """
    ids = list(dict.fromkeys(article_ids))
    if not ids:
        return

    def draw():
        for article in Article.objects.filter(pk__in=ids, status=Status.PUBLISHED):
            try:
                refresh_share_image(article=article)
            except Exception:
                logger.exception("Share image for article %s failed", article.pk)
                if warn is not None:
                    warn(SHARE_IMAGE_FAILED)

    transaction.on_commit(draw)


# -- saving an article -----------------------------------------------------------------------


def _stored(article: Article, *, lock: bool = False) -> Article | None:
    if article.pk is None:
        return None
    rows = Article.objects.filter(pk=article.pk)
    return (rows.select_for_update() if lock else rows).first()


def _require_publisher(user) -> None:
    if not can_publish(user):
        raise NotAllowed(PUBLISHERS_ONLY)


def _check(article, *, before, by, charts) -> bool:
    """Refuse what the save may not do; returns whether publication (status, time) changes."""
    if charts is not None:
        if len({chart.pk for chart in charts}) != len(charts):
            raise Refused("A chart is placed in the article twice: place it once.")
        if before is not None:
            placed = set(before.placements.values_list("chart_id", flat=True))
            added = [chart for chart in charts if chart.pk not in placed]
            if added and not publishing.may_place_charts(before, by=by):
                raise NotAllowed(publishing.placement_refusal(before, added))
    was = (before.status, before.published_at) if before else (Status.DRAFT, None)
    changed = (article.status, article.published_at) != was
    if changed:
        _require_publisher(by)
    published = article.status == Status.PUBLISHED
    if published and (problems := publishing.publication_problems(article, charts=charts)):
        raise PublishRefused(problems)
    return changed


def check_article(*, article: Article, by, charts: Sequence[Chart] | None = None) -> None:
    """Raise what `save_article` would refuse (Refused and its kinds); writes nothing.

    The admin form asks this before saving, to show a refusal beside the fields.
    """
    _check(article, before=_stored(article), by=by, charts=charts)


def _place(article: Article, charts: Sequence[Chart]) -> None:
    """Make the article's placed charts exactly `charts`, in order (positions 1, 2 …)."""
    wanted = {chart.pk: position for position, chart in enumerate(charts, start=1)}
    article.placements.exclude(chart_id__in=wanted).delete()
    current = {p.chart_id: p for p in article.placements.all()}
    for chart_id, placement in current.items():
        if placement.position != wanted[chart_id]:
            placement.position = wanted[chart_id]
            placement.save(update_fields=["position"])
    ArticleChart.objects.bulk_create(
        ArticleChart(article=article, chart_id=chart_id, position=position)
        for chart_id, position in wanted.items()
        if chart_id not in current
    )


@transaction.atomic
def save_article(
    *,
    article: Article,
    by,
    charts: Sequence[Chart] | None = None,
    topics: Iterable[Topic] | None = None,
    note: str = "",
    warn: Warn | None = None,
) -> Revision | None:
    """Save `article` (new or changed) with all that goes with a save.

    Refuses a change of status or publication time from someone who may not
    publish (NotAllowed), charts placed in a published article by someone who
    may not release their data (NotAllowed), and a published article that does
    not pass the gate (PublishRefused). Dates a changed correction, replaces
    the placed charts when `charts` is given (in order) and the topics when
    `topics` is, keeps the old address of a renamed article, records a
    revision and, when published, redraws the share image after the commit.
    Returns the revision (None when nothing changed).
    """
    before = _stored(article, lock=True)
    if _check(article, before=before, by=by, charts=charts) and article.status == Status.PUBLISHED:
        article.publish(at=article.published_at)
    if article.created_by_id is None and getattr(by, "is_authenticated", False):
        article.created_by = by
    if article.correction != (before.correction if before else ""):
        article.stamp_correction()
    article.save()
    if topics is not None:
        article.topics.set(topics)
    if charts is not None:
        _place(article, charts)
    ArticleRedirect.objects.follow_slug(article, old_slug=before.slug if before else None)
    Author.objects.for_user(article.author)
    revision = revisions.record(article, by=by, note=note)
    rendering.render_article(article)
    if article.status == Status.PUBLISHED:
        redraw_share_images(article_ids=[article.pk], warn=warn)
    return revision


# -- moving between states -------------------------------------------------------------------


@transaction.atomic
def submit_article(*, article: Article, by) -> Article:
    """An editor asks a publisher to publish: PublishRefused, with the list, unless it is ready."""
    if problems := publishing.publication_problems(article):
        raise PublishRefused(problems)
    article.submitted_at, article.submitted_by = timezone.now(), by
    article.save()
    revisions.record(article, by=by, note="Submitted for publication")
    return article


@transaction.atomic
def publish_article(
    *, article: Article, by, at: datetime | None = None, warn: Warn | None = None
) -> Article | None:
    """Publish now, or at `at` (a future time schedules it); refused unless the gate passes.

    Idempotent: "publish now" on an article that is already public (a form sent
    twice, two publishers at once) does nothing and returns None; the row is
    locked while this is decided, so only one of two concurrent calls publishes.
    """
    _require_publisher(by)
    current = _stored(article, lock=True)
    if current is not None and at is None and current.is_public:
        article.refresh_from_db()
        return None
    if problems := publishing.publication_problems(article):
        raise PublishRefused(problems)
    article.publish(at=at)
    article.save()
    Author.objects.for_user(article.author)
    revisions.record(article, by=by, note="Published" if article.is_public else "Scheduled")
    rendering.render_article(article)
    redraw_share_images(article_ids=[article.pk], warn=warn)
    return article


def schedule_article(
    *, article: Article, by, at: datetime, warn: Warn | None = None
) -> Article | None:
    """Publish at a future time `at`: readers see it (and its data) when the time comes."""
    if at <= timezone.now():
        raise Refused("Choose a time in the future to schedule it, or publish it now.")
    return publish_article(article=article, by=by, at=at, warn=warn)


@transaction.atomic
def unpublish_article(*, article: Article, by) -> Article:
    """Back to a draft: hidden from readers at once, with its charts and their datasets."""
    _require_publisher(by)
    article.status = Status.DRAFT
    article.save()
    revisions.record(article, by=by, note="Unpublished")
    rendering.render_article(article)
    return article


# -- charts and data -------------------------------------------------------------------------


def charts_changed(*, chart_ids: Iterable[int] = (), dataset_ids: Iterable[int] = ()) -> None:
    """After a chart or a dataset changed: its charts' fragments and every page showing
    them rendered again now (articles/rendering.py), for the admin, the API and commands."""
    chart_ids, dataset_ids = list(chart_ids), list(dataset_ids)
    charts = Chart.objects.filter(pk__in=chart_ids).select_related("dataset", "version")
    for chart in charts:
        render_chart(chart)
    rendering.render_articles(chart_ids=chart_ids, dataset_ids=dataset_ids)


@dataclass
class MoveResult:
    moved: int = 0
    refused: list[str] = field(default_factory=list)  # why each chart left behind stayed


def _published_articles_with(chart_ids: Iterable[int]) -> list[int]:
    rows = Article.objects.filter(placements__chart__in=list(chart_ids), status=Status.PUBLISHED)
    return list(rows.values_list("pk", flat=True).distinct())


@transaction.atomic
def move_charts_to_latest_data(*, charts: Iterable[Chart], by) -> MoveResult:
    """Move each chart to its dataset's latest data, keeping a revision of each move.

    A chart in a published or scheduled article is moved only by someone who may
    release its data (publishing.may_move_data, the one rule); a chart the new
    data lacks a plotted column for stays. Each refusal is a line of the result;
    a chart already on the latest data is left quietly. The share images of
    published articles carrying a moved chart are redrawn after the commit.
    """
    result, moved = MoveResult(), []
    for chart in charts:
        latest = chart.dataset.current_version
        if latest is None or chart.version_id == latest.pk:
            continue
        if not publishing.may_move_data(chart, by=by):
            result.refused.append(publishing.move_refusal(chart))
            continue
        chart.version = latest
        try:
            chart.full_clean()
        except ValidationError as exc:  # the new data lacks a plotted column
            result.refused.append(f"“{chart}”: {'; '.join(exc.messages)}")
            continue
        chart.save(update_fields=["version", "updated_at"])
        revisions.record(chart, by=by, note=f"Moved to data version {latest.number}")
        moved.append(chart.pk)
    result.moved = len(moved)
    if moved:
        charts_changed(chart_ids=moved)
        redraw_share_images(article_ids=_published_articles_with(moved))
    return result


# -- revisions -------------------------------------------------------------------------------


def restore_revision(*, revision: Revision, by) -> Revision | None:
    """Bring an article or chart back to `revision`, as a new revision.

    Through the same save as any other (an article's checks, revision, share
    image); RestoreRefused (articles/refusals.py) says why not, and nothing changes.
    """
    return revisions.restore(revision, by=by)


def _restore_article(article, *, by, note, charts):
    return save_article(article=article, by=by, charts=charts, note=note)


def _restore_chart(chart, *, by, note):
    stored = Chart.objects.filter(pk=chart.pk).values_list("version_id", flat=True).first()
    if chart.version_id != stored and not publishing.may_move_data(chart, by=by):
        raise NotAllowed(publishing.move_refusal(chart))
    chart.save()
    revision = revisions.record(chart, by=by, note=note)
    charts_changed(chart_ids=[chart.pk])
    redraw_share_images(article_ids=_published_articles_with([chart.pk]))
    return revision


def _placed_charts(article):
    placements = article.placements.select_related("chart")
    return [
        {"chart": p.chart_id, "position": p.position, "title": str(p.chart)} for p in placements
    ]


def _charts_text(placements):
    return "\n".join(f"{p['position']}. {p['title']}" for p in placements or [])


def _restorable_charts(placements, problems):
    found = Chart.objects.select_related("dataset").in_bulk([p["chart"] for p in placements])
    charts = []
    for placement in sorted(placements, key=lambda p: p["position"]):
        chart = found.get(placement["chart"])
        if chart is None:
            problems.append(f"Its chart “{placement['title']}” no longer exists.")
        else:
            charts.append(chart)
    return charts


def register_revisions() -> None:
    """Tell revisions about articles (their charts; publication stays) and charts."""
    charts = revisions.Part(
        label="charts", read=_placed_charts, text=_charts_text, restore=_restorable_charts
    )
    revisions.register(
        Article,
        parts={"charts": charts},
        # Restoring brings back words and charts; publication stays a publisher's act.
        kept=frozenset({"status", "published_at"}),
        save=_restore_article,
    )
    revisions.register(Chart, save=_restore_chart)
