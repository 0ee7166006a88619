"""Cluster digests (`manage.py send_digests`): one per confirmed subscriber per period, in their
language, with what was published in their clusters and topics, never twice and nobody skipped."""

import datetime as dt
import io
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from exchange.models import Post, PostState, PostType
from subscriptions import digests
from subscriptions.models import Digest, DigestStatus, Frequency, Subscriber, Topic

from .factories import ArticleFactory, ClusterFactory, EventFactory, MemberFactory, SolutionFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC
# The week 2025-W49 runs from Monday 1 December 2025 00:00 to Monday 8 December 00:00 (UTC, the
# site's time zone); the job's first run after it is at 01:00 on the 8th.
WEEK_START = dt.datetime(2025, 12, 1, tzinfo=UTC)
WEEK_END = dt.datetime(2025, 12, 8, tzinfo=UTC)
NOW = dt.datetime(2025, 12, 8, 1, 0, tzinfo=UTC)
IN_WEEK = dt.datetime(2025, 12, 3, 9, 0, tzinfo=UTC)
ALL_TOPICS = list(Topic.values)


def subscriber(email, *, clusters=None, topics=ALL_TOPICS, language="en", frequency=Frequency.WEEKLY, confirmed=True):
    row = Subscriber.objects.create(
        email=email,
        language=language,
        all_clusters=clusters is None,
        topics=topics,
        frequency=frequency,
        confirmed_at=dt.datetime(2025, 11, 1, tzinfo=UTC) if confirmed else None,
        digest_since=dt.datetime(2025, 11, 1, tzinfo=UTC) if confirmed else None,
    )
    if clusters:
        row.clusters.set(clusters)
    return row


def run(now=NOW, **options):
    out = io.StringIO()
    call_command("send_digests", now=now.isoformat(), stdout=out, **options)
    return out.getvalue()


def digests_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def html_of(message):
    (html, mimetype), *_ = message.alternatives
    assert mimetype == "text/html"
    return html


def make_post(title, *, clusters=(), published_at=IN_WEEK, **fields):
    number = Post.objects.count() + 1
    post = Post.objects.create(
        member=MemberFactory(),
        type=PostType.OFFERING_EXPERTISE,
        title=title,
        slug=f"post-{number}",
        description="What we offer.",
        details="Two engineers for a week.",
        status="published",
        published_at=published_at,
        expires_on=dt.date(2099, 1, 1),
        **fields,
    )
    post.clusters.set(clusters)
    return post


# Periods -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "key", "start", "end"),
    [
        (dt.datetime(2025, 12, 8, 0, 0, tzinfo=UTC), "2025-W49", WEEK_START, WEEK_END),
        (dt.datetime(2025, 12, 14, 23, 59, tzinfo=UTC), "2025-W49", WEEK_START, WEEK_END),
        (dt.datetime(2025, 12, 7, 23, 59, tzinfo=UTC), "2025-W48", dt.datetime(2025, 11, 24, tzinfo=UTC), WEEK_START),
        # The ISO year: the week from Monday 29 December 2025 is week 1 of 2026.
        (
            dt.datetime(2026, 1, 5, 3, 0, tzinfo=UTC),
            "2026-W01",
            dt.datetime(2025, 12, 29, tzinfo=UTC),
            dt.datetime(2026, 1, 5, tzinfo=UTC),
        ),
    ],
)
def test_the_weekly_period_is_the_last_complete_iso_week(now, key, start, end):
    period = digests.period_ended(Frequency.WEEKLY, now)
    assert (period.key, period.starts_at, period.ends_at) == (key, start, end)


@pytest.mark.parametrize(
    ("now", "key", "start", "end"),
    [
        (
            dt.datetime(2026, 1, 1, 0, 0, tzinfo=UTC),
            "2025-12",
            dt.datetime(2025, 12, 1, tzinfo=UTC),
            dt.datetime(2026, 1, 1, tzinfo=UTC),
        ),
        (dt.datetime(2025, 12, 31, 23, 59, tzinfo=UTC), "2025-11", dt.datetime(2025, 11, 1, tzinfo=UTC), WEEK_START),
        (
            dt.datetime(2024, 3, 1, 12, 0, tzinfo=UTC),
            "2024-02",
            dt.datetime(2024, 2, 1, tzinfo=UTC),
            dt.datetime(2024, 3, 1, tzinfo=UTC),
        ),
    ],
)
def test_the_monthly_period_is_the_last_complete_month(now, key, start, end):
    period = digests.period_ended(Frequency.MONTHLY, now)
    assert (period.key, period.starts_at, period.ends_at) == (key, start, end)


@override_settings(TIME_ZONE="America/Sao_Paulo")
def test_periods_follow_the_sites_time_zone():
    # Monday 8 December 02:00 UTC is still Sunday 23:00 in São Paulo: the week has not ended there.
    assert digests.period_ended(Frequency.WEEKLY, dt.datetime(2025, 12, 8, 2, 0, tzinfo=UTC)).key == "2025-W48"
    period = digests.period_ended(Frequency.WEEKLY, dt.datetime(2025, 12, 8, 4, 0, tzinfo=UTC))
    assert period.key == "2025-W49"
    assert period.ends_at == dt.datetime(2025, 12, 8, 3, 0, tzinfo=UTC)


# Once per subscriber per period --------------------------------------------------------------


def test_one_digest_per_subscriber_per_period_however_often_the_job_runs():
    ArticleFactory(title="Bus lanes open", published_at=IN_WEEK)
    for number in range(3):
        subscriber(f"reader{number}@example.org")
    first = run()
    run(now=NOW + dt.timedelta(hours=1))
    run(now=NOW + dt.timedelta(days=3))
    assert Digest.objects.filter(period="2025-W49").count() == 3
    assert Digest.objects.filter(status=DigestStatus.SENT).count() == 3
    assert sorted(address for message in mail.outbox for address in message.to) == [
        "reader0@example.org",
        "reader1@example.org",
        "reader2@example.org",
    ]
    assert "3 digest(s) queued (3 for 2025-W49, 0 for 2025-11)" in first


def test_the_next_week_brings_the_next_digest_with_only_what_is_new():
    ArticleFactory(title="Bus lanes open", published_at=IN_WEEK)
    ArticleFactory(title="Flood maps shared", published_at=WEEK_END + dt.timedelta(days=2))
    subscriber("reader@example.org")
    run()
    run(now=NOW + dt.timedelta(days=7))
    first, second = digests_to("reader@example.org")
    assert "Bus lanes open" in first.body and "Flood maps shared" not in first.body
    assert "Flood maps shared" in second.body and "Bus lanes open" not in second.body
    assert list(Digest.objects.order_by("period").values_list("period", flat=True)) == ["2025-W49", "2025-W50"]


def test_a_run_that_crashes_between_batches_then_runs_again_sends_everyone_exactly_once(monkeypatch):
    ArticleFactory(title="Bus lanes open", published_at=IN_WEEK)
    addresses = [f"reader{number}@example.org" for number in range(5)]
    for address in addresses:
        subscriber(address)
    real = digests.send_digest_batch

    class CrashOnSecondBatch:
        calls = 0

        def enqueue(self, ids):
            self.calls += 1
            if self.calls == 2:
                raise RuntimeError("the machine went down")
            return real.enqueue(ids)

    monkeypatch.setattr(digests, "send_digest_batch", CrashOnSecondBatch())
    with pytest.raises(RuntimeError):
        run(batch_size=2)
    # The first batch committed with its task; the second left nothing behind.
    assert Digest.objects.count() == 2
    assert len(mail.outbox) == 2
    assert Subscriber.objects.filter(digest_since=WEEK_END).count() == 2

    monkeypatch.setattr(digests, "send_digest_batch", real)
    output = run(batch_size=2)
    assert "3 digest(s) queued" in output
    run(batch_size=2)
    assert Digest.objects.count() == 5
    assert sorted(address for message in mail.outbox for address in message.to) == addresses


@pytest.mark.django_db(transaction=True)  # the worker closes its connection when its batch is done
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}})
def test_digest_rows_and_their_task_commit_together_and_a_lost_task_is_queued_again(monkeypatch):
    ArticleFactory(title="Bus lanes open", published_at=IN_WEEK)
    for number in range(5):
        subscriber(f"reader{number}@example.org")
    real_bulk_create = Digest.objects.bulk_create
    calls = []

    def crash_on_third_batch(*args, **kwargs):
        calls.append(1)
        created = real_bulk_create(*args, **kwargs)
        if len(calls) == 3:
            raise RuntimeError("the machine went down")
        return created

    monkeypatch.setattr(Digest.objects, "bulk_create", crash_on_third_batch)
    with pytest.raises(RuntimeError):
        run(batch_size=2)
    monkeypatch.undo()
    assert Digest.objects.count() == 4
    assert DBTaskResult.objects.count() == 2  # one task per committed batch, none for the lost one
    assert mail.outbox == []  # nothing is sent until the worker runs

    run(batch_size=2)
    assert Digest.objects.count() == 5
    assert DBTaskResult.objects.count() == 3

    # One task is lost (its row deleted) before a worker ran it; its digests stay queued.
    lost = DBTaskResult.objects.order_by("enqueued_at").first()
    lost_ids = lost.args_kwargs["args"][0]
    lost.delete()
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    assert len(mail.outbox) == 3
    assert Digest.objects.filter(pk__in=lost_ids, status=DigestStatus.QUEUED).count() == 2

    # Too early to call it lost: the next hourly run leaves it alone.
    assert "0 stale digest(s) queued again" in run(batch_size=2)
    Digest.objects.filter(pk__in=lost_ids).update(queued_at=NOW - dt.timedelta(hours=7))
    assert "2 stale digest(s) queued again" in run(batch_size=2)
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    assert len(mail.outbox) == 5
    assert len({message.to[0] for message in mail.outbox}) == 5


def test_a_batch_run_twice_sends_each_digest_once():
    ArticleFactory(title="Bus lanes open", published_at=IN_WEEK)
    subscriber("reader@example.org")
    period = digests.period_ended(Frequency.WEEKLY, NOW)
    Digest.objects.create(
        subscriber=Subscriber.objects.get(), period=period.key, starts_at=period.starts_at, ends_at=period.ends_at
    )
    ids = list(Digest.objects.values_list("pk", flat=True))
    assert digests.send_batch(ids).sent == 1
    assert digests.send_batch(ids).sent == 0
    assert len(mail.outbox) == 1


def test_a_refused_message_is_marked_failed_and_not_sent_again_unless_asked(monkeypatch):
    from django.core.mail.backends.locmem import EmailBackend

    ArticleFactory(title="Bus lanes open", published_at=IN_WEEK)
    subscriber("reader@example.org")
    real_send = EmailBackend.send_messages

    def refuse(self, messages):
        raise OSError("421 try again later")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    run()
    assert Digest.objects.get().status == DigestStatus.FAILED
    monkeypatch.setattr(EmailBackend, "send_messages", real_send)
    run()
    assert mail.outbox == []
    assert "1 failed digest(s) retried" in run(retry_failed=True)
    assert Digest.objects.get().status == DigestStatus.SENT
    assert len(digests_to("reader@example.org")) == 1


# Who receives what ---------------------------------------------------------------------------


def test_unconfirmed_and_reminder_only_addresses_get_no_digest():
    ArticleFactory(title="Bus lanes open", published_at=IN_WEEK)
    subscriber("unconfirmed@example.org", confirmed=False)
    subscriber("reminders-only@example.org", topics=[])
    late = subscriber("late@example.org")
    Subscriber.objects.filter(pk=late.pk).update(confirmed_at=WEEK_END + dt.timedelta(minutes=30))
    run()
    assert mail.outbox == []
    assert not Digest.objects.exists()


def test_an_empty_digest_is_not_sent_but_the_next_one_starts_after_it():
    transport, water = ClusterFactory(name="Transport"), ClusterFactory(name="Water")
    ArticleFactory(title="Bus lanes open", published_at=IN_WEEK).clusters.set([transport])
    reader = subscriber("water@example.org", clusters=[water])
    run()
    assert mail.outbox == []
    digest = Digest.objects.get()
    assert digest.status == DigestStatus.EMPTY
    reader.refresh_from_db()
    assert reader.digest_since == WEEK_END


def test_a_digest_lists_only_its_clusters_topics_and_period():
    transport, water = ClusterFactory(name="Transport"), ClusterFactory(name="Water")
    ArticleFactory(title="Bus lanes open", published_at=IN_WEEK).clusters.set([transport])
    ArticleFactory(title="Wells repaired", published_at=IN_WEEK).clusters.set([water])
    ArticleFactory(title="Old tram news", published_at=WEEK_START - dt.timedelta(minutes=1)).clusters.set([transport])
    ArticleFactory(title="Next week's story", published_at=WEEK_END).clusters.set([transport])
    ArticleFactory(title="Draft story", published_at=IN_WEEK, status="draft").clusters.set([transport])
    SolutionFactory(title="Bus rapid transit in Lagos", published_at=IN_WEEK).clusters.set([transport])
    event = EventFactory(
        title="Webinar on cycling",
        published_at=IN_WEEK,
        starts_at=dt.datetime(2025, 12, 20, 2, 0, tzinfo=UTC),
        ends_at=dt.datetime(2025, 12, 20, 4, 0, tzinfo=UTC),
        timezone="Asia/Shanghai",
    )
    event.clusters.set([transport])
    EventFactory(
        title="Webinar already over",
        published_at=IN_WEEK,
        starts_at=dt.datetime(2025, 12, 4, tzinfo=UTC),
        ends_at=dt.datetime(2025, 12, 4, 2, tzinfo=UTC),
    ).clusters.set([transport])
    make_post("Bus depot expertise offered", clusters=[transport])
    make_post("Withdrawn offer", clusters=[transport], state=PostState.WITHDRAWN)

    subscriber("transport-news@example.org", clusters=[transport], topics=[Topic.NEWS, Topic.EVENTS])
    subscriber("everything@example.org")
    run()

    (message,) = digests_to("transport-news@example.org")
    assert "Bus lanes open" in message.body
    assert "Webinar on cycling" in message.body
    # The event's start in its own time zone: 02:00 UTC is 10:00 in Shanghai.
    assert "Saturday 20 December 2025, 10:00 (Asia/Shanghai)" in message.body
    for absent in (
        "Wells repaired",
        "Old tram news",
        "Next week's story",
        "Draft story",
        "Bus rapid transit",
        "Webinar already over",
        "Bus depot",
    ):
        assert absent not in message.body

    (everything,) = digests_to("everything@example.org")
    for present in ("Bus lanes open", "Wells repaired", "Bus rapid transit in Lagos", "Bus depot expertise offered"):
        assert present in everything.body
    assert "Withdrawn offer" not in everything.body
    assert everything.body.index("News") < everything.body.index("Events") < everything.body.index("Good practices")


def test_someone_who_confirmed_midweek_gets_what_was_published_since():
    ArticleFactory(title="Before they came", published_at=WEEK_START + dt.timedelta(days=1))
    ArticleFactory(title="After they came", published_at=WEEK_START + dt.timedelta(days=4))
    reader = subscriber("new@example.org")
    joined = WEEK_START + dt.timedelta(days=3)
    Subscriber.objects.filter(pk=reader.pk).update(confirmed_at=joined, digest_since=joined)
    run()
    (message,) = digests_to("new@example.org")
    assert "After they came" in message.body and "Before they came" not in message.body
    assert Digest.objects.get().starts_at == joined


def test_monthly_subscribers_get_the_month_on_the_first():
    ArticleFactory(title="November story", published_at=dt.datetime(2025, 11, 20, tzinfo=UTC))
    ArticleFactory(title="October story", published_at=dt.datetime(2025, 10, 20, tzinfo=UTC))
    subscriber("monthly@example.org", frequency=Frequency.MONTHLY)
    Subscriber.objects.update(
        confirmed_at=dt.datetime(2025, 9, 1, tzinfo=UTC), digest_since=dt.datetime(2025, 9, 1, tzinfo=UTC)
    )
    run(now=dt.datetime(2025, 11, 30, 23, 0, tzinfo=UTC))  # October's digest
    run(now=dt.datetime(2025, 12, 1, 0, 30, tzinfo=UTC))  # November's
    october, november = digests_to("monthly@example.org")
    assert "October story" in october.body and "November story" not in october.body
    assert "November story" in november.body and "October story" not in november.body
    assert list(Digest.objects.order_by("period").values_list("period", flat=True)) == ["2025-10", "2025-11"]


# The message -------------------------------------------------------------------------------


def test_a_digest_is_multipart_with_links_into_the_site_and_the_preferences_page():
    article = ArticleFactory(title="Bus lanes open", published_at=IN_WEEK)
    subscriber("reader@example.org")
    run()
    (message,) = mail.outbox
    html = html_of(message)
    assert message.content_subtype == "plain"
    link = f"http://127.0.0.1:8000/news/{article.slug}/"
    assert link in message.body and f'href="{link}"' in html
    assert "http://127.0.0.1:8000/subscribe/preferences/" in message.body
    assert 'href="http://127.0.0.1:8000/subscribe/preferences/' in html
    assert 'lang="en" dir="ltr"' in html
    assert "style=" not in html and "<script" not in html
    assert message.subject == "Your weekly digest from the South-South Cities Portal, 1 December 2025 – 7 December 2025"


def test_a_spanish_subscriber_reads_spanish_and_an_arabic_one_reads_right_to_left():
    article = ArticleFactory(title="Bus lanes open", published_at=IN_WEEK)
    subscriber("es@example.org", language="es")
    subscriber("ar@example.org", language="ar")
    run()
    (spanish,) = digests_to("es@example.org")
    assert "Noticias" in spanish.body
    assert f"http://127.0.0.1:8000/es/news/{article.slug}/" in spanish.body
    assert "http://127.0.0.1:8000/es/subscribe/preferences/" in spanish.body
    assert "diciembre" in spanish.subject
    assert 'lang="es" dir="ltr"' in html_of(spanish)
    (arabic,) = digests_to("ar@example.org")
    assert 'lang="ar" dir="rtl"' in html_of(arabic)
    assert f"http://127.0.0.1:8000/ar/news/{article.slug}/" in arabic.body


def test_every_digest_carries_one_click_unsubscribe_that_works_without_a_session(client):
    ArticleFactory(title="Bus lanes open", published_at=IN_WEEK)
    subscriber("reader@example.org")
    run()
    (message,) = mail.outbox
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    address = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert address.startswith("http://127.0.0.1:8000/subscribe/unsubscribe/")
    client.handler.enforce_csrf_checks = True
    response = client.post(urlsplit(address).path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code in (200, 204)
    assert not Subscriber.objects.exists()
    run(now=NOW + dt.timedelta(days=7))
    assert len(mail.outbox) == 1


def test_a_long_section_lists_the_newest_and_links_to_the_rest():
    for number in range(digests.MAX_ITEMS + 3):
        ArticleFactory(title=f"Story {number:02d}", published_at=IN_WEEK + dt.timedelta(minutes=number))
    subscriber("reader@example.org")
    run()
    (message,) = mail.outbox
    assert f"Story {digests.MAX_ITEMS + 2:02d}" in message.body
    assert "Story 00" not in message.body
    assert "And 3 more: http://127.0.0.1:8000/news/" in message.body


def test_the_command_deletes_unconfirmed_sign_ups_past_their_link():
    stale = subscriber("stale@example.org", confirmed=False)
    Subscriber.objects.filter(pk=stale.pk).update(created_at=NOW - dt.timedelta(days=8))
    fresh = subscriber("fresh@example.org", confirmed=False)
    Subscriber.objects.filter(pk=fresh.pk).update(created_at=NOW - dt.timedelta(days=2))
    output = run()
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["fresh@example.org"]
    assert "1 unconfirmed sign-up(s) deleted" in output
