"""Who may see what readers may not: drafts and scheduled work."""


def can_preview(user, model) -> bool:
    """Staff with view permission on `model` see unpublished objects of it."""
    if not (user.is_active and user.is_staff):
        return False
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
