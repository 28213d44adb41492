"""Filters of the dataset list (django-filter): search, source, licence, ordering.

There is no tag filter yet: datasets have no tags (topics are coming to articles).
"""

import django_filters
from django.db.models import Q

from datasets.models import Dataset, Licence


class StableOrdering(django_filters.OrderingFilter):
    """The chosen order (newest first by default), then id: pages never overlap."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        return qs.order_by(*(qs.query.order_by or ["-updated_at"]), "pk")


class DatasetFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(
        method="filter_search", help_text="Words found in the title or the description."
    )
    source = django_filters.CharFilter(
        field_name="source_name", lookup_expr="icontains", help_text="Part of the source's name."
    )
    licence = django_filters.MultipleChoiceFilter(
        choices=Licence.choices, help_text="An SPDX identifier such as CC-BY-4.0; repeat for any."
    )
    redistributable = django_filters.BooleanFilter(help_text="true: only downloadable datasets.")
    ordering = StableOrdering(
        fields=[("title", "title"), ("updated_at", "updated"), ("created_at", "created")],
        help_text="title, updated or created; a leading - reverses. Default: -updated.",
    )

    class Meta:
        model = Dataset
        fields: list[str] = []

    def filter_search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(Q(title__icontains=word) | Q(description__icontains=word))
        return queryset
