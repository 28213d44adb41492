"""A plotted table as a real HTML table: what the server renders, the browser enhances.

`data_table` turns a table's columns and rows (charts.config.Plotted, or any
header, rows and column types) into what templates/charts/includes/table.html
renders: a caption, column headers, the first column as row headers, numbers
right-aligned and written by charts/numbers.py, as the chart's tooltips write
them. Readable with no script; static/js/charts/table.js adds sorting, search,
pages, bar and heat-map cells (from each cell's data-value and its column's
style), which is why each numeric cell carries its raw value.
"""

import math
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from charts.numbers import MISSING, number_formatter, word_unit
from datasets.models import NUMERIC_TYPES

MAX_ROWS = 1_000  # the table lists this many rows; the CSV has them all
MAX_COLUMNS = 30
MAX_TEXT = 500  # characters in one cell
CELL_STYLES = ("plain", "bar", "heat")


@dataclass(frozen=True)
class Column:
    name: str
    numeric: bool
    style: str  # "plain", "bar" or "heat": how table.js paints the column's cells


@dataclass(frozen=True)
class Cell:
    text: str
    value: str = ""  # the raw number, for sorting and painting ("" for text and missing values)
    numeric: bool = False  # in a numeric column: right-aligned, even when missing


@dataclass(frozen=True)
class DataTable:
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    more_rows: int  # rows past MAX_ROWS, left to the CSV
    page_size: int


def data_table(
    *,
    caption: str,
    header: list[str],
    rows: list[list],
    shown: list[str] | None = None,
    types: list[str],
    number_format: str,
    unit: str = "",
    locale: str = "en-GB",
    styles: dict[str, str] | None = None,
    page_size: int = 25,
) -> DataTable:
    """The table to render: `styles` maps a numeric column's name to "bar" or "heat";
    `shown` is what readers see each column called (default: its name)."""
    styles = styles or {}
    numbers = number_formatter(style=number_format, unit=unit, locale=locale)
    word = word_unit(style=number_format, unit=unit or "")
    columns = []
    names = shown or header
    for n, (name, kind) in enumerate(zip(header[:MAX_COLUMNS], types, strict=False)):
        numeric = kind in NUMERIC_TYPES and n > 0
        style = styles.get(name, "plain") if numeric else "plain"
        heading = f"{names[n]} ({word})" if numeric and word else str(names[n])
        columns.append(Column(heading, numeric, style if style in CELL_STYLES else "plain"))
    body = tuple(
        tuple(_cell(value, column, numbers) for value, column in zip(row, columns, strict=False))
        for row in rows[:MAX_ROWS]
    )
    size = min(max(int(page_size), 5), 200)
    return DataTable(str(caption), tuple(columns), body, max(len(rows) - MAX_ROWS, 0), size)


def _cell(value, column: Column, numbers) -> Cell:
    if value is None or value == "":
        return Cell(MISSING, numeric=column.numeric)
    if column.numeric and isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        number = float(value)
        if not math.isfinite(number):
            return Cell(MISSING, numeric=True)
        return Cell(numbers.cell(number), repr(number), numeric=True)
    if isinstance(value, datetime | date):
        return Cell(value.isoformat())
    return Cell(str(value)[:MAX_TEXT], numeric=column.numeric)
