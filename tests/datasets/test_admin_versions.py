import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from charts.config import plotted_table
from charts.models import Chart
from datasets.models import Dataset
from tests.datasets.corpus_table import BAD_FILES, CORPUS, GOOD_FILES
from tests.factories import (
    add_version,
    chart_form,
    dataset_change_form,
    dataset_form,
    make_chart,
    make_dataset,
)

pytestmark = pytest.mark.django_db


def post_change(client, dataset, **changes):
    return client.post(
        reverse("admin:datasets_dataset_change", args=[dataset.pk]),
        dataset_change_form(client, dataset, **changes),
        follow=True,
    )


def test_pasted_cells_create_a_dataset(editor_client):
    data = dataset_form(b"", paste="country\tpapers\nChina\t9,660\nUK\t3,560")
    data["upload"] = ""
    response = editor_client.post(reverse("admin:datasets_dataset_add"), data, follow=True)
    assert "Read 2 rows and 2 columns (UTF-8 text, tab-separated)." in response.content.decode()
    version = Dataset.objects.get().current_version
    assert version.format == "paste"
    assert version.ordered_rows() == [["China", 9660], ["UK", 3560]]


def test_file_and_paste_together_is_refused(editor_client):
    data = dataset_form(b"a,b\n1,2\n", paste="a\tb\n1\t2")
    response = editor_client.post(reverse("admin:datasets_dataset_add"), data)
    assert "Give a file or pasted text, not both." in response.content.decode()
    assert not Dataset.objects.exists()


def test_workbook_sheet_chosen_in_the_admin(editor_client):

    data = dataset_form(b"", sheet="Detail")
    data["upload"] = SimpleUploadedFile("w.xlsx", (CORPUS / "workbook.xlsx").read_bytes())
    response = editor_client.post(reverse("admin:datasets_dataset_add"), data, follow=True)
    assert "(Excel workbook, sheet “Detail”)" in response.content.decode()
    assert Dataset.objects.get().current_version.column_names() == ["year", "count"]


def test_column_titles_units_and_descriptions_are_kept_without_a_new_version(editor_client):
    dataset = make_dataset()
    post_change(
        editor_client,
        dataset,
        column_1_title="AI papers",
        column_1_unit="papers",
        column_1_description="Co-authored publications",
    )
    dataset.refresh_from_db()
    assert dataset.versions.count() == 1
    assert dataset.column("papers") == {
        "name": "papers",
        "type": "integer",
        "title": "AI papers",
        "unit": "papers",
        "description": "Co-authored publications",
    }


def test_changing_a_column_type_reads_the_data_again_as_a_new_version(editor_client):
    dataset = make_dataset()
    response = post_change(editor_client, dataset, column_1_type="string")
    assert response.status_code == 200
    dataset.refresh_from_db()
    assert dataset.current_version.number == 2
    assert dataset.current_version.column_type("papers") == "string"
    assert dataset.current_version.ordered_rows()[0] == ["United States", "9660", 0.5]
    assert "Column types changed: papers → string" in dataset.current_version.note


def test_a_type_the_values_do_not_fit_is_an_error_naming_row_and_column(editor_client):
    dataset = make_dataset()
    response = post_change(editor_client, dataset, column_0_type="integer")
    html = response.content.decode()
    assert "“United States” is not a number, but the column holds integer values" in html
    assert "(row 2, column “country”)" in html
    dataset.refresh_from_db()
    assert dataset.versions.count() == 1


def test_uploading_new_data_adds_a_version_and_charts_keep_theirs(editor_client):
    chart = make_chart()
    dataset = chart.dataset
    response = post_change(
        editor_client,
        dataset,
        upload=SimpleUploadedFile("v2.csv", b"country,papers,share\nChina,1,0.1\n"),
        version_note="2022 figures",
    )
    assert response.status_code == 200
    dataset.refresh_from_db()
    chart.refresh_from_db()
    assert dataset.current_version.number == 2
    assert chart.version.number == 1
    assert plotted_table(chart)[1][0] == ["United States", 9660]
    html = editor_client.get(reverse("admin:charts_chart_changelist")).content.decode()
    assert "v1 (v2 available)" in html


def test_moving_charts_to_the_latest_data(editor_client):
    chart = make_chart()
    stuck = make_chart(dataset=chart.dataset, value_columns=["share"])
    add_version(chart.dataset, b"country,papers\nChina,1\n")
    response = editor_client.post(
        reverse("admin:charts_chart_changelist"),
        {"action": "move_to_latest_data", "_selected_action": [chart.pk, stuck.pk]},
        follow=True,
    )
    chart.refresh_from_db()
    stuck.refresh_from_db()
    assert chart.version.number == 2
    assert stuck.version.number == 1  # v2 has no "share" column
    html = response.content.decode()
    assert "Moved 1 chart(s)" in html
    assert "“share” is not a column of" in html


def test_history_lists_versions_and_compare_shows_what_changed(editor_client):
    dataset = make_dataset()
    add_version(
        dataset,
        b"country,papers,region\nUnited States,9700,Americas\nChina,8000,Asia\n",
        note="Added China",
    )
    page = editor_client.get(reverse("admin:datasets_dataset_change", args=[dataset.pk]))
    html = page.content.decode()
    assert "Added China" in html
    compare = reverse("admin:datasets_dataset_compare", args=[dataset.pk])
    assert f"{compare}?old=1&amp;new=2" in html
    diff = editor_client.get(compare, {"old": 1, "new": 2}).context["diff"]
    assert diff.key == "country"
    assert diff.columns_added == ["region"]
    assert diff.columns_removed == ["share"]
    assert diff.rows_added == ["China"]
    assert diff.rows_removed == ["United Kingdom"]
    assert diff.rows_changed == [("United States", [("papers", 9660, 9700)])]


def test_compare_needs_two_real_versions(editor_client):
    dataset = make_dataset()
    response = editor_client.get(
        reverse("admin:datasets_dataset_compare", args=[dataset.pk]), {"old": 1, "new": 7}
    )
    assert "Choose two versions" in response.content.decode()


def test_new_chart_takes_the_latest_version(editor_client):

    dataset = make_dataset()
    add_version(dataset, b"country,papers,share\nChina,1,0.5\n")
    editor_client.post(reverse("admin:charts_chart_add"), chart_form(dataset))
    assert Chart.objects.get().version.number == 2


@pytest.mark.parametrize("name", sorted(GOOD_FILES))
def test_every_good_corpus_file_imports_through_the_admin(editor_client, name):
    data = dataset_form(b"", name=name)
    data["upload"] = SimpleUploadedFile(name, (CORPUS / name).read_bytes())
    editor_client.post(reverse("admin:datasets_dataset_add"), data)
    version = Dataset.objects.get().current_version
    assert version.ordered_rows() == GOOD_FILES[name][1]


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_every_bad_corpus_file_is_refused_on_the_admin_form(editor_client, name):
    data = dataset_form(b"", name=name)
    data["upload"] = SimpleUploadedFile(name, (CORPUS / name).read_bytes())
    response = editor_client.post(reverse("admin:datasets_dataset_add"), data)
    assert response.status_code == 200
    # Django's own form check answers first for an empty file.
    message = "The submitted file is empty." if name == "empty.csv" else BAD_FILES[name]
    assert escape(message) in response.content.decode()
    assert not Dataset.objects.exists()
