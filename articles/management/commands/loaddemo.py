"""Create (or bring back to its shipped state) the demo article, its datasets and charts.

Safe to run any number of times: everything is found by slug or title and
updated in place, so a second run changes nothing and duplicates nothing.
"""

import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.management.base import BaseCommand
from django.db import transaction

from articles import services
from articles.models import Article, ArticleChart, Author, Status, Topic
from charts.models import Chart, ChartType, NumberFormat
from charts.spec_fields import spec_from_fields
from chartweek.pagecache import content_changed
from datasets import ingest
from datasets.models import Dataset, Licence

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
ARTICLE_SLUG = "us-china-ai-research-rivals-and-partners"

DATASETS: list[dict[str, Any]] = [
    {
        "slug": "ai-research-collaboration-2021",
        "file": "ai-research-collaboration-2021.csv",
        "title": "Cross-country collaboration in AI publications, 2021",
        "description": (
            "AI publications in 2021 with authors in both countries of each pair. "
            "Two pairs, taken from the AI Index's cross-country collaboration figures."
        ),
        "source_name": "Stanford HAI, AI Index Report 2022",
        "temporal_coverage": "2021",
        "licence": Licence.CC_BY_ND_4,
        "attribution": "AI Index Report 2022, Stanford HAI",
    },
    {
        "slug": "ai-training-cost-reported",
        "file": "ai-training-cost-reported.csv",
        "title": "Reported cost of training frontier AI models, January 2025",
        "description": (
            "Training costs as reported in January 2025: DeepSeek's own statement and "
            "media reports for Meta's Llama and OpenAI's GPT-4. Not audited; the figures "
            "count different things. The basis column says where each comes from."
        ),
        "source_name": "DeepSeek (company statement, DeepSeek-V3 technical report); media reports",
        "temporal_coverage": "As reported in January 2025",
        "licence": Licence.CC_BY_4,
        "attribution": "Compiled by chartweek from the sources named",
    },
    {
        "slug": "ai-training-compute",
        "file": "ai-training-compute.csv",
        "title": "GPU-hours used to train DeepSeek-V3 and Llama 3.1 405B",
        "description": (
            "GPU-hours as published by the developers. DeepSeek-V3: 2.664M pre-training, "
            "0.119M context extension and 0.005M post-training hours on H800 GPUs. "
            "Llama 3.1 405B: hours on H100 GPUs, from Meta's model card."
        ),
        "source_name": (
            "DeepSeek-V3 technical report and repository README; Meta Llama 3.1 model card"
        ),
        "licence": Licence.CC_BY_4,
        "attribution": "Compiled by chartweek from the sources named",
    },
]

CHARTS: list[dict[str, Any]] = [
    {
        "dataset": "ai-research-collaboration-2021",
        "title": "The US and China write more AI papers together than any other pair",
        "subtitle": "AI publications with authors in both countries, 2021",
        "chart_type": ChartType.BAR,
        "label_column": "pair",
        "value_columns": ["papers"],
        "number_format": NumberFormat.GROUPED,
        "unit": "papers",
        "highlight": ["United States–China"],
        "headline_value": "46,000+",
        "headline_label": "AI papers co-written by US and Chinese researchers over the past decade",
        "headline_source": (
            "Emerging Technology Observatory Country Activity Tracker, Artificial Intelligence "
            "(Center for Security and Emerging Technology); CC BY-NC 4.0"
        ),
        "alt_text": (
            "Bar chart: in 2021 researchers in the United States and China co-wrote 9,660 AI "
            "papers, against 3,560 for the United States and the United Kingdom."
        ),
    },
    {
        "dataset": "ai-training-cost-reported",
        "title": "DeepSeek says it trained R1 for a fraction of what rivals reportedly spent",
        "subtitle": "Reported training cost, US dollars, logarithmic scale",
        "chart_type": ChartType.BAR,
        "label_column": "model",
        "value_columns": ["reported_cost_usd"],
        "number_format": NumberFormat.CURRENCY,
        "unit": "USD",
        "log_scale": True,
        "notes": (
            "Figures as reported in January 2025. They count different things (a final "
            "training run versus whole programmes) and are not comparable line by line. "
            "GPT-4: reported as more than USD 600 million."
        ),
        "alt_text": (
            "Bar chart on a logarithmic scale of reported training costs: about USD 6 million "
            "for DeepSeek R1, about USD 60 million for Meta's Llama and more than USD 600 "
            "million for OpenAI's GPT-4."
        ),
    },
    {
        "dataset": "ai-training-compute",
        "title": "Llama 3.1 405B took about 11 times the GPU-hours of DeepSeek-V3",
        "subtitle": "GPU-hours used in training, as published by each developer",
        "chart_type": ChartType.HORIZONTAL_BAR,
        "label_column": "model",
        "value_columns": ["gpu_hours"],
        "number_format": NumberFormat.COMPACT,
        "unit": "GPU-hours",
        "notes": (
            "DeepSeek-V3 trained on Nvidia H800 GPUs and Llama 3.1 405B on H100s, so an hour "
            "is not the same amount of computing in both."
        ),
        "alt_text": (
            "Horizontal bar chart: DeepSeek-V3 used 2.788 million GPU-hours to train, "
            "Llama 3.1 405B 30.84 million."
        ),
    },
]

# The second demo article: a map and a table (issue 16), from US Government figures.
STATES_SLUG = "hurricanes-and-engineers-state-by-state"
STATES_DATASET = {
    "slug": "us-states-engineers-hurricanes",
    "file": "us-states-engineers-hurricanes.csv",
    "title": "Population, engineers and hurricanes by US state",
    "description": (
        "Population, engineers per 1,000 residents (engineers divided by population) and the "
        "number of hurricanes recorded, for the 50 states, the District of Columbia and "
        "Puerto Rico. As shipped with the vega-datasets examples."
    ),
    "source_name": (
        "Bureau of Labor Statistics; US Census Bureau, American Community Survey; NOAA National "
        "Climatic Data Center"
    ),
    "licence": Licence.OTHER,
    "attribution": "Public domain (US Government work)",
}
STATES_CHARTS = [
    {
        "dataset": STATES_DATASET["slug"],
        "title": "Florida has been hit by more hurricanes than any other state",
        "subtitle": "Hurricanes recorded, by state",
        "chart_type": ChartType.MAP,
        "map_boundary": "us-states",
        "map_region_column": "state",
        "map_value_column": "hurricanes",
        "map_bins": "breaks",
        "map_breaks": [1, 10, 25, 50],
        "number_format": NumberFormat.GROUPED,
        "unit": "hurricanes",
        "alt_text": (
            "Map of US states shaded by hurricanes recorded: Florida has 110, Texas 59, "
            "Louisiana 49; most inland states have none."
        ),
    },
    {
        "dataset": STATES_DATASET["slug"],
        "title": "Engineers, population and hurricanes, state by state",
        "subtitle": "Engineers per 1,000 residents; hurricanes recorded",
        "chart_type": ChartType.TABLE,
        "table_columns": ["state", "engineers_per_1000", "hurricanes", "population"],
        "table_styles": {"engineers_per_1000": "bar", "hurricanes": "heat"},
        "table_page_size": 10,
        "number_format": NumberFormat.GROUPED,
        "alt_text": (
            "A table of every state's engineers per 1,000 residents, hurricanes and population."
        ),
    },
]
STATES_ARTICLE = {
    "title": "Hurricanes and engineers, state by state",
    "standfirst": (
        "Where hurricanes strike and where engineers work, mapped and tabled from US "
        "Government figures."
    ),
}
STATES_PUBLISHED_AT = datetime.datetime(2025, 2, 4, 9, 30)

ARTICLE = {
    "title": "Rivals in the market, partners in the lab: the US and China in AI research",
    "standfirst": (
        "The two countries race each other to build AI, yet their scientists write more "
        "research papers together than any other pair of nations."
    ),
}
TOPICS = [
    {
        "slug": "ai",
        "name": "AI",
        "description": "Artificial intelligence: the research, the money and the computing.",
    },
    {"slug": "china", "name": "China", "description": "China in numbers."},
    {
        "slug": "united-states",
        "name": "United States",
        "description": "The United States in numbers.",
    },
]
AUTHOR_SLUG = "data-desk"
AUTHOR_BIO = "The chartweek data desk finds the numbers, checks them and draws the chart."

# Wall-clock times in the site's time zone, as readers will see them.
PUBLISHED_AT = datetime.datetime(2025, 1, 28, 13, 16)
UPDATED_AT = datetime.datetime(2025, 1, 28, 17, 42)


class Command(BaseCommand):
    help = "Create or refresh the demo article with its datasets and charts (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        desk = self._desk_user()
        datasets = {spec["slug"]: self._dataset(spec) for spec in DATASETS}
        charts = [self._chart(spec, datasets[spec["dataset"]]) for spec in CHARTS]
        article = self._article(
            desk,
            charts,
            slug=ARTICLE_SLUG,
            fields=ARTICLE,
            body="article.md",
            published=PUBLISHED_AT,
            updated=UPDATED_AT,
        )
        article.topics.set([self._topic(spec) for spec in TOPICS])
        states = self._dataset(STATES_DATASET)
        state_charts = [self._chart(spec, states) for spec in STATES_CHARTS]
        second = self._article(
            desk,
            state_charts,
            slug=STATES_SLUG,
            fields=STATES_ARTICLE,
            body="states.md",
            published=STATES_PUBLISHED_AT,
            updated=STATES_PUBLISHED_AT,
        )
        second.topics.set([self._topic(spec) for spec in TOPICS if spec["slug"] == "united-states"])
        services.redraw_share_images(article_ids=[article.pk, second.pk])  # once committed
        for shown, count in ((article, len(charts)), (second, len(state_charts))):
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo ready: “{shown.title}” with {count} charts at {shown.get_absolute_url()}"
                )
            )

    def _desk_user(self):
        user, created = get_user_model().objects.get_or_create(
            username="data-desk",
            defaults={"first_name": "The chartweek", "last_name": "data desk"},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        Author.objects.update_or_create(
            user=user, defaults={"slug": AUTHOR_SLUG, "bio": AUTHOR_BIO}
        )
        return user

    def _topic(self, spec):
        topic, _ = Topic.objects.update_or_create(slug=spec["slug"], defaults=spec)
        return topic

    def _dataset(self, spec):
        spec = dict(spec)
        path = DEMO_DIR / spec.pop("file")
        dataset = Dataset.objects.filter(slug=spec["slug"]).first() or Dataset()
        for field, value in spec.items():
            setattr(dataset, field, value)
        with path.open("rb") as handle:
            upload = File(handle, name=path.name)
            inspection = ingest.inspect(upload)
            current = dataset.current_version
            if current is not None and current.checksum == inspection.source.checksum:
                dataset.save()
            else:
                ingest.import_version(
                    dataset=dataset, inspection=inspection, upload=upload, note="Demo data"
                )
        return dataset

    def _chart(self, spec, dataset):
        fields = {k: v for k, v in spec.items() if k not in ("dataset", "title")}
        chart = Chart.objects.filter(dataset=dataset, title=spec["title"]).first()
        chart = chart or Chart(dataset=dataset, title=spec["title"])
        # The whole spec from the demo's fields: options left out go back to their defaults.
        chart.spec = spec_from_fields(**fields)
        chart.version = dataset.current_version
        chart.full_clean()
        chart.save()
        return chart

    def _article(self, desk, charts, *, slug, fields, body, published, updated):
        body = (DEMO_DIR / body).read_text(encoding="utf-8")
        article, _ = Article.objects.update_or_create(
            slug=slug,
            defaults={
                **fields,
                "body": body,
                "author": desk,
                "status": Status.PUBLISHED,
                "published_at": published.replace(tzinfo=ZoneInfo(settings.TIME_ZONE)),
            },
        )
        article.placements.exclude(chart__in=charts).delete()
        for position, chart in enumerate(charts, start=1):
            ArticleChart.objects.update_or_create(
                article=article, chart=chart, defaults={"position": position}
            )
        # Keep the shipped "Updated" time: auto_now would stamp today's date.
        Article.objects.filter(pk=article.pk).update(
            updated_at=updated.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))
        )
        content_changed()  # the update above sent no save signal
        article.refresh_from_db()
        return article
