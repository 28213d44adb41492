"""The share image's font list covers the compact numbers of every locale we offer."""

import pytest

from charts.models import NumberFormat, NumberLocale
from charts.numbers import number_formatter
from chartweek import fonts


def test_dejavu_sans_comes_first_then_the_fallbacks_the_machine_has():
    found = fonts.families()
    assert found[0] == "DejaVu Sans"
    assert len(found) > 1, "no fallback font: `make install` puts in fonts-wqy-microhei"


def test_dejavu_sans_alone_cannot_draw_wan_so_the_check_can_fail():
    assert fonts.missing_characters("200万", among=("DejaVu Sans",)) == "万"


@pytest.mark.parametrize("locale", NumberLocale.values)
def test_every_locales_compact_numbers_are_covered(locale):
    write = number_formatter(style=NumberFormat.COMPACT, unit="", locale=locale)
    text = "".join(write.tick(value) for value in (46_000, 2_000_000, 3.5e9, -1.2e12))
    assert fonts.missing_characters(text) == ""
