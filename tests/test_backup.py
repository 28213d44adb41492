from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from articles.management.commands.loaddemo import ARTICLE_SLUG

pytestmark = pytest.mark.django_db(transaction=True)


def public_responses():
    """What readers and API consumers get, byte for byte."""
    client = Client()
    urls = [
        reverse("articles:home"),
        reverse("articles:detail", args=[ARTICLE_SLUG]),
        reverse("datasets:download", args=["ai-research-collaboration-2021"]),
        reverse("datasets:download", args=["ai-training-cost-reported"]),
        reverse("datasets:detail", args=["ai-training-compute"]),
        "/api/v1/datasets/",
        "/api/v1/datasets/ai-research-collaboration-2021/",
        "/api/v1/datasets/ai-research-collaboration-2021/rows/?papers__gte=1",
        "/api/v1/datasets/ai-training-cost-reported/data.json",
        "/api/v1/articles/",
    ]
    responses = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        responses[url] = body
    return responses


def test_backup_restores_into_a_fresh_database_serving_the_same_bytes(tmp_path, settings):
    call_command("loaddemo")
    before = public_responses()
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive))

    call_command("flush", interactive=False)  # a fresh, empty database, a cold cache
    cache.clear()
    for path in sorted(Path(settings.MEDIA_ROOT).rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    assert Client().get(reverse("articles:detail", args=[ARTICLE_SLUG])).status_code == 404

    call_command("restore", str(archive))
    assert public_responses() == before
    from datasets.models import DatasetVersion

    for version in DatasetVersion.objects.all():  # the uploaded files came back too
        assert version.file.storage.exists(version.file.name)


def test_restore_refuses_a_site_with_content_and_a_foreign_archive(tmp_path):
    call_command("loaddemo")
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive))
    with pytest.raises(CommandError, match="already has content"):
        call_command("restore", str(archive))
    with pytest.raises(CommandError, match="No backup at"):
        call_command("restore", str(tmp_path / "missing.tar.gz"))
