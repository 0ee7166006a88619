"""Every kind of response carries the headers the MDN HTTP Observatory grades A+, in every environment."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.middleware.csp import ContentSecurityPolicyMiddleware
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse

from .factories import ClusterFactory, MemberFactory, MembershipFactory, UserFactory
from .security_rules import cookie_problems, header_problems, parse_csp

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = "Qm7rT2vX9pL4sK8wZ1nB6yH3cF5jD0gA-eU_iO7tR2qW9xV4mN8bC1zL6kJ3hG5f"


@pytest.fixture
def media_file():
    folder = Path(settings.MEDIA_ROOT) / "members"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "header-check.png"
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
        b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    yield "/media/members/header-check.png"
    path.unlink()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/", "/clusters/", "/members/", "/news/", "/events/", "/no-such-page/", "/admin/login/", "/healthz"]
)
def test_every_kind_of_page_meets_the_observatory_rules(client, url):
    MembershipFactory()
    response = client.get(url)
    assert response.status_code in {200, 404}
    assert header_problems(response) == []
    assert cookie_problems(response.cookies) == []


@pytest.mark.django_db
def test_a_404_carries_the_headers(client):
    response = client.get("/members/no-such-member/")
    assert response.status_code == 404
    assert header_problems(response) == []


@pytest.mark.django_db
def test_a_media_file_carries_the_headers_and_cannot_be_sniffed(client, media_file):
    response = client.get(media_file)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert header_problems(response) == []


@pytest.mark.django_db
def test_json_answers_carry_the_headers(client):
    response = client.get("/healthz")
    assert response["Content-Type"] == "application/json"
    assert header_problems(response) == []


@pytest.mark.django_db
def test_the_api_may_be_read_by_other_sites_but_keeps_the_other_headers(client):
    # The JSON API is CORS-open, so browsers may load it from other origins; everything else stays same-origin.
    response = client.get("/api/")
    assert header_problems(response, corp="cross-origin") == []


def test_the_resource_policy_override_picks_the_longest_matching_prefix(rf):
    from security.middleware import SecurityHeadersMiddleware

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            settings,
            "SECURE_CROSS_ORIGIN_RESOURCE_POLICY_PATHS",
            {"/api/": "cross-origin", "/api/private/": "same-origin"},
            raising=False,
        )
        middleware = SecurityHeadersMiddleware(lambda request: HttpResponse())
    assert middleware.resource_policy("/api/members/") == "cross-origin"
    assert middleware.resource_policy("/api/private/x") == "same-origin"
    assert middleware.resource_policy("/members/") == "same-origin"


@pytest.mark.django_db
def test_the_policy_is_enforced_not_report_only(client):
    response = client.get("/")
    policy = parse_csp(response["Content-Security-Policy"])
    assert "Content-Security-Policy-Report-Only" not in response.headers
    assert policy["script-src"][0] == "'self'"
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["style-src"] == ["'self'"]


@pytest.mark.django_db
def test_a_nonce_used_by_a_template_is_in_the_policy_and_changes_every_request(client, settings):
    template = engines["django"].from_string('<script nonce="{{ csp_nonce }}">let a = 1;</script>')

    def view(request):
        return HttpResponse(template.render({}, request))

    middleware = ContentSecurityPolicyMiddleware(view)
    nonces = []
    for _ in range(2):
        response = middleware(RequestFactory().get("/"))
        nonce = re.search(r'nonce="([^"]+)"', response.content.decode()).group(1)
        assert f"'nonce-{nonce}'" in parse_csp(response["Content-Security-Policy"])["script-src"]
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def inline_problems(html, nonce):
    """Inline scripts without the nonce, inline style attributes/elements and event handlers: all blocked by the CSP."""
    problems = []
    for tag in re.findall(r"<script\b[^>]*>", html):
        if "src=" in tag or 'type="application/json"' in tag:
            continue
        if not nonce or f'nonce="{nonce}"' not in tag:
            problems.append(f"inline script without the nonce: {tag}")
    problems += [f"inline style: {m}" for m in re.findall(r"<[^>]+\sstyle=\"[^\"]*\"", html)]
    problems += [f"inline <style>: {m}" for m in re.findall(r"<style\b[^>]*>", html) if "nonce=" not in m]
    problems += [f"event handler: {m}" for m in re.findall(r"<[^>]+\son[a-z]+=\"[^\"]*\"", html)]
    problems += [f"javascript: link: {m}" for m in re.findall(r"href=\"javascript:[^\"]*\"", html)]
    return problems


def nonce_of(response):
    match = re.search(r"'nonce-([^']+)'", response.get("Content-Security-Policy", ""))
    return match.group(1) if match else None


@pytest.mark.django_db
def test_the_admin_login_page_works_under_the_policy(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert header_problems(response) == []
    assert inline_problems(response.text, nonce_of(response)) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "page",
    [
        "admin:index",
        "admin:members_member_changelist",
        "admin:members_member_change",
        "admin:members_member_history",
        "admin:clusters_cluster_change",
        "admin:news_article_add",
        "admin:events_event_add",
        "admin:two_factor",
    ],
)
def test_admin_pages_work_under_the_policy(editor_client, page):
    member = MemberFactory()
    cluster = ClusterFactory()
    args = {"admin:members_member_change": [member.pk], "admin:members_member_history": [member.pk]}.get(page)
    if page == "admin:clusters_cluster_change":
        args = [cluster.pk]
    response = editor_client.get(reverse(page, args=args))
    assert response.status_code == 200
    assert header_problems(response) == []
    assert inline_problems(response.text, nonce_of(response)) == []


@pytest.mark.django_db
def test_public_pages_have_no_inline_code_the_policy_would_block(client):
    MembershipFactory()
    for url in ["/", "/clusters/", "/members/", "/news/", "/events/", "/no-such-page/"]:
        response = client.get(url)
        assert inline_problems(response.text, nonce_of(response)) == [], url


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["TRACE", "DELETE", "PUT", "PATCH", "CONNECT"])
@pytest.mark.parametrize("url", ["/", "/members/", "/no-such-page/", "/admin/", "/admin/login/", "/healthz"])
def test_methods_the_portal_never_uses_get_405_everywhere(client, method, url):
    response = client.generic(method, url)
    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD", "POST", "OPTIONS"}
    assert header_problems(response) == []


@pytest.mark.django_db
def test_an_unknown_host_gets_a_400(client):
    response = client.get("/", headers={"host": "evil.example"})
    assert response.status_code == 400
    assert "Bad request" in response.text
    assert "evil.example" not in response.text


def run_in_production(script, **env):
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
    environment.update(env)
    environment.update(
        DJANGO_SETTINGS_MODULE="cities_portal.settings.production",
        SECRET_KEY=GOOD_KEY,
        EMAIL_HOST="smtp.example.org",
        ALLOWED_HOSTS="cities.example.org",
    )
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=180
    )


PRODUCTION_PROBE = r"""
import json, django
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings
call_command("migrate", verbosity=0)
results = {}
# Static files are collected and hashed by `make serve`; here they are found unhashed.
with override_settings(STORAGES={**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}, WHITENOISE_USE_FINDERS=True):
    client = Client(HTTP_HOST="cities.example.org")
    probes = [("http", "/members/?page=2", False), ("page", "/", True), ("login", "/admin/login/", True),
              ("404", "/nothing/", True), ("json", "/healthz", True)]
    for name, url, secure in probes:
        response = client.get(url, secure=secure)
        results[name] = {
            "status": response.status_code,
            "location": response.get("Location"),
            "headers": dict(response.headers),
            "cookies": {k: {"secure": bool(m["secure"]), "httponly": bool(m["httponly"]), "samesite": m["samesite"],
                            "path": m["path"], "domain": m["domain"]} for k, m in response.cookies.items()},
        }
print(json.dumps(results))
"""


@pytest.fixture(scope="module")
def production_responses(tmp_path_factory):
    database = tmp_path_factory.mktemp("prod") / "db.sqlite3"
    result = run_in_production(PRODUCTION_PROBE, DATABASE_URL=f"sqlite:///{database}")
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


class Recorded:
    """A response recorded by the production probe, looking enough like a test-client response."""

    def __init__(self, data):
        self.status_code = data["status"]
        self.headers = data["headers"]

    def get(self, name, default=None):
        return self.headers.get(name, default)


@pytest.mark.parametrize("name", ["page", "login", "404", "json"])
def test_production_responses_meet_the_observatory_rules_over_https(production_responses, name):
    recorded = production_responses[name]
    assert recorded["status"] in {200, 404}
    assert header_problems(Recorded(recorded), https=True) == []
    policy = parse_csp(recorded["headers"]["Content-Security-Policy"])
    assert "upgrade-insecure-requests" in policy


def test_production_redirects_plain_http_to_https(production_responses):
    recorded = production_responses["http"]
    assert recorded["status"] == 301
    assert recorded["location"] == "https://cities.example.org/members/?page=2"


def test_production_cookies_are_secure_host_only_and_hidden_from_scripts(production_responses):
    cookies = production_responses["login"]["cookies"]
    assert set(cookies) == {"__Host-csrftoken"}
    for name, cookie in cookies.items():
        assert cookie == {"secure": True, "httponly": True, "samesite": "Lax", "path": "/", "domain": ""}, name


@pytest.mark.django_db
def test_the_staff_session_cookie_is_hidden_from_scripts(client):
    user = UserFactory()
    user.save()
    response = client.post("/admin/login/", {"username": user.username, "password": "a-long-test-password"})
    assert response.status_code == 302
    assert cookie_problems(response.cookies) == []
    assert response.cookies[settings.SESSION_COOKIE_NAME]["httponly"]
