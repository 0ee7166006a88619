"""The home page: figures, clusters, the latest news and the events."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.publishing import Status

from .factories import ArticleFactory, CategoryFactory, ClusterFactory, EventFactory, MemberFactory, MembershipFactory
from .queries import SCHEDULE
from .site_data import build_site

NOW = timezone.now()


def section(response, heading_id):
    match = re.search(rf'<section[^>]*aria-labelledby="{heading_id}".*?</section>', response.text, re.S)
    return match.group(0) if match else ""


@pytest.mark.django_db
def test_the_figures_count_published_members_their_countries_and_active_clusters(client, db):
    ClusterFactory()
    ClusterFactory()
    ClusterFactory(is_active=False)
    ClusterFactory(status=Status.DRAFT)
    MemberFactory(country="BR")
    MemberFactory(country="BR")
    MemberFactory(country="CL")
    MemberFactory(country="GH", status=Status.DRAFT)
    MemberFactory(country="CN", published_at=NOW + dt.timedelta(days=1))

    response = client.get("/")

    assert response.context["counts"] == {"members": 3, "countries": 2, "events": 0, "clusters": 2}
    stats = re.search(r'<ul class="stats".*?</ul>', response.text, re.S).group(0)
    assert re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", stats)).split() == [
        "3",
        "members",
        "2",
        "countries",
        "2",
        "clusters",
        "0",
        "events",
    ]


@pytest.mark.django_db
def test_the_active_clusters_are_listed_in_order_with_their_member_counts(client, db):
    waste = ClusterFactory(name="Waste Management", order=2)
    transport = ClusterFactory(name="Transport and Air", order=1)
    ClusterFactory(name="Dormant cluster", is_active=False)
    ClusterFactory(name="Draft cluster", status=Status.DRAFT)
    MembershipFactory(cluster=transport)
    MembershipFactory(cluster=transport, member=MemberFactory(status=Status.DRAFT))
    MembershipFactory(cluster=waste)
    MembershipFactory(cluster=waste)

    response = client.get("/")
    clusters = section(response, "clusters-title")

    assert re.findall(r'<a href="/clusters/[^"]+/">([^<]+)</a>', clusters) == ["Transport and Air", "Waste Management"]
    assert "1 member<" in clusters
    assert "2 members<" in clusters
    assert "Dormant cluster" not in response.text
    assert "Draft cluster" not in response.text


@pytest.mark.django_db
def test_one_query_reads_the_clusters_for_the_cards_and_for_the_events_chart(client, db):
    transport = ClusterFactory(name="Transport and Air", short_name="Transport")
    dormant = ClusterFactory(name="Dormant cluster", short_name="Dormant", is_active=False)
    EventFactory(starts_at=NOW - dt.timedelta(days=30)).clusters.set([transport, dormant])

    with CaptureQueriesContext(connection) as captured:
        response = client.get("/")

    reads = [
        query
        for query in captured
        if 'FROM "clusters_cluster"' in query["sql"]
        and "MIN(" not in query["sql"]
        and "event_clusters" not in query["sql"]
    ]
    assert len(reads) == 1  # the others are the schedule's (core.page_cache) and the event cards' artwork
    assert re.findall(r'<a href="/clusters/[^"]+/">([^<]+)</a>', section(response, "clusters-title")) == [
        "Transport and Air"
    ]
    # The chart keeps every published cluster, an inactive one included, as before.
    assert [series.cluster.name for series in response.context["atlas"]["chart"].chart.series] == [
        "Transport and Air",
        "Dormant cluster",
    ]


@pytest.mark.django_db
def test_the_latest_four_published_articles_show_newest_first(client, db):
    draft_cluster = ClusterFactory(short_name="Secretclu", status=Status.DRAFT)
    CategoryFactory(slug="news", name="News")
    for day in range(1, 6):
        article = ArticleFactory(title=f"Story {day}", published_at=NOW - dt.timedelta(days=day))
        article.clusters.set([draft_cluster])
    ArticleFactory(title="Draft story", status=Status.DRAFT)
    ArticleFactory(title="Tomorrow story", published_at=NOW + dt.timedelta(days=1))

    response = client.get("/")

    assert re.findall(r">(Story \d)<", section(response, "news-title")) == ["Story 1", "Story 2", "Story 3", "Story 4"]
    for absent in ("Story 5", "Draft story", "Tomorrow story", "Secretclu"):
        assert absent not in response.text


@pytest.mark.django_db
def test_upcoming_events_come_soonest_first_and_recent_ones_follow(client, db):
    for days, title in ((20, "Far event"), (2, "Near event"), (9, "Mid event"), (40, "Fourth event")):
        EventFactory(title=title, starts_at=NOW + dt.timedelta(days=days), ends_at=NOW + dt.timedelta(days=days))
    EventFactory(title="Draft event", status=Status.DRAFT)
    EventFactory(title="Past event", starts_at=NOW - dt.timedelta(days=4), ends_at=NOW - dt.timedelta(days=4))

    response = client.get("/")

    assert re.findall(r">(\w+ event)<", section(response, "events-title")) == ["Near event", "Mid event", "Far event"]
    assert re.findall(r">(\w+ event)<", section(response, "recent-events-title")) == ["Past event"]
    assert "Draft event" not in response.text
    assert "Fourth event" not in response.text


@pytest.mark.django_db
def test_without_upcoming_events_the_home_page_says_so(client, db):
    response = client.get("/")

    assert "No events are scheduled just now." in response.text


@pytest.mark.django_db
def test_the_home_page_has_its_title_description_canonical_and_open_graph(client, db):
    response = client.get("/")

    assert "<title>South-South Cities Clusters · " in response.text
    assert '<meta name="description" content="0 cities, regions' in response.text
    assert '<link rel="canonical" href="http://127.0.0.1:8000/">' in response.text
    assert '<meta property="og:title" content="South-South Cities Clusters">' in response.text
    assert response.text.count("<h1") == 1


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 30])
def test_the_home_page_runs_the_same_few_queries_at_any_size(client, django_assert_num_queries, size):
    build_site(size)

    # With the clusters of the upcoming and recent event cards, and the latest good practices.
    with django_assert_num_queries(17 + SCHEDULE):
        response = client.get("/")

    assert response.status_code == 200
    assert response.context["counts"]["members"] == size
