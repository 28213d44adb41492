import pytest
from django.urls import reverse

from tests.factories import add_version, make_article, make_chart, make_dataset, publish_version

pytestmark = pytest.mark.django_db

TABLE = (
    b"country,day,papers,share,open\n"
    b"China,2021-03-04,9660,0.5,yes\n"
    b"India,2020-01-31,1200,-0.25,no\n"
    b"Chile,2019-12-01,,0.2,yes\n"
    b"=HYPERLINK(1),2022-06-30,35,1.5,no\n"
    b"Brazil,2021-11-11,120,,yes\n"
)


def rows(api, **params):
    response = api.get(reverse("api:dataset-rows", args=["table"]), params)
    assert response.status_code == 200, response.content
    return response.json()


def countries(api, **params):
    return [row["country"] for row in rows(api, **params)["results"]]


def error(api, **params):
    response = api.get(reverse("api:dataset-rows", args=["table"]), params)
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()["detail"]


def test_rows_come_as_objects_keyed_by_column_in_file_order(api, table):
    body = rows(api)
    assert (body["count"], body["count_is_exact"]) == (5, True)
    assert body["version"] == 1
    assert body["columns"] == ["country", "day", "papers", "share", "open"]
    assert body["results"][0] == {
        "country": "China",
        "day": "2021-03-04",
        "papers": 9660,
        "share": 0.5,
        "open": True,
    }
    assert body["results"][2]["papers"] is None


def test_equality_filters_compare_as_the_column_type(api, table):
    assert countries(api, country="India") == ["India"]
    assert countries(api, papers="9660") == ["China"]
    assert countries(api, papers="9660.0") == ["China"]
    assert countries(api, share="-0.25") == ["India"]
    assert countries(api, open="true") == ["China", "Chile", "Brazil"]
    assert countries(api, day="2019-12-01") == ["Chile"]


def test_in_filters(api, table):
    assert countries(api, country__in="India,Brazil,Nowhere") == ["India", "Brazil"]
    assert countries(api, papers__in="35,120") == ["=HYPERLINK(1)", "Brazil"]


def test_numeric_ranges_compare_numbers_not_text_and_skip_missing_values(api, table):
    # As text "35" > "1200"; as numbers it is not.
    assert countries(api, papers__gt="100") == ["China", "India", "Brazil"]
    assert countries(api, papers__lte="1200") == ["India", "=HYPERLINK(1)", "Brazil"]
    assert countries(api, papers__lt="1200") == ["=HYPERLINK(1)", "Brazil"]
    assert countries(api, share__gte="0.2", share__lt="1") == ["China", "Chile"]


def test_date_ranges_compare_dates(api, table):
    assert countries(api, day__gte="2021-01-01") == ["China", "=HYPERLINK(1)", "Brazil"]
    assert countries(api, day__lt="2020-02-01") == ["India", "Chile"]
    assert countries(api, day__gte="2020-01-01", day__lte="2021-03-04") == ["China", "India"]


def test_missing_values_can_be_found_or_left_out(api, table):
    assert countries(api, papers__isnull="true") == ["Chile"]
    assert countries(api, share__isnull="false") == ["China", "India", "Chile", "=HYPERLINK(1)"]


def test_filters_combine_with_and_and_repeat(api, table):
    assert countries(api, open="yes", papers__gte="100") == ["China", "Brazil"]
    response = api.get(
        reverse("api:dataset-rows", args=["table"]) + "?papers__gte=100&papers__gte=1000"
    )
    assert [r["country"] for r in response.json()["results"]] == ["China", "India"]


def test_sort_by_number_puts_missing_values_last_either_way(api, table):
    assert countries(api, sort="papers") == ["=HYPERLINK(1)", "Brazil", "India", "China", "Chile"]
    assert countries(api, sort="-papers") == ["China", "India", "Brazil", "=HYPERLINK(1)", "Chile"]


def test_sort_by_several_columns(api, table):
    assert countries(api, sort="-open,day") == [
        "Chile",
        "China",
        "Brazil",
        "India",
        "=HYPERLINK(1)",
    ]


def test_columns_choose_and_order_what_comes_back(api, table):
    body = rows(api, columns="papers,country", country="India")
    assert body["columns"] == ["papers", "country"]
    assert body["results"] == [{"papers": 1200, "country": "India"}]


def test_pages_link_to_each_other_and_count_the_matching_rows(api, table):
    first = rows(api, page_size="2")
    assert [r["country"] for r in first["results"]] == ["China", "India"]
    assert first["previous"] is None
    second = api.get(first["next"]).json()
    assert [r["country"] for r in second["results"]] == ["Chile", "=HYPERLINK(1)"]
    assert api.get(second["previous"]).json() == first
    third = api.get(second["next"]).json()
    assert [r["country"] for r in third["results"]] == ["Brazil"]
    assert third["next"] is None
    filtered = rows(api, open="yes", page_size="2", page="2")
    assert (filtered["count"], filtered["count_is_exact"]) == (3, True)
    assert [r["country"] for r in filtered["results"]] == ["Brazil"]
    assert filtered["next"] is None


def test_a_page_past_the_end_is_404(api, table):
    response = api.get(reverse("api:dataset-rows", args=["table"]), {"page": "4", "page_size": 2})
    assert response.status_code == 404
    assert "no page 4" in response.json()["detail"]


def test_an_older_version_is_served_on_request(api, table):
    publish_version(add_version(table, b"country,papers\nPeru,3\n"))
    assert rows(api)["results"] == [{"country": "Peru", "papers": 3}]
    assert countries(api, version="1", papers__gt="5000") == ["China"]
    response = api.get(reverse("api:dataset-rows", args=["table"]), {"version": "7"})
    assert response.status_code == 404
    assert response.json()["detail"] == "“table” has no version 7; its versions are 1, 2."


def test_a_column_named_like_a_parameter_is_filtered_with_a_prefix(api):
    dataset = make_dataset(content=b"name,page\na,1\nb,2\n", slug="pages")
    make_article(charts=[make_chart(dataset=dataset)])
    url = reverse("api:dataset-rows", args=["pages"])
    assert api.get(url, {"col.page": "2"}).json()["results"] == [{"name": "b", "page": 2}]
    assert len(api.get(url, {"col.page__gte": "1"}).json()["results"]) == 2


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"nope": "1"}, "There is no column called “nope”. The columns are: country, day,"),
        ({"papers__gte": "many"}, "“papers” holds numbers; “many” is not one."),
        ({"papers": "nan"}, "“papers” holds numbers; “nan” is not one."),
        ({"day__gte": "31/01/2020"}, "“day” holds dates; write them as YYYY-MM-DD"),
        ({"day": "2021-02-30"}, "“day” holds dates"),
        ({"open": "perhaps"}, "“open” takes true or false here, not “perhaps”."),
        ({"country__gte": "C"}, "“country” holds text, so it takes no range"),
        ({"papers__near": "1"}, "“near” is not a filter."),
        ({"papers__like": "1"}, "“papers” holds integer; like applies to text."),
        ({"sort": "-nope"}, "There is no column called “nope”."),
        ({"columns": "country,nope"}, "There is no column called “nope”."),
        ({"page": "0"}, "page must be a whole number from 1, not “0”."),
        ({"page_size": "5000"}, "page_size may be at most 1000; use data.csv for more."),
        ({"version": "latest"}, "version must be a version number such as 1, not “latest”."),
    ],
)
def test_a_bad_request_is_a_400_saying_what_is_wrong(api, table, params, message):
    assert error(api, **params).startswith(message)
