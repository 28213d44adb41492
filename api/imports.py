"""Uploads read in the background: the 202 answer and the job's status resource.

A file the ingest would take long over is read by the task worker
(datasets.services decides, as for the admin and the command): the upload is
answered 202 Accepted with the job's address, which its uploader polls.
"""

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from api.http import ApiView, errors
from datasets.models import ImportJob


class ImportJobSerializer(serializers.Serializer):
    url = serializers.SerializerMethodField(help_text="This job: poll it until it is finished.")
    state = serializers.ChoiceField(choices=ImportJob.State.choices)
    finished = serializers.BooleanField(help_text="Done or failed: it will not change again.")
    file = serializers.CharField(source="original_name")
    rows_read = serializers.IntegerField()
    rows_total = serializers.IntegerField(help_text="0 until the file has been read once.")
    message = serializers.CharField(help_text="Why it failed; empty otherwise.")
    dataset = serializers.SerializerMethodField(help_text="The dataset, once it exists.")
    version = serializers.SerializerMethodField(help_text="The version stored, once done.")

    def get_url(self, job) -> str:
        return self.context["request"].build_absolute_uri(job_url(job))

    def get_dataset(self, job) -> str | None:
        if job.dataset is None:
            return None
        url = reverse("api:dataset-detail", kwargs={"slug": job.dataset.slug})
        return self.context["request"].build_absolute_uri(url)

    def get_version(self, job) -> int | None:
        return job.version.number if job.version else None


def job_url(job: ImportJob) -> str:
    return reverse("api:import-detail", kwargs={"pk": job.pk})


def accepted(request, job: ImportJob) -> Response:
    """The answer to an upload left to the worker: 202, with where to follow it."""
    body = ImportJobSerializer(job, context={"request": request}).data
    return Response(body, status=202, headers={"Location": job_url(job)})


class ImportDetail(ApiView):
    @extend_schema(responses={200: ImportJobSerializer, **errors(404)})
    def get(self, request, pk):
        """A background import's progress: for its uploader, and staff who may change data."""
        user = request.user
        job = ImportJob.objects.select_related("dataset", "version").filter(pk=pk).first()
        allowed = job is not None and user.is_authenticated and user.is_staff
        if allowed and job is not None and job.created_by_id != user.pk:
            allowed = user.has_perm("datasets.change_dataset")
        if not allowed:  # never says whether the job exists
            raise NotFound(f"There is no import {pk} of yours.")
        return Response(ImportJobSerializer(job, context={"request": request}).data)
