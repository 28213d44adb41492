"""Colour checks for charts: can readers tell the series apart, and see them at all?

Two checks, both on plain hex colours so they run anywhere (the admin, a test):

- Colour-vision deficiency: each pair of colours is simulated as seen with
  protanopia, deuteranopia and tritanopia (Machado, Oliveira and Fernandes
  2009, severity 1, applied in linear RGB), and their CIEDE2000 colour
  difference compared with a threshold.
- Contrast: each colour's WCAG 2 contrast ratio against the page's light and
  dark backgrounds, against the 3:1 WCAG 2.2 asks of the parts of a graphic
  needed to read it (SC 1.4.11) and of large text.
"""

import math
import re
from itertools import combinations

# The reader page's backgrounds (static/css/site.css: --bg, light and dark).
BACKGROUNDS = {"light": "#fdfcfa", "dark": "#141416"}
MIN_CONTRAST = 3.0
# Below this CIEDE2000 difference two chart colours are easily confused.
MIN_DIFFERENCE = 10.0

# The default series colours. Every one reaches 3:1 against both the light and
# the dark page, and every pair stays at least 10.8 apart (CIEDE2000) for normal
# vision and each of the three simulated deficiencies, so the defaults pass the
# checks below for up to eight series (tests/charts/test_colours.py). They start
# from Okabe & Ito's blue and vermillion; the rest were chosen by a max-min search
# over mid-tone colours (light enough for the dark page, dark enough for the
# light one, none greyer than chroma 28). Beyond eight, no set of colours in that
# band stays distinguishable: the editor is told to highlight or split the chart.
PALETTE = [
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#00A379",  # green
    "#8982F3",  # lavender
    "#C1018C",  # magenta
    "#935B46",  # brown
    "#AF7899",  # mauve
    "#C1250E",  # red
]

HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")

_MACHADO = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}
VISIONS = ("normal", *_MACHADO)


def linear_rgb(hex_colour: str) -> tuple[float, float, float]:
    """sRGB hex to linear-light RGB in 0–1."""
    red, green, blue = (_linear(int(hex_colour[i : i + 2], 16) / 255) for i in (1, 3, 5))
    return red, green, blue


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def simulate(rgb, vision: str):
    """Linear RGB as seen with `vision` ("normal" returns it unchanged)."""
    if vision == "normal":
        return rgb
    return tuple(
        min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb, strict=True))))
        for row in _MACHADO[vision]
    )


def luminance(rgb) -> float:
    r, g, b = rgb
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two hex colours, 1 to 21."""
    high, low = sorted((luminance(linear_rgb(a)), luminance(linear_rgb(b))), reverse=True)
    return (high + 0.05) / (low + 0.05)


def lab(rgb) -> tuple[float, float, float]:
    """Linear sRGB to CIELAB (D65)."""
    r, g, b = rgb
    xyz = (
        (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047,
        (0.2126729 * r + 0.7151522 * g + 0.0721750 * b) / 1.0,
        (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883,
    )
    fx, fy, fz = (t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116 for t in xyz)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def ciede2000(lab1, lab2) -> float:
    """The CIEDE2000 colour difference (Sharma, Wu and Dalal's formulation)."""
    l1, a1, b1 = lab1
    l2, a2, b2 = lab2
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1p, a2p = a1 * (1 + g), a2 * (1 + g)
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dl, dc = l2 - l1, c2p - c1p
    if c1p * c2p == 0:
        dh = 0.0
    elif abs(h2p - h1p) <= 180:
        dh = h2p - h1p
    else:
        dh = h2p - h1p - 360 if h2p > h1p else h2p - h1p + 360
    dH = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_mean, cp_mean = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_mean = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_mean = (h1p + h2p) / 2
    else:
        h_mean = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(h_mean - 30))
        + 0.24 * math.cos(math.radians(2 * h_mean))
        + 0.32 * math.cos(math.radians(3 * h_mean + 6))
        - 0.20 * math.cos(math.radians(4 * h_mean - 63))
    )
    sl = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    sc = 1 + 0.045 * cp_mean
    sh = 1 + 0.015 * cp_mean * t
    rt = (
        -2
        * math.sqrt(cp_mean**7 / (cp_mean**7 + 25**7))
        * math.sin(math.radians(60 * math.exp(-(((h_mean - 275) / 25) ** 2))))
    )
    return math.sqrt((dl / sl) ** 2 + (dc / sc) ** 2 + (dH / sh) ** 2 + rt * (dc / sc) * (dH / sh))


def difference(a: str, b: str, vision: str = "normal") -> float:
    """CIEDE2000 difference of two hex colours as seen with `vision`."""
    return ciede2000(lab(simulate(linear_rgb(a), vision)), lab(simulate(linear_rgb(b), vision)))


def colour_warnings(colours) -> list[str]:
    """Plain-language warnings for an editor; empty when the colours are fine.

    `colours` is a list of (name, hex colour), the name as the editor knows it:
    "“papers”", "the “Spain” slice", "the other bars".
    """
    warnings = []
    if len(colours) > len(PALETTE):
        warnings.append(
            f"{len(colours)} series are more than readers can tell apart by colour (at most "
            f"{len(PALETTE)}). Highlight the few that matter and grey the rest, or split the "
            "chart into small multiples."
        )
    for (name_a, a), (name_b, b) in combinations(colours, 2):
        if a.lower() == b.lower():
            warnings.append(f"{name_a} and {name_b} have the same colour ({a}).")
            continue
        worst = min(VISIONS, key=lambda vision: difference(a, b, vision))
        delta = difference(a, b, worst)
        if delta < MIN_DIFFERENCE:
            who = "anyone" if worst == "normal" else f"readers with {worst}"
            warnings.append(
                f"{name_a} ({a}) and {name_b} ({b}) are hard to tell apart for {who} "
                f"(colour difference {delta:.0f}; aim for {MIN_DIFFERENCE:.0f} or more)."
            )
    for name, colour in colours:
        for scheme, background in BACKGROUNDS.items():
            ratio = contrast(colour, background)
            if ratio < MIN_CONTRAST:
                # Rounded down, so a near miss never reads as the very ratio it misses.
                shown = math.floor(ratio * 100) / 100
                warnings.append(
                    f"{name} ({colour}) has a contrast of {shown:.2f}:1 against the {scheme} "
                    f"page; chart marks need {MIN_CONTRAST:.0f}:1 to stand out."
                )
    return warnings
