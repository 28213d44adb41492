import io
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles.models import Article
from articles.share import refresh_share_image, render_share_image
from charts.models import ChartType, NumberFormat
from tests.factories import make_article, make_chart, make_dataset

pytestmark = pytest.mark.django_db

SERIES = b"year,alpha,beta\n2021,10,2000000\n2022,,3500000\n2023,14,6000000\n"


def picture(png):
    image = Image.open(io.BytesIO(png))
    return image.format, image.size


@pytest.mark.parametrize(
    ("chart_type", "values", "extra"),
    [
        (ChartType.BAR, ["beta"], {"log_scale": True, "number_format": NumberFormat.CURRENCY}),
        (ChartType.HORIZONTAL_BAR, ["beta"], {"number_format": NumberFormat.COMPACT}),
        (ChartType.LINE, ["alpha", "beta"], {"number_format": NumberFormat.PLAIN}),
        (ChartType.DOUGHNUT, ["alpha"], {"number_format": NumberFormat.PERCENT}),
    ],
)
def test_every_chart_type_draws_a_1200_by_630_png(chart_type, values, extra):
    dataset = make_dataset(content=SERIES)
    chart = make_chart(
        dataset=dataset, chart_type=chart_type, label_column="year", value_columns=values, **extra
    )
    article = make_article(charts=[chart], title="A very long headline " * 6)
    assert picture(render_share_image(article=article)) == ("PNG", (1200, 630))


def test_an_article_without_a_chart_gets_a_headline_card():
    assert picture(render_share_image(article=make_article())) == ("PNG", (1200, 630))


def test_refresh_stores_the_image_keeps_updated_at_and_skips_an_unchanged_one():
    article = make_article(charts=[make_chart()])
    updated = article.updated_at
    assert refresh_share_image(article=article) is True
    first = article.share_image.name
    assert first.startswith("share/")
    assert default_storage.exists(first)
    assert Article.objects.get(pk=article.pk).updated_at == updated
    assert refresh_share_image(article=article) is False
    assert article.share_image.name == first


def test_a_new_image_replaces_the_old_file(django_capture_on_commit_callbacks):
    article = make_article(charts=[make_chart()])
    refresh_share_image(article=article)
    old = article.share_image.name
    article.title = "A new headline"
    with django_capture_on_commit_callbacks(execute=True):
        assert refresh_share_image(article=article) is True
    assert article.share_image.name != old
    assert not default_storage.exists(old)


def test_share_image_is_served_for_a_published_article(client):
    article = make_article(charts=[make_chart()])
    refresh_share_image(article=article)
    response = client.get(reverse("articles:share-image", args=[article.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "public" in response["Cache-Control"]
    assert picture(b"".join(response.streaming_content))[1] == (1200, 630)


@pytest.mark.parametrize(
    "unpublished", [{"published": False}, {"published_at": timezone.now() + timedelta(days=1)}]
)
def test_share_image_of_a_draft_or_scheduled_article_never_leaks(editor_client, unpublished):
    article = make_article(charts=[make_chart()], **unpublished)
    refresh_share_image(article=article)
    url = reverse("articles:share-image", args=[article.slug])
    assert Client().get(url).status_code == 404
    html = Client().get(reverse("articles:home")).content.decode()
    assert article.share_image.name not in html
    preview = editor_client.get(url)  # an editor may look before publishing
    assert preview.status_code == 200
    assert "no-store" in preview["Cache-Control"]


def test_no_image_yet_is_404(client):
    article = make_article()
    assert client.get(reverse("articles:share-image", args=[article.slug])).status_code == 404


def test_article_page_has_share_card_tags_and_plain_share_links(client, settings):
    settings.SITE_URL = "https://charts.example.org"
    chart = make_chart(alt_text="Bars: the US leads.")
    article = make_article(charts=[chart], slug="trade")
    refresh_share_image(article=article)
    html = client.get(article.get_absolute_url()).content.decode()
    image = "https://charts.example.org" + article.get_share_image_url()
    assert '<link rel="canonical" href="https://charts.example.org/articles/trade/">' in html
    assert f'<meta property="og:image" content="{image.replace("&", "&amp;")}">' in html
    assert '<meta property="og:image:alt" content="Bars: the US leads.">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert '<meta property="og:url" content="https://charts.example.org/articles/trade/">' in html
    encoded = "https%3A%2F%2Fcharts.example.org%2Farticles%2Ftrade%2F"
    assert f"https://www.linkedin.com/sharing/share-offsite/?url={encoded}" in html
    assert 'data-copy-link="https://charts.example.org/articles/trade/"' in html


def test_editor_text_is_escaped_in_social_tags(client):
    payload = "\"><script>alert('x')</script>"
    article = make_article(title=payload, standfirst=payload)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert '<meta property="og:title" content="&quot;&gt;&lt;script&gt;' in html


@pytest.fixture
def drawn_text(monkeypatch):
    """Every text the card draws, with whether matplotlib read it as maths."""
    from matplotlib.text import Text

    drawn, draw = [], Text.draw

    def spy(self, renderer):
        text = self.get_text()
        if text:
            drawn.append((text, self._preprocess_math(text)[1]))
        return draw(self, renderer)

    monkeypatch.setattr(Text, "draw", spy)
    return drawn


def test_dollar_signs_in_a_headline_and_labels_are_drawn_as_written(drawn_text):
    dataset = make_dataset(content=b"deal,value\n$1bn to $2bn,3\n$5bn,4\n")
    chart = make_chart(dataset=dataset, title="From $1bn to $2bn")
    article = make_article(charts=[chart], title="How $1bn became $2bn")
    render_share_image(article=article)
    texts = dict(drawn_text)
    assert texts["How $1bn became $2bn"] is False
    assert texts["From $1bn to $2bn"] is False
    assert texts["$1bn to $2bn"] is False  # a category label from the data
    assert not any(is_maths for _, is_maths in drawn_text)


def test_a_headline_that_is_not_valid_maths_still_makes_a_card():
    article = make_article(charts=[make_chart()], title=r"Costs: $\frac{ and $x^ rose")
    assert picture(render_share_image(article=article)) == ("PNG", (1200, 630))
