"""Placing a chart in a published (or scheduled) article, or putting another in a
placement's place, publishes that chart's data: publishers only, as moving data is."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import services
from tests.factories import change_form, make_article, make_chart, make_editor, make_publisher

pytestmark = pytest.mark.django_db

REFUSAL = "placing “Hidden figures” in it publishes that data, so only a publisher can do it"


def story(**fields):
    return make_article(charts=[make_chart(title="On show")], **fields)


def post(client, article, data):
    return client.post(reverse("admin:articles_article_change", args=[article.pk]), data)


def with_added_chart(article, chart, **fields):
    data = change_form(article, **fields)
    data["placements-TOTAL_FORMS"] = "2"
    data["placements-1-position"] = "2"
    data["placements-1-chart"] = str(chart.pk)
    return data


def placed(article):
    return [p.chart.title for p in article.placements.order_by("position")]


@pytest.mark.parametrize("when", ["published", "scheduled"])
def test_an_editor_adding_a_chart_is_refused_and_keeps_the_other_edits(client, when):
    later = {"published_at": timezone.now() + timedelta(days=1)} if when == "scheduled" else {}
    article = story(**later)
    client.force_login(make_editor())
    hidden = make_chart(title="Hidden figures")
    response = post(client, article, with_added_chart(article, hidden, title="A new headline"))
    assert response.status_code == 200
    html = response.content.decode()
    assert REFUSAL in html
    assert 'value="A new headline"' in html  # the form comes back with the editor's edits
    article.refresh_from_db()
    assert placed(article) == ["On show"]
    assert article.title != "A new headline"


def test_an_editor_replacing_a_placed_chart_is_refused(client):
    article = story()
    client.force_login(make_editor())
    data = change_form(article)
    data["placements-0-chart"] = str(make_chart(title="Hidden figures").pk)
    response = post(client, article, data)
    assert REFUSAL in response.content.decode()
    assert placed(article) == ["On show"]


def test_a_publisher_adds_a_chart_and_readers_see_it(client):
    article = story()
    client.force_login(make_publisher())
    hidden = make_chart(title="Hidden figures")
    response = post(client, article, with_added_chart(article, hidden))
    assert response.status_code == 302
    assert placed(article) == ["On show", "Hidden figures"]
    assert "Hidden figures" in Client().get(article.get_absolute_url()).content.decode()


def test_an_editor_still_places_charts_in_a_draft(client):
    article = story(published=False)
    client.force_login(make_editor())
    response = post(client, article, with_added_chart(article, make_chart(title="Another")))
    assert response.status_code == 302
    assert placed(article) == ["On show", "Another"]


def test_an_editor_still_edits_a_published_articles_text_and_order(client):
    article = story()
    client.force_login(make_editor())
    response = post(client, article, change_form(article, title="A better headline"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "A better headline"


def test_save_article_holds_the_same_rule_for_the_api():
    article = story()
    hidden = make_chart(title="Hidden figures")
    charts = [p.chart for p in article.placements.all()] + [hidden]
    with pytest.raises(PermissionDenied, match="only a publisher"):
        services.save_article(article=article, by=make_editor(), charts=charts)
    assert placed(article) == ["On show"]
    services.save_article(article=article, by=make_publisher(), charts=charts)
    assert placed(article) == ["On show", "Hidden figures"]
