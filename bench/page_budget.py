"""Each public page on the demo data: SQL queries, and HTML + CSS + JS bytes (the SPEC budget).

    .venv/bin/python bench/page_budget.py

Runs in process on a throwaway SQLite database with the test settings, loads the demo data,
fetches every page type through Django's test client, and adds the size of the HTML to the CSS and
JS files it links (read through the static files finders, uncompressed). Writes a table to
docs/performance.md between the page-budget markers, and to stdout.
"""

import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PAGES = [
    "/",
    "/clusters/",
    "/clusters/transport/",
    "/members/",
    "/members/?country=BR&country=CL",
    "/members/?cluster=transport&country=CN",
    "/members/sao-paulo/",
    "/news/",
    "/news/urban-mobility-exchange-argentina-chile-china/",
    "/events/",
    "/events/south-south-cooperation-cities-climate-action-2020/",
    "/events/south-south-cooperation-cities-climate-action-2020.ics",
    "/exchange/",
    "/exchange/?sdg=11",
    "/exchange/koidu-waste-management-expertise/",
    "/search/?q=transport",
    "/submit/",
    "/api/members/",
]
BUDGET = 100 * 1024
START, END = "<!-- page-budget:start -->", "<!-- page-budget:end -->"


def main():
    database = Path(tempfile.mkdtemp()) / "budget.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "cities_portal.settings.test"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from tests.page_budget import page_weight

    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    client = Client()
    rows = []
    for path in PAGES:
        client.get(path)  # warm: image variants, caches of the first request
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        html = len(response.content)
        rows.append((path, response.status_code, len(queries), html, page_weight(response) - html))
    lines = [
        "## Page budget (`bench/page_budget.py`)",
        "",
        "Demo data, SQLite, test settings. Weight is uncompressed HTML plus the CSS and JS the page links;",
        "the SPEC budget is 100 KB. Query counts are locked by tests at two data sizes.",
        "",
        "| page | status | SQL queries | HTML (KB) | CSS + JS (KB) | total (KB) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for path, status, count, html, assets in rows:
        total = html + assets
        flag = "" if total < BUDGET else " **over**"
        lines.append(
            f"| `{path}` | {status} | {count} | {html / 1024:.1f} | {assets / 1024:.1f} | {total / 1024:.1f}{flag} |"
        )
    table = "\n".join(lines)
    print(table)
    target = ROOT / "docs" / "performance.md"
    text = target.read_text() if target.exists() else "# Performance\n"
    block = f"{START}\n{table}\n{END}"
    if START in text:
        text = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    target.write_text(text)


if __name__ == "__main__":
    main()
