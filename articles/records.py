"""What the code keeps about articles, never edited by hand: revisions and rendered pages.

`Revision` is a saved state of any registered model, an article or a chart, written
and read by articles/revisions.py; `RenderedArticle` an article's page as rendered
on its last write, by articles/rendering.py. Loaded with the app's other models
(articles/models.py imports them), and named there too.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from chartweek.models import Created


class Revision(Created):
    """A saved state of an article or a chart: who, when, what changed, and the fields."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    object_repr = models.CharField(max_length=200)
    data = models.JSONField(encoder=DjangoJSONEncoder, help_text="The fields as they were.")
    changed = models.JSONField(
        default=list, help_text="Names of the fields that differ from the revision before."
    )
    note = models.CharField(max_length=300, blank=True)
    # A plain default rather than auto_now_add: a revision's time can be given.
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # An object's history, newest first: the history page and the latest revision.
            models.Index(
                fields=["content_type", "object_id", "-created_at"], name="revision_object_idx"
            ),
        ]

    def __str__(self):
        return f"{self.object_repr} · {self.created_at:%Y-%m-%d %H:%M}"


class RenderedArticle(models.Model):
    """An article's page as rendered when it last changed (articles/rendering.py).

    Derived data: the body's HTML with its charts' figures between the text, the
    topics it names, the lead chart's alt text. `key` says what it was rendered
    from (the article, its charts, their datasets, its topics, the format); the
    article page compares it with the same figures read with the article and
    renders again when they differ. `manage.py rebuildpages` rebuilds them all.
    """

    article = models.OneToOneField(
        "articles.Article", on_delete=models.CASCADE, primary_key=True, related_name="rendered"
    )
    key = models.CharField(max_length=64, help_text="What this page was rendered from.")
    body_html = models.TextField(help_text="The body, sanitised, with the charts' figures.")
    topics = models.JSONField(default=list, help_text="The article's topics: id, name, address.")
    lead_alt = models.TextField(blank=True, help_text="The first chart's alt text.")
    shows = models.JSONField(
        default=list,
        help_text="The page cache's tags of what the stored body shows (its charts, their "
        "datasets and versions): a page read from it depends on them (chartweek/cachetags.py).",
    )
    rendered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["article"]
        default_permissions = ()  # derived data: written by the code, never by editors

    def __str__(self):
        return f"Rendered {self.article_id}"

    def get_absolute_url(self):
        return self.article.get_absolute_url()
