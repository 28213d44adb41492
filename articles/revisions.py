"""Revisions of articles and charts: a snapshot at every save, compared and restored.

A revision stores the object's editable fields as JSON (an article also its
placed charts), who saved and when, and which fields changed since the revision
before. The code that saves calls `record` (the admin does; so must the API):
there is no signal doing it behind anyone's back.
"""

import difflib
import json
from dataclasses import dataclass
from itertools import zip_longest
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime

from articles.models import Article, Revision
from charts.models import Chart

CHARTS = "charts"  # an article's placements, in the snapshot
# Restoring brings back words and charts; publication stays a publisher's act.
PUBLICATION_FIELDS = frozenset({"status", "published_at"})


class RestoreRefused(Exception):
    def __init__(self, problems):
        self.problems = problems
        super().__init__("; ".join(problems))


def tracked_fields(model):
    return [f for f in model._meta.concrete_fields if f.editable and not f.primary_key]


def history(obj):
    """`obj`'s revisions, newest first."""
    content_type = ContentType.objects.get_for_model(obj)
    return Revision.objects.filter(content_type=content_type, object_id=obj.pk).select_related(
        "created_by"
    )


def snapshot(obj) -> dict:
    data = {f.name: f.value_from_object(obj) for f in tracked_fields(type(obj))}
    if isinstance(obj, Article):
        data[CHARTS] = [
            {"chart": p.chart_id, "position": p.position, "title": str(p.chart)}
            for p in obj.placements.select_related("chart")
        ]
    # Through JSON and back, so a fresh snapshot compares equal to a stored one.
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def record(obj, *, by, note=""):
    """Keep `obj` as it is now; returns the new revision, or None when nothing changed."""
    data = snapshot(obj)
    previous = history(obj).first()
    changed = [] if previous is None else [k for k in data if previous.data.get(k) != data[k]]
    if previous is not None and not changed and not note:
        return None
    return Revision.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        object_repr=str(obj)[:200],
        data=data,
        changed=changed,
        note=note or ("Created" if previous is None else ""),
        created_by=by,
    )


def summary(revision, model):
    """What a revision changed, in the field labels editors know."""
    labels = [_label(model, name) for name in revision.changed]
    return ", ".join(labels)


def _label(model, name):
    if name == CHARTS:
        return "charts"
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # a field the model has since lost
        return name.replace("_", " ")


@dataclass
class DiffLine:
    old: str | None
    new: str | None
    kind: str  # "equal", "replace", "delete", "insert" (difflib's tags) or "gap"


@dataclass
class FieldComparison:
    name: str
    label: str
    old: str
    new: str
    changed: bool
    lines: list | None = None  # a line diff, for text


def compare(old, new, model) -> list[FieldComparison]:
    """Field by field, `old` beside `new`; long text and the chart list as line diffs."""
    rows = []
    names = [f.name for f in tracked_fields(model)]
    if model is Article:
        names.append(CHARTS)
    for name in names:
        before, after = old.data.get(name), new.data.get(name)
        if name == CHARTS:
            text_old, text_new = _charts_text(before), _charts_text(after)
            is_text = True
        else:
            field = model._meta.get_field(name)
            text_old, text_new = _display(field, before), _display(field, after)
            # A chart's spec is a document: compared line by line, as text is.
            is_text = isinstance(field, models.TextField | models.JSONField)
        rows.append(
            FieldComparison(
                name=name,
                label=_label(model, name),
                old=text_old,
                new=text_new,
                changed=before != after,
                lines=line_diff(text_old, text_new) if is_text and before != after else None,
            )
        )
    return rows


def line_diff(old: str, new: str, *, context=2) -> list[DiffLine]:
    """Side-by-side lines that differ, with `context` unchanged lines around each change."""
    a, b = old.splitlines(), new.splitlines()
    lines: list[Any] = []
    for group in difflib.SequenceMatcher(None, a, b).get_grouped_opcodes(context):
        if lines:
            lines.append(DiffLine(None, None, "gap"))
        for tag, i1, i2, j1, j2 in group:
            for left, right in zip_longest(a[i1:i2], b[j1:j2]):
                lines.append(DiffLine(left, right, tag))
    return lines


def _charts_text(placements):
    return "\n".join(f"{p['position']}. {p['title']}" for p in placements or [])


def _display(field, value):
    if value is None or value == "":
        return "–"
    if field.is_relation:
        target = field.related_model._default_manager.filter(pk=value).first()
        return str(target) if target else f"#{value} (deleted)"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateTimeField):
        when = timezone.localtime(parse_datetime(value))
        return formats.date_format(when, "j M Y, H:i")
    if isinstance(field, models.BooleanField):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if isinstance(value, dict):
        return json.dumps(value, indent=1, ensure_ascii=False, sort_keys=True)
    return str(value)


@transaction.atomic
def restore(revision, *, by):
    """Bring the object back to `revision` as a new revision; RestoreRefused says why not."""
    from articles.publishing import PublicationRefused, save_article  # it records revisions

    model = revision.content_type.model_class()
    obj = model._default_manager.select_for_update().get(pk=revision.object_id)
    problems = []
    for field in tracked_fields(model):
        if field.name not in revision.data:
            continue
        if model is Article and field.name in PUBLICATION_FIELDS:
            continue
        value = revision.data[field.name]
        if field.is_relation:
            if value is not None and not _exists(field.related_model, value):
                problems.append(f"Its {field.verbose_name} no longer exists.")
            setattr(obj, field.attname, value)
        else:
            try:
                setattr(obj, field.attname, field.to_python(value))
            except ValidationError as exc:  # a stored document this version cannot read
                problems.extend(exc.messages)
    charts = _restorable_charts(revision.data.get(CHARTS, []), problems) if model is Article else []
    if problems:
        raise RestoreRefused(problems)
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise RestoreRefused(exc.messages) from exc
    when = formats.date_format(timezone.localtime(revision.created_at), "j M Y, H:i")
    note = f"Restored the revision of {when}"
    if model is not Article:
        obj.save()
        return record(obj, by=by, note=note)
    try:
        return save_article(obj, by=by, charts=charts, note=note)
    except PublicationRefused as refusal:
        raise RestoreRefused(refusal.problems) from refusal
    except PermissionDenied as refusal:  # it would place charts only a publisher may
        raise RestoreRefused([str(refusal)]) from refusal


def _exists(model, pk):
    return model._default_manager.filter(pk=pk).exists()


def _restorable_charts(placements, problems):
    found = Chart.objects.select_related("dataset").in_bulk([p["chart"] for p in placements])
    charts = []
    for placement in sorted(placements, key=lambda p: p["position"]):
        chart = found.get(placement["chart"])
        if chart is None:
            problems.append(f"Its chart “{placement['title']}” no longer exists.")
        else:
            charts.append(chart)
    return charts
