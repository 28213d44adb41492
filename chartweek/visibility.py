"""Who may see what: the one rule behind every reader surface.

Pages, the dataset page (its columns and JSON-LD), feeds, the sitemap, search,
embeds, share images, downloads and every API endpoint ask here, and nowhere
else, what a user may see:

- an article once it is published and its time has come;
- a chart while a public article places it;
- a dataset while one of those charts draws it;
- a version of a dataset only while one of those charts draws that version.
  New data uploaded to a public dataset stays hidden (embargoed) until a
  public article draws it: a chart moved on to it, or a scheduled article
  whose time has come.

The *reader's version* of a dataset is the newest version a public article
draws, never simply the latest upload (`Dataset.current_version`, which is the
editors' "latest data"). Staff who may view a model in the admin also see its
unpublished objects, and the newest upload: that is a *preview*, which no shared
cache may store.

The database form of each rule is the model's own `published()` queryset; this
module is the only reader-facing code that calls them. It reaches the models
lazily, since `chartweek` sits under every app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest

from chartweek.params import whole_number

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.contrib.auth.models import AbstractUser, AnonymousUser
    from django.db.models import Model, QuerySet

    User = AbstractUser | AnonymousUser | None


def _model(label: str) -> Any:
    """A model of an app above this one, looked up when called (so typed loosely)."""
    return apps.get_model(label)


def _published(queryset: QuerySet) -> QuerySet:
    """Each model's own published() rule: on its queryset, which `QuerySet` does not know."""
    custom: Any = queryset
    return custom.published()


def can_preview(user: User, model: type[Model]) -> bool:
    """Staff with view permission on `model` see its unpublished objects too."""
    if user is None or not (user.is_active and user.is_staff):
        return False
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}")


def for_user(queryset: QuerySet, user: User = None) -> tuple[QuerySet, bool]:
    """What of `queryset` this user may see, and whether that is a preview.

    Everything, for those who may preview its model; else its published() part.
    `user=None` is an anonymous reader (feeds, the sitemap, public lists).
    """
    preview = can_preview(user, queryset.model)
    return (queryset if preview else _published(queryset)), preview


def public(queryset: QuerySet) -> QuerySet:
    """What of `queryset` any reader may see: for lists, feeds, the sitemap, search."""
    return _published(queryset)


def articles(*, user: User = None) -> Any:  # the model's own QuerySet subclass
    return for_user(_model("articles.Article").objects.all(), user)[0]


def charts(*, user: User = None) -> Any:  # the model's own QuerySet subclass
    return for_user(_model("charts.Chart").objects.all(), user)[0]


def datasets(*, user: User = None) -> Any:  # the model's own QuerySet subclass
    return for_user(_model("datasets.Dataset").objects.all(), user)[0]


def versions(*, user: User = None, dataset=None) -> QuerySet:
    """The dataset versions this user may see (of `dataset`, if given), newest first."""
    found = for_user(_model("datasets.DatasetVersion").objects.all(), user)[0]
    if dataset is not None:
        found = found.filter(dataset=dataset)
    return found.order_by("dataset_id", "-number")  # by id: no join for the dataset's order


def reader_version(dataset, *, user: User = None):
    """The version of `dataset` a reader gets when none is named; None if they may see none."""
    return versions(user=user, dataset=dataset).first()


def attach_reader_versions(datasets: Iterable, *, user: User = None) -> list:
    """Set `reader_version` on each dataset (None when there is none), in one query."""
    datasets = list(datasets)
    newest = versions(user=user).filter(dataset=OuterRef("pk")).values("pk")[:1]
    chosen = (
        _model("datasets.Dataset")
        .objects.filter(pk__in=[d.pk for d in datasets])
        .annotate(reader_version_id=Subquery(newest))  # once per dataset, not per version
        .values("reader_version_id")
    )
    found = {
        version.dataset_id: version
        for version in _model("datasets.DatasetVersion").objects.filter(pk__in=chosen)
    }
    for dataset in datasets:
        dataset.reader_version = found.get(dataset.pk)
    return datasets


def reader_updated_at(dataset, version):
    """When what a reader sees of `dataset` last changed: its metadata (`updated_at`,
    which an upload does not move) or the version they are shown, whichever is later.
    Never the time of an embargoed upload. `version` is `reader_version`'s."""
    if version is None:
        return dataset.updated_at
    return max(dataset.updated_at, version.created_at)


def with_reader_updated_at(queryset: QuerySet) -> QuerySet:
    """Datasets annotated with `reader_updated_at` for an anonymous reader (the sitemap)."""
    newest = versions().filter(dataset=OuterRef("pk")).values("created_at")[:1]
    return queryset.annotate(
        reader_updated_at=Greatest("updated_at", Coalesce(Subquery(newest), "updated_at"))
    )


def find_version(dataset, *, user: User = None, number: str | int | None = None):
    """The version numbered `number` if this user may see it, else None.

    Without a number, the reader's version. A number that is not a whole
    positive number of a sane size finds nothing (never a database error).
    """
    if number in (None, ""):
        return reader_version(dataset, user=user)
    whole = number if isinstance(number, int) else whole_number(number)
    if whole is None:
        return None
    return versions(user=user, dataset=dataset).filter(number=whole).first()


def may_download(dataset, *, user: User = None) -> bool:
    """May this user take the dataset's data away (any download, or a plotted table)?

    Readers only where the dataset may be redistributed; staff who preview
    datasets always. What counts as a download: the dataset's CSV, JSON, rows
    and data package, a chart's CSV, and the plotted table in the chart API.
    """
    return dataset.redistributable or can_preview(user, _model("datasets.Dataset"))
