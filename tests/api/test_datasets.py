import pytest
from django.urls import reverse

from datasets.models import Dataset, Licence
from tests.factories import add_version, make_article, make_chart, make_dataset, publish_version

pytestmark = pytest.mark.django_db


def publish(**fields):
    dataset = make_dataset(**fields)
    make_article(charts=[make_chart(dataset=dataset)])
    return dataset


def slugs(response):
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


def test_list_shows_published_datasets_with_metadata_and_links(api, published):
    _dataset, _, _ = published
    response = api.get(reverse("api:dataset-list"))
    body = response.json()
    assert body["count"] == 1
    item = body["results"][0]
    assert item["slug"] == "ai-papers"
    assert item["source"] == {"name": "Stanford HAI", "url": ""}
    assert item["licence"]["id"] == "CC-BY-4.0"
    assert item["licence"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert item["rows"] == 3
    assert item["version"] == 1
    assert item["links"]["rows"] == "http://testserver/api/v1/datasets/ai-papers/rows/"
    assert item["links"]["csv"] == "http://testserver/api/v1/datasets/ai-papers/data.csv"
    assert item["links"]["parquet"] == "http://testserver/api/v1/datasets/ai-papers/data.parquet"
    assert item["links"]["xlsx"] == "http://testserver/api/v1/datasets/ai-papers/data.xlsx"


def test_list_filters_by_source_and_licence(api):
    publish(slug="hai", source_name="Stanford HAI", licence=Licence.CC_BY_4)
    publish(slug="ons", source_name="Office for National Statistics", licence=Licence.CC0)
    url = reverse("api:dataset-list")
    assert slugs(api.get(url, {"source": "stanford"})) == ["hai"]
    assert slugs(api.get(url, {"licence": "CC0-1.0"})) == ["ons"]
    assert sorted(slugs(api.get(url, {"licence": ["CC0-1.0", "CC-BY-4.0"]}))) == ["hai", "ons"]


def test_an_unknown_licence_is_a_400_naming_the_choice(api):
    response = api.get(reverse("api:dataset-list"), {"licence": "GPL"})
    assert response.status_code == 400
    assert "GPL" in response.json()["detail"]


def test_list_searches_title_and_description(api):
    publish(slug="papers", title="AI papers", description="Counts of publications")
    publish(slug="compute", title="Training compute", description="GPU-hours per model")
    url = reverse("api:dataset-list")
    assert slugs(api.get(url, {"search": "gpu"})) == ["compute"]
    assert slugs(api.get(url, {"search": "AI publications"})) == ["papers"]
    assert slugs(api.get(url, {"search": "nothing like this"})) == []


def test_list_orders_by_title_either_way(api):
    for title in ["Beta", "Alpha", "Gamma"]:
        publish(slug=title.lower(), title=title)
    url = reverse("api:dataset-list")
    assert slugs(api.get(url, {"ordering": "title"})) == ["alpha", "beta", "gamma"]
    assert slugs(api.get(url, {"ordering": "-title"})) == ["gamma", "beta", "alpha"]


def test_list_is_paginated(api):
    for n in range(3):
        publish(slug=f"d{n}")
    response = api.get(reverse("api:dataset-list"), {"page_size": 2})
    body = response.json()
    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["next"].endswith("page=2&page_size=2")
    assert api.get(body["next"]).json()["previous"] is not None
    missing = api.get(reverse("api:dataset-list"), {"page": 9})
    assert missing.status_code == 404
    assert missing.json()["detail"] == "There is no page 9 of this list."


def test_list_query_count_does_not_grow_with_datasets(api, django_assert_num_queries):
    for n in range(4):
        publish(slug=f"d{n}")
    # The count, the page, then the reader's version of each dataset on it (one query).
    with django_assert_num_queries(3):
        assert len(slugs(api.get(reverse("api:dataset-list")))) == 4


def test_detail_describes_columns_as_a_table_schema(api, published):
    dataset, _, _ = published
    dataset.column_notes = {"papers": {"title": "Papers", "unit": "papers", "description": "AI"}}
    dataset.save()
    body = api.get(reverse("api:dataset-detail", args=["ai-papers"])).json()
    assert body["schema"]["fields"] == [
        {"name": "country", "type": "string", "title": "", "unit": "", "description": ""},
        {"name": "year", "type": "year", "title": "", "unit": "", "description": ""},
        {
            "name": "papers",
            "type": "integer",
            "title": "Papers",
            "unit": "papers",
            "description": "AI",
        },
        {"name": "share", "type": "number", "title": "", "unit": "", "description": ""},
    ]
    assert body["links"]["datapackage"].endswith("/api/v1/datasets/ai-papers/datapackage.json")
    page = reverse("datasets:detail", args=["ai-papers"])
    assert body["links"]["page"] == "http://testserver" + page


def test_the_page_link_is_the_datasets_html_page_for_readers(api, published):
    body = api.get(reverse("api:dataset-detail", args=["ai-papers"])).json()
    page = api.get(body["links"]["page"])
    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/html")
    assert "AI papers by country" in page.content.decode()


def test_a_date_column_with_full_dates_is_a_date_field(api):
    publish(slug="days", content=b"day,n\n2021-03-04,1\n2021-05-06,2\n")
    fields = api.get(reverse("api:dataset-detail", args=["days"])).json()["schema"]["fields"]
    assert fields[0] == {"name": "day", "type": "date", "title": "", "unit": "", "description": ""}


def test_detail_lists_every_version_newest_first(api, published):
    dataset, _, _ = published
    publish_version(add_version(dataset, b"country,papers\nChina,1\n", note="Corrected"))
    body = api.get(reverse("api:dataset-detail", args=["ai-papers"])).json()
    assert [v["number"] for v in body["versions"]] == [2, 1]
    assert body["versions"][0]["note"] == "Corrected"
    assert body["versions"][0]["rows"] == 1
    assert body["versions"][0]["columns"] == ["country", "papers"]
    assert body["version"] == 2
    assert [f["name"] for f in body["schema"]["fields"]] == ["country", "papers"]
    versions = api.get(reverse("api:dataset-versions", args=["ai-papers"])).json()
    assert [v["number"] for v in versions] == [2, 1]


def test_a_dataset_that_may_not_be_redistributed_has_no_download_links(api):
    publish(slug="closed", redistributable=False)
    links = api.get(reverse("api:dataset-detail", args=["closed"])).json()["links"]
    assert links["csv"] is links["json"] is links["datapackage"] is links["rows"] is None
    assert links["ndjson"] is links["parquet"] is links["xlsx"] is None


def test_unknown_dataset_is_a_json_404(api, db):
    response = api.get(reverse("api:dataset-detail", args=["nope"]))
    assert response.status_code == 404
    assert response.json() == {"detail": "There is no published dataset called “nope”."}


def test_staff_see_a_dataset_whose_data_is_still_importing(staff_api):
    Dataset.objects.create(title="Importing", slug="importing", source_name="x", licence="CC0-1.0")
    (item,) = staff_api.get(reverse("api:dataset-list")).json()["results"]
    assert (item["slug"], item["version"], item["rows"], item["links"]["csv"]) == (
        "importing",
        None,
        None,
        None,
    )
    detail = staff_api.get(reverse("api:dataset-detail", args=["importing"])).json()
    assert detail["schema"]["fields"] == []
    assert detail["versions"] == []
    rows = staff_api.get(reverse("api:dataset-rows", args=["importing"]))
    assert rows.status_code == 404
    assert rows.json()["detail"] == "“importing” has no data yet."
