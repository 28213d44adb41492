"""A version's rows in a typed table of its own (datasets/tables.py, table_query.py)."""

from decimal import Decimal

import pytest
from django.db import connection

from datasets import table_query, tables
from datasets.removal import delete_datasets, drop_orphan_tables
from datasets.table_query import AllOf, AnyOf, Not, Test
from tests.factories import add_version, make_dataset

pytestmark = pytest.mark.django_db

HOSTILE = (
    b'name"; DROP TABLE datasets_dataset; --,"a ""quoted"" column",amount,day,flag\n'
    b"x'); DELETE FROM auth_user; --,1,1.10,1992,yes\n"
    b"Robert\\tTables,2,0.1000000000000000000001,2020-02-29,no\n"
    b",12345678901234567890,-3,,\n"
)


def test_column_names_from_the_file_never_reach_the_sql():
    dataset = make_dataset(content=HOSTILE)
    version = dataset.current_version
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT * FROM {tables.table(version.pk)} ORDER BY "_n"')
        names = [d[0] for d in cursor.description]
    assert names[:3] == ["_n", "c0", "c1"]
    assert version.ordered_rows()[0][0] == "x'); DELETE FROM auth_user; --"


def test_values_come_back_typed_and_exact():
    version = make_dataset(content=HOSTILE).current_version
    rows = version.ordered_rows()
    assert rows[0][1:] == [1, Decimal("1.10"), "1992", True]
    assert [str(v) for v in rows[1][1:3]] == ["2", "0.1000000000000000000001"]
    assert rows[2] == [None, 12345678901234567890, -3, None, None]
    assert type(rows[2][1]) is int
    assert type(rows[0][4]) is bool
    assert str(rows[0][2]) == "1.10"  # the digits written, not a float's


def test_many_versions_prefetch_alike_to_one_read():
    first = make_dataset(content=HOSTILE).current_version
    second = make_dataset(content=b"k,n\na,1.50\nb,\n").current_version
    expected = [first.ordered_rows(), second.ordered_rows()]
    fresh = [type(first).objects.get(pk=first.pk), type(second).objects.get(pk=second.pk)]
    tables.prefetch_rows(fresh)
    assert [v.ordered_rows() for v in fresh] == expected
    assert [str(v) for v in fresh[1].ordered_rows()[0]] == ["a", "1.50"]
    kinds = [str, int, Decimal, str, bool]
    assert all(isinstance(v, k) for v, k in zip(fresh[0].ordered_rows()[0], kinds, strict=True))


def test_select_filters_sorts_and_counts_in_the_database():
    version = make_dataset(content=b"k,n,t\na,3,x\nb,1,y\nc,,x\nd,2,z\n").current_version
    where = AnyOf((Test(1, ">=", 3), Test(2, "=", "z")))
    assert table_query.select(version, where=where, ordering=[(1, True)]) == [
        ["a", 3, "x"],
        ["d", 2, "z"],
    ]
    assert table_query.select(version, ordering=[(1, False)], columns=[0]) == [
        ["b"],
        ["d"],
        ["a"],
        ["c"],  # missing last
    ]
    assert table_query.count(version, where=Not(Test(2, "=", "x"))) == 2
    assert table_query.count(version, where=AllOf((Test(1, "null", True),))) == 1
    assert table_query.count(version, where=Test(1, "in", (1, 2)), bound=1) == 2


def test_deleting_datasets_drops_their_tables():
    kept = make_dataset(content=b"k,n\na,1\n")
    gone = make_dataset(content=b"k,n\na,1\n")
    add_version(gone, b"k,n\na,2\n")
    gone_versions = list(gone.versions.values_list("pk", flat=True))
    delete_datasets(datasets=[gone])
    remaining = tables.version_tables()
    assert kept.current_version.pk in remaining
    assert not set(gone_versions) & set(remaining)


def test_orphan_tables_are_swept():
    version = make_dataset(content=b"k,n\na,1\n").current_version
    orphan = type(version)(pk=version.pk + 1000, columns=version.columns)
    tables.create_table(orphan)
    assert drop_orphan_tables() == [orphan.pk]
    assert tables.version_tables() == [version.pk]


def test_a_table_name_is_made_from_an_int_only():
    with pytest.raises(ValueError, match="invalid literal for int"):
        tables.table("1; DROP TABLE x")
    with pytest.raises(ValueError, match="not a version's primary key"):
        tables.table(0)
