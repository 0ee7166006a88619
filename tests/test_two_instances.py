"""Two application instances (gunicorn, production settings) on one PostgreSQL and one Redis:
a change published through one shows at once through the other, a session opened on one works on
the other, and a rate limit used up on one holds on the other (docs/architecture.md)."""

import http.client
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.db import connection

from core.roles import EDITORS

from .factories import ArticleFactory, MemberFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("TWO_INSTANCE_REDIS_URL", "redis://127.0.0.1:6379/1")
PASSWORD = "a-long-test-password"


def redis_answers():
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        return Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except RedisError:
        return False


def free_ports(count, first=8100, last=8149):
    ports = []
    for port in range(first, last + 1):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                ports.append(port)
        if len(ports) == count:
            return ports
    pytest.fail("no free ports in 8100-8149")


class Browser:
    """Speaks to one instance as a browser behind the TLS proxy would: X-Forwarded-Proto: https, the
    site's host, and its own cookie jar (sent by hand: the production cookies are Secure)."""

    def __init__(self, port, cookies=None):
        self.port = port
        self.cookies = cookies if cookies is not None else {}

    def request(self, method, path, data=None):
        headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https", "Origin": "https://127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        try:
            conn.request(method, path, body, headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            conn.close()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            value = rest.split(";", 1)[0]
            if value in ('""', "") or "max-age=0" in cookie.lower():
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return response, text

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, data):
        return self.request("POST", path, data)

    def csrf_token(self, path):
        _response, text = self.get(path)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text).group(1)


@pytest.fixture
def instances(transactional_db, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("two instances need a database server both can reach; the SQLite test database is in memory")
    if not redis_answers():
        if os.environ.get("CI"):
            pytest.fail(f"Redis does not answer at {REDIS_URL}; .ci/run starts it")
        pytest.skip(f"Redis does not answer at {REDIS_URL}")
    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.two_instance_settings",
        "SECRET_KEY": "two-instance-test-" + uuid.uuid4().hex + uuid.uuid4().hex,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": f"two-instance-{uuid.uuid4().hex}",  # nothing left from an earlier run
        "PAGE_CACHE_SECONDS": "300",
        "WEB_CONCURRENCY": "1",
        "MEDIA_ROOT": str(tmp_path),
        "LOG_LEVEL": "WARNING",
    }
    env.pop("DEBUG", None)
    ports = free_ports(2)
    processes = []
    for port in ports:
        log = (tmp_path / f"gunicorn-{port}.log").open("w")
        processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "cities_portal.wsgi"],
                cwd=ROOT,
                env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
    try:
        deadline = time.monotonic() + 30
        for port, process in zip(ports, processes, strict=True):
            while True:
                try:
                    if Browser(port).get("/healthz")[0].status == 200:
                        break
                except OSError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    logs = "\n".join(path.read_text() for path in tmp_path.glob("gunicorn-*.log"))
                    pytest.fail(f"instance on port {port} did not start:\n{logs[-3000:]}")
                time.sleep(0.2)
        yield ports
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_a_change_published_through_one_instance_shows_at_once_through_the_other(instances, settings):
    port_a, port_b = instances
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]  # what the instances check
    UserFactory(username="editor", groups=[EDITORS])
    article = ArticleFactory(title="Buses go electric", slug="buses")
    member = MemberFactory(slug="quito", contact_email="quito@example.org")
    visitor = Browser(port_b)

    # Warm B: the second visit is a cache hit.
    assert "Buses go electric" in visitor.get("/news/")[1]
    response, text = visitor.get("/news/")
    assert response.getheader("X-Page-Cache") == "hit"
    assert visitor.get("/news/buses/")[0].status == 200

    # An Editor signs in on A.
    editor = Browser(port_a)
    token = editor.csrf_token("/admin/login/?next=/admin/")
    response, _ = editor.post(
        "/admin/login/?next=/admin/", {"username": "editor", "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert response.status == 302, "the editor could not sign in on A"
    assert response.getheader("Location") == "/admin/"

    # ...and unpublishes the article with the bulk action: B stops showing it at once.
    changelist = "/admin/news/article/"
    token = editor.csrf_token(changelist)
    response, _ = editor.post(
        changelist, {"action": "make_draft", "_selected_action": [article.pk], "csrfmiddlewaretoken": token}
    )
    assert response.status == 302
    assert "Buses go electric" not in visitor.get("/news/")[1]
    assert visitor.get("/news/buses/")[0].status == 404

    # Published again through A: back on B at once.
    token = editor.csrf_token(changelist)
    editor.post(
        changelist, {"action": "make_published", "_selected_action": [article.pk], "csrfmiddlewaretoken": token}
    )
    assert "Buses go electric" in visitor.get("/news/")[1]

    # The session opened on A works on B (one database, one SECRET_KEY).
    on_b = Browser(port_b, cookies=dict(editor.cookies))
    response, text = on_b.get("/admin/")
    assert response.status == 200
    assert "Log out" in text or "logout" in text

    # A rate limit used up on A holds on B (the counts live in Redis): 3 update links a day per member.
    requester = Browser(port_a)
    for _ in range(3):
        token = requester.csrf_token(f"/submit/update/{member.slug}/")
        response, _ = requester.post(f"/submit/update/{member.slug}/", {"csrfmiddlewaretoken": token})
        assert response.status == 302
    elsewhere = Browser(port_b, cookies=dict(requester.cookies))
    token = elsewhere.csrf_token(f"/submit/update/{member.slug}/")
    response, _ = elsewhere.post(f"/submit/update/{member.slug}/", {"csrfmiddlewaretoken": token})
    assert response.status == 429
