"""Column filters compare as the column's type (api/comparisons.py), tried on
tables shaped like real ones: people with birth and death dates, a long table of share
prices (one row per day and symbol), a table of years."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from datasets import tables
from tests.factories import make_article, make_chart, make_dataset

pytestmark = pytest.mark.django_db

PEOPLE = (
    b"name,born,died,elected,laureate\n"
    b'"Smith, John",1920-05-04,1992-03-01,1964,yes\n'
    b"Jones,1931-02-10,1992-12-31,1971,no\n"
    b'"O\'Brien ""Bud""",1925-07-15,1993-01-01,1980,no\n'
    b"Curie,1867-11-07,1934-07-04,1903,yes\n"
    b"Living,1990-06-01,,2021,no\n"
)
PRICES = (
    b"date,symbol,close,volume\n"
    b"2023-12-29,IBM,163.55,3000000\n"
    b"2024-01-02,IBM,161.5,5000000\n"
    b"2024-01-02,AAPL,185.64,82488700\n"
    b"2024-01-03,IBM,160.1,4000000\n"
    b"2024-01-03,AAPL,184.25,58414500\n"
    b"2024-02-01,IBM,183,\n"
)
YEARS = b"year,papers\n2019,10\n2020,20\n2021,30\n2022,40\n"


def publish(content, slug, *, label, value):
    dataset = make_dataset(content=content, slug=slug)
    make_article(charts=[make_chart(dataset=dataset, label_column=label, value_columns=[value])])
    return dataset


@pytest.fixture
def people(db):
    return publish(PEOPLE, "people", label="name", value="elected")


@pytest.fixture
def prices(db):
    return publish(PRICES, "prices", label="date", value="close")


@pytest.fixture
def years(db):
    return publish(YEARS, "years", label="year", value="papers")


def get(api, slug, query):
    """The response to rows/?query (a raw query string: repeated keys, quoting kept)."""
    return api.get(reverse("api:dataset-rows", args=[slug]) + "?" + query)


def column(api, slug, query, name):
    response = get(api, slug, query)
    assert response.status_code == 200, response.content
    return [row[name] for row in response.json()["results"]]


def names(api, query):
    return column(api, "people", query, "name")


def test_column_types_are_read_from_the_upload(people, prices, years):
    assert [c["type"] for c in people.current_version.columns] == [
        "string",
        "date",
        "date",
        "integer",
        "boolean",
    ]
    assert prices.current_version.columns[0]["type"] == "date"
    assert years.current_version.columns[0]["type"] == "date"  # bare years


def test_a_bare_year_on_a_date_column_means_the_whole_year(api, people):
    assert names(api, "died__gt=1992") == ['O\'Brien "Bud"']
    assert names(api, "died__gte=1992") == ["Smith, John", "Jones", 'O\'Brien "Bud"']
    assert names(api, "died__lte=1992") == ["Smith, John", "Jones", "Curie"]
    assert names(api, "died__lt=1992") == ["Curie"]
    assert names(api, "died=1992") == ["Smith, John", "Jones"]


def test_a_full_date_on_a_date_column_compares_days(api, people):
    assert names(api, "died__lt=1992-06-01") == ["Smith, John", "Curie"]
    assert names(api, "died__gt=1992-12-31") == ['O\'Brien "Bud"']
    assert names(api, "died__gte=1992-12-31") == ["Jones", 'O\'Brien "Bud"']
    assert names(api, "died=1992-03-01") == ["Smith, John"]
    assert names(api, "born__gte=1920-05-04&born__lt=1931-02-10") == [
        "Smith, John",
        'O\'Brien "Bud"',
    ]


def test_a_date_on_a_column_of_years_compares_the_year(api, years):
    def found(query):
        return column(api, "years", query, "year")

    assert found("year__gte=2021-01-01") == ["2021", "2022"]
    assert found("year__gte=2021-06-30") == ["2021", "2022"]
    assert found("year__gt=2021-06-30") == ["2022"]
    assert found("year__lt=2021-01-01") == ["2019", "2020"]
    assert found("year__lte=2021-01-01") == ["2019", "2020", "2021"]
    assert found("year=2021-07-04") == ["2021"]
    assert found("year=2021") == ["2021"]
    assert found("year__in=2019,2022-12-01") == ["2019", "2022"]


def test_a_date_on_an_integer_column_compares_its_year(api, people):
    assert names(api, "elected__gte=1971-06-01") == ["Jones", 'O\'Brien "Bud"', "Living"]
    assert names(api, "elected__lt=1971-06-01") == ["Smith, John", "Curie"]
    assert names(api, "elected=1964-03-03") == ["Smith, John"]
    assert names(api, "elected__gt=1971") == ['O\'Brien "Bud"', "Living"]


def test_in_reads_its_values_as_a_csv_line(api, people):
    assert names(api, 'name__in="Smith, John",Jones') == ["Smith, John", "Jones"]
    assert names(api, 'name__in="O\'Brien ""Bud""",Curie') == ['O\'Brien "Bud"', "Curie"]
    assert names(api, "name__in=Smith") == []  # no longer cut at the comma


def test_repeated_in_and_equality_filters_are_alternatives(api, people):
    assert names(api, "name__in=Curie&name__in=Jones") == ["Jones", "Curie"]
    assert names(api, "name=Curie&name=Jones") == ["Jones", "Curie"]
    assert names(api, "name=Curie&name=Jones&laureate=yes") == ["Curie"]
    assert names(api, "died__in=1934,1992-12-31") == ["Jones", "Curie"]


def test_a_long_table_filters_by_symbol_and_date(api, prices):
    def closes(query):
        return column(api, "prices", query, "close")

    assert closes("symbol=IBM&date__gte=2024") == [161.5, 160.1, 183]
    assert closes("symbol=IBM&date=2024") == [161.5, 160.1, 183]
    assert closes("date__lt=2024") == [163.55]
    assert closes("symbol=AAPL&date=2024-01-03") == [184.25]
    assert closes("close__gt=184.25") == [185.64]
    assert closes("close__gte=184.25&close__lt=185.64") == [184.25]
    assert closes("volume__gte=58414500") == [185.64, 184.25]
    assert closes("volume__isnull=true") == [183]
    assert closes("symbol__in=IBM&date__gt=2024-01-02&volume__lt=1e7") == [160.1]


def test_big_integers_compare_exactly(api, prices):
    # 2**53 + 1 is the first integer a double cannot hold: compared as a float it is 2**53.
    version = prices.current_version
    with connection.cursor() as cursor:  # the table's "c2" is close, "c3" volume
        for number, close, volume in [(0, 1, 2**53), (1, 2, 2**53 + 1)]:
            cursor.execute(
                f'UPDATE {tables.table(version.pk)} SET "c2" = %s, "c3" = %s WHERE "_n" = %s',
                [close, volume, number],
            )
            if connection.vendor == "sqlite":  # the exact digits SQLite keeps beside
                cursor.execute(f'UPDATE {tables.table(version.pk)} SET "c2_x" = NULL')

    def closes(query):
        return column(api, "prices", query, "close")

    assert closes(f"volume={2**53 + 1}") == [2]
    assert closes(f"volume={2**53}") == [1]
    assert closes(f"volume__gt={2**53}&symbol=IBM") == [2]
    assert closes(f"volume__in={2**53},{2**53 + 1}") == [1, 2]


@pytest.mark.parametrize("digits", [40, 400])
def test_a_number_beyond_any_column_filters_without_error(api, prices, digits):
    huge = "9" * digits
    assert column(api, "prices", f"volume__lt={huge}", "close") == [
        163.55,
        161.5,
        185.64,
        160.1,
        184.25,
    ]
    assert column(api, "prices", f"volume={huge}", "close") == []
    assert len(column(api, "prices", f"volume__gt=-{huge}", "close")) == 5


def test_the_count_is_exact_up_to_the_bound(api, prices, settings):
    settings.API_COUNT_LIMIT = 3

    def count(query):
        body = get(api, "prices", query).json()
        return body["count"], body["count_is_exact"]

    assert count("symbol=IBM&page_size=2") == (3, False)  # 4 match: counted up to 3
    assert count("symbol=AAPL&page_size=1") == (2, True)
    assert count("symbol=IBM&page_size=1&page=4") == (4, True)  # the last page: all seen
    assert count("symbol=IBM") == (4, True)  # one page holds them all
    assert count("") == (6, True)  # unfiltered: the version's own count
    assert count("symbol=Nobody") == (0, True)


def test_a_filters_count_is_counted_once_per_version(api, prices):
    assert get(api, "prices", "symbol=IBM&page_size=1").json()["count"] == 4
    with CaptureQueriesContext(connection) as queries:
        body = get(api, "prices", "symbol=IBM&page_size=1&page=2").json()
    assert body["count"] == 4
    assert not [q for q in queries if "COUNT(" in q["sql"].upper()]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("died__gt=1992-13-01", "“died” holds dates; write them as YYYY-MM-DD"),
        ("died__gt=92", "“died” holds dates"),
        ("died__gt=\uff11\uff19\uff19\uff12", "“died” holds dates"),  # full-width digits
        ("elected__gte=2021-02-30", "“elected” holds dates"),
        ("elected=\u00b2", "“elected” holds numbers; “²” is not one."),
        ("elected=1e999", "“elected” holds numbers; “1e999” is too large a one."),
        ("elected=" + "1" * 1001, "“elected” holds numbers"),
        ("laureate__in=yes,perhaps", "“laureate” takes true or false here, not “perhaps”."),
        ('name__in="Smith', "name__in takes values separated by commas"),
        ("name=%00", "The address contains a NUL character"),
        ("x=%00", "The address contains a NUL character"),
        ("%00=x", "The address contains a NUL character"),
        ("name__in=" + ",".join(["a"] * 501), "“name” may be matched against at most 500"),
        ("page=\u00b2", "page must be a whole number from 1, not “²”."),
        ("page=\u0661", "page must be a whole number from 1, not “١”."),  # Arabic-Indic 1
        ("name=Curie&page=99999999999999999999", "page may be at most 10,000,000"),
        ("page=" + "9" * 5000, "page must be a whole number from 1"),
        ("page_size=99999999999999999999", "page_size may be at most 1000"),
        ("version=\u00b2", "version must be a version number such as 1, not “²”."),
        ("version=99999999999999999999", "version must be a version number"),
    ],
)
def test_a_malformed_parameter_is_a_400_naming_it(api, people, query, message):
    response = get(api, "people", query)
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"].startswith(message)


def test_a_page_past_the_end_of_a_filtered_table_is_404(api, prices):
    response = get(api, "prices", "symbol=IBM&page=9999999")
    assert response.status_code == 404
    assert "no page 9999999" in response.json()["detail"]
