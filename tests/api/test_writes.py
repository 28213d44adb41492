import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from datasets.models import Dataset

pytestmark = pytest.mark.django_db


def csv_file(content=b"region,count\nNorth,3\nSouth,4\n", name="data.csv"):
    return SimpleUploadedFile(name, content, content_type="text/csv")


def new_dataset(**fields):
    return {
        "title": "Regional counts",
        "source_name": "An office",
        "licence": "CC0-1.0",
        "description": "Counts by region.",
        "file": csv_file(),
        **fields,
    }


def test_staff_create_a_dataset_with_its_first_file(staff_api, api):
    response = staff_api.post(
        reverse("api:dataset-list"), new_dataset(note="First upload"), format="multipart"
    )
    assert response.status_code == 201, response.json()
    assert response["Location"] == "/api/v1/datasets/regional-counts/"
    body = response.json()
    assert body["slug"] == "regional-counts"
    assert body["rows"] == 2
    assert [f["type"] for f in body["schema"]["fields"]] == ["string", "integer"]
    assert body["versions"][0]["note"] == "First upload"
    dataset = Dataset.objects.get(slug="regional-counts")
    assert dataset.created_by.username == "api-editor"
    assert dataset.current_version.created_by.username == "api-editor"
    assert dataset.current_version.ordered_rows() == [
        ["North", 3],
        ["South", 4],
    ]
    # Not in any published article yet: readers do not see it, its editor does.
    assert api.get(response["Location"]).status_code == 404
    assert staff_api.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(("sent", "kept"), [(None, True), ("true", True), ("false", False)])
def test_redistributable_defaults_to_true_as_on_the_model(staff_api, sent, kept):
    fields = {} if sent is None else {"redistributable": sent}
    response = staff_api.post(
        reverse("api:dataset-list"), new_dataset(**fields), format="multipart"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["redistributable"] is kept
    assert Dataset.objects.get(slug="regional-counts").redistributable is kept
    assert Dataset._meta.get_field("redistributable").default is True


def test_a_file_the_ingest_refuses_is_a_400_with_its_reason_and_nothing_is_saved(staff_api):
    data = new_dataset(file=csv_file(b"region,count\nNorth,3,9\n"))
    response = staff_api.post(reverse("api:dataset-list"), data, format="multipart")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "file: This row has 3 cells but the header has 2. (row 2)"
    assert body["errors"]["file"] == ["This row has 3 cells but the header has 2. (row 2)"]
    assert not Dataset.objects.exists()


def test_missing_metadata_is_a_400_per_field(staff_api):
    response = staff_api.post(reverse("api:dataset-list"), {"file": csv_file()}, format="multipart")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) >= {"title", "source_name", "licence"}


def test_a_slug_in_use_is_refused(staff_api, published):
    response = staff_api.post(
        reverse("api:dataset-list"), new_dataset(slug="ai-papers"), format="multipart"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "slug: A dataset called “ai-papers” exists already."


def test_staff_upload_a_new_version_and_charts_keep_theirs(staff_api, published):
    dataset, chart, _ = published
    url = reverse("api:dataset-versions", args=["ai-papers"])
    data = {"file": csv_file(b"country,papers\nChina,10000\n"), "note": "2022 figures"}
    response = staff_api.post(url, data, format="multipart")
    assert response.status_code == 201, response.json()
    assert response.json() == {
        "number": 2,
        "created": response.json()["created"],
        "rows": 1,
        "columns": ["country", "papers"],
        "note": "2022 figures",
    }
    assert response["Location"] == "/api/v1/datasets/ai-papers/rows/?version=2"
    dataset.refresh_from_db()
    chart.refresh_from_db()
    assert dataset.current_version.number == 2
    assert chart.version.number == 1


def test_a_refused_version_leaves_the_dataset_as_it_was(staff_api, published):
    dataset, _, _ = published
    url = reverse("api:dataset-versions", args=["ai-papers"])
    response = staff_api.post(url, {"file": csv_file(b"1,2\n3,4\n")}, format="multipart")
    assert response.status_code == 400
    assert "not column names" in response.json()["detail"]
    assert dataset.versions.count() == 1


def test_a_version_for_an_unknown_dataset_is_404(staff_api, db):
    url = reverse("api:dataset-versions", args=["nope"])
    response = staff_api.post(url, {"file": csv_file()}, format="multipart")
    assert response.status_code == 404


def test_a_session_write_needs_the_csrf_token(editor, published):
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(editor)
    url = reverse("api:dataset-versions", args=["ai-papers"])
    response = api.post(url, {"file": csv_file()}, format="multipart")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_a_slug_taken_during_the_import_is_a_400_on_the_slug(staff_api):
    from unittest import mock

    from datasets import ingest

    real_create = ingest._create

    def create_after_a_rival(dataset):  # another upload wins the race for the slug
        Dataset.objects.create(title="Rival", slug=dataset.slug, source_name="x")
        real_create(dataset)

    with (
        mock.patch.object(ingest, "_create", create_after_a_rival),
        mock.patch.object(Dataset, "full_clean"),
    ):
        response = staff_api.post(reverse("api:dataset-list"), new_dataset(), format="multipart")
    assert response.status_code == 400
    assert "took the address “regional-counts”" in response.json()["errors"]["slug"][0]
    assert not Dataset.objects.exists()  # the rival was in the rolled-back transaction


@pytest.mark.parametrize(("redistributable", "status"), [("true", 400), ("false", 201)])
def test_all_rights_reserved_data_is_refused_when_offered_for_download(
    staff_api, redistributable, status
):
    data = new_dataset(licence="all-rights-reserved", redistributable=redistributable)
    response = staff_api.post(reverse("api:dataset-list"), data, format="multipart")
    assert response.status_code == status, response.json()
    if status == 400:
        assert "“All rights reserved”" in response.json()["errors"]["redistributable"][0]
        assert not Dataset.objects.exists()
