"""Build the indexes every version's table should have and does not (issue 18).

An import commits before its indexes are built (datasets/indexing.py); a worker that
died meanwhile leaves them missing, or INVALID. This command completes them all,
idempotently: a version whose indexes are all there is left alone.

python manage.py buildindexes            # build them here, one version at a time
python manage.py buildindexes --queue    # leave them to the task worker
"""

from django.core.management.base import BaseCommand

from datasets import indexing, tables
from datasets.models import DatasetVersion


class Command(BaseCommand):
    help = "Build the missing (or invalid) indexes of the dataset versions' tables."

    def add_arguments(self, parser):
        parser.add_argument("--queue", action="store_true", help="Queue the builds instead.")

    def handle(self, *args, queue=False, **options):
        with_tables = set(tables.version_tables())
        versions = DatasetVersion.objects.filter(pk__in=with_tables).order_by("pk")
        done = 0
        for version in versions.iterator():
            if not indexing.pending(version):
                continue
            if queue:
                indexing.queue(version.pk)
            else:
                indexing.build(version.pk)
            done += 1
            self.stdout.write(f"{'queued' if queue else 'built'}: {version} (#{version.pk})")
        self.stdout.write(f"{done} version(s) {'queued' if queue else 'indexed'}.")
