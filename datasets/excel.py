"""A version's rows as an Excel workbook (.xlsx), through openpyxl's write-only mode.

Values keep their type and, where Excel can hold them, their digits:

- numbers are numbers when Excel's doubles hold them exactly (15 significant
  digits or fewer, up to 30 decimals), shown with the decimals they were written
  with (1.10 as 1.10, through a "0.00" number format); longer ones are the exact
  text, as Excel would otherwise round them;
- dates are dates ("yyyy-mm-dd"), bare years are numbers, dates before 1900
  (which Excel has no serial for) the ISO text;
- true/false are Excel booleans; text is text, always: a cell that starts with
  `=` is written as a string, never a formula, and characters XML cannot carry
  are written as Excel writes them (`_x0001_`);
- a row whose last cells are missing still ends at the last column, with a
  blank cell: write-only sheets carry no size, and streaming readers (openpyxl's
  read-only mode, frictionless) take a row to end at its last written cell.

Rows go straight to a temporary file (write-only mode keeps no cells), so memory
stays flat; the caller streams the saved file.
"""

import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from copy import copy
from datetime import date
from decimal import Decimal
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

MAX_ROWS = 1_048_576 - 1  # Excel's sheet, less the header row
MAX_SHEET_NAME = 31
EXACT_DIGITS = 15  # what a double holds and Excel shows
MAX_DECIMALS = 30
DATE_FORMAT = "yyyy-mm-dd"
SPOOL_BYTES = 16 * 1024 * 1024  # workbooks smaller than this never touch the disk
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ESCAPE_LIKE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


TOO_MANY_ROWS = (
    f"Excel holds at most {MAX_ROWS:,} rows in a sheet; download CSV or Parquet, or filter "
    "the rows."
)


class TooManyRows(ValueError):
    """More rows than an Excel sheet holds."""


def sheet_name(title: str) -> str:
    """A worksheet name Excel accepts: no []:*?/\\, no edge apostrophes, 31 characters."""
    name = " ".join(_SHEET_FORBIDDEN.sub(" ", title).split()).strip("'").strip()
    name = name[:MAX_SHEET_NAME].strip()
    return name if name and name.lower() != "history" else "Data"


def xlsx_file(
    *,
    columns: Sequence[dict],
    rows: Iterable[Sequence],
    title: str,
    max_rows: int | None = None,
    too_many: str = TOO_MANY_ROWS,
) -> IO[bytes]:
    """The rows as a one-sheet workbook in a temporary file, at its start; the caller closes it.

    Raises TooManyRows (saying `too_many`) past `max_rows`: by default Excel's 1,048,575
    data rows.
    """
    max_rows = MAX_ROWS if max_rows is None else max_rows
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name(title))
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet)
        cell.value = _xml_safe(str(column["name"]))
        cell.data_type = "s"
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    writers = [_writer(sheet, str(column["type"])) for column in columns]
    last = _blank(sheet)
    for count, values in enumerate(rows, start=1):
        if count > max_rows:
            sheet.close()
            sheet._writer.cleanup()  # the rows written so far, in openpyxl's temporary file
            raise TooManyRows(too_many)
        cells = [write(value) for write, value in zip(writers, values, strict=True)]
        if cells and cells[-1] is None:
            cells[-1] = last()
        sheet.append(cells)
    out = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (the caller closes it)
    workbook.save(out)
    out.seek(0)
    return out


def _blank(sheet) -> Callable:
    """A maker of blank cells that are written all the same: openpyxl skips an unstyled
    empty cell, so the blank carries Excel's own default placement (bottom), stored."""
    model = WriteOnlyCell(sheet)
    model.alignment = Alignment(vertical="bottom")

    def blank():
        cell = WriteOnlyCell(sheet)
        cell._style = copy(model._style)
        return cell

    return blank


def _writer(sheet, kind: str) -> Callable:
    """A function from a value of a column of type `kind` to what goes in its cell."""
    formats: dict = {}

    def styled(value, number_format):
        cell = WriteOnlyCell(sheet, value)
        if number_format not in formats:
            cell.number_format = number_format
            formats[number_format] = cell._style
        else:
            cell._style = copy(formats[number_format])  # the same style, looked up once
        return cell

    def number(value):
        if value is None or isinstance(value, bool):
            return value
        exact = value if isinstance(value, Decimal) else Decimal(value)
        _, digits, exponent = exact.as_tuple()
        if not isinstance(exponent, int):  # NaN or infinity: no number a sheet can hold
            return _text_cell(sheet, str(value))
        decimals = max(-exponent, 0)
        if len(digits) > EXACT_DIGITS or decimals > MAX_DECIMALS or _beyond_double(exact):
            return _text_cell(sheet, str(value))
        if isinstance(value, int) and abs(value) < 10**11:
            return value  # Excel's General format shows it whole
        if decimals == 0:
            return styled(int(exact), "0")
        return styled(exact, "0." + "0" * decimals)

    def day(value):
        if value is None:
            return None
        if isinstance(value, date):
            return styled(value, DATE_FORMAT) if value.year >= 1900 else value.isoformat()
        text = str(value)
        if len(text) == 4 and text.isdigit():
            return int(text)  # a bare year
        if _ISO_DAY.fullmatch(text) and text >= "1900":
            return styled(date.fromisoformat(text), DATE_FORMAT)
        return _text_cell(sheet, text)

    def text(value):
        return None if value is None else _text_cell(sheet, str(value))

    if kind in ("integer", "number"):
        return number
    if kind == "date":
        return day
    if kind == "boolean":
        return lambda value: value
    return text


def _beyond_double(exact: Decimal) -> bool:
    return bool(exact) and not (-307 <= exact.adjusted() <= 307)


def _text_cell(sheet, text: str):
    """Text as text: never a formula, and XML-safe as Excel escapes it."""
    text = _xml_safe(text)
    if not text.startswith("="):
        return text
    cell = WriteOnlyCell(sheet)
    cell.value = text
    cell.data_type = "s"  # openpyxl takes a leading = for a formula
    return cell


def _xml_safe(text: str) -> str:
    """Characters XML 1.0 cannot carry as Excel writes them (_x0001_), its own escapes kept."""
    if _ILLEGAL.search(text) or "_x" in text:
        text = _ESCAPE_LIKE.sub(r"_x005F_\1", text)
        text = _ILLEGAL.sub(lambda m: f"_x{ord(m[0]):04X}_", text)
    return text
