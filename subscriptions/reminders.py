"""Webinar reminders: an email 24 hours before an event, and a note once its recordings are out.

`send_due_reminders()` runs every hour (`send_digests` calls it). Each email is decided by a
conditional UPDATE (`reminded_at` or `recordings_sent_at` from NULL to now) in the transaction
that queues it (core.mail.queue_email sends after commit): of two runs, at the same time or one
after the other, only the one whose UPDATE changed the row sends, and a run that dies before its
commit leaves the row for the next one.

Only confirmed addresses are written to: a reminder asked for by an address that has not opened
its confirmation link waits, and is sent by the first run after the confirmation if the event is
then less than 24 hours away.

Every email is written in the subscriber's language, gives the start in the event's own time zone
and in UTC, and carries List-Unsubscribe (RFC 8058 one-click) and the preferences link (subscriptions.emails).
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.mail import queue_email
from core.publishing import Status
from core.urls import site_url
from events.calendar import calendar_bytes
from events.models import RecordingLink

from . import emails, services
from .models import Reminder, Subscriber

AHEAD = dt.timedelta(hours=24)


def ask_for_reminder(*, event, email, language):
    """ "Remind me" on an event's page. A confirmed address has the reminder stored at once and is
    sent nothing now (asking again cannot fill its inbox); any other address goes through the double
    opt-in (services.request_confirmation), and the reminder is stored when it confirms."""
    email = services.normalise_email(email)
    subscriber = Subscriber.objects.filter(email=email, confirmed_at__isnull=False).first()
    if subscriber is None:
        services.request_confirmation(email, language, event=event)
        return
    Reminder.objects.get_or_create(subscriber=subscriber, event=event)  # a parallel twin finds the row


def send_due_reminders(now=None):
    """Queue the reminders and recording notes that are due at `now`; returns how many of each."""
    now = now or timezone.now()
    return {"reminders": _send_reminders(now), "recordings": _send_recording_notes(now)}


def _confirmed_and_published(now):
    return Reminder.objects.filter(
        subscriber__confirmed_at__isnull=False,
        event__status=Status.PUBLISHED,
        event__published_at__lte=now,
    ).select_related("subscriber", "event")


def _send_reminders(now):
    due = _confirmed_and_published(now).filter(
        reminded_at__isnull=True, event__starts_at__gt=now, event__starts_at__lte=now + AHEAD
    )
    sent = 0
    calendars = {}  # (event, language) -> .ics text: a webinar's thousand reminders build it once per language
    for reminder in due.order_by("event__starts_at", "pk").iterator(chunk_size=500):
        with transaction.atomic():
            if not Reminder.objects.filter(pk=reminder.pk, reminded_at__isnull=True).update(reminded_at=now):
                continue  # another run sent it
            with in_language_of(reminder.subscriber):
                _reminder_email(reminder, calendars)
        sent += 1
    return sent


def _send_recording_notes(now):
    with_links = RecordingLink.objects.filter(recording__event=OuterRef("event"))
    due = _confirmed_and_published(now).filter(recordings_sent_at__isnull=True, event__ends_at__lt=now)
    due = due.filter(Exists(with_links))
    sent = 0
    for reminder in due.order_by("event__ends_at", "pk").iterator(chunk_size=500):
        with transaction.atomic():
            if not Reminder.objects.filter(pk=reminder.pk, recordings_sent_at__isnull=True).update(
                recordings_sent_at=now
            ):
                continue
            with in_language_of(reminder.subscriber):
                _recordings_email(reminder)
        sent += 1
    return sent


def in_language_of(subscriber):
    """The subscriber's language (English for a language no longer offered)."""
    language = subscriber.language if subscriber.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    return translation.override(language)


def moment(value, zone):
    """`value` as people read it in `zone`, in the active language's own order: "Tuesday 9
    December 2026, 14:00" (the date format the event's page uses)."""
    return dateformat.format(value.astimezone(zone), pgettext("date format: weekday, date and time", "l j F Y, H:i"))


def _footer(subscriber):
    return {"preferences_url": emails.preferences_url(subscriber)}


def _reminder_email(reminder, calendars):
    event, subscriber = reminder.event, reminder.subscriber
    context = {
        "event": event,
        "title": event.title,
        "local_time": moment(event.starts_at, event.tzinfo),
        "zone": event.tzinfo.key,
        "utc_time": moment(event.starts_at, dt.UTC),
        "event_url": f"{site_url()}{event.get_absolute_url()}",
        "site_name": settings.SITE_NAME,
        **_footer(subscriber),
    }
    queue_email(
        subject=_("Reminder: “%(title)s”, %(when)s (%(zone)s)")
        % {"title": event.title, "when": context["local_time"], "zone": context["zone"]},
        body=render_to_string("subscriptions/email/reminder.txt", context),
        to=[subscriber.email],
        headers=emails.list_unsubscribe_headers(subscriber),
        attachments=[(f"{event.slug}.ics", _calendar(event, calendars), "text/calendar")],
    )


def _calendar(event, calendars):
    """The event's .ics in the active language (its description is translated), built once per run."""
    key = (event.pk, translation.get_language())
    if key not in calendars:
        calendars[key] = calendar_bytes([event]).decode()
    return calendars[key]


def _recordings_email(reminder):
    event, subscriber = reminder.event, reminder.subscriber
    recordings = {}
    for link in (
        RecordingLink.objects.filter(recording__event=event)
        .select_related("recording")
        .order_by("recording__order", "recording_id", "platform")
    ):
        recordings.setdefault(link.recording, []).append(link)
    context = {
        "event": event,
        "title": event.title,
        "recordings": list(recordings.items()),
        "event_url": f"{site_url()}{event.get_absolute_url()}",
        "site_name": settings.SITE_NAME,
        **_footer(subscriber),
    }
    queue_email(
        subject=_("Recordings of “%(title)s”") % {"title": event.title},
        body=render_to_string("subscriptions/email/reminder_recordings.txt", context),
        to=[subscriber.email],
        headers=emails.list_unsubscribe_headers(subscriber),
    )
