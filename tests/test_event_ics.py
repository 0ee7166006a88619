"""One event as iCalendar (/events/<slug>.ics) and the reusable calendar builder."""

import datetime as dt
import zoneinfo

import icalendar
import pytest
from django.utils import timezone

from core.publishing import Status
from events.calendar import calendar_bytes

from .factories import EventFactory, SessionFactory, SpeakerFactory
from .queries import SCHEDULE

pytestmark = pytest.mark.django_db

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


@pytest.fixture
def webinar():
    return EventFactory(
        slug="climate-action-2020",
        title="South-South Cooperation Between Cities for Climate Action",
        summary="Scientists and city decision-makers, together.",
        starts_at=dt.datetime(2020, 6, 30, 9, tzinfo=NEW_YORK),
        ends_at=dt.datetime(2020, 6, 30, 11, tzinfo=NEW_YORK),
        timezone="America/New_York",
        attendance="online",
        online_url="https://meet.example.org/climate",
    )


def download(client, event):
    return client.get(f"/events/{event.slug}.ics")


def parsed(response):
    return icalendar.Calendar.from_ical(response.content)


def test_ics_is_served_as_a_calendar_file_named_after_the_event(client, webinar):
    response = download(client, webinar)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="climate-action-2020.ics"'


def test_ics_is_a_calendar_with_prodid_version_and_one_event(client, webinar):
    calendar = parsed(download(client, webinar))

    assert calendar.name == "VCALENDAR"
    assert str(calendar["VERSION"]) == "2.0"
    assert "South-South Cities Portal" in str(calendar["PRODID"])
    assert len(calendar.events) == 1


def test_ics_times_are_in_the_events_zone_with_its_tzid_and_vtimezone(client, webinar):
    response = download(client, webinar)
    event = parsed(response).events[0]

    assert b"DTSTART;TZID=America/New_York:20200630T090000" in response.content
    assert b"DTEND;TZID=America/New_York:20200630T110000" in response.content
    assert event.start == dt.datetime(2020, 6, 30, 13, tzinfo=dt.UTC)
    assert event.end == dt.datetime(2020, 6, 30, 15, tzinfo=dt.UTC)
    assert [tz.tz_name for tz in parsed(response).timezones] == ["America/New_York"]


def test_the_vtimezone_gives_the_right_offset_at_the_events_time(client, webinar):
    calendar = parsed(download(client, webinar))
    zone = calendar.timezones[0].to_tz()

    assert dt.datetime(2020, 6, 30, 9, tzinfo=zone).utcoffset() == dt.timedelta(hours=-4)


def test_ics_event_has_a_stable_uid_dtstamp_summary_description_and_url(client, webinar):
    first = parsed(download(client, webinar)).events[0]
    second = parsed(download(client, webinar)).events[0]

    assert str(first["UID"]) == f"event-{webinar.pk}@127.0.0.1" == str(second["UID"])
    assert first["DTSTAMP"].dt == webinar.updated_at.replace(microsecond=0)
    assert str(first["SUMMARY"]) == webinar.title
    assert "Scientists and city decision-makers, together." in str(first["DESCRIPTION"])
    assert str(first["URL"]) == "http://127.0.0.1:8000/events/climate-action-2020/"


def test_an_online_event_gives_its_link_as_location(client, webinar):
    event = parsed(download(client, webinar)).events[0]

    assert str(event["LOCATION"]) == "https://meet.example.org/climate"


def test_an_event_in_person_gives_its_place_as_location(client):
    event = EventFactory(attendance="in_person", venue="City Hall", locality="Kumasi", country="GH")

    component = parsed(download(client, event)).events[0]

    assert str(component["LOCATION"]) == "City Hall, Kumasi, Ghana"


def test_a_title_with_line_breaks_cannot_add_a_second_event_or_properties(client):
    event = EventFactory(
        title="Webinar\r\nBEGIN:VEVENT\r\nSUMMARY:Injected\r\nEND:VEVENT",
        summary="Line one\r\nATTENDEE:mailto:x@example.org",
    )

    response = download(client, event)
    calendar = parsed(response)

    assert len(calendar.events) == 1
    assert str(calendar.events[0]["SUMMARY"]).startswith("Webinar\nBEGIN:VEVENT")
    assert "ATTENDEE" not in calendar.events[0]
    lines = response.content.split(b"\r\n")
    assert lines.count(b"BEGIN:VEVENT") == 1
    assert not any(line.startswith((b"SUMMARY:Injected", b"ATTENDEE")) for line in lines)


def test_special_characters_are_escaped_and_round_trip(client):
    event = EventFactory(title="Waste, recycling; and more \\ ideas")

    assert str(parsed(download(client, event)).events[0]["SUMMARY"]) == "Waste, recycling; and more \\ ideas"


@pytest.mark.parametrize(
    "event_kwargs",
    [{"status": Status.DRAFT}, {"published_at": timezone.now() + dt.timedelta(days=2)}],
    ids=["draft", "scheduled"],
)
def test_an_unpublished_event_has_no_calendar_file(client, event_kwargs):
    event = EventFactory(**event_kwargs)

    assert download(client, event).status_code == 404


def test_an_unknown_event_has_no_calendar_file(client):
    assert client.get("/events/no-such-event.ics").status_code == 404


@pytest.mark.parametrize("sessions", [1, 10])
def test_ics_takes_one_query_whatever_the_agenda(client, django_assert_num_queries, webinar, sessions):
    for number in range(sessions):
        SpeakerFactory(session=SessionFactory(event=webinar, order=number))

    with django_assert_num_queries(1 + SCHEDULE):
        response = download(client, webinar)

    assert response.status_code == 200


def test_calendar_bytes_puts_many_events_and_each_zone_once_in_one_calendar():
    shanghai = zoneinfo.ZoneInfo("Asia/Shanghai")
    events = [
        EventFactory(starts_at=dt.datetime(2022, 9, 20, 14, tzinfo=shanghai), timezone="Asia/Shanghai"),
        EventFactory(starts_at=dt.datetime(2022, 10, 18, 9, tzinfo=NEW_YORK), timezone="America/New_York"),
        EventFactory(starts_at=dt.datetime(2023, 12, 12, 8, tzinfo=NEW_YORK), timezone="America/New_York"),
    ]

    calendar = icalendar.Calendar.from_ical(calendar_bytes(events, name="Events"))

    assert len(calendar.events) == 3
    assert sorted(tz.tz_name for tz in calendar.timezones) == ["America/New_York", "Asia/Shanghai"]
    assert len({str(event["UID"]) for event in calendar.events}) == 3
    assert calendar.get_missing_tzids() == set()


def test_calendar_bytes_of_no_events_is_still_a_valid_calendar():
    calendar = icalendar.Calendar.from_ical(calendar_bytes([]))

    assert calendar.events == []
    assert str(calendar["VERSION"]) == "2.0"
