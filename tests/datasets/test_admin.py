from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from charts.models import Chart
from datasets import held_uploads
from datasets.models import Dataset
from tests.factories import make_chart, make_dataset, make_editor, make_user

pytestmark = pytest.mark.django_db


def dataset_form(content, name="papers.csv", **fields):
    return {
        "title": "AI papers",
        "slug": "ai-papers",
        "description": "",
        "source_name": "Stanford HAI",
        "source_url": "",
        "licence": "CC-BY-4.0",
        "attribution": "",
        "temporal_coverage": "",
        "redistributable": "on",
        "upload": SimpleUploadedFile(name, content, content_type="text/csv"),
        "paste": "",
        "sheet": "",
        **fields,
    }


def test_uploading_a_good_csv_saves_the_parsed_table_and_stamps_the_editor(editor_client, editor):
    response = editor_client.post(
        reverse("admin:datasets_dataset_add"),
        dataset_form(b"pair,papers\nUS-China,9660\nUS-UK,3560\n"),
        follow=True,
    )
    assert response.status_code == 200
    dataset = Dataset.objects.get(slug="ai-papers")
    version = dataset.current_version
    assert version.columns == [
        {"name": "pair", "type": "string"},
        {"name": "papers", "type": "integer"},
    ]
    assert version.ordered_rows() == [["US-China", 9660], ["US-UK", 3560]]
    assert dataset.created_by == editor
    assert version.created_by == editor
    assert "Read 2 rows and 2 columns (UTF-8 text, comma-separated)." in response.content.decode()


def test_change_page_previews_the_table_with_column_types(editor_client):
    dataset = make_dataset()
    response = editor_client.get(reverse("admin:datasets_dataset_change", args=[dataset.pk]))
    html = response.content.decode()
    assert "2 rows × 3 columns" in html
    assert '<span class="chartweek-type">integer</span>' in html
    assert "United Kingdom" in html
    assert f"?dataset={dataset.pk}" in html  # the "make a chart" link


def test_a_file_that_cannot_be_parsed_is_an_error_on_the_form_and_saves_nothing(
    editor_client, settings
):
    response = editor_client.post(
        reverse("admin:datasets_dataset_add"), dataset_form(b"a,b\n1,2\n3,4,5\n")
    )
    assert response.status_code == 200
    assert "This row has 3 cells but the header has 2. (row 3)" in response.content.decode()
    assert not Dataset.objects.exists()
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.csv"))


def test_chart_form_offers_the_datasets_own_columns(editor_client):
    dataset = make_dataset()
    response = editor_client.get(reverse("admin:charts_chart_add") + f"?dataset={dataset.pk}")
    html = response.content.decode()
    assert "papers (integer)" in html
    form = response.context["adminform"].form
    assert [c[0] for c in form.fields["value_columns"].choices] == ["papers", "share"]
    assert [c[0] for c in form.fields["label_column"].choices][1:] == ["country", "papers", "share"]


def chart_form(dataset, **fields):
    return {
        "dataset": dataset.pk,
        "title": "Papers",
        "subtitle": "",
        "chart_type": "bar",
        "label_column": "country",
        "value_columns": ["papers"],
        "sort": "data",
        "number_format": "grouped",
        "locale": "en-GB",
        "unit": "",
        "headline_value": "",
        "headline_label": "",
        "headline_source": "",
        "source_line": "",
        "notes": "",
        "alt_text": "Bars.",
        **fields,
    }


def test_chart_is_created_from_the_datasets_columns(editor_client, editor):
    dataset = make_dataset()
    response = editor_client.post(reverse("admin:charts_chart_add"), chart_form(dataset))
    assert response.status_code == 302
    chart = Chart.objects.get()
    assert chart.spec.value_columns == ["papers"]
    assert chart.created_by == editor


def test_chart_column_from_another_dataset_is_rejected_with_a_message(editor_client):
    dataset = make_dataset()
    make_dataset(content=b"region,total\nNorth,1\n")
    response = editor_client.post(
        reverse("admin:charts_chart_add"),
        chart_form(dataset, label_column="region", value_columns=["total"]),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Select a valid choice. region is not one of the available choices." in html
    assert not Chart.objects.exists()


def test_chart_model_validation_message_reaches_the_form(editor_client):
    dataset = make_dataset()
    response = editor_client.post(
        reverse("admin:charts_chart_add"),
        chart_form(dataset, chart_type="doughnut", value_columns=["papers", "share"]),
    )
    assert "A doughnut chart plots exactly one column." in response.content.decode()
    assert not Chart.objects.exists()


def test_chart_change_page_shows_a_live_preview(editor_client):
    chart = make_chart()
    response = editor_client.get(reverse("admin:charts_chart_change", args=[chart.pk]))
    html = response.content.decode()
    assert f'data-chart="chart-config-{chart.pk}"' in html
    assert "vendor/chartjs/chart.umd.min.js" in html
    assert "js/chart-preview.js" in html
    assert reverse("admin:charts_chart_preview", args=[chart.pk]) in html
    assert "Colour check:</strong> the colours can be told apart" in html


def test_preview_draws_unsaved_form_data_with_the_readers_template(editor_client):
    dataset = make_dataset()
    url = reverse("admin:charts_chart_preview")
    response = editor_client.post(
        url, chart_form(dataset, title="Not saved yet", chart_type="horizontal_bar")
    )
    assert response.status_code == 200
    html = response.json()["html"]
    assert '<figure class="chart" id="chart-preview"' in html
    assert "Not saved yet" in html
    assert '"indexAxis": "y"' in html  # the config, as json_script writes it
    assert not Chart.objects.exists()


def test_preview_of_a_saved_chart_uses_the_changed_fields_without_saving(editor_client):
    chart = make_chart(title="Before")
    url = reverse("admin:charts_chart_preview", args=[chart.pk])
    response = editor_client.post(url, chart_form(chart.dataset, title="After"))
    assert "After" in response.json()["html"]
    chart.refresh_from_db()
    assert chart.title == "Before"


def test_preview_lists_the_forms_errors(editor_client):
    dataset = make_dataset()
    response = editor_client.post(
        reverse("admin:charts_chart_preview"),
        chart_form(dataset, chart_type="pie", value_columns=["papers", "share"], alt_text=""),
    )
    assert response.status_code == 200
    errors = response.json()["errors"]
    assert "Alt text: This field is required." in errors
    assert "Value columns: A pie chart plots exactly one column." in errors


def test_preview_warns_about_colours(editor_client):
    dataset = make_dataset()
    response = editor_client.post(
        reverse("admin:charts_chart_preview"),
        chart_form(dataset, value_columns=["papers", "share"], colours="#D62728, #2CA02C"),
    )
    html = response.json()["html"]
    assert "hard to tell apart for readers with deuteranopia" in html


def test_preview_needs_permission_and_post(client, editor_client):
    chart = make_chart()
    url = reverse("admin:charts_chart_preview", args=[chart.pk])
    assert editor_client.get(url).status_code == 405
    viewer = make_user(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_chart"))
    client.force_login(viewer)
    assert client.post(url, chart_form(chart.dataset)).status_code == 403
    assert client.post(reverse("admin:charts_chart_preview")).status_code == 403
    client.logout()
    assert client.post(url, chart_form(chart.dataset)).status_code == 302  # to the login


def test_saving_with_hard_colours_saves_and_warns(editor_client):
    dataset = make_dataset()
    response = editor_client.post(
        reverse("admin:charts_chart_add"),
        chart_form(dataset, colours="#F0E442"),
        follow=True,
    )
    assert Chart.objects.get().spec.colours == ["#F0E442"]
    assert "Colours: “papers” (#F0E442) has a contrast of 1.3:1" in response.content.decode()


def test_reference_line_and_band_fields_become_the_specs_annotations(editor_client):
    dataset = make_dataset()
    fields = chart_form(
        dataset,
        line_axis="value", line_at="5,000", line_label="Goal",
        band_axis="category", band_from="United States", band_to="United Kingdom",
        band_label="Anglosphere",
    )  # fmt: skip
    response = editor_client.post(reverse("admin:charts_chart_add"), fields)
    assert response.status_code == 302
    chart = Chart.objects.get()
    assert chart.spec.dump()["annotations"] == [
        {"kind": "line", "axis": "value", "value": 5000, "label": "Goal"},
        {
            "kind": "band", "axis": "category", "from": "United States",
            "to": "United Kingdom", "label": "Anglosphere",
        },
    ]  # fmt: skip
    page = editor_client.get(reverse("admin:charts_chart_change", args=[chart.pk]))
    form = page.context["adminform"].form
    assert (form["line_at"].value(), form["band_to"].value()) == ("5000", "United Kingdom")


def test_an_annotation_error_shows_beside_its_fields(editor_client):
    dataset = make_dataset()
    response = editor_client.post(
        reverse("admin:charts_chart_add"),
        chart_form(dataset, line_axis="category", line_at="Mars", line_label="Nowhere"),
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["line_at"] == ["Reference line: “Mars” is not one of the labels."]
    assert not Chart.objects.exists()


def test_form_offers_x_and_line_columns_from_the_dataset(editor_client):
    dataset = make_dataset(content=b"day,a,b,name\n2024-01-01,1,2,x\n")
    response = editor_client.get(reverse("admin:charts_chart_add") + f"?dataset={dataset.pk}")
    form = response.context["adminform"].form
    assert [c[0] for c in form.fields["x_column"].choices] == ["", "day", "a", "b"]
    assert [c[0] for c in form.fields["line_columns"].choices] == ["a", "b"]


def test_admin_pages_need_staff(client):
    response = client.get(reverse("admin:datasets_dataset_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_a_full_storage_while_saving_is_a_message_on_the_form_not_a_500(editor_client, monkeypatch):
    import errno

    from django.core.files.storage import FileSystemStorage

    def full(self, name, content, max_length=None):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "save", full)
    response = editor_client.post(
        reverse("admin:datasets_dataset_add"), dataset_form(b"a,b\nx,1\n"), follow=True
    )
    assert response.status_code == 200
    assert "no room left in the file storage" in response.content.decode()
    assert not Dataset.objects.exists()


def test_an_upload_is_kept_when_another_field_fails_and_used_on_the_next_try(
    editor_client, django_capture_on_commit_callbacks
):
    add = reverse("admin:datasets_dataset_add")
    first = editor_client.post(add, dataset_form(b"pair,papers\nUS-China,9660\n", source_name=""))
    assert first.status_code == 200  # the form again, with its error
    html = first.content.decode()
    assert "This field is required." in html
    assert "Kept from your last try: papers.csv, 26 bytes." in html
    token = first.context["adminform"].form.data["kept_upload"]
    # The editor fills in the source and sends the form again, choosing no file.
    again = dataset_form(b"", source_name="Stanford HAI", kept_upload=token)
    del again["upload"]
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(add, again)
    assert response.status_code == 302, response.content.decode()[:2000]
    dataset = Dataset.objects.get(slug="ai-papers")
    assert dataset.current_version.ordered_rows() == [["US-China", 9660]]
    assert dataset.current_version.original_name == "papers.csv"
    # Used once: the kept copy is gone, and its token is no good again.
    assert held_uploads.claim(token, user=dataset.created_by) is None


def test_a_kept_upload_is_its_editors_only_and_a_forged_token_is_refused(editor_client, editor):
    add = reverse("admin:datasets_dataset_add")
    first = editor_client.post(add, dataset_form(b"pair,papers\nUS-China,9660\n", source_name=""))
    token = first.context["adminform"].form.data["kept_upload"]
    other = make_editor(username="other")
    assert held_uploads.claim(token, user=other) is None
    assert held_uploads.claim(token + "x", user=editor) is None
    assert held_uploads.claim(token, user=editor).name == "papers.csv"
    forged = dataset_form(b"", kept_upload=token[:-3] + "abc")
    del forged["upload"]
    response = editor_client.post(add, forged)
    assert response.status_code == 200
    assert "The file kept from your last try is gone: choose it again." in response.content.decode()
    assert not Dataset.objects.exists()


def test_an_editor_holds_a_bounded_number_of_uploads(editor_client, editor):
    add = reverse("admin:datasets_dataset_add")
    for _ in range(held_uploads.MAX_PER_EDITOR + 3):
        editor_client.post(add, dataset_form(b"a,b\nx,1\n", source_name=""))
    folder = f"{held_uploads.HELD_DIR}/{editor.pk}"
    assert len(default_storage.listdir(folder)[0]) == held_uploads.MAX_PER_EDITOR


def test_all_rights_reserved_offered_for_download_is_an_error_on_the_dataset_form(editor_client):
    data = dataset_form(b"pair,papers\nUS-China,9660\n", licence="all-rights-reserved")
    response = editor_client.post(reverse("admin:datasets_dataset_add"), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "“All rights reserved”" in errors["redistributable"][0]
    assert not Dataset.objects.exists()
    # Unticking the download (or another licence) is accepted, with the kept file.
    token = response.context["adminform"].form.data["kept_upload"]
    fixed = dataset_form(b"", licence="all-rights-reserved", kept_upload=token)
    del fixed["upload"], fixed["redistributable"]
    assert editor_client.post(reverse("admin:datasets_dataset_add"), fixed).status_code == 302
    assert Dataset.objects.get().redistributable is False
