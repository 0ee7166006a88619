"""EXPLAIN (ANALYZE, BUFFERS) of every query the directory, news and events pages run.

Run on a PostgreSQL database filled by `generate_scale_data`:

    DATABASE_URL=postgres://…/ssc_scale_data .venv/bin/python bench/explain_plans.py [--write] [--label before]

The real views run through Django's test client; CaptureQueriesContext records their SQL,
which is then explained. Prints per page the total SQL time and each query's time, and with
`--plans` the trimmed plans. `--json FILE` stores the figures for docs/performance.md.
"""

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cities_portal.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

PAGES = [
    "/members/",
    "/members/?cluster=transport",
    "/members/?country=BR",
    "/members/?kind=academic",
    "/members/?cluster=transport&country=CN",
    "/members/?cluster=waste&country=BR&kind=city",
    "/members/?q=kama",
    "/members/?page=4000",
    "/news/",
    "/news/?cluster=transport",
    "/news/?year=2024",
    "/news/?page=4000",
    "/events/",
    "/events/?when=past",
    "/events/?page=400",
]

BIG_TABLES = r"on (members_\w+|news_article\w*|events_\w+)\b"
SKIP = re.compile(r"^\s*(SAVEPOINT|RELEASE|ROLLBACK|SET |BEGIN|COMMIT)", re.I)


def explain(sql):
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT) " + sql)
        lines = [row[0] for row in cursor.fetchall()]
    total = next((float(m.group(1)) for line in lines if (m := re.search(r"Execution Time: ([\d.]+)", line))), 0.0)
    return total, lines


def trimmed(lines, keep=14):
    kept = [line for line in lines if "Buffers:" not in line and "Planning:" not in line]
    return kept[:keep] + (["  …"] if len(kept) > keep else [])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", action="store_true")
    parser.add_argument("--json")
    parser.add_argument("pages", nargs="*")
    args = parser.parse_args()
    setup_test_environment()
    client = Client()
    results = []
    for url in args.pages or PAGES:
        client.get(url)  # warm caches (buffers, templates)
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
        queries = []
        for query in captured.captured_queries:
            sql = query["sql"]
            if SKIP.match(sql):
                continue
            ms, lines = explain(sql)
            seq = [line.strip() for line in lines if "Seq Scan" in line]
            queries.append({"sql": sql, "ms": ms, "plan": lines, "seq": seq})
        sql_ms = sum(q["ms"] for q in queries)
        results.append(
            {"url": url, "status": response.status_code, "view_ms": elapsed, "sql_ms": sql_ms, "queries": queries}
        )
        head = f"{url}  status {response.status_code}  view {elapsed:.0f} ms  SQL {sql_ms:.1f} ms"
        print(f"\n## {head}  {len(queries)} queries")
        for n, query in enumerate(queries, 1):
            flag = (
                " SEQ"
                if any(
                    re.search(
                        BIG_TABLES,
                        s,
                    )
                    for s in query["seq"]
                )
                else ""
            )
            print(f"  {n:2}. {query['ms']:8.2f} ms{flag}  {query['sql'][:150]}")
            if args.plans:
                for line in trimmed(query["plan"]):
                    print("        " + line)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, default=str))


if __name__ == "__main__":
    main()
