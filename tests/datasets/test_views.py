import csv
import io
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from datasets.views import csv_lines, safe_cell
from tests.factories import add_version, make_article, make_chart, make_dataset

pytestmark = pytest.mark.django_db


def rows_of(response):
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


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


def test_dataset_only_in_drafts_is_404_for_readers_but_downloads_for_editors(editor_client):
    chart = make_chart()
    make_article(charts=[chart], published=False)
    url = reverse("datasets:download", args=[chart.dataset.slug])
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


def test_download_serves_the_current_version(client):
    chart = make_chart()
    make_article(charts=[chart])
    add_version(chart.dataset, b"country,papers\nChina,1\n")
    rows = rows_of(client.get(reverse("datasets:download", args=[chart.dataset.slug])))
    assert rows == [["country", "papers"], ["China", "1"]]


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


@given(st.lists(st.sampled_from(sorted(_CELLS)), min_size=1, max_size=6).flatmap(
    lambda types: st.tuples(
        st.just(types), st.lists(st.tuples(*(_CELLS[t] for t in types)), max_size=5)
    )
))  # fmt: skip
def test_csv_lines_is_the_same_with_or_without_types_for_any_ingested_values(table):
    types, rows = table
    header = [f"c{i}" for i in range(len(types))]
    assert "".join(csv_lines(header, rows, types=types)) == "".join(csv_lines(header, rows))
