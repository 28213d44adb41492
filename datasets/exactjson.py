"""JSON that keeps every digit: decimals read as Decimal and written as they were.

The standard library reads `1.10` as the float 1.1 and `0.1000000000000000000001`
as 0.1; it cannot write a Decimal at all. Row values go through here instead,
wherever they are stored (bulk.py, DatasetRow.values) or served (the downloads
and the API's JSON renderer): integers are Python ints (exact at any size),
other numbers Decimals, written back with the digits they were read with.

Everything is written by the standard library's C encoder; Decimals are
spliced in as text (ExactEncoder), or each scalar of a row is written by the C
function for its type (row_encoder).
"""

import json
import re
import secrets
from collections.abc import Callable
from decimal import Decimal
from json.encoder import encode_basestring
from typing import Any

__all__ = ["Exact", "ExactDecoder", "ExactEncoder", "dumps", "loads", "plain", "row_encoder"]


def loads(text):
    """Parse JSON text; non-integer numbers become Decimals with their digits."""
    return json.loads(text, parse_float=Exact)


class ExactDecoder(json.JSONDecoder):
    """For JSONField(decoder=...): numbers with a point or exponent as Decimal."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("parse_float", Exact)
        super().__init__(*args, **kwargs)


def dumps(value) -> str:
    """Compact JSON text for `value`, Decimals written exactly (never through a float)."""
    return _COMPACT.encode(value)


def row_encoder(names=None):
    """A function from a row's values to its JSON: an array, or an object keyed by `names`.

    For the bulk paths (COPY, data.json): rows of scalars, each written by a
    C function chosen by its type, Decimals with their digits.
    """
    by_type = _SCALARS
    other = _COMPACT.encode

    if names is None:

        def array(values):
            return "[" + ",".join([by_type.get(type(v), other)(v) for v in values]) + "]"

        return array
    keys = [encode_basestring(str(name)) + ":" for name in names]

    def record(values):
        pairs = zip(keys, values, strict=True)
        return "{" + ",".join([key + by_type.get(type(v), other)(v) for key, v in pairs]) + "}"

    return record


class ExactEncoder(json.JSONEncoder):
    """A JSONEncoder that writes Decimals as JSON numbers with the same digits.

    The C encoder does the work. Each Decimal it meets is handed to it as a
    marker string that no real value can equal (it holds a random nonce and NUL
    characters), then each marker is replaced with the number's digits.
    `default` (a subclass's method, or the argument) still serves every other
    type, as in json.JSONEncoder.
    """

    def encode(self, o):
        numbers = []
        nonce = secrets.token_hex(8)

        def default(value):
            if isinstance(value, Decimal):
                numbers.append(plain(value))
                return f"\x00{nonce}:{len(numbers) - 1}\x00"
            return self.default(value)

        text = json.JSONEncoder(
            skipkeys=self.skipkeys,
            ensure_ascii=self.ensure_ascii,
            check_circular=self.check_circular,
            allow_nan=self.allow_nan,
            sort_keys=self.sort_keys,
            indent=self.indent,
            separators=(self.item_separator, self.key_separator),
            default=default,
        ).encode(o)
        if not numbers:
            return text
        marker = re.compile(rf'"\\u0000{nonce}:(\d+)\\u0000"')
        return marker.sub(lambda match: numbers[int(match[1])], text)

    def iterencode(self, o, _one_shot=False):
        yield self.encode(o)


def plain(number: Decimal) -> str:
    """A finite Decimal in plain notation, its digits as written: 1.10, 0.00000015."""
    text = Decimal.__str__(number)  # scientific only for exponents: 1.5E-7, 1E+3
    if "E" not in text and text[-1].isdigit():  # not Infinity or NaN either
        return text
    if not number.is_finite():
        raise ValueError(f"{number} is not a finite number and has no JSON form")
    return format(number, "f")


_COMPACT = ExactEncoder(ensure_ascii=False, separators=(",", ":"))


class Exact(Decimal):
    """A Decimal whose text is plain notation (`0.00000015`, never `1.5E-7`).

    PostgreSQL's jsonb writes numbers so; this keeps CSV cells, templates and
    JSON the same text on every database.
    """

    __slots__ = ()

    def __str__(self):
        return plain(self)


_SCALARS: dict[type, Callable[[Any], str]] = {
    str: encode_basestring,
    int: int.__repr__,
    bool: {True: "true", False: "false"}.__getitem__,
    type(None): {None: "null"}.__getitem__,
    Exact: plain,
}
