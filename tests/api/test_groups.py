"""The groups endpoint's sort and pages (api/groups.py, datasets/table_groups.py): sorted
by any column of the answer, ties in the groups' own order, paged as rows/ is, and every
parameter it cannot honour a 400."""

import pytest
from django.urls import reverse

from tests.factories import make_article, make_chart, make_dataset

pytestmark = pytest.mark.django_db

TABLE = (
    b"country,region,papers,share\n"
    b"China,Asia,9660,0.5\n"
    b"India,Asia,1200,-0.25\n"
    b"Chile,Americas,,0.2\n"
    b"Korea,Asia,35,1.5\n"
    b"Brazil,Americas,120,\n"
    b"Land,Nowhere,1,0.1\n"
    b"Peru,Americas,7,0.3\n"
    b"Mars,,,\n"
)


def answer(api, query, *, status=200):
    response = api.get(reverse("api:dataset-groups", args=["table"]) + "?" + query)
    assert response.status_code == status, response.content
    return response.json()


def regions(api, query):
    return [group["region"] for group in answer(api, query)["results"]]


def test_groups_sort_by_an_aggregate_ties_in_the_groups_order_missing_last(api, table):
    by = "group_by=region&aggregate=count,sum:papers"
    # Americas and Asia both have 3 rows, Nowhere and the missing region 1.
    assert regions(api, f"{by}&sort=-count") == ["Americas", "Asia", "Nowhere", None]
    assert regions(api, f"{by}&sort=count") == ["Nowhere", None, "Americas", "Asia"]
    # The missing region's sum is missing: last, whichever the direction.
    assert regions(api, f"{by}&sort=-sum:papers") == ["Asia", "Americas", "Nowhere", None]
    assert regions(api, f"{by}&sort=sum:papers") == ["Nowhere", "Americas", "Asia", None]
    assert regions(api, f"{by}&sort=-count,-region") == ["Asia", "Americas", "Nowhere", None]
    assert regions(api, f"{by}&_sort=-region") == ["Nowhere", "Asia", "Americas", None]
    assert regions(api, by) == ["Americas", "Asia", "Nowhere", None]


def test_groups_sort_by_a_mean_and_keep_the_answers_shape(api, table):
    body = answer(api, "group_by=region&aggregate=mean:share,count&sort=-mean:share")
    assert body["columns"] == ["region", "mean:share", "count"]
    assert [(g["region"], float(g["mean:share"] or 0)) for g in body["results"]] == [
        ("Asia", 0.5833333333333334),
        ("Americas", 0.25),
        ("Nowhere", 0.1),
        (None, 0.0),  # no share at all: a missing mean, last
    ]


def test_groups_are_paged_as_rows_are_with_an_exact_count_and_links(api, table):
    first = answer(api, "group_by=region&sort=-count&page_size=2")
    assert [g["region"] for g in first["results"]] == ["Americas", "Asia"]
    assert (first["count"], first["count_is_exact"], first["complete"]) == (4, True, False)
    assert first["previous"] is None
    assert "page=2" in first["next"]
    assert "sort=-count" in first["next"]
    second = api.get(first["next"]).json()
    assert [g["region"] for g in second["results"]] == ["Nowhere", None]
    assert (second["count"], second["next"], second["complete"]) == (4, None, False)
    assert "page=" not in second["previous"]
    assert api.get(second["previous"]).json() == first
    every = answer(api, "group_by=region")
    assert (every["count"], every["next"], every["complete"]) == (4, None, True)
    third = "group_by=region&aggregate=count,sum:papers&_size=1&_page=3&sort=-sum:papers"
    assert regions(api, third) == ["Nowhere"]


def test_past_the_count_limit_the_count_is_a_bound_until_the_last_page(api, table, settings):
    settings.API_COUNT_LIMIT = 3
    first = answer(api, "group_by=region&page_size=2")
    assert (first["count"], first["count_is_exact"]) == (3, False)
    last = answer(api, "group_by=region&page_size=2&page=2")
    assert (last["count"], last["count_is_exact"]) == (4, True)


def test_a_page_past_the_last_group_is_a_404_and_no_group_is_an_empty_page(api, table):
    assert answer(api, "group_by=region&page_size=2&page=3", status=404)["detail"] == (
        "There is no page 3 of these groups."
    )
    empty = answer(api, "group_by=region&country=Nowhere")
    assert (empty["count"], empty["results"], empty["complete"]) == (0, [], True)


def test_filters_and_q_pick_the_rows_before_grouping_sorting_and_paging(api, table):
    body = answer(api, "group_by=region&papers__gte=10&sort=-count&page_size=1")
    assert (body["count"], body["results"]) == (2, [{"region": "Asia", "count": 3}])
    assert regions(api, "group_by=region&q=americas&sort=-count") == ["Americas"]
    assert regions(api, "group_by=region&region__ne=Asia&sort=-region") == ["Nowhere", "Americas"]


def test_more_than_a_thousand_groups_are_all_reached(api):
    rows = b"".join(b"%d,%d\n" % (i, i % 7) for i in range(1005))
    dataset = make_dataset(content=b"name,bucket\n" + rows, slug="table")
    make_article(
        charts=[
            make_chart(
                dataset=dataset, chart_type="line", label_column="name", value_columns=["bucket"]
            )
        ]
    )
    first = answer(api, "group_by=name")
    assert (len(first["results"]), first["count"], first["complete"]) == (1000, 1005, False)
    rest = api.get(first["next"]).json()["results"]
    assert len(rest) == 5
    names = {g["name"] for g in first["results"] + rest}
    assert len(names) == 1005
    top = answer(api, "group_by=bucket&sort=-count,bucket&page_size=2")["results"]
    assert top == [{"bucket": 0, "count": 144}, {"bucket": 1, "count": 144}]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("group_by=region&sort=papers", "Groups sort by a column of the answer: region, count "),
        ("group_by=region&sort=-sum:papers", "“sum:papers” is none of them"),
        ("group_by=region&sort=nope,-count", "“nope” is none of them"),
        ("group_by=region&columns=region", "columns does not apply to groups"),
        ("group_by=region&_columns=count", "columns does not apply to groups"),
        ("group_by=region&page_size=0", "page_size must be a whole number from 1"),
        ("group_by=region&page_size=1001", "page_size may be at most 1000"),
        ("group_by=region&page=two", "page must be a whole number from 1"),
        ("group_by=region&limit=10", "There is no column called “limit”"),
    ],
)
def test_what_groups_cannot_honour_is_a_400_saying_why(api, table, query, message):
    assert message in answer(api, query, status=400)["detail"]


def test_a_column_named_like_an_aggregate_cannot_be_grouped_with_it(api):
    dataset = make_dataset(content=b"name,count\na,1\nb,2\n", slug="table")
    make_article(charts=[make_chart(dataset=dataset, label_column="name", value_columns=["count"])])
    detail = answer(api, "group_by=count&aggregate=count", status=400)["detail"]
    assert detail.startswith("“count” names both a group_by column and an aggregate")
    body = answer(api, "group_by=count&aggregate=sum:count&sort=-sum:count")
    assert body["results"] == [{"count": 2, "sum:count": 2}, {"count": 1, "sum:count": 1}]


def test_an_aggregate_of_a_column_whose_name_holds_a_comma_is_sorted_by_its_whole_name(api):
    dataset = make_dataset(
        content=b'Country Code,"Population, total"\nABW,102112\nABW,102880\nAND,82427\n',
        slug="table",
    )
    chart = make_chart(
        dataset=dataset, label_column="Country Code", value_columns=["Population, total"]
    )
    make_article(charts=[chart])
    url = reverse("api:dataset-groups", args=["table"])
    asked = {"group_by": "Country Code", "aggregate": ["count", "max:Population, total"]}
    response = api.get(url, {**asked, "sort": "-max:Population, total"})
    assert response.status_code == 200, response.content
    assert [g["Country Code"] for g in response.json()["results"]] == ["ABW", "AND"]
    response = api.get(url, {**asked, "sort": "max:Population, total"})
    assert [g["Country Code"] for g in response.json()["results"]] == ["AND", "ABW"]


@pytest.mark.parametrize(
    "name", ["api:dataset-rows", "api:dataset-csv", "api:dataset-parquet", "api:dataset-json"]
)
@pytest.mark.parametrize("query", ["group_by=region", "_aggregate=count"])
def test_group_parameters_elsewhere_are_a_400_not_ignored(api, table, name, query):
    response = api.get(reverse(name, args=["table"]) + "?" + query)
    assert response.status_code == 400, response.content
    assert "applies to the groups endpoint" in response.json()["detail"]
