"""Who may see what readers may not: drafts and scheduled work."""


def can_preview(user, model) -> bool:
    """Staff with view permission on `model` see unpublished objects of it."""
    if not (user.is_active and user.is_staff):
        return False
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}")


def for_reader(queryset, user):
    """What of `queryset` this user may see, and whether that is a preview.

    Everything, for those who may preview its model; else its published() part.
    """
    preview = can_preview(user, queryset.model)
    return (queryset if preview else queryset.published()), preview
