"""The public exchange: /exchange/ with its filters and facets, a post's page, its feed, the search,
the sitemap and the open data files; never a contact detail."""

import datetime as dt
import json
import re

import pytest
from django.utils import timezone

from clusters.models import Cluster
from core.publishing import Status
from exchange.models import Format, PostState, PostType, WorkingLanguage
from solutions.models import Target

from .exchange_helpers import make_post
from .factories import ClusterFactory, MemberFactory
from .queries import SCHEDULE

pytestmark = pytest.mark.django_db

SECRET_EMAIL = "mayor@koidu.example.org"
SECRET_NAME = "Fatmata Contact-Person"


def titles(response):
    return re.findall(
        r'<h3 class="card__title"><a href="/(?:[a-z-]+/)?exchange/[^"]+/"[^>]*>([^<]+)</a>', response.text
    )


def post(title, *, targets=(), formats=(), languages=(), clusters=(), **fields):
    created = make_post(
        title=title,
        targets=Target.objects.filter(code__in=targets),
        languages=WorkingLanguage.objects.filter(code__in=languages),
        clusters=clusters,
        **fields,
    )
    created.formats.set(Format.objects.filter(code__in=formats))
    return created


def facet_counts(response):
    return {
        name: {option.value: option.count for option in options} for name, options in response.context["facets"].items()
    }


# --- The list --------------------------------------------------------------------------------------


def test_the_list_shows_only_open_published_posts_not_yet_expired(client):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    post("Open request")
    post("In discussion", state=PostState.IN_DISCUSSION)
    post("Partly met", state=PostState.PARTLY_MET)
    post("Met offer", state=PostState.MET)
    post("Withdrawn", state=PostState.WITHDRAWN)
    post("Marked expired", state=PostState.EXPIRED)
    post("Past its date", expires_on=yesterday)
    post("A draft", status=Status.DRAFT)
    post("Scheduled", published_at=timezone.now() + dt.timedelta(days=2))
    post("Of a draft member", member=MemberFactory(status=Status.DRAFT))

    response = client.get("/exchange/")

    assert sorted(titles(response)) == ["In discussion", "Open request", "Partly met"]
    assert "3 open posts" in response.text


def test_an_expired_or_met_post_leaves_the_list_but_keeps_its_page_marked_closed(client):
    met = post("Bus data offer", state=PostState.MET)
    lapsed = post("Landfill gas request", expires_on=timezone.localdate() - dt.timedelta(days=1))

    assert titles(client.get("/exchange/")) == []
    met_page = client.get(met.get_absolute_url())
    lapsed_page = client.get(lapsed.get_absolute_url())

    assert met_page.status_code == lapsed_page.status_code == 200
    assert "This post is closed" in met_page.text and "Met" in met_page.text
    assert "This post is closed" in lapsed_page.text and "Expired" in lapsed_page.text
    for page in (met_page, lapsed_page):
        assert "It no longer takes expressions of interest." in page.text
        assert "/interest/" not in page.text


def test_an_open_post_page_offers_to_express_interest_and_shows_what_it_is(client):
    member = MemberFactory(
        name="Koidu City Council", country="SL", contact_email=SECRET_EMAIL, contact_name=SECRET_NAME
    )
    waste = ClusterFactory(slug="waste", short_name="Waste")
    open_post = post(
        "Landfill gas capture",
        member=member,
        type=PostType.SEEKING_EXPERTISE,
        description="Koidu needs advice on methane.\n\nWe have a study from 2022.",
        details="An expert mission <b>of two</b> engineers.",
        targets=("11.6",),
        formats=("expert-mission",),
        languages=("en", "fr"),
        clusters=[waste],
        expires_on=dt.date(2031, 3, 5),
    )

    html = client.get(open_post.get_absolute_url()).text

    assert f'href="/exchange/{open_post.slug}/interest/"' in html and "Express interest" in html
    assert "This post is closed" not in html
    assert "Seeking expertise" in html and "What is sought" in html
    assert f'href="{member.get_absolute_url()}"' in html and "Koidu City Council" in html
    assert "Sierra Leone" in html
    assert ">Waste<" in html
    assert "Target 11.6" in html and "reduce the adverse per capita environmental impact of cities" in html
    assert "Expert mission" in html and "French" in html
    assert "5 March 2031" in html
    assert "<p>Koidu needs advice on methane.</p>" in html and "<p>We have a study from 2022.</p>" in html
    assert "&lt;b&gt;of two&lt;/b&gt;" in html  # plain text: markup is shown, never run
    assert SECRET_EMAIL not in html and SECRET_NAME not in html and "mailto:" not in html


def test_target_titles_follow_the_visitors_language(client):
    arabic = client.get("/ar" + post("Bus lanes", targets=("11.2",)).get_absolute_url()).text
    assert "توفير إمكانية وصـول الجميع إلى نظم نقل" in arabic


def test_drafts_and_scheduled_posts_have_no_page(client):
    draft = post("Draft", status=Status.DRAFT)
    later = post("Later", published_at=timezone.now() + dt.timedelta(days=1))
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(later.get_absolute_url()).status_code == 404
    assert client.get("/exchange/no-such-post/").status_code == 404


# --- Filters and facets -------------------------------------------------------------------------------


@pytest.fixture
def varied(db):
    transport = ClusterFactory(slug="transport", short_name="Transport")
    waste = ClusterFactory(slug="waste", short_name="Waste")
    ghana, chile = MemberFactory(country="GH"), MemberFactory(country="CL")
    post(
        "Bus data",
        type=PostType.TECHNOLOGY_OFFERED,
        member=chile,
        clusters=[transport],
        targets=("11.2",),
        formats=("online", "workshop"),
        languages=("es", "en"),
        description="An open platform for transit data.",
    )
    post(
        "Landfill gas",
        type=PostType.SEEKING_EXPERTISE,
        member=ghana,
        clusters=[waste],
        targets=("11.6", "13.2"),
        formats=("expert-mission",),
        languages=("en",),
        description="Methane capture at a landfill.",
    )
    post(
        "BRT visit",
        type=PostType.HOSTING_VISIT,
        member=ghana,
        clusters=[transport],
        targets=("9.1",),
        formats=("study-visit",),
        languages=("fr",),
        description="Come and see our bus rapid transit.",
    )
    post("Closed one", state=PostState.MET, member=ghana, clusters=[transport], targets=("11.2",))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=technology-offered", {"Bus data"}),
        ("type=seeking-expertise&type=hosting-visit", {"Landfill gas", "BRT visit"}),
        ("cluster=transport", {"Bus data", "BRT visit"}),
        ("sdg=11", {"Bus data", "Landfill gas"}),
        ("sdg=11.6", {"Landfill gas"}),
        ("sdg=11.2&sdg=9", {"Bus data", "BRT visit"}),
        ("country=gh", {"Landfill gas", "BRT visit"}),
        ("format=online&format=study-visit", {"Bus data", "BRT visit"}),
        ("language=en", {"Bus data", "Landfill gas"}),
        ("language=FR", {"BRT visit"}),
        ("cluster=transport&country=GH", {"BRT visit"}),
        ("q=methane", {"Landfill gas"}),
        ("q=transit&format=online", {"Bus data"}),
    ],
)
def test_each_filter_or_within_and_across(client, varied, query, expected):
    assert set(titles(client.get(f"/exchange/?{query}"))) == expected


def test_facets_count_open_posts_with_the_other_filters(client, varied):
    response = client.get("/exchange/", {"cluster": "transport", "language": "en"})

    assert titles(response) == ["Bus data"]
    counts = facet_counts(response)
    assert counts["cluster"] == {"transport": 1, "waste": 1}  # English, whatever the cluster
    assert counts["language"] == {"en": 1, "es": 1, "fr": 1}  # Transport, whatever the language
    assert counts["type"] == {"technology-offered": 1}
    assert counts["sdg"] == {"11": 1}
    assert counts["country"] == {"CL": 1}
    assert counts["format"] == {"online": 1, "workshop": 1}


def test_facets_without_filters_leave_closed_posts_out(client, varied):
    counts = facet_counts(client.get("/exchange/"))
    assert counts["cluster"] == {"transport": 2, "waste": 1}
    assert counts["country"] == {"GH": 2, "CL": 1}
    assert counts["sdg"] == {"9": 1, "11": 2, "13": 1}


def test_the_filters_work_without_javascript_and_give_a_shareable_canonical_address(client, varied):
    html = client.get("/exchange/?country=gh&type=hosting-visit&page=1").text
    assert '<form class="directory__filters" method="get" action="/exchange/"' in html
    assert '<input type="checkbox" name="type" value="hosting-visit" checked>' in html
    assert re.search(r'<link rel="canonical" href="http[^"]+/exchange/\?type=hosting-visit&amp;country=GH">', html)


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        ("type=request", "Type “request” was ignored"),
        ("sdg=18", "SDG “18” was ignored"),
        ("sdg=11.99", "SDG “11.99” was ignored"),
        ("country=XX", "Country “XX” was ignored"),
        ("cluster=nowhere", "Cluster “nowhere” was ignored"),
        ("format=carrier-pigeon", "Format “carrier-pigeon” was ignored"),
        ("language=klingon", "Working language “klingon” was ignored"),
        ("language=%00", None),
        ("q=%00%01", None),
        ("page=abc", "is not a page number"),
        ("page=99", "There is no page 99"),
    ],
)
def test_bad_values_are_named_and_ignored_never_an_error(client, varied, query, notice):
    response = client.get(f"/exchange/?{query}")
    assert response.status_code == 200
    if notice:
        assert notice in response.text
    assert len(titles(response)) == 3


def test_an_unpublished_cluster_is_not_an_option(client, varied):
    Cluster.objects.filter(slug="waste").update(status=Status.DRAFT)
    response = client.get("/exchange/?cluster=waste")
    assert "Cluster “waste” was ignored" in response.text
    assert "waste" not in facet_counts(response)["cluster"]


# --- Integrations ------------------------------------------------------------------------------------


def test_the_feed_lists_open_posts_only(client, varied):
    feed = client.get("/exchange/feed/")
    assert feed.status_code == 200 and feed["Content-Type"].startswith("application/rss+xml")
    text = feed.text
    assert "<title>Bus data</title>" in text and "<title>BRT visit</title>" in text
    assert "Closed one" not in text
    assert re.search(r"<link>http[^<]+/exchange/</link>", text)


def test_site_search_finds_posts_and_says_when_one_is_closed(client, varied):
    response = client.get("/search/", {"q": "methane"})
    assert "Landfill gas" in response.text and "Exchange post" in response.text
    closed = client.get("/search/", {"q": "closed"}).text
    assert "Seeking expertise · Closed" in closed and "<mark>Closed</mark> one" in closed


def test_the_sitemap_lists_every_published_post(client, varied):
    draft = post("Draft", status=Status.DRAFT)
    xml = client.get("/sitemap-exchange.xml").text
    assert xml.count("<url>") == 4 * 7  # four published posts, open or closed, in seven languages
    assert draft.slug not in xml
    assert re.search(r"<loc>http[^<]+/exchange/</loc>", client.get("/sitemap-pages.xml").text)


def test_the_page_carries_json_ld_without_contact(client):
    member = MemberFactory(name="Hangzhou", contact_email=SECRET_EMAIL)
    html = client.get(post("BRT study visit", member=member, type=PostType.HOSTING_VISIT).get_absolute_url()).text
    assert '"@type":"Offer"' in html and '"offeredBy":{"@type":"Organization","name":"Hangzhou"' in html
    assert SECRET_EMAIL not in html


def test_no_contact_detail_in_any_public_output(client):
    member = MemberFactory(slug="koidu", contact_email=SECRET_EMAIL, contact_name=SECRET_NAME)
    open_post = post("Waste request", member=member, targets=("11.6",))
    closed = post("Old offer", member=member, state=PostState.WITHDRAWN, type=PostType.OFFERING_EXPERTISE)
    seen = {  # each address, and what shows the post is there
        "/exchange/": "Waste request",
        "/ar/exchange/": "Waste request",
        open_post.get_absolute_url(): "Waste request",
        closed.get_absolute_url(): "Old offer",
        "/exchange/feed/": "Waste request",
        "/sitemap-exchange.xml": closed.slug,
        "/api/exchange/": "Waste request",
        f"/api/exchange/{open_post.slug}/": "Waste request",
        f"/api/exchange/{closed.slug}/": "Old offer",
        "/data/exchange-posts.csv": "Old offer",
        "/data/exchange-posts.json": "Old offer",
        "/data/datapackage.json": "exchange-posts",
        "/search/?q=waste": "<mark>Waste</mark> request",
    }
    for url, expected in seen.items():
        response = client.get(url)
        assert response.status_code == 200, url
        text = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
        assert expected in text, url
        assert SECRET_EMAIL not in text and SECRET_NAME not in text, url


def test_open_data_lists_every_published_post_with_its_state(client, varied):
    post("Draft", status=Status.DRAFT)
    data = client.get("/data/exchange-posts.json")
    rows = {row["title"]: row for row in json.loads(b"".join(data.streaming_content))["data"]}
    assert set(rows) == {"Bus data", "Landfill gas", "BRT visit", "Closed one"}
    assert rows["Closed one"]["state"] == "met" and rows["Closed one"]["open"] is False
    assert rows["Bus data"]["open"] is True and rows["Bus data"]["formats"] == ["online", "workshop"]
    assert rows["Landfill gas"]["sdg_targets"] == ["11.6", "13.2"] and rows["Landfill gas"]["country"] == "GH"


# --- Queries ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [3, 30])
def test_the_list_and_a_post_run_the_same_queries_at_any_size(client, django_assert_num_queries, size):
    cluster = ClusterFactory()
    for number in range(size):
        last = post(
            f"Post {number}",
            clusters=[cluster],
            targets=("11.2", "13.2"),
            formats=("online",),
            languages=("en",),
            member=MemberFactory(),
        )
    # Clusters, goals, target codes, the count, a query per facet (6), the page's ids for its remembered
    # cards, then the rows with their clusters and formats; the first answer also reads the schedule.
    with django_assert_num_queries(14 + SCHEDULE):
        assert client.get("/exchange/?sdg=11").status_code == 200
    with django_assert_num_queries(5):  # the post, its targets, clusters, formats and working languages
        assert client.get(last.get_absolute_url()).status_code == 200
    with django_assert_num_queries(10):  # the same cards as ?sdg=11, remembered; the target codes too
        assert client.get("/exchange/").status_code == 200
