"""Article bodies: Markdown in, sanitised HTML out, with charts placed between.

Editors write Markdown; markdown-it-py renders it (CommonMark plus tables) and
nh3 (the Ammonia sanitiser) keeps only the tags and attributes below, so no
script, style or event handler an editor types can reach a reader's browser.
"""

import re
from dataclasses import dataclass

import nh3
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": False, "typographer": True}).enable(
    ["table", "strikethrough", "replacements", "smartquotes"]
)
# A line of its own, such as "[chart 2]", places the article's second chart there.
_CHART_MARKER = re.compile(r"^\[chart (\d+)\]\s*$", re.MULTILINE | re.IGNORECASE)

ALLOWED_TAGS = {
    "p",
    "a",
    "em",
    "strong",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "hr",
    "br",
    "del",
    "sup",
    "sub",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}, "ol": {"start"}}


def render_markdown(text: str) -> str:
    html = _markdown.render(text)
    return mark_safe(  # noqa: S308 (nh3 has just sanitised it)
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer",
        )
    )


@dataclass(frozen=True)
class Block:
    html: str = ""
    chart: object = None


def render_blocks(text: str, charts: list) -> list[Block]:
    """Split the body at chart markers; unplaced charts follow the text in order."""
    blocks, placed, start = [], set(), 0
    for match in _CHART_MARKER.finditer(text):
        number = int(match.group(1))
        if not 1 <= number <= len(charts) or number in placed:
            continue  # an unknown or repeated marker is dropped below, not shown raw
        blocks.append(Block(html=_render_segment(text[start : match.start()])))
        blocks.append(Block(chart=charts[number - 1]))
        placed.add(number)
        start = match.end()
    blocks.append(Block(html=_render_segment(text[start:])))
    blocks.extend(Block(chart=c) for n, c in enumerate(charts, 1) if n not in placed)
    return [b for b in blocks if b.chart is not None or b.html.strip()]


def _render_segment(text: str) -> str:
    return render_markdown(_CHART_MARKER.sub("", text))
