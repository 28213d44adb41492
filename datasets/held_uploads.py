"""Uploads kept across a form that failed on another field.

An editor who chooses a 40 MB file and forgets the source name should not have
to find the file again: the dataset form keeps the upload here and shows
"Kept: NAME, 1.2 MB"; sending the form again without a file uses it.

What the browser carries is a signed token naming the stored copy and the
editor it belongs to, never a path it could choose; a token is good for
MAX_AGE, for its own editor only. Each editor holds at most MAX_PER_EDITOR
files (the oldest go first), and copies older than MAX_AGE are swept whenever
an editor's upload is held, so the holding area stays bounded with no job.
"""

import contextlib
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.text import get_valid_filename

HELD_DIR = "held-uploads"
MAX_AGE = timedelta(hours=6)
MAX_PER_EDITOR = 3
_SALT = "datasets.held-upload"


@dataclass(frozen=True)
class Held:
    """An upload kept for its editor: where it is stored, its name and size."""

    path: str
    name: str
    size: int

    @property
    def size_text(self) -> str:
        for unit, scale in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
            if self.size >= scale:
                return f"{self.size / scale:.1f} {unit}"
        return f"{self.size} bytes"


def _folder(user) -> str:
    return f"{HELD_DIR}/{int(user.pk)}"


def hold(upload: File, *, user) -> tuple[Held, str]:
    """Store `upload` for `user`; the Held copy and the token the form carries."""
    sweep(user=user, keep=MAX_PER_EDITOR - 1)
    name = (upload.name or "upload").rsplit("/", 1)[-1][:120]
    safe = get_valid_filename(name) or "upload"
    path = default_storage.save(f"{_folder(user)}/{uuid.uuid4().hex}/{safe}", upload)
    held = Held(path=path, name=name, size=default_storage.size(path))
    token = signing.dumps(
        {"path": held.path, "name": held.name, "size": held.size, "user": user.pk}, salt=_SALT
    )
    return held, token


def claim(token: str, *, user) -> Held | None:
    """The upload `token` names, if it is `user`'s, recent and still stored; else None."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("user") != user.pk:
        return None
    path = data.get("path")
    if not isinstance(path, str) or not path.startswith(_folder(user) + "/"):
        return None
    if not default_storage.exists(path):
        return None
    return Held(path=path, name=str(data.get("name", "upload")), size=int(data.get("size", 0)))


def open_held(held: Held) -> File:
    """The kept file, open for reading, under its original name."""
    file = default_storage.open(held.path, "rb")
    file.name = held.name
    return file


def release(held: Held) -> None:
    """Forget a kept upload once it has been used."""
    folder = held.path.rsplit("/", 1)[0]
    default_storage.delete(held.path)
    with contextlib.suppress(OSError):  # the per-upload folder, on storages that have them
        default_storage.delete(folder)


def sweep(*, user, keep: int = MAX_PER_EDITOR) -> None:
    """Delete `user`'s kept uploads older than MAX_AGE, and all but the newest `keep`."""
    folder = _folder(user)
    try:
        entries, _ = default_storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    held = []
    for entry in entries:
        try:
            files = default_storage.listdir(f"{folder}/{entry}")[1]
        except (FileNotFoundError, NotADirectoryError):
            continue
        for name in files:
            path = f"{folder}/{entry}/{name}"
            held.append((default_storage.get_modified_time(path), path))
    held.sort(reverse=True)
    too_old = timezone.now() - MAX_AGE
    for index, (modified, path) in enumerate(held):
        if index >= keep or modified < too_old:
            release(Held(path=path, name="", size=0))
