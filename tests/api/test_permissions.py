"""Who may do what: every endpoint and method, for each kind of client."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from datasets.models import Dataset
from tests.api.conftest import token_client
from tests.factories import make_user

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    "root": (),
    "dataset-list": (),
    "dataset-detail": ("ai-papers",),
    "dataset-versions": ("ai-papers",),
    "dataset-rows": ("ai-papers",),
    "dataset-csv": ("ai-papers",),
    "dataset-json": ("ai-papers",),
    "dataset-datapackage": ("ai-papers",),
    "chart-detail": ("chart",),
    "article-list": (),
    "article-detail": ("ai-story",),
    "schema": (),
    "docs": (),
}
WRITABLE = {"dataset-list": "datasets.add_dataset", "dataset-versions": "datasets.change_dataset"}
ACTORS = ["anonymous", "token without permission", "staff token without permission", "editor"]
METHODS = ["get", "post", "put", "patch", "delete"]


def client_for(actor):
    if actor == "anonymous":
        return APIClient()
    if actor == "token without permission":
        return token_client(make_user())
    staff = make_user(is_staff=True)
    if actor == "editor":
        staff.user_permissions.set(
            Permission.objects.filter(content_type__app_label__in=["datasets", "articles"])
        )
    return token_client(staff)


def expected(name, method, actor):
    if method == "get":
        return 200
    if name not in WRITABLE or method != "post":
        return 405  # nobody may: the method is not offered
    return {"anonymous": 401, "editor": 201}.get(actor, 403)


def upload():
    return {
        "title": "Uploaded",
        "slug": "uploaded",
        "source_name": "An office",
        "licence": "CC0-1.0",
        "file": SimpleUploadedFile("data.csv", b"region,count\nNorth,3\nSouth,4\n"),
    }


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("name", ENDPOINTS)
def test_permission_matrix(published, name, method, actor):
    _, chart, _ = published
    args = [chart.pk if a == "chart" else a for a in ENDPOINTS[name]]
    client = client_for(actor)
    url = reverse(f"api:{name}", args=args)
    if method == "get":
        response = client.get(url)
    else:
        response = getattr(client, method)(url, upload(), format="multipart")
    want = expected(name, method, actor)
    assert response.status_code == want, (response.status_code, getattr(response, "data", ""))
    if want >= 400:
        assert response["Content-Type"] == "application/json"
        assert response.json()["detail"]
    if want == 401:
        assert response["WWW-Authenticate"] == "Token"
    if want in (401, 403, 405):
        assert not Dataset.objects.filter(slug="uploaded").exists()
        assert published[0].versions.count() == 1
