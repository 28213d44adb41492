"""JSON that keeps every digit, for row values and the API."""

import json
from datetime import date
from decimal import Decimal

import pytest

from api.renderers import ExactJSONRenderer
from datasets.exactjson import Exact, ExactEncoder, dumps, loads, row_encoder


def test_decimals_read_and_write_back_with_the_same_digits():
    text = '[1.10,12345678901234567890,0.1000000000000000000001,0.00000015,null,true,"a"]'
    assert dumps(loads(text)) == text


def test_a_decimal_is_read_as_exact_and_prints_in_plain_digits():
    value = loads("1.5e-7")
    assert isinstance(value, Exact)
    assert str(value) == "0.00000015"
    assert dumps(value) == "0.00000015"


def test_without_decimals_the_output_is_the_standard_library_s():
    value = {"a": [1, "é\u2028", None, False, 2.5], "b": {}}
    assert dumps(value) == json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def test_nested_decimals_are_written_exactly_with_indent_and_sorted_keys():
    value = {"b": [Decimal("1.10")], "a": {"x": Decimal("-0.5")}}
    text = json.dumps(value, cls=ExactEncoder, indent=2, sort_keys=True)
    assert json.loads(text, parse_float=str) == {"a": {"x": "-0.5"}, "b": ["1.10"]}
    assert text.index('"a"') < text.index('"b"')


def test_infinite_decimals_have_no_json_form():
    with pytest.raises(ValueError, match="not a finite number"):
        dumps([Decimal("Infinity")])


def test_the_api_renderer_writes_decimals_exactly_and_dates_as_drf_does():
    body = ExactJSONRenderer().render({"n": Decimal("1.10"), "d": date(2024, 1, 2)})
    assert body == b'{"n":1.10,"d":"2024-01-02"}'


def test_a_row_encodes_as_the_standard_library_would_but_exactly():
    values = [1, 'é"\n', None, True, False, Exact("1.10"), 12345678901234567890, 2.5]
    names = ["a", "b", "c", "d", "e", "f", "g", "h"]
    expected = json.dumps(
        dict(zip(names[:5], values[:5], strict=True)), ensure_ascii=False, separators=(",", ":")
    )[:-1]
    assert row_encoder(names)(values) == expected + ',"f":1.10,"g":12345678901234567890,"h":2.5}'
    assert row_encoder()(values) == '[1,"é\\"\\n",null,true,false,1.10,12345678901234567890,2.5]'


def test_text_shaped_like_the_encoder_s_markers_is_left_as_it_is():
    value = {"t": "\x00abc:0\x00", "n": Decimal("1.10")}
    assert json.loads(dumps(value), parse_float=str) == {"t": "\x00abc:0\x00", "n": "1.10"}
