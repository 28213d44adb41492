"""The workflow on an article's own admin page: where it stands, and a button for each next step.

"Submit for publication" for anyone who may change the article; "Publish now",
"Schedule" (when a future publication time is saved) and "Unpublish" for
publishers. Each button is a small POST form of its own (CSRF-protected, outside
the article's form) to one view, which asks the same services as the list's
actions (articles/services.py) and shows their refusals (articles/refusals.py) as
messages. Who may press what is checked here, on the server, again: a forged POST
from someone who may not is refused with 403, and the services refuse it too.
"""

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST

from articles import services
from articles.admin_inlines import when
from articles.models import Article, State
from articles.permissions import can_publish
from articles.refusals import Problem, Refused

if TYPE_CHECKING:
    _ModelAdmin = admin.ModelAdmin  # what this mixin is mixed into, for the type checker
else:
    _ModelAdmin = object


def _problem_item(problem):
    """One problem as a list item, with a link to what to open to fix it (escaped)."""
    url = problem.admin_url() if isinstance(problem, Problem) else ""
    if not url:
        return format_html("<li>{}</li>", problem)
    return format_html('<li>{} <a href="{}">Open “{}”</a></li>', problem, url, problem.about)


def problem_list(lead, problems):
    """`lead` then the problems as a list, for a message or a read-only field (escaped)."""
    items = format_html_join("", "{}", ((_problem_item(p),) for p in problems))
    return format_html('{}<ul class="chartweek-checklist">{}</ul>', lead, items)


def refusal_lead(article, what):
    return f"“{article}” was not {what}. Fix these first:"


@dataclass(frozen=True)
class Step:
    """One button: its words, who may press it, from which states, and what it runs."""

    name: str
    label: str
    done: str  # past participle for messages: "submitted", "published" …
    publishers_only: bool
    states: frozenset[State]

    def offered(self, article: Article, user) -> bool:
        if self.publishers_only and not can_publish(user):
            return False
        if self.name == "schedule" and not _future_time(article):
            return False
        return article.workflow_state in self.states

    def explanation(self, article: Article) -> str:
        match self.name:
            case "submit":
                return "Checks the saved version is ready, then asks a publisher to publish it."
            case "publish":
                return "Readers see the saved version at once."
            case "schedule":
                return f"Readers see the saved version from {when(article.published_at)}."
        if article.workflow_state == State.SCHEDULED:
            return "Back to a draft: it will not appear at its scheduled time."
        return "Back to a draft: readers no longer see it, nor its charts' data."


def _future_time(article: Article) -> bool:
    return article.published_at is not None and article.published_at > timezone.now()


UNPUBLISHED = frozenset({State.DRAFT, State.SUBMITTED})
OUT = frozenset({State.PUBLISHED, State.SCHEDULED})  # public, or to be at its time
STEPS = {
    step.name: step
    for step in [
        Step("submit", "Submit for publication", "submitted", False, frozenset({State.DRAFT})),
        Step("publish", "Publish now", "published", True, UNPUBLISHED | {State.SCHEDULED}),
        Step("schedule", "Schedule", "scheduled", True, UNPUBLISHED),
        Step("unpublish", "Unpublish", "unpublished", True, OUT),
    ]
}


def _state_detail(article: Article) -> str:
    match article.workflow_state:
        case State.SUBMITTED:
            by = article.submitted_by or "someone"
            return f"Submitted by {by} on {when(article.submitted_at)}."
        case State.SCHEDULED:
            return f"Readers see it from {when(article.published_at)}."
        case State.PUBLISHED:
            return f"Readers have seen it since {when(article.published_at)}."
    return "Readers cannot see it."


class WorkflowAdmin(_ModelAdmin):
    """Mixed into ArticleAdmin: the state and the workflow buttons on the change page."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/workflow/<slug:step>/",
                self.admin_site.admin_view(require_POST(self.workflow_view)),
                name="{}_{}_workflow".format(*info),
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article is not None:
            extra_context = {**(extra_context or {}), "workflow": self._workflow(request, article)}
        return super().change_view(request, object_id, form_url, extra_context)

    def _workflow(self, request, article):
        may_change = self.has_change_permission(request, article)
        buttons = [
            {
                "label": step.label,
                "explanation": step.explanation(article),
                "url": reverse("admin:articles_article_workflow", args=[article.pk, step.name]),
                "name": step.name,
            }
            for step in STEPS.values()
            if may_change and step.offered(article, request.user)
        ]
        return {"state": article.state, "detail": _state_detail(article), "buttons": buttons}

    def workflow_view(self, request, object_id, step):
        article = self.get_object(request, unquote(object_id))
        chosen = STEPS.get(step)
        if article is None or chosen is None:
            raise Http404("No such article or step.")
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        if chosen.publishers_only and not can_publish(request.user):
            raise PermissionDenied
        back = redirect("admin:articles_article_change", article.pk)
        if not chosen.offered(article, request.user):
            message = f"“{article}” is {article.state.lower()}: nothing was {chosen.done}."
            self.message_user(request, message, messages.WARNING)
            return back
        warn = partial(self.message_user, request, level=messages.WARNING)
        try:
            self._run(chosen, article, by=request.user, warn=warn)
        except Refused as refusal:
            lead = refusal_lead(article, chosen.done)
            self.message_user(request, problem_list(lead, refusal.problems), messages.ERROR)
            return back
        self.log_change(request, article, f"{chosen.done.capitalize()} from its page")
        done = f"“{article}” {chosen.done}: it is now “{article.state}”."
        self.message_user(request, done, messages.SUCCESS)
        return back

    @staticmethod
    def _run(step, article, *, by, warn):
        match step.name:
            case "submit":
                services.submit_article(article=article, by=by)
            case "publish":
                services.publish_article(article=article, by=by, warn=warn)
            case "schedule":
                at = article.published_at
                services.schedule_article(article=article, by=by, at=at, warn=warn)
            case "unpublish":
                services.unpublish_article(article=article, by=by)
