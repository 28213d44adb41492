"""Every route of the site, from the URL resolver, with values that make each one answer.

The site-wide HTTP tests (no 500 for any anonymous request, ETags that match)
walk these, so a route added tomorrow is covered without editing them.
"""

import re
from dataclasses import dataclass
from itertools import product

from django.urls import URLResolver, get_resolver
from django.urls.resolvers import RegexPattern

from articles.models import Author, PreviewLink
from tests.factories import add_version, make_article, make_chart, make_dataset, make_topic

# <converter:name> in a path(), (?P<name>...) in a re_path().
_ROUTE_PARAM = re.compile(r"<(?:(?P<kind>\w+):)?(?P<name>\w+)>")
_REGEX_PARAM = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")


@dataclass(frozen=True)
class Route:
    template: str  # "articles/<slug:slug>/": the path, its parameters in angle brackets
    name: str  # "articles:detail", or the template for a route without a name

    @property
    def params(self) -> list[tuple[str, str]]:
        """(name, converter) for each path parameter, in order."""
        return [(m["name"], m["kind"] or "str") for m in _ROUTE_PARAM.finditer(self.template)]

    def url(self, values: dict[str, str]) -> str:
        """The address with each parameter replaced by its text in `values` (already escaped)."""
        return "/" + _ROUTE_PARAM.sub(lambda m: values[m["name"]], self.template)


def _template(pattern) -> str:
    if isinstance(pattern, RegexPattern):
        text = pattern._regex.removeprefix("^").removesuffix("$").removesuffix(r"\Z")
        return _REGEX_PARAM.sub(lambda m: f"<re:{m['name']}>", text)
    return str(pattern)


def every_route(resolver=None, prefix="", namespace="") -> list[Route]:
    resolver = resolver or get_resolver()
    found = []
    for entry in resolver.url_patterns:
        template = prefix + _template(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace]))
            found += every_route(entry, template, inner)
        else:
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            found.append(Route(template=template, name=name or template))
    return found


@dataclass
class Site:
    """Published content of every kind, as readers meet it, plus a draft behind a share link."""

    dataset: object
    charts: list
    article: object
    topic: object
    author: object
    preview: object

    def candidates(self, kind: str) -> list[str]:
        """Values to try, in turn, for a path parameter of converter `kind`."""
        slugs = [self.article.slug, self.dataset.slug, self.topic.slug, self.author.slug]
        published = self.article.published_at
        return {
            "slug": slugs,
            "int": [str(chart.pk) for chart in self.charts],
            "year": [f"{published:%Y}"],
            "month": [f"{published:%m}"],
            "str": [self.preview.token, *slugs],
            "path": ["1"],
            "re": ["articles", "x"],
        }.get(kind, ["1"])


def make_site() -> Site:
    """Like the demo: an article with several charts on two versions of a dataset, in a topic."""
    dataset = make_dataset(
        content=b"country,year,papers,share\nChina,2021,9660,0.5\nIndia,2020,1200,0.1\n"
        b"Chile,2019,,0.2\n",
        slug="ai-papers",
    )
    first = make_chart(dataset=dataset, label_column="country", value_columns=["papers"])
    add_version(dataset, b"country,year,papers,share\nChina,2022,9800,0.5\nPeru,2022,40,0.01\n")
    charts = [first] + [
        make_chart(dataset=dataset, label_column="country", value_columns=[column])
        for column in ("papers", "share", "papers")
    ]
    topic = make_topic(slug="ai")
    article = make_article(charts=charts, topics=[topic], slug="ai-story")
    draft = make_article(charts=[first], published=False, slug="ai-draft")
    preview = PreviewLink.objects.create(article=draft)
    author = Author.objects.for_user(article.author)
    return Site(dataset, charts, article, topic, author, preview)


@dataclass(frozen=True)
class Address:
    url: str
    status: int  # for an anonymous GET
    values: dict  # the path parameters' values in url


def working_addresses(client, site: Site) -> dict[Route, Address]:
    """For each route: an address of it, the first that answers 200 if any does."""
    found = {}
    for route in every_route():
        names = [name for name, _ in route.params]
        first = None
        for values in product(*(site.candidates(kind) for _, kind in route.params)):
            values = dict(zip(names, values, strict=True))
            url = route.url(values)
            address = Address(url, client.get(url).status_code, values)
            first = first or address
            if address.status == 200:
                first = address
                break
        found[route] = first
    return found
