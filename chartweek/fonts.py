"""Fonts for pictures the server draws (share images): DejaVu Sans, then fallbacks.

DejaVu Sans ships with matplotlib, so Latin, Greek and Cyrillic text looks the
same on every server. It has no Chinese, Japanese or Devanagari characters: a
zh-CN, ja-JP or hi-IN compact number ("200万", "20 लाख") would be drawn as boxes.
matplotlib falls back glyph by glyph along a list of families, so the list is
DejaVu Sans and then whichever fallback fonts the machine has (`make install`
puts in Debian's fonts-wqy-microhei and fonts-lohit-deva). matplotlib does not
shape Indic scripts, so Devanagari is legible rather than typeset.
Fonts are registered from their files, so matplotlib's font cache, which may
predate the install, does not matter.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

PRIMARY = "DejaVu Sans"
# (file, family name inside it), in order of preference; all those found are used.
FALLBACKS: tuple[tuple[str, str], ...] = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "WenQuanYi Micro Hei"),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", "Droid Sans Fallback"),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "Noto Sans CJK JP"),
    ("/usr/share/fonts/truetype/lohit-devanagari/Lohit-Devanagari.ttf", "Lohit Devanagari"),
)


@cache
def families() -> tuple[str, ...]:
    """The font families to draw with, in order: DejaVu Sans, then the fallbacks installed."""
    from matplotlib import font_manager

    found = [PRIMARY]
    for path, family in FALLBACKS:
        if Path(path).is_file():
            font_manager.fontManager.addfont(path)
            found.append(family)
    return tuple(found)


def missing_characters(text: str, *, among: tuple[str, ...] | None = None) -> str:
    """The characters of `text` that none of the fonts `among` (default: families()) can draw."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    chosen = among if among is not None else families()
    faces = [FT2Font(font_manager.findfont(family, fallback_to_default=False)) for family in chosen]
    return "".join(
        c
        for c in dict.fromkeys(text)
        if not c.isspace() and not any(face.get_char_index(ord(c)) for face in faces)
    )
