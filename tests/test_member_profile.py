"""The member profile: description, facts, clusters, website, related news and hosted events."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django_countries import countries

from core.publishing import Status

from .factories import ArticleFactory, ClusterFactory, EventFactory, MemberFactory, MembershipFactory
from .queries import SCHEDULE
from .site_data import build_site

NOW = timezone.now()


def section(response, heading_id):
    match = re.search(rf'<section[^>]*aria-labelledby="{heading_id}".*?</section>', response.text, re.S)
    return match.group(0) if match else ""


@pytest.fixture
def baguio(db):
    return MemberFactory(
        name="Baguio",
        slug="baguio",
        country="PH",
        locality="Baguio",
        description="The City of Pines.\n\nA UNESCO Creative City.",
        population=366358,
        population_year=2020,
        area_km2="57.49",
        latitude="16.411999",
        longitude="120.598340",
        website="https://www.baguio.gov.ph/",
        contact_email="private@example.org",
    )


@pytest.mark.django_db
def test_a_draft_future_or_unknown_member_is_a_404(client, db):
    draft = MemberFactory(status=Status.DRAFT)
    future = MemberFactory(published_at=NOW + dt.timedelta(days=1))

    assert client.get(f"/members/{draft.slug}/").status_code == 404
    assert client.get(f"/members/{future.slug}/").status_code == 404
    assert client.get("/members/nobody/").status_code == 404


@pytest.mark.django_db
def test_the_profile_shows_the_description_in_paragraphs(client, baguio):
    response = client.get("/members/baguio/")

    assert "<h1>Baguio</h1>" in response.text
    assert "<p>The City of Pines.</p>" in response.text
    assert "<p>A UNESCO Creative City.</p>" in response.text
    assert "Baguio, Philippines" in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "zh-hans", "en"])
def test_a_locality_that_names_its_country_in_english_does_not_name_it_again(client, language):
    MemberFactory(slug="baguio-city", name="Baguio", country="PH", locality="Baguio, the Philippines")
    prefix = "" if language == "en" else f"/{language}"

    profile = client.get(f"{prefix}/members/baguio-city/").text
    directory = client.get(f"{prefix}/members/").text

    with translation.override(language):
        local_name = str(countries.name("PH"))
    for html in (profile, directory):
        assert "Baguio, the Philippines" in html
        assert f"Baguio, the Philippines</span>, {local_name}" not in html
        assert f"Baguio, the Philippines, {local_name}" not in html


@pytest.mark.django_db
def test_the_facts_give_population_with_year_area_coordinates_and_website(client, baguio):
    response = client.get("/members/baguio/")
    facts = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section_facts(response)))

    assert "Population 366,358 (in 2020)" in facts
    assert "Area 57.49 km²" in facts
    assert "Coordinates 16.412° N, 120.5983° E" in facts
    assert "Country Philippines" in facts
    assert 'href="https://www.baguio.gov.ph/"' in response.text
    assert 'href="/members/?country=PH"' in response.text
    assert "private@example.org" not in response.text


def section_facts(response):
    return re.search(r'<dl class="facts">.*?</dl>', response.text, re.S).group(0)


@pytest.mark.django_db
def test_missing_facts_are_left_out(client, db):
    member = MemberFactory(name="Small town", population=None, area_km2=None, website="")

    facts = section_facts(client.get(f"/members/{member.slug}/"))

    for label in ("Population", "Area", "Coordinates", "Website"):
        assert f"<dt>{label}</dt>" not in facts


@pytest.mark.django_db
def test_only_published_clusters_are_listed(client, baguio):
    MembershipFactory(member=baguio, cluster=ClusterFactory(name="Sustainable Tourism", short_name="Tourism"))
    MembershipFactory(member=baguio, cluster=ClusterFactory(name="Secret Cluster", status=Status.DRAFT))

    response = client.get("/members/baguio/")

    assert "Sustainable Tourism" in response.text
    assert "Secret Cluster" not in response.text


@pytest.mark.django_db
def test_related_news_are_the_published_articles_naming_the_member(client, baguio):
    hidden = ClusterFactory(short_name="Hiddenclu", status=Status.DRAFT)
    for day in range(1, 6):
        article = ArticleFactory(title=f"Story {day}", published_at=NOW - dt.timedelta(days=day))
        article.related_members.set([baguio])
        article.clusters.set([hidden])
    ArticleFactory(title="Draft story", status=Status.DRAFT).related_members.set([baguio])
    ArticleFactory(title="Unrelated story")

    response = client.get("/members/baguio/")

    assert re.findall(r">(Story \d)<", section(response, "news-title")) == ["Story 1", "Story 2", "Story 3", "Story 4"]
    for absent in ("Draft story", "Unrelated story", "Hiddenclu"):
        assert absent not in response.text


@pytest.mark.django_db
def test_hosted_events_are_published_ones_upcoming_first(client, baguio):
    past = EventFactory(title="Past event", starts_at=NOW - dt.timedelta(days=9), ends_at=NOW - dt.timedelta(days=9))
    soon = EventFactory(title="Soon event")
    draft = EventFactory(title="Draft event", status=Status.DRAFT)
    for event in (past, soon, draft):
        event.hosts.set([baguio])
    EventFactory(title="Other event")

    response = client.get("/members/baguio/")

    assert re.findall(r">(\w+ event)<", section(response, "events-title")) == ["Soon event", "Past event"]
    assert "Draft event" not in response.text
    assert "Other event" not in response.text


@pytest.mark.django_db
def test_the_profile_has_title_description_canonical_and_open_graph(client, baguio):
    response = client.get("/members/baguio/")

    assert "<title>Baguio · South-South Cities Portal</title>" in response.text
    assert '<meta name="description" content="The City of Pines.' in response.text
    assert '<link rel="canonical" href="http://127.0.0.1:8000/members/baguio/">' in response.text
    assert '<meta property="og:type" content="profile">' in response.text


@pytest.mark.django_db
def test_a_one_line_summary_shows_under_the_locality_and_is_the_description_for_search_engines(client, baguio):
    baguio.summary = "Hub of the Cordillera region."
    baguio.save()

    response = client.get("/members/baguio/")

    assert '<p class="profile__summary">Hub of the Cordillera region.</p>' in section_of_header(response)
    assert '<meta name="description" content="Hub of the Cordillera region.">' in response.text


def section_of_header(response):
    return re.search(r'<header class="page-header profile__header">.*?</header>', response.text, re.S).group(0)


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 30])
def test_the_profile_runs_the_same_few_queries_at_any_size(client, django_assert_num_queries, size):
    members = build_site(size)["members"]

    # With the clusters of two runs of event cards, and the good practices it leads or joins.
    with django_assert_num_queries(13 + SCHEDULE):
        response = client.get(members[0].get_absolute_url())

    assert response.status_code == 200
    assert len(response.context["articles"]) == min(size, 4)


def _cluster_queries(captured):
    """The queries reading clusters, not the schedule's (core.page_cache)."""
    return [query["sql"] for query in captured if '"clusters_cluster"' in query["sql"] and "MIN(" not in query["sql"]]


@pytest.mark.django_db
def test_the_profile_reads_only_the_names_of_its_clusters_in_every_language(client, baguio):
    cluster = ClusterFactory(name="Sustainable Transport", short_name="Transport", intro="Buses and bicycles.")
    cluster.name_fr, cluster.short_name_fr = "Transport durable", "Transports"
    cluster.save()
    MembershipFactory(member=baguio, cluster=cluster)
    counts = {}
    for prefix in ("", "/fr", "/es"):
        cache.clear()  # each drawn as right after a change
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"{prefix}/members/baguio/")
        counts[prefix] = len(captured)
        (memberships,) = _cluster_queries(captured)
        assert '"clusters_cluster"."name_fr"' in memberships
        assert '"clusters_cluster"."description' not in memberships
        assert '"clusters_cluster"."intro' not in memberships
        shown = "Transport durable" if prefix == "/fr" else "Sustainable Transport"
        assert f">{shown}</a>" in response.text
    # A translation read lazily would cost one more query per field in every other language.
    assert counts["/fr"] == counts["/es"] == counts[""]
