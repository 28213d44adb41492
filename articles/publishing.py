"""The rules of publishing: the gate an article must pass, and who may release data.

Rules only: the writes that apply them (save, submit, publish, move charts to
newer data) are in articles/services.py. `publication_problems` is the one
rule for "may this go out"; the services check it, and the admin form asks it
early to show the list beside the fields. Publication time is applied at
query time (`visibility.articles()`), so a scheduled article, its charts
and their datasets appear together when the time comes, with no job to run.

Moving a published (or scheduled) article's charts to newer data publishes
that data, and so does placing another chart in it (adding one, or replacing
a placed one): both are a publisher's act. `may_release_data` is that one
rule; `may_move_data` asks it for a chart (the admin's actions, the chart
form), `may_place_charts` for an article (the article form's placements,
the article service).

The rule on downloads: a chart offers its data for download exactly when the
dataset may be redistributed (the chart template decides). So the gate refuses
a dataset that is marked redistributable under an "All rights reserved"
licence, and a link in the body to data that readers could not download.
"""

import re

from django.urls import reverse

from articles.models import Article, Status
from articles.permissions import can_publish
from articles.refusals import Problem
from charts.models import Chart
from chartweek import visibility
from datasets.models import Dataset, Licence


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
                Problem(
                    f"Chart “{chart}”: write its alt text, for readers who cannot see the chart.",
                    about=chart,
                )
            )
    datasets = list({chart.dataset_id: chart.dataset for chart in charts}.values())
    for dataset in datasets:
        problems.extend(_dataset_problems(dataset))
    problems.extend(_download_link_problems(article.body, datasets))
    return problems


def _dataset_problems(dataset):
    where = f"Dataset “{dataset}”"
    if not dataset.source_name.strip():
        yield Problem(f"{where}: name its source.", about=dataset)
    if not dataset.licence:
        yield Problem(f"{where}: choose its licence.", about=dataset)
    elif dataset.licence == Licence.OTHER and not dataset.attribution.strip():
        yield Problem(
            f"{where}: its licence is “Other”; say which licence in the attribution.",
            about=dataset,
        )
    if conflict := dataset.licence_conflict():
        yield Problem(f"{where}: {conflict}", about=dataset)


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
            yield Problem(
                f"The body links to the data of “{dataset}”, which may not be "
                "redistributed: remove the link.",
                about=dataset,
            )
        elif slug not in here and slug not in public:
            yield Problem(
                f"The body links to the data of “{dataset}”, which readers cannot see: "
                "place one of its charts in the article, or remove the link.",
                about=dataset,
            )


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
