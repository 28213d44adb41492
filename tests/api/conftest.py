import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import make_article, make_chart, make_dataset, make_editor, make_user


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    """Throttle counters and cached schema facts never leak from one test to the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    return APIClient()


def token_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def staff_api(db):
    """A token of a staff editor with every permission on datasets and articles."""
    return token_client(make_editor(username="api-editor"))


@pytest.fixture
def outsider_api(db):
    """A valid token of a user with no permissions (not staff)."""
    return token_client(make_user(username="api-outsider"))


@pytest.fixture
def published(db):
    """A dataset in a published article, with its chart and the article."""
    dataset = make_dataset(
        content=b"country,year,papers,share\nChina,2021,9660,0.5\nIndia,2020,1200,0.1\n"
        b"Chile,2019,,0.2\n",
        title="AI papers by country",
        description="Papers with authors in each country.",
        source_name="Stanford HAI",
        slug="ai-papers",
    )
    chart = make_chart(dataset=dataset, label_column="country", value_columns=["papers"])
    article = make_article(charts=[chart], slug="ai-story")
    return dataset, chart, article


@pytest.fixture
def table(request, db):
    """The test module's TABLE (CSV bytes, with `country` and `papers` columns) as the
    dataset "table", drawn in a published article. A module may define its own."""
    dataset = make_dataset(content=request.module.TABLE, slug="table")
    make_article(
        charts=[make_chart(dataset=dataset, label_column="country", value_columns=["papers"])]
    )
    return dataset
