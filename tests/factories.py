"""Small factory functions: each makes one valid object, overrides by keyword."""

import itertools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from articles.models import Article, ArticleChart, Author, Status, Topic
from articles.permissions import EDITORS, PUBLISHERS, install_roles
from datasets import ingest
from datasets.models import Chart, ChartType, Dataset, Licence

_numbers = itertools.count(1)

CSV = b"country,papers,share\nUnited States,9660,0.5\nUnited Kingdom,3560,0.25\n"


def make_user(**fields):
    n = next(_numbers)
    fields.setdefault("username", f"user{n}")
    password = fields.pop("password", "a-long-test-password")
    user = get_user_model().objects.create_user(password=password, **fields)
    return user


def role_group(name):
    """The role's group from the roles migration (made again after a transactional test's flush)."""
    if not Group.objects.filter(name=name).exists():
        install_roles()
    return Group.objects.get(name=name)


def make_editor(**fields):
    """A staff user in the Editors group: drafts, data and charts, but no publishing."""
    user = make_user(is_staff=True, **fields)
    user.groups.add(role_group(EDITORS))
    return user


def make_publisher(**fields):
    """A staff user in the Publishers group: an editor who may also publish and unpublish."""
    user = make_user(is_staff=True, **fields)
    user.groups.add(role_group(PUBLISHERS))
    return user


def make_dataset(*, content=CSV, name="data.csv", **fields):
    n = next(_numbers)
    fields.setdefault("title", f"Dataset {n}")
    fields.setdefault("slug", f"dataset-{n}")
    fields.setdefault("source_name", "A statistics office")
    fields.setdefault("licence", Licence.CC_BY_4)
    upload = ContentFile(content, name=name)
    dataset = Dataset(**fields)
    ingest.import_version(dataset=dataset, inspection=ingest.inspect(upload), upload=upload)
    return dataset


def add_version(dataset, content, *, name="data.csv", **kwargs):
    """A new version of `dataset` from `content`; the dataset's current version moves on."""
    upload = ContentFile(content, name=name)
    return ingest.import_version(
        dataset=dataset, inspection=ingest.inspect(upload), upload=upload, **kwargs
    )


def make_chart(*, dataset=None, **fields):
    dataset = dataset or make_dataset()
    names = dataset.column_names()
    fields.setdefault("title", f"Chart {next(_numbers)}")
    fields.setdefault("chart_type", ChartType.BAR)
    fields.setdefault("label_column", names[0])
    fields.setdefault("value_columns", [names[1]])
    fields.setdefault("alt_text", "Bars compare the values.")
    chart = Chart(dataset=dataset, **fields)
    chart.full_clean()
    chart.save()
    return chart


def make_topic(**fields):
    n = next(_numbers)
    fields.setdefault("name", f"Topic {n}")
    fields.setdefault("slug", f"topic-{n}")
    return Topic.objects.create(**fields)


def make_article(*, charts=(), topics=(), published=True, **fields):
    n = next(_numbers)
    fields.setdefault("title", f"Article {n}")
    fields.setdefault("slug", f"article-{n}")
    fields.setdefault("standfirst", "What the chart shows.")
    fields.setdefault("body", "Some words about the chart.")
    if "author" not in fields:
        fields["author"] = make_user(first_name="Ada", last_name="Lovelace")
    if published:
        fields.setdefault("status", Status.PUBLISHED)
        fields.setdefault("published_at", timezone.now() - timedelta(seconds=1))
    article = Article.objects.create(**fields)
    for position, chart in enumerate(charts, start=1):
        ArticleChart.objects.create(article=article, chart=chart, position=position)
    article.topics.set(topics)
    Author.objects.for_user(article.author)  # as the admin does on save
    return article
