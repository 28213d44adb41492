import secrets
import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from articles.body import render_blocks
from articles.querysets import (
    ArticleChartQuerySet,
    ArticleQuerySet,
    ArticleRedirectManager,
    AuthorQuerySet,
    PreviewLinkQuerySet,
    State,
    Status,
    TopicQuerySet,
)

# Models of their own module, loaded (and found) with the rest: articles/records.py.
from articles.records import RenderedArticle, Revision  # noqa: F401
from chartweek.models import Created, Timestamped

# Edits within this long of publication are not worth an "Updated" line.
UPDATE_GRACE = timedelta(minutes=5)
# How long a new share link for reviewers works unless the editor says otherwise.
PREVIEW_LINK_LIFETIME = timedelta(days=7)


class Topic(models.Model):
    """What an article is about ("AI", "China"): readers browse and follow by topic."""

    name = models.CharField(max_length=80, help_text="As readers see it, e.g. “United States”.")
    slug = models.SlugField(
        max_length=80, help_text="Part of the topic's address; letters, digits and hyphens."
    )
    description = models.TextField(
        blank=True, help_text="A sentence or two shown at the top of the topic's page."
    )
    # Articles' stored pages name their topics; a rename makes them stale (articles/rendering.py).
    updated_at = models.DateTimeField(auto_now=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="topic_slug_unique"),
            models.UniqueConstraint(fields=["name"], name="topic_name_unique"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:topic", kwargs={"slug": self.slug})


class Author(models.Model):
    """The public side of a user who writes: the address and bio of their author page.

    A profile of its own keeps login names out of public addresses.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="author_profile"
    )
    slug = models.SlugField(
        max_length=150, help_text="Part of the author page's address, e.g. “ada-lovelace”."
    )
    bio = models.TextField(blank=True, help_text="A sentence or two shown on the author's page.")

    objects = AuthorQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]
        constraints = [models.UniqueConstraint(fields=["slug"], name="author_slug_unique")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})

    @property
    def name(self):
        return self.user.get_full_name() or self.user.get_username()


def share_image_upload_to(instance, filename):
    # A random name: a draft's image cannot be found by guessing; served only once public.
    return f"share/{uuid.uuid4().hex}.png"


class Article(Timestamped):
    title = models.CharField(max_length=200, help_text="The headline readers see.")
    slug = models.SlugField(
        max_length=200, help_text="Part of the article's address; letters, digits and hyphens."
    )
    standfirst = models.TextField(
        max_length=600, help_text="One or two sentences under the headline: the story in brief."
    )
    body = models.TextField(
        help_text=(
            "Markdown. Put a chart where you want it with a line of its own such as [chart 1] "
            "(the number is its place in the list of charts below); "
            "charts not placed appear after the text."
        )
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="articles",
        help_text="Shown in the byline.",
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=(
            "When readers first see it. Leave empty to publish now; a future time schedules it."
        ),
    )
    charts = models.ManyToManyField(
        "charts.Chart", through="ArticleChart", related_name="articles", blank=True
    )
    topics = models.ManyToManyField(
        Topic,
        related_name="articles",
        blank=True,
        help_text="What the article is about; readers find it on each topic's page and feed.",
    )
    share_image = models.ImageField(
        upload_to=share_image_upload_to,
        blank=True,
        editable=False,
        help_text="The lead chart as a picture for social media, made when the article is saved.",
    )
    correction = models.TextField(
        blank=True,
        help_text=(
            "A public correction, shown under the headline with the date you save it: what "
            "was wrong and what is right now. Leave empty when there is none."
        ),
    )
    corrected_at = models.DateTimeField(null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When an editor asked a publisher to publish it; cleared on publication.",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        permissions = [("publish_article", "Can publish, schedule and unpublish articles")]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="article_slug_unique"),
            models.CheckConstraint(
                condition=Q(status=Status.DRAFT) | Q(published_at__isnull=False),
                name="article_published_has_time",
            ),
        ]
        indexes = [
            # Article.objects.published().order_by("-published_at"): home page and archive.
            models.Index(fields=["status", "-published_at"], name="article_status_pub_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def publish(self, *, at=None):
        """Mark published at `at`; without one, keep an earlier time that has come, else now."""
        now = timezone.now()
        self.status = Status.PUBLISHED
        if at is not None:
            self.published_at = at
        elif self.published_at is None or self.published_at > now:
            self.published_at = now
        self.submitted_at = self.submitted_by = None

    def stamp_correction(self):
        """Date the correction note: call when its text has changed."""
        self.corrected_at = timezone.now() if self.correction.strip() else None

    @property
    def is_public(self):
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def has_been_public(self):
        """Readers have seen it at some time (it may be unpublished now)."""
        return self.published_at is not None and self.published_at <= timezone.now()

    @property
    def workflow_state(self) -> State:
        """Where the article stands now: draft, waiting for a publisher, scheduled, published."""
        if self.status == Status.PUBLISHED:
            return State.PUBLISHED if self.is_public else State.SCHEDULED
        return State.SUBMITTED if self.submitted_at else State.DRAFT

    @property
    def state(self) -> str:
        """Where the article stands, in the one wording every surface uses (State's labels)."""
        return str(self.workflow_state.label)

    @property
    def show_updated(self):
        return (
            self.is_public
            and self.published_at is not None
            and self.updated_at - self.published_at > UPDATE_GRACE
        )

    @property
    def byline(self):
        return self.author.get_full_name() or self.author.get_username()

    @property
    def author_url(self):
        """The author's page, when they have one (select_related "author__author_profile")."""
        try:
            return self.author.author_profile.get_absolute_url()
        except Author.DoesNotExist:
            return ""

    def get_share_image_url(self):
        """Where the share image is served (only while the article is public)."""
        if not self.share_image:
            return ""
        url = reverse("articles:share-image", kwargs={"slug": self.slug})
        return f"{url}?v={Path(self.share_image.name or '').stem[:12]}"

    @cached_property
    def blocks(self):
        """The body as sanitised HTML blocks with the placed charts between them."""
        return render_blocks(self.body, [p.chart for p in self.placements.all()])


class ArticleChart(models.Model):
    """A chart placed in an article, at a position among its charts."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="placements")
    chart = models.ForeignKey("charts.Chart", on_delete=models.PROTECT, related_name="placements")
    position = models.PositiveSmallIntegerField(
        default=1, help_text="1 is the first chart; refer to it in the body as [chart 1]."
    )

    objects = ArticleChartQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "chart in the article"
        verbose_name_plural = "charts in the article"
        constraints = [
            models.UniqueConstraint(fields=["article", "chart"], name="article_chart_once"),
            models.CheckConstraint(condition=Q(position__gte=1), name="article_chart_position"),
        ]

    def __str__(self):
        return f"{self.position}. {self.chart}"


def new_preview_token():
    return secrets.token_urlsafe(32)


def default_preview_expiry():
    return timezone.now() + PREVIEW_LINK_LIFETIME


class PreviewLink(Created):
    """A secret address that shows an unpublished article to a reviewer without a login."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="preview_links")
    token = models.CharField(max_length=64, default=new_preview_token, editable=False)
    expires_at = models.DateTimeField(
        default=default_preview_expiry, help_text="The link stops working at this time."
    )
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "share link"
        constraints = [
            # Also the index behind /preview/<token>/.
            models.UniqueConstraint(fields=["token"], name="preview_link_token_unique"),
        ]

    def __str__(self):
        when = f" on {self.created_at:%d %b %Y}" if self.created_at else ""
        return f"Shared by {self.created_by or 'someone'}{when}"

    def get_absolute_url(self):
        return reverse("articles:preview", kwargs={"token": self.token})

    @property
    def is_active(self):
        return self.revoked_at is None and self.expires_at > timezone.now()


class ArticleRedirect(models.Model):
    """An address an article had when it was public: it answers with a permanent redirect."""

    old_slug = models.SlugField(max_length=200)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ArticleRedirectManager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # Also the index behind the detail view's fallback lookup by old slug.
            models.UniqueConstraint(fields=["old_slug"], name="article_redirect_slug_unique"),
        ]

    def __str__(self):
        return f"{self.old_slug} → {self.article.slug}"
