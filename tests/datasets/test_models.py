import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from charts.models import Chart, ChartType
from datasets.models import Dataset, DatasetVersion
from tests.factories import build_chart, make_article, make_chart, make_dataset

pytestmark = pytest.mark.django_db


def test_dataset_slug_is_unique():
    make_dataset(slug="same")
    with pytest.raises(IntegrityError):
        Dataset.objects.create(title="x", slug="same", source_name="s")


def test_a_version_needs_at_least_one_column_and_numbers_are_unique_per_dataset():
    dataset = make_dataset()
    with transaction.atomic(), pytest.raises(IntegrityError):
        DatasetVersion.objects.create(dataset=dataset, number=9, column_count=0, format="csv")
    with transaction.atomic(), pytest.raises(IntegrityError):
        DatasetVersion.objects.create(dataset=dataset, number=1, column_count=1, format="csv")


def test_chart_columns_must_come_from_its_own_dataset():
    dataset = make_dataset()
    other = make_dataset(content=b"region,total\nNorth,1\n")
    chart = build_chart(
        dataset=dataset,
        title="t",
        alt_text="a",
        label_column="region",
        value_columns=["total"],
    )
    with pytest.raises(ValidationError) as caught:
        chart.full_clean()
    assert "region" in other.column_names()
    assert "is not a column of" in str(caught.value.message_dict["label_column"])
    assert "“total” is not a column of" in str(caught.value.message_dict["value_columns"])


def test_chart_value_columns_must_be_numeric_and_not_the_label():
    dataset = make_dataset()
    chart = build_chart(
        dataset=dataset,
        title="t",
        alt_text="a",
        label_column="country",
        value_columns=["country"],
    )
    with pytest.raises(ValidationError, match="holds string values, not numbers"):
        chart.full_clean()


def test_chart_needs_a_value_column():
    chart = build_chart(
        dataset=make_dataset(), title="t", alt_text="a", label_column="country", value_columns=[]
    )
    with pytest.raises(ValidationError, match="at least one column"):
        chart.full_clean()


def test_doughnut_takes_one_series_and_no_log_scale():
    chart = build_chart(
        dataset=make_dataset(),
        title="t",
        alt_text="a",
        chart_type=ChartType.DOUGHNUT,
        label_column="country",
        value_columns=["papers", "share"],
        log_scale=True,
    )
    with pytest.raises(ValidationError) as caught:
        chart.full_clean()
    assert "exactly one column" in str(caught.value.message_dict["value_columns"])
    assert "log_scale" in caught.value.message_dict


def test_log_scale_refuses_zero_or_negative_values():
    dataset = make_dataset(content=b"k,v\na,10\nb,0\n")
    chart = build_chart(
        dataset=dataset,
        title="t",
        alt_text="a",
        label_column="k",
        value_columns=["v"],
        log_scale=True,
    )
    with pytest.raises(ValidationError, match="above zero"):
        chart.full_clean()


def test_alt_text_is_required():
    chart = build_chart(
        dataset=make_dataset(), title="t", label_column="country", value_columns=["papers"]
    )
    with pytest.raises(ValidationError) as caught:
        chart.full_clean()
    assert "alt_text" in caught.value.message_dict


def test_published_charts_and_datasets_are_those_in_published_articles():
    shown = make_chart()
    hidden = make_chart()
    unused = make_chart()
    make_article(charts=[shown])
    make_article(charts=[hidden], published=False)
    assert list(Chart.objects.published()) == [shown]
    assert list(Dataset.objects.published()) == [shown.dataset]
    assert unused not in Chart.objects.published()


def test_dataset_in_use_cannot_be_deleted():
    chart = make_chart()
    with pytest.raises(IntegrityError):
        chart.dataset.delete()


def test_a_datasets_current_version_cannot_be_deleted_on_its_own():
    dataset = make_dataset()
    with pytest.raises(IntegrityError):
        dataset.current_version.delete()


def test_a_datasets_url_is_its_page_not_its_csv():
    dataset = make_dataset(slug="prices")
    assert dataset.get_absolute_url() == reverse("datasets:detail", args=["prices"])
