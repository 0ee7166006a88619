"""Site search over many news articles on PostgreSQL: server-side p50/p95 per query.

    .venv/bin/python bench/search_bench.py                 # 200,000 articles, on /search/ and /es/search/
    .venv/bin/python bench/search_bench.py --articles 20000 --repeat 10

It uses its own database (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/ssc_search_bench),
creates and migrates it if needed, and fills it once with synthetic articles (bulk_create; the
search vectors are filled by the database trigger as on any insert). Each query is answered by the
real /search/ view through Django's test client, in process: the time covers the view, its SQL
(counts, ranked page, highlighted snippets) and the template — everything the server does.
The figures go to docs/performance.md (between the search-bench markers) and to stdout.
"""

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from common import ensure_database

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/ssc_search_bench"

QUERIES = [
    "transport",
    "waste recycling",
    "Sao Paulo",
    "bogota flood",
    "recyc",
    '"air quality"',
    "electric or hydrogen",
    "climate -finance",
    "municipality workshop",
    "Medellin cable",
    "kumasi",
    "nothingmatchesthisword",
]

TOPIC_WORDS = [
    "transport",
    "mobility",
    "bus",
    "buses",
    "electric",
    "hydrogen",
    "metro",
    "cable",
    "car",
    "bicycle",
    "traffic",
    "emissions",
    "air",
    "quality",
    "waste",
    "recycling",
    "landfill",
    "compost",
    "plastic",
    "collection",
    "sanitation",
    "water",
    "flood",
    "drought",
    "heatwave",
    "earthquake",
    "resilience",
    "risk",
    "early",
    "warning",
    "recovery",
    "pandemic",
    "health",
    "tourism",
    "heritage",
    "culture",
    "trade",
    "logistics",
    "e-commerce",
    "market",
    "digital",
    "platform",
    "finance",
    "investment",
    "climate",
    "adaptation",
    "mitigation",
    "energy",
    "solar",
    "housing",
    "planning",
    "data",
    "smart",
    "city",
    "district",
    "municipality",
    "region",
    "agency",
    "university",
    "partnership",
    "cooperation",
    "exchange",
    "workshop",
    "webinar",
    "pilot",
    "project",
    "training",
    "course",
    "report",
    "policy",
    "youth",
    "women",
]
PLACES = [
    "São Paulo",
    "Bogotá",
    "Medellín",
    "Santiago",
    "Buenos Aires",
    "Kumasi",
    "Accra",
    "Nairobi",
    "Hangzhou",
    "Shenzhen",
    "Tashkent",
    "Samarkand",
    "Baguio",
    "Hà Nội",
    "Lagos",
    "Dakar",
    "Quito",
    "Lima",
    "Córdoba",
    "Zhengzhou",
]
COMMON = [
    "the",
    "a",
    "of",
    "and",
    "in",
    "to",
    "for",
    "with",
    "on",
    "by",
    "from",
    "at",
    "as",
    "is",
    "are",
    "was",
    "were",
    "this",
    "that",
    "city",
    "cities",
    "local",
]


def database_url():
    return os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)


def vocabulary(rng):
    """Invented words in Zipf order, with the topic words spread from rank 40 to about 1,000: each is
    in roughly 2% to 30% of the articles, as content words are in real news."""
    syllables = [
        "ba",
        "ka",
        "ta",
        "ma",
        "na",
        "la",
        "ri",
        "so",
        "ve",
        "du",
        "mi",
        "ko",
        "pe",
        "lu",
        "za",
        "ho",
        "ne",
        "ti",
        "ra",
        "go",
    ]
    words = sorted({"".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(6000)})
    rng.shuffle(words)
    for index, word in enumerate(TOPIC_WORDS):
        words.insert(40 + index * 12, word)
    return words


def sentence(rng, words, weights, length):
    chosen = rng.choices(words, weights=weights, k=length)
    if rng.random() < 0.3:
        chosen.insert(rng.randrange(len(chosen) + 1), rng.choice(PLACES))
    for _ in range(length // 3):
        chosen.insert(rng.randrange(len(chosen) + 1), rng.choice(COMMON))
    text = " ".join(chosen)
    return text[0].upper() + text[1:] + "."


def fill(count, *, seed=6):
    from django.db import transaction
    from django.utils import timezone

    from core.publishing import Status
    from news.models import Article

    rng = random.Random(seed)  # noqa: S311 - synthetic text, not secrets
    words = vocabulary(rng)
    weights = [1 / (rank + 1) ** 0.9 for rank in range(len(words))]  # Zipf-like: a few words are everywhere
    now = timezone.now()
    batch = []
    started = time.perf_counter()
    with transaction.atomic():
        Article.objects.all().delete()
        for n in range(count):
            paragraphs = [sentence(rng, words, weights, rng.randint(12, 30)) for _ in range(rng.randint(3, 8))]
            batch.append(
                Article(
                    title=sentence(rng, words, weights, rng.randint(4, 9)).rstrip("."),
                    slug=f"bench-{n}",
                    summary=sentence(rng, words, weights, rng.randint(15, 30)),
                    body="".join(f"<p>{paragraph}</p>" for paragraph in paragraphs),
                    status=Status.DRAFT if n % 20 == 0 else Status.PUBLISHED,
                    published_at=now - dt.timedelta(minutes=n),
                )
            )
            if len(batch) == 5000:
                Article.objects.bulk_create(batch)
                batch = []
                print(f"  {n + 1:,} articles", file=sys.stderr)
        Article.objects.bulk_create(batch)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE news_article")
    return time.perf_counter() - started


def percentile(values, fraction):
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def measure(repeat, path="/search/"):
    from django.db import connection
    from django.test import Client

    from search.engine import SiteSearch

    client = Client()
    sql_time = [0.0]

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            sql_time[0] += time.perf_counter() - started

    rows, all_times = [], []
    with connection.execute_wrapper(timed):
        for q in QUERIES:
            client.get(path, {"q": q})  # warm the caches once
            times, sql_times = [], []
            for _ in range(repeat):
                sql_time[0] = 0.0
                started = time.perf_counter()
                response = client.get(path, {"q": q})
                times.append((time.perf_counter() - started) * 1000)
                sql_times.append(sql_time[0] * 1000)
                assert response.status_code == 200
            shown = SiteSearch(q)
            total = f"{shown.total:,}" + ("+" if shown.capped else "")
            rows.append((q, total, statistics.median(times), percentile(times, 0.95), statistics.median(sql_times)))
            all_times += times
    return rows, statistics.median(all_times), percentile(all_times, 0.95)


def write_report(count, rows, p50, p95, fill_seconds, repeat, spanish=None):
    lines = [
        "<!-- search-bench:start -->",
        "## Site search (`bench/search_bench.py`)",
        "",
        f"{count:,} news articles on PostgreSQL (5% drafts), each query answered {repeat} times by the",
        "`/search/` view in process (SQL, snippets and template) after one warming request, with what",
        "is remembered per content generation remembered and the process warmed up and its long-lived",
        "objects frozen, as a gunicorn worker starts (`portal/warmup.py`). Target: p95 under 50 ms.",
        "",
        "| query | results | p50 (ms) | p95 (ms) | of which SQL, p50 (ms) |",
        "|---|---:|---:|---:|---:|",
        *[f"| `{q}` | {total} | {q50:.1f} | {q95:.1f} | {sql:.1f} |" for q, total, q50, q95, sql in rows],
        f"| **all queries** | | **{p50:.1f}** | **{p95:.1f}** | |",
        "",
        *(
            [
                "The same queries on `/es/search/`, where each is read with the Spanish configuration and",
                "`portal_search` together (docs/languages.md; the articles are in English):",
                "",
                "| query | p50 (ms) | p95 (ms) | of which SQL, p50 (ms) |",
                "|---|---:|---:|---:|",
                *[f"| `{q}` | {q50:.1f} | {q95:.1f} | {sql:.1f} |" for q, _total, q50, q95, sql in spanish[0]],
                f"| **all queries** | **{spanish[1]:.1f}** | **{spanish[2]:.1f}** | |",
                "",
            ]
            if spanish
            else []
        ),
        f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}"
        + (f"; loading the articles took {fill_seconds:.0f} s." if fill_seconds else "."),
        "<!-- search-bench:end -->",
    ]
    report = "\n".join(lines)
    path = ROOT / "docs" / "performance.md"
    path.parent.mkdir(exist_ok=True)
    text = path.read_text() if path.exists() else "# Performance\n\nFigures written by `make bench`.\n"
    if "<!-- search-bench:start -->" in text:
        before, rest = text.split("<!-- search-bench:start -->", 1)
        after = rest.split("<!-- search-bench:end -->", 1)[1]
        text = before + report + after
    else:
        text = text.rstrip("\n") + "\n\n" + report + "\n"
    path.write_text(text)
    return report


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200_000, help="how many articles (default 200,000)")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per query (default 20)")
    parser.add_argument("--refill", action="store_true", help="rebuild the articles even if the count matches")
    args = parser.parse_args()

    url = database_url()
    if not url.startswith(("postgres://", "postgresql://")):
        parser.error("BENCH_DATABASE_URL must be a PostgreSQL address")
    ensure_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "cities_portal.settings.test"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # As in production: what is remembered per content generation (core/aggregates.py, here in the
    # process's local memory) is remembered, such as the search's recent-window cutoffs.
    settings.AGGREGATE_CACHE_SECONDS = 300

    from news.models import Article

    call_command("migrate", verbosity=0)
    fill_seconds = None
    if args.refill or Article.objects.count() != args.articles:
        print(f"Loading {args.articles:,} articles into {urlsplit(url).path.lstrip('/')}…", file=sys.stderr)
        fill_seconds = fill(args.articles)
    # As a gunicorn worker starts (gunicorn.conf.py): templates compiled, catalogues loaded, and the
    # long-lived objects frozen, so a full garbage collection does not land in a timed request.
    from portal import warmup

    warmup.warm_up()
    warmup.freeze()
    rows, p50, p95 = measure(args.repeat)
    spanish = measure(args.repeat, "/es/search/")
    print(write_report(args.articles, rows, p50, p95, fill_seconds, args.repeat, spanish))


if __name__ == "__main__":
    main()
