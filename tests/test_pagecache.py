"""Readers' pages are cached, and a change shows on the very next request."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from chartweek.pagecache import content_changed
from tests.factories import add_version, make_article, make_chart

pytestmark = pytest.mark.django_db


def page(url):
    response = Client().get(url)
    return response.status_code, response.content.decode()


def test_a_second_request_is_served_from_the_cache(django_assert_num_queries):
    article = make_article(title="Cached")
    Client().get(article.get_absolute_url())
    with django_assert_num_queries(0):
        response = Client().get(article.get_absolute_url())
    assert "Cached" in response.content.decode()
    assert "public" in response["Cache-Control"]
    assert "s-maxage=60" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]  # browsers revalidate: 304 or the news
    assert response["ETag"]
    assert response["Last-Modified"]


def test_conditional_request_gets_304():
    article = make_article()
    first = Client().get(article.get_absolute_url())
    again = Client().get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""


def test_an_edit_shows_on_the_next_request(editor_client):
    article = make_article(title="Before")
    assert "Before" in page(article.get_absolute_url())[1]
    article.title = "After"
    article.save()
    assert "After" in page(article.get_absolute_url())[1]
    assert "After" in page(reverse("articles:home"))[1]


def test_publishing_and_unpublishing_through_the_admin_show_at_once(publisher_client):
    draft = make_article(title="Fresh draft", published=False, charts=[make_chart()])
    assert page(draft.get_absolute_url())[0] == 404
    changelist = reverse("admin:articles_article_changelist")
    publisher_client.post(changelist, {"action": "publish_now", "_selected_action": [draft.pk]})
    assert page(draft.get_absolute_url())[0] == 200
    assert "Fresh draft" in page(reverse("articles:home"))[1]
    publisher_client.post(changelist, {"action": "unpublish", "_selected_action": [draft.pk]})
    assert page(draft.get_absolute_url())[0] == 404
    assert "Fresh draft" not in page(reverse("articles:home"))[1]
    assert "Fresh draft" not in page(reverse("articles:feed"))[1]


def test_new_data_shows_once_the_chart_moves_to_it():
    chart = make_chart()
    article = make_article(charts=[chart])
    assert "9,660" in page(article.get_absolute_url())[1]
    version = add_version(chart.dataset, b"country,papers,share\nUnited States,12345,0.5\n")
    assert "9,660" in page(article.get_absolute_url())[1]  # the chart keeps its version
    chart.version = version
    chart.save()
    assert "12,345" in page(article.get_absolute_url())[1]


def test_a_scheduled_article_appears_when_its_time_comes_with_no_job(monkeypatch):
    soon = timezone.now() + timedelta(minutes=5)
    article = make_article(title="Embargoed", published_at=soon)
    make_article(title="Already out")
    assert page(article.get_absolute_url())[0] == 404
    assert "Embargoed" not in page(reverse("articles:home"))[1]

    later = soon + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert page(article.get_absolute_url())[0] == 200
    assert "Embargoed" in page(reverse("articles:home"))[1]
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_editors_never_get_a_cached_page(editor_client):
    draft = make_article(title="Secret", published=False)
    assert page(draft.get_absolute_url())[0] == 404  # a reader's 404 is cached
    response = editor_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Secret" in response.content.decode()


# -- precise invalidation ---------------------------------------------------------------------


def test_an_edit_to_one_article_leaves_other_articles_pages_cached(django_assert_num_queries):
    edited = make_article(title="Edited later")
    # Newer articles: the related box of the last shows the three before it, not `edited`.
    others = [make_article(title=f"Other {n}") for n in range(4)]
    for article in [edited, *others]:
        Client().get(article.get_absolute_url())
    edited.title = "Edited now"
    edited.save()
    with django_assert_num_queries(0):
        cached = Client().get(others[-1].get_absolute_url())
    assert "Other 3" in cached.content.decode()
    assert "Edited now" in page(edited.get_absolute_url())[1]
    assert "Edited now" in page(reverse("articles:home"))[1]  # the list shows it


def test_a_page_showing_the_edited_article_in_its_related_box_is_refreshed():
    older = make_article(title="Older")
    newer = make_article(title="Newer")
    assert "Older" in page(newer.get_absolute_url())[1]
    older.title = "Older, retitled"
    older.save()
    assert "Older, retitled" in page(newer.get_absolute_url())[1]


def test_a_chart_change_refreshes_the_articles_that_draw_it_only(django_assert_num_queries):
    chart = make_chart(title="Chart before")
    drawing = make_article(charts=[chart])
    others = [make_article() for _ in range(4)]
    for article in [drawing, *others]:
        Client().get(article.get_absolute_url())
    chart.title = "Chart after"
    chart.save()
    assert "Chart after" in page(drawing.get_absolute_url())[1]
    with django_assert_num_queries(0):
        Client().get(others[-1].get_absolute_url())


def test_an_editors_draft_saves_leave_every_readers_page_cached(django_assert_num_queries):
    published = make_article()
    Client().get(published.get_absolute_url())
    draft = make_article(published=False)
    draft.body = "More words"
    draft.save()
    with django_assert_num_queries(0):
        Client().get(published.get_absolute_url())


def test_a_bulk_update_is_seen_after_content_changed():
    article = make_article(title="Bulk before")
    assert "Bulk before" in page(article.get_absolute_url())[1]
    Article.objects.filter(pk=article.pk).update(title="Bulk after")
    assert "Bulk before" in page(article.get_absolute_url())[1]  # no signal: still cached
    content_changed()
    assert "Bulk after" in page(article.get_absolute_url())[1]


# -- canonical keys ---------------------------------------------------------------------------


def test_tracking_and_unknown_parameters_share_the_pages_entry(django_assert_num_queries):
    article = make_article()
    url = article.get_absolute_url()
    first = Client().get(url)
    with django_assert_num_queries(0):
        for query in [
            "?utm_source=x&utm_medium=y",
            "?fbclid=abc",
            "?gclid=1&mc_cid=2",
            "?uncached=1",
        ]:
            again = Client().get(url + query)
            assert again.status_code == 200
            assert again["ETag"] == first["ETag"]


def test_a_list_page_keys_on_its_page_number_only(settings, django_assert_num_queries):
    settings.ARTICLES_PER_PAGE = 2
    for _ in range(5):
        make_article()
    home = reverse("articles:home")
    assert Client().get(home + "?page=2").status_code == 200
    with django_assert_num_queries(0):
        assert Client().get(home + "?page=2&utm_campaign=z").status_code == 200
        assert Client().get(home + "?page=02").status_code == 200  # the same page
    Client().get(home)
    with django_assert_num_queries(0):
        assert Client().get(home + "?page=1").status_code == 200  # page 1 is the bare address


def test_made_up_addresses_and_parameters_add_no_entries():
    make_article()
    from django.core.cache import cache

    home = reverse("articles:home")
    for n in range(20):
        assert Client().get(f"{home}?page={n + 5}").status_code == 404
        assert Client().get(reverse("articles:detail", args=[f"nothing-{n}"])).status_code == 404
        assert Client().get(f"{home}?utm_source={n}&x={n}").status_code == 200
    stored = [key for key in cache._cache if "pagecache:page:" in key]  # LocMemCache's keys
    assert len(stored) == 1  # the home page's


def test_the_view_sees_only_the_parameters_its_key_holds():
    chart = make_chart()
    make_article(charts=[chart])
    url = reverse("charts:embed", args=[chart.pk])
    dark = Client().get(url + "?theme=dark").content.decode()
    assert Client().get(url + "?theme=dark&x=1").content.decode() == dark
    assert Client().get(url + "?theme=nonsense").content.decode() == page(url)[1]


# -- validators -------------------------------------------------------------------------------


def test_last_modified_is_when_the_content_changed_not_when_it_was_cached(time_machine):
    time_machine.move_to("2026-03-01 12:00:00Z", tick=False)
    article = make_article(published_at=timezone.now() - timedelta(days=1))
    time_machine.move_to("2026-03-05 09:30:00Z", tick=False)
    first = Client().get(article.get_absolute_url())
    assert first["Last-Modified"] == "Sun, 01 Mar 2026 12:00:00 GMT"
    time_machine.move_to("2026-03-06 08:00:00Z", tick=False)
    article.title = "Retitled"
    article.save()
    assert page(article.get_absolute_url())[1]
    assert (
        Client().get(article.get_absolute_url())["Last-Modified"] == "Fri, 06 Mar 2026 08:00:00 GMT"
    )


def test_if_modified_since_gets_304_until_the_content_changes():
    article = make_article()
    first = Client().get(article.get_absolute_url())
    since = first["Last-Modified"]
    assert Client().get(article.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=since).status_code == 304
    article.title = "Changed"
    article.save()
    changed = Client().get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_the_etag_stays_while_nothing_the_page_shows_changes():
    article = make_article()
    first = Client().get(article.get_absolute_url())["ETag"]
    draft = make_article(published=False)  # a draft: no page of readers shows it
    draft.title = "Still a draft"
    draft.save()
    assert Client().get(article.get_absolute_url())["ETag"] == first
