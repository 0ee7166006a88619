"""iCalendar (RFC 5545) for published events.

Times are written in each event's own time zone (DTSTART;TZID=Asia/Shanghai:…) with a VTIMEZONE
for every zone used, so calendars show the right local time on both sides of a DST change.
Text goes through icalendar's escaping: a line break in a title becomes the two characters `\\n`
inside one property, so a title cannot start a second VEVENT.

The single-event download (`/events/<slug>.ics`, events/calendar.py) and this feed should share
one builder; `event_component()` is meant to be that builder.
"""

import datetime as dt
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.html import strip_tags
from icalendar import Calendar
from icalendar import Event as VEvent

from events.models import Attendance

PRODID = "-//South-South Cities Portal//Events//EN"
_LINE_BREAKS = re.compile(r"[\r\n\t\v\f\u2028\u2029\x85]+")


def _one_line(text):
    return " ".join(_LINE_BREAKS.sub(" ", text or "").split())


def _plain(html_text):
    return "\n\n".join(
        part.strip() for part in re.split(r"\n\s*\n", strip_tags(html_text or "").replace("\r", "")) if part.strip()
    )


def _host():
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def _absolute(path):
    return f"{settings.SITE_URL}{path}"


def location(event):
    place = ", ".join(
        part for part in (event.venue, event.locality, event.country.name if event.country else "") if part
    )
    if event.attendance == Attendance.ONLINE:
        return event.online_url or str(Attendance.ONLINE.label)
    if event.attendance == Attendance.HYBRID and event.online_url:
        return f"{place} · {event.online_url}" if place else event.online_url
    return place


def event_component(event):
    """One VEVENT, its times in the event's time zone."""
    zone = event.tzinfo
    url = _absolute(event.get_absolute_url())
    description = "\n\n".join(part for part in (_one_line(event.summary), _plain(event.description)) if part)
    if event.organisers:
        description += f"\n\n{_one_line(event.organisers)}"
    description = f"{description}\n\n{url}".strip()
    component = VEvent.new(
        uid=f"event-{event.pk}@{_host()}",
        stamp=event.updated_at,
        start=event.starts_at.astimezone(zone),
        end=event.ends_at.astimezone(zone),
        summary=_one_line(event.title),
        description=description,
        location=_one_line(location(event)) or None,
        url=url,
        categories=[str(event.get_kind_display())],
        status="CONFIRMED",
        created=event.created_at,
        last_modified=event.updated_at,
    )
    return component


def events_calendar(events, *, name, description=""):
    """A VCALENDAR of `events` with the VTIMEZONEs they need."""
    # A fixed UID (not a random one) keeps the body, and so its ETag, the same until an event changes.
    calendar = Calendar.new(prodid=PRODID, name=name, description=description or None, uid=f"events@{_host()}")
    calendar.add("REFRESH-INTERVAL", dt.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", "PT6H")
    first = last = None
    for event in events:
        calendar.add_component(event_component(event))
        first = min(first or event.starts_at, event.starts_at)
        last = max(last or event.ends_at, event.ends_at)
    if first:
        # Transitions only for the years the events span, to keep the VTIMEZONEs short.
        calendar.add_missing_timezones(
            first_date=(first - dt.timedelta(days=366)).date(), last_date=(last + dt.timedelta(days=366)).date()
        )
    return calendar
