"""Small factory functions: each makes one valid object, overrides by keyword."""

import csv
import io
import itertools
import json
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleChart, Author, Status, Topic
from articles.permissions import EDITORS, PUBLISHERS, install_roles
from charts.choices import MAP_TABLE_TYPES
from charts.models import Chart, ChartType
from charts.spec_fields import spec_from_fields
from datasets import ingest
from datasets.models import Dataset, Licence

_numbers = itertools.count(1)

CSV = b"country,papers,share\nUnited States,9660,0.5\nUnited Kingdom,3560,0.25\n"


def make_user(**fields):
    n = next(_numbers)
    fields.setdefault("username", f"user{n}")
    password = fields.pop("password", "a-long-test-password")
    user = get_user_model().objects.create_user(password=password, **fields)
    return user


def role_group(name):
    """The role's group, as `migrate` leaves it (articles.permissions.sync_roles)."""
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


def too_long_to_search() -> bytes:
    """A table whose first row's text is too long for one tsvector (2 MB of lexemes, over
    PostgreSQL's 1 MB): six cells of 130,900 characters, distinct words of ten CJK letters."""

    def word(column, n):
        return chr(0x4E00 + column) * 8 + chr(0x4E00 + n // 1000) + chr(0x5E00 + n % 1000)

    cells = [" ".join(word(c, n) for n in range(11_900)) for c in range(6)]
    return ("a,b,c,d,e,f,n\n" + ",".join(cells) + ",1\nshort,x,y,z,w,v,2\n").encode()


def add_version(dataset, content, *, name="data.csv", **kwargs):
    """A new version of `dataset` from `content`; the dataset's current version moves on."""
    upload = ContentFile(content, name=name)
    return ingest.import_version(
        dataset=dataset, inspection=ingest.inspect(upload), upload=upload, **kwargs
    )


def publish_version(version, **fields):
    """A chart drawing `version` in a published article of its own: readers may now see it."""
    chart = make_chart(dataset=version.dataset, version=version, **fields)
    make_article(charts=[chart])
    return chart


def build_chart(*, dataset, title="A chart", version=None, created_by=None, **fields):
    """An unsaved chart whose spec is given as the chart form's fields (charts/spec_fields.py)."""
    chart = Chart(dataset=dataset, title=title, spec=spec_from_fields(**fields))
    if version is not None:
        chart.version = version
    chart.created_by = created_by
    return chart


def make_chart(*, dataset=None, **fields):
    dataset = dataset or make_dataset()
    names = dataset.column_names()
    fields.setdefault("title", f"Chart {next(_numbers)}")
    fields.setdefault("chart_type", ChartType.BAR)
    fields.setdefault("label_column", names[0])
    fields.setdefault("value_columns", [names[1]])
    fields.setdefault("alt_text", "Bars compare the values.")
    chart = build_chart(dataset=dataset, **fields)
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


# A table for the categorical charts: long labels, several numeric columns.
COUNTRIES_CSV = (
    b"country,exports,imports,growth\n"
    b"United States of America,2065,3376,2.5\n"
    b"China,3594,2716,5.2\n"
    b"Germany,1688,1571,-0.3\n"
    b"Japan,717,786,1.9\n"
    b"United Kingdom,521,842,0.1\n"
    b"France,648,788,0.9\n"
    b"Republic of Korea,632,642,1.4\n"
    b"Netherlands,934,842,0.1\n"
)
# Two years of months, for lines and areas along a time axis.
MONTHLY_CSV = b"month,north,south\n" + b"".join(
    b"%d-%02d-01,%d,%d\n"
    % (2023 + m // 12, m % 12 + 1, 100 + 7 * m + m % 5 * 3, 80 + 5 * m - m % 4 * 4)
    for m in range(24)
)

# Real data for dot plots (vega-datasets): barley yields per variety, site and year, 1931
# and 1932, one row each; pivoted by year with the mean yield per site, a classic dumbbell.
BARLEY = Path(settings.BASE_DIR, "node_modules/vega-datasets/data/barley.json")
BARLEY_PIVOT = {
    "op": "pivot",
    "category": "year",
    "value": "yield",
    "label": "site",
    "aggregate": "mean",
}


def barley_csv() -> bytes:
    """vega-datasets' barley.json as the CSV an editor would upload."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["site", "variety", "year", "yield"])
    writer.writeheader()
    writer.writerows(json.loads(BARLEY.read_text()))
    return out.getvalue().encode()


# One chart of each type, drawn from those two tables.
CHART_OF_TYPE = {
    ChartType.BAR: ("countries", {"value_columns": ["exports"], "highlight": ["China"]}),
    ChartType.HORIZONTAL_BAR: ("countries", {"value_columns": ["exports"], "sort": "value_desc"}),
    ChartType.GROUPED_BAR: ("countries", {"value_columns": ["exports", "imports"]}),
    ChartType.STACKED_BAR: ("countries", {"value_columns": ["exports", "imports"]}),
    ChartType.LINE: (
        "monthly",
        {
            "value_columns": ["north", "south"],
            "annotations": [{"kind": "line", "axis": "value", "value": 150, "label": "Target"}],
        },
    ),
    ChartType.AREA: ("monthly", {"value_columns": ["north", "south"]}),
    ChartType.SCATTER: (
        "countries",
        {"x_column": "exports", "value_columns": ["imports"], "unit": "USD bn"},
    ),
    ChartType.PIE: ("countries", {"value_columns": ["exports"]}),
    ChartType.DOUGHNUT: ("countries", {"value_columns": ["imports"], "highlight": ["Japan"]}),
    ChartType.BAR_LINE: (
        "monthly",
        {"value_columns": ["north", "south"], "line_columns": ["south"]},
    ),
    ChartType.DOT: ("countries", {"value_columns": ["exports", "imports"], "sort": "value_desc"}),
    ChartType.MAP: ("countries", {"map_region_column": "country", "map_value_column": "exports"}),
    ChartType.TABLE: (
        "countries",
        {"table_columns": ["country", "exports", "growth"], "table_styles": {"exports": "bar"}},
    ),
}


def make_chart_of_type(chart_type, **fields):
    table, options = CHART_OF_TYPE[chart_type]
    content = COUNTRIES_CSV if table == "countries" else MONTHLY_CSV
    dataset = make_dataset(content=content, title=f"{table.title()} table")
    if chart_type in MAP_TABLE_TYPES:
        options = {"value_columns": [], **options}
    defaults = {
        "title": f"A {ChartType(chart_type).label.lower()}",
        "alt_text": f"A {chart_type} chart of the {table} table.",
    }
    return make_chart(dataset=dataset, chart_type=chart_type, **{**defaults, **options, **fields})


# What the admin's forms post, and the admin requests several test modules make.


def article_form(author, charts=(), **fields):
    data = {
        "title": "Chart of the week",
        "slug": "chart-of-the-week",
        "standfirst": "What it shows.",
        "body": "Words.\n\n[chart 1]",
        "author": author.pk,
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "placements-TOTAL_FORMS": str(len(charts)),
        "placements-INITIAL_FORMS": "0",
        "placements-MIN_NUM_FORMS": "0",
        "placements-MAX_NUM_FORMS": "1000",
        "preview_links-TOTAL_FORMS": "0",
        "preview_links-INITIAL_FORMS": "0",
    }
    for i, chart in enumerate(charts):
        data[f"placements-{i}-position"] = str(i + 1)
        data[f"placements-{i}-chart"] = str(chart.pk)
    data.update(fields)
    return data


def ready_draft(**fields):
    return make_article(charts=[make_chart()], published=False, **fields)


def change_form(article, **fields):
    data = article_form(article.author, charts=[p.chart for p in article.placements.all()])
    when = timezone.localtime(article.published_at) if article.published_at else None
    data.update(
        {
            "title": article.title,
            "slug": article.slug,
            "status": article.status,
            "published_at_0": when.strftime("%d/%m/%Y") if when else "",
            "published_at_1": when.strftime("%H:%M:%S") if when else "",
            **fields,
        }
    )
    # The existing placements are posted again as they are.
    for i, placement in enumerate(article.placements.all()):
        data[f"placements-{i}-id"] = str(placement.pk)
        data[f"placements-{i}-article"] = str(article.pk)
    data["placements-INITIAL_FORMS"] = str(article.placements.count())
    return data


def post_change(client, article, **fields):
    return client.post(
        reverse("admin:articles_article_change", args=[article.pk]), change_form(article, **fields)
    )


def run_action(client, action, *articles):
    return client.post(
        reverse("admin:articles_article_changelist"),
        {"action": action, "_selected_action": [a.pk for a in articles]},
    )


def dataset_form(content, name="papers.csv", **fields):
    return {
        "title": "AI papers",
        "slug": "ai-papers",
        "description": "",
        "source_name": "Stanford HAI",
        "source_url": "",
        "licence": "CC-BY-4.0",
        "attribution": "",
        "temporal_coverage": "",
        "redistributable": "on",
        "upload": SimpleUploadedFile(name, content, content_type="text/csv"),
        "paste": "",
        "sheet": "",
        **fields,
    }


def chart_form(dataset, **fields):
    return {
        "dataset": dataset.pk,
        "title": "Papers",
        "subtitle": "",
        "chart_type": "bar",
        "label_column": "country",
        "value_columns": ["papers"],
        "sort": "data",
        "number_format": "grouped",
        "locale": "en-GB",
        "unit": "",
        "headline_value": "",
        "headline_label": "",
        "headline_source": "",
        "source_line": "",
        "notes": "",
        "alt_text": "Bars.",
        **fields,
    }


def dataset_change_form(client, dataset, **changes):
    """The dataset's change form as the browser would post it, with `changes` applied."""
    response = client.get(reverse("admin:datasets_dataset_change", args=[dataset.pk]))
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or name in {"upload"}:
            continue
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = value
    data.update(changes)
    return data


def rows_of(response):
    """A streamed CSV response's rows."""
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def drawn(chart):
    """The share card's figure with the chart drawn on it, to read its texts."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from charts.share import draw_chart

    figure = Figure()
    FigureCanvasAgg(figure)
    draw_chart(figure, chart, top=0.7)
    return figure.axes[0]


# Small multiples on real data: vega-datasets' stocks.csv (long: symbol, date, price),
# five companies' monthly closing prices 2000–2010, one panel per company.
STOCKS_CSV = Path(__file__).resolve().parents[1] / "node_modules/vega-datasets/data/stocks.csv"


def make_stocks_multiples(**fields):
    """A saved line chart of stocks.csv drawn as small multiples, one panel per symbol."""
    dataset = make_dataset(
        content=STOCKS_CSV.read_bytes(),
        name="stocks.csv",
        title="Stock prices",
        source_name="vega-datasets (stocks.csv)",
    )
    fields = {
        "chart_type": ChartType.LINE,
        "label_column": "date",
        "value_columns": ["price"],
        "facet_by": "column",
        "facet_column": "symbol",
        "unit": "USD",
        "number_format": "currency",
        "alt_text": "Five companies' share prices, month by month, 2000 to 2010.",
        **fields,
    }
    return make_chart(dataset=dataset, title="Five share prices, 2000–2010", **fields)
