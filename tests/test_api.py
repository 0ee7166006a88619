"""/api/: the read-only JSON API."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from core.publishing import Status

from .factories import (
    ArticleFactory,
    CategoryFactory,
    ClusterFactory,
    EventFactory,
    MemberFactory,
    MembershipFactory,
    RecordingLinkFactory,
    SpeakerFactory,
)
from .queries import SCHEDULE

pytestmark = pytest.mark.django_db
SITE = "http://127.0.0.1:8000"


def slugs(response):
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


@pytest.fixture
def directory(db):
    transport, waste = ClusterFactory(slug="transport"), ClusterFactory(slug="waste")
    members = {
        "accra": MemberFactory(slug="accra", name="Accra", country="GH", kind="city"),
        "kumasi": MemberFactory(slug="kumasi", name="Kumasi", country="GH", kind="city"),
        "ghana-agency": MemberFactory(slug="ghana-agency", name="Ghana agency", country="GH", kind="agency"),
        "nairobi": MemberFactory(slug="nairobi", name="Nairobi", country="KE", kind="city"),
        "santiago": MemberFactory(slug="santiago", name="Santiago", country="CL", kind="city"),
    }
    for slug in ("accra", "ghana-agency"):
        MembershipFactory(cluster=transport, member=members[slug])
    for slug in ("kumasi", "nairobi"):
        MembershipFactory(cluster=waste, member=members[slug])
    return members


def test_member_filters_are_or_within_a_parameter_and_and_across(client, directory):
    assert slugs(client.get("/api/members/?country=gh&country=KE&kind=city")) == ["accra", "kumasi", "nairobi"]
    assert slugs(client.get("/api/members/?cluster=transport&cluster=waste&kind=agency")) == ["ghana-agency"]
    assert slugs(client.get("/api/members/?cluster=waste&country=GH")) == ["kumasi"]


def test_a_member_in_two_chosen_clusters_is_listed_once(client, directory):
    MembershipFactory(cluster=ClusterFactory(slug="drr"), member=directory["accra"])

    assert slugs(client.get("/api/members/?cluster=transport&cluster=drr")) == ["accra", "ghana-agency"]


def test_a_draft_cluster_filters_nothing_in(client, directory):
    hidden = ClusterFactory(slug="hidden", status=Status.DRAFT)
    MembershipFactory(cluster=hidden, member=directory["santiago"])

    assert slugs(client.get("/api/members/?cluster=hidden")) == []
    assert slugs(client.get("/api/members/?cluster=hidden&cluster=waste")) == ["kumasi", "nairobi"]
    assert slugs(client.get("/api/members/?country=ZZ")) == []


def test_q_searches_members_the_way_site_search_does(client, directory):
    MemberFactory(slug="sao-paulo", name="São Paulo")

    assert slugs(client.get("/api/members/?q=Sao+Paulo")) == ["sao-paulo"]


def test_news_filters_by_cluster_category_year_and_q(client):
    waste = ClusterFactory(slug="waste")
    webinars = CategoryFactory(slug="webinars", name="Webinars")
    old = ArticleFactory(slug="old", title="Recycling", published_at=dt.datetime(2021, 5, 1, tzinfo=dt.UTC))
    new = ArticleFactory(slug="new", title="Recycling again", published_at=dt.datetime(2023, 5, 1, tzinfo=dt.UTC))
    ArticleFactory(slug="other", title="Tourism")
    old.clusters.add(waste)
    new.clusters.add(waste)
    new.categories.add(webinars)

    assert slugs(client.get("/api/news/?cluster=waste")) == ["new", "old"]
    assert slugs(client.get("/api/news/?category=webinars")) == ["new"]
    assert slugs(client.get("/api/news/?year=2021")) == ["old"]
    assert slugs(client.get("/api/news/?q=recycling&year=2023")) == ["new"]


def test_events_filter_by_when_and_kind(client):
    now = timezone.now()
    EventFactory(slug="past", starts_at=now - dt.timedelta(days=30), ends_at=now - dt.timedelta(days=30))
    EventFactory(slug="later", starts_at=now + dt.timedelta(days=60), kind="workshop")
    EventFactory(slug="soon", starts_at=now + dt.timedelta(days=2))

    assert slugs(client.get("/api/events/?when=upcoming")) == ["soon", "later"]
    assert slugs(client.get("/api/events/?when=past")) == ["past"]
    assert slugs(client.get("/api/events/?kind=workshop")) == ["later"]


def test_event_times_are_given_in_the_events_time_zone(client):
    EventFactory(
        slug="shanghai",
        timezone="Asia/Shanghai",
        starts_at=dt.datetime(2025, 3, 4, 1, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2025, 3, 4, 3, 0, tzinfo=dt.UTC),
    )

    event = client.get("/api/events/shanghai/").json()

    assert event["starts_at"] == "2025-03-04T09:00:00+08:00"
    assert event["timezone"] == "Asia/Shanghai"


def test_an_event_lists_its_agenda_speakers_and_recordings(client):
    event = EventFactory(slug="webinar")
    SpeakerFactory(session__event=event, session__title="Opening", person__name="Ama Mensah", part="Moderator")
    RecordingLinkFactory(recording__event=event, platform="bilibili", url="https://www.bilibili.com/video/x")

    data = client.get("/api/events/webinar/").json()

    assert data["agenda"][0]["title"] == "Opening"
    speaker = data["agenda"][0]["speakers"][0]
    assert (speaker["name"], speaker["part"], speaker["organisation"]) == ("Ama Mensah", "Moderator", "UNOSSC")
    assert data["recordings"][0]["links"] == [{"platform": "bilibili", "url": "https://www.bilibili.com/video/x"}]
    assert data["recordings"][0]["duration"] is None  # not known


def test_a_recording_gives_its_length_as_an_iso_8601_duration(client):
    RecordingLinkFactory(recording__event=EventFactory(slug="webinar"), recording__duration=dt.timedelta(minutes=92))

    assert (
        client.get("/api/events/webinar/").json()["recordings"][0]["duration"] == "P0DT01H32M00S"
    )  # ISO 8601, as Django writes a duration in JSON


def test_a_member_gives_its_card_summary_and_key_fact_in_the_language_asked(client):
    MemberFactory(slug="aswan", summary="A city on the Nile.", summary_ar="مدينة على النيل.", key_fact="Hosts a dam")

    english = client.get("/api/members/").json()["results"][0]
    arabic = client.get("/api/members/aswan/?lang=ar").json()

    assert (english["summary"], english["key_fact"]) == ("A city on the Nile.", "Hosts a dam")
    assert (arabic["summary"], arabic["key_fact"]) == ("مدينة على النيل.", "Hosts a dam")


PRIVATE_VALUES = ("secret-contact@example.org", "Secret Contact Person", "HIDDEN-DRAFT")
PRIVATE_KEYS = {"contact_email", "contact_name", "status", "created_at", "updated_at", "search_vector"}


def walk_keys(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from walk_keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk_keys(item)


def test_no_private_field_or_unpublished_item_appears_in_any_response(client):
    cluster = ClusterFactory(slug="transport")
    member = MemberFactory(
        slug="kumasi", contact_email="secret-contact@example.org", contact_name="Secret Contact Person"
    )
    MembershipFactory(cluster=cluster, member=member)
    hidden_cluster = ClusterFactory(slug="hidden-cluster", name="HIDDEN-DRAFT cluster", status=Status.DRAFT)
    hidden_member = MemberFactory(slug="hidden-member", name="HIDDEN-DRAFT member", status=Status.DRAFT)
    MembershipFactory(cluster=hidden_cluster, member=member)
    article = ArticleFactory(slug="news")
    article.clusters.add(cluster, hidden_cluster)
    article.related_members.add(member, hidden_member)
    ArticleFactory(title="HIDDEN-DRAFT article", status=Status.DRAFT)
    ArticleFactory(title="HIDDEN-DRAFT scheduled", published_at=timezone.now() + dt.timedelta(days=1))
    event = EventFactory(slug="webinar")
    event.hosts.add(member, hidden_member)
    event.clusters.add(hidden_cluster)
    EventFactory(title="HIDDEN-DRAFT event", status=Status.DRAFT)

    urls = ["/api/", "/api/openapi.json"]
    for name in ("clusters", "members", "news", "events"):
        listing = client.get(f"/api/{name}/?page_size=100")
        urls += [f"/api/{name}/?page_size=100"] + [
            item["api_url"].removeprefix(SITE) for item in listing.json()["results"]
        ]
    assert len(urls) == 10
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        for secret in PRIVATE_VALUES:
            assert secret not in text, (url, secret)
        if url != "/api/openapi.json":
            assert not PRIVATE_KEYS & set(walk_keys(response.json())), url


def test_drafts_are_404_at_their_api_address(client):
    MemberFactory(slug="hidden", status=Status.DRAFT)
    ArticleFactory(slug="hidden", status=Status.DRAFT)
    EventFactory(slug="hidden", status=Status.DRAFT)
    ClusterFactory(slug="hidden", status=Status.DRAFT)

    for name in ("clusters", "members", "news", "events"):
        response = client.get(f"/api/{name}/hidden/")
        assert response.status_code == 404
        assert response.json() == {"detail": "Not Found"}


def test_cluster_member_counts_leave_out_draft_members(client):
    cluster = ClusterFactory(slug="waste")
    MembershipFactory(cluster=cluster)
    MembershipFactory(cluster=cluster, member=MemberFactory(status=Status.DRAFT))

    assert client.get("/api/clusters/waste/").json()["member_count"] == 1


def test_the_page_size_is_clamped_to_100(client):
    MemberFactory.create_batch(101)

    data = client.get("/api/members/?page_size=1000000").json()

    assert data["page_size"] == 100
    assert len(data["results"]) == 100
    assert data["count"] == 101
    assert data["next"] == f"{SITE}/api/members/?page=2&page_size=100"


def test_pages_link_to_each_other_keeping_the_filters(client):
    MemberFactory.create_batch(3, country="GH")

    data = client.get("/api/members/?country=GH&page_size=1&page=2").json()

    assert data["previous"] == f"{SITE}/api/members/?country=GH&page=1&page_size=1"
    assert data["next"] == f"{SITE}/api/members/?country=GH&page=3&page_size=1"
    assert data["num_pages"] == 3


def test_a_page_past_the_end_is_a_json_404_that_says_so(client):
    MemberFactory()

    response = client.get("/api/members/?page=5")

    assert response.status_code == 404
    assert response.json() == {"detail": "Page 5 does not exist; the last page is 1."}


@pytest.mark.parametrize(
    "url",
    [
        "/api/members/?page=0",
        "/api/members/?page=abc",
        "/api/members/?page_size=0",
        "/api/members/?page_size=-5",
        "/api/members/?kind=volcano",
        "/api/members/?country=123",
        "/api/members/?cluster=%00",
        "/api/members/?q=" + "x" * 201,
        "/api/news/?year=abc",
        "/api/news/?year=99999",
        "/api/news/?category=a%20b",
        "/api/events/?when=tomorrow",
        "/api/members/%00/",
        "/api/members/a%20b/",
    ],
)
def test_bad_parameters_are_a_json_422(client, url):
    response = client.get(url)

    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


@pytest.mark.parametrize("q", ["'&|!:*()", "a\x00b", "x" * 200, '"unclosed'])
def test_hostile_search_text_in_the_api_answers_200(client, q):
    MemberFactory()

    assert client.get("/api/members/", {"q": q}).status_code == 200


def test_an_unknown_api_address_is_a_json_404(client):
    response = client.get("/api/nowhere/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_an_address_without_its_slash_is_redirected(client):
    response = client.get("/api/members?country=GH")

    assert response.status_code == 301
    assert response["Location"] == "/api/members/?country=GH"


def test_cors_is_open_for_reading_and_never_echoes_the_origin(client):
    response = client.get("/api/members/", headers={"origin": "https://evil.example"})

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "evil.example" not in str(response.headers)


def test_errors_carry_the_cors_header_too(client):
    assert client.get("/api/members/nope/")["Access-Control-Allow-Origin"] == "*"
    assert client.get("/api/members/?kind=x")["Access-Control-Allow-Origin"] == "*"


def test_a_preflight_request_is_answered_without_credentials(client):
    response = client.options(
        "/api/members/",
        headers={"origin": "https://other.example", "access-control-request-method": "GET"},
    )

    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "Access-Control-Allow-Credentials" not in response


def test_writing_is_not_allowed(client):
    response = client.post("/api/members/", data={}, content_type="application/json")

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_head_answers_like_get_without_a_body(client):
    MemberFactory(slug="kumasi")

    response = client.head("/api/members/kumasi/")

    assert response.status_code == 200
    assert response.content == b""
    assert response["ETag"]


@pytest.mark.parametrize("url", ["/api/members/", "/api/members/kumasi/", "/api/openapi.json"])
def test_a_client_with_the_current_etag_gets_304(client, url):
    MemberFactory(slug="kumasi")

    first = client.get(url)
    again = client.get(url, headers={"if-none-match": first["ETag"]})

    assert first.status_code == 200
    assert again.status_code == 304
    assert again["Access-Control-Allow-Origin"] == "*"


def test_the_etag_changes_when_the_content_does(client, django_capture_on_commit_callbacks):
    member = MemberFactory(slug="kumasi")
    first = client.get("/api/members/")

    member.name = "Kumasi Metropolitan Assembly"
    with django_capture_on_commit_callbacks(execute=True):
        member.save()

    assert client.get("/api/members/", headers={"if-none-match": first["ETag"]}).status_code == 200


def test_the_openapi_document_describes_every_endpoint(client):
    document = client.get("/api/openapi.json").json()

    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == {
        "/api/",
        "/api/clusters/",
        "/api/clusters/{slug}/",
        "/api/members/",
        "/api/members/{slug}/",
        "/api/news/",
        "/api/news/{slug}/",
        "/api/events/",
        "/api/events/{slug}/",
        "/api/solutions/",
        "/api/solutions/{slug}/",
        "/api/exchange/",
        "/api/exchange/{slug}/",
    }
    post_params = {param["name"] for param in document["paths"]["/api/exchange/"]["get"]["parameters"]}
    assert post_params == {"type", "cluster", "sdg", "country", "format", "language", "q", "page", "page_size", "lang"}
    solution_params = {param["name"] for param in document["paths"]["/api/solutions/"]["get"]["parameters"]}
    assert solution_params == {"cluster", "sdg", "country", "status", "q", "page", "page_size", "lang"}
    member_params = {param["name"] for param in document["paths"]["/api/members/"]["get"]["parameters"]}
    assert member_params == {"cluster", "country", "kind", "q", "page", "page_size", "lang"}


def test_every_endpoint_documents_lang_with_its_languages_and_its_400(client, settings):
    document = client.get("/api/openapi.json").json()
    codes = [code for code, _name in settings.LANGUAGES]
    for path, item in document["paths"].items():
        operation = item["get"]
        [lang] = [param for param in operation["parameters"] if param["name"] == "lang"]
        assert lang["in"] == "query" and not lang["required"], path
        assert lang["schema"]["enum"] == codes, path
        assert "Accept-Language" in lang["description"], path
        assert list(operation["responses"])[:2] == ["200", "400"], path
        assert operation["responses"]["400"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"
        }
    assert "Error" in document["components"]["schemas"]
    # lang is exactly what the document says; Accept-Language, filled by browsers, takes variants.
    for value in ("pt-BR", "ES", "", " es"):
        assert client.get("/api/clusters/", {"lang": value}).status_code == 400, value
    assert client.get("/api/clusters/", headers={"accept-language": "pt-BR"})["Content-Language"] == "pt"
    docs = client.get("/api/docs").text
    assert "one of ar, zh-hans, en, fr, ru, es, pt" in docs


def test_the_docs_page_lists_the_endpoints_without_scripts_or_outside_assets(client):
    response = client.get("/api/docs")

    assert response.status_code == 200
    assert "GET /api/members/{slug}/" in response.text
    assert "<script" not in response.text
    assert "cdn" not in response.text.lower()
    assert len(response.content) < 100_000


def test_the_index_points_to_everything(client):
    data = client.get("/api/").json()

    assert data["members"] == f"{SITE}/api/members/"
    assert data["openapi"] == f"{SITE}/api/openapi.json"


@pytest.mark.parametrize("size", [3, 30])
def test_api_queries_do_not_grow_with_the_data(client, django_assert_num_queries, size):
    cluster = ClusterFactory(slug="waste")
    category = CategoryFactory()
    for member in MemberFactory.create_batch(size):
        MembershipFactory(cluster=cluster, member=member)
    for article in ArticleFactory.create_batch(size):
        article.clusters.add(cluster)
        article.categories.add(category)
    for event in EventFactory.create_batch(size):
        event.clusters.add(cluster)
        SpeakerFactory(session__event=event)

    # The lists: the filters' cluster (and category) choices, the count, the page and its prefetches;
    # the first answer after a change also reads the schedule.
    counts = {"/api/clusters/": 2 + SCHEDULE, "/api/members/": 4, "/api/news/": 7, "/api/events/": 5}
    for url, count in counts.items():
        with django_assert_num_queries(count):
            assert client.get(url).status_code == 200
    event_slug = client.get("/api/events/").json()["results"][0]["slug"]
    with django_assert_num_queries(6):  # the event, clusters, hosts, sessions, speakers, recordings (none: no links)
        client.get(f"/api/events/{event_slug}/")


def test_json_is_utf8_and_keeps_accents(client):
    MemberFactory(slug="sao-paulo", name="São Paulo")

    response = client.get("/api/members/sao-paulo/")

    assert json.loads(response.content)["name"] == "São Paulo"
    assert response["Content-Type"].startswith("application/json")


def test_the_docs_page_renders_code_in_every_description_and_links_each_language(client):
    html = client.get("/api/docs").text

    assert "`" not in html  # every description's `code` is drawn as <code>
    assert "<code>pt-BR</code>" in html  # from the `lang` parameter's description
    assert '<link rel="alternate" hreflang="ar" href="http://127.0.0.1:8000/api/docs?lang=ar">' in html
    arabic = client.get("/api/docs", {"lang": "ar"}).text
    assert '<html lang="ar" dir="rtl">' in arabic
    assert '<a href="/api/docs?lang=fr" lang="fr" hreflang="fr">Français' in arabic
