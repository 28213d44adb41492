import errno
import json

import pytest
from django.core.files.base import ContentFile

from chartweek.storage import AtomicFileSystemStorage, StaticFilesStorage


class Failing(ContentFile):
    """Writes one chunk, then the disk is full."""

    def chunks(self, chunk_size=None):
        yield b"half a file"
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_failed_write_leaves_no_partial_file(tmp_path):
    storage = AtomicFileSystemStorage(location=tmp_path)
    with pytest.raises(OSError, match="No space left"):
        storage.save("datasets/x/data.csv", Failing(b""))
    assert not (tmp_path / "datasets" / "x" / "data.csv").exists()
    assert storage.save("ok.csv", ContentFile(b"fine")) == "ok.csv"


def _manifest(location, paths):
    (location / "staticfiles.json").write_text(json.dumps({"version": "1.1", "paths": paths}))


def test_static_addresses_are_looked_up_once_per_name(tmp_path, settings, monkeypatch):
    settings.DEBUG = False
    _manifest(tmp_path, {"css/site.css": "css/site.abc123.css"})
    storage = StaticFilesStorage(location=tmp_path, base_url="/static/")
    lookups = []
    stored_name = storage.stored_name

    def counted(name):
        lookups.append(name)
        return stored_name(name)

    monkeypatch.setattr(storage, "stored_name", counted)

    assert storage.url("css/site.css") == "/static/css/site.abc123.css"
    assert storage.url("css/site.css") == "/static/css/site.abc123.css"
    assert lookups == ["css/site.css"]

    # A manifest read again (hashed anew) is looked up again.
    _manifest(tmp_path, {"css/site.css": "css/site.def456.css"})
    storage.hashed_files, storage.manifest_hash = storage.load_manifest()
    assert storage.url("css/site.css") == "/static/css/site.def456.css"
    # DEBUG serves the unhashed names, asked at each call.
    settings.DEBUG = True
    assert storage.url("css/site.css") == "/static/css/site.css"
