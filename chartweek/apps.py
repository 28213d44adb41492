from django.apps import AppConfig, apps
from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save, pre_save


class ChartweekConfig(AppConfig):
    name = "chartweek"
    verbose_name = "chartweek"

    # Everything a public page shows comes from these models (chartweek/cachetags.py).
    CONTENT_MODELS = (
        "articles.Article",
        "articles.ArticleChart",
        "articles.Topic",
        "articles.Author",
        "datasets.Dataset",
        "datasets.DatasetVersion",
        "charts.Chart",
        settings.AUTH_USER_MODEL,  # an author's name in bylines
    )

    def ready(self):
        from chartweek.cachetags import Receivers, loaded

        models = [apps.get_model(label) for label in self.CONTENT_MODELS]
        receivers = Receivers(model._meta.label_lower for model in models)
        self.pagecache_receivers = receivers  # the signals hold their receivers weakly
        for model in models:
            label = model._meta.label_lower
            post_init.connect(loaded, sender=model, dispatch_uid=f"pagecache-load-{label}")
            pre_save.connect(
                receivers.before_save, sender=model, dispatch_uid=f"pagecache-pre-{label}"
            )
            post_save.connect(receivers.saved, sender=model, dispatch_uid=f"pagecache-save-{label}")
            post_delete.connect(
                receivers.deleted, sender=model, dispatch_uid=f"pagecache-delete-{label}"
            )
        m2m_changed.connect(receivers.m2m_changed, dispatch_uid="pagecache-m2m")
