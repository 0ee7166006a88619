"""The open data downloads at 100,000 members on PostgreSQL: time to first byte, total time and a
worker's memory while /data/members.csv (and its JSON and GeoJSON) stream.

    .venv/bin/python bench/opendata_bench.py                  # 100,000 members, 3 runs of the CSV
    .venv/bin/python bench/opendata_bench.py --members 20000 --runs 5

It uses its own database (OPENDATA_BENCH_URL, default postgres://postgres@127.0.0.1:5432/opendata_dev),
creates and migrates it if needed, loads the demo data once and adds the generated members
(`generate_scale_data --members N`, again only when their number differs). Then it starts gunicorn
with gunicorn.conf.py and the production settings, one sync worker, on 127.0.0.1:8331
(OPENDATA_BENCH_PORT), and downloads each file over HTTP as a client would, reading the worker's
resident memory (VmRSS) and its peak (VmHWM) from /proc before and after. The figures go to
docs/performance.md (between the opendata-bench markers) and to stdout.
"""

import argparse
import http.client
import os
import secrets
import signal
import subprocess
import time
from pathlib import Path

from common import ensure_database, log

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/opendata_dev"
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
DATA = ROOT / "bench" / ".data"
START, END = "<!-- opendata-bench:start -->", "<!-- opendata-bench:end -->"
FILES = ["/data/members.csv", "/data/members.json", "/data/members.geojson"]


def environment(url, port):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG"}}
    env.update(
        DJANGO_SETTINGS_MODULE="cities_portal.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL="https://127.0.0.1",
        DATABASE_URL=url,
        STATIC_ROOT=str(DATA / "opendata-static"),
        MEDIA_ROOT=str(DATA / "opendata-media"),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="1",
        GUNICORN_MAX_REQUESTS="0",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(env, *args, capture=False):
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=capture, text=True
    )
    return result.stdout


def generated_members(env):
    code = "from members.models import Member; print(Member.objects.filter(slug__startswith='gen-').count())"
    return int(manage(env, "shell", "-c", code, capture=True).strip().splitlines()[-1])


def prepare(env, members):
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "load_demo", "--if-empty", "-v0")
    if generated_members(env) != members:
        log(f"generating {members:,} members (a few minutes)")
        started = time.perf_counter()
        manage(env, "generate_scale_data", "--clear", "--members", str(members), "-v0")
        log(f"  done in {time.perf_counter() - started:.0f} s")
    with_coordinates = "from members.models import Member; q = Member.objects.published(); "
    with_coordinates += "print(q.count(), q.filter(latitude__isnull=False).count())"
    published, located = manage(env, "shell", "-c", with_coordinates, capture=True).split()[-2:]
    return int(published), int(located)


def memory(pid):
    """(VmRSS, VmHWM) of a process, in MB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            values[name] = int(rest.split()[0]) / 1024
    return values["VmRSS"], values["VmHWM"]


def worker_of(master):
    children = []
    for task in Path(f"/proc/{master}/task").glob("*/children"):
        children += [int(pid) for pid in task.read_text().split()]
    return children[0] if len(children) == 1 else None


def request(port, path, method="GET"):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request(method, path, headers={"X-Forwarded-Proto": "https", "Host": "127.0.0.1"})
    return connection, connection.getresponse()


def download(port, path):
    """(status, seconds to the first byte of the body, to the first rows (the piece after the header),
    in all, bytes)."""
    started = time.perf_counter()
    connection, response = request(port, path)
    first = response.read(1)
    first_byte = time.perf_counter() - started
    size, lines, first_row = len(first), first.count(b"\n"), None
    while piece := response.read1(64 * 1024):
        size += len(piece)
        lines += piece.count(b"\n")
        if first_row is None and lines >= 2:
            first_row = time.perf_counter() - started
    total = time.perf_counter() - started
    connection.close()
    return response.status, first_byte, first_row or total, total, size


def serve(env, port):
    server = subprocess.Popen(  # noqa: S603 - gunicorn from our virtualenv
        [str(GUNICORN), "-c", "gunicorn.conf.py", "cities_portal.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection, response = request(port, "/healthz")
            response.read()
            connection.close()
            if response.status == 200 and worker_of(server.pid):
                return server
        except OSError:
            pass
        time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"gunicorn did not answer on port {port}: {server.stderr.read()[-2000:]}")


def measure(port, pid, runs):
    rows = []
    for path in [FILES[0]] * runs + FILES[1:]:
        before = memory(pid)
        status, first_byte, first_row, total, size = download(port, path)
        after = memory(pid)
        if status != 200:
            raise SystemExit(f"{path} answered {status}")
        rows.append(
            {
                "path": path,
                "first_byte_ms": first_byte * 1000,
                "first_row_ms": first_row * 1000,
                "total_s": total,
                "mb": size / 1e6,
                "rss_before": before[0],
                "rss_after": after[0],
                "peak": after[1],
            }
        )
        log(
            f"{path}: first byte {first_byte * 1000:.0f} ms, first row {first_row * 1000:.0f} ms, "
            f"all {total:.1f} s, {size / 1e6:.1f} MB, "
            f"RSS {before[0]:.0f} -> {after[0]:.0f} MB (peak {after[1]:.0f})"
        )
    return rows


def git_commit():
    """The commit measured, with "+changes" when the work tree differs from it."""
    try:
        head = subprocess.run(
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
        return head.stdout.strip() + ("+changes" if dirty.stdout.strip() else "")
    except (OSError, subprocess.CalledProcessError):
        return "?"


def write_report(members, published, located, start_rss, rows):
    lines = [
        START,
        "## Open data downloads (`bench/opendata_bench.py`, `make bench-opendata`)",
        "",
        f"{members:,} generated members besides the demo's ({published:,} published, {located:,} with coordinates)",
        "on PostgreSQL, downloaded over HTTP from gunicorn with the production settings and one sync",
        "worker (`WEB_CONCURRENCY=1`, never recycled), one download at a time. A file is one SQL",
        "statement read through a server-side cursor, 2,000 rows at a time, and sent in pieces of",
        "about 64 kB: the first byte (the CSV header) leaves before the query runs, and the worker's",
        "memory does not grow with the file. Targets: the CSV starts within a second; a worker's",
        "memory stays flat.",
        "",
        "| file | first byte (ms) | first rows (ms) | all (s) | size (MB) | worker RSS before → after (MB) "
        "| worker peak (MB) |",
        "|---|---:|---:|---:|---:|---:|---:|",
        *[
            f"| `{row['path']}` | {row['first_byte_ms']:.0f} | {row['first_row_ms']:.0f} | {row['total_s']:.1f} | "
            f"{row['mb']:.1f} | {row['rss_before']:.0f} → {row['rss_after']:.0f} | {row['peak']:.0f} |"
            for row in rows
        ],
        "",
        "The first byte is the CSV header (or the JSON metadata); the first rows are the first piece of",
        f"about 64 kB of rows, after the first {2000:,} rows are fetched. The worker started at {start_rss:.0f} MB;",
        f"the first download grew it by {rows[0]['rss_after'] - rows[0]['rss_before']:.1f} MB (code loaded "
        "and the database connection opened on first use), and each later one, of up to "
        f"{max(row['mb'] for row in rows):.0f} MB, by at most "
        f"{max(abs(row['rss_after'] - row['rss_before']) for row in rows[1:]):.1f} MB.",
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC at `{git_commit()}` on {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f}.",
        END,
    ]
    report = "\n".join(lines)
    path = ROOT / "docs" / "performance.md"
    text = path.read_text()
    if START in text:
        before, rest = text.split(START, 1)
        text = before + report + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + report + "\n"
    path.write_text(text)
    return report


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=100_000, help="generated members (default 100,000)")
    parser.add_argument("--runs", type=int, default=3, help="downloads of the CSV (default 3)")
    parser.add_argument("--no-write", action="store_true", help="print the figures, leave docs/performance.md")
    args = parser.parse_args()
    url = os.environ.get("OPENDATA_BENCH_URL", DEFAULT_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        parser.error("OPENDATA_BENCH_URL must be a PostgreSQL address")
    port = int(os.environ.get("OPENDATA_BENCH_PORT", "8331"))
    DATA.mkdir(parents=True, exist_ok=True)
    ensure_database(url)
    env = environment(url, port)
    published, located = prepare(env, args.members)
    server = serve(env, port)
    try:
        pid = worker_of(server.pid)
        start_rss = memory(pid)[0]
        rows = measure(port, pid, args.runs)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    if not args.no_write:
        print(write_report(args.members, published, located, start_rss, rows))


if __name__ == "__main__":
    main()
