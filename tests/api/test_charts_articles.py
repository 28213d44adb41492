import pytest
from django.urls import reverse

from charts.config import chart_config, plotted_table
from tests.factories import add_version, make_article, make_chart, make_dataset

pytestmark = pytest.mark.django_db


def test_chart_gives_its_spec_and_exactly_the_data_it_plots(api, published):
    dataset, chart, _article = published
    body = api.get(reverse("api:chart-detail", args=[chart.pk])).json()
    assert body["title"] == chart.title
    assert body["type"] == "bar"
    assert body["label_column"] == "country"
    assert body["value_columns"] == ["papers"]
    assert body["data"] == {
        "columns": ["country", "papers"],
        "names": ["country", "papers"],  # no titles on the dataset: the columns' own names
        "rows": [["China", 9660], ["India", 1200], ["Chile", None]],
    }
    assert body["spec"] == chart.spec.dump()
    assert body["chartjs"] == chart_config(chart.spec, plotted_table(chart))
    assert body["dataset"] == {
        "slug": "ai-papers",
        "title": dataset.title,
        "url": "http://testserver/api/v1/datasets/ai-papers/",
    }
    assert body["version"] == 1


def test_a_chart_keeps_plotting_its_own_version(api, published):
    dataset, chart, _ = published
    add_version(dataset, b"country,papers\nPeru,3\n")
    body = api.get(reverse("api:chart-detail", args=[chart.pk])).json()
    assert body["version"] == 1
    assert body["data"]["rows"][0] == ["China", 9660]


def test_articles_list_their_charts_and_datasets(api, published):
    dataset, _chart, _article = published
    second = make_chart(dataset=dataset, title="Second chart", value_columns=["share"])
    other = make_chart(dataset=make_dataset(slug="other"), title="Third chart")
    make_article(charts=[second, other], slug="newer")
    body = api.get(reverse("api:article-list")).json()
    assert [a["slug"] for a in body["results"]] == ["newer", "ai-story"]
    newer = body["results"][0]
    assert [c["title"] for c in newer["charts"]] == ["Second chart", "Third chart"]
    assert [d["slug"] for d in newer["datasets"]] == ["ai-papers", "other"]
    assert newer["links"]["page"] == "http://testserver/articles/newer/"
    assert newer["charts"][0]["url"] == f"http://testserver/api/v1/charts/{second.pk}/"
    assert "body" not in newer


def test_article_detail_has_the_text(api, published):
    _, _, article = published
    body = api.get(reverse("api:article-detail", args=["ai-story"])).json()
    assert body["body"] == article.body
    assert body["byline"] == "Ada Lovelace"
    assert body["status"] == "published"


def test_article_list_query_count_does_not_grow_with_articles(api, django_assert_num_queries):
    for n in range(3):
        make_article(charts=[make_chart(), make_chart()], slug=f"story-{n}")
    # The count, the page of articles with authors, their charts with datasets.
    with django_assert_num_queries(3):
        response = api.get(reverse("api:article-list"))
    assert len(response.json()["results"]) == 3


def test_the_openapi_schema_publishes_the_chart_spec_not_a_bare_object(api):
    schema = api.get(reverse("api:schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    components = schema["components"]["schemas"]
    spec = components["ChartSpec"]
    assert spec["additionalProperties"] is False
    assert {"chart_type", "columns", "series", "axes", "format", "annotations"} <= set(
        spec["properties"]
    )
    # The chart's `spec` field points at it, and the annotation union is spelled out.
    chart_fields = next(c for c in components.values() if "chartjs" in c.get("properties", {}))
    assert chart_fields["properties"]["spec"]["allOf"][0]["$ref"].endswith("/ChartSpec")
    annotation = spec["properties"]["annotations"]["items"]
    assert set(annotation["discriminator"]["mapping"]) == {"line", "band", "text"}
    (kind,) = components["LineAnnotation"]["properties"]["kind"]["allOf"]  # 3.0: no const
    assert components[kind["$ref"].rsplit("/", 1)[-1]]["enum"] == ["line"]
