"""Pages rendered on write (articles/rendering.py, charts/rendering.py): what a reader's
request reads, when stored pages are rendered again, and the rebuild command."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from articles import rendering, services
from articles.models import Article, RenderedArticle
from charts import rendering as chart_rendering
from charts.models import ChartType, RenderedChart
from datasets import bulk, tables
from datasets.models import DatasetVersion
from tests.factories import (
    chart_form,
    make_article,
    make_chart,
    make_chart_of_type,
    make_dataset,
    make_publisher,
    make_topic,
)

pytestmark = pytest.mark.django_db

REGIONS = ["North", "South", "East", "West"]


def saved(article, by=None):
    """The article saved again through the services, as the admin and the API save it."""
    services.save_article(article=article, by=by or make_publisher())
    return article


def no_rows_read(monkeypatch):
    """From now on any read of a version's rows fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("a reader's request read a dataset's rows")

    monkeypatch.setattr(tables, "rows", refuse)


def large_dataset(row_count: int):
    """A dataset whose current version has `row_count` rows (region, value), loaded in bulk."""
    dataset = make_dataset(content=b"region,value\nNorth,1\nSouth,2\n")
    first = dataset.current_version
    version = DatasetVersion.objects.create(
        dataset=dataset,
        number=2,
        file=first.file.name,
        format=first.format,
        checksum="0" * 64,
        columns=first.columns,
        row_count=row_count,
        column_count=2,
    )
    rows = ([REGIONS[n % 4], n] for n in range(row_count))
    assert bulk.load_rows(version, rows) == row_count
    dataset.current_version = version
    dataset.save()
    return dataset


@pytest.mark.parametrize("chart_count", [1, 10])
def test_an_article_page_is_three_queries_and_reads_no_rows(
    monkeypatch, django_assert_max_num_queries, chart_count
):
    article = saved(make_article(charts=[make_chart() for _ in range(chart_count)]))
    no_rows_read(monkeypatch)
    # the article with its byline, stored page and what that page depends on; the
    # related articles; the header's topics
    with django_assert_max_num_queries(3):
        response = Client().get(article.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count("data-chart-figure") == chart_count


# 100,000 rows here (a few seconds to load and plot); bench/render_on_write.py times the
# page of a chart of 1,000,000 rows beside one of 10.
def test_a_chart_of_a_large_dataset_costs_a_page_no_more(
    monkeypatch, django_assert_max_num_queries
):
    dataset = large_dataset(100_000)
    chart = make_chart(
        dataset=dataset,
        title="Totals by region",
        label_column="region",
        value_columns=["value"],
        transforms=[
            {"op": "group", "by": "region", "aggregates": [{"function": "sum", "column": "value"}]}
        ],
    )
    article = saved(make_article(charts=[chart]))
    no_rows_read(monkeypatch)
    with django_assert_max_num_queries(3):
        response = Client().get(article.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    # the sum of every fourth number below 100,000, starting at 0: North's total
    assert "1,249,950,000" in html


def test_the_embed_reads_the_stored_fragments(monkeypatch, django_assert_max_num_queries):
    chart = make_chart()
    saved(make_article(charts=[chart]))
    no_rows_read(monkeypatch)
    with django_assert_max_num_queries(2):
        response = Client().get(reverse("charts:embed", args=[chart.pk]))
    assert response.status_code == 200
    assert f'id="chart-config-{chart.pk}"' in response.content.decode()


def test_a_stale_stored_page_is_rendered_again_on_read(monkeypatch):
    chart = make_chart(title="Exports by country")
    article = saved(make_article(charts=[chart]))
    RenderedArticle.objects.filter(article=article).update(body_html="<p>Old format</p>")
    RenderedChart.objects.filter(chart=chart).update(description="Old words")
    # A deploy that changes what is stored bumps the format: every stored key is stale.
    monkeypatch.setattr(rendering, "FORMAT_VERSION", rendering.FORMAT_VERSION + 1)
    monkeypatch.setattr(chart_rendering, "FORMAT_VERSION", chart_rendering.FORMAT_VERSION + 1)
    response = Client().get(article.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Old format" not in html
    assert "Old words" not in html
    assert "Exports by country" in html
    stored = RenderedArticle.objects.get(article=article)
    assert stored.key == rendering.stamp_key(
        rendering.with_stamp(type(article).objects.filter(pk=article.pk)).get()
    )


def test_a_missing_stored_page_is_rendered_on_read_and_kept(django_assert_max_num_queries):
    article = make_article(charts=[make_chart()])  # made without the services: nothing stored
    assert not RenderedArticle.objects.filter(article=article).exists()
    assert Client().get(article.get_absolute_url()).status_code == 200
    assert RenderedArticle.objects.filter(article=article).exists()
    with django_assert_max_num_queries(3):
        assert Client().get(article.get_absolute_url()).status_code == 200


def test_editing_a_chart_in_the_admin_renders_its_article_again(
    editor_client, django_assert_max_num_queries
):
    chart = make_chart()
    article = saved(make_article(charts=[chart]))
    data = chart_form(chart.dataset, title="A clearer title", alt_text="Bars, clearer.")
    data["version"] = str(chart.version_id)
    editor_client.post(reverse("admin:charts_chart_change", args=[chart.pk]), data)
    assert "A clearer title" in RenderedArticle.objects.get(article=article).body_html
    with django_assert_max_num_queries(3):  # rendered on write: nothing left for the reader
        html = Client().get(article.get_absolute_url()).content.decode()
    assert "A clearer title" in html


def test_what_a_figure_shows_of_its_dataset_and_topics_is_never_stale():
    topic = make_topic(name="Trade")
    chart = make_chart()
    article = saved(make_article(charts=[chart], topics=[topic]))
    dataset = chart.dataset
    dataset.source_name = "The Office for Numbers"
    dataset.save()  # a write path that tells no one: the page notices
    topic.name = "World trade"
    topic.save()
    html = Client().get(article.get_absolute_url()).content.decode()
    assert "The Office for Numbers" in html
    assert ">World trade</a>" in html


def snapshot():
    charts = RenderedChart.objects.order_by("chart").values(
        "chart",
        "key",
        "plotted",
        "config_script",
        "is_map",
        "is_table",
        "description",
        "table_html",
    )
    articles = RenderedArticle.objects.order_by("article").values(
        "article", "key", "body_html", "topics", "lead_alt"
    )
    return list(charts), list(articles)


def test_rebuilt_pages_equal_those_written_incrementally():
    publisher = make_publisher()
    types = [ChartType.BAR, ChartType.LINE, ChartType.MAP, ChartType.TABLE]
    charts = [make_chart_of_type(chart_type) for chart_type in types]
    topic = make_topic()
    saved(make_article(charts=charts[:2], topics=[topic]), by=publisher)
    article = saved(make_article(charts=charts[2:], body="Words.\n\n[chart 2]\n\nMore."))
    services.charts_changed(chart_ids=[charts[0].pk])
    saved(article, by=publisher)
    incremental = snapshot()
    assert len(incremental[0]) == 4
    assert len(incremental[1]) == 2
    RenderedChart.objects.all().delete()
    RenderedArticle.objects.all().delete()
    call_command("rebuildpages", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert snapshot() == incremental


def test_the_stamp_compiled_once_reads_what_the_orm_subqueries_read(
    django_assert_max_num_queries,
):
    """The stamp's SQL is compiled once per process (half a reader's request's Python when
    built each time); on any article query, joined or filtered, it gives the same figures."""
    topics = [make_topic(name="Trade"), make_topic(name="Energy")]
    charted = saved(make_article(charts=[make_chart(), make_chart()], topics=topics))
    bare = make_article(published=False)
    expected = {
        article.pk: [getattr(article, name) for name in rendering.STAMP_FIELDS]
        for article in Article.objects.annotate(**rendering._stamp_subqueries())
    }
    assert expected[charted.pk][0] == 2  # charts
    assert expected[charted.pk][4] == 2  # topics
    assert expected[bare.pk][0] is None
    queries = [
        Article.objects.all(),
        rendering.with_page_data(Article.objects.filter(topics__in=topics).distinct()),
        rendering.with_page_data(Article.objects.filter(author=charted.author)).order_by("-pk"),
    ]
    seen = set()
    for queryset in queries:
        with django_assert_max_num_queries(1):
            stamped = list(rendering.with_stamp(queryset))
        for article in stamped:
            seen.add(article.pk)
            figures = [getattr(article, name) for name in rendering.STAMP_FIELDS]
            assert figures == expected[article.pk]
    assert seen == {charted.pk, bare.pk}
