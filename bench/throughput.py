"""Throughput of the public pages under gunicorn + wrk, at demo size and at 100,000 members.

    .venv/bin/python bench/throughput.py                          # the full matrix (`make bench`)
    .venv/bin/python bench/throughput.py --db sqlite --size demo --quick   # `make bench-quick`
    .venv/bin/python bench/throughput.py --db postgresql --size 100k --cache off --seconds 10

For each configuration — database (SQLite, PostgreSQL) × data size (demo, 100k members) × page cache
(warm: PAGE_CACHE_SECONDS=300 on Redis; off: PAGE_CACHE_SECONDS=0 with counts, picks and cards still
remembered, as in production; none: AGGREGATE_CACHE_SECONDS=0 too) — it starts the repository's
gunicorn configuration (gunicorn.conf.py, production settings) on a loopback port, checks that
every URL answers 200, warms each URL, then drives it with `wrk --latency -t2 -c8 -d<seconds>s`.
Two references run in the same configuration: the trivial view /robots.txt and one hashed static
file. Per page: req/s, ratio to the trivial view, p50/p99 latency, errors, SQL queries per request
(counted in process with Django's test client, no cache at all) and the workers' memory (RSS from /proc).
Then one worker (WEB_CONCURRENCY=1, never recycled) serves 10,000 requests cycling through the
pages; its RSS is read after 5,000 and 10,000.

Databases are built once and reused: a marker table records what they hold (`--fresh` rebuilds).
SQLite files and media live in bench/.data/ (BENCH_DATA_DIR); PostgreSQL databases are
<BENCH_PG_URL>_demo and <BENCH_PG_URL>_100k (default postgres://postgres@127.0.0.1:5432/ssc_bench).
Results: bench/results/throughput.json (merged per configuration), docs/performance.md between the
throughput-bench markers, and the chart docs/performance-throughput.svg.

Environment: BENCH_SECONDS (default 5), BENCH_PG_URL, BENCH_REDIS_URL (default
redis://127.0.0.1:6379/2, flushed before each configuration), BENCH_DATA_DIR, BENCH_PORT (first
port tried, default 8200), BENCH_MEMORY_REQUESTS (default 10000), WEB_CONCURRENCY (gunicorn's).
"""

import argparse
import datetime as dt
import html
import json
import math
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DOC = ROOT / "docs" / "performance.md"
SVG = ROOT / "docs" / "performance-throughput.svg"
RESULTS = ROOT / "bench" / "results" / "throughput.json"
START, END = "<!-- throughput-bench:start -->", "<!-- throughput-bench:end -->"

DATA_VERSION = 3  # bump when the generated data should change; a database with another marker is rebuilt
SIZES = {
    "demo": {"members": 0, "news": 0, "events": 0, "solutions": 0, "posts": 0},
    # 100,000 members as the issue asks; news and events smaller than generate_scale_data's full
    # run (200,000 / 20,000), so building both databases stays within a few minutes; 20,000 solutions
    # and 20,000 exchange posts.
    "100k": {"members": 100_000, "news": 50_000, "events": 5_000, "solutions": 20_000, "posts": 20_000},
}
DBS = ["sqlite", "postgresql"]
DB_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# What each configuration caches. "off": no whole pages, but counts, picks and cards stay remembered per
# content generation (core/aggregates.py), as in production; "none": nothing, every count runs per request.
CACHES = {
    "none": {"PAGE_CACHE_SECONDS": "0", "AGGREGATE_CACHE_SECONDS": "0"},
    "off": {"PAGE_CACHE_SECONDS": "0", "AGGREGATE_CACHE_SECONDS": "300"},
    "warm": {"PAGE_CACHE_SECONDS": "300", "AGGREGATE_CACHE_SECONDS": "300"},
}
CACHE_TITLES = {"none": "no cache at all", "off": "page cache off", "warm": "page cache warm"}
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/ssc_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/2"
WRK_THREADS, WRK_CONNECTIONS = 2, 8
TRIVIAL_AGAIN = "robots.txt, again at the end"
PROTO_HEADER = "X-Forwarded-Proto: https"  # production redirects to HTTPS unless the proxy says so

# The targets (docs/performance.md): each page's throughput as a share of the trivial view's.
WARM_RATIO = 0.5
OFF_RATIO = 0.05
OFF_P99_MS = 100.0
MEMORY_MB = 150.0
GROWTH_MB = 1.0  # RSS moves by a few hundred KB as the allocator works; more than this is growth
# Fewer requests than this in a measurement: its req/s and percentiles are rough (flagged "few").
FEW_REQUESTS = 30
LONGEST_SECONDS = 30  # a page that completes fewer requests than connections is measured again, this long


# --- Pure parts (tested in tests/test_bench.py) ----------------------------------------------------

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def to_ms(text):
    """wrk's time, e.g. '812.00us', '4.20ms', '1.02s', '1.50m', in milliseconds."""
    match = re.fullmatch(r"\s*([\d.]+)\s*(us|ms|s|m|h)\s*", text)
    if not match:
        raise ValueError(f"not a wrk time: {text!r}")
    return float(match.group(1)) * UNITS[match.group(2)]


def parse_wrk(text):
    """The figures of `wrk --latency` output: req/s, percentiles (ms), requests, errors."""
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", text, re.M)
    total = re.search(r"^\s*(\d+) requests in ([\d.]+\w+),", text, re.M)
    if not rps or not total:
        raise ValueError("wrk output without 'Requests/sec' or a request total:\n" + text)
    percentiles = {
        int(p): to_ms(value) for p, value in re.findall(r"^\s+(50|75|90|99)(?:\.0+)?%\s+([\d.]+\w+)\s*$", text, re.M)
    }
    if set(percentiles) != {50, 75, 90, 99}:
        raise ValueError("wrk output without its latency distribution (run it with --latency):\n" + text)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    if int(total.group(1)) == 0:  # nothing completed: wrk prints zeros, which are not latencies
        percentiles = dict.fromkeys(percentiles)
    return {
        "rps": float(rps.group(1)),
        "requests": int(total.group(1)),
        "duration_ms": to_ms(total.group(2)),
        "p50_ms": percentiles[50],
        "p75_ms": percentiles[75],
        "p90_ms": percentiles[90],
        "p99_ms": percentiles[99],
        "socket_errors": sum(int(n) for n in socket_errors.groups()) if socket_errors else 0,
        "timeouts": int(socket_errors.group(4)) if socket_errors else 0,
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
    }


def replace_block(text, block, start=START, end=END):
    """`text` with the part between the markers replaced by `block` (appended when absent)."""
    framed = f"{start}\n{block.strip()}\n{end}"
    if start in text and end in text:
        return re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: framed, text, count=1, flags=re.S)
    return text.rstrip() + "\n\n" + framed + "\n"


def config_key(db, size, cache):
    return f"{db}/{size}/{cache}"


def ordered_configs(configs):
    """Configurations in a fixed order: database, then size, then no cache, page cache off, warm."""
    rank = {
        "db": {name: n for n, name in enumerate(DBS)},
        "size": {name: n for n, name in enumerate(SIZES)},
        "cache": {"none": 0, "off": 1, "warm": 2},
    }
    return sorted(
        configs.values(),
        key=lambda c: (rank["db"].get(c["db"], 9), rank["size"].get(c["size"], 9), rank["cache"].get(c["cache"], 9)),
    )


def with_ratios(config):
    """Each row's ratio to the trivial view's req/s in the same configuration."""
    trivial = next((r["rps"] for r in config["rows"] if r["kind"] == "trivial"), None)
    for row in config["rows"]:
        row["ratio"] = row["rps"] / trivial if trivial else None
    return config


def fmt_num(value, digits=0):
    return "–" if value is None else f"{value:,.{digits}f}"


def fmt_ms(value):
    if value is None:
        return "none completed"
    return f"{value:.1f}" if value < 100 else f"{value:,.0f}"


def config_title(config):
    db = DB_NAMES.get(config["db"], config["db"])
    size = "demo data" if config["size"] == "demo" else f"{config['size']} members"
    return f"{db}, {size}, {CACHE_TITLES.get(config['cache'], config['cache'])}"


def requests_cell(row, config):
    """Requests completed; '(few)' when too few for steady figures, with the run's length if it was longer."""
    notes = []
    if row.get("seconds", config["seconds"]) != config["seconds"]:
        notes.append(f"in {row['seconds']} s")
    if row["requests"] < FEW_REQUESTS:
        notes.append("few")
    return f"{row['requests']:,}" + (f" ({', '.join(notes)})" if notes else "")


def config_table(config):
    config = with_ratios(config)
    workers = config.get("workers_rss_mb") or []
    lines = [
        f"### {config_title(config)}",
        "",
        f"{config['when']} · {config['seconds']} s per page · load average {config['load_before']:.1f} → "
        f"{config['load_after']:.1f} · {len(workers)} workers, RSS "
        + (", ".join(f"{mb:.0f}" for mb in workers) + " MB" if workers else "not read")
        + f" · cache backend: {config.get('cache_backend', '?')}",
        "",
        "| page | URL | req/s | × trivial | p50 (ms) | p99 (ms) | SQL queries | requests | errors |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in config["rows"]:
        name = row["name"] if row["kind"] == "page" else f"*{row['name']}*"
        queries = "–" if row.get("queries") is None else str(row["queries"])
        errors = row["non2xx"] + row["socket_errors"]
        lines.append(
            f"| {name} | `{row['url']}` | {fmt_num(row['rps'])} | {fmt_num(row['ratio'], 2)} | "
            f"{fmt_ms(row['p50_ms'])} | {fmt_ms(row['p99_ms'])} | {queries} | {requests_cell(row, config)} | "
            f"{errors:,} |"
        )
    return "\n".join(lines)


def target_rows(results):
    """(target, where, measured, verdict) for every target of the issue the results can speak to."""
    ordered = ordered_configs(results.get("configs", {}))
    configs = {config_key(c["db"], c["size"], c["cache"]): with_ratios(c) for c in ordered}
    rows = []

    def pages(config):
        return [r for r in config["rows"] if r["kind"] == "page"]

    def verdict(ok):
        return "met" if ok else "**not met**"

    for _key, config in configs.items():
        if config["cache"] != "warm":
            continue
        worst = min(pages(config), key=lambda r: r["ratio"] or 0)
        below = [r["name"] for r in pages(config) if (r["ratio"] or 0) < WARM_RATIO]
        measured = f"lowest {worst['ratio']:.2f}× ({worst['name']})" + (f"; below: {'; '.join(below)}" if below else "")
        rows.append(
            (f"Cache warm: every page ≥ {WARM_RATIO}× trivial", config_title(config), measured, verdict(not below))
        )
    for _key, config in configs.items():
        if config["cache"] not in ("off", "none") or config["db"] != "postgresql" or config["size"] == "demo":
            continue
        worst = min(pages(config), key=lambda r: r["ratio"] or 0)
        below = [r["name"] for r in pages(config) if (r["ratio"] or 0) < OFF_RATIO]
        measured = f"lowest {worst['ratio']:.3f}× ({worst['name']})" + (f"; below: {'; '.join(below)}" if below else "")
        rows.append(
            (f"Cache off: every page ≥ {OFF_RATIO}× trivial", config_title(config), measured, verdict(not below))
        )
        slowest = max(pages(config), key=lambda r: math.inf if r["p99_ms"] is None else r["p99_ms"])
        over = [r["name"] for r in pages(config) if r["p99_ms"] is None or r["p99_ms"] >= OFF_P99_MS]
        measured = f"highest {fmt_ms(slowest['p99_ms'])} ms ({slowest['name']})" + (
            f"; over: {'; '.join(over)}" if over else ""
        )
        rows.append(
            (
                f"Cache off: p99 < {OFF_P99_MS:.0f} ms at {WRK_CONNECTIONS} connections",
                config_title(config),
                measured,
                verdict(not over),
            )
        )
    memory = results.get("memory")
    if memory:
        marks = memory["rss_mb"]
        first, last = marks.get(str(memory["requests"] // 2)), marks.get(str(memory["requests"]))
        if first is not None and last is not None:
            growth = last - first
            ok = last < MEMORY_MB and growth <= GROWTH_MB and memory["requests"] >= 10_000
            rows.append(
                (
                    f"Memory: one worker < {MEMORY_MB:.0f} MB after 10,000 requests, no growth 5,000 → 10,000 "
                    f"(≤ {GROWTH_MB:g} MB)",
                    memory["config"],
                    f"{first:.1f} MB after {memory['requests'] // 2:,}, {last:.1f} MB after "
                    f"{memory['requests']:,} ({growth:+.1f} MB)",
                    verdict(ok) if memory["requests"] >= 10_000 else "not judged (fewer than 10,000 requests)",
                )
            )
    for db in DBS:
        demo, big = (
            next(filter(None, (configs.get(config_key(db, size, cache)) for cache in CACHES)), None)
            for size in ("demo", "100k")
        )
        if not demo or not big:
            continue
        counts = {r["name"]: r.get("queries") for r in pages(demo)}
        differing = [
            f"{r['name']} {counts.get(r['name'])} → {r.get('queries')}"
            for r in pages(big)
            if r.get("queries") is not None and counts.get(r["name"]) != r.get("queries")
        ]
        same = len(pages(big)) - len(differing)
        measured = f"{same} of {len(pages(big))} pages the same" + (
            f"; differ: {'; '.join(differing)}" if differing else ""
        )
        rows.append(("Flat query counts: demo vs 100k", DB_NAMES[db], measured, verdict(not differing)))
    return rows


def render_markdown(results, svg_name=SVG.name):
    configs = ordered_configs(results.get("configs", {}))
    run = results.get("run", {})
    lines = [
        "## Throughput (`bench/throughput.py`, `make bench`)",
        "",
        f"gunicorn with `gunicorn.conf.py` and the production settings on loopback, driven by "
        f"`wrk --latency -t{WRK_THREADS} -c{WRK_CONNECTIONS}` with `{PROTO_HEADER}`; each URL is checked "
        "for 200 and warmed first. *robots.txt* (a trivial view) and a static file are the references; "
        f"*{TRIVIAL_AGAIN}* is the trivial view measured once more after the pages, its ratio to the first "
        "showing how much the machine's speed moved during the configuration. "
        "SQL queries are counted in process with Django's test client on the same database and settings, "
        "anonymous, no cache at all. Errors are wrk's non-2xx-or-3xx responses plus socket errors.",
        "",
        f"Last run: {run.get('when', '?')} on {run.get('cores', '?')} cores, load average "
        f"{run.get('load', '?')} at the start (other work was sharing the machine), commit "
        f"`{run.get('commit', '?')}`. Caches: *page cache warm* `PAGE_CACHE_SECONDS=300`; *page cache off* "
        "`PAGE_CACHE_SECONDS=0` with counts, picks and cards still remembered per content generation "
        "(`AGGREGATE_CACHE_SECONDS=300`, as in production); *no cache at all* both `0`. Redis "
        f"flushed before each configuration. Data: demo = `load_demo`; 100k = `load_demo` + "
        f"`generate_scale_data --members {SIZES['100k']['members']} --news {SIZES['100k']['news']} "
        f"--events {SIZES['100k']['events']} --solutions {SIZES['100k']['solutions']} "
        f"--posts {SIZES['100k']['posts']} --seed 1` "
        "(fewer news and events than the full scale run, "
        "so building both databases stays within minutes; `bench/search_bench.py` covers search over many "
        "articles). Configurations keep the date they were measured: a partial run replaces only its own.",
        "",
    ]
    if run.get("note"):
        lines += [f"**Note.** {run['note']}", ""]
    sizes = results.get("sizes") or {}
    if sizes:
        lines.append("Data sizes (published / total):")
        lines.append("")
        lines.append("| database | size | members | news | events | good practices | exchange posts |")
        lines.append("|---|---|---:|---:|---:|---:|---:|")
        for key in sorted(sizes):
            db, size = key.split("/")
            s = sizes[key]
            cells = [
                f"{s[k]['public']:,} / {s[k]['total']:,}" if k in s else "–"
                for k in ("members", "news", "events", "solutions", "posts")
            ]
            lines.append(f"| {db} | {size} | " + " | ".join(cells) + " |")
        lines.append("")
    target_lines = target_rows(results)
    if target_lines:
        lines += ["### Targets", "", "| target | configuration | measured | |", "|---|---|---|---|"]
        lines += [f"| {t} | {w} | {m} | {v} |" for t, w, m, v in target_lines]
        lines += [
            "",
            "Search (p95 under 50 ms over 200,000 articles) is measured by `bench/search_bench.py` "
            "(`make bench-search`), in its own section.",
            "",
        ]
    memory = results.get("memory")
    if memory:
        series = ", ".join(
            f"{int(n):,}: {mb:.1f}" for n, mb in sorted(memory["rss_mb"].items(), key=lambda i: int(i[0]))
        )
        lines += [
            "### Memory of one worker",
            "",
            f"{memory['config']}, `WEB_CONCURRENCY=1 GUNICORN_MAX_REQUESTS=0`, {memory['requests']:,} requests "
            f"cycling through the {memory['pages']} pages one at a time ({memory['when']}, "
            f"{memory['errors']} non-200). RSS in MB after n requests — {series}.",
            "",
        ]
    if configs:
        lines += [f"![Throughput against data size, per page]({svg_name})", ""]
    for config in configs:
        lines += [config_table(config), ""]
    return "\n".join(lines).rstrip() + "\n"


def render_svg(results):
    """Horizontal bars, log scale: req/s per page, demo against 100k, one panel per database and cache."""
    configs = results.get("configs", {})
    panels = []
    for db in DBS:
        for cache in CACHES:
            by_size = {size: configs.get(config_key(db, size, cache)) for size in SIZES}
            by_size = {size: c for size, c in by_size.items() if c}
            if by_size:
                panels.append((db, cache, by_size))
    names = []
    for _db, _cache, by_size in panels:
        for config in by_size.values():
            for row in config["rows"]:
                if row["name"] not in names and row["kind"] != "trivial-end":
                    names.append(row["name"])
    colors = {"demo": "#7fb3d5", "100k": "#1f4e79"}
    values = [r["rps"] for _d, _c, b in panels for c in b.values() for r in c["rows"] if r["rps"] > 0]
    low = 10 ** math.floor(math.log10(min(values))) if values else 1
    high = 10 ** math.ceil(math.log10(max(values))) if values else 10
    if high <= low:
        high = low * 10
    label_w, bar_w, gap = 190, 300, 40
    panel_w = label_w + bar_w + 60
    row_h, bar_h = 30, 11
    head = 70
    panel_h = 50 + row_h * len(names) + 30
    columns = 2 if len(panels) > 1 else 1
    rows_of_panels = math.ceil(len(panels) / columns) if panels else 1
    width = columns * panel_w + (columns - 1) * gap + 40
    height = head + rows_of_panels * panel_h + 20

    def x_of(value):
        value = min(max(value, low), high)
        return label_w + bar_w * (math.log10(value) - math.log10(low)) / (math.log10(high) - math.log10(low))

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="system-ui, sans-serif" font-size="12">',
        "<title>Requests per second against data size, per page</title>",
        f'<rect width="{width}" height="{height}" fill="#fff"/>',
        '<text x="20" y="28" font-size="16" font-weight="bold">Requests per second, demo data against '
        "100,000 members (log scale)</text>",
        f'<rect x="20" y="42" width="12" height="12" fill="{colors["demo"]}"/><text x="38" y="52">demo data</text>',
        f'<rect x="120" y="42" width="12" height="12" fill="{colors["100k"]}"/>'
        '<text x="138" y="52">100,000 members</text>',
        '<text x="280" y="52" fill="#555">italic rows: references (trivial view, static file)</text>',
    ]
    for n, (db, cache, by_size) in enumerate(panels):
        ox = 20 + (n % columns) * (panel_w + gap)
        oy = head + (n // columns) * panel_h
        title = f"{DB_NAMES[db]}, {CACHE_TITLES[cache]}"
        out.append(f'<g transform="translate({ox},{oy})">')
        out.append(f'<text x="0" y="16" font-size="14" font-weight="bold">{html.escape(title)}</text>')
        top, bottom = 30, 30 + row_h * len(names)
        decade = low
        while decade <= high:
            x = x_of(decade)
            out.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}" stroke="#ddd"/>')
            out.append(f'<text x="{x:.1f}" y="{bottom + 14}" text-anchor="middle" fill="#555">{decade:,g}</text>')
            decade *= 10
        out.append(
            f'<text x="{label_w + bar_w / 2:.0f}" y="{bottom + 28}" text-anchor="middle" fill="#555">req/s</text>'
        )
        for i, name in enumerate(names):
            y = top + i * row_h
            italic = any(r["name"] == name and r["kind"] != "page" for c in by_size.values() for r in c["rows"])
            style = ' font-style="italic"' if italic else ""
            ty = y + row_h / 2 + 4
            out.append(f'<text x="{label_w - 8}" y="{ty:.0f}" text-anchor="end"{style}>{html.escape(name)}</text>')
            for j, size in enumerate(SIZES):
                config = by_size.get(size)
                row = next((r for r in config["rows"] if r["name"] == name), None) if config else None
                if row is None:
                    continue
                by = y + 3 + j * (bar_h + 2)
                x_end = x_of(row["rps"]) if row["rps"] > 0 else label_w
                value = f"{row['rps']:,.1f}" if row["rps"] < 10 else f"{row['rps']:,.0f}"
                value = value if row["requests"] else "none completed"
                out.append(
                    f'<rect x="{label_w}" y="{by}" width="{max(x_end - label_w, 1):.1f}" height="{bar_h}" '
                    f'fill="{colors[size]}"><title>{html.escape(name)}, {size}: {value} req/s</title></rect>'
                )
                out.append(f'<text x="{x_end + 4:.1f}" y="{by + bar_h - 1}" font-size="10">{value}</text>')
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


def merge_results(old, new):
    """`old` with the configurations, sizes and memory figures of `new` replacing their namesakes."""
    merged = {
        "run": new.get("run") or old.get("run", {}),
        "configs": {**old.get("configs", {}), **new.get("configs", {})},
        "sizes": {**old.get("sizes", {}), **new.get("sizes", {})},
    }
    memory = new.get("memory") or old.get("memory")
    if memory:
        merged["memory"] = memory
    return merged


# --- Running things ----------------------------------------------------------------------------------


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def load_average():
    return os.getloadavg()[0]


def run(command, env, what, capture=False, timeout=None):
    result = subprocess.run(  # noqa: S603 - fixed commands
        command, cwd=ROOT, env=env, text=True, capture_output=capture, timeout=timeout, check=False
    )
    if result.returncode != 0:
        detail = (result.stdout or "") + (result.stderr or "") if capture else ""
        raise SystemExit(f"bench: {what} failed (exit {result.returncode}): {' '.join(command)}\n{detail}")
    return result.stdout if capture else ""


def manage(env, *args, what=None, capture=False):
    return run([PYTHON, "manage.py", *args], env, what or f"manage.py {args[0]}", capture=capture)


def internal(env, *args):
    """This script's Django-side helpers (marker, probe), in a process with the configuration's settings."""
    out = run([PYTHON, str(Path(__file__).resolve()), "--internal", *args], env, f"internal {args[0]}", capture=True)
    return json.loads(out.strip().splitlines()[-1])


def free_port(first):
    for port in range(first, first + 100):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise SystemExit(f"bench: no free port in {first}-{first + 99}")


def pg_url(base, size):
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}_{size}"))


def pg_admin(url, statement):
    import psycopg  # the project's PostgreSQL driver

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        cursor = conn.execute(statement)
        return cursor.fetchall() if cursor.description else None


def pg_ensure(url, drop=False):
    name = urlsplit(url).path.lstrip("/")
    if not re.fullmatch(r"[A-Za-z0-9_]+", name):
        raise SystemExit(f"bench: unexpected database name {name!r}")
    if drop:
        pg_admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if not pg_admin(url, f"SELECT 1 FROM pg_database WHERE datname = '{name}'"):  # noqa: S608 - checked name
        log(f"creating PostgreSQL database {name}")
        pg_admin(url, f'CREATE DATABASE "{name}"')


def redis_flush(url):
    """FLUSHDB on the Redis database of `url`, over a plain socket (no client library needed)."""
    parts = urlsplit(url)
    db = int(parts.path.strip("/") or 0)
    with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), timeout=5) as sock:
        sock.sendall(f"*2\r\n$6\r\nSELECT\r\n${len(str(db))}\r\n{db}\r\n*1\r\n$7\r\nFLUSHDB\r\n".encode())
        reply = b""
        while reply.count(b"\r\n") < 2:
            chunk = sock.recv(100)
            if not chunk:
                break
            reply += chunk
    if reply != b"+OK\r\n+OK\r\n":
        raise SystemExit(f"bench: Redis at {url} did not flush: {reply!r}")


def redis_client_installed():
    return subprocess.run([PYTHON, "-c", "import redis"], capture_output=True, check=False).returncode == 0  # noqa: S603


def git_commit():
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        return out.stdout.strip() + ("+changes" if dirty.stdout.strip() else "")
    except (OSError, subprocess.CalledProcessError):
        return "?"


def base_env(static_root):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG", *CACHES["none"]}}
    env.update(
        DJANGO_SETTINGS_MODULE="cities_portal.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL="https://127.0.0.1",
        STATIC_ROOT=str(static_root),
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


def database_env(env, db, size, data_dir, pg_base):
    env = dict(env)
    if db == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{data_dir / f'{size}.sqlite3'}"
    else:
        env["DATABASE_URL"] = pg_url(pg_base, size)
    env["MEDIA_ROOT"] = str(data_dir / f"media-{db}-{size}")
    return env


def prepare_database(env, db, size, fresh):
    """Migrate; (re)build the data unless the marker says it is already there. Returns the counts."""
    spec = json.dumps({"version": DATA_VERSION, "size": size, **SIZES[size], "seed": 1}, sort_keys=True)
    url = env["DATABASE_URL"]
    if db == "postgresql":
        pg_ensure(url)
    marker = None if fresh else internal(env, "marker-get")
    if marker == spec:
        log(f"{db}/{size}: reusing the database (marker matches)")
        manage(env, "migrate", "--noinput", "-v0")
        # A migration that rewrote every row leaves dead tuples and a stale visibility map behind:
        # until vacuumed, COUNT(*) reads the heap (6 -> 34 ms at 100k members) and the figures
        # would measure the migration, not the pages.
        internal(env, "analyze")
        return internal(env, "sizes")
    log(f"{db}/{size}: building the database" + (" (--fresh)" if fresh else ""))
    started = time.monotonic()
    if db == "postgresql":
        pg_ensure(url, drop=True)
    else:
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    shutil.rmtree(env["MEDIA_ROOT"], ignore_errors=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo", "-v0")
    counts = SIZES[size]
    if any(counts.values()):
        manage(
            env,
            "generate_scale_data",
            f"--members={counts['members']}",
            f"--news={counts['news']}",
            f"--events={counts['events']}",
            f"--solutions={counts['solutions']}",
            f"--posts={counts['posts']}",
            "--seed=1",
        )
    internal(env, "analyze")
    internal(env, "marker-set", spec)
    log(f"{db}/{size}: built in {time.monotonic() - started:.0f} s")
    return internal(env, "sizes")


def collectstatic(env):
    manage(env, "collectstatic", "--noinput", "-v0")
    manifest = json.loads((Path(env["STATIC_ROOT"]) / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["css/site.css"]


class Server:
    """gunicorn with the repository's configuration, on a loopback port, logging to a file."""

    def __init__(self, env, port, log_path, workers=None, max_requests=None):
        self.env = dict(env, GUNICORN_BIND=f"127.0.0.1:{port}")
        if workers is not None:
            self.env["WEB_CONCURRENCY"] = str(workers)
        if max_requests is not None:
            self.env["GUNICORN_MAX_REQUESTS"] = str(max_requests)
        self.port = port
        self.log_path = log_path
        self.process = None

    def __enter__(self):
        self.log_file = open(self.log_path, "w")
        self.process = subprocess.Popen(  # noqa: S603
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "-c",
                "gunicorn.conf.py",
                # gunicorn's control socket defaults to one path per user (~/.gunicorn/gunicorn.ctl):
                # give this instance its own, so it never takes over another server's.
                "--control-socket",
                str(Path(self.log_path).with_suffix(".ctl")),
                "cities_portal.wsgi",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"bench: gunicorn exited ({self.process.returncode}); log:\n{self.tail()}")
            try:
                status, _ = http_get(self.port, "/robots.txt", timeout=2)
                if status == 200 and len(self.workers()) >= self.expected_workers():
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        raise SystemExit(f"bench: gunicorn did not answer within 90 s; log:\n{self.tail()}")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # quick shutdown: what was measured is done
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log_file.close()

    def expected_workers(self):
        # As gunicorn.conf.py counts them.
        return int(self.env.get("WEB_CONCURRENCY") or min((os.cpu_count() or 1) * 2 + 1, 12))

    def tail(self, lines=40):
        try:
            return "\n".join(Path(self.log_path).read_text().splitlines()[-lines:])
        except OSError:
            return ""

    def drain(self):
        """Wait until every worker is free: as many /robots.txt requests at once as there are workers.

        A slow page leaves requests queued and in flight after wrk stops; without this they would
        eat into the next measurement."""
        with ThreadPoolExecutor(self.expected_workers()) as pool:
            list(pool.map(lambda _: http_get(self.port, "/robots.txt", timeout=300), range(self.expected_workers())))

    def workers(self):
        """The pids of the master's child processes (the workers)."""
        pid = self.process.pid
        children = []
        for task in Path(f"/proc/{pid}/task").glob("*/children"):
            children += [int(p) for p in task.read_text().split()]
        return children

    def workers_rss_mb(self):
        return [rss_mb(pid) for pid in self.workers()]


def rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def http_get(port, path, timeout=30, conn=None):
    import http.client

    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1", "X-Forwarded-Proto": "https"})
        response = conn.getresponse()
        body = response.read()
        location = response.getheader("Location")
        if response.getheader("Connection", "").lower() == "close":
            conn.close()
        return response.status, location or body[:200]
    finally:
        if own:
            conn.close()


def wrk(port, path, seconds, wrk_path):
    command = [
        wrk_path,
        "--latency",
        f"-t{WRK_THREADS}",
        f"-c{WRK_CONNECTIONS}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-H",
        PROTO_HEADER,
        f"http://127.0.0.1:{port}{path}",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=seconds + 60)  # noqa: S603
    if result.returncode != 0:
        raise SystemExit(f"bench: wrk failed on {path}: {result.stderr or result.stdout}")
    return parse_wrk(result.stdout)


def measure_config(env, db, size, cache, urls, counts, args, wrk_path, port, run_dir, redis_url):
    env = dict(env, **CACHES[cache])
    if redis_url:
        env["REDIS_URL"] = redis_url
        redis_flush(redis_url)
    key = config_key(db, size, cache)
    load_before = load_average()
    log(f"{key}: starting gunicorn on port {port} (load average {load_before:.1f})")
    with Server(env, port, run_dir / f"gunicorn-{db}-{size}-{cache}.log") as server:
        bad = []
        for item in urls:
            status, detail = http_get(port, item["url"])
            if status != 200:
                bad.append(f"  {item['url']}: {status} {detail!r}")
        if bad:
            raise SystemExit(f"bench: {key}: not every URL answers 200:\n" + "\n".join(bad) + "\n" + server.tail())
        rows = []
        for item in urls:
            wrk(port, item["url"], args.warm_seconds, wrk_path)
            server.drain()
            seconds = args.seconds
            figures = wrk(port, item["url"], seconds, wrk_path)
            server.drain()
            if figures["requests"] < WRK_CONNECTIONS:
                # Slower than the run is long (a page taking seconds): measure again for longer, so
                # the figures come from a few completed requests rather than none.
                seconds = max(args.seconds, min(args.seconds * 4, LONGEST_SECONDS))
                log(f"{key}: {item['name']}: {figures['requests']} requests completed; again for {seconds} s")
                figures = wrk(port, item["url"], seconds, wrk_path)
                server.drain()
            row = {**item, **figures, "queries": counts.get(item["url"])}
            row["seconds"] = seconds
            rows.append(row)
            log(
                f"{key}: {item['name']:<30} {figures['rps']:8.1f} req/s  p50 {fmt_ms(figures['p50_ms'])} ms  "
                f"p99 {fmt_ms(figures['p99_ms'])} ms  {figures['requests']} requests  "
                f"errors {figures['non2xx'] + figures['socket_errors']}"
            )
        workers = server.workers_rss_mb()
    return {
        "db": db,
        "size": size,
        "cache": cache,
        "when": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": git_commit(),
        "seconds": args.seconds,
        "load_before": load_before,
        "load_after": load_average(),
        "cache_backend": "Redis" if redis_url else "local memory (the redis package is not installed)",
        "workers_rss_mb": [round(mb, 1) for mb in workers],
        "rows": rows,
    }


def memory_run(env, label, urls, requests, port, run_dir, redis_url):
    """One worker, never recycled, serving `requests` requests cycling through the pages."""
    import http.client

    env = dict(env, **CACHES["none"])
    if redis_url:
        env["REDIS_URL"] = redis_url
        redis_flush(redis_url)
    pages = [u for u in urls if u["kind"] == "page"]
    marks = {}
    errors = 0
    log(f"memory: {requests:,} requests on one worker ({label})")
    began = time.monotonic()
    with Server(env, port, run_dir / "gunicorn-memory.log", workers=1, max_requests=0) as server:
        (worker,) = server.workers()
        marks["0"] = round(rss_mb(worker), 1)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        step = max(requests // 10, 1)
        for n in range(1, requests + 1):
            status, _ = http_get(port, pages[n % len(pages)]["url"], conn=conn)
            errors += status != 200
            if n % step == 0 or n in {requests // 2, requests}:
                marks[str(n)] = round(rss_mb(worker), 1)
                log(f"memory: {n:,} requests, worker RSS {marks[str(n)]:.1f} MB")
        conn.close()
        if server.workers() != [worker]:
            raise SystemExit("bench: the memory run's worker was replaced during the run")
    return {
        "config": label,
        "requests": requests,
        "pages": len(pages),
        "errors": errors,
        "rss_mb": marks,
        "seconds": round(time.monotonic() - began),
        "when": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def stored_results():
    return json.loads(RESULTS.read_text()) if RESULTS.exists() else {}


def write_outputs(results):
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
    SVG.write_text(render_svg(results))
    text = DOC.read_text() if DOC.exists() else "# Performance\n"
    DOC.write_text(replace_block(text, render_markdown(results)))
    log(f"wrote {RESULTS.relative_to(ROOT)}, {DOC.relative_to(ROOT)} and {SVG.relative_to(ROOT)}")
    return results


def choose(value, everything):
    return list(everything) if value in (None, "all") else [value]


def stop_on_signal(signum, _frame):
    raise SystemExit(128 + signum)  # unwinds through Server.__exit__, which stops gunicorn


def main(argv=None):
    # A background job starts with SIGINT ignored; both signals must stop the servers this run started.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, stop_on_signal)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=[*DBS, "all"], default="all")
    parser.add_argument("--size", choices=[*SIZES, "all"], default="all")
    parser.add_argument("--cache", choices=[*CACHES, "all"], default="all")
    parser.add_argument("--seconds", type=int, default=None, help="wrk duration per page (BENCH_SECONDS, 5)")
    parser.add_argument("--quick", action="store_true", help="2 s per page, no memory run")
    parser.add_argument("--fresh", action="store_true", help="rebuild the databases even when their marker matches")
    parser.add_argument("--memory-requests", type=int, default=int(os.environ.get("BENCH_MEMORY_REQUESTS", 10_000)))
    parser.add_argument("--no-memory", action="store_true", help="skip the one-worker memory run")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/ and bench/results/ alone")
    parser.add_argument("--note", help="a sentence shown under the run's date in docs/performance.md")
    parser.add_argument("--render-only", action="store_true", help="rewrite the docs from the stored results")
    parser.add_argument("--prepare-only", action="store_true", help="build or check the databases, measure nothing")
    args = parser.parse_args(argv)
    args.seconds = args.seconds or (2 if args.quick else int(os.environ.get("BENCH_SECONDS", "5")))
    args.warm_seconds = 1
    if args.quick:
        args.no_memory = True
    if args.render_only:
        results = stored_results()
        if args.note is not None:
            results.setdefault("run", {})["note"] = args.note
        write_outputs(results)
        return

    wrk_path = shutil.which("wrk")
    if not wrk_path:
        raise SystemExit(
            "bench: wrk is not installed. Install it with `apt-get install wrk` (Debian, Ubuntu), then re-run."
        )
    dbs, sizes, caches = choose(args.db, DBS), choose(args.size, SIZES), choose(args.cache, CACHES)
    data_dir = Path(os.environ.get("BENCH_DATA_DIR", ROOT / "bench" / ".data")).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    pg_base = os.environ.get("BENCH_PG_URL", DEFAULT_PG)
    redis_url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS)
    if not redis_client_installed():
        log("the redis package is not installed: the cache is local memory per worker (REDIS_URL unset)")
        redis_url = ""
    run_dir = Path(tempfile.mkdtemp(prefix="ssc-bench-"))
    started = time.monotonic()
    new = {
        "run": {
            "when": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "cores": os.cpu_count(),
            "load": f"{load_average():.1f}",
            "commit": git_commit(),
            "args": " ".join(argv if argv is not None else sys.argv[1:]) or "(full matrix)",
            **({"note": args.note} if args.note else {}),
        },
        "configs": {},
        "sizes": {},
    }
    env = base_env(run_dir / "static")
    log(f"collecting static files into {env['STATIC_ROOT']}")
    static_url = collectstatic(env)
    port = free_port(int(os.environ.get("BENCH_PORT", "8200")))
    # The memory run: one worker, no cache at all, demo data (every request does its real work and
    # 10,000 of them take a few minutes), on PostgreSQL when the run includes it.
    memory_db = "postgresql" if "postgresql" in dbs else dbs[0]
    memory_done = args.no_memory or args.prepare_only or "demo" not in sizes
    if "demo" not in sizes and not (args.no_memory or args.prepare_only):
        log("memory run skipped: it runs on the demo data, which this run does not include")
    total = len(dbs) * len(sizes) * len(caches)
    done = 0
    for db in dbs:
        for size in sizes:
            db_env = database_env(env, db, size, data_dir, pg_base)
            new["sizes"][f"{db}/{size}"] = prepare_database(db_env, db, size, args.fresh)
            if args.prepare_only:
                continue
            probe = internal(dict(db_env, **CACHES["none"]), "probe")
            urls = [
                {"name": "robots.txt", "url": "/robots.txt", "kind": "trivial"},
                {"name": "static file", "url": static_url, "kind": "static"},
                *probe["urls"],
                # The trivial view again after the pages: if the machine got slower or faster during
                # the run, this row's ratio to the first shows it (a shared machine's
                # heavy pages slow by a quarter within minutes).
                {"name": TRIVIAL_AGAIN, "url": "/robots.txt", "kind": "trivial-end"},
            ]
            counts = probe["queries"]
            for cache in caches:
                done += 1
                log(f"configuration {done}/{total}: {config_key(db, size, cache)}")
                config = measure_config(db_env, db, size, cache, urls, counts, args, wrk_path, port, run_dir, redis_url)
                new["configs"][config_key(db, size, cache)] = config
                print(config_table(config), flush=True)
            if not memory_done and db == memory_db and size == "demo":
                label = f"{DB_NAMES[db]}, demo data, {CACHE_TITLES['none']}"
                new["memory"] = memory_run(db_env, label, urls, args.memory_requests, port, run_dir, redis_url)
                memory_done = True
    log(f"done in {time.monotonic() - started:.0f} s")
    if args.prepare_only:
        shutil.rmtree(run_dir, ignore_errors=True)
        return
    if args.no_write:
        print(render_markdown(new))
    else:
        results = write_outputs(merge_results(stored_results(), new))
        for target, where, measured, verdict in target_rows(results):
            print(f"  {target} [{where}]: {measured} — {verdict}")
    shutil.rmtree(run_dir, ignore_errors=True)


# --- Inside a configured Django process (python bench/throughput.py --internal …) --------------------


def django_internal(command, *args):
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    if command == "marker-get":
        with connection.cursor() as cursor:
            if "bench_marker" not in connection.introspection.table_names(cursor):
                return None
            cursor.execute("SELECT spec FROM bench_marker")
            row = cursor.fetchone()
            return row[0] if row else None
    if command == "marker-set":
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE IF NOT EXISTS bench_marker (spec text NOT NULL)")
            cursor.execute("DELETE FROM bench_marker")
            cursor.execute("INSERT INTO bench_marker (spec) VALUES (%s)", [args[0]])
        return args[0]
    if command == "analyze":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        return True
    if command == "sizes":
        from events.models import Event
        from exchange.models import Post
        from members.models import Member
        from news.models import Article
        from solutions.models import Solution

        models = (
            ("members", Member),
            ("news", Article),
            ("events", Event),
            ("solutions", Solution),
            ("posts", Post),
        )
        return {
            name: {"public": model.objects.published().count(), "total": model.objects.count()}
            for name, model in models
        }
    if command == "probe":
        return probe()
    raise SystemExit(f"unknown internal command {command}")


def probe():
    """The pages to measure (slugs from the database), and each one's SQL queries, counted in process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from clusters.models import Cluster
    from core.paging import MAX_PAGES
    from events.models import Event
    from exchange.models import Post
    from members.models import Member
    from news.models import Article
    from solutions.models import Solution

    translation.activate("en")
    clusters = Cluster.objects.published()
    transport = clusters.filter(slug="transport").first() or clusters.order_by("pk").first()
    # The same demo items at every size (load_demo runs first at both), so a page's query count is
    # compared on the same content; any published item when the demo ones are missing.
    members, articles, events = Member.objects.published(), Article.objects.published(), Event.objects.published()
    member = members.filter(slug="sao-paulo").first() or members.order_by("name", "pk").first()
    article = (
        articles.filter(slug="urban-mobility-exchange-argentina-chile-china").first()
        or articles.order_by("-published_at", "-pk").first()
    )
    event = (
        events.filter(slug="south-south-cooperation-cities-climate-action-2020").first()
        or events.order_by("-starts_at", "-pk").first()
    )
    solutions = Solution.objects.published()
    solution = (
        solutions.filter(slug="santiago-low-carbon-transport-pilot").first()
        or solutions.order_by("-published_at", "-pk").first()
    )
    posts = Post.objects.listed()
    post = posts.filter(slug="koidu-waste-management-expertise").first() or posts.first()
    if not (transport and member and article and event and solution and post):
        raise SystemExit("bench: the database lacks a published cluster, member, article, event, solution or post")
    pages = [
        ("home", "/"),
        ("clusters", "/clusters/"),
        ("Transport cluster", transport.get_absolute_url()),
        ("directory", "/members/"),
        ("directory, country=BR", "/members/?country=BR"),
        ("directory, cluster + CN", f"/members/?cluster={transport.slug}&country=CN"),
        ("directory, page 2", "/members/?page=2"),
        (f"directory, page {MAX_PAGES} (deepest)", f"/members/?page={MAX_PAGES}"),
        ("member profile", member.get_absolute_url()),
        ("news", "/news/"),
        ("news article", article.get_absolute_url()),
        ("events", "/events/"),
        ("event", event.get_absolute_url()),
        ("good practices", "/solutions/"),
        ("good practices, sdg=11", "/solutions/?sdg=11"),
        ("good practice", solution.get_absolute_url()),
        ("exchange", "/exchange/"),
        ("exchange, sdg=11", "/exchange/?sdg=11"),
        ("exchange post", post.get_absolute_url()),
        ("search: transport", "/search/?q=transport"),
        ("API: members", "/api/members/"),
    ]
    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    queries = {}
    for _name, url in pages:
        client.get(url)  # the first request of a process builds caches (templates, image variants)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"bench: {url} answers {response.status_code} in process")
        queries[url] = len(captured)
    return {"urls": [{"name": n, "url": u, "kind": "page"} for n, u in pages], "queries": queries}


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--internal":
        print(json.dumps(django_internal(*sys.argv[2:])))
    else:
        main()
