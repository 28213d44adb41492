"""Schemathesis against our own OpenAPI schema, with the demo loaded: every read
endpoint, with generated paths and query strings, answers without a server error
and inside what the schema promises (status codes, content types, bodies)."""

from zlib import crc32

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    negative_data_rejection,
    positive_data_acceptance,
)

from articles.management.commands.loaddemo import ARTICLE_SLUG, DATASETS
from charts.models import Chart
from chartweek.wsgi import application

SLUGS = [spec["slug"] for spec in DATASETS]
EXAMPLES = 30  # per operation: enough to find a crash, few enough for CI
# Every check of the responses runs: no server error, status codes, content types, bodies
# and headers as documented. Left out: whether a request is *accepted* as its parameter
# types predict. A column name is any string to the schema, but the API rightly answers
# 400 to one the table does not have; and DRF's lists shrug off a page_size of "null".
STRICTNESS = [negative_data_rejection, positive_data_acceptance]

# Built while collecting (no database needed): the schema the API serves itself.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application).include(method="GET")


@schema.hook
def map_path_parameters(context, path_parameters):
    """Most generated cases aim at the demo's data; the rest keep their random names (404s)."""
    if not path_parameters:
        return path_parameters
    if "slug" in path_parameters and crc32(str(path_parameters["slug"]).encode()) % 4:
        real = [ARTICLE_SLUG] if "/articles/" in context.operation.path else SLUGS
        path_parameters["slug"] = real[crc32(str(path_parameters["slug"]).encode()) % len(real)]
    chart = path_parameters.get("id")
    if isinstance(chart, int) and chart % 4:  # negative cases may hold any type: left alone
        charts = list(Chart.objects.order_by("pk").values_list("pk", flat=True))
        path_parameters["id"] = charts[chart % len(charts)]
    return path_parameters


@pytest.fixture
def demo(db, settings):
    settings.API_ANON_RATE = None  # hundreds of requests from one client
    call_command("loaddemo", verbosity=0)
    # The WSGI app would close the database connection around each request, and the
    # test's transaction with it; Django's own test client stops that the same way.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


# The checks read bodies as sent: ask for them uncompressed (tests/test_compression.py
# covers the compressed ones).
PLAIN = {"Accept-Encoding": "identity"}


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_read_endpoints_keep_to_the_schema(case, demo):
    case.call_and_validate(headers=PLAIN, excluded_checks=STRICTNESS)


@pytest.mark.parametrize("slug", SLUGS)
def test_the_demo_datasets_keep_to_the_schema(demo, slug):
    for path in [
        "/api/v1/datasets/{slug}/",
        "/api/v1/datasets/{slug}/rows/",
        "/api/v1/datasets/{slug}/data.csv",
        "/api/v1/datasets/{slug}/data.json",
        "/api/v1/datasets/{slug}/datapackage.json",
    ]:
        case = schema[path]["GET"].Case(path_parameters={"slug": slug})
        assert case.call_and_validate(headers=PLAIN).status_code == 200


def test_the_rows_schema_documents_column_filters_for_generated_clients():
    operation = schema.raw_schema["paths"]["/api/v1/datasets/{slug}/rows/"]["get"]
    (filters,) = [p for p in operation["parameters"] if p["name"] == "filters"]
    assert (filters["in"], filters["style"], filters["explode"]) == ("query", "form", True)
    assert filters["schema"] == {"type": "object", "additionalProperties": {"type": "string"}}
    for form in [
        "`{column}=value`",
        "`{column}__in=a,b,c`",
        "`{column}__gt`",
        "`__lte`",
        "`{column}__isnull=true`",
        'name__in="Smith, John",Jones',
    ]:
        assert form in filters["description"]
    (example,) = filters["examples"].values()
    assert example["value"]["date__gte"] == "2024-01-01"


def test_the_schema_gives_counts_and_the_redistributable_default():
    components = schema.raw_schema["components"]["schemas"]
    page = components["RowPage"]["properties"]
    assert page["count"]["type"] == "integer"
    assert not page["count"].get("nullable")
    assert page["count_is_exact"]["type"] == "boolean"
    created = components["DatasetCreateRequest"]["properties"]["redistributable"]
    assert created["default"] is True


def test_the_schema_gives_the_chart_specs_version_3_highlight_list_and_column_names():
    components = schema.raw_schema["components"]["schemas"]
    spec = components["ChartSpec"]["properties"]
    assert spec["highlight"]["type"] == "array"  # several labels since version 3
    assert spec["highlight"]["items"]["type"] == "string"
    assert spec["schema_version"].get("const", spec["schema_version"].get("enum")) in (3, [3])
    plotted = components["Plotted"]["properties"]
    assert plotted["names"]["items"]["type"] == "string"
