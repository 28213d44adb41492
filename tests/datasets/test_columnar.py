"""The columnar path (datasets/columnar.py) gives what the Python path gives: the same
columns and, read back from the database, the same rows; or the same refusal.

Each file goes through the ingest twice, once with the columnar reader refused. On
SQLite the rows take the Python path both ways (the columnar path is PostgreSQL's), so
there the comparison is of the inspection; on PostgreSQL (DATABASE_URL=postgres://…)
of the stored rows too. Files: generated tables of awkward cells, the upload corpus,
the pathological shapes, and the CSV files that installed packages ship
(THIRD_PARTY_CSV: more folders to search, separated by the path separator).
"""

import contextlib
import csv
import gzip
import io
import itertools
import os
import site
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from datasets import columnar, ingest, tables
from datasets.exactjson import Exact
from datasets.models import Dataset, Licence
from datasets.values import ColumnProfile
from tests.datasets import shapes
from tests.datasets.corpus_table import CORPUS

pytestmark = pytest.mark.django_db

_slugs = itertools.count()


def outcome(content: bytes, *, python: bool, types=None):
    """What the ingest makes of `content`: ("ok", columns, rows, columnar) or ("refused", why)."""
    upload = ContentFile(content, name="upload.csv")
    refuse = mock.patch.object(columnar, "readable", return_value=False)
    try:
        with refuse if python else contextlib.nullcontext():
            inspection = ingest.inspect(upload, types=types)
            slug = f"columnar-{next(_slugs)}"
            dataset = Dataset(title=slug, slug=slug, source_name="s", licence=Licence.CC0)
            version = ingest.import_version(dataset=dataset, inspection=inspection, upload=upload)
    except ingest.IngestError as exc:
        return ("refused", str(exc))
    return ("ok", version.columns, list(tables.rows(version)), inspection.columnar)


def assert_same(content: bytes, *, types=None, columnar_expected=None):
    fast = outcome(content, python=False, types=types)
    slow = outcome(content, python=True, types=types)
    assert fast[:3] == slow[:3]
    if columnar_expected is not None and fast[0] == "ok":
        assert fast[3] is columnar_expected
    return fast


# Generated tables -------------------------------------------------------------

CELLS = {
    "codes": ["007", "01001", "0042", "00", "0", "-01"],
    "integers": ["0", "-0", "12", "1999", "2024", "-5", "123456789012345678901234567890"],
    "decimals": ["1.10", "-0.0", "-0.50", "0.5", ".5", "12.500", "1.234", "1e5", "2.5E-3"],
    "written numbers": ["1,234", "(1,200)", "12%", "$5", "5 €", "\u22123", "1 234", " 12 ", "+4"],
    "comma decimals": ["1,5", "12,25", "1.234,5", "-0,5"],
    "missing": ["", "NA", "N/A", "..", "-", "—", "null", "None", "nan", " na "],
    "text": [
        " padded ",
        "\u00a0nbsp\u00a0",
        "a,b",
        "two\nlines",
        "cr\r\nlf",
        "lone\rcr",
        'say "hi"',
        "Zürich",
    ],
    "more text": ["\u3000wide\u3000", "\x1ctab\x1f", "x\u2028y", "\\.", "=1+2", "NA"],
    "booleans": ["true", "false", "yes", "no", "TRUE", "Y", "1", "0"],
    "dates": ["2020-01-31", "31/01/2020", "Jan 2020", "31 Jan 2020", "2020-02-30", "2021-13-01"],
    "years": ["1999", "2000", "2024", "1066"],
    "timestamps": [
        "2010/01/01 01:00",
        "2020-01-31T12:00:00Z",
        "2020-01-31T23:59:59.5+05:30",
        "2020-01-31 00:00:01",
        "31/01/2020 18:45",
        "2020-02-30T10:00",
    ],
    "midnights": ["2010/01/01 00:00", "2020-01-31T00:00:00", "2020-01-31T00:00Z", "2020-01-31"],
}
FAMILIES = sorted(CELLS)
ANY_CELL = sorted({cell for cells in CELLS.values() for cell in cells})


@st.composite
def tables_of_cells(draw):
    width = draw(st.integers(1, 5))
    families = [
        draw(st.lists(st.sampled_from(FAMILIES), min_size=1, max_size=2)) for _ in range(width)
    ]
    pools = [sorted({c for f in fam for c in CELLS[f]}) for fam in families]
    rare = st.sampled_from(ANY_CELL)
    rows = draw(
        st.lists(
            st.tuples(
                *(
                    st.one_of(st.sampled_from(pool), rare)
                    if draw(st.booleans())
                    else st.sampled_from(pool)
                    for pool in pools
                )
            ),
            min_size=1,
            max_size=30,
        )
    )
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    out = io.StringIO()
    writer = csv.writer(
        out, delimiter=delimiter, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))
    )
    writer.writerow([f"col {i}" for i in range(width)])
    writer.writerows(rows)
    bom = draw(st.sampled_from(["", "\ufeff"]))
    return (bom + out.getvalue()).encode()


@settings(max_examples=120)
@given(tables_of_cells())
def test_generated_tables_read_alike(content):
    assert_same(content, columnar_expected=True)


@settings(max_examples=40)
@given(tables_of_cells(), st.sampled_from(["integer", "number", "date", "boolean", "string"]))
def test_a_type_chosen_by_the_editor_is_read_alike_or_refused_alike(content, kind):
    assert_same(content, types={"col 0": kind})


def test_standard_files_take_the_columnar_path():
    content = (
        "code,n,x,day,ok,name\n"
        '007,123456789012345678901234567890,1.10,2020-01-31,yes,"a, b"\n'
        '0042,-0,-0.0,2021-03-04,no," padded\u00a0"\n'
        '01001,,NA,..,,"two\nlines"\n'
    ).encode()
    _, columns, rows, _ = assert_same(content, columnar_expected=True)
    assert [c["type"] for c in columns] == [
        "string",
        "integer",
        "number",
        "date",
        "boolean",
        "string",
    ]
    assert rows[0][:3] == ["007", 123456789012345678901234567890, Exact("1.10")]
    assert str(rows[0][2]) == "1.10"
    assert rows[1][1:5] == [0, Exact("0.0"), "2021-03-04", False]
    assert rows[1][5] == "padded"
    assert rows[2][1:5] == [None, None, None, None]


def test_hourly_readings_keep_their_times_alike():
    """seattle-temps.csv's shape (NOAA, one row per hour): the hours tell the rows apart."""
    content = (
        b"date,temp\n2010/01/01 00:00,39.4\n2010/01/01 01:00,39.2\n2010/01/01 02:00,39.0\n"
        b"2010-01-01T03:00:00Z,38.9\n2010-01-01T04:00+01:00,38.8\n"
    )
    _, columns, rows, _ = assert_same(content, columnar_expected=True)
    assert [c["type"] for c in columns] == ["string", "number"]
    assert [row[0] for row in rows] == [
        "2010/01/01 00:00",
        "2010/01/01 01:00",
        "2010/01/01 02:00",
        "2010-01-01T03:00:00Z",
        "2010-01-01T04:00+01:00",
    ]


def test_midnights_alone_read_as_their_days_alike():
    content = b"day,n\n2010/01/01 00:00,1\n2010-01-02T00:00:00,2\n2010-01-03T00:00Z,3\n"
    _, columns, rows, _ = assert_same(content, columnar_expected=True)
    assert columns[0]["type"] == "date"
    assert [row[0] for row in rows] == ["2010-01-01", "2010-01-02", "2010-01-03"]


def test_a_time_of_day_in_a_date_column_chosen_by_the_editor_is_refused_alike():
    content = b"day,n\n2010-01-01 00:00,1\n2010-01-01 01:00,2\n"
    kind, message = assert_same(content, types={"day": "date"})
    assert kind == "refused"
    assert "row 3" in message
    assert "has a time of day" in message


def test_a_cell_that_does_not_fit_is_named_alike():
    content = b"k,v\na,1\nb,2\nc,x\n"
    kind, message = assert_same(content, types={"v": "integer"})
    assert kind == "refused"
    assert "row 4" in message


def test_verifying_every_cell_before_storing_refuses_alike():
    content = b"k,v\na,1\nb,2\nc,x\n"
    refusals = []
    for python in (False, True):
        refuse = mock.patch.object(columnar, "readable", return_value=False)
        with (
            refuse if python else contextlib.nullcontext(),
            pytest.raises(ingest.IngestError) as exc,
        ):
            ingest.inspect(ContentFile(content, name="u.csv"), types={"v": "integer"}, verify=True)
        refusals.append(str(exc.value))
    assert refusals[0] == refusals[1]
    assert "row 4" in refusals[0]


def test_files_the_reader_cannot_reproduce_take_the_python_path():
    for content in [
        b"\n\nk,v\na,1\n",  # blank lines above the header
        b"k,v,\na,1,\n",  # trailing separators
        b"k,v\na,1\nb,2,,\n",  # a longer row, its extra cells empty
        b"k,v\na,1\nb\n",  # ragged
        b'k,v\na,"unclosed\n',
    ]:
        assert_same(content)
    assert outcome(b"\n\nk,v\na,1\n", python=False)[3] is False


def test_the_profile_does_not_depend_on_the_order_of_the_cells():
    cells = ["1", "1.234", "12.500", "1,5", "2"]
    for delimiter in (",", ";"):
        seen = set()
        for order in itertools.permutations(cells):
            profile = ColumnProfile("x")
            for cell in order:
                profile.see(cell)
            seen.add(profile.decide(delimiter=delimiter))
        assert len(seen) == 1, seen


# The corpus and the pathological shapes ---------------------------------------------


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.iterdir()))
def test_the_corpus_reads_alike(name):
    assert_same((CORPUS / name).read_bytes())


@pytest.mark.parametrize("size", [20_000, 1_200_000])  # past the cell and line limits
@pytest.mark.parametrize("shape", sorted(name for name in shapes.SHAPES if name.endswith(".csv")))
def test_the_pathological_shapes_read_alike(shape, size):
    assert_same(shapes.SHAPES[shape](size))


# Third-party files ------------------------------------------------------------------


def third_party_csv():
    folders = [Path(p) for p in site.getsitepackages()]
    folders += [Path(p) for p in os.environ.get("THIRD_PARTY_CSV", "").split(os.pathsep) if p]
    found = set()
    for folder in folders:
        for pattern in ("*.csv", "*.tsv", "*.csv.gz"):
            found.update(p for p in folder.rglob(pattern) if p.stat().st_size < 3_000_000)
    return sorted(found)


THIRD_PARTY = third_party_csv()


@pytest.mark.skipif(not THIRD_PARTY, reason="no CSV files installed")
@pytest.mark.parametrize("path", THIRD_PARTY, ids=lambda p: "/".join(p.parts[-3:]))
def test_third_party_files_read_alike(path):
    content = path.read_bytes()
    if path.suffix == ".gz":
        content = gzip.decompress(content)
    assert_same(content)


HOURLY_NORMALS = (
    Path(__file__).resolve().parents[2]
    / "node_modules/vega-datasets/data/seattle-weather-hourly-normals.csv"
)


def test_a_real_year_of_hourly_readings_keeps_every_hour_alike():
    """vega-datasets' Seattle hourly normals (NOAA): 8,759 rows, 2010-01-01T01:00:00 on."""
    content = HOURLY_NORMALS.read_bytes()
    _, columns, rows, _ = assert_same(content, columnar_expected=True)
    assert [c["type"] for c in columns] == ["string", "number", "number", "number"]
    written = [line.split(",")[0] for line in content.decode().splitlines()[1:]]
    assert [row[0] for row in rows] == written
    assert len(set(written)) == len(written) == 8759


def test_on_postgresql_the_rows_go_through_copy():
    if connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL's")
    with mock.patch.object(tables, "load", side_effect=AssertionError("the row path")):
        assert outcome(b"k,v\na,1\n", python=False)[:2] == (
            "ok",
            [
                {"name": "k", "type": "string"},
                {"name": "v", "type": "integer"},
            ],
        )


@settings(max_examples=300)
@given(st.text(alphabet='ab1 ,;"\n\r\t', max_size=60))
def test_odd_quoting_and_line_ends_read_alike(body):
    assert_same(("x,y\n" + body).encode())
