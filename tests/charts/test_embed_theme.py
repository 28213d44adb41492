"""The embed's theme comes from its address: light, dark, or the reader's setting."""

import pytest
from django.urls import reverse

from tests.factories import make_article, make_chart

pytestmark = pytest.mark.django_db

DARK_SHEET = "/static/css/dark.css"


def embed(client, chart, query=""):
    response = client.get(reverse("charts:embed", args=[chart.pk]) + query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("query", "theme_attr", "scheme", "dark_link"),
    [
        ("", None, "light dark", 'media="(prefers-color-scheme: dark)"'),
        ("?theme=auto", None, "light dark", 'media="(prefers-color-scheme: dark)"'),
        ("?theme=light", 'data-theme="light"', "light", None),
        ("?theme=dark", 'data-theme="dark"', "dark", ""),
        # Anything else follows the reader, escaped nowhere because it is never echoed.
        ('?theme="><script>x</script>', None, "light dark", 'media="(prefers-color-scheme'),
        ("?theme=DARK", None, "light dark", 'media="(prefers-color-scheme'),
    ],
)
def test_embed_theme_from_the_address(client, query, theme_attr, scheme, dark_link):
    chart = make_chart()
    make_article(charts=[chart])
    html = embed(client, chart, query)
    head = html[: html.index("</head>")]
    if theme_attr:
        assert theme_attr in head
    else:
        assert "data-theme" not in head
    assert f'<meta name="color-scheme" content="{scheme}">' in head
    links = [line for line in head.splitlines() if "dark" in line and "<link" in line]
    if dark_link is None:
        assert links == []  # light for good: the dark colours are not even loaded
    else:
        (link,) = links
        assert DARK_SHEET in link
        assert dark_link in link
    assert "<script>x</script>" not in html
