"""RSS of the news (all and per cluster) and the iCalendar of events."""

import datetime as dt
import re
import xml.etree.ElementTree as ET
import zoneinfo

import icalendar
import pytest
from django.utils import timezone

from core.publishing import Status

from .factories import ArticleFactory, ClusterFactory, EventFactory
from .queries import SCHEDULE

pytestmark = pytest.mark.django_db


def parse_xml(content):
    return ET.fromstring(content)  # noqa: S314 - the portal's own output, not untrusted data


def rss_items(response):
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = parse_xml(response.content).find("channel")
    return channel, [item.findtext("title") for item in channel.findall("item")]


def vevents(response):
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    return calendar, calendar.walk("VEVENT")


def test_the_news_feed_parses_and_lists_published_articles_newest_first(client):
    ArticleFactory(title="Older", published_at=dt.datetime(2023, 1, 1, tzinfo=dt.UTC))
    ArticleFactory(title="Newer", published_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    ArticleFactory(title="Draft", status=Status.DRAFT)
    ArticleFactory(title="Scheduled", published_at=timezone.now() + dt.timedelta(days=1))

    channel, titles = rss_items(client.get("/feeds/news/"))

    assert titles == ["Newer", "Older"]
    assert channel.findtext("link") == "http://127.0.0.1:8000/news/"


def test_feed_items_link_to_the_article_on_the_canonical_address(client):
    article = ArticleFactory(summary="What happened in Accra.")

    item = parse_xml(client.get("/feeds/news/").content).find("channel/item")

    assert item.findtext("link") == f"http://127.0.0.1:8000{article.get_absolute_url()}"
    assert item.findtext("description") == "What happened in Accra."
    assert item.findtext("pubDate") == "Mon, 01 Jan 2024 00:00:00 +0000"


def test_an_article_without_a_summary_is_described_by_the_start_of_its_body(client):
    ArticleFactory(summary="", body="<p>The <strong>first</strong> words of the story.</p>")

    item = parse_xml(client.get("/feeds/news/").content).find("channel/item")

    assert item.findtext("description") == "The first words of the story."


def test_a_cluster_feed_lists_only_that_clusters_published_news(client):
    waste, transport = ClusterFactory(slug="waste"), ClusterFactory(slug="transport")
    ArticleFactory(title="Recycling in Kumasi").clusters.add(waste)
    ArticleFactory(title="Electric buses").clusters.add(transport)
    ArticleFactory(title="Draft waste news", status=Status.DRAFT).clusters.add(waste)

    channel, titles = rss_items(client.get("/clusters/waste/feed/"))

    assert titles == ["Recycling in Kumasi"]
    assert waste.name in channel.findtext("title")


def test_the_feed_of_an_unknown_or_draft_cluster_is_a_404(client):
    ClusterFactory(slug="hidden", status=Status.DRAFT)

    assert client.get("/clusters/nope/feed/").status_code == 404
    assert client.get("/clusters/hidden/feed/").status_code == 404


def test_feed_categories_leave_out_draft_clusters(client):
    article = ArticleFactory()
    article.clusters.add(ClusterFactory(name="Public cluster"), ClusterFactory(name="Secret", status=Status.DRAFT))

    item = parse_xml(client.get("/feeds/news/").content).find("channel/item")

    assert [category.text for category in item.findall("category")] == ["Public cluster"]


def test_the_events_calendar_parses_with_each_event_in_its_time_zone(client):
    shanghai = zoneinfo.ZoneInfo("Asia/Shanghai")
    EventFactory(
        title="Waste webinar",
        timezone="Asia/Shanghai",
        starts_at=dt.datetime(2025, 3, 4, 9, 0, tzinfo=shanghai),
        ends_at=dt.datetime(2025, 3, 4, 11, 0, tzinfo=shanghai),
    )

    calendar, (event,) = vevents(client.get("/feeds/events.ics"))

    assert event["SUMMARY"] == "Waste webinar"
    assert event.decoded("DTSTART") == dt.datetime(2025, 3, 4, 9, 0, tzinfo=shanghai)
    assert event["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]


def test_daylight_saving_time_is_kept_in_the_calendar(client):
    new_york = zoneinfo.ZoneInfo("America/New_York")
    EventFactory(
        timezone="America/New_York",
        starts_at=dt.datetime(2025, 7, 1, 9, 0, tzinfo=new_york),
        ends_at=dt.datetime(2025, 7, 1, 11, 0, tzinfo=new_york),
    )

    _calendar, (event,) = vevents(client.get("/feeds/events.ics"))

    assert event.decoded("DTSTART").astimezone(dt.UTC) == dt.datetime(2025, 7, 1, 13, 0, tzinfo=dt.UTC)


def test_a_title_with_a_line_break_cannot_inject_a_second_event(client):
    EventFactory(
        title="Harmless\r\nBEGIN:VEVENT\r\nSUMMARY:Injected\r\nEND:VEVENT",
        summary="Line one\r\nEND:VCALENDAR",
    )

    response = client.get("/feeds/events.ics")
    _calendar, events = vevents(response)

    assert len(events) == 1
    assert "Injected" in str(events[0]["SUMMARY"])
    lines = response.content.split(b"\r\n")
    assert lines.count(b"BEGIN:VEVENT") == 1
    assert lines.count(b"END:VCALENDAR") == 1


def test_text_is_escaped_as_rfc_5545_requires(client):
    EventFactory(title="Cities; towns, and regions")

    response = client.get("/feeds/events.ics")

    assert b"SUMMARY:Cities\\; towns\\, and regions" in response.content


def test_drafts_are_not_in_the_calendar(client):
    EventFactory(title="Public")
    EventFactory(title="Draft", status=Status.DRAFT)

    _calendar, events = vevents(client.get("/feeds/events.ics"))

    assert [str(event["SUMMARY"]) for event in events] == ["Public"]


def test_an_online_event_gives_its_link_as_location_and_url(client):
    event = EventFactory(attendance="online", online_url="https://example.org/live")

    _calendar, (vevent,) = vevents(client.get("/feeds/events.ics"))

    assert vevent["LOCATION"] == "https://example.org/live"
    assert vevent["URL"] == f"http://127.0.0.1:8000{event.get_absolute_url()}"
    assert vevent["UID"] == f"event-{event.pk}@127.0.0.1"


def test_an_empty_calendar_still_parses(client):
    calendar, events = vevents(client.get("/feeds/events.ics"))

    assert events == []
    assert calendar["VERSION"] == "2.0"


@pytest.mark.parametrize("url", ["/feeds/news/", "/feeds/events.ics", "/clusters/waste/feed/"])
def test_a_feed_reader_with_the_current_etag_gets_304(client, url):
    ArticleFactory().clusters.add(ClusterFactory(slug="waste"))
    EventFactory()

    first = client.get(url)
    again = client.get(url, headers={"if-none-match": first["ETag"]})

    assert first.status_code == 200
    assert again.status_code == 304


def test_the_etag_changes_when_an_article_is_unpublished(client, django_capture_on_commit_callbacks):
    ArticleFactory(title="Keep")
    gone = ArticleFactory(title="Gone")
    first = client.get("/feeds/news/")

    with django_capture_on_commit_callbacks(execute=True):
        type(gone).objects.filter(pk=gone.pk).unpublish()
    again = client.get("/feeds/news/", headers={"if-none-match": first["ETag"]})

    assert again.status_code == 200
    assert rss_items(again)[1] == ["Keep"]


def test_every_page_links_the_news_and_events_feeds(client):
    response = client.get("/")

    assert (
        '<link rel="alternate" type="application/rss+xml" title="News · South-South Cities Portal" '
        'href="http://127.0.0.1:8000/feeds/news/">' in response.text
    )
    assert 'type="text/calendar"' in response.text
    assert 'href="http://127.0.0.1:8000/feeds/events.ics"' in response.text


@pytest.mark.parametrize("size", [3, 30])
def test_feed_queries_do_not_grow_with_the_data(client, django_assert_num_queries, size):
    cluster = ClusterFactory(slug="waste")
    for article in ArticleFactory.create_batch(size):
        article.clusters.add(cluster)
    EventFactory.create_batch(size)

    with django_assert_num_queries(3 + SCHEDULE):  # the first answer after a change reads the schedule
        client.get("/feeds/news/")
    with django_assert_num_queries(4):
        client.get("/clusters/waste/feed/")
    with django_assert_num_queries(1):
        client.get("/feeds/events.ics")


@pytest.mark.django_db
def test_a_cluster_page_links_its_own_news_feed(client):
    ClusterFactory(slug="waste", short_name="Waste")
    html = client.get("/clusters/waste/").text
    assert re.search(
        r'<link rel="alternate" type="application/rss\+xml" title="Waste news[^"]*" href="[^"]*/clusters/waste/feed/">',
        html,
    )
