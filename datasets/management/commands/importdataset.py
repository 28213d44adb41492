"""Import a data file from the command line, through the same service as the admin and API.

A file the ingest would take long over goes to the task worker, as it does from
the admin and the API (datasets.services decides): the command then says which
import job to follow.

python manage.py importdataset data.csv --title "AI papers" --source "Stanford HAI"
python manage.py importdataset data-2025.xlsx --replace ai-papers --note "2025 figures"
"""

import time
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils.text import slugify

from datasets import budget, ingest, services
from datasets.models import ColumnType, Dataset, Licence


class Command(BaseCommand):
    help = "Import a CSV, TSV, .xlsx or JSON file as a new dataset, or as a new version of one."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--replace", metavar="SLUG", help="Add a new version to this dataset.")
        parser.add_argument("--title", help="Title of a new dataset.")
        parser.add_argument("--slug", help="Slug of a new dataset (default: from the title).")
        parser.add_argument("--source", default="", help="Who published the data.")
        parser.add_argument("--source-url", default="")
        parser.add_argument("--licence", choices=Licence.values, default=Licence.OTHER)
        parser.add_argument("--sheet", help="For a workbook: the sheet to read.")
        parser.add_argument("--note", default="", help="What changed, for the history.")
        parser.add_argument(
            "--type",
            action="append",
            default=[],
            metavar="COLUMN=TYPE",
            help=f"Set a column's type ({', '.join(ColumnType.values)}); repeatable.",
        )

    def handle(self, *args, path, replace, title, slug, sheet, note, **options):
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        types = self._types(options["type"])
        dataset = self._dataset(replace, title, slug, options)
        started = time.monotonic()
        # The task worker's budget, not a web request's: the command may take its time.
        work = budget.time_budget(seconds=settings.DATASET_IMPORT_TASK_SECONDS)
        with work, path.open("rb") as handle:
            upload = File(handle, name=path.name)
            try:
                prepared = services.prepare_upload(file=upload, sheet=sheet or "", types=types)
                total = 0
                if prepared.inspection is not None:
                    self.stdout.write(prepared.inspection.summary())
                    total = prepared.inspection.row_count
                done = services.upload_data(
                    dataset=dataset,
                    prepared=prepared,
                    note=note,
                    on_progress=lambda n: self.stderr.write(
                        f"  {n:,} of {total:,} rows stored ({n / total:.0%})"
                    ),
                )
            except ingest.IngestError as exc:
                raise CommandError(f"{path.name}: {exc}") from None
            except ValidationError as exc:
                raise CommandError(f"{path.name}: {'; '.join(exc.messages)}") from None
        if done.job is not None:
            status = reverse("api:import-detail", kwargs={"pk": done.job.pk})
            self.stdout.write(
                self.style.SUCCESS(
                    f"{path.name} is large: the task worker imports it as import job "
                    f"{done.job.pk} (its progress: {status} in the API, or the admin)."
                )
            )
            return
        version = done.version
        assert version is not None  # stored now: a queued job returned above
        self.stdout.write(
            self.style.SUCCESS(
                f"“{dataset}” is now at version {version.number}: {version.row_count:,} rows, "
                f"{version.column_count} columns, in {time.monotonic() - started:.1f} s."
            )
        )

    def _types(self, pairs):
        types = {}
        for pair in pairs:
            name, _, kind = pair.partition("=")
            if kind not in ColumnType.values:
                raise CommandError(f"--type {pair}: the type must be one of {ColumnType.values}.")
            types[name] = kind
        return types

    def _dataset(self, replace, title, slug, options):
        if replace:
            try:
                return Dataset.objects.get(slug=replace)
            except Dataset.DoesNotExist:
                raise CommandError(f"There is no dataset with the slug “{replace}”.") from None
        if not title:
            raise CommandError("Give --title for a new dataset, or --replace SLUG.")
        slug = slug or slugify(title)
        if Dataset.objects.filter(slug=slug).exists():
            raise CommandError(f"A dataset called “{slug}” exists: use --replace {slug}.")
        return Dataset(
            title=title,
            slug=slug,
            source_name=options["source"] or "Unknown",
            source_url=options["source_url"],
            licence=options["licence"],
        )
