"""Rebuild every stored page fragment: each chart's, then each article's page."""

from django.core.management.base import BaseCommand
from django.db import transaction

from articles.models import Article
from articles.rendering import render_article
from charts.rendering import render_chart, stored_charts


class Command(BaseCommand):
    help = (
        "Render again what readers' pages are served from (charts/rendering.py, "
        "articles/rendering.py): every chart's fragments, then every article's page. "
        "Derived data only; run it after a deploy that changed their format, or at any time."
    )

    def handle(self, *args, **options):
        failed = 0
        charts = stored_charts().order_by("pk")
        for chart in charts.iterator(chunk_size=100):
            try:
                with transaction.atomic():
                    render_chart(chart)
            except Exception as exc:  # one broken chart never stops the others
                failed += 1
                self.stderr.write(f"Chart {chart.pk} “{chart}”: {exc}")
        articles = Article.objects.order_by("pk")
        for article in articles.iterator(chunk_size=100):
            try:
                with transaction.atomic():
                    render_article(article)
            except Exception as exc:
                failed += 1
                self.stderr.write(f"Article {article.pk} “{article}”: {exc}")
        self.stdout.write(
            f"Rendered {charts.count()} chart(s) and {articles.count()} article(s); "
            f"{failed} failed."
        )
