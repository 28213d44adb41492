"""Large uploads through the API go to the task worker: 202, and a job to follow."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from datasets import ingest
from datasets.models import Dataset, ImportJob
from tests.api.conftest import token_client
from tests.factories import make_editor, make_user

pytestmark = pytest.mark.django_db

BIG = b"region,count\n" + b"".join(f"r{i},{i}\n".encode() for i in range(30000))


@pytest.fixture(autouse=True)
def _small_threshold(settings):
    settings.DATASET_BACKGROUND_BYTES = 1000


def big_dataset():
    return {
        "title": "Regional counts",
        "source_name": "An office",
        "licence": "CC0-1.0",
        "file": SimpleUploadedFile("big.csv", BIG, content_type="text/csv"),
    }


@pytest.fixture
def no_parsing_in_the_request(monkeypatch):
    def parsed(*args, **kwargs):
        raise AssertionError("the upload was parsed inside the request")

    monkeypatch.setattr(ingest, "inspect", parsed)
    return monkeypatch


def test_a_large_new_dataset_is_accepted_and_read_by_the_worker(
    staff_api, no_parsing_in_the_request, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = staff_api.post(reverse("api:dataset-list"), big_dataset(), format="multipart")
    assert response.status_code == 202, response.json()
    job = ImportJob.objects.get()
    assert response["Location"] == f"/api/v1/imports/{job.pk}/"
    body = response.json()
    assert (body["state"], body["finished"], body["dataset"]) == ("queued", False, None)
    assert not Dataset.objects.exists()

    no_parsing_in_the_request.undo()
    for callback in callbacks:  # the commit: the worker (immediate in tests) runs
        callback()
    status = staff_api.get(response["Location"]).json()
    assert (status["state"], status["finished"], status["rows_read"]) == ("done", True, 30000)
    assert status["dataset"].endswith("/api/v1/datasets/regional-counts/")
    assert status["version"] == 1


def test_a_large_new_version_is_accepted(staff_api, published, no_parsing_in_the_request):
    url = reverse("api:dataset-versions", args=["ai-papers"])
    big = SimpleUploadedFile("big.csv", BIG, content_type="text/csv")
    response = staff_api.post(url, {"file": big, "note": "Bigger"}, format="multipart")
    assert response.status_code == 202, response.json()
    job = ImportJob.objects.get()
    assert (job.dataset.slug, job.note) == ("ai-papers", "Bigger")


def test_a_job_is_shown_only_to_its_uploader_and_staff_who_may_change_data(
    staff_api, api, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        response = staff_api.post(reverse("api:dataset-list"), big_dataset(), format="multipart")
    url = response["Location"]
    assert staff_api.get(url).status_code == 200
    assert api.get(url).status_code == 404  # anonymous
    assert token_client(make_user()).get(url).status_code == 404  # not staff
    assert token_client(make_user(is_staff=True)).get(url).status_code == 404  # no permission
    assert token_client(make_editor()).get(url).status_code == 200  # an editor may change data
    assert api.get("/api/v1/imports/999999/").status_code == 404
