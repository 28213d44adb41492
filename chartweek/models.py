"""Fields every app's content models share: when a row was made, by whom, and
when it last changed. Abstract: each model keeps its own table and columns."""

from django.conf import settings
from django.db import models


class Created(models.Model):
    """When and by whom a row was made. The code stamps both (the admin's
    `save_model`, the API, the commands); editors never type them."""

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,  # kept when the user is deleted; empty for rows made by commands
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        abstract = True


class Timestamped(Created):
    """`Created`, plus when the row last changed (every save)."""

    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
