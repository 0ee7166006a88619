"""Cluster digests: one email per confirmed subscriber per period, built in their language.

`manage.py send_digests` runs every hour (the deployment guide shows the cron line and the
systemd timer). Each run, for each frequency, takes the period that has just ended in
settings.TIME_ZONE (`period_ended`: weekly, the last complete ISO week, Monday 00:00 to Monday
00:00; monthly, the last complete month) and queues a digest for every confirmed subscriber of
that frequency who has none for it yet. Digests therefore go out once per period, on the first
run after the period closes; later runs of the same period find nobody left to queue.

What a digest covers: what was published, in the subscriber's clusters (or in all of them) and
for the topics they chose, in [start, period end), where start is the later of the period's
start and `Subscriber.digest_since` (the end of their previous digest, or their confirmation).
Someone who confirmed on Thursday gets Thursday to Sunday; a digest never reaches back before
its period, so a job stopped for three weeks does not send three weeks at once. Those who
confirmed after the period ended wait for the next one. The topics are:

- news articles published in the window;
- events announced (published) in the window that have not ended when it closes, with their
  start in the event's own time zone;
- good practices published in the window;
- exchange posts published in the window and still listed (open, not expired, published member).

Queueing (`queue`) is idempotent and crash-safe. Subscribers are read by primary key in batches
of BATCH_SIZE ids (keyset pages of `values_list`, so memory stays flat whatever their number),
and each batch is ONE transaction that bulk-creates its Digest rows (ignore_conflicts on the
unique (subscriber, period)), moves the subscribers' `digest_since` to the period's end and
enqueues one `send_digest_batch` task for the batch. The database task backend
(django_tasks_db) writes the task row with an ORM INSERT on the same connection, inside that
transaction, with no on_commit: the rows and their task commit together or not at all. A crash
leaves whole batches done and the rest untouched, and the next run, which queues the confirmed
subscribers without a Digest row for the period, carries on where it stopped. A Digest still
`queued` STALE_AFTER after it was queued (its task lost: a worker killed, a queue emptied) is
enqueued again by the next run.

Sending (`send_batch`, the worker's task) is at-most-once: each digest is claimed by a
conditional UPDATE from `queued` to `sent`, committed before the message leaves, so a task run
twice (two workers, a retry, the stale re-enqueueing above) sends each digest once; the price is
that a worker killed between the claim and the send loses that one digest. A message
the mail server refuses is marked `failed` and logged, not retried on its own: it may have been
delivered anyway, and a second copy is what the subscriber would notice. `send_digests
--retry-failed` queues the failed digests of the current periods again after an outage. An
empty digest is marked `empty` and not sent. A batch goes over one SMTP connection; after
MAX_FAILURES_IN_A_ROW refusals in a row the task stops and leaves the rest `queued` for the
stale re-enqueueing, instead of marking a whole batch failed because the server is away.
"""

import dataclasses
import datetime as dt
import logging
from collections import defaultdict

from django.conf import settings
from django.core.mail import mailers
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import dateformat, timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.mail import build_email, one_line
from core.urls import fixed_address, site_url
from events.models import Event
from exchange.models import Post
from news.models import Article
from solutions.models import Solution

from . import emails
from .models import Digest, DigestStatus, Frequency, Subscriber, Topic

logger = logging.getLogger(__name__)

BATCH_SIZE = 500  # subscribers per transaction and per worker task
STALE_AFTER = dt.timedelta(hours=6)  # a digest still queued this long after is queued again
MAX_ITEMS = 15  # per section; the section links to its list page for the rest
MAX_FAILURES_IN_A_ROW = 3


# Periods ----------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Period:
    frequency: str
    key: str  # "2026-W49", "2026-12"
    starts_at: dt.datetime
    ends_at: dt.datetime


def _midnight(day):
    return timezone.make_aware(dt.datetime.combine(day, dt.time()), timezone.get_default_timezone())


def period_ended(frequency, now=None):
    """The last complete period of `frequency` before `now`, in settings.TIME_ZONE."""
    today = timezone.localtime(now or timezone.now(), timezone.get_default_timezone()).date()
    if frequency == Frequency.WEEKLY:
        end = today - dt.timedelta(days=today.weekday())
        start = end - dt.timedelta(days=7)
        year, week, _weekday = start.isocalendar()
        key = f"{year}-W{week:02d}"
    elif frequency == Frequency.MONTHLY:
        end = today.replace(day=1)
        start = (end - dt.timedelta(days=1)).replace(day=1)
        key = f"{start.year}-{start.month:02d}"
    else:
        raise ValueError(f"unknown frequency {frequency!r}")
    return Period(frequency, key, _midnight(start), _midnight(end))


# Queueing ---------------------------------------------------------------------------------------


@dataclasses.dataclass
class Summary:
    deleted_unconfirmed: int = 0
    queued: dict = dataclasses.field(default_factory=dict)  # period key -> digests queued
    requeued: int = 0
    retried: int = 0
    tasks: int = 0

    def __str__(self):
        periods = ", ".join(f"{count} for {key}" for key, count in self.queued.items()) or "none"
        return (
            f"{sum(self.queued.values())} digest(s) queued ({periods}) in {self.tasks} task(s), "
            f"{self.requeued} stale digest(s) queued again, {self.retried} failed digest(s) retried, "
            f"{self.deleted_unconfirmed} unconfirmed sign-up(s) deleted"
        )


def candidates(period):
    """Confirmed subscribers of the period's frequency, confirmed before it ended, who receive
    at least one topic (an address that only asked for event reminders has none)."""
    return Subscriber.objects.filter(frequency=period.frequency, confirmed_at__lt=period.ends_at).exclude(topics=[])


def queue(now=None, batch_size=BATCH_SIZE, retry_failed=False):
    """Queue the digests of the periods that have just ended; returns a Summary."""
    now = now or timezone.now()
    summary = Summary()
    stale = Digest.objects.filter(status=DigestStatus.QUEUED, queued_at__lt=now - STALE_AFTER)
    _requeue(stale, now, batch_size, summary, "requeued")
    for frequency in Frequency.values:
        period = period_ended(frequency, now)
        if retry_failed:
            failed = Digest.objects.filter(status=DigestStatus.FAILED, period=period.key)
            _requeue(failed, now, batch_size, summary, "retried")
        summary.queued[period.key] = queue_period(period, batch_size, summary)
    return summary


def queue_period(period, batch_size=BATCH_SIZE, summary=None):
    """Queue `period`'s digests for the candidates without one, one transaction and one task per
    batch; returns how many were queued.

    The candidates are read in pages of primary keys and the page's existing digests looked up by
    (subscriber, period), the unique index's order: an anti-join of the whole page against every
    digest of the period scanned the index once per page, and grew with the square of the
    subscribers. Those found without a digest gather until they fill a batch."""
    queued, last, waiting = 0, 0, []
    while True:
        page = list(
            candidates(period).filter(pk__gt=last).order_by("pk").values_list("pk", "digest_since")[:batch_size]
        )
        if page:
            last = page[-1][0]
            done = set(
                Digest.objects.filter(period=period.key, subscriber_id__in=[pk for pk, _since in page])
                .order_by()
                .values_list("subscriber_id", flat=True)
            )
            waiting += [row for row in page if row[0] not in done]
        while len(waiting) >= batch_size or (waiting and not page):
            batch, waiting = waiting[:batch_size], waiting[batch_size:]
            queued += _queue_batch(period, batch)
            if summary is not None:
                summary.tasks += 1
        if not page:
            return queued


def _queue_batch(period, rows):
    ids = [pk for pk, _since in rows]
    with transaction.atomic():
        Digest.objects.bulk_create(
            [
                Digest(
                    subscriber_id=pk,
                    period=period.key,
                    starts_at=min(max(since or period.starts_at, period.starts_at), period.ends_at),
                    ends_at=period.ends_at,
                )
                for pk, since in rows
            ],
            ignore_conflicts=True,
        )
        Subscriber.objects.filter(pk__in=ids).filter(
            Q(digest_since__isnull=True) | Q(digest_since__lt=period.ends_at)
        ).update(digest_since=period.ends_at)
        # status in Python, not SQL: with it, the planner may pick the (status, period) index and
        # scan every digest of the period still queued, once per batch.
        digest_ids = [
            pk
            for pk, status in Digest.objects.filter(period=period.key, subscriber_id__in=ids)
            .order_by("pk")
            .values_list("pk", "status")
            if status == DigestStatus.QUEUED
        ]
        if digest_ids:
            send_digest_batch.enqueue(digest_ids)
    return len(digest_ids)


def _requeue(digests, now, batch_size, summary, counter):
    """Enqueue `digests` again in batches; their queued_at moves to `now`, so the next run leaves
    them to the task until they are stale once more."""
    last = 0
    while True:
        with transaction.atomic():
            ids = list(digests.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch_size])
            if not ids:
                return
            last = ids[-1]
            Digest.objects.filter(pk__in=ids).update(status=DigestStatus.QUEUED, queued_at=now)
            send_digest_batch.enqueue(ids)
        setattr(summary, counter, getattr(summary, counter) + len(ids))
        summary.tasks += 1


# What a digest holds ----------------------------------------------------------------------------


@dataclasses.dataclass
class Item:
    obj: object
    published_at: dt.datetime
    cluster_ids: frozenset
    ends_at: dt.datetime | None = None  # events: in the digest only if not over when its window closes


# (topic, model, what of it may be listed), in the order of a digest's sections
SOURCES = [
    (Topic.NEWS, Article, lambda: Article.objects.published()),
    (Topic.EVENTS, Event, lambda: Event.objects.published()),
    (Topic.SOLUTIONS, Solution, lambda: Solution.objects.published()),
    (Topic.EXCHANGE, Post, lambda: Post.objects.listed()),
]
LIST_VIEWS = {
    Topic.NEWS: "news:list",
    Topic.EVENTS: "events:list",
    Topic.SOLUTIONS: "solutions:list",
    Topic.EXCHANGE: "exchange:list",
}


def section_titles():
    return {
        Topic.NEWS: _("News"),
        Topic.EVENTS: _("Events"),
        Topic.SOLUTIONS: _("Good practices"),
        Topic.EXCHANGE: _("Exchange posts"),
    }


class Content:
    """Everything a batch's digests may list, read once per batch (a handful of queries, whatever
    the number of subscribers): each topic's items published in the union of the batch's windows,
    with their cluster ids. Each digest then picks its own in Python."""

    def __init__(self, starts_at, ends_at, topics):
        self.items = {}
        for topic, model, queryset in SOURCES:
            if topic not in topics:
                continue
            objects = list(
                queryset()
                .filter(published_at__gte=starts_at, published_at__lt=ends_at)
                .order_by("-published_at", "-pk")
            )
            through = model.clusters.through
            source = model.clusters.field.m2m_field_name()
            clusters = defaultdict(set)
            for object_id, cluster_id in through.objects.filter(
                **{f"{source}_id__in": [o.pk for o in objects]}
            ).values_list(f"{source}_id", "cluster_id"):
                clusters[object_id].add(cluster_id)
            self.items[topic] = [
                Item(
                    o,
                    o.published_at,
                    frozenset(clusters[o.pk]),
                    getattr(o, "ends_at", None) if model is Event else None,
                )
                for o in objects
            ]

    def sections(self, digest, subscriber, cluster_ids):
        """[(topic, [objects])] for one digest, in the order of SOURCES; empty topics left out."""
        found = []
        for topic, *_rest in SOURCES:
            if topic not in subscriber.topics:
                continue
            chosen = [
                item.obj
                for item in self.items.get(topic, ())
                if digest.starts_at <= item.published_at < digest.ends_at
                and (subscriber.all_clusters or item.cluster_ids & cluster_ids)
                and (item.ends_at is None or item.ends_at >= digest.ends_at)
            ]
            if topic == Topic.EVENTS:
                chosen.sort(key=lambda event: (event.starts_at, event.pk))
            if chosen:
                found.append((topic, chosen))
        return found


# Writing one ------------------------------------------------------------------------------------


def language_of(subscriber):
    """The subscriber's language (English for a language no longer offered)."""
    return subscriber.language if subscriber.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def event_moment(event):
    """An event's start as people read it in its own time zone, in the active language's order
    (the format the event's page and the reminders use)."""
    return dateformat.format(event.starts_local, pgettext("date format: weekday, date and time", "l j F Y, H:i"))


def _entry(topic, obj, origin):
    entry = {"title": one_line(obj.title), "url": f"{origin}{obj.get_absolute_url()}", "summary": ""}
    if topic == Topic.EVENTS:
        entry["when"] = event_moment(obj)
        entry["zone"] = obj.tzinfo.key
        entry["place"] = obj.place
        entry["summary"] = obj.summary
    elif topic == Topic.EXCHANGE:
        entry["kind"] = obj.get_type_display()
        entry["lang"] = obj.language
    else:
        entry["summary"] = obj.summary
    return entry


def render(digest, subscriber, sections):
    """(subject, text, html) of a digest, in the active language."""
    origin = site_url()
    titles = section_titles()
    last_day = timezone.localtime(digest.ends_at, timezone.get_default_timezone()) - dt.timedelta(days=1)
    first_day = timezone.localtime(digest.starts_at, timezone.get_default_timezone())
    context = {
        "site_name": settings.SITE_NAME,
        "site_url": f"{origin}{fixed_address('home')}",
        "language": translation.get_language(),
        "direction": "rtl" if translation.get_language_bidi() else "ltr",
        "weekly": subscriber.frequency == Frequency.WEEKLY,
        "first_day": date_format(first_day, "DATE_FORMAT"),
        "last_day": date_format(last_day, "DATE_FORMAT"),
        "sections": [
            {
                "title": titles[topic],
                "entries": [_entry(topic, obj, origin) for obj in objects[:MAX_ITEMS]],
                "more": max(len(objects) - MAX_ITEMS, 0),
                "list_url": f"{origin}{fixed_address(LIST_VIEWS[topic])}",
            }
            for topic, objects in sections
        ],
        "preferences_url": emails.preferences_url(subscriber),
    }
    if subscriber.frequency == Frequency.WEEKLY:
        subject = _("Your weekly digest from the %(site)s, %(first)s – %(last)s")
    else:
        subject = _("Your monthly digest from the %(site)s, %(first)s – %(last)s")
    subject %= {"site": settings.SITE_NAME, "first": context["first_day"], "last": context["last_day"]}
    context["subject"] = subject
    text = render_to_string("subscriptions/email/digest.txt", context)
    html = render_to_string("subscriptions/email/digest.html", context)
    return subject, text, html


# Sending ----------------------------------------------------------------------------------------


@dataclasses.dataclass
class SendSummary:
    sent: int = 0
    empty: int = 0
    failed: int = 0
    skipped: int = 0  # already claimed by another run of the same task

    def as_dict(self):
        return dataclasses.asdict(self)


def _mark(digest, status, **fields):
    """Move `digest` from `queued` to `status`; False when another run got there first."""
    return bool(Digest.objects.filter(pk=digest.pk, status=DigestStatus.QUEUED).update(status=status, **fields))


def send_batch(digest_ids):
    """Build and send the queued digests among `digest_ids` over one mail connection."""
    summary = SendSummary()
    digests = list(
        Digest.objects.filter(pk__in=digest_ids, status=DigestStatus.QUEUED).select_related("subscriber").order_by("pk")
    )
    if not digests:
        return summary
    subscriber_clusters = defaultdict(set)
    for subscriber_id, cluster_id in Subscriber.clusters.through.objects.filter(
        subscriber_id__in=[d.subscriber_id for d in digests]
    ).values_list("subscriber_id", "cluster_id"):
        subscriber_clusters[subscriber_id].add(cluster_id)
    topics = {topic for d in digests for topic in d.subscriber.topics or ()}
    content = Content(min(d.starts_at for d in digests), max(d.ends_at for d in digests), topics)

    connection, failures_in_a_row = None, 0
    try:
        for digest in digests:
            subscriber = digest.subscriber
            sections = content.sections(digest, subscriber, subscriber_clusters[subscriber.pk])
            if not subscriber.is_confirmed or not sections:
                summary.empty += _mark(digest, DigestStatus.EMPTY)
                continue
            try:
                with translation.override(language_of(subscriber)):
                    subject, text, html = render(digest, subscriber, sections)
                    headers = emails.list_unsubscribe_headers(subscriber)
                message = build_email(subject=subject, body=text, to=[subscriber.email], html=html, headers=headers)
            except Exception:
                logger.exception("Could not write digest %s", digest.pk)
                summary.failed += _mark(digest, DigestStatus.FAILED)
                continue
            if not _mark(digest, DigestStatus.SENT, sent_at=timezone.now()):
                summary.skipped += 1
                continue
            try:
                if connection is None:
                    connection = mailers.default
                    connection.open()
                connection.send_messages([message])
            except Exception:
                logger.exception("Sending digest %s failed; it is marked failed", digest.pk)
                Digest.objects.filter(pk=digest.pk).update(status=DigestStatus.FAILED, sent_at=None)
                summary.failed += 1
                failures_in_a_row += 1
                if connection is not None:
                    connection.close()
                    connection = None
                if failures_in_a_row >= MAX_FAILURES_IN_A_ROW:
                    logger.error(
                        "%d digests failed in a row; leaving the rest of the batch queued for the next run",
                        failures_in_a_row,
                    )
                    break
                continue
            failures_in_a_row = 0
            summary.sent += 1
    finally:
        if connection is not None:
            connection.close()
    logger.info("Digests: %s", summary.as_dict())
    return summary


@task
def send_digest_batch(digest_ids):
    """The worker's part: send one batch of digests (see send_batch)."""
    return send_batch(digest_ids).as_dict()
