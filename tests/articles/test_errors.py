import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def test_404_page_is_in_the_sites_design(client):
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "<h1>We can’t find that page</h1>" in html
    assert 'class="site-header"' in html
    assert 'action="/search/"' in html
    assert html.count("<h1") == 1


def test_500_page_needs_no_database_and_no_request(settings):
    settings.SITE_NAME = "Datawoche"
    with CaptureQueriesContext(connection) as queries:
        html = render_to_string("500.html")  # as Django's handler renders it: no context
        response = server_error(RequestFactory().get("/"))
    assert len(queries) == 0
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert "Datawoche" in html
    assert "/static/css/site.css" in html


def test_an_unhandled_error_shows_the_500_page(settings):
    settings.ROOT_URLCONF = "tests.articles.broken_urls"
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
