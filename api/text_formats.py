"""The downloads' text formats, a line at a time, and the blocks they leave in.

Numbers leave with the digits they were read with (datasets.exactjson).
"""

from datasets import exactjson

BLOCK = 64 * 1024


def blocks(pieces, size=BLOCK):
    """Small strings joined into UTF-8 blocks of about `size` characters."""
    buffer, length = [], 0
    for piece in pieces:
        buffer.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(buffer).encode()
            buffer, length = [], 0
    if buffer:
        yield "".join(buffer).encode()


def json_lines(names, rows):
    """A JSON array of row objects, a row at a time, every number with its digits."""
    encode = exactjson.row_encoder(names)
    separator = "\n"
    yield "["
    for values in rows:
        yield separator + encode(values)
        separator = ",\n"
    yield "\n]\n"


def ndjson_lines(names, rows):
    """Newline-delimited JSON: a row object a line, every number with its digits."""
    encode = exactjson.row_encoder(names)
    for values in rows:
        yield encode(values) + "\n"
