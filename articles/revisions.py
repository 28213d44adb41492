"""Revisions of any model: a snapshot at every save, compared and restored.

A revision stores the object's editable fields as JSON, who saved and when,
and which fields changed since the revision before. The code that saves calls
`record` (the services in articles/services.py do, and the admin for charts):
there is no signal doing it behind anyone's back.

This module knows no model. What a model keeps beside its fields (an article's
placed charts), which fields a restore leaves alone (publication) and how a
restored object is saved are told by its app through `register` (the articles
app does it in its AppConfig.ready); an unregistered model keeps its fields only
and is restored with a plain save.
"""

import difflib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from itertools import zip_longest
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime

from articles.records import Revision
from articles.refusals import Refused, RestoreRefused

__all__ = ["Part", "RestoreRefused", "compare", "history", "record", "register", "restore"]


@dataclass(frozen=True)
class Part:
    """Something a model keeps in its snapshot beside its fields (an article's charts)."""

    label: str  # as editors know it, in summaries and comparisons
    read: Callable[[Any], Any]  # the object -> a JSON-able value
    text: Callable[[Any], str]  # a stored value -> lines to compare
    # A stored value -> what to restore (appending to `problems` what no longer exists).
    restore: Callable[[Any, list[str]], Any]


def _plain_save(obj, *, by, note, **parts):
    obj.save()
    return record(obj, by=by, note=note)


@dataclass(frozen=True)
class Revisable:
    parts: Mapping[str, Part] = field(default_factory=dict)
    kept: frozenset[str] = frozenset()  # fields a restore leaves as they are
    # save(obj, by=, note=, **restored parts) -> the new revision; may raise Refused.
    save: Callable[..., Revision | None] = _plain_save


_registry: dict[type[models.Model], Revisable] = {}


def register(
    model: type[models.Model],
    *,
    parts: Mapping[str, Part] | None = None,
    kept: frozenset[str] = frozenset(),
    save: Callable[..., Revision | None] | None = None,
) -> None:
    """Tell revisions what `model` keeps beside its fields and how a restore saves it."""
    _registry[model] = Revisable(parts=dict(parts or {}), kept=kept, save=save or _plain_save)


def _revisable(model) -> Revisable:
    return _registry.get(model) or Revisable()


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
    for name, part in _revisable(type(obj)).parts.items():
        data[name] = part.read(obj)
    # Through JSON and back, so a fresh snapshot compares equal to a stored one.
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def record(obj, *, by, note="") -> Revision | None:
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
    if part := _revisable(model).parts.get(name):
        return part.label
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
    parts = _revisable(model).parts
    names = [f.name for f in tracked_fields(model)] + list(parts)
    for name in names:
        before, after = old.data.get(name), new.data.get(name)
        if part := parts.get(name):
            text_old, text_new = part.text(before), part.text(after)
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
def restore(revision: Revision, *, by) -> Revision | None:
    """Bring the object back to `revision` as a new revision; RestoreRefused says why not.

    All or nothing: the object is saved by its app's `save` (for an article, the
    article service, with its checks and side effects), and any refusal there
    rolls the restore back.
    """
    model = revision.content_type.model_class()
    assert model is not None  # a revision's content type is one of our installed models
    revisable = _revisable(model)
    obj = model._default_manager.select_for_update().get(pk=revision.object_id)
    problems: list[str] = []
    for tracked in tracked_fields(model):
        if tracked.name not in revision.data or tracked.name in revisable.kept:
            continue
        value = revision.data[tracked.name]
        if tracked.is_relation:
            if value is not None and not _exists(tracked.related_model, value):
                problems.append(f"Its {tracked.verbose_name} no longer exists.")
            setattr(obj, tracked.attname, value)
        else:
            try:
                setattr(obj, tracked.attname, tracked.to_python(value))
            except ValidationError as exc:  # a stored document this version cannot read
                problems.extend(exc.messages)
    parts = {
        name: part.restore(revision.data.get(name, []), problems)
        for name, part in revisable.parts.items()
    }
    if problems:
        raise RestoreRefused(problems)
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise RestoreRefused(exc.messages) from exc
    when = formats.date_format(timezone.localtime(revision.created_at), "j M Y, H:i")
    try:
        return revisable.save(obj, by=by, note=f"Restored the revision of {when}", **parts)
    except RestoreRefused:
        raise
    except Refused as refusal:  # not ready to stay published, or not this user's to do
        raise RestoreRefused(refusal.problems) from refusal


def _exists(model, pk):
    return model._default_manager.filter(pk=pk).exists()
