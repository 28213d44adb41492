"""A spreadsheet or JSON value as the cell text the rest of the import reads."""

from datetime import date, datetime, time

from datasets.errors import IngestError

# The csv module's own limit on a cell (csv.field_size_limit()), kept for every format.
MAX_CELL_CHARS = 131_072
CELL_TOO_LONG = f"A cell is longer than {MAX_CELL_CHARS:,} characters, the limit"
NUL_MESSAGE = (
    "The file contains a NUL character (a zero byte), which no table holds: it may be a "
    "binary file, or text saved in an encoding other than UTF-8, UTF-16 or Windows-1252"
)


def cell_text(value, *, row=None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)
    return clean_text(str(value), row=row).strip()


def clean_text(text: str, *, row=None) -> str:
    """Text safe to store: NUL and overlong cells refused, lone surrogates replaced.

    Decoded bytes never hold lone surrogates (decoding replaces them); only JSON's
    \\ud800-style escapes can, and no database stores them: they become U+FFFD.
    """
    if len(text) > MAX_CELL_CHARS:
        raise IngestError(CELL_TOO_LONG, row=row)
    if "\x00" in text:
        raise IngestError(NUL_MESSAGE, row=row)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)
    return text
