"""Write the site's data and media to one archive: `make backup`.

The database goes in as Django fixtures (XML, natural keys; XML keeps times to
the microsecond where Django's JSON fixtures round to milliseconds), so the
archive restores into SQLite or PostgreSQL alike; media files are copied from
the default storage (local disk or S3).
"""

import io
import tarfile
import time
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand

# Rebuilt by migrate, or not worth keeping (sessions, lockouts, task results).
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
    "axes",
    "django_tasks_database",
    # Derived: pages render them again on first read, or `rebuildpages` does at once.
    "articles.renderedarticle",
    "charts.renderedchart",
]


def walk(storage, folder=""):
    """Every file name under `folder` in `storage`."""
    folders, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from walk(storage, f"{folder}/{sub}" if folder else sub)


class Command(BaseCommand):
    help = "Back up the database (as fixtures) and the media files to a .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", type=Path)

    def handle(self, *args, path=None, **options):
        path = path or Path("backups") / f"chartweek-{time.strftime('%Y%m%d-%H%M%S')}.tar.gz"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = io.StringIO()
        call_command(
            "dumpdata",
            natural_foreign=True,
            natural_primary=True,
            exclude=EXCLUDED,
            format="xml",
            stdout=data,
        )
        count = 0
        with tarfile.open(path, "w:gz") as archive:
            _add(archive, "data.xml", data.getvalue().encode())
            try:
                names = list(walk(default_storage))
            except FileNotFoundError:
                names = []
            for name in names:
                with default_storage.open(name, "rb") as handle:
                    _add(archive, f"media/{name}", handle.read())
                count += 1
        self.stdout.write(
            self.style.SUCCESS(f"Backed up the database and {count} media files to {path}")
        )


def _add(archive, name, content: bytes):
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(time.time())
    archive.addfile(info, io.BytesIO(content))
