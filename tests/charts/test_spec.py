"""The chart spec's document (charts/spec.py): parsing, migration, bounds. No database."""

import math

import pytest
from pydantic import ValidationError

from charts.spec import (
    MAX_ANNOTATIONS,
    MAX_SERIES,
    SPEC_SCHEMA_VERSION,
    BandAnnotation,
    ChartSpec,
    SpecVersionError,
    TextAnnotation,
    migrate,
    read_spec,
    spec_json_schema,
)

# A document as Chart.spec built it before the spec was stored (version 1).
VERSION_1 = {
    "version": 1,
    "type": "horizontal_bar",
    "dataset": "ai-papers",
    "columns": {"label": "pair", "x": None},
    "series": [{"column": "papers", "as": "bar"}],
    "sort": "value_desc",
    "highlight": "United States–China",
    "axes": {
        "category": {"title": ""},
        "value": {"title": "Papers", "log": False, "min": None, "max": 12000},
    },
    "format": {"style": "grouped", "unit": "papers", "locale": "en-GB"},
    "colours": ["#0072B2"],
    "annotations": [
        {"kind": "line", "axis": "value", "value": 5000, "label": "Target"},
        {"kind": "band", "axis": "value", "from": 1, "to": 2, "label": ""},
    ],
    "texts": {
        "title": "Pairs",
        "subtitle": "2021",
        "alt": "Bars.",
        "description": "",
        "notes": "",
        "source": "CSET",
    },
    "headline": None,
}


def minimal(**parts):
    return {
        "columns": {"label": "country"},
        "series": [{"column": "exports", "kind": "bar"}],
        **parts,
    }


def notes(*annotations):
    return minimal(annotations=list(annotations))


LINE = {"kind": "line", "axis": "value", "value": 1}


def test_a_version_1_document_migrates_to_the_current_version():
    spec = read_spec(VERSION_1)
    assert spec.schema_version == SPEC_SCHEMA_VERSION == 3
    assert spec.chart_type == "horizontal_bar"
    assert spec.axes.orientation == "horizontal"
    assert [(s.column, s.kind) for s in spec.series] == [("papers", "bar")]
    assert spec.highlight == ["United States–China"]
    assert spec.axes.value.max == 12000
    assert (spec.texts.subtitle, spec.texts.source) == ("2021", "CSET")
    assert isinstance(spec.annotations[1], BandAnnotation)
    assert (spec.annotations[1].start, spec.annotations[1].end) == (1, 2)
    dumped = spec.dump()
    assert "dataset" not in dumped
    assert "title" not in dumped["texts"]
    assert dumped["annotations"][1]["from"] == 1  # stored under the names editors know


def test_migrate_leaves_the_stored_document_alone_and_is_idempotent():
    before = dict(VERSION_1)
    once = migrate(VERSION_1)
    assert before == VERSION_1
    assert migrate(once) == once


@pytest.mark.parametrize("version", [0, 4, "2", 2.0, None])
def test_an_unknown_schema_version_is_refused(version):
    with pytest.raises(SpecVersionError):
        migrate({**minimal(), "schema_version": version})


@pytest.mark.parametrize(
    ("stored", "read"),
    [("China", ["China"]), (None, []), ("united States–CHINA", ["united States–CHINA"])],
)
def test_a_version_2_highlight_reads_as_a_list_of_one_label(stored, read):
    spec = read_spec({**minimal(), "schema_version": 2, "highlight": stored})
    assert spec.schema_version == 3
    assert spec.highlight == read
    assert spec.dump()["highlight"] == read  # stored at the current version on the next save


def test_a_version_2_document_without_a_highlight_reads_with_none():
    document = {k: v for k, v in minimal().items() if k != "highlight"}
    assert read_spec({**document, "schema_version": 2}).highlight == []


def test_a_version_2_highlight_of_another_shape_is_refused_not_guessed():
    with pytest.raises(ValidationError):
        read_spec({**minimal(), "schema_version": 2, "highlight": 3})


def test_several_labels_are_highlighted_whatever_their_case():
    spec = read_spec(minimal(highlight=["China", "japan"]))
    assert [spec.highlights(x) for x in ("CHINA", "Japan", "India", None)] == [
        True,
        True,
        False,
        False,
    ]


def test_a_current_document_round_trips():
    spec = read_spec(minimal(annotations=[{"kind": "text", "at": "2024-01-20", "text": "R1"}]))
    assert read_spec(spec.dump()) == spec
    assert isinstance(spec.annotations[0], TextAnnotation)


def test_labels_on_the_chart_are_optional_and_off_by_default():
    # A document stored before they existed reads as before: no schema version bump.
    spec = read_spec(minimal())
    assert (spec.labels.values, spec.labels.line_ends) == (False, False)
    assert spec.dump()["labels"] == {"values": False, "line_ends": False}
    on = read_spec(minimal(labels={"values": True}))
    assert on.labels.values is True
    assert read_spec(on.dump()) == on
    schema = spec_json_schema()
    assert "labels" in schema["properties"]
    assert "labels" not in schema.get("required", [])


@pytest.mark.parametrize(
    "document",
    [
        pytest.param({**minimal(), "script": "<x>"}, id="unknown key"),
        pytest.param(minimal(columns={"label": "a", "y": "b"}), id="unknown nested key"),
        pytest.param(
            minimal(series=[{"column": f"c{n}", "kind": "line"} for n in range(MAX_SERIES + 1)]),
            id="too many series",
        ),
        pytest.param(
            notes(*[LINE] * (MAX_ANNOTATIONS + 1)),
            id="too many annotations",
        ),
        pytest.param(notes({"kind": "arrow", "at": 1}), id="unknown annotation"),
        pytest.param(notes({"kind": "band", "axis": "value", "from": 1}), id="band without end"),
        pytest.param(notes({**LINE, "axis": "x"}), id="bad axis"),
        pytest.param(notes({**LINE, "value": True}), id="bool position"),
        pytest.param(notes({"kind": "text", "at": 1, "text": ""}), id="empty text"),
        pytest.param(notes({**LINE, "label": "x" * 81}), id="long label"),
        pytest.param(minimal(columns={"label": "a\x00b"}), id="NUL"),
        pytest.param(minimal(columns={"label": ""}), id="empty column"),
        pytest.param(minimal(axes={"value": {"min": math.inf}}), id="infinite"),
        pytest.param(minimal(axes={"value": {"min": "5"}}), id="number as text"),
        pytest.param(minimal(axes={"value": {"log": "yes"}}), id="bool as text"),
        pytest.param(minimal(axes={"orientation": "horizontal"}), id="sideways vertical bars"),
        pytest.param(minimal(colours=["red"]), id="colour name"),
        pytest.param(minimal(chart_type="sankey"), id="unknown type"),
        pytest.param(minimal(labels={"values": "yes"}), id="labels as text"),
        pytest.param(minimal(labels={"legend": True}), id="unknown label kind"),
        pytest.param(minimal(format={"style": "grouped", "scale": 1000}), id="scale not yet drawn"),
        pytest.param({**minimal(), "texts": {"subtitle": "x" * 301}}, id="long subtitle"),
        pytest.param({"series": []}, id="no columns"),
    ],
)
def test_a_hostile_or_malformed_document_is_refused(document):
    with pytest.raises(ValidationError):
        read_spec(document)


def test_a_document_that_is_not_an_object_is_refused():
    with pytest.raises(SpecVersionError):
        read_spec(["columns"])


def test_the_orientation_follows_the_chart_type_when_left_out():
    assert read_spec(minimal(chart_type="horizontal_bar")).axes.orientation == "horizontal"
    assert read_spec(minimal(chart_type="line")).axes.orientation == "vertical"


def test_the_json_schema_describes_every_part_and_the_annotation_union():
    schema = spec_json_schema()
    assert schema["additionalProperties"] is False
    assert {"chart_type", "columns", "series", "axes", "format", "annotations"} <= set(
        schema["properties"]
    )
    union = schema["properties"]["annotations"]["items"]
    assert union["discriminator"]["propertyName"] == "kind"
    assert set(union["discriminator"]["mapping"]) == {"line", "band", "text"}
    assert schema["properties"]["series"]["maxItems"] == MAX_SERIES


def test_plotted_columns_are_the_label_then_x_then_the_series():
    spec = ChartSpec.model_validate(
        minimal(chart_type="scatter", columns={"label": "country", "x": "imports"})
    )
    assert spec.plotted_columns() == ["country", "imports", "exports"]
