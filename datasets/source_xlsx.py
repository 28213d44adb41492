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

import zipfile
import zlib

import openpyxl
from django.conf import settings
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
        for number, cells in _stored_rows(workbook, workbook[sheet]):
            budget.check()
            yield number, _row_cells(number, cells)
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


def _row_cells(number, stored):
    limit = settings.DATASET_MAX_COLUMNS
    cells = []
    for cell in stored:
        text = cell_text(cell["value"])
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
