from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from articles import services
from articles.usage import UsedInArticlesAdmin
from datasets import held_uploads, indexing, ingest, preview
from datasets.diff import compare
from datasets.models import ColumnType, Dataset, DatasetVersion, ImportJob
from datasets.removal import delete_datasets
from datasets.services import METADATA_FIELDS, prepare_retype, prepare_upload, upload_data
from datasets.tasks import recover_stalled_imports

NOTE_FIELDS = ("title", "unit", "description")


class DatasetAdminForm(forms.ModelForm):
    """Metadata, a new upload (file or pasted text), and per-column types and notes."""

    upload = forms.FileField(
        required=False,
        label="Data file",
        help_text="CSV or TSV (any common encoding), Excel .xlsx, or a JSON array of records. "
        "Uploading to an existing dataset adds a new version; charts keep their version.",
    )
    paste = forms.CharField(
        required=False,
        label="…or paste a table",
        widget=forms.Textarea(attrs={"rows": 6, "class": "vLargeTextField"}),
        help_text="Copy the cells in your spreadsheet, header row included, and paste here.",
    )
    sheet = forms.CharField(
        required=False,
        max_length=100,
        help_text="For a workbook: the sheet to read. Empty: the first sheet.",
    )
    version_note = forms.CharField(
        required=False, max_length=300, label="What changed", help_text="Shown in the history."
    )
    # A signed token for an upload kept after the form failed on another field.
    kept_upload = forms.CharField(required=False, widget=forms.HiddenInput, max_length=1000)
    user = None  # the editor, set by DatasetAdmin.get_form: kept uploads are theirs only

    class Meta:
        model = Dataset
        fields = METADATA_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.prepared = None  # the upload as datasets.services saw it
        self.held = None  # the kept upload this submission uses, released once saved
        self.type_changes = {}
        self.column_names = []
        if self.instance.pk and self.instance.current_version_id:
            for index, column in enumerate(self.instance.columns):
                self.column_names.append(column["name"])
                self.fields[f"column_{index}_type"] = forms.ChoiceField(
                    label=f"“{column['name']}”: type",
                    choices=ColumnType.choices,
                    initial=column["type"],
                )
                for note in NOTE_FIELDS:
                    self.fields[f"column_{index}_{note}"] = forms.CharField(
                        label=note.capitalize(),
                        required=False,
                        max_length=500 if note == "description" else 120,
                        initial=column[note],
                    )
        else:
            self.fields[
                "upload"
            ].help_text = (
                "CSV or TSV (any common encoding), Excel .xlsx, or a JSON array of records."
            )

    def column_field_names(self):
        return [
            f"column_{i}_{part}"
            for i in range(len(self.column_names))
            for part in ("type", *NOTE_FIELDS)
        ]

    def clean(self):
        # The stubs allow None (an override may return it); ModelForm's returns cleaned_data.
        cleaned: dict[str, Any] = super().clean()  # type: ignore[assignment]
        upload, pasted = cleaned.get("upload"), cleaned.get("paste", "").strip()
        if upload and pasted:
            raise forms.ValidationError("Give a file or pasted text, not both.")
        if not upload and not pasted and cleaned.get("kept_upload") and self.user is not None:
            self.held = held_uploads.claim(cleaned["kept_upload"], user=self.user)
            if self.held is None:
                self.add_error(
                    "upload", "The file kept from your last try is gone: choose it again."
                )
                return cleaned
            upload = cleaned["upload"] = held_uploads.open_held(self.held)
        if pasted:
            upload = ContentFile(pasted.encode("utf-8"), name="pasted.tsv")
        self.type_changes = {
            name: cleaned[f"column_{i}_type"]
            for i, name in enumerate(self.column_names)
            if cleaned.get(f"column_{i}_type")
            and cleaned[f"column_{i}_type"] != self.instance.current_version.column_type(name)
        }
        if upload:
            field = "paste" if pasted else "upload"
            sheet = cleaned.get("sheet") or ""
            self._prepare(field, prepare_upload, file=upload, sheet=sheet, pasted=bool(pasted))
        elif self.type_changes:
            # New types for the current data: read its stored file again with them.
            current = self.instance.current_version
            self._prepare(None, prepare_retype, version=current, types=self.type_changes)
        elif not self.instance.current_version_id:
            raise forms.ValidationError("Choose a data file or paste a table.")
        return cleaned

    def full_clean(self):
        """Validate; when another field failed, keep a good upload for the next try."""
        super().full_clean()
        if not self.is_bound or not self.errors or self.user is None:
            return
        upload = self.files.get("upload")
        if self.held is not None:
            kept, token = self.held, self.data.get("kept_upload", "")
        elif upload is not None and "upload" not in self.errors:
            kept, token = held_uploads.hold(upload, user=self.user)
        else:
            return
        self.data = self.data.copy()
        self.data["kept_upload"] = token
        # The bound field copied the help text when validation made it: set both.
        self.fields["upload"].help_text = self["upload"].help_text = format_html(
            "<strong>Kept from your last try: {}, {}.</strong> Send the form again to use "
            "it, or choose another file to replace it.",
            kept.name,
            kept.size_text,
        )

    def _prepare(self, field, prepare, **kwargs):
        try:
            self.prepared = prepare(**kwargs)
        except ingest.IngestError as exc:
            self.add_error(field, str(exc))

    def column_notes(self):
        notes = dict(self.instance.column_notes or {})
        for i, name in enumerate(self.column_names):
            entry = {n: self.cleaned_data.get(f"column_{i}_{n}", "").strip() for n in NOTE_FIELDS}
            notes[name] = {k: v for k, v in entry.items() if v}
        return {k: v for k, v in notes.items() if v}


@admin.register(Dataset)
class DatasetAdmin(UsedInArticlesAdmin, admin.ModelAdmin):
    form = DatasetAdminForm
    list_display = [
        "title",
        "licence",
        "version_number",
        "rows",
        "chart_count",
        "redistributable",
        "created_by",
        "updated_at",
    ]
    list_filter = ["licence", "redistributable", "created_at"]
    search_fields = ["title", "description", "source_name"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = [
        "table_preview",
        "make_chart",
        "used_in",
        "history",
        "created_by",
        "created_at",
    ]
    list_select_related = ["created_by", "current_version"]

    class Media:
        css = {"all": ["css/admin.css"]}

    def get_fieldsets(self, request, obj=None):
        data = ["upload", "kept_upload", "paste", "sheet"]
        if obj is not None:
            data += ["version_note", "table_preview", "make_chart"]
        fieldsets: list[tuple[str | None, dict[str, Any]]] = [
            (None, {"fields": ["title", "slug", "description", "temporal_coverage"]}),
            (
                "Source and licence",
                {
                    "fields": [
                        "source_name",
                        "source_url",
                        "licence",
                        "attribution",
                        "redistributable",
                    ]
                },
            ),
            ("Data" if obj is None else "Data: upload a new version", {"fields": data}),
        ]
        if obj is not None and obj.current_version_id:
            columns: list[str | tuple[str, ...]] = []
            for i in range(len(obj.current_version.columns)):
                columns.append(tuple(f"column_{i}_{part}" for part in ("type", *NOTE_FIELDS)))
            fieldsets.append(
                (
                    "Columns",
                    {
                        "fields": columns,
                        "description": "Titles, units and descriptions are shown to readers "
                        "and API users. Changing a type reads the data again as a new version.",
                    },
                )
            )
            fieldsets.append(
                ("History", {"fields": ["used_in", "history", "created_by", "created_at"]})
            )
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        # Column fields are made per dataset in the form's __init__, not declared.
        kwargs["fields"] = METADATA_FIELDS
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user  # type: ignore[attr-defined]  # DatasetAdminForm's, per request
        return form

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(chart_total=Count("charts"))

    @admin.display(description="Charts", ordering="chart_total")
    def chart_count(self, obj):
        return obj.chart_total

    @admin.display(description="Version", ordering="current_version__number")
    def version_number(self, obj):
        return obj.current_version.number if obj.current_version else "–"

    def delete_model(self, request, obj):
        delete_datasets(datasets=[obj])  # drops the versions' tables too

    def delete_queryset(self, request, queryset):
        delete_datasets(datasets=queryset)

    @admin.display(description="Rows", ordering="current_version__row_count")
    def rows(self, obj):
        return f"{obj.current_version.row_count:,}" if obj.current_version else "–"

    @admin.display(description="Parsed table")
    def table_preview(self, obj):
        version = obj.current_version
        if version is None:
            return "–"
        return preview.table_preview(obj, version)

    @admin.display(description="Chart")
    def make_chart(self, obj):
        if not obj.current_version_id:
            return "–"
        url = reverse("admin:charts_chart_add") + f"?dataset={obj.pk}"
        return format_html('<a class="button" href="{}">Make a chart from this dataset</a>', url)

    @admin.display(description="Versions")
    def history(self, obj):
        versions = obj.versions.select_related("created_by").order_by("-number")
        return render_to_string(
            "admin/datasets/dataset/history.html", {"dataset": obj, "versions": versions}
        )

    def save_model(self, request, obj, form, change):
        obj.column_notes = form.column_notes() if change else {}
        prepared = form.prepared
        if prepared is None or (prepared.background and obj.pk):
            obj.save()  # its metadata (the data, if any, follows in the background)
            if change:  # its source and licence are in its charts' figures
                services.charts_changed(dataset_ids=[obj.pk])
        if prepared is None:
            return
        note = form.cleaned_data.get("version_note", "")
        if form.type_changes and not form.cleaned_data.get("upload"):
            changed = ", ".join(f"{k} → {v}" for k, v in form.type_changes.items())
            note = note or f"Column types changed: {changed}"
        done = upload_data(dataset=obj, prepared=prepared, by=request.user, note=note)
        if held := form.held:  # stored (or staged for the worker) now: the copy can go
            transaction.on_commit(lambda: held_uploads.release(held))
        if done.job is not None:
            request.import_job = done.job
        else:
            messages.info(request, prepared.inspection.summary())

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        error: ingest.IngestError
        for attempt in (1, 2):
            try:
                return super().changeform_view(request, object_id, form_url, extra_context)
            except ingest.SlugTaken as exc:
                # Another upload took the slug after this form was checked; all rolled
                # back. Checked again, the form shows the taken slug as its error.
                error = exc
                if attempt == 1:
                    continue
            except ingest.IngestError as exc:
                # Raised while storing, after the form was valid (e.g. a full disk):
                # the transaction rolled back; say why and go back to the form.
                error = exc
            messages.error(request, str(error))
            return redirect(request.get_full_path())

    def log_addition(self, request, obj, message):
        if obj.pk is not None:  # a background import creates the dataset later
            super().log_addition(request, obj, message)

    def response_add(self, request, obj, post_url_continue=None):
        if job := getattr(request, "import_job", None):
            return redirect("admin:datasets_dataset_import", job.pk)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if job := getattr(request, "import_job", None):
            return redirect("admin:datasets_dataset_import", job.pk)
        return super().response_change(request, obj)

    def import_view(self, request, job_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        recover_stalled_imports()
        job = get_object_or_404(ImportJob.objects.select_related("dataset", "version"), pk=job_id)
        total = job.rows_total or 0
        indexing_now = job.version is not None and indexing.pending(job.version)
        if indexing_now:
            indexing.recover(job.version)  # its build's worker died: queue it again
        context = {
            **self.admin_site.each_context(request),
            "title": f"Importing {job.original_name}",
            "opts": self.opts,
            "job": job,
            "percent": round(100 * job.rows_read / total) if total else None,
            "indexing": indexing_now,
        }
        response = TemplateResponse(request, "admin/datasets/dataset/import.html", context)
        response["Cache-Control"] = "no-store"
        return response

    def get_urls(self):
        return [
            path(
                "import/<int:job_id>/",
                self.admin_site.admin_view(self.import_view),
                name="datasets_dataset_import",
            ),
            path(
                "<int:pk>/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="datasets_dataset_compare",
            ),
            *super().get_urls(),
        ]

    def compare_view(self, request, pk):
        dataset = get_object_or_404(Dataset, pk=pk)
        if not self.has_view_permission(request, dataset):
            raise PermissionDenied
        versions = dataset.versions.all()  # compare() reads their rows in chunks
        old: DatasetVersion | None
        new: DatasetVersion | None
        try:
            old = versions.get(number=int(request.GET.get("old", 0)))
            new = versions.get(number=int(request.GET.get("new", 0)))
        except (DatasetVersion.DoesNotExist, ValueError):
            messages.error(request, "Choose two versions of this dataset to compare.")
            old = new = None
        context = {
            **self.admin_site.each_context(request),
            "title": f"Compare versions of “{dataset}”",
            "opts": self.opts,
            "dataset": dataset,
            "diff": compare(old, new) if old and new else None,
            "numbers": list(dataset.versions.values_list("number", flat=True)),
        }
        return TemplateResponse(request, "admin/datasets/dataset/compare.html", context)
