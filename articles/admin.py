import logging

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.utils import timezone
from django.utils.html import format_html

from articles.models import Article, ArticleChart, Author, Status, Topic
from articles.share import refresh_share_image
from chartweek.pagecache import content_changed

logger = logging.getLogger(__name__)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("articles"))

    @admin.display(description="Articles", ordering="article_total")
    def article_count(self, obj):
        return obj.article_total


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["__str__", "slug", "user"]
    search_fields = ["slug", "user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]
    list_select_related = ["user"]


class ArticleChartInline(admin.TabularInline):
    model = ArticleChart
    extra = 1
    fields = ["position", "chart"]
    autocomplete_fields = ["chart"]


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = [
            "title", "slug", "standfirst", "body", "topics", "author", "status", "published_at",
        ]  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        # Published with no time given means "now".
        if cleaned.get("status") == Status.PUBLISHED and not cleaned.get("published_at"):
            cleaned["published_at"] = timezone.now()
        return cleaned


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    inlines = [ArticleChartInline]
    list_display = ["title", "state", "published_at", "author", "chart_count", "updated_at"]
    list_filter = ["status", "published_at", "author", "topics"]
    search_fields = ["title", "standfirst", "body"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author", "topics"]
    list_select_related = ["author"]
    date_hierarchy = "published_at"
    actions = ["publish_now", "unpublish"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "standfirst", "body", "topics"]}),
        ("Publication", {"fields": ["author", "status", "published_at"]}),
        ("Sharing", {"fields": ["share_image_preview"]}),
    ]
    readonly_fields = ["share_image_preview"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(chart_total=Count("placements"))

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    @admin.display(description="Charts", ordering="chart_total")
    def chart_count(self, obj):
        return obj.chart_total

    @admin.display(description="State", ordering="status")
    def state(self, obj):
        if obj.status == Status.PUBLISHED and not obj.is_public:
            return "Scheduled"
        return obj.get_status_display()

    @admin.display(description="Share image")
    def share_image_preview(self, obj):
        if not obj.share_image:
            return "Made from the first chart when the article is saved as published."
        return format_html(
            '<img src="{}" alt="The share image" width="600" height="315" class="share-preview">',
            obj.get_share_image_url(),
        )

    def save_model(self, request, obj, form, change):
        if obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        Author.objects.for_user(obj.author)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After the inlines: the share image is drawn from the first chart as saved.
        if form.instance.status == Status.PUBLISHED:
            self._refresh_share_image(request, form.instance)

    def _refresh_share_image(self, request, article):
        try:
            refresh_share_image(article=article)
        except Exception:
            # The article is saved either way; a card can be made again on the next save.
            logger.exception("Share image for article %s failed", article.pk)
            self.message_user(
                request,
                "The article is saved, but its share image could not be made; "
                "links to it will show no picture. Save again to retry.",
                messages.WARNING,
            )

    @admin.action(description="Publish the selected articles now", permissions=["change"])
    def publish_now(self, request, queryset):
        count = 0
        for article in queryset.filter(status=Status.DRAFT):
            article.publish()
            article.save(update_fields=["status", "published_at", "updated_at"])
            Author.objects.for_user(article.author)
            self._refresh_share_image(request, article)
            count += 1
        self.message_user(request, f"Published {count} article(s).", messages.SUCCESS)

    @admin.action(description="Unpublish the selected articles", permissions=["change"])
    def unpublish(self, request, queryset):
        count = queryset.filter(status=Status.PUBLISHED).update(status=Status.DRAFT)
        content_changed()  # a bulk update sends no save signals: drop cached pages now
        self.message_user(request, f"Unpublished {count} article(s).", messages.SUCCESS)
