"""Digests at scale: `send_digests` queueing for 100,000 confirmed subscribers on PostgreSQL
(target: under 2 minutes, with flat memory), and the worker sending a few batches.

    .venv/bin/python bench/digest_bench.py                      # 100,000 subscribers
    .venv/bin/python bench/digest_bench.py --subscribers 20000 --small 2000

It uses its own database (DIGEST_BENCH_URL, default
postgres://postgres@127.0.0.1:5432/cities_portal_bench_digests), creates and migrates it if needed,
loads the demo data once (clusters, members) and bulk-creates the subscribers (mixed languages,
topics and clusters, all weekly and confirmed) and some content published in the week measured
only when their number differs. Each measurement starts from a clean slate (no digest and no task
row, everyone's `digest_since` before the week) and queues the week with the database task
backend, as in production: first with only `--small` subscribers confirmed, then with all of them,
so the peak memory of the two shows whether it grows with the number of subscribers. Then it
sends a few queued batches in process with the locmem email backend (per-digest time) and writes
the figures to stdout and to docs/performance.md between the digest-bench markers.
"""

import argparse
import datetime as dt
import gc
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

from common import ensure_database, log

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/cities_portal_bench_digests"
START, END = "<!-- digest-bench:start -->", "<!-- digest-bench:end -->"
TARGET_SECONDS = 120
EMAIL_PREFIX = "bench-"
SLUG_PREFIX = "digest-bench-"
LANGUAGES = ["en", "es", "fr", "pt", "ar", "ru", "zh-hans"]
TOPIC_SETS = [["news", "events", "solutions", "exchange"], ["news", "events"], ["exchange"], ["solutions", "news"]]
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def the_week():
    """The last complete week before now, and a moment one hour after it ended."""
    from django.utils import timezone

    from subscriptions.digests import period_ended
    from subscriptions.models import Frequency

    period = period_ended(Frequency.WEEKLY, timezone.now())
    return period, period.ends_at + dt.timedelta(hours=1)


def prepare_subscribers(total):
    from clusters.models import Cluster
    from subscriptions.models import Subscriber

    if Subscriber.objects.filter(email__startswith=EMAIL_PREFIX).count() == total:
        return
    log(f"creating {total:,} subscribers")
    started = time.perf_counter()
    Subscriber.objects.filter(email__startswith=EMAIL_PREFIX).delete()
    cluster_ids = list(Cluster.objects.values_list("pk", flat=True))
    confirmed = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    through = Subscriber.clusters.through
    chunk = 5000
    for first in range(0, total, chunk):
        rows = [
            Subscriber(
                email=f"{EMAIL_PREFIX}{number:06d}@example.org",
                language=LANGUAGES[number % len(LANGUAGES)],
                all_clusters=number % 3 != 0,
                topics=TOPIC_SETS[number % len(TOPIC_SETS)],
                frequency="weekly",
                confirmed_at=confirmed,
                digest_since=confirmed,
            )
            for number in range(first, min(first + chunk, total))
        ]
        Subscriber.objects.bulk_create(rows)
        links = [
            through(subscriber_id=row.pk, cluster_id=cluster_ids[(row.pk + k) % len(cluster_ids)])
            for row in rows
            if not row.all_clusters
            for k in range(2)
        ]
        through.objects.bulk_create(links, ignore_conflicts=True)
    log(f"  done in {time.perf_counter() - started:.0f} s")


def prepare_content(period):
    """Some of everything, published in the week: 30 articles, 8 events, 8 good practices, 8 posts."""
    from clusters.models import Cluster
    from events.models import Event
    from exchange.models import Post, PostType
    from members.models import Member
    from news.models import Article
    from solutions.models import Solution

    if Article.objects.filter(slug__startswith=SLUG_PREFIX, published_at__gte=period.starts_at).exists():
        return
    for model in (Article, Event, Solution, Post):
        model.objects.filter(slug__startswith=SLUG_PREFIX).delete()
    clusters = list(Cluster.objects.all())
    members = list(Member.objects.published()[:8])
    moment = period.starts_at + dt.timedelta(hours=5)

    def linked(obj, n):
        obj.clusters.set([clusters[n % len(clusters)]])

    for n in range(30):
        linked(
            Article.objects.create(
                title=f"Cities share what works, story {n}",
                slug=f"{SLUG_PREFIX}article-{n}",
                summary="Two cities compare their bus lanes and flood maps, and what each would do again.",
                body="<p>The story.</p>",
                status="published",
                published_at=moment + dt.timedelta(hours=n),
            ),
            n,
        )
    for n in range(8):
        starts = period.ends_at + dt.timedelta(days=10 + n)
        linked(
            Event.objects.create(
                title=f"Webinar on urban resilience {n}",
                slug=f"{SLUG_PREFIX}event-{n}",
                kind="webinar",
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=2),
                timezone="America/Sao_Paulo",
                summary="Mayors and planners on what they learned.",
                status="published",
                published_at=moment + dt.timedelta(hours=n),
            ),
            n,
        )
        linked(
            Solution.objects.create(
                title=f"Community composting, practice {n}",
                slug=f"{SLUG_PREFIX}solution-{n}",
                summary="Market waste composted by neighbourhood cooperatives.",
                first_year=2021,
                lead_member=members[n % len(members)],
                status="published",
                published_at=moment + dt.timedelta(hours=n),
            ),
            n,
        )
        linked(
            Post.objects.create(
                member=members[n % len(members)],
                type=PostType.OFFERING_EXPERTISE,
                title=f"Flood early-warning expertise offered {n}",
                slug=f"{SLUG_PREFIX}post-{n}",
                description="Our engineers built a flood warning system.",
                details="A week's expert mission.",
                status="published",
                published_at=moment + dt.timedelta(hours=n),
                expires_on=dt.date(2099, 1, 1),
            ),
            n,
        )


def clean_slate(period, confirmed_count):
    """No digest, no task, everyone's next digest from before the week; only the first
    `confirmed_count` subscribers confirmed."""
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    from subscriptions.models import Digest, Subscriber

    Digest.objects.all().delete()
    DBTaskResult.objects.all().delete()
    bench = Subscriber.objects.filter(email__startswith=EMAIL_PREFIX)
    confirmed = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    bench.update(digest_since=confirmed, confirmed_at=confirmed)
    last = bench.order_by("pk").values_list("pk", flat=True)[confirmed_count - 1 : confirmed_count]
    bench.filter(pk__gt=last[0]).update(confirmed_at=None)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE subscriptions_subscriber")
        cursor.execute("VACUUM ANALYZE subscriptions_digest")


def measure_queue(period, now, count, traced):
    """Seconds to queue the week for `count` subscribers, with the Python heap's peak when `traced`."""
    from django.db import connection

    from subscriptions import digests

    clean_slate(period, count)
    queries = 0

    def count_queries(execute, sql, params, many, context):
        """Counts without keeping the statements (CaptureQueriesContext would hold 200 INSERTs of 500 rows)."""
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    gc.collect()
    rss_before = current_rss_kb()
    if traced:
        tracemalloc.start()
    with connection.execute_wrapper(count_queries):
        started = time.perf_counter()
        summary = digests.Summary()
        queued = digests.queue_period(period, summary=summary)
        seconds = time.perf_counter() - started
    peak = None
    if traced:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    rss_after = current_rss_kb()
    assert queued == count, (queued, count)
    return {
        "count": count,
        "seconds": seconds,
        "tasks": summary.tasks,
        "queries": queries,
        "peak": peak,
        "rss_growth_kb": rss_after - rss_before,
        "rss_kb": rss_after,
        "max_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


def measure_sending(batches):
    from django.core import mail
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_tasks_db.models import DBTaskResult

    from subscriptions import digests

    mail.outbox = []
    times, per_digest, queries, sent, empty = [], [], [], 0, 0
    for task in DBTaskResult.objects.order_by("enqueued_at")[:batches]:
        ids = task.args_kwargs["args"][0]
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            summary = digests.send_batch(ids)
            seconds = time.perf_counter() - started
        times.append(seconds)
        per_digest.append(seconds / len(ids))
        queries.append(len(captured))
        sent += summary.sent
        empty += summary.empty
    sizes = [len(message.message().as_bytes()) for message in mail.outbox]
    return {
        "batches": len(times),
        "batch_seconds": statistics.median(times),
        "per_digest_ms": statistics.median(per_digest) * 1000,
        "queries": statistics.median(queries),
        "sent": sent,
        "empty": empty,
        "size": statistics.median(sizes) if sizes else 0,
    }


def revision():
    import subprocess

    def git(*args):
        return subprocess.run(["git", *args], capture_output=True, text=True, cwd=ROOT).stdout.strip()  # noqa: S603, S607

    return git("rev-parse", "--short", "HEAD") + ("+changes" if git("status", "--porcelain") else "")


def current_rss_kb():
    """The resident size now (Linux), where ru_maxrss only gives the process's peak so far."""
    try:
        return int(Path("/proc/self/statm").read_text().split()[1]) * resource.getpagesize() // 1024
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def mib(value):
    return f"{value / 1024 / 1024:.1f} MiB"


def write_report(period, small, large, large_traced, sending):
    from django.utils import timezone

    met = large["seconds"] < TARGET_SECONDS
    lines = [
        START,
        f"Queueing the week {period.key} with the database task backend, in process, on PostgreSQL "
        f"(`queue_period`, batches of 500 subscribers, one transaction and one task each):",
        "",
        "| confirmed subscribers | time | digests/s | tasks | queries | peak Python heap | RSS growth |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row, traced in ((small, small), (large, large_traced)):
        lines.append(
            f"| {row['count']:,} | {row['seconds']:.1f} s | {row['count'] / row['seconds']:,.0f} | {row['tasks']} | "
            f"{row['queries']:,} | {mib(traced['peak'])} | {row['rss_growth_kb'] / 1024:.1f} MiB |"
        )
    lines += [
        "",
        f"Target: {large['count']:,} queued in under {TARGET_SECONDS // 60} minutes: "
        f"{'met' if met else 'NOT met'} ({large['seconds']:.1f} s, untraced; the traced runs are slower). "
        f"The process's resident size after it: {large['rss_kb'] / 1024:.0f} MiB (its peak over the whole bench: "
        f"{large['max_rss_kb'] / 1024:.0f} MiB). "
        "The heap's peak is measured with tracemalloc, in runs of their own.",
        "",
        f"The worker's part, in process with the locmem email backend: {sending['batches']} batches of 500 "
        f"(mixed languages, topics and clusters; {sending['sent']:,} sent, {sending['empty']:,} empty), "
        f"median {sending['batch_seconds']:.2f} s a batch, {sending['per_digest_ms']:.1f} ms a digest, "
        f"{sending['queries']:.0f} queries a batch; a digest is {sending['size'] / 1024:.1f} kB (text and HTML).",
        "",
        f"Measured {timezone.now():%Y-%m-%d %H:%M} UTC at `{revision()}` on {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f}.",
        END,
    ]
    report = "\n".join(lines)
    path = ROOT / "docs" / "performance.md"
    text = path.read_text()
    if START in text and END in text:
        text = text[: text.index(START)] + report + text[text.index(END) + len(END) :]
        path.write_text(text)
    return report


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=10_000, help="the smaller run, for the memory comparison")
    parser.add_argument("--batches", type=int, default=5, help="batches the worker sends")
    args = parser.parse_args()

    url = os.environ.get("DIGEST_BENCH_URL", DEFAULT_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        parser.error("DIGEST_BENCH_URL must be a PostgreSQL address")
    ensure_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "cities_portal.settings.test"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import override_settings

    call_command("migrate", verbosity=0)
    call_command("load_demo", "--if-empty", verbosity=0)
    period, now = the_week()
    prepare_subscribers(args.subscribers)
    prepare_content(period)
    with override_settings(TASKS=DB_TASKS):
        log(f"queueing {period.key} for {args.small:,} subscribers (traced)")
        small = measure_queue(period, now, args.small, traced=True)
        log(f"queueing {period.key} for {args.subscribers:,} subscribers (traced)")
        large_traced = measure_queue(period, now, args.subscribers, traced=True)
        log(f"queueing {period.key} for {args.subscribers:,} subscribers (timed)")
        large = measure_queue(period, now, args.subscribers, traced=False)
        large["peak"] = large_traced["peak"]
        log(f"sending {args.batches} batches")
        sending = measure_sending(args.batches)
    print(write_report(period, small, large, large_traced, sending))


if __name__ == "__main__":
    main()
