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
    example = filters["examples"]["ALongTableOfSharePrices"]
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
    (version,) = spec["schema_version"]["allOf"]  # OpenAPI 3.0 has no const: a one-value enum
    assert components[version["$ref"].rsplit("/", 1)[-1]]["enum"] == [3]
    plotted = components["Plotted"]["properties"]
    assert plotted["names"]["items"]["type"] == "string"


def test_the_schema_validates_as_openapi_3_0_without_warnings(tmp_path):
    """What client generators read: `manage.py spectacular --validate` passes (pydantic's
    JSON Schema 2020-12 words, `type: 'null'` and `const`, once broke it)."""
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )


def test_the_chart_specs_optional_parts_are_nullable_the_openapi_3_0_way():
    components = schema.raw_schema["components"]["schemas"]
    headline = components["ChartSpec"]["properties"]["headline"]
    assert headline == {
        "allOf": [{"$ref": "#/components/schemas/Headline"}],
        "default": None,
        "nullable": True,
    }
    column = components["FacetSpec"]["properties"]["column"]
    assert (column["type"], column["nullable"]) == ("string", True)
    matches = components["MapSpec"]["properties"]["matches"]  # keys' rules: 2020-12 only
    assert "patternProperties" not in matches
    assert "propertyNames" not in matches
    assert matches["additionalProperties"]["type"] == "string"


DOWNLOADS = {
    "data.csv": "text/csv",
    "data.json": "application/json",
    "data.ndjson": "application/x-ndjson",
    "data.parquet": "application/vnd.apache.parquet",
    "data.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "datapackage.json": "application/json",
}


@pytest.mark.parametrize("name", DOWNLOADS)
def test_each_download_has_its_media_type_and_a_description(name):
    operation = schema.raw_schema["paths"][f"/api/v1/datasets/{{slug}}/{name}"]["get"]
    answer = operation["responses"]["200"]
    assert list(answer["content"]) == [DOWNLOADS[name]]
    assert operation["description"]
    assert len(answer["description"]) > 30


def test_the_catalogue_has_its_media_type_and_a_description():
    answer = schema.raw_schema["paths"]["/api/v1/catalog.jsonld"]["get"]["responses"]["200"]
    assert list(answer["content"]) == ["application/ld+json"]
    assert answer["description"]


def _parameters(path):
    operation = schema.raw_schema["paths"][path]["get"]
    return {p["name"]: p for p in operation["parameters"]}


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/datasets/{slug}/rows/",
        "/api/v1/datasets/{slug}/groups/",
        "/api/v1/datasets/{slug}/data.csv",
        "/api/v1/datasets/{slug}/data.parquet",
    ],
)
def test_every_table_endpoint_documents_its_query_features_with_examples(path):
    features = {"q", "any", "filters"}
    features |= (
        {"group_by", "aggregate", "sort", "page_size"} if "groups" in path else {"sort", "columns"}
    )
    parameters = _parameters(path)
    for name in features:
        assert parameters[name]["description"], name
        assert parameters[name]["examples"], name


def test_the_column_filters_have_an_example_of_each_comparison():
    filters = _parameters("/api/v1/datasets/{slug}/rows/")["filters"]
    asked = {key for example in filters["examples"].values() for key in example["value"]}
    lookups = {key.partition("__")[2] or "exact" for key in asked}
    assert lookups >= {"exact", "ne", "in", "gt", "gte", "lt", "isnull", "prefix", "like"}


@pytest.mark.parametrize(
    ("path", "fields"),
    [
        ("/api/v1/datasets/{slug}/rows/", {"count", "count_is_exact", "results"}),
        ("/api/v1/datasets/{slug}/groups/", {"count", "next", "columns", "complete", "results"}),
    ],
)
def test_the_rows_and_groups_answers_have_an_example(path, fields):
    answer = schema.raw_schema["paths"][path]["get"]["responses"]["200"]
    (example,) = answer["content"]["application/json"]["examples"].values()
    assert set(example["value"]) >= fields
