from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.utils import timezone

from articles.models import Article, ArticleChart, Status


class ArticleChartInline(admin.TabularInline):
    model = ArticleChart
    extra = 1
    fields = ["position", "chart"]
    autocomplete_fields = ["chart"]


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = ["title", "slug", "standfirst", "body", "author", "status", "published_at"]

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
    list_filter = ["status", "published_at", "author"]
    search_fields = ["title", "standfirst", "body"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author"]
    list_select_related = ["author"]
    date_hierarchy = "published_at"
    actions = ["publish_now", "unpublish"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "standfirst", "body"]}),
        ("Publication", {"fields": ["author", "status", "published_at"]}),
    ]

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

    def save_model(self, request, obj, form, change):
        if obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description="Publish the selected articles now", permissions=["change"])
    def publish_now(self, request, queryset):
        count = 0
        for article in queryset.filter(status=Status.DRAFT):
            article.publish()
            article.save(update_fields=["status", "published_at", "updated_at"])
            count += 1
        self.message_user(request, f"Published {count} article(s).", messages.SUCCESS)

    @admin.action(description="Unpublish the selected articles", permissions=["change"])
    def unpublish(self, request, queryset):
        count = queryset.filter(status=Status.PUBLISHED).update(status=Status.DRAFT)
        self.message_user(request, f"Unpublished {count} article(s).", messages.SUCCESS)
