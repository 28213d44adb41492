"""Page and version numbers read one way everywhere; NUL refused before any view."""

import pytest
from django.test import Client
from django.urls import reverse

from chartweek.params import whole_number
from tests.factories import make_article, make_chart, make_dataset


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("1", 1),
        ("007", 7),
        ("999999999999999999", 999_999_999_999_999_999),
        (None, None),
        ("", None),
        ("0", None),
        ("-1", None),
        ("+1", None),
        (" 1", None),
        ("1.0", None),
        ("²", None),
        ("٣", None),
        ("१", None),
        ("1\x00", None),
        ("9" * 19, None),
        ("9" * 10_000, None),
    ],
)
def test_whole_number_takes_ascii_digits_only(raw, number):
    assert whole_number(raw) == number


def test_whole_number_honours_its_minimum():
    assert whole_number("0", minimum=0) == 0
    assert whole_number("4", minimum=5) is None


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["%C2%B2", "%D9%A3", "%E0%A5%A7", "9" * 10_000, "0"])
def test_an_odd_page_number_is_a_404_on_every_list(page):
    make_article()
    for name in ["articles:home", "articles:topics", "articles:archive", "articles:search"]:
        response = Client().get(f"{reverse(name)}?q=article&page={page}")
        assert response.status_code in {200, 404}, name  # pages without a list ignore it
    assert Client().get(f"{reverse('articles:home')}?page={page}").status_code == 404


@pytest.mark.django_db
def test_an_odd_version_number_is_refused_on_downloads_and_the_api():
    dataset = make_article(charts=[make_chart()]).placements.get().chart.dataset
    csv = reverse("datasets:download", kwargs={"slug": dataset.slug})
    assert Client().get(f"{csv}?version=%C2%B2").status_code == 404
    for name in ["api:dataset-rows", "api:dataset-csv", "api:dataset-datapackage"]:
        url = reverse(name, kwargs={"slug": dataset.slug})
        for version in ["%C2%B2", "9" * 10_000, "99999999999999999999"]:
            assert Client().get(f"{url}?version={version}").status_code == 400, name


@pytest.mark.django_db
def test_nul_in_an_address_is_a_400_before_any_view():
    for url in ["/search/?q=%00", "/search/?q=a%00b", "/preview/%00/", "/?%00=1"]:
        response = Client().get(url)
        assert response.status_code == 400, url
        assert "NUL" in response.content.decode()
        assert response["X-Content-Type-Options"] == "nosniff"  # the other middleware ran
    dataset = make_dataset()
    rows = reverse("api:dataset-rows", kwargs={"slug": dataset.slug})
    response = Client().get(f"{rows}?country=%00")
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]
