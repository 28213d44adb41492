"""Share images draw Chinese, Japanese and Hindi compact numbers as characters, not boxes."""

import warnings

import pytest

from articles.share import render_share_image
from charts.models import NumberFormat
from chartweek import fonts
from tests.factories import make_article, make_chart, make_dataset

pytestmark = pytest.mark.django_db

# matplotlib warns for each glyph no font in the list has: the glyph is drawn as a box.
TOFU = r"Glyph \d+ .* missing from font"


def compact_chart_article(locale):
    chart = make_chart(
        dataset=make_dataset(content=b"year,n\n2021,2000000\n2022,3500000\n2023,6000000\n"),
        label_column="year",
        value_columns=["n"],
        number_format=NumberFormat.COMPACT,
        locale=locale,
        title="每周图表",
    )
    return make_article(charts=[chart], title="中国的数据 / 日本のデータ")


@pytest.mark.parametrize("locale", ["zh-CN", "ja-JP", "hi-IN"])
def test_cjk_share_image_draws_every_glyph(locale):
    article = compact_chart_article(locale)
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=TOFU)
        render_share_image(article=article)


def test_without_the_cjk_fallback_the_same_image_has_tofu(monkeypatch):
    article = compact_chart_article("zh-CN")
    monkeypatch.setattr(fonts, "families", lambda: ("DejaVu Sans",))
    with pytest.warns(UserWarning, match=TOFU):
        render_share_image(article=article)
