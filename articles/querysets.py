"""The articles app's querysets and managers: what readers may see, search, follow-ups.

`articles.models` attaches them to its models; they reach Article through the app
registry, since that module imports this one.
"""

from datetime import datetime
from typing import Any

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.text import slugify

from articles.search import search


def _articles() -> Any:
    """Article's queryset (ArticleQuerySet), looked up when called."""
    return apps.get_model("articles", "Article").objects.all()


class State(models.TextChoices):
    """Where an article stands in the workflow: the one wording every surface shows.

    The admin's list column and filter, the change page, the preview banner,
    the revision history and the "used in" lists all take these labels.
    """

    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Waiting for a publisher"
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHED = "published", "Published"


class Status(models.TextChoices):
    """What is stored: a draft (submitted or not) or published (now or at a future time)."""

    DRAFT = "draft", State.DRAFT.label
    PUBLISHED = "published", State.PUBLISHED.label


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """The one definition of "a reader may see this article".

        Published, with a publication time that has come: an article given a
        future time is scheduled, and appears by itself when the time comes.
        """
        return self.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())

    def in_state(self, state):
        """The articles standing at `state` (a State) now; all of them for an unknown one."""
        drafts = self.filter(status=Status.DRAFT)
        match state:
            case State.DRAFT:
                return drafts.filter(submitted_at__isnull=True)
            case State.SUBMITTED:
                return drafts.filter(submitted_at__isnull=False)
            case State.SCHEDULED:
                return self.filter(status=Status.PUBLISHED, published_at__gt=timezone.now())
            case State.PUBLISHED:
                return self.published()
        return self

    def in_month(self, year, month):
        """Published in that calendar month, in the site's time zone."""
        tz = timezone.get_current_timezone()
        start = datetime(year, month, 1, tzinfo=tz)
        end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=tz)
        return self.filter(published_at__gte=start, published_at__lt=end)

    def related_to(self, article, *, topic_ids):
        """Other articles, those sharing most of `topic_ids` first, then the most recent."""
        others = self.exclude(pk=article.pk)
        if not topic_ids:
            return others.order_by("-published_at")
        return others.annotate(
            shared=Count("topics", filter=Q(topics__in=topic_ids), distinct=True)
        ).order_by("-shared", "-published_at")

    def search(self, query):
        """Articles matching a reader's words, best first (see articles/search.py)."""
        return search(self, query, weights=ARTICLE_SEARCH_WEIGHTS, headline_field="body")


# Full-text weights: a word in the headline counts most, then the standfirst, then the body.
ARTICLE_SEARCH_WEIGHTS = {"title": "A", "standfirst": "B", "body": "C"}


class TopicQuerySet(models.QuerySet):
    def published(self):
        """Topics a reader may see: those carried by at least one published article."""
        return self.filter(Exists(_articles().published().filter(topics=OuterRef("pk"))))


class AuthorQuerySet(models.QuerySet):
    def published(self):
        """Authors a reader may see: those with at least one published article."""
        return self.filter(Exists(_articles().published().filter(author=OuterRef("user"))))

    def for_user(self, user):
        """The user's author profile, made on first use with a slug from their name."""
        try:
            return self.get(user=user)
        except ObjectDoesNotExist:
            pass
        base = slugify(user.get_full_name()) or "author"
        slug, n = base, 1
        while self.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        return self.create(user=user, slug=slug)


class ArticleChartQuerySet(models.QuerySet):
    def published(self):
        return self.filter(article__in=_articles().published())


class PreviewLinkQuerySet(models.QuerySet):
    def active(self):
        """Links that still open their article: not revoked, not expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ArticleRedirectManager(models.Manager):
    def follow_slug(self, article, *, old_slug=None):
        """After `article` was saved: its old address (if readers knew it) leads to the new one.

        Redirects point at the article, not at a slug, so a chain of renames
        collapses into one hop; a redirect from the slug the article now has is
        dropped, since the article itself answers there.
        """
        self.filter(old_slug=article.slug).delete()
        if old_slug and old_slug != article.slug and article.has_been_public:
            self.update_or_create(old_slug=old_slug, defaults={"article": article})
