"""No anonymous request gives a 500: every route's path and query string, fuzzed.

The routes come from the URL resolver (tests/routes.py), so a new one is fuzzed
as soon as it exists. The values are a fixed list of the inputs that have broken
such views before: digits int() refuses or misreads, NUL (PostgreSQL refuses it
in text), numbers past any database integer, negatives, 10,000-character strings,
percent-escapes that are not UTF-8, and repeated parameters.
"""

import pytest
from django.test import Client
from django.urls import reverse

from tests.routes import make_site, working_addresses

pytestmark = pytest.mark.django_db

# Each as it appears in an address: already percent-encoded.
NASTY = {
    "superscript two": "%C2%B2",
    "Arabic-Indic three": "%D9%A3",
    "Devanagari one": "%E0%A5%A7",
    "NUL": "%00",
    "a number past 64 bits": "99999999999999999999",
    "a negative number": "-1",
    "zero": "0",
    "10,000 digits": "9" * 10_000,
    "10,000 letters": "a" * 10_000,
    "invalid UTF-8": "%FF%FE",
    "truncated UTF-8": "%C3",
    "nothing": "",
}
# The values that pass a first look (digits, text) and so reach deepest.
DEEP = ["superscript two", "NUL", "a number past 64 bits"]
# The parameters our views read (pages, searches, versions, the API's sorting,
# columns and filters), plus one no view knows.
PARAMS = ["page", "page_size", "q", "version", "sort", "columns", "search", "papers__gte", "x"]

# Cases that once gave 500s in the rows API (malformed page numbers, a bound past
# 64 bits on SQLite), pinned by name. (route, query string)
ROWS_API_CASES = [
    ("api:dataset-rows", "page=%C2%B2"),
    ("api:dataset-rows", "page=1&page=2&page=%C2%B2"),
    ("api:dataset-rows", "page_size=%C2%B2"),
    ("api:dataset-rows", "papers__gte=99999999999999999999"),
]


@pytest.fixture
def reader(settings):
    settings.API_ANON_RATE = None  # thousands of requests from one address
    return Client(raise_request_exception=False)


@pytest.fixture
def addresses(reader):
    return working_addresses(reader, make_site())


def server_errors(client, urls):
    found = []
    for url in urls:
        status = client.get(url).status_code
        if status >= 500:
            found.append(f"{status} {url[:150]}")
    return found


def test_no_query_string_gives_a_500(reader, addresses):
    """Every route gets each value in every parameter at once, and repeated.

    A view that refuses one parameter may never read the next, so each
    parameter also goes alone with the values that reach deepest, on every
    route that answers a reader.
    """
    broken = []
    for address in addresses.values():
        queries = ["&".join(f"{param}={value}" for param in PARAMS) for value in NASTY.values()]
        queries += [f"{param}=1&{param}=2&{param}=%C2%B2" for param in ("page", "version")]
        if address.status == 200:
            queries += [f"{param}={NASTY[name]}" for param in PARAMS for name in DEEP]
        broken += server_errors(reader, [f"{address.url}?{query}" for query in queries])
    assert broken == [], "\n".join(broken)


@pytest.mark.parametrize(("name", "query"), ROWS_API_CASES)
def test_rows_api_cases_that_once_gave_500s(reader, name, query):
    make_site()
    url = reverse(name, kwargs={"slug": "ai-papers"})
    assert reader.get(f"{url}?{query}").status_code < 500


def test_no_path_parameter_gives_a_500(reader, addresses):
    broken = []
    for route, address in addresses.items():
        for name, _ in route.params:
            urls = [route.url({**address.values, name: value}) for value in NASTY.values()]
            broken += server_errors(reader, urls)
    assert broken == [], "\n".join(broken)


# The table endpoints' newer parameters, each given every nasty value while the others
# make a valid request, so that each is read as deep as a request can take it.
TABLE_ROUTES = {
    "api:dataset-rows": "sort=-papers",
    "api:dataset-groups": "group_by=country&aggregate=count,sum:papers&sort=-count",
    "api:dataset-csv": "sort=papers",
    "api:dataset-parquet": "",
    "api:dataset-xlsx": "",
}
TABLE_PARAMS = [
    "group_by",
    "aggregate",
    "sort",
    "any",
    "q",
    "country__like",
    "country__prefix",
    "papers__isnull",
    "country__ne",
    "year__in",
    "page_size",
]


def test_no_value_in_a_table_parameter_gives_a_500(reader):
    make_site()
    broken = []
    for name, base in TABLE_ROUTES.items():
        url = reverse(name, kwargs={"slug": "ai-papers"})
        assert reader.get(f"{url}?{base}").status_code == 200, name
        broken += server_errors(
            reader,
            [f"{url}?{base}&{param}={value}" for param in TABLE_PARAMS for value in NASTY.values()],
        )
    assert broken == [], "\n".join(broken)
