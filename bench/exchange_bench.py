"""Suggested matches at scale: `exchange.matching.compute` for one new post among 20,000 posts and
100,000 members on PostgreSQL (target: under 2 s).

    .venv/bin/python bench/exchange_bench.py                 # 100,000 members, 20,000 posts, 7 runs
    .venv/bin/python bench/exchange_bench.py --runs 11

It uses its own database (EXCHANGE_BENCH_URL, default
postgres://postgres@127.0.0.1:5432/cities_portal_bench_exchange), creates and migrates it if needed,
loads the demo data once and adds generated members, good practices and posts
(`generate_scale_data`) only when their numbers differ. Then it writes a new request into one
cluster with two SDG targets, times `compute` several times (the median is the figure) and counts
its queries; the figures go to stdout and to docs/performance.md between the exchange-bench markers.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from common import ensure_database, log

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/cities_portal_bench_exchange"
START, END = "<!-- exchange-bench:start -->", "<!-- exchange-bench:end -->"
TARGET_SECONDS = 2.0


def counts():
    from exchange.models import Post
    from members.models import Member
    from solutions.models import Solution

    return (
        Member.objects.filter(slug__startswith="gen-").count(),
        Solution.objects.filter(slug__startswith="gen-").count(),
        Post.objects.filter(slug__startswith="gen-").count(),
    )


def prepare(members, solutions, posts):
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", "--if-empty", verbosity=0)
    if counts() != (members, solutions, posts):
        log(f"generating {members:,} members, {solutions:,} good practices and {posts:,} posts (minutes)")
        started = time.perf_counter()
        call_command(
            "generate_scale_data",
            "--clear",
            members=members,
            solutions=solutions,
            posts=posts,
            verbosity=0,
        )
        log(f"  done in {time.perf_counter() - started:.0f} s")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def new_post():
    """A request like a partner's: one cluster, two targets, three working languages, real words."""
    from clusters.models import Cluster
    from exchange.models import Post, PostType
    from members.models import Member

    member = Member.objects.published().filter(country="SL").first() or Member.objects.published().first()
    post = Post.objects.create(
        member=member,
        type=PostType.SEEKING_EXPERTISE,
        title="Composting market waste and capturing landfill gas",
        slug=f"bench-request-{time.time_ns()}",
        description=(
            "Our district collects market waste that ends in an open dump. We want to compost the organic part, "
            "capture landfill gas at the old site and train the collection crews."
        ),
        details="An expert mission on compost sites and landfill gas, then a study visit to a city that runs both.",
        status="published",
        published_at="2024-01-01T00:00:00Z",
    )
    post.clusters.set(Cluster.objects.published().order_by("order")[:1])
    post.targets.set(["11.6", "12.5"])
    post.languages.set(["en", "fr", "pt"])
    return post


def measure(runs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from exchange import matching
    from exchange.models import Post

    post = new_post()
    try:
        times, queries, found = [], 0, []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                found = matching.compute(post)
                times.append(time.perf_counter() - started)
            queries = len(captured)
        kinds = {
            "posts": sum(1 for s in found if s.other_post_id),
            "good practices": sum(1 for s in found if s.solution_id),
            "members": sum(1 for s in found if s.member_id),
        }
        best = found[0] if found else None
        reasons = "; ".join(matching.describe(best)) if best else "—"
    finally:
        Post.objects.filter(pk=post.pk).delete()
    return times, queries, kinds, reasons


def write_report(times, queries, kinds, reasons):
    from exchange.models import Post
    from members.models import Member
    from solutions.models import Solution

    median = statistics.median(times)
    lines = [
        START,
        f"Measured {time.strftime('%Y-%m-%d')} on PostgreSQL with {Member.objects.published().count():,} published "
        f"members, {Solution.objects.published().count():,} published good practices and "
        f"{Post.objects.listed().count():,} listed posts ({Post.objects.count():,} in all); "
        f"{len(times)} runs of `matching.compute` for one new request (one cluster, SDG 11.6 and 12.5, "
        "three working languages), in process, after `ANALYZE`.",
        "",
        "| median | fastest | slowest | queries | suggestions (posts / good practices / members) | target |",
        "|---:|---:|---:|---:|---|---|",
        f"| {median * 1000:.0f} ms | {min(times) * 1000:.0f} ms | {max(times) * 1000:.0f} ms | {queries} | "
        f"{kinds['posts']} / {kinds['good practices']} / {kinds['members']} | "
        f"under {TARGET_SECONDS:.0f} s: {'met' if median < TARGET_SECONDS else 'NOT met'} |",
        "",
        f"The best suggestion's reasons: {reasons}.",
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
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--solutions", type=int, default=20_000)
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    url = os.environ.get("EXCHANGE_BENCH_URL", DEFAULT_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        parser.error("EXCHANGE_BENCH_URL must be a PostgreSQL address")
    ensure_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "cities_portal.settings.test"
    import django

    django.setup()
    prepare(args.members, args.solutions, args.posts)
    times, queries, kinds, reasons = measure(args.runs)
    print(write_report(times, queries, kinds, reasons))


if __name__ == "__main__":
    main()
