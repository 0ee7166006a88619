"""Subscribing by email: double opt-in, preferences by signed link, leaving in one click.

What a subscriber would notice: nothing arrives but the confirmation until it is confirmed; the
form says the same thing whoever the address belongs to; a second request from a known address
changes nothing until its new link is opened; the preferences link changes, exports and deletes
only this subscriber; the one-click unsubscribe works from a mail client with no session or
CSRF token and stops every email.
"""

import datetime as dt
import json
import re
import time
import uuid

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from subscriptions import emails, services
from subscriptions.models import CONFIRM_SALT, Digest, Reminder, Subscriber, Topic

from .factories import ClusterFactory, EventFactory

FORM_ENCODED = "application/x-www-form-urlencoded"
LINK = re.compile(r"https?://\S+/subscribe/confirm/\S+/")


def form_data(**overrides):
    data = {
        "email": "Amina@Kisumu.example",
        "language": "en",
        "all_clusters": "on",
        "topics": ["news", "events"],
        "frequency": "weekly",
        "form_token": str(uuid.uuid4()),
        "fax_number": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    def send(data=None, path=None, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path or reverse("subscriptions:subscribe"), data or form_data(), **extra)

    return send


def confirm_link(message):
    return LINK.search(message.body).group(0)


def path_of(url):
    return url.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def confirmed(email="amina@kisumu.example", **fields):
    fields.setdefault("topics", [Topic.NEWS])
    return Subscriber.objects.create(email=email, confirmed_at=timezone.now(), digest_since=timezone.now(), **fields)


# Subscribing -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_form_preticks_the_cluster_it_was_opened_from(client):
    cluster = ClusterFactory(slug="transport")
    ClusterFactory(slug="water")

    response = client.get(reverse("subscriptions:subscribe"), {"cluster": "transport"})

    form = response.context["form"]
    assert form.initial["clusters"] == [cluster.pk]
    assert form.initial["all_clusters"] is False
    assert re.search(rf'value="{cluster.pk}"[^>]*checked', response.content.decode())


@pytest.mark.django_db
def test_the_language_defaults_to_the_page_s(client):
    response = client.get("/es/subscribe/")
    assert response.context["form"].initial["language"] == "es"


@pytest.mark.django_db
def test_a_new_address_gets_only_a_confirmation_email_in_its_language(send):
    response = send(form_data(language="fr"))

    assert response.status_code == 302
    assert response["Location"] == reverse("subscriptions:sent")
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "amina@kisumu.example"
    assert subscriber.confirmed_at is None
    assert (subscriber.language, subscriber.topics, subscriber.all_clusters) == ("fr", ["news", "events"], True)
    [message] = mail.outbox
    assert message.to == ["amina@kisumu.example"]
    assert "/fr/subscribe/confirm/" in message.body
    assert "List-Unsubscribe" not in message.extra_headers  # not list mail: nothing was agreed yet


@pytest.mark.django_db
def test_the_answer_is_the_same_for_new_known_and_confirmed_addresses(client, send):
    answers = []
    for state in ["new", "unconfirmed", "confirmed"]:
        Subscriber.objects.all().delete()
        if state == "unconfirmed":
            Subscriber.objects.create(email="amina@kisumu.example", topics=["news"])
        elif state == "confirmed":
            confirmed()
        response = send(form_data())
        page = client.get(response["Location"])
        answers.append((response.status_code, response["Location"], page.content.decode()))
    assert answers[0] == answers[1] == answers[2]
    assert "amina" not in answers[0][2].lower()


@pytest.mark.django_db
def test_a_known_address_changes_nothing_until_the_new_link_is_opened(client, send):
    water = ClusterFactory(slug="water")
    subscriber = confirmed(language="en", frequency="weekly")

    asked = {"clusters": [str(water.pk)], "topics": ["solutions"], "frequency": "monthly", "language": "pt"}
    send(form_data(all_clusters=None, **asked))

    subscriber.refresh_from_db()
    assert (subscriber.topics, subscriber.frequency, subscriber.language) == (["news"], "weekly", "en")
    assert subscriber.all_clusters is True
    assert subscriber.pending["preferences"]["frequency"] == "monthly"
    [message] = mail.outbox
    assert "/pt/subscribe/confirm/" in message.body

    link = path_of(confirm_link(message))
    client.post(link)

    subscriber.refresh_from_db()
    assert (subscriber.topics, subscriber.frequency, subscriber.language) == (["solutions"], "monthly", "pt")
    assert subscriber.all_clusters is False
    assert list(subscriber.clusters.all()) == [water]
    assert subscriber.pending == {}


@pytest.mark.django_db
def test_an_older_confirmation_link_does_not_apply_a_later_request(client, send):
    subscriber = confirmed()
    send(form_data(frequency="monthly"))
    older = path_of(confirm_link(mail.outbox[0]))
    subscriber.refresh_from_db()
    # The same address asked again later (someone else may have typed it).
    Subscriber.objects.filter(pk=subscriber.pk).update(
        pending={**subscriber.pending, "requested_at": subscriber.pending["requested_at"] + 10}
    )

    response = client.post(older)

    assert response.status_code == 410
    assert "newer link" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.frequency == "weekly"


@pytest.mark.django_db
def test_nothing_but_the_confirmation_before_confirming(send):
    """The digest and reminder helpers send to confirmed addresses only; here: the sign-up sends one
    email, and asking again sends one more confirmation and nothing else."""
    send(form_data())
    send(form_data())
    assert len(mail.outbox) == 2
    assert all("/subscribe/confirm/" in message.body for message in mail.outbox)
    assert Subscriber.objects.filter(confirmed_at__isnull=False).count() == 0


@pytest.mark.django_db
def test_a_resent_form_sends_one_email(send):
    data = form_data()
    send(data)
    send(data)
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_at_least_one_topic_and_one_cluster(send):
    response = send(form_data(topics=None, all_clusters=None))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "topics" in errors and "clusters" in errors
    assert Subscriber.objects.count() == 0 and mail.outbox == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides",
    [
        {"email": "not-an-address"},
        {"email": "a@b.example\r\nBcc: x@y.example"},
        {"language": "xx"},
        {"frequency": "daily"},
        {"topics": ["gossip"]},
        {"all_clusters": None, "clusters": ["999999"]},
        {"all_clusters": None, "clusters": ["abc"]},
    ],
)
def test_bad_values_are_refused_with_nothing_stored(send, overrides):
    response = send(form_data(**overrides))
    assert response.status_code == 400
    assert Subscriber.objects.count() == 0 and mail.outbox == []


@pytest.mark.django_db
def test_the_honeypot_stores_nothing_and_counts_toward_the_limit(send, settings):
    settings.SUBMISSIONS_PER_HOUR = 1
    response = send(form_data(fax_number="+1 555"))
    assert response.status_code == 400
    assert Subscriber.objects.count() == 0 and mail.outbox == []
    assert send(form_data()).status_code == 429


@pytest.mark.django_db
def test_a_missing_token_gets_a_fresh_one(send):
    response = send(form_data(form_token=None))
    assert response.status_code == 400
    assert "out of date" in response.content.decode()
    assert response.context["form"]["form_token"].value()
    assert Subscriber.objects.count() == 0


@pytest.mark.django_db
def test_one_connection_is_limited(send, settings):
    settings.SUBMISSIONS_PER_HOUR = 2
    send(form_data(email="a@one.example"))
    send(form_data(email="b@one.example"))
    response = send(form_data(email="c@one.example"))
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert Subscriber.objects.filter(email="c@one.example").count() == 0
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_one_address_gets_a_few_confirmations_a_day_whoever_asks(send, settings):
    settings.SUBMISSIONS_PER_HOUR = 100
    for n in range(services.CONFIRMATIONS_PER_ADDRESS_PER_DAY + 3):
        response = send(form_data(), REMOTE_ADDR=f"10.0.0.{n + 1}")
        assert response.status_code == 302  # the same answer, even when nothing is sent
    assert len(mail.outbox) == services.CONFIRMATIONS_PER_ADDRESS_PER_DAY


# Confirming --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_opening_the_link_shows_a_button_and_only_the_post_confirms(client, send):
    send(form_data())
    link = path_of(confirm_link(mail.outbox[0]))

    page = client.get(link)
    assert page.status_code == 200
    assert "Confirm" in page.content.decode()
    assert Subscriber.objects.get().confirmed_at is None  # a mail scanner opening the link confirms nothing

    response = client.post(link)
    subscriber = Subscriber.objects.get()
    assert response.status_code == 200
    assert subscriber.confirmed_at is not None
    assert subscriber.digest_since == subscriber.confirmed_at
    assert reverse("subscriptions:preferences", args=[subscriber.link_token()]) in response.content.decode()

    again = client.post(link)
    assert again.status_code == 200
    assert "already confirmed" in again.content.decode()
    assert Subscriber.objects.get().confirmed_at == subscriber.confirmed_at
    assert len(mail.outbox) == 1


class EightDaysAgo(signing.TimestampSigner):
    def timestamp(self):
        return signing.b62_encode(int(time.time()) - 8 * 24 * 60 * 60)


@pytest.mark.django_db
def test_a_confirmation_link_expires(client):
    subscriber = Subscriber.objects.create(email="amina@kisumu.example", topics=["news"])
    token = EightDaysAgo(salt=CONFIRM_SALT).sign_object({"id": subscriber.pk, "n": subscriber.nonce})
    link = reverse("subscriptions:confirm", args=[token])

    for response in (client.get(link), client.post(link)):
        assert response.status_code == 410
        assert "expired" in response.content.decode()
    assert Subscriber.objects.get().confirmed_at is None


@pytest.mark.django_db
def test_links_are_single_purpose_and_tamper_proof(client):
    subscriber = Subscriber.objects.create(email="amina@kisumu.example", topics=["news"])
    confirm = reverse("subscriptions:confirm", args=[subscriber.confirm_token()])
    preferences_link = reverse("subscriptions:preferences", args=[subscriber.link_token()])

    # The preferences token does not confirm, the confirmation token opens no preferences page.
    assert client.post(reverse("subscriptions:confirm", args=[subscriber.link_token()])).status_code == 404
    assert client.get(reverse("subscriptions:preferences", args=[subscriber.confirm_token()])).status_code == 404
    forged = signing.TimestampSigner(salt=CONFIRM_SALT, key="not-the-secret").sign_object(
        {"id": subscriber.pk, "n": subscriber.nonce}
    )
    for path in [confirm[:-5] + "xxxx/", reverse("subscriptions:confirm", args=[forged]), preferences_link[:-3] + "/"]:
        response = client.post(path)
        assert response.status_code == 404, path
        assert "not valid" in response.content.decode()
    assert Subscriber.objects.get().confirmed_at is None


@pytest.mark.django_db
def test_confirming_a_reminder_request_creates_the_reminder(client, django_capture_on_commit_callbacks):
    event = EventFactory()
    with django_capture_on_commit_callbacks(execute=True):
        subscriber = services.request_confirmation("Ines@Maputo.example", "pt", event=event)
    assert subscriber.topics == [] and Reminder.objects.count() == 0
    client.post(path_of(confirm_link(mail.outbox[0])))
    assert list(Reminder.objects.values_list("subscriber__email", "event")) == [("ines@maputo.example", event.pk)]


# Preferences, data, deletion -----------------------------------------------------------------------


@pytest.mark.django_db
def test_preferences_change_at_once(client):
    water = ClusterFactory(slug="water")
    subscriber = confirmed()
    link = reverse("subscriptions:preferences", args=[subscriber.link_token()])

    page = client.get(link)
    assert page.status_code == 200
    response = client.post(
        link, {"language": "ar", "clusters": [str(water.pk)], "topics": ["exchange"], "frequency": "monthly"}
    )

    assert response.status_code == 200
    assert "saved" in response.content.decode()
    subscriber.refresh_from_db()
    assert (subscriber.language, subscriber.topics, subscriber.frequency) == ("ar", ["exchange"], "monthly")
    assert (subscriber.all_clusters, list(subscriber.clusters.all())) == (False, [water])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "bad",
    [{"language": "xx"}, {"frequency": "daily"}, {"topics": ["gossip"]}, {"all_clusters": "", "clusters": ["abc"]}],
)
def test_bad_preferences_change_nothing(client, bad):
    subscriber = confirmed()
    data = {"language": "fr", "all_clusters": "on", "topics": ["events"], "frequency": "monthly", **bad}
    response = client.post(reverse("subscriptions:preferences", args=[subscriber.link_token()]), data)
    assert response.status_code == 400
    subscriber.refresh_from_db()
    assert (subscriber.language, subscriber.topics, subscriber.frequency) == ("en", ["news"], "weekly")


@pytest.mark.django_db
def test_the_download_holds_this_subscriber_s_data_only(client):
    event = EventFactory(title="Bus rapid transit webinar")
    other_event = EventFactory(title="Someone else's webinar")
    subscriber = confirmed(frequency="monthly")
    other = confirmed(email="other@elsewhere.example")
    Reminder.objects.create(subscriber=subscriber, event=event)
    Reminder.objects.create(subscriber=other, event=other_event)
    now = timezone.now()
    Digest.objects.create(subscriber=subscriber, period="2026-11", starts_at=now, ends_at=now, status="sent")
    Digest.objects.create(subscriber=other, period="2026-10", starts_at=now, ends_at=now, status="sent")

    response = client.get(reverse("subscriptions:download", args=[subscriber.link_token()]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["email"] == "amina@kisumu.example"
    assert (data["frequency"], data["topics"], data["language"]) == ("monthly", ["news"], "en")
    assert [reminder["event"] for reminder in data["reminders"]] == ["Bus rapid transit webinar"]
    assert [digest["period"] for digest in data["digests"]] == ["2026-11"]
    assert "other@elsewhere.example" not in response.content.decode()
    assert "Someone else" not in response.content.decode()


@pytest.mark.django_db
def test_delete_removes_everything_and_revokes_the_links(client):
    subscriber = confirmed()
    Reminder.objects.create(subscriber=subscriber, event=EventFactory())
    token = subscriber.link_token()

    response = client.post(reverse("subscriptions:delete", args=[token]))

    assert response.status_code == 200
    assert "deleted" in response.content.decode()
    assert (Subscriber.objects.count(), Reminder.objects.count()) == (0, 0)
    assert client.get(reverse("subscriptions:preferences", args=[token])).status_code == 404
    assert client.get(reverse("subscriptions:download", args=[token])).status_code == 404
    assert client.get(reverse("subscriptions:delete", args=[token])).status_code == 405


@pytest.mark.django_db
def test_a_reused_id_does_not_revive_old_links(client):
    """SQLite may give a deleted row's id to the next one: the nonce keeps old links from opening it."""
    subscriber = confirmed()
    token = subscriber.link_token()
    pk = subscriber.pk
    subscriber.delete()
    Subscriber.objects.create(pk=pk, email="someone-else@example.org", topics=["news"], confirmed_at=timezone.now())

    assert client.get(reverse("subscriptions:preferences", args=[token])).status_code == 404
    client.post(reverse("subscriptions:unsubscribe", args=[token]))
    assert Subscriber.objects.filter(email="someone-else@example.org").exists()


# Leaving in one click ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_one_click_unsubscribe_from_a_mail_client():
    subscriber = confirmed()
    Reminder.objects.create(subscriber=subscriber, event=EventFactory())
    headers = emails.list_unsubscribe_headers(subscriber)
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = headers["List-Unsubscribe"].strip("<>")
    assert url.startswith("http")
    mail_client = Client(enforce_csrf_checks=True)  # no session, no cookie, no CSRF token

    def one_click():
        return mail_client.post(path_of(url), "List-Unsubscribe=One-Click", content_type=FORM_ENCODED)

    response = one_click()

    assert response.status_code == 200
    assert (Subscriber.objects.count(), Reminder.objects.count()) == (0, 0)  # no digest, no reminder: nothing left
    again = one_click()
    assert again.status_code == 200
    assert "unsubscribed" in again.content.decode()


@pytest.mark.django_db
def test_the_unsubscribe_page_asks_first(client):
    subscriber = confirmed()
    link = reverse("subscriptions:unsubscribe", args=[subscriber.link_token()])
    response = client.get(link)
    assert response.status_code == 200
    assert "<button" in response.content.decode()
    assert Subscriber.objects.count() == 1
    assert client.post(link).status_code == 200
    assert Subscriber.objects.count() == 0
    assert "no longer exists" in client.get(link).content.decode()


@pytest.mark.django_db
def test_only_the_one_click_view_skips_the_csrf_check():
    subscriber = confirmed()
    token = subscriber.link_token()
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(reverse("subscriptions:delete", args=[token])).status_code == 403
    data = {"language": "en", "all_clusters": "on", "topics": ["news"], "frequency": "monthly"}
    assert strict.post(reverse("subscriptions:preferences", args=[token]), data).status_code == 403
    assert strict.post(reverse("subscriptions:subscribe"), form_data()).status_code == 403
    subscriber.refresh_from_db()
    assert subscriber.frequency == "weekly"


@pytest.mark.django_db
def test_the_unsubscribe_link_is_in_the_subscriber_s_language():
    subscriber = confirmed(language="es")
    assert "/es/subscribe/unsubscribe/" in emails.list_unsubscribe_headers(subscriber)["List-Unsubscribe"]
    assert "/es/subscribe/preferences/" in emails.preferences_url(subscriber)


# Housekeeping ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_unconfirmed_sign_ups_are_deleted_after_seven_days():
    old = Subscriber.objects.create(email="old@example.org")
    recent = Subscriber.objects.create(email="recent@example.org")
    keep = confirmed(email="kept@example.org")
    Subscriber.objects.filter(pk__in=[old.pk, keep.pk]).update(created_at=timezone.now() - dt.timedelta(days=8))

    assert services.delete_unconfirmed() == 1
    assert sorted(Subscriber.objects.values_list("email", flat=True)) == ["kept@example.org", "recent@example.org"]
    assert services.delete_unconfirmed() == 0
    assert recent


# No address in public ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_no_address_on_any_public_page(client, send):
    cluster = ClusterFactory(slug="transport")
    confirmed(email="secret.person@kisumu.example")
    send(form_data(email="another.secret@kisumu.example"))
    pages = [
        reverse("home"),
        cluster.get_absolute_url(),
        reverse("subscriptions:subscribe") + "?cluster=transport",
        reverse("subscriptions:sent"),
        reverse("clusters:list"),
    ]
    for path in pages:
        body = client.get(path).content.decode()
        assert "secret" not in body, path


@pytest.mark.django_db
def test_cluster_pages_and_the_footer_lead_to_the_form(client):
    cluster = ClusterFactory(slug="transport")
    body = client.get(cluster.get_absolute_url()).content.decode()
    assert f'href="{reverse("subscriptions:subscribe")}?cluster=transport"' in body
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("subscriptions:subscribe")}"' in home
