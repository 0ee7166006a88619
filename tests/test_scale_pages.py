"""Lists at scale: deep pages are capped, and the lists run the same queries at any generated size."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import paging
from members.models import Member, Membership
from news.models import Article

from .demo_snapshot import load_demo
from .factories import CategoryFactory, ClusterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(db):
    ClusterFactory.create_batch(3)
    CategoryFactory.create_batch(2)


def generate(members, news, events, solutions=0):
    call_command(
        "generate_scale_data", members=members, news=news, events=events, solutions=solutions, seed=3, verbosity=0
    )


@pytest.fixture
def small_cap(monkeypatch):
    monkeypatch.setattr(paging, "MAX_PAGES", 2)


def test_a_directory_page_past_the_cap_shows_the_last_browsable_page_and_says_why(client, catalogue, small_cap):
    generate(members=200, news=0, events=0)
    response = client.get("/members/?page=7")
    assert response.status_code == 200
    assert "Only the first 2 pages can be browsed" in response.text
    assert response.context["page_obj"].number == response.context["page_obj"].paginator.num_pages == 2


def test_the_directory_still_counts_every_member_when_pages_are_capped(client, catalogue, small_cap):
    generate(members=200, news=0, events=0)
    response = client.get("/members/")
    assert response.context["result_count"] == Member.objects.published().count() > 2 * 24


def test_a_news_page_past_the_cap_shows_the_last_browsable_page_and_says_why(client, catalogue, small_cap):
    generate(members=0, news=100, events=0)
    assert Article.objects.published().count() > 2 * 12
    response = client.get("/news/?page=5")
    assert response.status_code == 200
    assert "Only the first 2 pages can be browsed" in response.text
    assert response.context["page_obj"].number == 2


def test_a_page_past_the_end_of_a_short_list_keeps_its_own_notice(client, catalogue, small_cap):
    generate(members=10, news=0, events=0)
    response = client.get("/members/?page=7")
    assert "There is no page 7" in response.text
    assert "can be browsed" not in response.text


# The home and cluster pages are counted at two sizes in test_home.py and test_cluster_pages.py, on
# data where both sizes have upcoming events (here the smaller size may have none to draw).
PAGES = [
    "/members/santiago-metropolitan-regional-government/",
    "/members/",
    "/members/?cluster=transport",
    "/members/?country=BR&kind=city",
    "/members/?page=2",
    "/news/",
    "/news/?year=2024",
    "/news/?page=2",
    "/events/",
    "/events/?when=past",
    "/solutions/",
    "/solutions/?sdg=11&status=ongoing",
    "/solutions/?page=2",
    "/solutions/santiago-low-carbon-transport-pilot/",
]


def queries_for(client, url):
    cache.clear()  # drawn as right after a change
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_lists_run_the_same_number_of_queries_at_two_generated_sizes(client):
    """Every list page at once: generating the data is what costs, not asking for the pages."""
    load_demo()
    generate(members=30, news=30, events=10, solutions=30)
    small = {url: queries_for(client, url) for url in PAGES}
    call_command(
        "generate_scale_data", members=300, news=300, events=100, solutions=300, seed=3, clear=True, verbosity=0
    )
    large = {url: queries_for(client, url) for url in PAGES}
    assert large == small, {url: (small[url], large[url]) for url in PAGES if small[url] != large[url]}


def test_the_news_year_options_are_the_years_of_published_articles_only(catalogue):
    generate(members=0, news=150, events=0)
    published = Article.objects.published()
    expected = sorted({article.published_at.year for article in published}, reverse=True)
    assert Article.objects.published_years() == expected
    hidden_years = {a.published_at.year for a in Article.objects.exclude(pk__in=published.values("pk"))}
    assert hidden_years - set(expected), "the generated data should have drafts or future items in other years"


def test_the_directory_map_counts_each_member_once_when_filtered_by_two_clusters(client, catalogue):
    generate(members=120, news=0, events=0)
    clusters = list(Membership.objects.values_list("cluster__slug", flat=True).distinct()[:2])
    response = client.get("/members/?" + "&".join(f"cluster={slug}" for slug in clusters))
    listed = Member.objects.published().filter(memberships__cluster__slug__in=clusters).distinct().count()
    assert sum(response.context["members_map"].counts.values()) == listed == response.context["result_count"]
