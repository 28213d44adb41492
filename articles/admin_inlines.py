"""The article form's inlines: its charts (with the publication gate) and its share links."""

from collections.abc import Sequence

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils import formats, timezone
from django.utils.html import format_html

from articles import services
from articles.models import ArticleChart, PreviewLink


def when(value):
    """A time as editors read it in the admin."""
    return formats.date_format(timezone.localtime(value), "j M Y, H:i")


class PlacementFormSet(BaseInlineFormSet):
    """The charts in the article. Saving a published (or scheduled) article passes the
    publication gate here, where its new fields and its new charts are both known."""

    publication_problems: Sequence[str] = ()
    data_refusal = ""

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def kept_charts(self):
        """The charts the article will carry, in the order of their positions."""
        kept = sorted(
            (
                form.cleaned_data
                for form in self.forms
                if form.cleaned_data.get("chart") and not self._should_delete_form(form)  # type: ignore[attr-defined]  # stubs lack it
            ),
            key=lambda placement: placement.get("position") or 0,
        )
        return [placement["chart"] for placement in kept]

    def clean(self):
        # The article service refuses these on save too; asked here, where the new
        # fields and charts are both known, to show them on the form.
        super().clean()
        if any(self.errors):
            return
        try:
            services.check_article(article=self.instance, by=self.user, charts=self.kept_charts())
        except services.NotAllowed as refusal:
            self.data_refusal = refusal.problems[0]  # shown at the top of the page
            raise ValidationError(self.data_refusal) from None
        except services.PublishRefused as refusal:
            self.publication_problems = refusal.problems  # listed at the top of the page
            raise ValidationError(
                "Not saved: see what is missing at the top of the page."
            ) from None
        except services.Refused as refusal:
            raise ValidationError(refusal.problems) from None


class ArticleChartInline(admin.TabularInline):
    model = ArticleChart
    formset = PlacementFormSet
    extra = 1
    fields = ["position", "chart"]
    autocomplete_fields = ["chart"]

    # Placements are part of the article (and the gate runs on them): whoever may
    # edit the article may place its charts.
    def has_add_permission(self, request, obj):  # type: ignore[override]  # InlineModelAdmin's takes obj
        return request.user.has_perm("articles.change_article")

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("articles.change_article")

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("articles.change_article")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.view_article")


class PreviewLinkForm(forms.ModelForm):
    revoke = forms.BooleanField(required=False, help_text="Stops the link at once, for good.")

    class Meta:
        model = PreviewLink
        fields = ["expires_at"]

    def has_changed(self):
        # A new row left at the default expiry is still a link the editor asked for.
        return self.instance.pk is None or super().has_changed()

    def save(self, commit=True):
        if self.cleaned_data.get("revoke") and self.instance.revoked_at is None:
            self.instance.revoked_at = timezone.now()
        return super().save(commit)


class PreviewLinkInline(admin.TabularInline):
    model = PreviewLink
    form = PreviewLinkForm
    extra = 0
    can_delete = False  # revoked links stay listed: who shared what, until when
    view_on_site = False
    fields = ["link", "expires_at", "link_state", "revoke", "created_by"]
    readonly_fields = ["link", "link_state", "created_by"]
    verbose_name = "share link for reviewers"
    verbose_name_plural = "Share links for reviewers (they open the draft without a login)"

    @admin.display(description="Link")
    def link(self, obj):
        if obj.pk is None:
            return "Save to make the link."
        url = obj.get_absolute_url()
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, url)

    @admin.display(description="State")
    def link_state(self, obj):
        if obj.pk is None:
            return "–"
        if obj.revoked_at:
            return f"Revoked {when(obj.revoked_at)}"
        if not obj.is_active:
            return "Expired"
        return "Works"
