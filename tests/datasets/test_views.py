import json
import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from charts.rendering import render_chart
from datasets import tables
from datasets.views import csv_lines, safe_cell
from tests.factories import add_version, make_article, make_chart, make_dataset, rows_of

pytestmark = pytest.mark.django_db


def test_published_dataset_downloads_as_csv(client):
    chart = make_chart()
    make_article(charts=[chart])
    response = client.get(reverse("datasets:download", args=[chart.dataset.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="{chart.dataset.slug}.csv"' in response["Content-Disposition"]
    assert rows_of(response) == [
        ["country", "papers", "share"],
        ["United States", "9660", "0.5"],
        ["United Kingdom", "3560", "0.25"],
    ]


@pytest.mark.parametrize(
    "address",
    [
        lambda chart: reverse("datasets:download", args=[chart.dataset.slug]),
        lambda chart: reverse("charts:data", args=[chart.pk]),
        lambda chart: reverse("charts:embed", args=[chart.pk]),
    ],
    ids=["dataset-csv", "chart-csv", "chart-embed"],
)
def test_what_is_only_in_drafts_is_404_for_readers_but_shown_to_editors(editor_client, address):
    chart = make_chart()
    make_article(charts=[chart], published=False)
    url = address(chart)
    assert Client().get(url).status_code == 404
    response = editor_client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_unused_dataset_is_404(client):
    dataset = make_dataset()
    assert client.get(reverse("datasets:download", args=[dataset.slug])).status_code == 404


def test_spreadsheet_formulas_are_neutralised_and_numbers_are_not():
    assert safe_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert safe_cell("+1+cmd") == "'+1+cmd"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("\tx") == "'\tx"
    assert safe_cell(-5) == -5
    assert safe_cell("-5.5") == "-5.5"
    assert safe_cell(None) == ""
    assert safe_cell(True) == "true"


def test_downloaded_csv_neutralises_a_formula_in_a_cell(client):
    dataset = make_dataset(content=b"name,n\n=1+2,1\nok,2\n")
    make_article(charts=[make_chart(dataset=dataset)])
    rows = rows_of(client.get(reverse("datasets:download", args=[dataset.slug])))
    assert rows[1] == ["'=1+2", "1"]


def test_a_dataset_that_may_not_be_redistributed_is_403_with_the_reason(client):
    dataset = make_dataset(redistributable=False, source_name="A cautious office")
    make_article(charts=[make_chart(dataset=dataset)])
    response = client.get(reverse("datasets:download", args=[dataset.slug]))
    assert response.status_code == 403
    assert "does not allow us to redistribute" in response.content.decode()
    assert "A cautious office" in response.content.decode()


def test_download_serves_readers_the_newest_version_a_published_chart_draws(client):
    chart = make_chart()
    make_article(charts=[chart])
    add_version(chart.dataset, b"country,papers\nChina,1\n")
    url = reverse("datasets:download", args=[chart.dataset.slug])
    # The new upload is not out until a published chart draws it (an embargo may wait on it).
    assert rows_of(client.get(url))[0] == ["country", "papers", "share"]
    chart.version = chart.dataset.current_version
    chart.save()
    assert rows_of(client.get(url)) == [["country", "papers"], ["China", "1"]]


def test_dataset_page_shows_what_a_reader_needs(client):
    dataset = make_dataset(
        title="AI papers by country pair",
        description="Co-written AI papers, 2021.",
        source_url="https://example.org/ai-index",
        attribution="AI Index 2022",
    )
    chart = make_chart(dataset=dataset, title="Papers by pair")
    article = make_article(charts=[chart], title="The story")
    draft = make_article(charts=[make_chart(dataset=dataset, title="Draft chart")], published=False)
    response = client.get(reverse("datasets:detail", args=[dataset.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 id="dataset-title">AI papers by country pair</h1>' in html
    assert "Co-written AI papers, 2021." in html
    assert '<th scope="row"><code>papers</code></th><td>Integer</td>' in html
    assert '<th scope="row"><code>country</code></th><td>Text</td>' in html
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license"' in html
    assert reverse("datasets:download", args=[dataset.slug]) in html
    assert "Papers by pair" in html
    assert article.get_absolute_url() in html
    assert "Draft chart" not in html
    assert draft.get_absolute_url() not in html
    assert html.count("<h1") == 1


def test_dataset_page_describes_a_dataset_in_json_ld(client):
    dataset = make_dataset(description="</script><b>x</b>")
    make_article(charts=[make_chart(dataset=dataset)])
    html = client.get(reverse("datasets:detail", args=[dataset.slug])).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(block.group(1))
    assert data["@type"] == "Dataset"
    assert data["description"] == "</script><b>x</b>"
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["variableMeasured"] == ["country", "papers", "share"]
    download = data["distribution"][0]
    assert download["encodingFormat"] == "text/csv"
    assert download["contentUrl"].endswith(f"/datasets/{dataset.slug}/data.csv")


def test_a_dataset_only_drafts_use_is_404_for_readers_and_a_preview_for_editors(editor_client):
    chart = make_chart()
    make_article(charts=[chart], published=False)
    url = reverse("datasets:detail", args=[chart.dataset.slug])
    assert Client().get(url).status_code == 404
    assert Client().get(reverse("datasets:detail", args=[make_dataset().slug])).status_code == 404
    preview = editor_client.get(url)
    assert preview.status_code == 200
    assert "Not public" in preview.content.decode()
    assert "no-store" in preview["Cache-Control"]


def test_dataset_page_query_count_is_fixed(django_assert_num_queries):
    dataset = make_dataset()
    for _ in range(4):
        make_article(charts=[make_chart(dataset=dataset)])
    # the dataset, the reader's version, its charts with their versions, those
    # versions' rows, the articles using it, the header's topics
    with django_assert_num_queries(6):
        assert Client().get(reverse("datasets:detail", args=[dataset.slug])).status_code == 200


def test_dataset_page_draws_stored_charts_without_their_rows(
    monkeypatch, django_assert_num_queries
):
    dataset = make_dataset()
    for _ in range(4):
        chart = make_chart(dataset=dataset)
        make_article(charts=[chart])
        render_chart(chart)  # as the services do on every save

    def refuse(*args, **kwargs):
        raise AssertionError("the page read a version's rows")

    monkeypatch.setattr(tables, "rows", refuse)
    # as above, without the versions' rows
    with django_assert_num_queries(5):
        assert Client().get(reverse("datasets:detail", args=[dataset.slug])).status_code == 200


def test_download_of_a_named_version_is_for_versions_readers_may_see(editor_client):
    client = Client()
    chart = make_chart()
    make_article(charts=[chart])
    add_version(chart.dataset, b"country,papers\nChina,1\n")
    url = reverse("datasets:download", args=[chart.dataset.slug])
    assert rows_of(client.get(url, {"version": 1}))[0] == ["country", "papers", "share"]
    assert client.get(url, {"version": 2}).status_code == 404
    assert client.get(url, {"version": "x"}).status_code == 404
    assert rows_of(editor_client.get(url, {"version": 2}))[1] == ["China", "1"]
    assert rows_of(editor_client.get(url))[1] == ["China", "1"]  # editors: the latest upload


def test_csv_lines_given_column_types_writes_the_same_bytes():
    header = ["name", "n", "x", "day", "ok", "=h"]
    types = ["string", "integer", "number", "date", "boolean", "string"]
    rows = [
        ["=cmd", -5, -0.5, "2021-03-04", True, "+cmd"],
        ["-2", None, 1e16, "2021", False, "@x"],
        [None, 0, 2.5, None, None, "\tz"],
        ("tuple", 1, 1.0, "1999-12-31", True, "plain"),
    ]
    typed = "".join(csv_lines(header, [list(r) for r in rows], types=types))
    assert typed == "".join(csv_lines(header, rows))
    assert typed.splitlines()[1] == "'=cmd,-5,-0.5,2021-03-04,true,'+cmd"


_CELLS = {
    "integer": st.none() | st.integers(),
    "number": st.none() | st.integers() | st.floats(allow_nan=False, allow_infinity=False),
    "date": st.none() | st.dates().map(date.isoformat) | st.integers(1000, 2999).map(str),
    "boolean": st.none() | st.booleans(),
    "string": st.none() | st.text(),
}


@given(
    st.lists(st.sampled_from(sorted(_CELLS)), min_size=1, max_size=6).flatmap(
        lambda types: st.tuples(
            st.just(types), st.lists(st.tuples(*(_CELLS[t] for t in types)), max_size=5)
        )
    )
)
def test_csv_lines_is_the_same_with_or_without_types_for_any_ingested_values(table):
    types, rows = table
    header = [f"c{i}" for i in range(len(types))]
    assert "".join(csv_lines(header, rows, types=types)) == "".join(csv_lines(header, rows))
