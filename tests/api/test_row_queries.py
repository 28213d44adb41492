"""The rows API's newer filters (ne, prefix, like, OR groups, q), the groups endpoint,
and hostile input: every bad request a 400, never a 500."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from api.rows import time_limit
from datasets import table_pages, tables
from tests.factories import make_article, make_chart, make_dataset, too_long_to_search

pytestmark = pytest.mark.django_db

TABLE = (
    b"country,region,papers,share,open\n"
    b"China,Asia,9660,0.5,yes\n"
    b"India,Asia,1200,-0.25,no\n"
    b"Chile,Americas,,0.2,yes\n"
    b'"Korea, South",Asia,35,1.5,no\n'
    b"Brazil,Americas,120,,yes\n"
    b"100%_Land,Nowhere,1,0.1,no\n"
)


def get(api, name, query):
    return api.get(reverse(name, args=["table"]) + "?" + query)


def countries(api, query):
    response = get(api, "api:dataset-rows", query)
    assert response.status_code == 200, response.content
    return [row["country"] for row in response.json()["results"]]


def test_not_equal_leaves_out_missing_cells(api, table):
    assert countries(api, "papers__ne=9660") == ["India", "Korea, South", "Brazil", "100%_Land"]
    assert countries(api, "region__ne=Asia") == ["Chile", "Brazil", "100%_Land"]


def test_prefix_and_like_match_parts_of_text(api, table):
    assert countries(api, "country__prefix=Ch") == ["China", "Chile"]
    assert countries(api, "country__prefix=ch") == []  # case kept
    assert countries(api, "country__like=%25il%25") == ["Chile", "Brazil"]
    assert countries(api, "country__like=c_i%25") == ["China", "Chile"]  # case ignored
    # A literal % in a prefix is just a character.
    assert countries(api, "country__prefix=100%25_") == ["100%_Land"]


def test_an_or_group_takes_rows_passing_any_of_its_filters(api, table):
    assert countries(api, "any=papers__gte=5000,country=Chile") == ["China", "Chile"]
    assert countries(api, "any=papers__gte=5000,country=Chile&region=Asia") == ["China"]
    assert countries(api, 'any="country=Korea, South",share__lt=0') == ["India", "Korea, South"]
    assert countries(api, "_any=papers__isnull=true,open=false&_sort=-papers") == [
        "India",
        "Korea, South",
        "100%_Land",
        "Chile",
    ]


def test_q_finds_words_in_text_columns(api, table):
    assert countries(api, "q=asia") == ["China", "India", "Korea, South"]
    assert countries(api, "q=korea") == ["Korea, South"]
    assert countries(api, "q=Chile Americas") == ["Chile"]
    assert countries(api, "q=nothing") == []


def test_prefixed_reserved_parameters_work_as_the_plain_ones(api, table):
    assert countries(api, "_sort=-papers&_size=2") == ["China", "India"]
    assert countries(api, "_size=2&_page=2&_sort=-papers") == ["Brazil", "Korea, South"]


def test_count_is_exact_with_filters(api, table):
    body = get(api, "api:dataset-rows", "region=Asia&page_size=1").json()
    assert (body["count"], body["count_is_exact"]) == (3, True)


def groups(api, query):
    response = get(api, "api:dataset-groups", query)
    assert response.status_code == 200, response.content
    return response.json()


def test_groups_count_sum_mean_min_max(api, table):
    body = groups(api, "group_by=region&aggregate=count,sum:papers,min:papers,max:country")
    assert body["columns"] == ["region", "count", "sum:papers", "min:papers", "max:country"]
    assert body["complete"] is True
    assert body["results"] == [
        {
            "region": "Americas",
            "count": 2,
            "sum:papers": 120,
            "min:papers": 120,
            "max:country": "Chile",
        },
        {
            "region": "Asia",
            "count": 3,
            "sum:papers": 10895,
            "min:papers": 35,
            "max:country": "Korea, South",
        },
        {
            "region": "Nowhere",
            "count": 1,
            "sum:papers": 1,
            "min:papers": 1,
            "max:country": "100%_Land",
        },
    ]
    mean = groups(api, "group_by=open&aggregate=mean:share&region=Asia")["results"]
    assert [(r["open"], float(r["mean:share"])) for r in mean] == [(False, 0.625), (True, 0.5)]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("aggregate=count", "group_by takes 1 to 5 column names."),
        ("group_by=nope", "There is no column called “nope”."),
        ("group_by=region&aggregate=sum:country", "“country” holds no numbers"),
        ("group_by=region&aggregate=median:papers", "“median” is not an aggregate"),
        ("group_by=region&aggregate=sum", "sum needs a column"),
    ],
)
def test_a_bad_groups_request_is_a_400(api, table, query, message):
    response = get(api, "api:dataset-groups", query)
    assert response.status_code == 400, response.content
    assert response.json()["detail"].startswith(message)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("&".join(f"papers__gte={i}" for i in range(1000)), "at most 100 parameters"),
        ("country=" + "x" * 3000, "“country” is longer than 2000 characters"),
        ("country__like=" + "%25" * 11, "at most 10 wildcards"),
        ("country__like=a%5C", "may not end with a lone \\"),
        ("any=country", "“country” in any= is not written as column=value"),
        ("any=" + ",".join(["papers=1"] * 21), "any= takes 1 to 20 filters"),
        ("any=nope=1", "There is no column called “nope”"),
        ("any=papers=%D9%A1", "“papers” holds numbers"),  # an Arabic-Indic one
        ("papers__ne=1e999", "“papers” holds numbers; “1e999” is too large a one."),
        ("q=" + "+".join(["w"] * 21), "q may hold at most 20 words"),
        ("share__prefix=1", "“share” holds number; prefix applies to text."),
    ],
)
def test_hostile_parameters_are_a_400_saying_why(api, table, query, message):
    response = get(api, "api:dataset-rows", query)
    assert response.status_code == 400, response.content
    assert message in response.json()["detail"]


@pytest.mark.parametrize(
    "value",
    ["'; DROP TABLE datasets_dataset; --", '"c0" OR 1=1', "\\\\", "%", "_", "∞", "١٢", "9" * 900],
)
def test_values_never_reach_the_sql_as_text(api, table, value):
    for name in ("country", "country__prefix", "country__like", "q", "country__ne"):
        response = api.get(reverse("api:dataset-rows", args=["table"]), {name: value})
        assert response.status_code == 200, (name, response.content)
    assert countries(api, "") != []  # the table is still there


def test_q_finds_words_joined_by_a_slash_or_a_dot(api):
    # Real rows of vega-datasets' airports.csv (FAA data, public domain). PostgreSQL's
    # parser reads "AFB/International" as one file path and "St.Paul" as one host name,
    # so a search for either word found nothing there.
    dataset = make_dataset(
        content=b"iata,name,city,latitude\n"
        b"06U,Jackpot/Hayden,Jackpot,41.97602222\n"
        b"CHS,Charleston AFB/International,Charleston,32.89864639\n"
        b"SGS,South St.Paul Municipal,South St Paul,44.85713278\n"
        b"00M,Thigpen,Bay Springs,31.95376472\n",
        slug="airports",
    )
    chart = make_chart(dataset=dataset, label_column="iata", value_columns=["latitude"])
    make_article(charts=[chart])
    url = reverse("api:dataset-rows", args=["airports"])

    def codes(q):
        response = api.get(url, {"q": q})
        assert response.status_code == 200, response.content
        return [row["iata"] for row in response.json()["results"]]

    assert codes("International") == ["CHS"]
    assert codes("hayden") == ["06U"]
    assert codes("AFB/International") == ["CHS"]
    assert codes("Jackpot") == ["06U"]
    assert codes("paul") == ["SGS"]
    assert codes("St.Paul") == ["SGS"]
    assert codes("Municipal Paul") == ["SGS"]


def test_q_over_a_row_too_long_to_search_is_a_400_not_a_500(api):
    dataset = make_dataset(content=too_long_to_search(), slug="long")
    make_article(charts=[make_chart(dataset=dataset, label_column="a", value_columns=["n"])])
    response = api.get(reverse("api:dataset-rows", args=["long"]), {"q": "short"})
    if connection.vendor != "postgresql":  # SQLite's LIKE has no such limit
        assert [row["n"] for row in response.json()["results"]] == [2]
        return
    assert response.status_code == 400, response.content
    assert "too long to search" in response.json()["detail"]


def test_a_column_whose_name_holds_a_comma_is_grouped_and_picked_alone_in_its_parameter(api):
    # World Bank indicator names ("Population, total") become column names when a wide
    # table is made of them. Such a name goes alone in its own parameter, repeated.
    dataset = make_dataset(
        content=b'Country Code,year,"Population, total"\nABW,2012,102112\nABW,2013,102880\n'
        b"AND,2012,82427\n",
        slug="population",
    )
    chart = make_chart(
        dataset=dataset, label_column="Country Code", value_columns=["Population, total"]
    )
    make_article(charts=[chart])
    url = reverse("api:dataset-groups", args=["population"])
    response = api.get(
        url, {"group_by": "Country Code", "aggregate": ["count", "sum:Population, total"]}
    )
    assert response.status_code == 200, response.content
    assert response.json()["results"] == [
        {"Country Code": "ABW", "count": 2, "sum:Population, total": 204992},
        {"Country Code": "AND", "count": 1, "sum:Population, total": 82427},
    ]
    response = api.get(url, {"group_by": "Population, total"})
    assert response.status_code == 200, response.content
    assert len(response.json()["results"]) == 3
    rows = api.get(
        reverse("api:dataset-rows", args=["population"]),
        {"columns": ["Country Code", "Population, total"], "sort": ["-Population, total"]},
    )
    assert rows.json()["results"][0] == {"Country Code": "ABW", "Population, total": 102880}


def test_a_filtered_page_is_read_after_its_count_which_picks_how(api, table, monkeypatch):
    def page_queries(query):
        with CaptureQueriesContext(connection) as queries:
            response = get(api, "api:dataset-rows", query)
        assert response.status_code == 200, response.content
        name = tables.table(table.current_version.pk)
        found = [q["sql"] for q in queries.captured_queries if name in q["sql"]]
        return response.json(), found

    body, found = page_queries("region=Asia&sort=-papers")  # 3 matches: few
    assert [row["country"] for row in body["results"]] == ["China", "India", "Korea, South"]
    assert body["count"] == 3
    counts = [sql for sql in found if "count(*)" in sql]
    assert len(counts) == 1
    assert found[0] == counts[0]
    assert "MATERIALIZED" in found[1]
    assert "LIMIT 1 OFFSET" not in found[1]
    monkeypatch.setattr(table_pages, "FEW_MATCHES", 2)
    body, found = page_queries("region=Asia&sort=-papers&page_size=2")  # more than "few"
    assert [row["country"] for row in body["results"]] == ["China", "India"]
    assert any("LIMIT 1 OFFSET 2" in sql for sql in found)  # the walk down the sort index
    body, found = page_queries("region=Atlantis&sort=-papers")
    assert body["results"] == []
    assert body["count"] == 0
    assert len(found) == 1  # the count alone


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's settings")
def test_row_queries_run_bounded_in_time_and_without_jit(settings):
    settings.API_QUERY_MILLISECONDS = 1234
    with time_limit(), connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('statement_timeout'), current_setting('jit')")
        assert cursor.fetchone() == ("1234ms", "off")


def test_a_page_of_a_filter_no_index_narrows_is_counted_as_it_is_read(api, table, monkeypatch):
    name = tables.table(table.current_version.pk)
    url = "country__like=%25i%25&sort=-papers&page_size=2"
    with CaptureQueriesContext(connection) as queries:
        body = get(api, "api:dataset-rows", url).json()
    assert [row["country"] for row in body["results"]] == ["China", "India"]
    assert (body["count"], body["count_is_exact"]) == (4, True)
    (read,) = [q["sql"] for q in queries.captured_queries if name in q["sql"]]
    assert "count(*)" in read
    monkeypatch.setattr(table_pages, "FEW_MATCHES", 3)  # 4 match: more than "few"
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        body = get(api, "api:dataset-rows", url + "&page=2").json()
    assert [row["country"] for row in body["results"]] == ["Brazil", "Chile"]
    assert (body["count"], body["count_is_exact"]) == (4, True)
    tried, counted, *walked = [q["sql"] for q in queries.captured_queries if name in q["sql"]]
    assert "LEFT JOIN" in tried
    assert counted.startswith("SELECT count(*) FROM (SELECT 1")
    assert "LIMIT 1 OFFSET 4" in walked[0]  # rows 2…4 (one more tells if a page follows)
