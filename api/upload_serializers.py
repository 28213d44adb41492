"""The API's writes: a new dataset with its first data file, and new data for a dataset.

Read by the same ingest as the admin's (datasets.services); a refusal is a 400
naming the field.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.text import slugify
from rest_framework import serializers

from datasets import ingest, services
from datasets.models import Dataset


class UploadSerializer(serializers.Serializer):
    """A data file read by the same ingest as the admin's; refused with its reason."""

    file = serializers.FileField(
        write_only=True,
        help_text="CSV or TSV (any common encoding), Excel .xlsx, or a JSON array of records.",
    )
    sheet = serializers.CharField(
        write_only=True,
        required=False,
        default="",
        allow_blank=True,
        max_length=100,
        help_text="For a workbook: the sheet to read. Empty: the first sheet.",
    )
    note = serializers.CharField(
        write_only=True,
        required=False,
        default="",
        allow_blank=True,
        max_length=300,
        help_text="What changed, in a line; shown in the dataset's history.",
    )

    def validate(self, attrs):
        attrs = super().validate(attrs)
        try:
            # A large file is only recognised here; the task worker reads it (a 202).
            attrs["prepared"] = services.prepare_upload(file=attrs["file"], sheet=attrs["sheet"])
        except ingest.IngestError as exc:
            raise serializers.ValidationError({"file": [str(exc)]}) from None
        return attrs

    def import_into(self, dataset) -> services.Uploaded:
        data = self.validated_data
        try:
            return services.upload_data(
                dataset=dataset,
                prepared=data["prepared"],
                by=self.context["request"].user,
                note=data["note"],
            )
        except ingest.SlugTaken as exc:
            raise serializers.ValidationError({"slug": [str(exc)]}) from None
        except ingest.IngestError as exc:
            raise serializers.ValidationError({"file": [str(exc)]}) from None
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from None


class VersionUploadSerializer(UploadSerializer):
    """New data for a dataset; `save()` returns what datasets.services.upload_data did."""

    def create(self, validated_data):
        return self.import_into(self.context["dataset"])


class DatasetCreateSerializer(UploadSerializer, serializers.ModelSerializer):
    """A new dataset: its metadata and its first data file, in one multipart request."""

    slug = serializers.SlugField(
        required=False, max_length=200, help_text="Made from the title when left out."
    )
    # Declared for its default: a form field left out would otherwise read as false.
    redistributable = serializers.BooleanField(
        default=Dataset._meta.get_field("redistributable").default,
        help_text=Dataset._meta.get_field("redistributable").help_text,
    )

    class Meta:
        model = Dataset
        fields = [*services.METADATA_FIELDS, "file", "sheet", "note"]

    def validate(self, attrs):
        attrs.setdefault("slug", slugify(attrs.get("title", ""))[:200])
        if Dataset.objects.filter(slug=attrs["slug"]).exists():
            raise serializers.ValidationError(
                {"slug": [f"A dataset called “{attrs['slug']}” exists already."]}
            )
        metadata = Dataset(
            licence=attrs.get("licence", ""), redistributable=attrs["redistributable"]
        )
        if conflict := metadata.licence_conflict():
            raise serializers.ValidationError({"redistributable": [conflict]})
        return super().validate(attrs)

    def create(self, validated_data):
        upload = {"prepared", "file", "sheet", "note"}
        dataset = Dataset(**{k: v for k, v in validated_data.items() if k not in upload})
        return self.import_into(dataset)
