"""What the editorial services refuse with: each carries the reasons, one line each.

The services (articles/services.py, restoring in articles/revisions.py) raise
these and nothing is saved; the admin turns them into messages, the API into
400/403 answers.
"""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.urls import NoReverseMatch, reverse


class Problem(str):
    """One reason, in words; `about` is the object to open to fix it (a dataset, a chart).

    A str everywhere (messages, the API's answers); the admin adds a link to
    `about`'s change page (`admin_url`).
    """

    about: models.Model | None

    def __new__(cls, text: str, *, about: models.Model | None = None) -> "Problem":
        problem = super().__new__(cls, text)
        problem.about = about
        return problem

    def admin_url(self) -> str:
        about = getattr(self, "about", None)
        if about is None or about.pk is None:
            return ""
        opts = about._meta
        try:
            return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[about.pk])
        except NoReverseMatch:
            return ""


class Refused(Exception):
    """An operation was refused and changed nothing; `problems` says why, one line each."""

    def __init__(self, problems: list[str] | str):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("; ".join(self.problems))


class PublishRefused(Refused):
    """The article is not ready to be (or stay) published: what to fix."""


class NotAllowed(Refused, PermissionDenied):
    """The user may not do this (publish, or release data readers would see)."""


class RestoreRefused(Refused):
    """A revision cannot be brought back: what stands in the way."""
