"""CPU instructions per request of each public page, counted by valgrind's callgrind.

    .venv/bin/python bench/instructions.py                  # PostgreSQL, 100k members (`make bench-instructions`)
    .venv/bin/python bench/instructions.py --db sqlite --size demo --no-write

On a shared 2-core machine wrk's req/s moves by 15% or more between runs of the same code, as much
as most changes to a page are worth. An instruction count does not move: the same code on the same
data gives the same count to within 0.1%, whatever else the machine is doing. So this is the
benchmark to tell whether a change made a page cheaper; `make bench` says how fast it is served.

What is counted: the Django process alone (middleware, view, ORM, templates, the database driver's
client side), each page requested in process through Django's test client as a gunicorn worker
would run it after its warm-up (portal/warmup.py, then gc.freeze()), with the page cache off and
counts, picks and cards remembered as in production (for a day here, so that none expires during
the run). Not counted: the database server, Redis, gunicorn and the kernel. The pages and their
query counts are those of `make bench` (bench/throughput.py's probe), on its databases, which are
built first when missing. The trivial view /robots.txt is the reference, as in `make bench`.

Needs valgrind (`apt-get install valgrind`). Writes docs/performance.md between the
instructions-bench markers. Environment: BENCH_PG_URL, BENCH_REDIS_URL, BENCH_DATA_DIR (as `make bench`).
"""

import argparse
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import throughput

ROOT = throughput.ROOT
DOC = throughput.DOC
START, END = "<!-- instructions-bench:start -->", "<!-- instructions-bench:end -->"
REQUESTS = 5  # per page; 3 and 5 gave counts per request within 1% of each other
WAIT_SECONDS = 900  # for one step of the child under valgrind (its start-up takes about a minute)
REMEMBER_SECONDS = "86400"  # counts, picks and cards: none expires during a run


def parse_totals(text):
    """The instruction count of a callgrind dump ("totals: 123" or, failing that, "summary: 123")."""
    for label in ("totals", "summary"):
        match = re.search(rf"^{label}:\s+(\d+)", text, re.M)
        if match and int(match.group(1)):
            return int(match.group(1))
    raise ValueError("no instruction count in the callgrind dump")


def render_markdown(run):
    """The docs block: one row per page, instructions per request and the ratio to /robots.txt."""
    rows = run["rows"]
    reference = next(row["instructions"] for row in rows if row["url"] == "/robots.txt")
    lines = [
        "## Instructions per request (`bench/instructions.py`)",
        "",
        f"{run['title']}, page cache off, counts, picks and cards remembered; the Django process only",
        f"(not the database server, gunicorn or the kernel), {run['requests']} requests per page after a",
        "warm-up, counted by callgrind. The same code on the same data gives the same count to within",
        "0.1% on every run, so this table shows what a change does to a page when wrk's req/s, which moves",
        "by 15% between runs here, cannot.",
        "",
        "| page | instructions per request (millions) | × /robots.txt | SQL queries (as measured) |",
        "|---|---:|---:|---:|",
    ]
    for row in rows:
        queries = "" if row.get("queries") is None else str(row["queries"])  # none for a static file
        lines.append(
            f"| {row['name']} (`{row['url']}`) | {row['instructions'] / 1e6:.1f} | "
            f"{row['instructions'] / reference:.1f} | {queries} |"
        )
    lines += ["", f"Measured {run['when']} at `{run['commit']}`."]
    if run.get("changed"):
        pages = ", ".join(f"`{url}`" for url in run["changed"])
        lines += [
            "",
            f"**Measure again:** the query count of {pages} changed during the run, so something",
            "remembered was recomputed while it was counted.",
        ]
    return "\n".join(lines)


def wait_for(path, child, what):
    deadline = time.monotonic() + WAIT_SECONDS
    while not path.exists():
        if child.poll() is not None:
            tail = "\n".join((path.parent / "child.log").read_text(errors="replace").splitlines()[-30:])
            raise SystemExit(f"bench: the measured process stopped while {what} (exit {child.returncode}):\n{tail}")
        if time.monotonic() > deadline:
            raise SystemExit(f"bench: gave up waiting while {what}")
        time.sleep(0.1)


def control(pid, *args):
    subprocess.run(["callgrind_control", *args, str(pid)], check=True, capture_output=True)  # noqa: S603, S607


def latest_dump(run_dir, pid, seen):
    """The dump callgrind_control -d just asked for, once it is complete."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for path in sorted(run_dir.glob(f"callgrind.{pid}.*")):
            if path not in seen:
                try:
                    count = parse_totals(path.read_text(errors="replace"))
                except ValueError:
                    continue  # still being written
                seen.add(path)
                return count
        time.sleep(0.1)
    raise SystemExit("bench: callgrind wrote no dump")


def count(env, urls, requests, run_dir):
    """{url: instructions per request}, from one process under callgrind, instrumented only while it
    answers `requests` requests of one page."""
    command = [
        "valgrind",
        "--tool=callgrind",
        "--instr-atstart=no",
        f"--callgrind-out-file={run_dir}/callgrind.%p",
        throughput.PYTHON,
        str(Path(__file__).resolve()),
        "--internal",
        str(run_dir),
        str(requests),
        *urls,
    ]
    counts, seen = {}, set()
    with open(run_dir / "child.log", "w") as log_file:
        child = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log_file, stderr=subprocess.STDOUT)  # noqa: S603
        try:
            for index, url in enumerate(urls):
                wait_for(run_dir / f"ready{index}", child, f"warming up for {url}")
                control(child.pid, "--zero")
                control(child.pid, "--instr=on")
                (run_dir / f"go{index}").touch()
                wait_for(run_dir / f"done{index}", child, f"requesting {url}")
                control(child.pid, "--instr=off")
                control(child.pid, "--dump")
                counts[url] = latest_dump(run_dir, child.pid, seen) / requests
                throughput.log(f"{url:<60} {counts[url] / 1e6:8.1f} M instructions per request")
                (run_dir / f"next{index}").touch()
            child.wait(timeout=WAIT_SECONDS)
            queries = json.loads((run_dir / "queries.json").read_text())
            after = json.loads((run_dir / "queries-after.json").read_text())
        finally:
            if child.poll() is None:
                child.kill()
    changed = [url for url in urls if after[url] != queries[url]]
    for url in changed:
        throughput.log(f"{url}: {queries[url]} queries before the run, {after[url]} after: measure again")
    return counts, queries, changed


def run_child(run_dir, requests, urls):
    """Inside valgrind: warm up like a worker, then answer each page when the parent says go."""
    import gc
    import json

    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from portal.warmup import warm_up

    run_dir = Path(run_dir)
    warm_up()
    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    queries = {}
    for url in urls:
        # Fills what is remembered, as the first visits after a change do, and runs each statement
        # more than five times, so that it is prepared (DB_PREPARED_STATEMENTS) as in a busy worker.
        for _ in range(6):
            client.get(url)
        with CaptureQueriesContext(connection) as captured:
            status = client.get(url).status_code
        if status != 200:
            raise SystemExit(f"bench: {url} answers {status} in process")
        queries[url] = len(captured)
    (run_dir / "queries.json").write_text(json.dumps(queries))
    gc.collect()
    gc.freeze()
    for index, url in enumerate(urls):
        (run_dir / f"ready{index}").touch()
        while not (run_dir / f"go{index}").exists():
            time.sleep(0.05)
        for _ in range(requests):
            client.get(url)
        (run_dir / f"done{index}").touch()
        while not (run_dir / f"next{index}").exists():
            time.sleep(0.05)
    # Counted again after the run (not instrumented): a page whose count changed recomputed something
    # remembered while it was measured (a pick lasts until the next event starts or ends).
    after = {}
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        after[url] = len(captured)
    (run_dir / "queries-after.json").write_text(json.dumps(after))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=throughput.DBS, default="postgresql")
    parser.add_argument("--size", choices=throughput.SIZES, default="100k")
    parser.add_argument("--requests", type=int, default=REQUESTS, help=f"per page (default {REQUESTS})")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/ alone")
    args = parser.parse_args(argv)
    missing = [tool for tool in ("valgrind", "callgrind_control") if not shutil.which(tool)]
    if missing:
        raise SystemExit(f"bench: {', '.join(missing)} not found. Install it with `apt-get install valgrind`.")

    data_dir = Path(os.environ.get("BENCH_DATA_DIR", ROOT / "bench" / ".data")).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    redis_url = os.environ.get("BENCH_REDIS_URL", throughput.DEFAULT_REDIS)
    if not throughput.redis_client_installed():
        redis_url = ""
    run_dir = Path(tempfile.mkdtemp(prefix="ssc-instructions-"))
    try:
        env = throughput.base_env(run_dir / "static")
        throughput.collectstatic(env)
        db_env = throughput.database_env(
            env, args.db, args.size, data_dir, os.environ.get("BENCH_PG_URL", throughput.DEFAULT_PG)
        )
        throughput.prepare_database(db_env, args.db, args.size, fresh=False)
        probe = throughput.internal(dict(db_env, **throughput.CACHES["none"]), "probe")
        pages = [{"name": "robots.txt", "url": "/robots.txt"}, *probe["urls"]]
        child_env = dict(
            db_env,
            PAGE_CACHE_SECONDS="0",
            AGGREGATE_CACHE_SECONDS=REMEMBER_SECONDS,
            PYTHONHASHSEED="0",  # the same string hashes, so the same dict and set layouts, every run
        )
        if redis_url:
            child_env["REDIS_URL"] = redis_url
            throughput.redis_flush(redis_url)
        throughput.log(f"counting {len(pages)} pages under callgrind ({args.db}, {args.size})")
        counts, queries, changed = count(child_env, [page["url"] for page in pages], args.requests, run_dir)
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)
    run = {
        "title": f"{throughput.DB_NAMES[args.db]}, {'demo data' if args.size == 'demo' else '100,000 members'}",
        "requests": args.requests,
        "when": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": throughput.git_commit(),
        "rows": [{**page, "instructions": counts[page["url"]], "queries": queries[page["url"]]} for page in pages],
        "changed": changed,
    }
    block = render_markdown(run)
    print(block)
    if not args.no_write:
        DOC.write_text(throughput.replace_block(DOC.read_text(), block, START, END))


if __name__ == "__main__":
    if len(sys.argv) > 3 and sys.argv[1] == "--internal":
        run_child(sys.argv[2], int(sys.argv[3]), sys.argv[4:])
    else:
        main()
