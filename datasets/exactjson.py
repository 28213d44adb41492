"""JSON that keeps every digit: decimals read as Decimal and written as they were.

The standard library reads `1.10` as the float 1.1 and `0.1000000000000000000001`
as 0.1; it cannot write a Decimal at all. Row values go through here instead,
wherever they are stored (bulk.py, DatasetRow.values) or served (the downloads
and the API's JSON renderer): integers are Python ints (exact at any size),
other numbers Decimals, written back with the digits they were read with.

Values without a Decimal take the standard library's C encoder, unchanged.
"""

import json
import math
from decimal import Decimal
from json.encoder import encode_basestring, encode_basestring_ascii

__all__ = ["Exact", "ExactDecoder", "ExactEncoder", "dumps", "loads", "plain"]


def loads(text):
    """Parse JSON text; non-integer numbers become Decimals with their digits."""
    return json.loads(text, parse_float=Exact)


class ExactDecoder(json.JSONDecoder):
    """For JSONField(decoder=...): numbers with a point or exponent as Decimal."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("parse_float", Exact)
        super().__init__(*args, **kwargs)


class _HasDecimal(Exception):
    pass


def _refuse_decimal(value):
    if isinstance(value, Decimal):
        raise _HasDecimal
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def dumps(value, *, ensure_ascii=False, separators=(",", ":"), default=None) -> str:
    """JSON text for `value`, Decimals written exactly (never through a float)."""
    encoder = ExactEncoder(ensure_ascii=ensure_ascii, separators=separators, default=default)
    return encoder.encode(value)


class ExactEncoder(json.JSONEncoder):
    """A JSONEncoder that writes Decimals as JSON numbers with the same digits.

    It first tries the C encoder; only a value holding a Decimal takes the
    slower walk below. `default` (a subclass's method, or the argument) still
    serves every other type, as in json.JSONEncoder.
    """

    def encode(self, o):
        try:
            return self._fast().encode(o)
        except _HasDecimal:
            return "".join(self._walk(o, 0))

    def iterencode(self, o, _one_shot=False):
        yield self.encode(o)

    def _fast(self):
        return json.JSONEncoder(
            skipkeys=self.skipkeys,
            ensure_ascii=self.ensure_ascii,
            check_circular=self.check_circular,
            allow_nan=self.allow_nan,
            sort_keys=self.sort_keys,
            indent=self.indent,
            separators=(self.item_separator, self.key_separator),
            default=self._default_or_refuse,
        )

    def _default_or_refuse(self, value):
        if isinstance(value, Decimal):
            raise _HasDecimal
        return self.default(value)

    def _walk(self, value, depth):
        """The pure-Python path: containers, scalars and Decimals, indented if asked."""
        if isinstance(value, str):
            yield (encode_basestring_ascii if self.ensure_ascii else encode_basestring)(value)
        elif value is None:
            yield "null"
        elif isinstance(value, bool):
            yield "true" if value else "false"
        elif isinstance(value, int):
            yield int.__repr__(value)
        elif isinstance(value, float):
            yield self._float(value)
        elif isinstance(value, Decimal):
            yield plain(value)
        elif isinstance(value, dict):
            yield from self._container("{", "}", list(value.items()), depth, keyed=True)
        elif isinstance(value, list | tuple):
            yield from self._container("[", "]", value, depth, keyed=False)
        else:
            yield from self._walk(self.default(value), depth)

    def _float(self, value):
        if math.isfinite(value):
            return float.__repr__(value)
        if not self.allow_nan:
            raise ValueError(f"Out of range float values are not JSON compliant: {value!r}")
        return "NaN" if value != value else ("Infinity" if value > 0 else "-Infinity")

    def _container(self, open_, close, items, depth, *, keyed):
        if not items:
            yield open_ + close
            return
        if keyed and self.sort_keys:
            items = sorted(items)
        if self.indent is None:
            newline, closing = "", ""
        else:
            step = self.indent if isinstance(self.indent, str) else " " * self.indent
            newline, closing = "\n" + step * (depth + 1), "\n" + step * depth
        yield open_
        for position, item in enumerate(items):
            yield (self.item_separator if position else "") + newline
            if keyed:
                key, item = item
                yield from self._walk(str(key), depth + 1)
                yield self.key_separator
            yield from self._walk(item, depth + 1)
        yield closing + close


def plain(number: Decimal) -> str:
    """A finite Decimal in plain notation, its digits as written: 1.10, 0.00000015."""
    if not number.is_finite():
        raise ValueError(f"{number} is not a finite number and has no JSON form")
    return format(number, "f")


class Exact(Decimal):
    """A Decimal whose text is plain notation (`0.00000015`, never `1.5E-7`).

    PostgreSQL's jsonb writes numbers so; this keeps CSV cells, templates and
    JSON the same text on every database.
    """

    __slots__ = ()

    def __str__(self):
        return format(self, "f")
