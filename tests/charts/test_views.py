"""The chart's own pages: the embed (framed by other sites) and the chart's data CSV."""

import pytest
from django.urls import reverse

from charts.models import ChartType
from charts.rendering import render_chart
from tests.factories import make_article, make_chart, make_chart_of_type, make_dataset, rows_of

pytestmark = pytest.mark.django_db


def test_chart_data_csv_has_only_the_plotted_columns_in_the_charts_order(client):
    chart = make_chart_of_type(ChartType.BAR, sort="value_desc", highlight="")
    make_article(charts=[chart])
    response = client.get(reverse("charts:data", args=[chart.pk]))
    assert response.status_code == 200
    assert f'filename="a-bars-vertical-{chart.pk}.csv"' in response["Content-Disposition"]
    rows = rows_of(response)
    assert rows[0] == ["country", "exports"]
    assert rows[1] == ["China", "3594"]
    assert len(rows) == 9


def test_chart_data_csv_neutralises_formulas_in_labels_and_column_names(client):
    dataset = make_dataset(content=b"name,=cmd|' /C calc'!A0\n=1+2,1\n@SUM(A1),2\n")
    chart = make_chart(dataset=dataset)
    make_article(charts=[chart])
    rows = rows_of(client.get(reverse("charts:data", args=[chart.pk])))
    assert rows == [["name", "'=cmd|' /C calc'!A0"], ["'=1+2", "1"], ["'@SUM(A1)", "2"]]


def test_embed_page_may_be_framed_by_any_site_but_other_pages_by_none(client):
    chart = make_chart()
    article = make_article(charts=[chart])
    embed = client.get(reverse("charts:embed", args=[chart.pk]))
    assert embed.status_code == 200
    assert "X-Frame-Options" not in embed
    csp = embed["Content-Security-Policy"]
    assert "frame-ancestors *" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert embed["X-Robots-Tag"] == "noindex"
    page = client.get(article.get_absolute_url())
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]


def test_embed_page_shows_the_chart_alone_with_a_link_to_its_article(client):
    chart = make_chart(title="Papers by pair")
    article = make_article(charts=[chart])
    html = client.get(reverse("charts:embed", args=[chart.pk])).content.decode()
    assert '<h1 class="chart__title"' in html
    assert "Papers by pair" in html
    assert f'href="{article.get_absolute_url()}"' in html
    assert '<base target="_blank">' in html
    assert "js/embed.js" in html
    assert "site-header" not in html  # no navigation: just the chart
    assert "Copy embed code" not in html
    for tag in html.split("<script")[1:]:
        head = tag.split(">", 1)[0]
        assert "src=" in head or 'type="application/json"' in head, head


def test_embed_page_query_count_is_fixed(client, django_assert_num_queries):
    chart = make_chart()
    make_article(charts=[chart])
    render_chart(chart)  # as the services do on every save
    # the chart with its dataset, version and stored fragments (published), then its article
    with django_assert_num_queries(2):
        assert client.get(reverse("charts:embed", args=[chart.pk])).status_code == 200


def test_article_page_offers_the_chart_tools(client):
    chart = make_chart()
    html = client.get(make_article(charts=[chart]).get_absolute_url()).content.decode()
    assert reverse("charts:data", args=[chart.pk]) in html
    assert f'data-embed-url="{reverse("charts:embed", args=[chart.pk])}"' in html
    assert "data-chart-png" in html
    assert "js/chart-tools.js" in html
    assert "data-vendor-annotation=" in html
