"""HTML + the CSS and JS a page links stay under 100 KB, on the demo data and on a wide directory."""

import pytest
from django_countries import countries

from members.models import Member

from .demo_snapshot import load_demo
from .factories import MemberFactory
from .page_budget import BUDGET, page_weight

PAGES = [
    "/",
    "/clusters/",
    "/clusters/transport/",
    "/members/",
    "/members/?country=BR&country=CL",
    "/members/sao-paulo/",
    "/members/buenos-aires/",
]


def weigh(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return page_weight(response)


@pytest.mark.django_db
def test_each_page_with_its_css_and_js_weighs_under_100_kb_on_the_demo_data(client):
    load_demo()

    weights = {url: weigh(client, url) for url in PAGES}

    assert all(weight > 5_000 for weight in weights.values()), weights  # the pages and the CSS were counted
    heavy = {url: weight for url, weight in weights.items() if weight >= BUDGET}
    assert heavy == {}, weights


@pytest.mark.django_db
def test_the_directory_stays_under_100_kb_with_members_in_a_hundred_and_fifty_countries(client):
    for i, (code, _name) in enumerate(list(countries)[:150]):
        MemberFactory(name=f"Member with a fairly long organisation name {i:03d}", country=code, locality=f"Town {i}")
    assert Member.objects.values("country").distinct().count() == 150

    assert weigh(client, "/members/") < BUDGET
