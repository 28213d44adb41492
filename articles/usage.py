"""Where a dataset or a chart is used: the articles that carry it, and what that forbids."""

from typing import TYPE_CHECKING

from django.contrib import admin

if TYPE_CHECKING:
    _ModelAdmin = admin.ModelAdmin  # what this mixin is mixed into, for the type checker
else:
    _ModelAdmin = object
from django.template.loader import render_to_string

from articles.models import Article, Status
from charts.models import Chart


def articles_using(obj):
    """The articles that show `obj` (a chart, or a dataset through its charts)."""
    if isinstance(obj, Chart):
        articles = Article.objects.filter(placements__chart=obj)
    else:
        articles = Article.objects.filter(placements__chart__dataset=obj)
    return articles.distinct().order_by("-published_at", "title")


def deletion_blockers(obj) -> list[str]:
    """Why `obj` may not be deleted: a published (or scheduled) article still shows it."""
    kind = obj._meta.verbose_name
    return [
        f"The {article.state.lower()} article “{article}” shows this {kind}: unpublish it, "
        "or take the chart out of it, before deleting."
        for article in articles_using(obj).filter(status=Status.PUBLISHED)
    ]


class UsedInArticlesAdmin(_ModelAdmin):
    """Admin mixin: a "Used in" read-only field, and no deleting what published articles show."""

    @admin.display(description="Used in")
    def used_in(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        return render_to_string("admin/articles/used_in.html", {"articles": articles_using(obj)})

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        blockers = [line for obj in objs for line in deletion_blockers(obj)]
        return deleted, counts, perms_needed, [*blockers, *protected]
