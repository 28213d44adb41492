from itertools import combinations

import pytest

from charts.colours import (
    BACKGROUNDS,
    MIN_CONTRAST,
    MIN_DIFFERENCE,
    PALETTE,
    VISIONS,
    ciede2000,
    colour_warnings,
    contrast,
    difference,
    simulate,
)
from charts.config import MUTED


@pytest.mark.parametrize(
    ("lab1", "lab2", "expected"),
    [  # Sharma, Wu and Dalal (2005), the reference pairs for CIEDE2000
        ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
        ((50.0, -1.3802, -84.2814), (50.0, 0.0, -82.7485), 1.0000),
        ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
        ((50.0, 2.5, 0.0), (50.0, 0.0, -2.5), 4.3065),
        ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
        ((2.0776, 0.0795, -1.135), (0.9033, -0.0636, -0.5514), 0.9082),
    ],
)
def test_ciede2000_matches_the_published_test_data(lab1, lab2, expected):
    assert ciede2000(lab1, lab2) == pytest.approx(expected, abs=1e-4)


def test_wcag_contrast_ratios():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21)
    assert contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)
    assert contrast("#FFFFFF", "#FFFFFF") == pytest.approx(1)


def test_simulations_keep_greys_grey_and_confuse_red_with_green():
    grey = (0.5, 0.5, 0.5)
    for vision in VISIONS:
        assert simulate(grey, vision) == pytest.approx(grey, abs=1e-3)
    assert difference("#D62728", "#2CA02C") > 50  # plainly different to most readers…
    assert difference("#D62728", "#2CA02C", "deuteranopia") < MIN_DIFFERENCE  # …not to all


def test_the_default_palette_passes_for_every_vision():
    for a, b in combinations(PALETTE, 2):
        for vision in VISIONS:
            assert difference(a, b, vision) >= MIN_DIFFERENCE, (a, b, vision)


def test_every_default_colour_and_the_grey_stand_out_on_both_pages():
    for colour in [*PALETTE, MUTED]:
        for background in BACKGROUNDS.values():
            assert contrast(colour, background) >= MIN_CONTRAST, (colour, background)


def test_eight_default_series_raise_no_warning_and_a_ninth_says_what_to_do():
    named = [(f"“s{i}”", colour) for i, colour in enumerate(PALETTE)]
    assert len(named) == 8
    assert colour_warnings(named) == []
    ninth = colour_warnings([*named, ("“s8”", "#555555")])
    assert ninth[0].startswith("9 series are more than readers can tell apart")
    assert "Highlight" in ninth[0]
    assert "small multiples" in ninth[0]


def test_a_near_miss_on_contrast_is_not_shown_as_the_ratio_it_misses():
    # Okabe–Ito's reddish purple is 2.985:1 on the light page: it used to read "3.0:1 … need 3:1".
    (warning,) = colour_warnings([("“a”", "#CC79A7")])
    assert "contrast of 2.98:1 against the light page" in warning


def test_warnings_name_the_colours_and_who_struggles():
    warnings = colour_warnings([("“north”", "#D62728"), ("“south”", "#2CA02C")])
    assert any(
        "“north” (#D62728) and “south” (#2CA02C) are hard to tell apart for readers with" in w
        for w in warnings
    )
    faint = colour_warnings([("“north”", "#F0E442")])
    assert faint == [
        "“north” (#F0E442) has a contrast of 1.28:1 against the light page; "
        "chart marks need 3:1 to stand out."
    ]
    dark = colour_warnings([("“north”", "#000000")])
    assert "against the dark page" in dark[0]
    same = colour_warnings([("“a”", "#0072B2"), ("“b”", "#0072b2")])
    assert same == ["“a” and “b” have the same colour (#0072B2)."]
