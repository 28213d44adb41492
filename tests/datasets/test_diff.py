"""Comparing two versions of a dataset: the counts are exact, the listed rows capped."""

from decimal import Decimal

import pytest

from datasets.diff import MAX_LISTED, compare
from tests.factories import add_version, make_dataset

pytestmark = pytest.mark.django_db


def table(rows, header=b"code,value\n"):
    return header + b"".join(b"%s,%s\n" % (str(k).encode(), str(v).encode()) for k, v in rows)


def test_rows_matched_by_key_count_every_change_and_list_the_first_ones():
    old = [(f"k{i}", i) for i in range(300)]
    new = [(k, v + 1 if i % 3 == 0 else v) for i, (k, v) in enumerate(old) if i % 5]
    new += [(f"n{i}", i) for i in range(70)]
    dataset = make_dataset(content=table(old))
    first = dataset.current_version
    second = add_version(dataset, table(new))
    diff = compare(first, second)
    assert diff.key == "code"
    assert diff.counts == {"added": 70, "removed": 60, "changed": 80}
    assert diff.rows_added == [f"n{i}" for i in range(MAX_LISTED)]
    assert diff.rows_removed == [f"k{i}" for i in range(0, 250, 5)]
    assert diff.rows_changed[0] == ("k3", [("value", 3, 4)])
    assert len(diff.rows_changed) == MAX_LISTED


def test_rows_without_a_unique_column_are_matched_by_position():
    dataset = make_dataset(content=table([("a", 1), ("a", 1), ("b", 3)]))
    first = dataset.current_version
    second = add_version(dataset, table([("a", 1), ("a", 5)]))
    diff = compare(first, second)
    assert diff.key is None
    assert diff.counts == {"added": 0, "removed": 1, "changed": 1}
    assert diff.rows_removed == ["row 3"]
    assert diff.rows_changed == [("row 2", [("value", 1, 5)])]


def test_a_whole_number_that_became_a_decimal_is_not_a_change():
    dataset = make_dataset(content=table([("a", 1), ("b", 2)]))
    first = dataset.current_version
    second = add_version(dataset, table([("a", "1.0"), ("b", "2.5")]))
    diff = compare(first, second)
    assert diff.counts["changed"] == 1
    assert diff.rows_changed == [("b", [("value", 2, 2.5)])]


def test_identical_versions_are_unchanged():
    dataset = make_dataset()
    first = dataset.current_version
    second = add_version(
        dataset, b"country,papers,share\nUnited States,9660,0.5\nUnited Kingdom,3560,0.25\n"
    )
    assert compare(first, second).unchanged


# Long format, one row per country and year: lines of plotly's gapminder.csv (Gapminder
# Foundation, CC BY 4.0). No column alone names a row, and `pop` happens to be unique.
GAPMINDER = (
    b"country,continent,year,lifeExp,pop\n"
    b"Afghanistan,Asia,1952,28.801,8425333\n"
    b"Afghanistan,Asia,1957,30.332,9240934\n"
    b"Afghanistan,Asia,1962,31.997,10267083\n"
    b"Albania,Europe,1952,55.23,1282697\n"
    b"Albania,Europe,1957,59.28,1476505\n"
)


def test_long_tables_are_matched_by_their_label_columns_not_by_a_unique_measure():
    dataset = make_dataset(content=GAPMINDER)
    first = dataset.current_version
    revised = GAPMINDER.replace(b"8425333", b"8425334").replace(b"59.28", b"59.3")
    inserted = revised.replace(
        b"Albania,Europe,1952", b"Afghanistan,Asia,1967,34.02,11537966\nAlbania,Europe,1952"
    )
    diff = compare(first, add_version(dataset, inserted))
    assert diff.key == "country, continent, year"
    assert diff.counts == {"added": 1, "removed": 0, "changed": 2}
    assert diff.rows_added == ["Afghanistan · Asia · 1967"]
    assert diff.rows_changed == [
        ("Afghanistan · Asia · 1952", [("pop", 8425333, 8425334)]),
        ("Albania · Europe · 1957", [("lifeExp", Decimal("59.28"), Decimal("59.3"))]),
    ]
