from django.apps import AppConfig, apps
from django.db.models.signals import m2m_changed, post_delete, post_save


class ChartweekConfig(AppConfig):
    name = "chartweek"
    verbose_name = "chartweek"

    # Everything a public page shows comes from these models.
    CONTENT_MODELS = (
        "articles.Article",
        "articles.ArticleChart",
        "articles.Topic",
        "articles.Author",
        "datasets.Dataset",
        "datasets.DatasetVersion",
        "charts.Chart",
    )

    def ready(self):
        from chartweek.pagecache import content_changed

        for label in self.CONTENT_MODELS:
            model = apps.get_model(label)
            post_save.connect(content_changed, sender=model, dispatch_uid=f"pagecache-save-{label}")
            post_delete.connect(
                content_changed, sender=model, dispatch_uid=f"pagecache-delete-{label}"
            )
        m2m_changed.connect(content_changed, dispatch_uid="pagecache-m2m")
