"""The parsed table an editor sees in the admin after an upload: its first rows, each
column's type as the type choices name it ("Text"), and a word on any text column whose
cells are dates with times of day, so that reading them as text is no surprise."""

from django.template.loader import render_to_string

from datasets.dates import has_time_of_day
from datasets.models import ColumnType
from datasets.table_query import page_by_number

PREVIEW_ROWS = 20
_LABELS = dict(ColumnType.choices)


def table_preview(dataset, version) -> str:
    rows = page_by_number(version, start=0, stop=PREVIEW_ROWS)
    columns = dataset.describe_columns(version.columns)
    timed = [
        column["name"]
        for i, column in enumerate(columns)
        if column["type"] == ColumnType.STRING
        and any(isinstance(row[i], str) and has_time_of_day(row[i]) for row in rows)
    ]
    for column in columns:
        column["type"] = _LABELS.get(column["type"], column["type"])
    return render_to_string(
        "admin/datasets/dataset/table_preview.html",
        {
            "version": version,
            "columns": columns,
            "rows": rows,
            "more": max(version.row_count - PREVIEW_ROWS, 0),
            "timed": timed,
        },
    )
