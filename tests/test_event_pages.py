"""The events list (/events/) and the event page (/events/<slug>/)."""

import datetime as dt
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.publishing import Status
from events.models import Event
from events.views import PER_PAGE

from .factories import (
    ClusterFactory,
    EventFactory,
    MemberFactory,
    PersonFactory,
    RecordingFactory,
    RecordingLinkFactory,
    SessionFactory,
    SpeakerFactory,
)
from .page_budget import BUDGET, page_weight
from .queries import SCHEDULE

pytestmark = pytest.mark.django_db

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def titles(response):
    return [event.title for _upcoming, rows in response.context["groups"] for event in rows]


def in_days(days, hours=2, **kwargs):
    """An event starting `days` from now (negative: in the past), lasting `hours`."""
    starts = timezone.now() + dt.timedelta(days=days)
    return EventFactory(starts_at=starts, ends_at=starts + dt.timedelta(hours=hours), **kwargs)


# Order -----------------------------------------------------------------------------------------


def test_upcoming_events_come_first_soonest_first_then_past_events_newest_first(client):
    in_days(-100, title="Long ago")
    in_days(50, title="Later")
    in_days(-10, title="Last week")
    in_days(5, title="Soon")
    in_days(-0.1, hours=5, title="Happening now")  # started, not yet ended: still upcoming

    response = client.get("/events/")

    assert titles(response) == ["Happening now", "Soon", "Later", "Last week", "Long ago"]


def test_the_order_carries_over_from_one_page_to_the_next(client):
    for day in range(PER_PAGE):
        in_days(-1 - day, title=f"Past {day}")
    in_days(3, title="Upcoming A")
    in_days(1, title="Upcoming B")

    first = titles(client.get("/events/"))
    second = titles(client.get("/events/", {"page": "2"}))

    assert first[:3] == ["Upcoming B", "Upcoming A", "Past 0"]
    assert second == [f"Past {day}" for day in range(PER_PAGE - 2, PER_PAGE)]


def test_listing_order_is_one_query_whatever_the_mix():
    in_days(-3, title="Past")
    in_days(3, title="Upcoming")

    assert [e.title for e in Event.objects.published().in_listing_order()] == ["Upcoming", "Past"]


def test_upcoming_and_past_events_are_listed_under_their_own_headings(client):
    in_days(5)
    in_days(-5)

    html = client.get("/events/").text

    assert html.index("Upcoming events</h2>") < html.index("Past events</h2>")


# Filters ---------------------------------------------------------------------------------------


def test_when_upcoming_lists_only_events_that_have_not_ended_soonest_first(client):
    in_days(-5, title="Past")
    in_days(9, title="Later")
    in_days(2, title="Sooner")

    assert titles(client.get("/events/", {"when": "upcoming"})) == ["Sooner", "Later"]


def test_when_past_lists_only_events_that_have_ended_newest_first(client):
    in_days(5, title="Upcoming")
    in_days(-20, title="Older")
    in_days(-2, title="Recent")

    assert titles(client.get("/events/", {"when": "past"})) == ["Recent", "Older"]


def test_cluster_filter_keeps_only_events_of_that_cluster(client):
    transport = ClusterFactory(slug="transport")
    in_days(3, title="Buses").clusters.add(transport)
    in_days(4, title="Other")

    assert titles(client.get("/events/", {"cluster": "transport"})) == ["Buses"]


def test_two_clusters_list_an_event_of_both_once_in_listing_order(client):
    transport, waste = ClusterFactory(slug="transport"), ClusterFactory(slug="waste")
    in_days(5, title="Both").clusters.add(transport, waste)
    in_days(3, title="Buses").clusters.add(transport)
    in_days(-3, title="Landfill visit").clusters.add(waste)
    in_days(4, title="Other")

    response = client.get("/events/", {"cluster": ["transport", "waste"], "kind": ["webinar", "workshop"]})

    assert titles(response) == ["Buses", "Both", "Landfill visit"]


def test_kind_filter_keeps_only_events_of_that_kind(client):
    in_days(3, title="A workshop", kind="workshop")
    in_days(4, title="A webinar", kind="webinar")

    assert titles(client.get("/events/", {"kind": "workshop"})) == ["A workshop"]


def test_year_filter_keeps_only_events_starting_that_year(client):
    EventFactory(title="2020 event", starts_at=dt.datetime(2020, 6, 30, 13, tzinfo=dt.UTC))
    EventFactory(title="2022 event", starts_at=dt.datetime(2022, 10, 18, 13, tzinfo=dt.UTC))

    assert titles(client.get("/events/", {"year": "2020"})) == ["2020 event"]


def test_filters_combine_so_an_event_must_match_all_of_them(client):
    transport = ClusterFactory(slug="transport")
    match = in_days(-400, title="Past transport workshop", kind="workshop")
    match.clusters.add(transport)
    in_days(-400, title="Past transport webinar", kind="webinar").clusters.add(transport)
    in_days(10, title="Upcoming transport workshop", kind="workshop").clusters.add(transport)
    year = match.starts_at.year

    response = client.get("/events/", {"cluster": "transport", "kind": "workshop", "when": "past", "year": year})

    assert titles(response) == ["Past transport workshop"]
    assert "1 event" in response.text


def test_drafts_and_scheduled_events_are_left_out_of_the_list_and_count(client):
    in_days(3, title="Public event")
    in_days(4, title="Draft event", status=Status.DRAFT)
    in_days(5, title="Scheduled event", published_at=timezone.now() + dt.timedelta(days=1))

    response = client.get("/events/")

    assert titles(response) == ["Public event"]
    assert "1 event<" in response.text
    assert "Draft event" not in response.text


def test_active_filters_are_shown_with_links_that_remove_them(client):
    ClusterFactory(slug="transport", short_name="Transport")

    response = client.get("/events/", {"cluster": "transport", "when": "past"})

    assert "Cluster: Transport" in response.text
    assert "When: Past" in response.text
    assert 'href="/events/?when=past"' in response.text


def test_event_cards_show_the_date_and_time_in_the_events_own_zone(client):
    EventFactory(
        starts_at=dt.datetime(2020, 7, 1, 1, 30, tzinfo=dt.UTC),  # still 30 June in New York
        ends_at=dt.datetime(2020, 7, 1, 3, tzinfo=dt.UTC),
        timezone="America/New_York",
    )

    html = client.get("/events/").text

    assert 'datetime="2020-06-30T21:30:00-04:00"' in html
    assert "21:30 New York time" in html


BAD_INPUTS = [
    ("page=abc", "is not a page number"),
    ("page=-1", "There is no page -1"),
    ("page=999999999", "There is no page 999999999"),
    ("cluster=nowhere", "Cluster “nowhere” was ignored"),
    ("kind=party", "Kind “party” was ignored"),
    ("when=sometimes", "When “sometimes” was ignored"),
    ("year=abcd", "Year “abcd” was ignored"),
    ("year=99999", "Year “99999” was ignored"),
    ("when=%ff", "When “\N{REPLACEMENT CHARACTER}” was ignored"),
    ("kind=%00", None),  # a control character is dropped: nothing is left to filter by
    ("q=" + "x" * 10_000, "The search was cut to its first 200 characters."),
    ("&".join(["when=sometimes"] * 1000), "When “sometimes” was ignored"),
]


@pytest.mark.parametrize(("query", "message"), BAD_INPUTS, ids=lambda v: str(v)[:30])
def test_bad_input_gives_a_page_with_a_message_never_an_error(client, query, message):
    in_days(3, title="Still listed")

    response = client.get(f"/events/?{query}")

    assert response.status_code == 200
    if message:
        assert message in response.text
    if not query.startswith("q=xx"):  # a search that matches nothing
        assert "Still listed" in response.text


def test_echoed_input_is_escaped(client):
    response = client.get("/events/", {"kind": "<script>alert(1)</script>"})

    assert "<script>alert(1)" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


# The event page ------------------------------------------------------------------------------


@pytest.fixture
def climate_webinar():
    event = EventFactory(
        title="South-South Cooperation Between Cities for Climate Action",
        kind="webinar",
        starts_at=dt.datetime(2020, 6, 30, 9, tzinfo=NEW_YORK),
        ends_at=dt.datetime(2020, 6, 30, 11, tzinfo=NEW_YORK),
        timezone="America/New_York",
        attendance="online",
        online_url="https://meet.example.org/climate",
        organisers="UNOSSC, with the IAI",
        objectives="<ul><li>Show how Southern cities act on climate.</li></ul>",
        report="<p>Five cases were presented.</p>",
    )
    return event


def test_event_page_shows_kind_and_times_in_the_events_zone_with_the_zone_named(client, climate_webinar):
    html = client.get(climate_webinar.get_absolute_url()).text

    assert "Webinar" in html
    assert "Tuesday 30 June 2020" in html
    assert '<time datetime="2020-06-30T09:00:00-04:00">' in html
    assert '<time datetime="2020-06-30T11:00:00-04:00">11:00</time>' in html
    assert "America/New York, EDT, UTC−04:00" in html


def test_an_event_over_several_days_shows_both_dates(client):
    event = EventFactory(
        starts_at=dt.datetime(2023, 5, 1, 9, tzinfo=dt.UTC),
        ends_at=dt.datetime(2023, 5, 3, 17, tzinfo=dt.UTC),
        timezone="Asia/Shanghai",
    )

    html = client.get(event.get_absolute_url()).text

    assert "Monday 1 May 2023, 17:00" in html
    assert "Thursday 4 May 2023, 01:00" in html
    assert "Asia/Shanghai, CST, UTC+08:00" in html


def test_an_online_event_shows_its_attendance_and_link(client, climate_webinar):
    html = client.get(climate_webinar.get_absolute_url()).text

    assert "<dd>Online</dd>" in html
    assert 'href="https://meet.example.org/climate"' in html


def test_an_event_in_person_shows_its_place(client):
    event = EventFactory(attendance="in_person", venue="City Hall", locality="Kumasi", country="GH")

    html = client.get(event.get_absolute_url()).text

    assert "<dd>In person</dd>" in html
    assert "City Hall, Kumasi, Ghana" in html


def test_event_page_links_published_hosts_and_names_the_other_organisers(client, climate_webinar):
    host = MemberFactory(name="Buenos Aires")
    climate_webinar.hosts.add(host, MemberFactory(name="Unlisted Host", status=Status.DRAFT))

    html = client.get(climate_webinar.get_absolute_url()).text

    assert f'<a href="{host.get_absolute_url()}">Buenos Aires</a>' in html
    assert "Unlisted Host" not in html
    assert "UNOSSC, with the IAI" in html


def test_event_page_links_published_clusters_only(client, climate_webinar):
    waste = ClusterFactory(short_name="Waste")
    climate_webinar.clusters.add(waste, ClusterFactory(short_name="Hidden", status=Status.DRAFT))

    html = client.get(climate_webinar.get_absolute_url()).text

    assert f'<a href="{waste.get_absolute_url()}">Waste</a>' in html
    assert "Hidden" not in html


def test_event_page_shows_objectives_and_the_post_event_summary(client, climate_webinar):
    html = client.get(climate_webinar.get_absolute_url()).text

    assert "Objectives</h2>" in html
    assert "<li>Show how Southern cities act on climate.</li>" in html
    assert "Summary of the event</h2>" in html
    assert "<p>Five cases were presented.</p>" in html


def test_agenda_lists_sessions_in_order_with_each_speakers_part_name_role_and_organisation(client, climate_webinar):
    closing = SessionFactory(event=climate_webinar, title="Closing", order=3)
    opening = SessionFactory(event=climate_webinar, title="Opening remarks", order=1)
    person = PersonFactory(honorific="Ms.", name="Xiaojun Grace Wang", role="Director", organisation="UNOSSC")
    SpeakerFactory(session=opening, person=person, part="Moderator")
    SpeakerFactory(session=closing, person=PersonFactory(name="Jorge Chediek"), part="Speaker")

    response = client.get(climate_webinar.get_absolute_url())
    html = response.text

    assert html.index("<h3>Opening remarks</h3>") < html.index("<h3>Closing</h3>")
    assert '<span class="speaker__part">Moderator</span>' in html
    assert '<span class="speaker__name">Ms. Xiaojun Grace Wang</span>' in html
    assert '<span class="speaker__role">Director, UNOSSC</span>' in html


def test_agenda_text_is_shown_as_text_not_markup(client, climate_webinar):
    session = SessionFactory(event=climate_webinar, title="<b>Q&A</b>", details='Say "hi" <script>x</script>')
    person = PersonFactory(honorific="Dr.", name="<i>Ana</i>", role="Head & founder", organisation="<em>ORG</em>")
    SpeakerFactory(session=session, person=person, part="<u>Chair</u>")

    html = client.get(climate_webinar.get_absolute_url()).text

    assert "<h3>&lt;b&gt;Q&amp;A&lt;/b&gt;</h3>" in html
    assert "<p>Say &quot;hi&quot; &lt;script&gt;x&lt;/script&gt;</p>" in html
    assert '<span class="speaker__part">&lt;u&gt;Chair&lt;/u&gt;</span>' in html
    assert '<span class="speaker__name">Dr. &lt;i&gt;Ana&lt;/i&gt;</span>' in html
    assert '<span class="speaker__role">Head &amp; founder, &lt;em&gt;ORG&lt;/em&gt;</span>' in html
    assert "<script>x" not in html and "<b>Q&A" not in html


def test_a_speaker_with_no_part_or_affiliation_shows_the_name_alone(client, climate_webinar):
    session = SessionFactory(event=climate_webinar, title="Panel")
    person = PersonFactory(honorific="", name="Jorge Chediek", role="", organisation="")
    SpeakerFactory(session=session, person=person, part="")

    html = client.get(climate_webinar.get_absolute_url()).text

    assert '<li class="speaker"><span class="speaker__name">Jorge Chediek</span></li>' in html


def test_recordings_have_one_link_per_platform(client, climate_webinar):
    recording = RecordingFactory(event=climate_webinar, title="Full webinar recording")
    RecordingLinkFactory(recording=recording, platform="youtube", url="https://www.youtube.com/watch?v=abc")
    RecordingLinkFactory(recording=recording, platform="bilibili", url="https://www.bilibili.com/video/BV1")

    html = client.get(climate_webinar.get_absolute_url()).text

    assert "Full webinar recording" in html
    assert '<a href="https://www.youtube.com/watch?v=abc">Watch on YouTube</a>' in html
    assert '<a href="https://www.bilibili.com/video/BV1">Watch on BiliBili</a>' in html


def test_a_recording_shows_its_length_when_it_is_known(client, climate_webinar):
    timed = RecordingFactory(event=climate_webinar, title="Morning", order=1, duration=dt.timedelta(minutes=95))
    untimed = RecordingFactory(event=climate_webinar, title="Afternoon", order=2)
    RecordingLinkFactory(recording=timed)
    RecordingLinkFactory(recording=untimed)

    html = client.get(climate_webinar.get_absolute_url()).text

    assert 'Morning <span class="recording__length">· <time datetime="PT1H35M">1 h 35 min</time></span>' in html
    assert '<span class="recording__title">Afternoon</span>' in html


def test_recordings_are_listed_in_order_each_with_its_own_links(client, climate_webinar):
    second = RecordingFactory(event=climate_webinar, title="Second half", order=2)
    first = RecordingFactory(event=climate_webinar, title="First half", order=1)
    RecordingLinkFactory(recording=second, platform="vimeo", url="https://vimeo.com/2")
    RecordingLinkFactory(recording=first, platform="youtube", url="https://www.youtube.com/watch?v=1")

    html = client.get(climate_webinar.get_absolute_url()).text

    assert html.index("First half") < html.index("youtube.com/watch?v=1") < html.index("Second half")
    assert html.index("Second half") < html.index("vimeo.com/2")


def test_a_recording_with_no_link_yet_is_not_listed_and_a_session_with_no_speaker_is(client, climate_webinar):
    """Links are added on the recording's own admin page, after the recording is saved with the event."""
    RecordingFactory(event=climate_webinar, title="Recording being uploaded")
    SessionFactory(event=climate_webinar, title="Open discussion")

    html = client.get(climate_webinar.get_absolute_url()).text

    assert "Recording being uploaded" not in html
    assert 'id="recordings-title"' not in html
    assert "<h3>Open discussion</h3>" in html


def test_an_upcoming_event_offers_add_to_calendar_and_a_past_one_does_not(client, climate_webinar):
    upcoming = in_days(10, title="Next webinar")

    html = client.get(upcoming.get_absolute_url()).text
    assert f'<a class="button" href="/events/{upcoming.slug}.ics">Add to calendar' in html

    html = client.get(climate_webinar.get_absolute_url()).text
    assert "Add to calendar" not in html
    assert client.get(f"/events/{climate_webinar.slug}.ics").status_code == 200  # the file stays


def test_event_page_has_title_description_canonical_and_open_graph(client, climate_webinar):
    html = client.get(climate_webinar.get_absolute_url()).text

    assert f"<title>{climate_webinar.title} · " in html
    assert '<meta name="description" content="A webinar.">' in html
    assert f'<link rel="canonical" href="http://127.0.0.1:8000{climate_webinar.get_absolute_url()}">' in html
    assert f'<meta property="og:title" content="{climate_webinar.title}">' in html


@pytest.mark.parametrize(
    "event_kwargs",
    [{"status": Status.DRAFT}, {"published_at": timezone.now() + dt.timedelta(days=2)}],
    ids=["draft", "scheduled"],
)
def test_an_unpublished_event_is_a_404(client, event_kwargs):
    event = EventFactory(**event_kwargs)

    assert client.get(event.get_absolute_url()).status_code == 404


# Budgets ---------------------------------------------------------------------------------------


def make_events(count):
    clusters = [ClusterFactory() for _ in range(3)]
    events = []
    for index in range(count):
        event = in_days(index - count // 2, title=f"Event {index}")
        event.clusters.add(*clusters)
        events.append(event)
    return events


def make_agenda(event, sessions):
    hosts = [MemberFactory() for _ in range(3)]
    event.hosts.add(*hosts)
    event.clusters.add(*(ClusterFactory() for _ in range(3)))
    for number in range(sessions):
        session = SessionFactory(event=event, order=number)
        for _ in range(3):
            SpeakerFactory(session=session)
        recording = RecordingFactory(event=event, title=f"Recording {number}")
        RecordingLinkFactory(recording=recording, platform="youtube")
        RecordingLinkFactory(recording=recording, platform="bilibili", url="https://www.bilibili.com/video/x")


@pytest.mark.parametrize("count", [3, 30])
@pytest.mark.parametrize("query", ["", "?page=2", "?when=past&cluster=cluster-0", "?kind=bad&year=abcd"], ids=str)
def test_events_list_query_count_does_not_grow_with_the_events(client, django_assert_num_queries, count, query):
    make_events(count)

    with django_assert_num_queries(6 + SCHEDULE):  # with the clusters the cards show
        response = client.get(f"/events/{query}")

    assert response.status_code == 200


@pytest.mark.parametrize("sessions", [1, 10])
def test_event_page_query_count_does_not_grow_with_the_agenda(client, django_assert_num_queries, sessions):
    event = EventFactory()
    make_agenda(event, sessions)

    # The event, its hosts, cluster ids, the clusters, sessions, speakers (with their people) and
    # links (with their recordings): Event.page_relations.
    with django_assert_num_queries(7 + SCHEDULE):
        response = client.get(event.get_absolute_url())

    assert response.text.count('class="speaker"') == 3 * sessions
    assert response.text.count("Watch on YouTube") == sessions


def test_the_agenda_and_recordings_are_read_without_joining_the_events_table(client):
    """Sorting an event's sessions, speakers, recordings and links by their event (or session) joined
    the events table to sort by its date, in four queries of every event page (three now: the links
    bring their recordings)."""
    event = EventFactory()
    make_agenda(event, 2)

    with CaptureQueriesContext(connection) as queries:
        assert client.get(event.get_absolute_url()).status_code == 200

    children = [
        query["sql"]
        for query in queries
        for table in ("events_session", "events_speaker", "events_recording", "events_recordinglink")
        if f'FROM "{table}"' in query["sql"]
    ]
    assert len(children) == 3
    assert not [sql for sql in children if 'JOIN "events_event"' in sql]


@pytest.mark.parametrize("path", ["/events/", "/events/?page=2", "event"])
def test_event_pages_weigh_less_than_the_budget(client, path):
    events = make_events(30)
    make_agenda(events[0], 10)
    url = events[0].get_absolute_url() if path == "event" else path

    response = client.get(url)

    assert page_weight(response) < BUDGET


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("", "Monday 19 December 2022"),
        ("/zh-hans", "2022年12月19日 星期一"),
        ("/es", "lunes, 19 de diciembre de 2022"),
        ("/ru", "Понедельник, 19 декабря 2022"),
    ],
)
def test_the_event_page_gives_the_weekday_and_date_in_the_languages_own_order(client, prefix, expected):
    event = EventFactory(
        starts_at=dt.datetime(2022, 12, 19, 14, tzinfo=dt.UTC),
        ends_at=dt.datetime(2022, 12, 19, 16, tzinfo=dt.UTC),
        timezone="UTC",
    )

    html = client.get(prefix + event.get_absolute_url()).text

    assert expected in html


def test_untranslated_places_and_organisers_are_isolated_from_arabic_text(client):
    address = EventFactory(locality="Santiago", organisers="UNOSSC and CICETE").get_absolute_url()

    listing = client.get("/ar/events/").text
    page = client.get("/ar" + address).text

    assert "<bdi>Santiago</bdi>" in listing
    assert '<p class="event-facts__organisers" dir="auto">UNOSSC and CICETE</p>' in page
