"""What the editorial services refuse with: each carries the reasons, one line each.

The services (articles/services.py, restoring in articles/revisions.py) raise
these and nothing is saved; the admin turns them into messages, the API into
400/403 answers.
"""

from django.core.exceptions import PermissionDenied


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
