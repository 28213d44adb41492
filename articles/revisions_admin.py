"""The admin side of revisions, shared by articles and charts.

Mixed into a ModelAdmin, every save through the admin keeps a revision (an
article's through the article service, which records it), and
the change page's "History" lists them, compares any two side by side and
restores one (as a new revision, so nothing is ever lost).
"""

from typing import TYPE_CHECKING

from django.contrib import admin, messages

if TYPE_CHECKING:
    _ModelAdmin = admin.ModelAdmin  # what this mixin is mixed into, for the type checker
else:
    _ModelAdmin = object
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST

from articles import revisions, services
from articles.edit_conflicts import OPENED_AT, with_edit_conflicts


class RevisionAdmin(_ModelAdmin):
    def get_form(self, request, obj=None, change=False, **kwargs):
        # The version the form was opened at goes with it: a stale save is refused.
        kwargs["form"] = with_edit_conflicts(kwargs.get("form", self.form))
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or any(OPENED_AT in fields for fields in _field_names(fieldsets)):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], OPENED_AT]}), *rest]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        revisions.record(form.instance, by=request.user)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.revision_compare_view),
                name="{}_{}_revision_compare".format(*info),
            ),
            path(
                "<path:object_id>/history/<int:revision_id>/restore/",
                self.admin_site.admin_view(require_POST(self.revision_restore_view)),
                name="{}_{}_revision_restore".format(*info),
            ),
            *super().get_urls(),
        ]

    def _revised_object(self, request, object_id, *, change=False):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(f"No {self.opts.verbose_name} with that ID.")
        allowed = (
            self.has_change_permission(request, obj)
            if change
            else self.has_view_or_change_permission(request, obj)
        )
        if not allowed:
            raise PermissionDenied
        return obj

    def _revision_context(self, request, obj, title):
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.opts,
            "object": obj,
            "can_restore": self.has_change_permission(request, obj),
        }

    def history_view(self, request, object_id, extra_context=None):
        obj = self._revised_object(request, object_id)
        rows = [(r, revisions.summary(r, self.model)) for r in revisions.history(obj)]
        context = {
            **self._revision_context(request, obj, f"History of “{obj}”"),
            "rows": rows,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/revisions/history.html", context)

    def revision_compare_view(self, request, object_id):
        obj = self._revised_object(request, object_id)
        history = list(revisions.history(obj))  # newest first
        if not history:
            messages.info(request, "There are no revisions to compare yet.")
            return redirect(self._url("history", obj))
        by_id = {str(r.pk): r for r in history}
        new = by_id.get(request.GET.get("new"), history[0])
        before = history[min(history.index(new) + 1, len(history) - 1)]
        old = by_id.get(request.GET.get("old"), before)
        if history.index(old) < history.index(new):
            old, new = new, old
        context = {
            **self._revision_context(request, obj, f"Compare revisions of “{obj}”"),
            "old": old,
            "new": new,
            "fields": revisions.compare(old, new, self.model),
        }
        return TemplateResponse(request, "admin/revisions/compare.html", context)

    def revision_restore_view(self, request, object_id, revision_id):
        obj = self._revised_object(request, object_id, change=True)
        revision = get_object_or_404(revisions.history(obj), pk=revision_id)
        try:
            restored = services.restore_revision(revision=revision, by=request.user)
        except revisions.RestoreRefused as exc:
            items = format_html_join("", "<li>{}</li>", ((p,) for p in exc.problems))
            messages.error(request, format_html("Not restored:<ul>{}</ul>", items))
            return redirect(self._url("history", obj))
        note = restored.note if restored is not None else "Restored"
        self.log_change(request, obj, note)
        messages.success(request, f"{note}: it is now the latest revision.")
        return redirect(self._url("change", obj))

    def _url(self, view, obj):
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{view}", args=[obj.pk])


def _field_names(fieldsets):
    for _, options in fieldsets:
        yield [n for f in options["fields"] for n in (f if isinstance(f, list | tuple) else [f])]
