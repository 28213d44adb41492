from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from articles.body import render_blocks

# Edits within this long of publication are not worth an "Updated" line.
UPDATE_GRACE = timedelta(minutes=5)


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """The one definition of "a reader may see this article".

        Published, with a publication time that has come: an article given a
        future time is scheduled, and appears by itself when the time comes.
        """
        return self.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())


class Article(models.Model):
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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    charts = models.ManyToManyField(
        "datasets.Chart", through="ArticleChart", related_name="articles", blank=True
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
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
        """Mark published; keeps an earlier publication time, else `at` or now."""
        self.status = Status.PUBLISHED
        if self.published_at is None:
            self.published_at = at or timezone.now()

    @property
    def is_public(self):
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def show_updated(self):
        return self.is_public and self.updated_at - self.published_at > UPDATE_GRACE

    @property
    def byline(self):
        return self.author.get_full_name() or self.author.get_username()

    @cached_property
    def blocks(self):
        """The body as sanitised HTML blocks with the placed charts between them."""
        return render_blocks(self.body, [p.chart for p in self.placements.all()])


class ArticleChartQuerySet(models.QuerySet):
    def published(self):
        return self.filter(article__in=Article.objects.published())


class ArticleChart(models.Model):
    """A chart placed in an article, at a position among its charts."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="placements")
    chart = models.ForeignKey("datasets.Chart", on_delete=models.PROTECT, related_name="placements")
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
