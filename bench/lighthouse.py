"""Lighthouse scores of the main page types, in English and Arabic, into docs/quality.md.

    .venv/bin/python bench/lighthouse.py          # `make lighthouse`
    LIGHTHOUSE_RUNS=1 .venv/bin/python bench/lighthouse.py

Builds a throwaway SQLite database with the demo data in a temporary directory (static files and
media there too), starts the repository's gunicorn configuration with the production settings on
127.0.0.1 (LIGHTHOUSE_PORT, default 8301), and runs Lighthouse (LIGHTHOUSE, default
.tools/lighthouse/node_modules/.bin/lighthouse) with its default configuration — mobile form factor,
simulated throttling — in headless Chromium (CHROME_PATH, default /usr/bin/chromium) on each page
in each language, LIGHTHOUSE_RUNS times (default 3). gunicorn speaks HTTPS itself, with a
certificate made for the run by openssl: production settings redirect plain HTTP, and a header
that only claimed HTTPS would not reach every request Lighthouse makes (robots.txt). Chromium is
told to accept that certificate (--ignore-certificate-errors).

Per page it keeps the median of each category's score over the runs, and every message any run saw
in the browser's console. The JSON reports go to bench/results/lighthouse/; the table, the date and
the versions to docs/quality.md between the lighthouse markers. Exits 1 when a median score is under
the target (95) or the console logged an error, after writing the table.
"""

import datetime as dt
import http.client
import json
import os
import re
import secrets
import signal
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DOC = ROOT / "docs" / "quality.md"
REPORTS = ROOT / "bench" / "results" / "lighthouse"
START, END = "<!-- lighthouse:start -->", "<!-- lighthouse:end -->"
LIGHTHOUSE = os.environ.get("LIGHTHOUSE", str(ROOT / ".tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"))
CHROME_PATH = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
PORT = int(os.environ.get("LIGHTHOUSE_PORT", "8301"))
RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", "3"))
TARGET = 95

PAGES = [
    ("home", "Home", "/"),
    ("cluster", "Cluster (Transport)", "/clusters/transport/"),
    ("directory", "Member directory", "/members/"),
    ("event", "Event", "/events/south-south-cooperation-cities-climate-action-2020/"),
    ("article", "News article", "/news/urban-mobility-exchange-argentina-chile-china/"),
]
LANGUAGES = [("en", "English", ""), ("ar", "Arabic", "/ar")]
CATEGORIES = [
    ("performance", "Performance"),
    ("accessibility", "Accessibility"),
    ("best-practices", "Best practices"),
    ("seo", "SEO"),
]


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def manage(env, *args):
    result = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=False)  # noqa: S603
    if result.returncode != 0:
        raise SystemExit(f"lighthouse: manage.py {' '.join(args)} failed (exit {result.returncode})")


def certificate(tmp):
    """A self-signed certificate for 127.0.0.1, valid for a day: (certificate, key)."""
    cert, key = tmp / "cert.pem", tmp / "key.pem"
    command = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"]
    command += ["-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)]
    subprocess.run(command, check=True, capture_output=True)  # noqa: S603
    return cert, key


def http_status(path, cert):
    context = ssl.create_default_context(cafile=cert)
    conn = http.client.HTTPSConnection("127.0.0.1", PORT, timeout=30, context=context)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def start_server(env, tmp, cert, key):
    log_file = open(tmp / "gunicorn.log", "w")  # noqa: SIM115 - closed with the server
    process = subprocess.Popen(  # noqa: S603
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "-c",
            "gunicorn.conf.py",
            "--control-socket",  # not the per-user default, which another server may hold
            str(tmp / "gunicorn.ctl"),
            f"--certfile={cert}",
            f"--keyfile={key}",
            "cities_portal.wsgi",
        ],
        cwd=ROOT,
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"lighthouse: gunicorn exited ({process.returncode}); see {tmp / 'gunicorn.log'}")
        try:
            if http_status("/robots.txt", cert) == 200:
                return process
        except OSError:
            pass
        time.sleep(0.3)
    stop_server(process)
    raise SystemExit("lighthouse: gunicorn did not answer within 90 s")


def stop_server(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def audit(url, output, attempts=3):
    """One Lighthouse run; its report (the LHR) as a dict. A run whose trace came out unusable
    (Lighthouse's runtimeError, such as NO_NAVSTART on a busy machine) is run again."""
    command = [
        LIGHTHOUSE,
        url,
        "--output=json",
        f"--output-path={output}",
        "--chrome-flags=--no-sandbox --headless=new --ignore-certificate-errors",
        "--quiet",
    ]
    env = dict(os.environ, CHROME_PATH=CHROME_PATH)
    output.unlink(missing_ok=True)
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)  # noqa: S603
    report = json.loads(output.read_text()) if output.exists() else {}
    if report.get("runtimeError") and attempts > 1:
        log(f"{url}: {report['runtimeError'].get('code')}, running again")
        return audit(url, output, attempts - 1)
    if result.returncode != 0 or not report or report.get("runtimeError"):
        detail = report.get("runtimeError") or result.stderr[-3000:]
        raise SystemExit(f"lighthouse: run on {url} failed (exit {result.returncode}): {detail}")
    return report


def scores(report):
    return {key: round(report["categories"][key]["score"] * 100) for key, _ in CATEGORIES}


def console_errors(report):
    errors = []
    for item in report["audits"]["errors-in-console"].get("details", {}).get("items", []):
        where = item.get("sourceLocation", {}).get("url")
        errors.append(f"{item.get('source')}: {item.get('description')}" + (f" ({where})" if where else ""))
    return errors


def measure():
    if not Path(LIGHTHOUSE).exists():
        raise SystemExit(f"lighthouse: {LIGHTHOUSE} not found (`make lighthouse` installs it)")
    REPORTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ssc-lighthouse-") as tmp_name:
        tmp = Path(tmp_name)
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG"}}
        env.update(
            DJANGO_SETTINGS_MODULE="cities_portal.settings.production",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="127.0.0.1",
            DATABASE_URL=f"sqlite:///{tmp / 'demo.sqlite3'}",
            MEDIA_ROOT=str(tmp / "media"),
            SERVE_MEDIA="true",  # production puts media behind the web server; here gunicorn serves it
            STATIC_ROOT=str(tmp / "static"),
            GUNICORN_BIND=f"127.0.0.1:{PORT}",
            WEB_CONCURRENCY="1",  # one page cache in memory, the one the first request fills
            LOG_LEVEL="WARNING",
            PYTHONUNBUFFERED="1",
        )
        log(f"demo database, media and static files in {tmp}")
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "load_demo", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        cert, key = certificate(tmp)
        server = start_server(env, tmp, cert, key)
        try:
            results = []
            for language, _, prefix in LANGUAGES:
                for key, _, path in PAGES:
                    path = prefix + path
                    status = http_status(path, cert)  # also fills the page cache, as visitors find it
                    if status != 200:
                        raise SystemExit(f"lighthouse: {path} answered {status}")
                    runs = []
                    for run in range(1, RUNS + 1):
                        report = audit(f"https://127.0.0.1:{PORT}{path}", REPORTS / f"{key}-{language}-{run}.json")
                        runs.append(report)
                        log(f"{path} run {run}: {scores(report)}")
                    results.append((key, language, path, runs))
        finally:
            stop_server(server)
    return results


def chromium_version():
    """The build, as the browser gives it: the user agent in the reports says only 156.0.0.0."""
    output = subprocess.run([CHROME_PATH, "--version"], capture_output=True, text=True, check=False).stdout  # noqa: S603
    found = re.search(r"\d+(?:\.\d+){3}", output)
    return found.group(0) if found else output.strip() or "?"


def summarise(results, chromium, load):
    """The table's content from the runs' reports: median scores, every console error, what fails."""
    rows, failures = [], []
    for key, language, path, runs in results:
        per_run = [scores(report) for report in runs]
        median = {cat: round(statistics.median(run[cat] for run in per_run)) for cat, _ in CATEGORIES}
        errors = sorted({error for report in runs for error in console_errors(report)})
        rows.append(
            {
                "page": key,
                "language": language,
                "path": path,
                "scores": median,
                "performance": [run["performance"] for run in per_run],
                "errors": errors,
            }
        )
        failures += [f"{path}: {cat} {median[cat]}" for cat, _ in CATEGORIES if median[cat] < TARGET]
        failures += [f"{path}: console error: {error}" for error in errors]
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "lighthouse": results[0][3][0]["lighthouseVersion"],
        "chromium": chromium,
        "runs": len(results[0][3]),
        "load": load,
        # Lighthouse's own measure of the CPU it had (higher is faster): low when other work shares it.
        "benchmark": round(statistics.median(r["environment"]["benchmarkIndex"] for *_, runs in results for r in runs)),
        "rows": rows,
        "failures": failures,
    }


def markdown(summary):
    titles = {key: title for key, title, _ in PAGES}
    languages = {key: title for key, title, _ in LANGUAGES}
    runs = summary["runs"]
    lines = [
        f"Measured {summary['date']} with Lighthouse {summary['lighthouse']} and Chromium {summary['chromium']}, "
        f"mobile, median of {runs} run{'s' if runs != 1 else ''} per page (`make lighthouse`); load average "
        f"{summary['load'][0]:.1f} before and {summary['load'][1]:.1f} after, on {os.cpu_count()} CPUs; Lighthouse's "
        f"CPU benchmark index {summary['benchmark']} (median of the runs).",
        "",
        "| page | language | address | " + " | ".join(title for _, title in CATEGORIES) + " | performance per run |",
        "|---|---|---|" + "---:|" * len(CATEGORIES) + "---|",
    ]
    for row in summary["rows"]:
        cells = [f"**{score}**" if score < TARGET else str(score) for score in row["scores"].values()]
        cells.append(", ".join(map(str, row["performance"])))
        page = f"{titles[row['page']]} | {languages[row['language']]} | `{row['path']}`"
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    errors = [(row["path"], error) for row in summary["rows"] for error in row["errors"]]
    lines.append("")
    if errors:
        lines += ["Console errors:", ""]
        lines += [f"- `{path}`: {error}" for path, error in errors]
    else:
        lines.append("Console errors: none.")
    return "\n".join(lines)


def write_doc(summary, doc=DOC):
    head, rest = doc.read_text().split(START, 1)
    _, tail = rest.split(END, 1)
    doc.write_text(f"{head}{START}\n{markdown(summary)}\n{END}{tail}")


def main():
    load_before = os.getloadavg()[0]
    results = measure()
    summary = summarise(results, chromium_version(), (load_before, os.getloadavg()[0]))
    write_doc(summary)
    print(markdown(summary))
    if summary["failures"]:
        print(f"\nlighthouse: under {TARGET} or console errors:", *summary["failures"], sep="\n  ", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
