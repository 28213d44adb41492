"""The words written on a share image's chart (charts/share.py), as the reader's chart has them.

What is written is what charts/config.py gives static/js/charts/labels.js (its
`marks`: bar values, names at the lines' ends, text notes with the height they
point at, from charts/annotations.py); here matplotlib draws them:

- bar values at each bar's end, in the chart's number format without its word
  unit (as the tooltip writes the number), left out when more than
  `SHARE_VALUE_BARS` bars would crowd them;
- each line's name at its last point in its colour, nudged apart so no two
  overlap, instead of the legend;
- text notes wrapped, with an arrow to their point, or over a shaded period.

Small multiples (charts/share.py) write each panel's marks, as the page's panels
do, in smaller type; a panel's bar values only where they fit side by side.
"""

import bisect
import math
import textwrap

SHARE_VALUE_BARS = 15
NOTE_WIDTH = 22  # characters in a note's line
NAME_WIDTH = 18  # characters of a line's name at its end
NAME_GAP = 15  # points between two names' middles (12-point text)
DIGIT_WIDTH = 0.62  # a digit's width in DejaVu Sans, in ems


def bar_values(axes, bars, fmt, *, horizontal, colour, fontsize=11) -> None:
    """Each bar's value at its end; `bars` are (position, value) pairs as drawn."""
    shown = [(p, v) for p, v in bars if not math.isnan(v)]
    if not shown or len(shown) > SHARE_VALUE_BARS:
        return
    if not horizontal and not _fits(axes, [fmt.cell(v) for _, v in shown], fontsize):
        return  # side by side, the numbers would run into each other (a small panel's)
    for position, value in shown:
        below = value < 0
        if horizontal:
            xy, offset = (value, position), (-4 if below else 4, 0)
            align = {"ha": "right" if below else "left", "va": "center"}
        else:
            xy, offset = (position, value), (0, -3 if below else 3)
            align = {"ha": "center", "va": "top" if below else "bottom"}
        axes.annotate(
            fmt.cell(value),
            xy,
            xytext=offset,
            textcoords="offset points",
            color=colour,
            fontsize=fontsize,
            **align,
        )
    axes.margins(**{"x" if horizontal else "y": 0.12})  # room for the numbers at the ends


def _fits(axes, texts, fontsize) -> bool:
    """Whether the widest text fits a bar's share of the axes' width, side by side."""
    width = axes.get_position().width * axes.figure.get_figwidth() * axes.figure.dpi
    widest = max(len(text) for text in texts) * fontsize * DIGIT_WIDTH * axes.figure.dpi / 72
    return widest <= width / len(texts)


def line_ends(axes, series, colours, *, positions=None, fontsize=12, width=NAME_WIDTH) -> None:
    """Each line's name right of its last point, in its colour, kept apart from the others.

    `positions`: where the values sit along the bottom, when not at 0, 1, 2…
    """
    ends = []
    for (name, values), colour in zip(series, colours, strict=True):
        last = next((i for i in range(len(values) - 1, -1, -1) if not math.isnan(values[i])), None)
        if last is not None:
            ends.append(
                (last if positions is None else positions[last], values[last], name, colour)
            )
    if not ends:
        return
    axes.get_ylim()  # the limits as drawn, before reading positions on the page
    points_per_pixel = 72 / axes.figure.dpi
    heights = [axes.transData.transform((x, y))[1] * points_per_pixel for x, y, *_ in ends]
    gap = NAME_GAP * fontsize / 12
    for (x, y, name, colour), height, nudged in zip(
        ends, heights, _apart(heights, gap), strict=True
    ):
        axes.annotate(
            textwrap.shorten(name, width, placeholder="…"),
            (x, y),
            xytext=(8, nudged - height),
            textcoords="offset points",
            color=colour,
            fontsize=fontsize,
            fontweight="bold",
            va="center",
            annotation_clip=False,
        )


def _apart(heights: list[float], gap: float) -> list[float]:
    """The heights moved little so that any two are `gap` apart, their order kept."""
    order = sorted(range(len(heights)), key=heights.__getitem__)
    wanted = [heights[i] for i in order]
    placed = _pushed_up(wanted, gap)
    # Each group that had to be pushed, centred on the points it names (not drifting up).
    start = 0
    for n in range(1, len(placed) + 1):
        if n == len(placed) or placed[n] - placed[n - 1] > gap + 1e-9:
            shift = (sum(placed[start:n]) - sum(wanted[start:n])) / (n - start)
            placed[start:n] = [p - shift for p in placed[start:n]]
            start = n
    placed = _pushed_up(placed, gap)
    result = [0.0] * len(heights)
    for n, i in enumerate(order):
        result[i] = placed[n]
    return result


def _pushed_up(heights: list[float], gap: float) -> list[float]:
    placed = list(heights)
    for n in range(1, len(placed)):
        placed[n] = max(placed[n], placed[n - 1] + gap)
    return placed


def text_notes(axes, notes, labels, *, horizontal, muted, shade, fontsize=11) -> None:
    """Each note's words: an arrow to its point, or over its period, shaded."""
    look = {"muted": muted, "fontsize": fontsize}
    for note in notes:
        at = _position(note["at"], labels)
        if at is None:
            continue
        words = textwrap.fill(str(note["text"]), NOTE_WIDTH)
        if note["until"] is not None:
            until = _position(note["until"], labels)
            if until is not None:
                _period(axes, words, at, until, horizontal=horizontal, shade=shade, **look)
            continue
        _pointed(axes, words, at, note["value"], horizontal=horizontal, **look)


def _period(axes, words, start, end, *, horizontal, muted, shade, fontsize):
    low, high = sorted((start, end))
    span = axes.axhspan if horizontal else axes.axvspan
    span(low - 0.5, high + 0.5, color=shade, zorder=0)
    middle = (low + high) / 2
    if horizontal:
        place = {"xy": (0.99, middle), "xycoords": ("axes fraction", "data"), "ha": "right"}
        place["va"] = "center"
    else:
        place = {"xy": (middle, 0.98), "xycoords": ("data", "axes fraction"), "ha": "center"}
        place["va"] = "top"
    axes.annotate(words, color=muted, fontsize=fontsize, **place)


def _pointed(axes, words, at, value, *, horizontal, muted, fontsize):
    low, high = axes.get_xlim() if horizontal else axes.get_ylim()
    if value is None:
        value = low  # a date the data lacks: the arrow points at the axis
    share = (value - low) / ((high - low) or 1)
    arrow = {"arrowstyle": "-", "color": muted, "linewidth": 1, "shrinkA": 2, "shrinkB": 4}
    if horizontal:
        xy = (value, at)
        offset = (-40, 0) if share > 0.6 else (40, 0)
        align = {"ha": "right" if share > 0.6 else "left", "va": "center"}
    else:
        xy = (at, value)
        first, last = axes.get_xlim()
        along = (at - first) / ((last - first) or 1)
        ha = "right" if along > 0.75 else "left" if along < 0.25 else "center"
        # 45 points from its point, less on a small panel (small multiples), where the words
        # go to the side with more room: they stay on their own panel.
        tall = axes.get_window_extent().height * 72 / axes.figure.dpi
        roomy = 0.4 * tall >= 45
        reach = 45 if roomy else 0.4 * tall
        below = share > (0.6 if roomy else 0.5)
        offset = (0, -reach) if below else (0, reach)
        align = {"ha": ha, "va": "top" if below else "bottom"}
    axes.annotate(
        words,
        xy,
        xytext=offset,
        textcoords="offset points",
        color=muted,
        fontsize=fontsize,
        arrowprops=arrow,
        **align,
    )


def _position(value, labels: list[str]) -> float | None:
    """Where a label sits on the category axis; between two labels (dates in order), halfway."""
    text = "" if value is None else str(value)
    if text in labels:
        return float(labels.index(text))
    if labels != sorted(labels):
        return None
    after = bisect.bisect(labels, text)
    return after - 0.5 if 0 < after < len(labels) else None
