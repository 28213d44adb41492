from functools import partial
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import ActionLocation
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.html import format_html

from articles import publishing, services
from articles.admin_inlines import ArticleChartInline, PlacementFormSet, PreviewLinkInline, when
from articles.admin_workflow import OUT, WorkflowAdmin, problem_list, refusal_lead
from articles.models import Article, Author, PreviewLink, State, Status, Topic
from articles.permissions import can_publish
from articles.refusals import Refused
from articles.revisions_admin import RevisionAdmin
from charts.models import Chart

# Actions offered both in the article list and on an article's own page.
EVERYWHERE = [ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM]


def _publishers_only(article):
    return f"“{article}” is {article.state.lower()}: only a publisher can take it down."


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


def _short(moment):
    """A time in a list column: it may wrap between the day and the time, nowhere else."""
    day, _, time = when(moment).rpartition(", ")
    return format_html(
        '<time datetime="{}">{}, {}</time>', moment.isoformat(), day.replace(" ", "\xa0"), time
    )


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "standfirst",
            "body",
            "topics",
            "author",
            "status",
            "published_at",
            "correction",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        status = self.fields.get("status")
        if status is not None and self.instance.pk is not None:
            # The stored value is named as the article stands (State's wording): a
            # submitted draft reads "Waiting for a publisher", never a bare "Draft".
            stored, state = self.instance.status, self.instance.workflow_state
            named = [(v, state.label if v == stored else label) for v, label in Status.choices]
            status.choices = named  # type: ignore[attr-defined]

    def clean(self):
        # The stubs allow None (an override may return it); ModelForm's returns cleaned_data.
        cleaned: dict[str, Any] = super().clean()  # type: ignore[assignment]
        # Published with no time given means "now".
        if cleaned.get("status") == Status.PUBLISHED and not cleaned.get("published_at"):
            cleaned["published_at"] = timezone.now()
        return cleaned


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return State.choices

    def queryset(self, request, queryset):
        return queryset.in_state(self.value())


@admin.register(Article)
class ArticleAdmin(WorkflowAdmin, RevisionAdmin, admin.ModelAdmin):
    form = ArticleAdminForm
    inlines = [ArticleChartInline, PreviewLinkInline]
    # The publication time goes with the state, so the title keeps room to read (admin.css).
    list_display = ["title", "state", "author", "chart_count", "updated"]
    list_filter = [StateFilter, "published_at", "author", "topics"]
    search_fields = ["title", "standfirst", "body"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author", "topics"]
    list_select_related = ["author"]
    date_hierarchy = "published_at"
    actions = ["submit_for_publication", "publish_now", "unpublish", "move_charts_to_latest_data"]
    readonly_fields = ["preview", "checklist", "newer_data", "share_image_preview"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "standfirst", "body", "topics"]}),
        ("Publication", {"fields": ["preview", "checklist", "author", "status", "published_at"]}),
        ("Data", {"fields": ["newer_data"]}),
        ("Correction", {"fields": ["correction"]}),
        ("Sharing", {"fields": ["share_image_preview"]}),
    ]

    class Media:
        css = {"all": ["css/admin.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(chart_total=Count("placements"))

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not can_publish(request.user):
            fields += ["status", "published_at"]  # publishing and scheduling are publishers'
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if can_publish(request.user):
            return fieldsets
        # Read-only, the stored status would say "Draft" of a submitted article: the
        # state above the form says where it stands, in the one wording.
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "status"]})
            for name, options in fieldsets
        ]

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, ArticleChartInline):
            kwargs["user"] = request.user  # placing a chart may be publishing its data
        return kwargs

    def render_change_form(self, request, context, *args, **kwargs):
        # A refusal by the publication gate goes at the top, where the editor looks.
        for inline in context["inline_admin_formsets"]:
            if refusal := getattr(inline.formset, "data_refusal", ""):
                context["adminform"].form.add_error(None, refusal)
            if problems := getattr(inline.formset, "publication_problems", None):
                lead = "Not saved: a published article must pass these first."
                context["adminform"].form.add_error(None, ValidationError([lead, *problems]))
        return super().render_change_form(request, context, *args, **kwargs)

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status == Status.PUBLISHED and not can_publish(request.user):
            return False
        return super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        live = [a for a in objs if a.status == Status.PUBLISHED]
        if live and not can_publish(request.user):
            # Say why, rather than Django's "no permission to delete articles".
            perms_needed.discard(self.opts.verbose_name)
            protected = [*(_publishers_only(a) for a in live), *protected]
        return deleted, counts, perms_needed, protected

    def delete_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article and article.status == Status.PUBLISHED and not can_publish(request.user):
            self.message_user(request, _publishers_only(article), messages.ERROR)
            return redirect("admin:articles_article_change", article.pk)
        return super().delete_view(request, object_id, extra_context)

    @admin.display(description="Charts", ordering="chart_total")
    def chart_count(self, obj):
        return obj.chart_total

    @admin.display(description="State", ordering="published_at")
    def state(self, obj):
        if obj.published_at is None or obj.workflow_state not in OUT:
            return obj.state
        return format_html(
            '{}<br><span class="chartweek-when">{}</span>', obj.state, _short(obj.published_at)
        )

    @admin.display(description="Updated", ordering="updated_at")
    def updated(self, obj):
        return _short(obj.updated_at)

    @admin.display(description="Preview")
    def preview(self, obj):
        if obj is None or obj.pk is None:
            return "Save the article to preview it."
        # Asked of the database: on a refused form, `obj` holds what was asked for.
        public = Article.objects.published().filter(pk=obj.pk).exists()
        label = "View it on the site" if public else "Preview it as readers will see it"
        return format_html(
            '<a class="button" href="{}" target="_blank" rel="noopener">{}</a>',
            obj.get_absolute_url(),
            label,
        )

    @admin.display(description="Ready to publish")
    def checklist(self, obj):
        if obj is None or obj.pk is None:
            return "Save the article to check it."
        if problems := publishing.publication_problems(obj):
            return problem_list("Not yet:", problems)
        return "Yes: nothing is missing."

    @admin.display(description="Newer data")
    def newer_data(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        placements = obj.placements.select_related(
            "chart__version", "chart__dataset__current_version"
        )
        charts = [p.chart for p in placements]
        behind = [c for c in charts if c.version_id != c.dataset.current_version_id]
        if not behind:
            return "Every chart draws its dataset's latest data."
        lines = [
            f"“{c}” draws version {c.version.number} of “{c.dataset}”; version "
            f"{latest.number} was uploaded {when(latest.created_at)}."
            for c in behind
            if (latest := c.dataset.current_version)
        ]
        return problem_list(
            "Readers see the data each chart was published with. To move them on, choose "
            "“Move its charts to the latest data” among the actions above; readers then see "
            "“Data updated” under them. On a published or scheduled article that publishes "
            "the new data, so only a publisher can.",
            lines,
        )

    @admin.display(description="Share image")
    def share_image_preview(self, obj):
        if not obj.share_image:
            return "Made from the first chart when the article is saved as published."
        return format_html(
            '<img src="{}" alt="The share image" width="600" height="315" class="share-preview">',
            obj.get_share_image_url(),
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except Refused as refusal:
            # Refused while saving, after the form was checked (a publisher acted
            # meanwhile): the transaction rolled back; say why and go back to the form.
            self.message_user(request, problem_list("Not saved:", refusal.problems), messages.ERROR)
            return redirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        pass  # saved with its charts and topics by the article service, in save_related

    def save_related(self, request, form, formsets, change):
        placements = next((f for f in formsets if isinstance(f, PlacementFormSet)), None)
        services.save_article(
            article=form.instance,
            by=request.user,
            charts=placements.kept_charts() if placements else None,
            topics=form.cleaned_data["topics"],
            warn=self._warn(request),
        )
        for formset in formsets:
            if formset is placements:  # placed by the service; the revision says what changed
                placed: Any = formset  # a PlacementFormSet, not None: it is in the list
                placed.new_objects = placed.changed_objects = placed.deleted_objects = []
            else:
                self.save_formset(request, form, formset, change=change)

    def _warn(self, request):
        return partial(self.message_user, request, level=messages.WARNING)

    def save_formset(self, request, form, formset, change):
        for link in formset.save(commit=False):
            if isinstance(link, PreviewLink) and link.created_by_id is None:
                link.created_by = request.user
            link.save()
        for placement in formset.deleted_objects:
            placement.delete()
        formset.save_m2m()

    def _each(self, request, articles, step, *, what):
        """Run `step` (submit or publish) on each article; say what the gate refused.

        Returns the articles `step` acted on (publish passes over one already out).
        """
        done = []
        for article in articles:
            try:
                acted = step(article=article, by=request.user)
            except services.PublishRefused as refusal:
                lead = refusal_lead(article, what)
                self.message_user(request, problem_list(lead, refusal.problems), messages.ERROR)
            else:
                if acted is not None:
                    done.append(article)
        return done

    @admin.action(
        description="Submit for publication",
        description_plural="Submit for publication",
        permissions=["change"],
        location=EVERYWHERE,
    )
    def submit_for_publication(self, request, queryset):
        drafts = queryset.filter(status=Status.DRAFT)
        if done := self._each(request, drafts, services.submit_article, what="submitted"):
            self.message_user(
                request, f"Submitted {len(done)} article(s): a publisher will take it from here."
            )

    @admin.action(
        description="Publish now",
        description_plural="Publish the selected articles now",
        permissions=["publish"],
        location=EVERYWHERE,
    )
    def publish_now(self, request, queryset):
        waiting = [article for article in queryset if not article.is_public]
        publish = partial(services.publish_article, warn=self._warn(request))
        if done := self._each(request, waiting, publish, what="published"):
            self.message_user(request, f"Published {len(done)} article(s).", messages.SUCCESS)

    @admin.action(
        description="Unpublish",
        description_plural="Unpublish the selected articles",
        permissions=["publish"],
        location=EVERYWHERE,
    )
    def unpublish(self, request, queryset):
        articles = list(queryset.filter(status=Status.PUBLISHED))
        for article in articles:
            services.unpublish_article(article=article, by=request.user)
        self.message_user(request, f"Unpublished {len(articles)} article(s).", messages.SUCCESS)

    @admin.action(
        description="Move its charts to the latest data",
        description_plural="Move their charts to the latest data",
        permissions=["change"],
        location=EVERYWHERE,
    )
    def move_charts_to_latest_data(self, request, queryset):
        # Publishing for a published or scheduled article: the service refuses those
        # charts to anyone who may not publish, and says so.
        if not request.user.has_perm("charts.change_chart"):
            self.message_user(request, "You may not change charts.", messages.ERROR)
            return
        charts = Chart.objects.filter(placements__article__in=queryset).distinct()
        result = services.move_charts_to_latest_data(
            charts=charts.select_related("dataset__current_version"), by=request.user
        )
        moved = f"Moved {result.moved} chart(s) to the latest data."
        self.message_user(request, moved, messages.SUCCESS)
        for line in result.refused:
            self.message_user(request, f"Not moved: {line}", messages.WARNING)
