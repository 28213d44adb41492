"""Nothing readers may not see is in any API response: drafts, scheduled work,
datasets no published article uses, and the data of those that may not be shared."""

from datetime import timedelta
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import add_version, make_article, make_chart, make_dataset

pytestmark = pytest.mark.django_db

DOWNLOADS = [
    "dataset-csv",
    "dataset-json",
    "dataset-ndjson",
    "dataset-parquet",
    "dataset-xlsx",
    "dataset-datapackage",
]
HIDDEN_ENDPOINTS = ["dataset-detail", "dataset-versions", "dataset-rows", *DOWNLOADS]


@pytest.fixture
def hidden(published):
    """Datasets, charts and articles no reader may see, beside a published story."""
    draft = make_dataset(slug="secret-draft", title="Secret draft data")
    draft_chart = make_chart(dataset=draft, title="Secret draft chart")
    make_article(
        charts=[draft_chart], published=False, slug="secret-article", title="Secret article"
    )
    later = make_dataset(slug="secret-scheduled", title="Secret scheduled data")
    later_chart = make_chart(dataset=later, title="Secret scheduled chart")
    make_article(
        charts=[later_chart],
        slug="secret-scheduled-article",
        title="Secret scheduled article",
        published_at=timezone.now() + timedelta(days=1),
    )
    make_dataset(slug="secret-unused", title="Secret unused data")
    return {
        "datasets": ["secret-draft", "secret-scheduled", "secret-unused"],
        "charts": [draft_chart.pk, later_chart.pk],
        "articles": ["secret-article", "secret-scheduled-article"],
    }


def every_public_response(api, published):
    """Every read the API offers on the published story, lists and searches included."""
    dataset, chart, article = published
    urls = [
        reverse("api:root"),
        reverse("api:dataset-list"),
        reverse("api:article-list"),
        reverse("api:dataset-list") + "?search=secret",
        reverse("api:dataset-list") + "?ordering=title&page_size=100",
        reverse("api:chart-detail", args=[chart.pk]),
        reverse("api:article-detail", args=[article.slug]),
    ]
    urls += [reverse(f"api:{name}", args=[dataset.slug]) for name in HIDDEN_ENDPOINTS]
    for url in urls:
        response = api.get(url)
        assert response.status_code == 200, url
        yield url, b"".join(response.streaming_content) if response.streaming else response.content


def test_no_public_response_mentions_anything_unpublished(api, published, hidden):
    for url, body in every_public_response(api, published):
        assert b"secret" not in body.lower(), url


@pytest.mark.parametrize("name", HIDDEN_ENDPOINTS)
def test_unpublished_datasets_are_404_everywhere(api, hidden, name):
    for slug in hidden["datasets"]:
        response = api.get(reverse(f"api:{name}", args=[slug]))
        assert response.status_code == 404, (name, slug)
        assert response.json()["detail"] == f"There is no published dataset called “{slug}”."


def test_unpublished_charts_and_articles_are_404(api, hidden):
    for pk in hidden["charts"]:
        assert api.get(reverse("api:chart-detail", args=[pk])).status_code == 404
    for slug in hidden["articles"]:
        assert api.get(reverse("api:article-detail", args=[slug])).status_code == 404


def test_a_token_without_permission_sees_no_more_than_anonymous(outsider_api, hidden):
    assert outsider_api.get(reverse("api:dataset-detail", args=["secret-draft"])).status_code == 404
    listed = outsider_api.get(reverse("api:dataset-list")).json()["results"]
    assert [d["slug"] for d in listed] == ["ai-papers"]


def test_staff_who_may_view_datasets_see_unpublished_ones_privately(staff_api, hidden):
    response = staff_api.get(reverse("api:dataset-detail", args=["secret-draft"]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-cache"
    listed = staff_api.get(reverse("api:dataset-list"), {"page_size": 100}).json()["results"]
    assert {"secret-draft", "secret-scheduled", "secret-unused"} <= {d["slug"] for d in listed}


def test_a_scheduled_article_and_its_data_appear_at_their_time(api, hidden):
    url = reverse("api:dataset-csv", args=["secret-scheduled"])
    assert api.get(url).status_code == 404
    tomorrow = timezone.now() + timedelta(days=1, minutes=1)
    with mock.patch("articles.models.timezone.now", return_value=tomorrow):
        assert api.get(url).status_code == 200
        article = api.get(reverse("api:article-detail", args=["secret-scheduled-article"]))
        assert article.status_code == 200
        assert [d["slug"] for d in article.json()["datasets"]] == ["secret-scheduled"]


def test_data_that_may_not_be_redistributed_is_in_no_download(api, published):
    dataset = make_dataset(
        slug="closed", redistributable=False, content=b"name,n\nconfidential-row,1\n"
    )
    chart = make_chart(dataset=dataset)
    make_article(charts=[chart])
    for name in ["dataset-rows", *DOWNLOADS]:
        response = api.get(reverse(f"api:{name}", args=["closed"]))
        assert response.status_code == 403, name
        assert b"confidential-row" not in response.content
    # The metadata is public; the chart's plotted table is a download, refused like
    # the chart's CSV, while the drawing config the article page ships is served.
    assert api.get(reverse("api:dataset-detail", args=["closed"])).status_code == 200
    body = api.get(reverse("api:chart-detail", args=[chart.pk])).json()
    assert body["data"] is None
    assert body["chartjs"]["data"]["labels"] == ["confidential-row"]
    assert Client().get(reverse("charts:data", args=[chart.pk])).status_code == 403


EMBARGOED = b"country,papers,embargoed\nPeru,3,x\n"


@pytest.fixture
def embargoed(published):
    """New data for the published story's dataset; no chart draws it yet."""
    dataset, _, _ = published
    return add_version(dataset, EMBARGOED, note="Under embargo")


def test_the_api_serves_readers_the_version_published_charts_draw(api, embargoed):
    detail = api.get(reverse("api:dataset-detail", args=["ai-papers"])).json()
    assert detail["version"] == 1
    assert [v["number"] for v in detail["versions"]] == [1]
    assert "embargoed" not in [f["name"] for f in detail["schema"]["fields"]]
    listed = api.get(reverse("api:dataset-list")).json()["results"]
    assert [(d["version"], d["rows"]) for d in listed] == [(1, 3)]
    versions = api.get(reverse("api:dataset-versions", args=["ai-papers"])).json()
    assert [v["number"] for v in versions] == [1]
    rows = api.get(reverse("api:dataset-rows", args=["ai-papers"])).json()
    assert rows["version"] == 1
    package = api.get(reverse("api:dataset-datapackage", args=["ai-papers"])).json()
    assert "embargoed" not in str(package["resources"][0]["schema"])
    csv = api.get(reverse("api:dataset-csv", args=["ai-papers"]))
    assert b"".join(csv.streaming_content).startswith(b"country,year,papers,share\r\n")


@pytest.mark.parametrize("name", ["dataset-rows", *DOWNLOADS])
def test_an_embargoed_version_asked_for_by_number_is_404_and_never_cached(api, embargoed, name):
    response = api.get(reverse(f"api:{name}", args=["ai-papers"]), {"version": "2"})
    assert response.status_code == 404
    assert "no-store" in response["Cache-Control"]
    assert b"Peru" not in response.content


def test_the_dataset_page_lists_the_readers_columns(client, embargoed):
    html = client.get(reverse("datasets:detail", args=["ai-papers"])).content.decode()
    assert "<code>share</code>" in html
    assert "embargoed" not in html  # neither in the table nor in the JSON-LD
    csv = client.get(reverse("datasets:download", args=["ai-papers"]))
    assert b"".join(csv.streaming_content).startswith(b"country,year,papers,share\r\n")
    assert (
        client.get(reverse("datasets:download", args=["ai-papers"]), {"version": 2}).status_code
        == 404
    )


def test_moving_the_chart_publishes_the_new_version_everywhere(api, client, embargoed, published):
    _, chart, _ = published
    chart.version = embargoed
    chart.save()
    assert api.get(reverse("api:dataset-detail", args=["ai-papers"])).json()["version"] == 2
    html = client.get(reverse("datasets:detail", args=["ai-papers"])).content.decode()
    assert "<code>embargoed</code>" in html
