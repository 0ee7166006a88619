"""The cluster list and the cluster page: what each block shows, and only what is published."""

import datetime as dt
import re

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from clusters.views import FEATURED_LIMIT
from core.publishing import Status
from core.templatetags.portal import duration_label
from demo import placeholders

from .demo_snapshot import load_demo
from .factories import (
    ArticleFactory,
    CategoryFactory,
    ClusterFactory,
    EventFactory,
    MemberFactory,
    MembershipFactory,
    RecordingFactory,
    RecordingLinkFactory,
)
from .queries import SCHEDULE
from .site_data import build_site

NOW = timezone.now()


@pytest.fixture
def transport(db):
    return ClusterFactory(
        slug="transport",
        name="Sustainable Transport & Air Quality",
        short_name="Transport",
        intro="Cleaner, safer transport for growing cities.",
        description="<p>Members compare <strong>electric buses</strong>.</p>",
        hero_caption="A zero-emission bus",
        hero_credit="Cities Project",
    )


def section(response, heading_id):
    """The HTML of the <section> labelled by `heading_id`."""
    match = re.search(rf'<section[^>]*aria-labelledby="{heading_id}".*?</section>', response.text, re.S)
    return match.group(0) if match else ""


# Cluster list -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_cluster_list_shows_published_clusters_with_their_published_member_counts(client, transport):
    ClusterFactory(name="Hidden cluster", status=Status.DRAFT)
    ClusterFactory(name="Old cluster", is_active=False)
    MembershipFactory(cluster=transport)
    MembershipFactory(cluster=transport)
    MembershipFactory(cluster=transport, member=MemberFactory(status=Status.DRAFT))

    response = client.get("/clusters/")

    assert response.status_code == 200
    assert "Sustainable Transport &amp; Air Quality" in response.text
    assert "2 members" in response.text
    assert "Hidden cluster" not in response.text
    assert "Old cluster" in response.text
    assert "No longer active" in response.text
    assert [cluster.name for cluster in response.context["clusters"]][-1] == "Old cluster"


# Cluster page -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_draft_or_unknown_cluster_is_a_404(client, db):
    draft = ClusterFactory(status=Status.DRAFT)

    assert client.get(f"/clusters/{draft.slug}/").status_code == 404
    assert client.get("/clusters/no-such-cluster/").status_code == 404


@pytest.mark.django_db
def test_the_cluster_page_shows_intro_description_and_meta(client, transport):
    response = client.get("/clusters/transport/")

    assert "<h1>Sustainable Transport &amp; Air Quality</h1>" in response.text
    assert "Cleaner, safer transport for growing cities." in response.text
    assert "<strong>electric buses</strong>" in response.text
    assert '<link rel="canonical" href="http://127.0.0.1:8000/clusters/transport/">' in response.text
    assert '<meta name="description" content="Cleaner, safer transport for growing cities.">' in response.text
    assert '<meta property="og:title" content="Sustainable Transport &amp; Air Quality">' in response.text


@pytest.mark.django_db
def test_the_hero_is_a_pair_of_variants_with_size_caption_and_credit(client, transport):
    transport.hero_image.save("transport.jpg", ContentFile(placeholders.photo("Transport")), save=True)

    response = client.get("/clusters/transport/")
    img = re.search(r'<figure class="hero">\s*<img ([^>]*)>', response.text).group(1)

    assert f'src="{transport.hero_large.url}"' in img
    assert f"{transport.hero_small.url} 640w, {transport.hero_large.url} 1200w" in img
    assert 'width="1200" height="500"' in img
    assert 'alt="A zero-emission bus"' in img
    assert "/media/clusters/" not in response.text  # never the uploaded original
    assert "<figcaption>A zero-emission bus" in response.text
    assert "Photo: <bdi>Cities Project</bdi>" in response.text  # isolated from the caption's direction
    assert f'<meta property="og:image" content="http://127.0.0.1:8000{transport.hero_large.url}">' in response.text


@pytest.mark.django_db
def test_featured_members_are_the_published_featured_ones_in_order(client, transport):
    second = MemberFactory(name="Santiago", country="CL", locality="Santiago")
    first = MemberFactory(name="Piquete", country="BR", locality="Piquete, Brazil")
    MembershipFactory(cluster=transport, member=second, order=2)
    MembershipFactory(cluster=transport, member=first, order=1)
    MembershipFactory(cluster=transport, member=MemberFactory(name="Not featured"), is_featured=False)
    MembershipFactory(cluster=transport, member=MemberFactory(name="Draft town", status=Status.DRAFT))
    MembershipFactory(member=MemberFactory(name="Elsewhere"))

    response = client.get("/clusters/transport/")
    featured = section(response, "featured-title")

    assert [member.name for member in response.context["featured_members"]] == ["Piquete", "Santiago"]
    assert '<a href="/members/' + first.slug + '/">Piquete</a>' in featured
    assert "Piquete, Brazil</p>" in featured  # the locality already names its country
    assert "Santiago, Chile</p>" in featured
    for absent in ("Not featured", "Draft town", "Elsewhere"):
        assert absent not in featured
    assert "Draft town" not in response.text
    assert "Elsewhere" not in response.text


@pytest.mark.django_db
def test_featured_member_cards_show_summary_kind_and_key_fact(client, transport):
    city = MemberFactory(
        name="Baguio",
        kind="city",
        summary="The City of Pines, hub of the Cordillera.",
        population=366358,
        population_year=2020,
    )
    agency = MemberFactory(
        name="UOCT",
        kind="agency",
        summary="Chile's traffic control agency.",
        key_fact="Coordinates traffic lights in nine regions",
        population=1000,  # the key fact, when given, comes first
    )
    bare = MemberFactory(name="Quiet Town", kind="district")
    for order, member in enumerate((city, agency, bare)):
        MembershipFactory(cluster=transport, member=member, order=order)

    featured = section(client.get("/clusters/transport/"), "featured-title")
    cards = re.findall(r'<li class="card member-card">.*?</li>', featured, re.S)

    assert '<p class="member-card__kind">City</p>' in cards[0]
    assert '<p class="member-card__summary">The City of Pines, hub of the Cordillera.</p>' in cards[0]
    assert '<p class="member-card__fact">Population 366,358 (in 2020)</p>' in cards[0]
    assert '<p class="member-card__kind">National agency</p>' in cards[1]
    assert '<p class="member-card__fact">Coordinates traffic lights in nine regions</p>' in cards[1]
    assert "1,000" not in cards[1]
    assert '<p class="member-card__kind">District or municipality</p>' in cards[2]
    assert "member-card__summary" not in cards[2]
    assert "member-card__fact" not in cards[2]


@pytest.mark.django_db
def test_a_card_shows_the_arabic_summary_and_key_fact_when_there_is_one_and_english_marked_otherwise(client, transport):
    translated = MemberFactory(
        name="Aswan", summary="A city on the Nile.", summary_ar="مدينة على النيل.", key_fact="Hosts a dam"
    )
    MembershipFactory(cluster=transport, member=translated, order=1)

    arabic = section(client.get("/ar/clusters/transport/"), "featured-title")
    english = section(client.get("/clusters/transport/"), "featured-title")

    assert '<p class="member-card__summary">مدينة على النيل.</p>' in arabic
    assert '<p class="member-card__fact" lang="en" dir="ltr">Hosts a dam</p>' in arabic
    assert '<p class="member-card__summary">A city on the Nile.</p>' in english
    assert '<p class="member-card__fact">Hosts a dam</p>' in english


@pytest.mark.django_db
def test_the_page_links_to_the_directory_filtered_by_the_cluster(client, transport):
    MembershipFactory(cluster=transport)
    MembershipFactory(cluster=transport, is_featured=False)

    response = client.get("/clusters/transport/")

    assert '<a href="/members/?cluster=transport">All 2 members in the directory</a>' in response.text


@pytest.mark.django_db
def test_the_latest_four_published_news_show_with_published_clusters_and_categories(client, transport):
    hidden = ClusterFactory(short_name="Hiddenclu", status=Status.DRAFT)
    webinars = CategoryFactory(name="Webinars", slug="webinars")
    for day in range(1, 6):
        article = ArticleFactory(title=f"Story {day}", published_at=NOW - dt.timedelta(days=day))
        article.clusters.set([transport, hidden])
        article.categories.set([webinars])
    ArticleFactory(title="Draft story", status=Status.DRAFT).clusters.set([transport])
    ArticleFactory(title="Scheduled story", published_at=NOW + dt.timedelta(days=1)).clusters.set([transport])
    ArticleFactory(title="Other cluster story")

    response = client.get("/clusters/transport/")
    news = section(response, "news-title")

    assert re.findall(r">(Story \d)<", news) == ["Story 1", "Story 2", "Story 3", "Story 4"]
    assert news.count('<span class="tag tag--cluster cluster-colour--blue">Transport</span>') == 4
    assert news.count("Webinars") == 4
    assert "Hiddenclu" not in response.text
    for absent in ("Draft story", "Scheduled story", "Other cluster story", "Story 5"):
        assert absent not in response.text


@pytest.mark.django_db
def test_upcoming_and_past_events_are_listed_apart(client, transport):
    soon = EventFactory(title="Soon webinar", starts_at=NOW + dt.timedelta(days=2), ends_at=NOW + dt.timedelta(days=2))
    later = EventFactory(
        title="Later webinar", starts_at=NOW + dt.timedelta(days=9), ends_at=NOW + dt.timedelta(days=9)
    )
    recent = EventFactory(
        title="Recent webinar", starts_at=NOW - dt.timedelta(days=3), ends_at=NOW - dt.timedelta(days=3)
    )
    old = EventFactory(title="Old webinar", starts_at=NOW - dt.timedelta(days=90), ends_at=NOW - dt.timedelta(days=90))
    draft = EventFactory(title="Draft webinar", status=Status.DRAFT)
    for event in (soon, later, recent, old, draft):
        event.clusters.set([transport])
    EventFactory(title="Other cluster webinar")

    response = client.get("/clusters/transport/")

    assert re.findall(r">(\w+ webinar)<", section(response, "upcoming-title")) == ["Soon webinar", "Later webinar"]
    assert re.findall(r">(\w+ webinar)<", section(response, "past-title")) == ["Recent webinar", "Old webinar"]
    assert "Draft webinar" not in response.text
    assert "Other cluster webinar" not in response.text


@pytest.mark.django_db
def test_without_upcoming_events_the_page_says_so(client, transport):
    response = client.get("/clusters/transport/")

    assert "No events are scheduled in this cluster just now." in response.text


@pytest.mark.django_db
def test_recordings_have_one_link_per_video_host(client, transport):
    event = EventFactory(
        title="Climate webinar", starts_at=NOW - dt.timedelta(days=5), ends_at=NOW - dt.timedelta(days=5)
    )
    event.clusters.set([transport])
    recording = RecordingFactory(event=event, title="Full recording")
    RecordingLinkFactory(recording=recording, platform="youtube", url="https://www.youtube.com/watch?v=abc")
    RecordingLinkFactory(recording=recording, platform="bilibili", url="https://www.bilibili.com/video/BV1xyz")
    draft_event = EventFactory(title="Draft webinar", status=Status.DRAFT)
    draft_event.clusters.set([transport])
    RecordingLinkFactory(recording=RecordingFactory(event=draft_event, title="Secret recording"))

    response = client.get("/clusters/transport/")
    recordings = section(response, "recordings-title")

    assert "Full recording" in recordings
    assert 'href="https://www.youtube.com/watch?v=abc"' in recordings
    assert 'href="https://www.bilibili.com/video/BV1xyz"' in recordings
    assert "Watch on YouTube" in recordings
    assert "Watch on BiliBili" in recordings
    assert "Secret recording" not in response.text


@pytest.mark.django_db
def test_a_recording_card_shows_its_length_and_a_button_per_platform_naming_the_event(client, transport):
    event = EventFactory(title="Climate webinar", starts_at=NOW - dt.timedelta(days=5), ends_at=NOW)
    event.clusters.set([transport])
    timed = RecordingFactory(event=event, title="Day one", order=1, duration=dt.timedelta(hours=1, minutes=32))
    RecordingLinkFactory(recording=timed, platform="youtube")
    RecordingLinkFactory(recording=timed, platform="bilibili", url="https://www.bilibili.com/video/BV1xyz")
    untimed = RecordingFactory(event=event, title="Day two", order=2)
    RecordingLinkFactory(recording=untimed, platform="youtube")

    recordings = section(client.get("/clusters/transport/"), "recordings-title")
    cards = re.findall(r'<li class="card recording">.*?</ul>\s*</li>', recordings, re.S)

    assert len(cards) == 2
    assert '<time class="recording__length" datetime="PT1H32M">1 h 32 min</time>' in cards[0]
    assert "recording__length" not in cards[1]
    buttons = re.findall(r'<a class="button[^"]*" href="[^"]*"[^>]*>(.*?)</a>', cards[0])
    assert buttons == [
        'Watch on BiliBili<span class="visually-hidden">: Climate webinar</span>',
        'Watch on YouTube<span class="visually-hidden">: Climate webinar</span>',
    ]


@pytest.mark.parametrize(
    ("length", "shown"),
    [
        (dt.timedelta(minutes=45), "45 min"),
        (dt.timedelta(hours=2), "2 h"),
        (dt.timedelta(hours=1, minutes=32, seconds=20), "1 h 32 min"),
        (dt.timedelta(seconds=20), "1 min"),
    ],
)
def test_a_length_reads_in_hours_and_minutes(length, shown):
    assert duration_label(length) == shown


@pytest.mark.django_db
def test_figures_count_published_members_and_their_countries(client, transport):
    MembershipFactory(cluster=transport, member=MemberFactory(country="BR"))
    MembershipFactory(cluster=transport, member=MemberFactory(country="BR"), is_featured=False)
    MembershipFactory(cluster=transport, member=MemberFactory(country="CL"))
    MembershipFactory(cluster=transport, member=MemberFactory(country="GH", status=Status.DRAFT))

    response = client.get("/clusters/transport/")

    assert response.context["figures"] == {"members": 3, "countries": 2, "events": 0}


@pytest.mark.django_db
def test_the_demo_transport_cluster_shows_its_sixteen_featured_members(client):
    load_demo()

    response = client.get("/clusters/transport/")
    featured = section(response, "featured-title")

    assert len(response.context["featured_members"]) == 16
    assert featured.count('<li class="card member-card">') == 16
    assert "Afadzato South District, Ghana" in featured
    assert featured.count('loading="lazy"') == 16
    assert featured.count('width="64" height="64"') == 16


# Query counts -------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 30])
def test_the_cluster_list_runs_two_queries_at_any_size(client, django_assert_num_queries, size):
    build_site(size)

    with django_assert_num_queries(2 + SCHEDULE):  # the clusters, their member counts (core.aggregates)
        assert client.get("/clusters/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 30])
def test_the_cluster_page_runs_the_same_few_queries_at_any_size(client, django_assert_num_queries, size):
    build_site(size)

    # With the intro's figures and the clusters of two runs of event cards.
    with django_assert_num_queries(23 + SCHEDULE):  # and the good practices
        response = client.get("/clusters/transport/")

    assert response.status_code == 200
    assert len(response.context["featured_members"]) == min(size, FEATURED_LIMIT)


@pytest.mark.django_db
def test_members_who_are_not_featured_show_as_newest_members_newest_first(client):
    cluster = ClusterFactory(slug="waste")
    MembershipFactory(cluster=cluster, member__name="Featured Town", is_featured=True)
    MembershipFactory(cluster=cluster, member__name="Older Town", is_featured=False, joined_on=dt.date(2024, 1, 1))
    MembershipFactory(cluster=cluster, member__name="Newer Town", is_featured=False, joined_on=dt.date(2025, 6, 1))
    MembershipFactory(cluster=cluster, member__name="Draft Town", member__status=Status.DRAFT, is_featured=False)

    response = client.get("/clusters/waste/")

    assert [member.name for member in response.context["newest_members"]] == ["Newer Town", "Older Town"]
    assert [member.name for member in response.context["featured_members"]] == ["Featured Town"]
    assert "Draft Town" not in response.text
