from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from articles.permissions import sync_roles
        from articles.services import register_revisions

        # What revisions keep of articles and charts, and how a restore saves them.
        register_revisions()

        # The Editors and Publishers groups follow the models after every migrate.
        post_migrate.connect(sync_roles, sender=self, dispatch_uid="articles-sync-roles")
