"""Edits are never lost silently: optimistic concurrency for articles and charts.

An edit form carries the version it was opened at (the object's `updated_at`,
in a hidden field). Saving it after someone else has saved the object is
refused, with who changed it, when, a link comparing their version with the
one the editor opened, and the editor's own text kept in the form. The form
then carries the new version, so saving again is a deliberate choice to put
one's own text over theirs.

The check reads the object's row with SELECT ... FOR UPDATE inside the admin's
transaction, so two saves at the same moment cannot both pass it (SQLite's
IMMEDIATE transactions serialise writers the same way).
"""

from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.db import connection
from django.urls import NoReverseMatch, reverse
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.timezone import localtime

from articles import revisions

OPENED_AT = "opened_at"


@dataclass
class EditConflict:
    """Someone saved the object after the editor opened it."""

    obj: object
    updated_at: datetime  # the version now stored
    by: str  # who saved it
    compare_url: str | None

    def message(self):
        when = date_format(localtime(self.updated_at), "j M Y, H:i:s")
        lead = f"Not saved: “{self.obj}” was changed by {self.by} at {when} since you opened it."
        rest = (
            "Your text is kept below. Save again to replace their version with yours, "
            "or copy what you need and reload the page to start from theirs."
        )
        if self.compare_url:
            return format_html(
                '{} <a href="{}" target="_blank" rel="noopener">Compare their version with '
                "the one you opened</a>. {}",
                lead,
                self.compare_url,
                rest,
            )
        return f"{lead} {rest}"


def find_conflict(*, obj, opened_at: str) -> EditConflict | None:
    """The conflict when `obj` (a saved article or chart) changed after version `opened_at`.

    `opened_at` is the version an edit started from, as `version_of` gave it;
    an unreadable one counts as stale. Call inside the transaction that saves.
    """
    rows = type(obj)._default_manager.filter(pk=obj.pk)
    if connection.in_atomic_block:
        rows = rows.select_for_update()
    current = rows.values_list("updated_at", flat=True).first()
    if current is None:  # deleted meanwhile: the save itself will say so
        return None
    opened = parse_datetime(opened_at or "")
    if opened is not None and opened == current:
        return None
    history = list(revisions.history(obj).only("pk", "created_at", "created_by"))  # newest first
    latest = history[0] if history else None
    by = "someone"
    if latest and latest.created_by:
        by = latest.created_by.get_full_name() or latest.created_by.get_username()
    # What the editor opened: the earliest revision kept at or after that version.
    opened_revision = None
    if opened is not None:
        since = [r for r in history if r.created_at >= opened]
        opened_revision = since[-1] if since else None
    return EditConflict(
        obj=obj, updated_at=current, by=by, compare_url=_compare_url(obj, latest, opened_revision)
    )


def version_of(obj) -> str:
    return obj.updated_at.isoformat() if obj.pk and obj.updated_at else ""


def _compare_url(obj, latest, opened_revision):
    opts = obj._meta
    try:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_revision_compare", args=[obj.pk])
    except NoReverseMatch:
        return None
    if latest and opened_revision and opened_revision.pk != latest.pk:
        url += "?" + urlencode({"old": opened_revision.pk, "new": latest.pk})
    return url


class EditConflictForm(forms.ModelForm):
    """Mixed before an admin's model form: carries `opened_at` and refuses a stale save.

    `check_edit_conflict` is False for forms that only look (a live preview).
    """

    opened_at = forms.CharField(widget=forms.HiddenInput, required=False)
    check_edit_conflict = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial.setdefault(OPENED_AT, version_of(self.instance))

    def clean(self):
        cleaned = super().clean()
        opened_at = self.data.get(self.add_prefix(OPENED_AT))
        # A form posted without the field (a script) saves as before.
        checked = self.check_edit_conflict and self.instance.pk is not None
        if checked and opened_at is not None:
            conflict = find_conflict(obj=self.instance, opened_at=opened_at)
        else:
            conflict = None
        if conflict:
            self.add_error(None, conflict.message())
            # Carry their version now: saving again is a choice made knowingly.
            self.data = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict here
            self.data[self.add_prefix(OPENED_AT)] = conflict.updated_at.isoformat()  # type: ignore[index]
        return cleaned


def with_edit_conflicts(form_class):
    """`form_class` with the hidden version field and the check (once)."""
    if issubclass(form_class, EditConflictForm):
        return form_class
    return type(form_class.__name__, (EditConflictForm, form_class), {})
