"""Webinar reminders: "Remind me" on an event's page, the reminder 24 hours before (once, in the
subscriber's language, with the time in the event's own time zone, the join link and the .ics),
and the note with the recording links once they are out."""

import datetime as dt
import re
import uuid

import icalendar
import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation

from core.publishing import Status
from subscriptions import services
from subscriptions.models import Reminder, Subscriber
from subscriptions.reminders import send_due_reminders

from .factories import ClusterFactory, EventFactory, RecordingFactory, RecordingLinkFactory

START = dt.datetime(2030, 12, 10, 6, 0, tzinfo=dt.UTC)  # 14:00 in Shanghai, 03:00 in Santiago
JOIN = "https://meet.example.org/j/8841"


def committed(call, *args, **kwargs):
    """Run `call`, then what waited for its transaction to commit (the emails), as a request or a
    command run would."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return call(*args, **kwargs)


def subscriber(email="lucia@valparaiso.example.cl", language="en", confirmed=True):
    return Subscriber.objects.create(
        email=email, language=language, topics=[], confirmed_at=timezone.now() if confirmed else None
    )


def webinar(**fields):
    fields.setdefault("starts_at", START)
    fields.setdefault("ends_at", fields["starts_at"] + dt.timedelta(hours=2))
    fields.setdefault("online_url", JOIN)
    return EventFactory(**fields)


def reminder_for(event, who=None):
    return Reminder.objects.create(subscriber=who or subscriber(), event=event)


def run(at):
    return committed(send_due_reminders, now=at)


def sent_to(address):
    return [message for message in mail.outbox if address in message.to]


# --- when, and only once --------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_reminder_goes_out_once_between_24_hours_before_and_the_start():
    event = webinar(title="Heat action plans", timezone="Asia/Shanghai")
    reminder = reminder_for(event)

    assert run(START - dt.timedelta(hours=25))["reminders"] == 0
    assert mail.outbox == []

    assert run(START - dt.timedelta(hours=23))["reminders"] == 1
    assert run(START - dt.timedelta(hours=23))["reminders"] == 0  # the same run again
    assert run(START - dt.timedelta(hours=1))["reminders"] == 0  # the next hours' runs
    (message,) = mail.outbox
    assert message.to == ["lucia@valparaiso.example.cl"]
    assert "Heat action plans" in message.subject
    reminder.refresh_from_db()
    assert reminder.reminded_at == START - dt.timedelta(hours=23)


@pytest.mark.django_db
def test_no_reminder_once_the_event_has_started():
    event = webinar(timezone="Asia/Shanghai")
    reminder_for(event)

    assert run(START)["reminders"] == 0
    assert run(START + dt.timedelta(minutes=30))["reminders"] == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_reminder_asked_for_less_than_24_hours_before_still_goes_out():
    event = webinar()
    reminder_for(event)

    run(START - dt.timedelta(hours=3))
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_an_address_that_is_not_confirmed_receives_nothing():
    event = webinar()
    reminder_for(event, subscriber(confirmed=False))
    EventFactory(starts_at=START, ends_at=START + dt.timedelta(hours=1))

    assert run(START - dt.timedelta(hours=2)) == {"reminders": 0, "recordings": 0}
    assert mail.outbox == []


@pytest.mark.django_db
def test_no_reminder_of_an_unpublished_event():
    draft = webinar(slug="draft-webinar", status=Status.DRAFT)
    later = webinar(slug="scheduled-webinar", published_at=START + dt.timedelta(days=1))
    who = subscriber()
    reminder_for(draft, who)
    reminder_for(later, who)

    assert run(START - dt.timedelta(hours=2))["reminders"] == 0
    assert mail.outbox == []


# --- what it says ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_reminder_is_in_the_subscribers_language_with_the_time_in_the_events_zone():
    event = webinar(title="Heat action plans", slug="heat-action-plans", timezone="Asia/Shanghai")
    with translation.override("es"):
        event.title = "Planes de acción contra el calor"
        event.save()
    reminder_for(event, subscriber(language="es"))

    run(START - dt.timedelta(hours=20))

    (message,) = mail.outbox
    assert "Planes de acción contra el calor" in message.subject
    assert "martes, 10 de diciembre de 2030, 14:00 (Asia/Shanghai)" in message.body
    assert "martes, 10 de diciembre de 2030, 06:00 (UTC)" in message.body
    assert JOIN in message.body
    assert "http://127.0.0.1:8000/es/events/heat-action-plans/" in message.body
    assert "Tuesday" not in message.body and "December" not in message.body


@pytest.mark.django_db
def test_a_time_zone_west_of_utc_can_put_the_start_on_the_day_before():
    event = webinar(
        title="Bus rapid transit",
        timezone="America/Santiago",
        starts_at=dt.datetime(2030, 12, 10, 1, 30, tzinfo=dt.UTC),
    )
    reminder_for(event)

    run(event.starts_at - dt.timedelta(hours=12))

    (message,) = mail.outbox
    assert "Monday 9 December 2030, 22:30 (America/Santiago)" in message.body
    assert "Tuesday 10 December 2030, 01:30 (UTC)" in message.body
    assert "Monday 9 December 2030, 22:30" in message.subject


@pytest.mark.django_db
def test_the_reminder_carries_the_event_as_a_valid_ics():
    event = webinar(title="Heat action plans", slug="heat-action-plans", timezone="Asia/Shanghai")
    reminder_for(event)

    run(START - dt.timedelta(hours=20))

    (message,) = mail.outbox
    ((filename, content, mimetype),) = message.attachments
    assert (filename, mimetype) == ("heat-action-plans.ics", "text/calendar")
    assert content.startswith("BEGIN:VCALENDAR")
    assert "DTSTART;TZID=Asia/Shanghai:20301210T140000" in content
    (vevent,) = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert vevent.decoded("dtstart") == START
    assert str(vevent["summary"]) == "Heat action plans"


@pytest.mark.django_db
def test_every_reminder_email_offers_one_click_unsubscribe_and_the_preferences_page():
    event = webinar()
    who = subscriber()
    reminder_for(event, who)

    run(START - dt.timedelta(hours=20))

    (message,) = mail.outbox
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert re.fullmatch(r"<http://127\.0\.0\.1:8000/subscribe/unsubscribe/[^>]+/>", unsubscribe)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"/subscribe/preferences/{who.link_token()}/" in message.body
    assert services.subscriber_for_link(unsubscribe.rsplit("/", 2)[-2]) == who


@pytest.mark.django_db
def test_a_deleted_address_receives_nothing_more():
    event = webinar()
    who = subscriber()
    reminder_for(event, who)
    services.delete_subscriber(who)

    run(START - dt.timedelta(hours=20))
    assert mail.outbox == []


# --- recordings -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_recording_links_are_sent_once_when_they_are_added():
    event = webinar(title="Heat action plans")
    reminder = reminder_for(event)
    run(START - dt.timedelta(hours=20))
    mail.outbox.clear()
    after = event.ends_at + dt.timedelta(days=2)

    assert run(after)["recordings"] == 0  # no recording yet
    recording = RecordingFactory(event=event, title="Full session")
    assert run(after)["recordings"] == 0  # a recording with no link has nothing to watch
    RecordingLinkFactory(recording=recording, platform="youtube", url="https://youtu.be/heat-plans")
    RecordingLinkFactory(recording=recording, platform="bilibili", url="https://b23.tv/heat-plans")

    assert run(after)["recordings"] == 1
    assert run(after + dt.timedelta(hours=1))["recordings"] == 0
    (message,) = mail.outbox
    assert "Heat action plans" in message.subject
    assert "https://youtu.be/heat-plans" in message.body
    assert "https://b23.tv/heat-plans" in message.body
    assert "Full session" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    reminder.refresh_from_db()
    assert reminder.recordings_sent_at == after


@pytest.mark.django_db
def test_no_recording_note_before_the_event_ends():
    event = webinar()
    reminder_for(event)
    RecordingLinkFactory(recording=RecordingFactory(event=event), url="https://youtu.be/trailer")

    assert run(START + dt.timedelta(hours=1))["recordings"] == 0


# --- "Remind me" ----------------------------------------------------------------------------------


def remind_url(event, language=None):
    with translation.override(language or "en"):
        return reverse("subscriptions:remind", args=[event.slug])


def form_data(**overrides):
    data = {"email": "lucia@valparaiso.example.cl", "language": "es", "form_token": str(uuid.uuid4()), "fax_number": ""}
    data.update(overrides)
    return data


@pytest.fixture
def upcoming(db):
    now = timezone.now()
    return EventFactory(
        title="Heat action plans", slug="heat-action-plans", starts_at=now + dt.timedelta(days=3), online_url=JOIN
    )


@pytest.mark.django_db
def test_an_upcoming_events_page_offers_remind_me_and_a_started_one_does_not(client, upcoming):
    page = client.get(upcoming.get_absolute_url()).content.decode()
    assert f'href="{remind_url(upcoming)}"' in page

    now = timezone.now()
    running = EventFactory(starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(hours=5))
    page = client.get(running.get_absolute_url()).content.decode()
    assert remind_url(running) not in page
    assert client.get(remind_url(running)).status_code == 410


@pytest.mark.django_db
def test_an_events_page_offers_to_follow_its_clusters_by_email_with_them_ticked(client, upcoming):
    waste, transport = ClusterFactory(slug="waste"), ClusterFactory(slug="transport")
    upcoming.clusters.set([waste, transport])
    page = client.get(upcoming.get_absolute_url()).content.decode()
    link = re.search(r'<a href="(/subscribe/\?[^"]+)">Get the next events of these clusters by email', page)
    form = client.get(link.group(1).replace("&amp;", "&")).content.decode()
    for cluster in (waste, transport):
        assert re.search(rf'name="clusters" value="{cluster.pk}"[^>]*checked', form)


@pytest.mark.django_db
def test_the_form_is_in_the_pages_language(client, upcoming):
    page = client.get(remind_url(upcoming, "fr")).content.decode()
    assert re.search(r'<option value="fr" selected>', page)


@pytest.mark.django_db
def test_a_new_address_is_asked_to_confirm_and_reminded_only_after(client, upcoming):
    response = committed(client.post, remind_url(upcoming), form_data())

    assert response.status_code == 200
    (confirmation,) = mail.outbox
    assert confirmation.to == ["lucia@valparaiso.example.cl"]
    assert "/es/subscribe/confirm/" in confirmation.body
    who = Subscriber.objects.get()
    assert (who.confirmed_at, who.topics, who.language) == (None, [], "es")
    assert not Reminder.objects.exists()
    assert run(upcoming.starts_at - dt.timedelta(hours=2))["reminders"] == 0

    services.confirm(who)
    mail.outbox.clear()
    run(upcoming.starts_at - dt.timedelta(hours=2))
    (reminder,) = mail.outbox
    assert "Heat action plans" in reminder.subject
    assert "diciembre" in reminder.body or "de 20" in reminder.body  # written in Spanish


@pytest.mark.django_db
def test_a_confirmed_address_is_registered_at_once_and_sent_nothing_now(client, upcoming):
    who = subscriber(email="lucia@valparaiso.example.cl")

    response = committed(client.post, remind_url(upcoming), form_data(email="Lucia@Valparaiso.example.CL"))

    assert response.status_code == 200
    assert mail.outbox == []
    assert Reminder.objects.get().subscriber == who


@pytest.mark.django_db
def test_the_answer_never_tells_whether_an_address_is_subscribed(client, upcoming):
    subscriber(email="confirmed@example.org")
    subscriber(email="waiting@example.org", confirmed=False)

    answers = set()
    for email in ("new@example.org", "waiting@example.org", "confirmed@example.org"):
        response = committed(client.post, remind_url(upcoming), form_data(email=email))
        assert response.status_code == 200
        answers.add(response.content.decode().replace(email, "ADDRESS"))
    assert len(answers) == 1
    (page,) = answers
    assert "ADDRESS" not in page
    assert "If this address is confirmed, we will remind you" in page


@pytest.mark.django_db
def test_the_honeypot_stores_and_sends_nothing(client, upcoming):
    response = committed(client.post, remind_url(upcoming), form_data(fax_number="+1 555 0100"))

    assert response.status_code == 400
    assert "meant to stay empty" in response.content.decode()
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_form_without_its_token_is_shown_again_and_a_token_counts_once(client, upcoming):
    data = form_data()
    del data["form_token"]
    response = committed(client.post, remind_url(upcoming), data)
    assert response.status_code == 400
    assert "This form was out of date" in response.content.decode()
    assert mail.outbox == []

    data = form_data()
    assert committed(client.post, remind_url(upcoming), data).status_code == 200
    again = committed(client.post, remind_url(upcoming), data)  # reload, or a second click
    assert again.status_code == 200
    assert "If this address is confirmed, we will remind you" in again.content.decode()
    assert len(mail.outbox) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", "not-an-address"),
        ("email", "lucia@example.org\r\nBcc: everyone@example.org"),
        ("email", "a" * 250 + "@example.org"),
        ("email", ""),
        ("language", "xx"),
        ("language", ""),
        ("form_token", "not-a-uuid"),
    ],
)
def test_bad_values_get_a_clear_400_and_nothing_is_stored(client, upcoming, field, value):
    response = committed(client.post, remind_url(upcoming), form_data(**{field: value}))

    assert response.status_code == 400
    assert "Please correct the following" in response.content.decode()
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_form_is_rate_limited_per_connection(client, upcoming, settings):
    settings.SUBMISSIONS_PER_HOUR = 2
    for number in range(2):
        assert (
            committed(client.post, remind_url(upcoming), form_data(email=f"city{number}@example.org")).status_code
            == 200
        )

    response = committed(client.post, remind_url(upcoming), form_data(email="city9@example.org"))

    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert not Subscriber.objects.filter(email="city9@example.org").exists()
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_only_published_events_take_reminders(client):
    draft = EventFactory(status=Status.DRAFT, starts_at=timezone.now() + dt.timedelta(days=2))
    assert client.get(remind_url(draft)).status_code == 404
    assert committed(client.post, remind_url(draft), form_data()).status_code == 404
    assert client.get("/subscribe/remind/no-such-event/").status_code == 404
    assert not Subscriber.objects.exists()
