"""Double opt-in, preferences and leaving: everything that changes a Subscriber.

Every way in (the /subscribe/ form, "Remind me" on an event) goes through `request_confirmation`,
so one rule holds everywhere: nothing but the confirmation email is sent to an address, and
nothing about a confirmed address changes, until the signed link in that email is opened.

- A new address gets an unconfirmed row holding what was asked (it receives nothing while unconfirmed;
  `delete_unconfirmed` removes it after CONFIRM_DAYS).
- An unconfirmed address asking again has its row overwritten: it received nothing yet.
- A confirmed address asking again keeps its row as it is; what was asked waits in `pending`
  ({"preferences": {...}, "events": [event ids], "requested_at": unix time}) until the new link is opened.

The caller shows the same answer whatever happened, so a form never tells whether an address is known.
"""

import datetime as dt
import logging
import time

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.ratelimit import hit, is_limited
from events.models import Event

from . import emails
from .models import CONFIRM_DAYS, CONFIRM_SALT, LINK_SALT, Frequency, Reminder, Subscriber, Topic

logger = logging.getLogger(__name__)

DAY = 24 * 60 * 60
# Confirmation emails one address may receive a day, whoever asks: nobody can mail-bomb an inbox.
CONFIRMATIONS_PER_ADDRESS_PER_DAY = 3
ADDRESS_SCOPE = "subscribe-address"
PREFERENCE_FIELDS = ("language", "all_clusters", "clusters", "topics", "frequency")


class LinkError(Exception):
    """A link that cannot be used: `reason` is "expired" or "invalid" (cut, changed, or revoked)."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def normalise_email(email):
    return email.strip().lower()


def preferences_of(subscriber):
    """The subscriber's preferences in the form `request_confirmation` and `apply_preferences` take."""
    return {
        "language": subscriber.language,
        "all_clusters": subscriber.all_clusters,
        "clusters": sorted(subscriber.clusters.values_list("pk", flat=True)) if subscriber.pk else [],
        "topics": list(subscriber.topics),
        "frequency": subscriber.frequency,
    }


def clean_preferences(preferences):
    """Keep only known fields and values (pending preferences are JSON and may outlive a change of choices)."""
    languages = dict(settings.LANGUAGES)
    result = {}
    if preferences.get("language") in languages:
        result["language"] = preferences["language"]
    if "all_clusters" in preferences:
        result["all_clusters"] = bool(preferences["all_clusters"])
    if "clusters" in preferences:
        result["clusters"] = sorted({int(pk) for pk in preferences["clusters"]})
    if "topics" in preferences:
        result["topics"] = [topic for topic in Topic.values if topic in preferences["topics"]]
    if preferences.get("frequency") in Frequency.values:
        result["frequency"] = preferences["frequency"]
    if result.get("all_clusters"):
        result["clusters"] = []
    return result


def apply_preferences(subscriber, preferences):
    """Write preferences onto the row at once (the caller has proved the address, or nothing is sent yet)."""
    from clusters.models import Cluster

    preferences = clean_preferences(preferences)
    for field in ("language", "all_clusters", "topics", "frequency"):
        if field in preferences:
            setattr(subscriber, field, preferences[field])
    subscriber.save()
    if "clusters" in preferences:
        subscriber.clusters.set(Cluster.objects.filter(pk__in=preferences["clusters"]))


def request_confirmation(email, language, *, preferences=None, event=None):
    """Ask `email` to confirm, by a signed link sent in `language` (after the transaction commits).

    `preferences`: {"language", "all_clusters", "clusters" (Cluster pks), "topics" (Topic values),
    "frequency"}, any subset; None keeps what is stored (a new address then receives no digest).
    `event`: an events.Event to be reminded of once the address is confirmed.

    Returns the Subscriber, or None when the address has already had CONFIRMATIONS_PER_ADDRESS_PER_DAY
    confirmation emails today (then nothing is stored and nothing sent). Callers answer the same
    way in every case."""
    email = normalise_email(email)
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    if is_limited(ADDRESS_SCOPE, email, limit=CONFIRMATIONS_PER_ADDRESS_PER_DAY):
        logger.info("subscriptions: confirmation limit reached for an address; nothing sent")
        return None
    try:
        subscriber = _record_request(email, language, preferences, event)
    except IntegrityError:  # the same address signed up in a parallel request: its row exists now
        subscriber = _record_request(email, language, preferences, event)
    hit(ADDRESS_SCOPE, email, period=DAY)
    return subscriber


def _record_request(email, language, preferences, event):
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
        if subscriber is None:
            subscriber = Subscriber.objects.create(email=email, language=language, topics=[])
        if subscriber.is_confirmed:
            pending = dict(subscriber.pending or {})
            if preferences is not None:
                pending["preferences"] = clean_preferences({"language": language, **preferences})
        else:
            # Nothing was ever sent to it: take the new request as it is, and give it CONFIRM_DAYS again.
            pending = {"events": list((subscriber.pending or {}).get("events", []))}
            subscriber.created_at = timezone.now()
            Subscriber.objects.filter(pk=subscriber.pk).update(created_at=subscriber.created_at)
            if preferences is not None:
                apply_preferences(subscriber, {"language": language, **preferences})
        if event is not None:
            events = pending.setdefault("events", [])
            if event.pk not in events:
                events.append(event.pk)
        pending["requested_at"] = int(time.time())
        subscriber.pending = pending
        subscriber.save(update_fields=["pending"])
        emails.confirmation(subscriber, language)
    return subscriber


def _unsign(signer, token, **kwargs):
    try:
        data = signer.unsign_object(token, **kwargs)
    except signing.SignatureExpired as error:
        raise LinkError("expired") from error
    except (signing.BadSignature, ValueError, TypeError, UnicodeError) as error:
        raise LinkError("invalid") from error
    if not isinstance(data, dict) or not isinstance(data.get("id"), int) or not isinstance(data.get("n"), str):
        raise LinkError("invalid")
    return data


def _signed_at(token):
    """When a TimestampSigner token was made (already verified by the caller)."""
    try:
        return signing.b62_decode(token.rsplit(signing.Signer().sep, 2)[1])
    except (IndexError, ValueError):
        return 0


def subscriber_for_confirmation(token):
    """The subscriber a confirmation link was sent to, and whether it is still the latest one sent.

    Raises LinkError("expired") after CONFIRM_DAYS and LinkError("invalid") for a cut or changed
    link, or one of an address that has since been deleted."""
    data = _unsign(signing.TimestampSigner(salt=CONFIRM_SALT), token, max_age=dt.timedelta(days=CONFIRM_DAYS))
    subscriber = Subscriber.objects.filter(pk=data["id"], nonce=data["n"]).first()
    if subscriber is None:
        raise LinkError("invalid")
    requested_at = (subscriber.pending or {}).get("requested_at", 0)
    return subscriber, _signed_at(token) >= requested_at


def confirm(subscriber):
    """Confirm the address and apply what waits in `pending`. Idempotent: confirming twice changes nothing more.

    Returns True when this call changed something."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        changed = False
        if not subscriber.is_confirmed:
            now = timezone.now()
            subscriber.confirmed_at = now
            subscriber.digest_since = now
            changed = True
        pending = subscriber.pending or {}
        if pending.get("preferences"):
            apply_preferences(subscriber, pending["preferences"])
            changed = True
        event_ids = pending.get("events") or []
        if event_ids:
            for event in Event.objects.filter(pk__in=event_ids):
                Reminder.objects.get_or_create(subscriber=subscriber, event=event)
            changed = True
        subscriber.pending = {}
        subscriber.save()
    return changed


def subscriber_for_link(token):
    """The subscriber of a preferences or unsubscribe link, or None when the address was deleted
    (or its links revoked). Raises LinkError("invalid") for a link that was never valid."""
    data = _unsign(signing.Signer(salt=LINK_SALT), token)
    return Subscriber.objects.filter(pk=data["id"], nonce=data["n"]).first()


def delete_subscriber(subscriber):
    """Remove the address and everything kept about it (reminders and digests go with it): all mail
    stops and every link it was sent stops working. Idempotent."""
    Subscriber.objects.filter(pk=subscriber.pk).delete()


def delete_unconfirmed(now=None):
    """Remove sign-ups never confirmed within CONFIRM_DAYS (their link has expired). Returns how many."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=CONFIRM_DAYS)
    _, per_model = Subscriber.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff).delete()
    return per_model.get(Subscriber._meta.label, 0)


def export(subscriber):
    """Everything stored about the subscriber, for the download on the preferences page."""
    subscriber = Subscriber.objects.prefetch_related("clusters").get(pk=subscriber.pk)

    def when(value):
        return value.isoformat() if value else None

    return {
        "email": subscriber.email,
        "language": subscriber.language,
        "all_clusters": subscriber.all_clusters,
        "clusters": sorted(cluster.slug for cluster in subscriber.clusters.all()),
        "topics": list(subscriber.topics),
        "frequency": subscriber.frequency,
        "signed_up": when(subscriber.created_at),
        "confirmed": when(subscriber.confirmed_at),
        "next_digest_from": when(subscriber.digest_since),
        "awaiting_confirmation": bool(subscriber.pending),
        "reminders": [
            {
                "event": reminder.event.title,
                "starts_at": when(reminder.event.starts_at),
                "asked": when(reminder.created_at),
                "reminder_sent": when(reminder.reminded_at),
                "recordings_sent": when(reminder.recordings_sent_at),
            }
            for reminder in subscriber.reminders.select_related("event").order_by("created_at")
        ],
        "digests": [
            {
                "period": digest.period,
                "covers_from": when(digest.starts_at),
                "covers_until": when(digest.ends_at),
                "status": digest.status,
                "sent": when(digest.sent_at),
            }
            for digest in subscriber.digests.order_by("starts_at")
        ],
    }
