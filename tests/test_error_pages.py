"""The 404 and 500 pages: in the site's style, and the 500 page without the database."""

import pytest
from django.db import connection
from django.test import RequestFactory

from core.views import server_error

from .page_budget import BUDGET, page_weight


@pytest.mark.django_db
def test_an_unknown_address_gets_the_sites_404_page_with_ways_onward(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.text
    assert 'href="/static/css/site.css"' in response.text
    assert '<a href="/news/">News</a>' in response.text
    assert '<meta name="robots" content="noindex">' in response.text
    assert page_weight(response) < BUDGET


def refuse_queries(execute, sql, params, many, context):
    raise AssertionError(f"the 500 page ran a query: {sql}")


def test_the_500_page_renders_in_the_sites_style_without_touching_the_database():
    request = RequestFactory().get("/broken/")

    with connection.execute_wrapper(refuse_queries):
        response = server_error(request)

    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Something went wrong</h1>" in html
    assert 'href="/static/css/site.css"' in html
    assert '<main id="content"' in html
