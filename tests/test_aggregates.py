"""Counts remembered per content generation (core/aggregates.py): the pages show the same figures as
when everything is counted afresh, with fewer queries, and every change of content shows at once.
Writes run inside django_capture_on_commit_callbacks, which stands in for the commit that, in
production, replaces the generation. AGGREGATE_CACHE_SECONDS = 0 (counting afresh) is the oracle."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clusters.models import Cluster
from core import page_cache
from members.models import Member
from news.models import Article

from .factories import (
    ArticleFactory,
    CategoryFactory,
    ClusterFactory,
    EventFactory,
    MemberFactory,
    MembershipFactory,
    PersonFactory,
    RecordingLinkFactory,
    SessionFactory,
    SpeakerFactory,
)

PAGES = [
    "/",
    "/clusters/",
    "/clusters/transport/",
    "/members/",
    "/members/?country=BR",
    "/members/?cluster=transport&kind=city",
    "/members/?page=2",
    "/news/",
    "/events/",
    "/api/members/?country=BR",
]


@pytest.fixture(autouse=True)
def every_request_a_page_miss(settings):
    """The page cache off, so that each request shows what a page miss does with the counts."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def site(db):
    transport = ClusterFactory(slug="transport", short_name="Transport")
    waste = ClusterFactory(slug="waste", short_name="Waste")
    for number, (country, kind) in enumerate([("BR", "city"), ("BR", "agency"), ("CL", "city"), ("GH", "city")] * 8):
        member = MemberFactory(country=country, kind=kind, latitude=-10 + number, longitude=20 + number)
        MembershipFactory(cluster=transport if number % 2 else waste, member=member)
    EventFactory(title="Clean air webinar", slug="clean-air").clusters.add(transport)
    # A past one too, so the events list shows both its groups (upcoming, past).
    EventFactory(title="Waste audit workshop", slug="waste-audit", starts_at=timezone.now() - dt.timedelta(days=40))
    for number in range(3):
        article = ArticleFactory(title=f"Cycle lanes, part {number}", slug=f"cycle-lanes-{number}")
        article.clusters.add(transport)
        article.categories.add(CategoryFactory())
    return {"transport": transport, "waste": waste}


def visit(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


@pytest.mark.parametrize("url", PAGES)
def test_remembered_counts_give_the_same_page_with_fewer_queries(client, site, settings, url):
    first, cold = visit(client, url)
    second, warm = visit(client, url)
    assert warm < cold
    assert second.content == first.content
    settings.AGGREGATE_CACHE_SECONDS = 0
    assert visit(client, url)[0].content == first.content


def test_a_new_member_is_counted_everywhere_at_once(client, site, django_capture_on_commit_callbacks):
    before = {url: visit(client, url)[0] for url in ["/", "/clusters/", "/members/", "/members/?country=GH"]}
    with django_capture_on_commit_callbacks(execute=True):
        MembershipFactory(cluster=site["transport"], member=MemberFactory(country="GH", name="Tamale", slug="tamale"))

    assert client.get("/").context["counts"]["members"] == before["/"].context["counts"]["members"] + 1
    clusters = {cluster.slug: cluster.member_count for cluster in client.get("/clusters/").context["clusters"]}
    assert clusters == {"transport": 17, "waste": 16}
    directory = client.get("/members/?country=GH")
    assert directory.context["result_count"] == before["/members/?country=GH"].context["result_count"] + 1
    cluster_facet = {option.value: option.count for option in directory.context["facets"]["cluster"]}
    assert cluster_facet == {"transport": 9}  # every Ghanaian member is in transport
    assert sum(client.get("/members/").context["members_map"].counts.values()) == 33


def test_a_bulk_unpublish_is_counted_at_once(client, site, django_capture_on_commit_callbacks):
    assert client.get("/members/?country=CL").context["result_count"] == 8
    with django_capture_on_commit_callbacks(execute=True):
        Member.objects.filter(country="CL").unpublish()
    response = client.get("/members/?country=CL")
    assert response.context["result_count"] == 0
    assert "CL" not in client.get("/").context["atlas"]["map"].counts


def test_a_scheduled_member_is_counted_when_its_time_comes(client, site, monkeypatch):
    soon = timezone.now() + dt.timedelta(minutes=2)  # sooner than AGGREGATE_CACHE_SECONDS (5 minutes)
    MembershipFactory(cluster=site["waste"], member=MemberFactory(country="PH", published_at=soon))
    assert client.get("/").context["counts"]["countries"] == 3
    assert client.get("/").context["counts"]["countries"] == 3  # remembered

    later = soon + dt.timedelta(seconds=1)  # no save in between: the remembered counts expired then
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr(page_cache.time, "time", later.timestamp)
    assert client.get("/").context["counts"]["countries"] == 4
    assert client.get("/members/?country=PH").context["result_count"] == 1


def test_a_text_search_in_the_directory_is_always_counted_afresh(client, site):
    def counts(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return [query["sql"] for query in queries if "COUNT(" in query["sql"].upper()]

    cold = counts("/members/?q=member")
    warm = counts("/members/?q=member")
    assert warm and len(warm) == len(cold)


def test_a_renamed_member_shows_at_once_in_the_directory(client, site, django_capture_on_commit_callbacks):
    member = Member.objects.filter(country="GH").order_by("name").first()
    assert member.name in client.get("/members/?country=GH").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        member.name = "Tamale Metropolitan Assembly"
        member.save()
    page = client.get("/members/?country=GH").content.decode()
    assert "Tamale Metropolitan Assembly" in page


def test_the_directory_shows_each_language_own_text(client, site):
    member = Member.objects.filter(country="CL").order_by("name").first()
    Member.objects.filter(pk=member.pk).update(locality_es="Provincia de Santiago", locality_en="Santiago Province")
    cache.clear()
    assert "Santiago Province" in client.get("/members/?country=CL").content.decode()
    spanish = client.get("/es/members/?country=CL").content.decode()
    assert "Provincia de Santiago" in spanish
    assert "Santiago Province" not in spanish


def test_counts_are_right_while_the_cache_is_away(client, site, unreachable_redis):
    response = client.get("/members/?country=BR")
    assert response.status_code == 200
    assert response.context["result_count"] == 16


@pytest.mark.parametrize("url", ["/news/", "/news/?category=news", "/events/", "/events/?when=past"])
def test_news_and_events_lists_count_once_per_change(client, site, url, django_capture_on_commit_callbacks):
    news = CategoryFactory(slug="news", name="News")
    for article in ArticleFactory.create_batch(3):
        article.categories.add(news)
    EventFactory(slug="past-webinar", starts_at=timezone.now() - dt.timedelta(days=40))
    first, cold = visit(client, url)
    second, warm = visit(client, url)
    assert warm < cold and second.content == first.content
    total = first.context["page_obj"].paginator.count

    with django_capture_on_commit_callbacks(execute=True):
        if url.startswith("/news/"):
            ArticleFactory().categories.add(news)
        else:
            EventFactory(starts_at=timezone.now() - dt.timedelta(days=400))
    assert client.get(url).context["page_obj"].paginator.count == total + 1


def test_a_search_of_the_news_is_always_counted_afresh(client, site):
    ArticleFactory.create_batch(2, title="Bus rapid transit")
    client.get("/news/?q=transit")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/news/?q=transit").context["page_obj"].paginator.count == 2
    assert any("COUNT(" in query["sql"] for query in queries.captured_queries)


def test_the_api_counts_a_new_member_at_once(client, site, django_capture_on_commit_callbacks):
    before = client.get("/api/members/?country=GH").json()["count"]
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/members/?country=GH").json()["count"] == before
    assert not any("COUNT(" in query["sql"].upper() for query in queries)
    with django_capture_on_commit_callbacks(execute=True):
        MembershipFactory(cluster=site["transport"], member=MemberFactory(country="GH", name="Tamale", slug="tamale"))
    assert client.get("/api/members/?country=GH").json()["count"] == before + 1
    assert client.get("/api/members/?country=GH&q=tamale").json()["count"] == 1


def test_the_api_pages_in_each_language_and_shows_a_rename_at_once(client, site, django_capture_on_commit_callbacks):
    """A list's count is remembered per filters; its items are read for each page."""
    member = Member.objects.filter(country="GH").order_by("name").first()
    member.name_es = "Asamblea de Tamale"
    member.save()
    first = client.get("/api/members/?country=GH&page_size=3").json()
    assert first["results"][0]["name"] == member.name
    assert (
        client.get("/api/members/?country=GH&page_size=3&lang=es").json()["results"][0]["name"] == "Asamblea de Tamale"
    )
    second_page = client.get("/api/members/?country=GH&page_size=3&page=2").json()["results"]
    assert len(second_page) == 3
    assert not {item["slug"] for item in second_page} & {item["slug"] for item in first["results"]}
    assert len(client.get("/api/members/?country=GH").json()["results"]) == 8  # every Ghanaian member

    with django_capture_on_commit_callbacks(execute=True):
        member.name_en = "Aardvark Town"  # still first by name
        member.save()
    assert client.get("/api/members/?country=GH&page_size=3").json()["results"][0]["name"] == "Aardvark Town"
    assert (
        client.get("/api/members/?country=GH&page_size=3&lang=es").json()["results"][0]["name"] == "Asamblea de Tamale"
    )


def test_the_events_list_groups_upcoming_before_past(client, site):
    page = client.get("/events/").content.decode()
    assert 'id="events-upcoming"' in page and 'id="events-past"' in page
    assert page.index("Clean air webinar") < page.index("Waste audit workshop")


def test_profiles_and_articles_show_a_change_to_their_lists_at_once(client, site, django_capture_on_commit_callbacks):
    member = Member.objects.filter(country="GH").order_by("name").first()
    article = Article.objects.get(title="Cycle lanes, part 0")
    article.related_members.add(member)
    EventFactory(title="Tamale clean air day", slug="tamale-air").hosts.add(member)
    for url in [member.get_absolute_url(), article.get_absolute_url()]:
        assert "Bus lanes in Tamale" not in client.get(url).text

    with django_capture_on_commit_callbacks(execute=True):
        newer = ArticleFactory(title="Bus lanes in Tamale")
        newer.related_members.add(member)
        newer.clusters.add(site["transport"])  # so it is related to "Cycle lanes, part 0" too
        EventFactory(title="Tamale waste forum", slug="tamale-waste").hosts.add(member)

    profile = client.get(member.get_absolute_url()).text
    assert "Bus lanes in Tamale" in profile
    assert "Tamale waste forum" in profile
    assert "Bus lanes in Tamale" in client.get(article.get_absolute_url()).text


def test_an_event_and_an_article_list_their_clusters_as_they_are_now(client, site, django_capture_on_commit_callbacks):
    """The event and article pages show a renamed cluster's new name, and no unpublished cluster, at
    once (clusters.models.cluster_links)."""
    site["transport"].short_name_es = "Transporte"
    site["transport"].save()
    event = site["transport"].events.get()
    event.clusters.add(site["waste"])

    def clusters(url):
        return [link.short_name for link in client.get(url).context["clusters"]]

    assert clusters("/events/clean-air/") == ["Transport", "Waste"]
    assert clusters("/es/events/clean-air/") == ["Transporte", "Waste"]
    with django_capture_on_commit_callbacks(execute=True):
        site["transport"].short_name_en = "Clean transport"
        site["transport"].save()
    assert clusters("/events/clean-air/") == ["Clean transport", "Waste"]
    assert clusters("/news/cycle-lanes-0/") == ["Clean transport"]
    assert 'href="/clusters/transport/">Clean transport<' in client.get("/events/clean-air/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        Cluster.objects.filter(pk=site["waste"].pk).unpublish()
    assert clusters("/events/clean-air/") == ["Clean transport"]


def test_an_event_remembers_its_agenda_hosts_and_recordings_and_shows_a_change_at_once(
    client, site, django_capture_on_commit_callbacks
):
    """Event.page_relations is remembered per content generation; the session titles still follow
    the page's language, and a save of a session, a speaker, a host or a recording link shows on the
    next request."""
    event = site["transport"].events.get()
    host = MemberFactory(name="Quito Metropolitan District")
    event.hosts.add(host)
    opening = SessionFactory(event=event, title="Opening", title_es="Apertura")
    SpeakerFactory(session=opening, person=PersonFactory(name="Ana Ruiz"))
    first, cold = visit(client, "/events/clean-air/")
    second, warm = visit(client, "/events/clean-air/")
    assert warm == 2 < cold  # the event and its clusters; its relations are remembered
    assert second.content == first.content
    assert "Ana Ruiz" in second.text
    assert "Apertura" in client.get("/es/events/clean-air/").text  # the session title in Spanish on /es/

    with django_capture_on_commit_callbacks(execute=True):
        opening.title_en = "Welcome and opening"
        opening.save()
        SpeakerFactory(session=opening, person=PersonFactory(name="Kwame Mensah"))
        RecordingLinkFactory(recording__event=event, recording__title="Full webinar")
        Member.objects.filter(pk=host.pk).unpublish()

    page = client.get("/events/clean-air/").text
    assert "Welcome and opening" in page
    assert "Ana Ruiz" in page and "Kwame Mensah" in page
    assert "Full webinar" in page
    assert "Quito Metropolitan District" not in page
