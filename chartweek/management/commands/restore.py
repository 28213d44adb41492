"""Restore an archive made by `backup` into an empty, migrated database: `make restore`."""

import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.models import Article
from datasets.models import Dataset


def _read(archive: tarfile.TarFile, member: str | tarfile.TarInfo) -> bytes:
    """A regular file's bytes (extractfile answers None for anything else)."""
    found = archive.extractfile(member)
    if found is None:
        raise CommandError(f"{member} is not a file in this backup.")
    return found.read()


class Command(BaseCommand):
    help = "Restore the database and media files from a backup archive into an empty site."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--force", action="store_true", help="Restore even if the site already has content."
        )

    def handle(self, *args, path, force, **options):
        if not path.is_file():
            raise CommandError(f"No backup at {path}.")
        if not force and (Article.objects.exists() or Dataset.objects.exists()):
            raise CommandError("This site already has content; restore into an empty database.")
        with tarfile.open(path, "r:gz") as archive, tempfile.TemporaryDirectory() as folder:
            members = archive.getmembers()
            names = {m.name for m in members}
            if "data.xml" not in names:
                raise CommandError(f"{path} is not a chartweek backup (no data.xml).")
            fixture = Path(folder) / "data.xml"
            fixture.write_bytes(_read(archive, "data.xml"))
            with transaction.atomic():
                call_command("loaddata", str(fixture), verbosity=0)
            count = 0
            for member in members:
                name = PurePosixPath(member.name)
                if not member.isfile() or name.parts[0] != "media" or ".." in name.parts:
                    continue
                stored = str(PurePosixPath(*name.parts[1:]))
                if default_storage.exists(stored):
                    default_storage.delete(stored)
                saved = default_storage.save(stored, ContentFile(_read(archive, member)))
                if saved != stored:
                    raise CommandError(f"Could not restore {stored} under its own name.")
                count += 1
        self.stdout.write(
            self.style.SUCCESS(f"Restored the database and {count} media files from {path}")
        )
