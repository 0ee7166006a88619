"""The supply-chain fallback (`scripts/audit_latest.py`, run by `make audit` when pip-audit cannot reach
its services) against an index served on loopback: an advisory fails it, a stale pin is reported."""

import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import metadata
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "audit_latest.py"
DJANGO = metadata.version("django")


@pytest.fixture
def index():
    """A fake PyPI JSON API: every project at the installed version, unless the test says otherwise."""
    overrides = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            name = self.path.split("/")[2]
            project = {"info": {"version": metadata.version(name)}, "vulnerabilities": []}
            project.update(overrides.get(name, {}))
            body = json.dumps(project).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/pypi/{{name}}/json", overrides
    server.shutdown()


def audit(url, *args):
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        env={"AUDIT_INDEX_URL": url, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=SCRIPT.parent.parent,
        check=False,
    )


def test_a_clean_closure_passes_and_counts_every_runtime_package(index):
    url, _ = index
    result = audit(url)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "at their latest release with no known advisory" in result.stdout
    assert "VULNERABLE" not in result.stdout


def test_an_advisory_on_a_pinned_package_fails_the_audit(index):
    url, overrides = index
    overrides["django"] = {"vulnerabilities": [{"id": "GHSA-test-0000-0000", "withdrawn": None}]}
    result = audit(url)
    assert result.returncode == 1
    assert f"VULNERABLE  django {DJANGO}: GHSA-test-0000-0000" in result.stdout


def test_a_withdrawn_advisory_does_not_fail_it(index):
    url, overrides = index
    overrides["django"] = {"vulnerabilities": [{"id": "GHSA-gone", "withdrawn": "2026-01-01T00:00:00Z"}]}
    assert audit(url).returncode == 0


def test_a_pin_behind_the_latest_release_is_reported_unchecked_and_fails_only_when_strict(index):
    url, overrides = index
    overrides["django"] = {"info": {"version": "99.0"}}
    lenient, strict = audit(url), audit(url, "--strict")
    assert lenient.returncode == 0
    assert f"UNCHECKED   django {DJANGO}: behind the latest release 99.0" in lenient.stdout
    assert strict.returncode == 1
