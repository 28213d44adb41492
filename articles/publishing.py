"""Publishing an article: the gate it must pass, and the moves between states.

`publication_problems` is the one rule for "may this go out"; the admin form,
the admin actions and the API all use it (through `publish`, or directly when
a form is about to save a published article). Publication time is applied at
query time (`visibility.articles()`), so a scheduled article, its charts
and their datasets appear together when the time comes, with no job to run.

Moving a published (or scheduled) article's charts to newer data publishes
that data, and so does placing another chart in it (adding one, or replacing
a placed one): both are a publisher's act. `may_release_data` is that one
rule; `may_move_data` asks it for a chart (the admin's actions, the chart
form), `may_place_charts` for an article (the article form's placements,
`save_article`).

The rule on downloads: a chart offers its data for download exactly when the
dataset may be redistributed (the chart template decides). So the gate refuses
a dataset that is marked redistributable under an "All rights reserved"
licence, and a link in the body to data that readers could not download.
"""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from articles import revisions
from articles.models import Article, ArticleChart, ArticleRedirect, Status
from articles.permissions import can_publish
from charts.models import Chart
from chartweek import visibility
from datasets.models import Dataset, Licence


class PublicationRefused(Exception):
    """The article is not ready: `problems` says what to fix, one line each."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("; ".join(problems))


def publication_problems(article, *, charts=None) -> list[str]:
    """What stops `article` going out, in words an editor can act on; empty when ready.

    `charts` are the charts it will carry, in order; by default the ones placed
    now (a form passes the ones it is about to save).
    """
    if charts is None:
        placed = article.placements.select_related("chart__dataset") if article.pk else []
        charts = [p.chart for p in placed]
    problems = []
    if not article.standfirst.strip():
        problems.append("Write a standfirst: a sentence or two under the headline.")
    if not charts:
        problems.append("Place at least one chart in the article.")
    for chart in charts:
        if not chart.spec.texts.alt.strip():
            problems.append(
                f"Chart “{chart}”: write its alt text, for readers who cannot see the chart."
            )
    datasets = list({chart.dataset_id: chart.dataset for chart in charts}.values())
    for dataset in datasets:
        problems.extend(_dataset_problems(dataset))
    problems.extend(_download_link_problems(article.body, datasets))
    return problems


def _dataset_problems(dataset):
    where = f"Dataset “{dataset}”"
    if not dataset.source_name.strip():
        yield f"{where}: name its source."
    if not dataset.licence:
        yield f"{where}: choose its licence."
    elif dataset.licence == Licence.OTHER and not dataset.attribution.strip():
        yield f"{where}: its licence is “Other”; say which licence in the attribution."
    if dataset.redistributable and dataset.licence == Licence.ALL_RIGHTS_RESERVED:
        yield (
            f"{where} would be offered for download, but its licence is “All rights "
            "reserved”: correct the licence, or untick “may be redistributed” (its charts "
            "then offer no download and point readers to the source)."
        )


def _download_link_problems(body, datasets):
    sample = reverse("datasets:download", kwargs={"slug": "SLUG"})
    before, after = sample.split("SLUG")
    slugs = dict.fromkeys(re.findall(re.escape(before) + r"([-\w]+)" + re.escape(after), body))
    if not slugs:
        return
    here = {d.slug: d for d in datasets}
    public = set(visibility.datasets().filter(slug__in=slugs).values_list("slug", flat=True))
    linked = {d.slug: d for d in Dataset.objects.filter(slug__in=slugs)} | here
    for slug in slugs:
        dataset = linked.get(slug)
        if dataset is None:
            yield f"The body links to the data of “{slug}”, and there is no such dataset."
        elif not dataset.redistributable:
            yield (
                f"The body links to the data of “{dataset}”, which may not be "
                "redistributed: remove the link."
            )
        elif slug not in here and slug not in public:
            yield (
                f"The body links to the data of “{dataset}”, which readers cannot see: "
                "place one of its charts in the article, or remove the link."
            )


@transaction.atomic
def save_article(article, *, by, charts=None, note=""):
    """Save `article` with all that goes with a save; for code other than the admin form.

    The API (and restoring a revision) call this rather than `article.save()`:
    it refuses a change of status or publication time from someone who may not
    publish, passes the gate when the article is (or stays) published, dates a
    changed correction, replaces the placed charts when `charts` is given (in
    order), keeps the old address of a renamed article readers have seen, and
    records a revision. Returns that revision (None when nothing changed).
    """
    before = Article.objects.filter(pk=article.pk).first() if article.pk else None
    if charts is not None and before is not None:
        placed = set(before.placements.values_list("chart_id", flat=True))
        added = [chart for chart in charts if chart.pk not in placed]
        if added and not may_place_charts(before, by=by):
            raise PermissionDenied(placement_refusal(before, added))
    was = (before.status, before.published_at) if before else (Status.DRAFT, None)
    if (article.status, article.published_at) != was:
        _require_publisher(by)
        if article.status == Status.PUBLISHED:
            article.publish(at=article.published_at)
    published = article.status == Status.PUBLISHED
    if published and (problems := publication_problems(article, charts=charts)):
        raise PublicationRefused(problems)
    if article.correction != (before.correction if before else ""):
        article.stamp_correction()
    article.save()
    if charts is not None:
        article.placements.all().delete()
        ArticleChart.objects.bulk_create(
            ArticleChart(article=article, chart=chart, position=position)
            for position, chart in enumerate(charts, start=1)
        )
    ArticleRedirect.objects.follow_slug(article, old_slug=before.slug if before else None)
    return revisions.record(article, by=by, note=note)


def _require_publisher(user):
    if not can_publish(user):
        raise PermissionDenied("Only a publisher can publish, schedule or unpublish.")


@transaction.atomic
def publish(article, *, by, at=None):
    """Publish now, or at `at` (a future time schedules it). Refused unless the gate passes.

    Idempotent: "publish now" on an article that is already public (a form sent
    twice, two publishers at once) does nothing and returns None; the row is
    locked while this is decided, so only one of two concurrent calls publishes.
    """
    _require_publisher(by)
    current = Article.objects.select_for_update().filter(pk=article.pk).first()
    if current is not None and at is None and current.is_public:
        article.refresh_from_db()
        return None
    if problems := publication_problems(article):
        raise PublicationRefused(problems)
    article.publish(at=at)
    article.save()
    note = "Published" if article.is_public else "Scheduled"
    revisions.record(article, by=by, note=note)
    return article


@transaction.atomic
def unpublish(article, *, by):
    """Back to a draft: hidden from readers at once, with its charts and their datasets."""
    _require_publisher(by)
    article.status = Status.DRAFT
    article.save()
    revisions.record(article, by=by, note="Unpublished")
    return article


@transaction.atomic
def submit(article, *, by):
    """An editor asks a publisher to publish: refused, with the list, unless the gate passes."""
    if problems := publication_problems(article):
        raise PublicationRefused(problems)
    article.submitted_at, article.submitted_by = timezone.now(), by
    article.save()
    revisions.record(article, by=by, note="Submitted for publication")
    return article


def may_release_data(articles, *, by) -> bool:
    """May `by` change the data readers of `articles` (a queryset) see? Not an editor,
    once one of them is published or scheduled: readers would see data no publisher
    released. The one rule behind `may_move_data` and `may_place_charts`."""
    return can_publish(by) or not articles.filter(status=Status.PUBLISHED).exists()


def may_move_data(chart: Chart, *, by) -> bool:
    """May `by` make `chart` draw other data?"""
    if chart.pk is None:
        return True
    return may_release_data(Article.objects.filter(placements__chart=chart), by=by)


def may_place_charts(article: Article, *, by) -> bool:
    """May `by` add a chart to `article` (or replace a placed one), as it is stored?"""
    if article.pk is None:
        return True
    return may_release_data(Article.objects.filter(pk=article.pk), by=by)


def placement_refusal(article: Article, charts) -> str:
    names = ", ".join(f"“{chart}”" for chart in charts)
    return (
        f"“{article}” is published or scheduled: placing {names} in it publishes "
        "that data, so only a publisher can do it. Your other changes are kept here; "
        "save again without it, or ask a publisher."
    )


def move_refusal(chart: Chart) -> str:
    return (
        f"“{chart}” is in a published or scheduled article: moving it to other data "
        "publishes that data, so only a publisher can do it."
    )


@transaction.atomic
def move_to_latest_data(charts, *, by) -> tuple[int, list[str]]:
    """Move each chart to its dataset's latest data, keeping a revision of each move.

    Returns how many moved and, for each chart left where it was, why: the new
    data lacks a column it plots, or it is in a published article and `by` may
    not publish. A chart already on the latest data is left quietly.
    """
    moved, refused = 0, []
    for chart in charts:
        latest = chart.dataset.current_version
        if latest is None or chart.version_id == latest.pk:
            continue
        if not may_move_data(chart, by=by):
            refused.append(move_refusal(chart))
            continue
        chart.version = latest
        try:
            chart.full_clean()
        except ValidationError as exc:  # the new data lacks a plotted column
            refused.append(f"“{chart}”: {'; '.join(exc.messages)}")
            continue
        chart.save(update_fields=["version", "updated_at"])
        revisions.record(chart, by=by, note=f"Moved to data version {latest.number}")
        moved += 1
    return moved, refused
