"""Events as iCalendar (RFC 5545): one event's "add to calendar" file, or a feed of many.

`calendar_bytes(events)` takes any iterable of published events and reads only their own
columns, so a caller pays one query for the events and nothing per event. Times are written
in each event's own time zone (DTSTART;TZID=…) with a matching VTIMEZONE, and every text
value goes through the icalendar library, which escapes commas, semicolons and line breaks:
a title cannot add properties or components of its own.
"""

import datetime as dt
from urllib.parse import urlsplit

import icalendar
from django.utils.translation import gettext as _

from core.urls import site_url

PRODID = "-//South-South Cities Portal//Events//EN"


def calendar_bytes(events, *, name=None, description=None, refresh=None):
    """A VCALENDAR holding one VEVENT per event (and the VTIMEZONEs they use), as bytes.

    `refresh` (a timedelta) tells subscribed calendar apps how often to fetch a feed again.
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.add("name", name)
        calendar.add("x-wr-calname", name)
    if description:
        calendar.add("description", description)
        calendar.add("x-wr-caldesc", description)
    if refresh:
        calendar.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", refresh)
    first = last = None
    for event in events:
        calendar.add_component(vevent(event))
        first = min(first or event.starts_at, event.starts_at)
        last = max(last or event.ends_at, event.ends_at)
    if first is not None:
        # Transitions only for the years the events span, so the file stays small.
        calendar.add_missing_timezones(
            first_date=dt.date(first.year - 1, 12, 1), last_date=dt.date(last.year + 1, 1, 31)
        )
    return calendar.to_ical()


def vevent(event):
    host = urlsplit(site_url()).hostname or "localhost"
    url = f"{site_url()}{event.get_absolute_url()}"
    component = icalendar.Event()
    component.add("uid", f"event-{event.pk}@{host}")
    # No METHOD on the calendar, so DTSTAMP is when the event was last revised (RFC 5545 3.8.7.2).
    component.add("dtstamp", event.updated_at)
    component.add("last-modified", event.updated_at)
    component.add("dtstart", event.starts_local)
    component.add("dtend", event.ends_local)
    component.add("summary", event.title)
    component.add("description", description(event, url))
    component.add("url", url)
    location = event.place if event.attendance != "online" else ""
    if location or event.online_url:
        component.add("location", location or event.online_url)
    component.add("categories", [str(event.get_kind_display())])
    component.add("status", "CONFIRMED")
    component.add("transp", "OPAQUE")
    return component


def description(event, url):
    parts = [event.summary]
    if event.organisers:
        parts.append(_("Organised by %(organisers)s.") % {"organisers": event.organisers})
    if event.online_url:
        parts.append(_("Join online: %(link)s") % {"link": event.online_url})
    parts.append(_("Details and agenda: %(url)s") % {"url": url})
    return "\n\n".join(part for part in parts if part)
