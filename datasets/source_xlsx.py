"""Excel workbooks (.xlsx): checked before unpacking, read row by row as stored.

openpyxl's read-only worksheet pads every row to the sheet's declared
dimension and yields an empty row for every missing one: a 1.6 KB file that
declares A1:XFD1048576 becomes ~10^10 empty cells. So rows are read straight
from openpyxl's sheet parser, as the XML holds them: missing rows cost nothing,
a row holds the cells up to its last value, and a value beyond the column limit
stops the read with a message.

openpyxl is imported with this module, at start-up: not inside an upload's
time budget.
"""

import re
import zipfile
import zlib
from decimal import ROUND_HALF_UP, Decimal

import openpyxl
from django.conf import settings
from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
from openpyxl.worksheet._reader import WorkSheetParser

from datasets import budget
from datasets.cells import cell_text
from datasets.errors import IngestError

STRINGS_PART = "xl/sharedStrings.xml"


def _megabytes(n):
    return f"{n / 1_000_000:.1f} MB"


def unpacked_size(file, *, verify=True) -> int:
    """Refuse damaged workbooks and zip bombs before openpyxl unpacks anything.

    Returns the size of the workbook's parts once unpacked: the work a read costs.
    `verify` also checks every part's checksum (which unpacks them all).
    """
    limit = settings.DATASET_MAX_XLSX_UNPACKED_BYTES
    strings_limit = settings.DATASET_MAX_XLSX_STRINGS_BYTES
    try:
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            if "xl/workbook.xml" not in names:
                raise IngestError("This is a zip archive, not an Excel workbook (.xlsx).")
            sheets = sum(1 for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml"))
            if sheets > settings.DATASET_MAX_XLSX_SHEETS:
                raise IngestError(
                    f"The workbook has {sheets:,} sheets; the limit is "
                    f"{settings.DATASET_MAX_XLSX_SHEETS:,}. Save the sheet you need on its own."
                )
            unpacked = sum(info.file_size for info in infos)
            if unpacked > limit:
                raise IngestError(
                    f"The workbook unpacks to {_megabytes(unpacked)}, over the limit of "
                    f"{_megabytes(limit)}."
                )
            # openpyxl holds every shared string in memory at once.
            strings = sum(i.file_size for i in infos if i.filename == STRINGS_PART)
            if strings > strings_limit:
                raise IngestError(
                    f"The workbook's text cells take {_megabytes(strings)} unpacked, over the "
                    f"limit of {_megabytes(strings_limit)}. Save the sheet as CSV instead."
                )
            damaged = archive.testzip() if verify else None
            if damaged:
                raise IngestError(f"The workbook is damaged (its part {damaged} is corrupt).")
    except (zipfile.BadZipFile, EOFError, zlib.error, OSError):
        raise IngestError(
            "The workbook is damaged or incomplete: it could not be unzipped. "
            "Save it again from Excel and re-upload."
        ) from None
    finally:
        file.seek(0)
    return unpacked


def check_sheet(workbook, sheet) -> str:
    """The sheet to read: the one asked for, which must exist, or the first."""
    names = workbook.sheetnames
    if sheet and sheet not in names:
        shown = names[:20]
        listed = ", ".join(f"“{n}”" for n in shown)
        more = f" and {len(names) - len(shown):,} more" if len(names) > len(shown) else ""
        raise IngestError(f"The workbook has no sheet “{sheet}”. Its sheets are: {listed}{more}.")
    if not names:
        raise IngestError("The workbook has no sheets.")
    return sheet or names[0]


def open_workbook(file):
    file.seek(0)
    try:
        return openpyxl.load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise IngestError(f"The workbook could not be read ({exc.__class__.__name__}).") from None


def xlsx_records(workbook, sheet):
    """(sheet row number, cells) for each row the sheet stores, trailing empty cells dropped.

    `workbook` is open_workbook's, kept open across passes: opening one costs time
    in proportion to its sheets and shared strings.
    """
    number = 0
    try:
        padded = padded_styles(workbook)
        for number, cells in _stored_rows(workbook, workbook[sheet]):
            budget.check()
            yield number, _row_cells(number, cells, padded)
    except IngestError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged sheet
        raise IngestError(
            f"The workbook is damaged: its sheet could not be read ({exc.__class__.__name__}).",
            row=number + 1,
        ) from None


def _stored_rows(workbook, worksheet):
    """The rows in the sheet's XML, without the read-only worksheet's padding."""
    # openpyxl 3.1's read-only worksheet reads its rows this way (ReadOnlyWorksheet
    # ._cells_by_row); we use the same parser and skip the padding it adds.
    with worksheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            worksheet._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        yield from parser.parse()


# A format section of zeros only ("00000" for ZIP codes, "000" for codes) shows a
# whole number padded to that many digits; "@" shows a number as text.
ZERO_PADDED = re.compile(r"0+")


def padded_styles(workbook) -> dict[int, int]:
    """For each cell style whose number format keeps a number as digits: the width
    Excel pads it to (0 for text, "@"). A number in such a cell is a code, not a
    quantity, and its leading zeros are part of it."""
    formats = {}
    for style_id, style in enumerate(workbook._cell_styles):
        number_format = _number_format(workbook, style.numFmtId)
        shown = number_format.split(";")[0]
        if shown == "@":
            formats[style_id] = 0
        elif ZERO_PADDED.fullmatch(shown):
            formats[style_id] = len(shown)
    return formats


def _number_format(workbook, format_id) -> str:
    if format_id < BUILTIN_FORMATS_MAX_SIZE:
        return BUILTIN_FORMATS.get(format_id, "General")
    try:
        return workbook._number_formats[format_id - BUILTIN_FORMATS_MAX_SIZE]
    except IndexError:  # a style naming a format the workbook lacks
        return "General"


def padded_text(value, width: int) -> str:
    """A number as Excel shows it under a zero-padded format (or "@" when width is 0)."""
    if width == 0:
        return cell_text(value)
    whole = Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    sign = "-" if whole < 0 else ""
    return sign + str(abs(whole)).zfill(width)


def _cell_text(cell, padded) -> str:
    value = cell["value"]
    width = padded.get(cell["style_id"])
    number = isinstance(value, int | float) and not isinstance(value, bool)
    # Beyond 10^15 a number is no code (and NaN or infinity is none either).
    if width is not None and number and abs(value) < 1e15:
        return padded_text(value, width)
    return cell_text(value)


def _row_cells(number, stored, padded):
    limit = settings.DATASET_MAX_COLUMNS
    cells: list[str | None] = []
    for cell in stored:
        text = _cell_text(cell, padded)
        if not text:
            continue
        column = cell["column"]
        if column > limit:
            raise IngestError(
                f"This row has a value in column {column:,}; the limit is {limit} columns.",
                row=number,
            )
        if column > len(cells):
            cells.extend([""] * (column - len(cells)))
        cells[column - 1] = text
    return cells
