"""The publication gate, and what publishing does and does not change."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles import publishing, revisions, services
from articles.management.commands.loaddemo import ARTICLE_SLUG
from articles.models import Article, Status
from charts.models import Chart
from datasets.models import Dataset, Licence
from tests.factories import (
    add_version,
    article_form,
    make_article,
    make_chart,
    make_dataset,
    make_publisher,
    post_change,
    run_action,
)

pytestmark = pytest.mark.django_db


def draft(**fields):
    fields.setdefault("charts", [make_chart()])
    return make_article(published=False, **fields)


def test_a_complete_article_has_no_problems():
    assert publishing.publication_problems(draft()) == []


def test_every_missing_piece_is_listed():
    dataset = make_dataset(title="Trade", licence=Licence.OTHER, attribution="")
    Dataset.objects.filter(pk=dataset.pk).update(source_name=" ")
    chart = make_chart(dataset=Dataset.objects.get(pk=dataset.pk), title="Exports")
    chart.spec.texts.alt = ""
    Chart.objects.filter(pk=chart.pk).update(spec=chart.spec)  # made outside a form
    article = make_article(published=False, standfirst=" ", charts=[Chart.objects.get(pk=chart.pk)])
    assert publishing.publication_problems(article) == [
        "Write a standfirst: a sentence or two under the headline.",
        "Chart “Exports”: write its alt text, for readers who cannot see the chart.",
        "Dataset “Trade”: name its source.",
        "Dataset “Trade”: its licence is “Other”; say which licence in the attribution.",
    ]


def test_an_article_without_a_chart_is_refused():
    assert publishing.publication_problems(draft(charts=[])) == [
        "Place at least one chart in the article."
    ]


def conflicting_dataset(**fields):
    """A dataset whose licence forbids the download it offers: the dataset form refuses
    that now, so it is written past the form, as data stored before the rule was."""
    dataset = make_dataset(**fields)
    Dataset.objects.filter(pk=dataset.pk).update(licence=Licence.ALL_RIGHTS_RESERVED)
    return Dataset.objects.get(pk=dataset.pk)


def test_a_dataset_offered_for_download_needs_a_licence_that_allows_it():
    dataset = conflicting_dataset(title="Prices")
    article = draft(charts=[make_chart(dataset=dataset)])
    [problem] = publishing.publication_problems(article)
    assert problem.startswith("Dataset “Prices”: Its licence is “All rights reserved”, yet")
    assert problem.about == dataset  # the admin links the problem to the dataset
    Dataset.objects.filter(pk=dataset.pk).update(redistributable=False)
    article = Article.objects.get(pk=article.pk)
    assert publishing.publication_problems(article) == []  # no download: nothing to refuse


def test_a_download_link_in_the_body_must_lead_to_data_readers_may_have():
    secret = make_dataset(title="Secret", slug="secret", redistributable=False)
    unplaced = make_dataset(title="Elsewhere", slug="elsewhere")
    url = reverse("datasets:download", args=["secret"])
    body = (
        f"[Get it]({url}) or [this](https://example.org{url.replace('secret', 'elsewhere')}) "
        f"or [gone]({url.replace('secret', 'gone')})"
    )
    problems = publishing.publication_problems(draft(body=body))
    assert problems == [
        "The body links to the data of “Secret”, which may not be redistributed: remove the link.",
        "The body links to the data of “Elsewhere”, which readers cannot see: place one of its "
        "charts in the article, or remove the link.",
        "The body links to the data of “gone”, and there is no such dataset.",
    ]
    make_article(charts=[make_chart(dataset=unplaced)])  # now public through another article
    assert len(publishing.publication_problems(draft(body=body))) == 2
    assert secret  # (used above through its slug)


def test_publish_refuses_with_the_list_and_changes_nothing():
    article = draft(charts=[])
    with pytest.raises(services.PublishRefused) as refused:
        services.publish_article(article=article, by=make_publisher())
    assert refused.value.problems == ["Place at least one chart in the article."]
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_publish_at_a_future_time_schedules():
    article = draft()
    when = timezone.now() + timedelta(days=1)
    services.publish_article(article=article, by=make_publisher(), at=when)
    article.refresh_from_db()
    assert (article.status, article.published_at, article.state) == (
        Status.PUBLISHED,
        when,
        "Scheduled",
    )


def test_publishing_clears_the_submission_and_keeps_a_revision():
    article = draft()
    services.submit_article(article=article, by=article.author)
    assert Article.objects.get(pk=article.pk).state == "Waiting for a publisher"
    services.publish_article(article=article, by=make_publisher())
    article.refresh_from_db()
    assert article.submitted_at is None
    assert article.state == "Published"
    assert [r.note for r in revisions.history(article)] == [
        "Published",
        "Submitted for publication",
    ]


def test_publishing_does_not_move_a_chart_to_newer_data():
    chart = make_chart()
    add_version(chart.dataset, b"country,papers\nChina,1\n")
    article = draft(charts=[Chart.objects.get(pk=chart.pk)])
    services.publish_article(article=article, by=make_publisher())
    chart.refresh_from_db()
    assert chart.version.number == 1


def test_the_form_refuses_to_publish_and_lists_the_problems(publisher_client, publisher):
    response = publisher_client.post(
        reverse("admin:articles_article_add"), article_form(publisher, status="published")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Not saved: a published article must pass these first." in html
    assert "Place at least one chart in the article." in html
    assert not Article.objects.exists()


def test_the_form_checks_the_charts_being_saved_not_the_old_ones(publisher_client):
    article = make_article(charts=[make_chart()])  # published
    data = {"placements-0-DELETE": "on"}
    response = post_change(publisher_client, article, **data)
    assert "Place at least one chart in the article." in response.content.decode()
    assert article.placements.count() == 1


def test_an_editor_may_not_break_a_published_article_either(editor_client):
    article = make_article(charts=[make_chart()])
    response = post_change(editor_client, article, **{"placements-0-DELETE": "on"})
    assert "Place at least one chart in the article." in response.content.decode()
    assert article.placements.count() == 1


def test_the_publish_action_reports_each_refusal(publisher_client):
    ready, empty = draft(title="Ready"), draft(title="Empty", charts=[])
    response = run_action(publisher_client, "publish_now", ready, empty)
    html = publisher_client.get(response.url).content.decode()
    assert "Published 1 article(s)." in html
    assert "“Empty” was not published. Fix these first:" in html
    assert "<li>Place at least one chart in the article.</li>" in html
    assert list(Article.objects.published()) == [Article.objects.get(title="Ready")]


def test_submitting_is_refused_with_the_list_then_accepted(editor_client):
    dataset = conflicting_dataset(title="Prices <b>&")
    article = draft(charts=[make_chart(dataset=dataset)])
    response = run_action(editor_client, "submit_for_publication", article)
    html = editor_client.get(response.url).content.decode()
    assert "was not submitted. Fix these first:" in html
    assert "yet readers would be offered its data" in html
    # Each problem links to what to open to fix it; the editor's title stays text.
    change = reverse("admin:datasets_dataset_change", args=[dataset.pk])
    assert f'<a href="{change}">Open “Prices &lt;b&gt;&amp;”</a>' in html
    assert "<b>&" not in html
    Dataset.objects.filter(pk=dataset.pk).update(licence=Licence.CC0)
    run_action(editor_client, "submit_for_publication", article)
    article.refresh_from_db()
    assert article.state == "Waiting for a publisher"
    listed = editor_client.get(reverse("admin:articles_article_changelist"), {"state": "submitted"})
    assert list(listed.context["cl"].result_list) == [article]


def test_the_change_page_shows_the_checklist(editor_client):
    article = draft(charts=[])
    html = editor_client.get(
        reverse("admin:articles_article_change", args=[article.pk])
    ).content.decode()
    assert "Not yet:" in html
    assert "Place at least one chart in the article." in html


def test_the_demo_passes_the_gate():
    call_command("loaddemo")
    assert publishing.publication_problems(Article.objects.get(slug=ARTICLE_SLUG)) == []
