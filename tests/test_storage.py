import errno

import pytest
from django.core.files.base import ContentFile

from chartweek.storage import AtomicFileSystemStorage


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
