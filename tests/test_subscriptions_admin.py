"""Subscribers in the back office: addresses for superusers only, numbers for Editors."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from core.roles import EDITORS, MODERATORS
from subscriptions.admin import audience_counts
from subscriptions.models import Digest, Reminder, Subscriber

from .conftest import sign_in_verified
from .factories import ClusterFactory, EventFactory, UserFactory

ADDRESS = re.compile(r"[\w.+-]+@kisumu\.example")


@pytest.fixture
def audience(db):
    transport = ClusterFactory(name="Urban transport", slug="transport")
    water = ClusterFactory(name="Water and sanitation", slug="water")
    now = timezone.now()

    def subscriber(email, language="en", frequency="weekly", clusters=(), confirmed=True, topics=("news",)):
        row = Subscriber.objects.create(
            email=email,
            language=language,
            frequency=frequency,
            all_clusters=not clusters,
            topics=list(topics),
            confirmed_at=now if confirmed else None,
        )
        row.clusters.set(clusters)
        return row

    amina = subscriber("amina@kisumu.example", clusters=[transport])
    subscriber("baraka@kisumu.example", language="fr", frequency="monthly", clusters=[transport, water])
    subscriber("chiku@kisumu.example", language="fr")
    subscriber("dalia@kisumu.example", language="ar", topics=())
    subscriber("unconfirmed@kisumu.example", clusters=[water], confirmed=False)
    Reminder.objects.create(subscriber=amina, event=EventFactory())
    Digest.objects.create(subscriber=amina, period="2026-W49", starts_at=now, ends_at=now, status="sent")
    return {"transport": transport, "water": water, "amina": amina}


def admin_pages(audience):
    amina = audience["amina"]
    digest, reminder = Digest.objects.get(), Reminder.objects.get()
    return [
        reverse("admin:index"),
        reverse("admin:app_list", args=["subscriptions"]),
        reverse("admin:subscriptions_subscribercount_changelist"),
        reverse("admin:subscriptions_subscriber_changelist"),
        reverse("admin:subscriptions_subscriber_changelist") + "?q=amina",
        reverse("admin:subscriptions_subscriber_change", args=[amina.pk]),
        reverse("admin:subscriptions_subscriber_history", args=[amina.pk]),
        reverse("admin:subscriptions_subscriber_delete", args=[amina.pk]),
        reverse("admin:subscriptions_subscribercount_change", args=[amina.pk]),
        reverse("admin:subscriptions_digest_changelist"),
        reverse("admin:subscriptions_digest_change", args=[digest.pk]),
        reverse("admin:subscriptions_reminder_changelist"),
        reverse("admin:subscriptions_reminder_change", args=[reminder.pk]),
        reverse("admin:autocomplete") + "?app_label=subscriptions&model_name=reminder&field_name=subscriber&term=amina",
        reverse("admin:events_event_change", args=[reminder.event_id]),
    ]


@pytest.mark.django_db
def test_an_editor_sees_counts_and_never_an_address(client, audience):
    client.force_login(UserFactory(groups=[EDITORS]))

    index = client.get(reverse("admin:index"))
    assert reverse("admin:subscriptions_subscribercount_changelist") in index.text
    assert reverse("admin:subscriptions_subscriber_changelist") not in index.text
    for path in admin_pages(audience):
        response = client.get(path)
        assert response.status_code in (200, 302, 403, 404), path
        assert not ADDRESS.search(response.text), path
    for path in admin_pages(audience)[3:14]:
        assert client.get(path).status_code == 403, path

    counts = client.get(reverse("admin:subscriptions_subscribercount_changelist"))
    assert counts.status_code == 200
    rows = dict(re.findall(r"<th scope=\"row\">([^<]+)</th><td>(\d+)</td>", counts.text))
    assert rows["Confirmed subscribers"] == "4"
    assert rows["Sign-ups awaiting confirmation"] == "1"
    assert rows["…following all clusters"] == "2"
    assert rows["…receiving event reminders only"] == "1"
    assert rows["Arabic"] == "1" and rows["French"] == "2" and rows["English"] == "1"
    assert rows["Weekly"] == "3" and rows["Monthly"] == "1"
    cluster_rows = re.findall(r"<th scope=\"row\">([^<]+)</th><td>(\d+)</td><td>(\d+)</td>", counts.text)
    per_cluster = {name: (int(chosen), int(reached)) for name, chosen, reached in cluster_rows}
    # Chose the cluster, and reached with those following all clusters; the unconfirmed one is not counted.
    assert per_cluster == {"Urban transport": (2, 4), "Water and sanitation": (1, 3)}


@pytest.mark.django_db
def test_a_moderator_sees_neither(client, audience):
    client.force_login(UserFactory(groups=[MODERATORS]))
    for path in admin_pages(audience):
        response = client.get(path)
        assert not ADDRESS.search(response.text), path
    assert client.get(reverse("admin:subscriptions_subscribercount_changelist")).status_code == 403


@pytest.mark.django_db
def test_a_granted_view_permission_does_not_open_the_addresses(client, audience):
    """Even a group given "view subscriber" by hand gets no address: the admin asks for a superuser."""
    user = UserFactory(groups=[EDITORS])
    user.user_permissions.add(Permission.objects.get(codename="view_subscriber"))
    client.force_login(user)
    assert client.get(reverse("admin:subscriptions_subscriber_changelist")).status_code == 403


@pytest.mark.django_db
def test_a_superuser_sees_the_addresses_but_adds_none(client, audience):
    sign_in_verified(client, UserFactory(is_superuser=True))
    listing = client.get(reverse("admin:subscriptions_subscriber_changelist"))
    assert listing.status_code == 200
    assert "amina@kisumu.example" in listing.text
    assert client.get(reverse("admin:subscriptions_subscriber_change", args=[audience["amina"].pk])).status_code == 200
    assert client.get(reverse("admin:subscriptions_subscriber_add")).status_code == 403
    assert client.get(reverse("admin:subscriptions_subscribercount_changelist")).status_code == 200


@pytest.mark.django_db
def test_the_counts_take_the_same_queries_whatever_the_audience(audience, django_assert_max_num_queries):
    ClusterFactory.create_batch(5)
    with django_assert_max_num_queries(5):
        audience_counts()
