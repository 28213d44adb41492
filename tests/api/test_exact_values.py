"""The API serves numbers with the digits they were uploaded with, and refuses the rest."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from datasets.models import Dataset
from tests.factories import make_dataset

pytestmark = pytest.mark.django_db


def test_the_api_refuses_a_five_thousand_digit_number_with_a_400(staff_api):
    content = b"region,count\nNorth," + b"9" * 5000 + b"\n"
    data = {
        "title": "Counts",
        "source_name": "An office",
        "licence": "CC0-1.0",
        "file": SimpleUploadedFile("data.csv", content, content_type="text/csv"),
    }
    response = staff_api.post(reverse("api:dataset-list"), data, format="multipart")
    assert response.status_code == 400
    assert "beyond the numbers this importer stores" in response.json()["detail"]
    assert not Dataset.objects.exists()


def test_rows_api_serves_exact_numbers(staff_api):
    make_dataset(content=b"id,amount\n12345678901234567890,1.10\n", slug="exact")
    response = staff_api.get(reverse("api:dataset-rows", args=["exact"]))
    assert b'"id":12345678901234567890' in response.content
    assert b'"amount":1.10' in response.content
    assert json.loads(response.content)["results"][0]["id"] == 12345678901234567890
