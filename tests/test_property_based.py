"""Random text and bytes at every public GET parameter and every field of /submit/ (hypothesis).

Properties: no answer is a 5xx; a form either stores one complete pending submission or nothing,
and leaves no uploaded file that no submission points to.

Each test builds its data once (pytest-django's `db` is per test, not per example) and puts back
what an example changed (submissions, files, rate-limit counters) before the next, so sharing the
function-scoped fixtures across examples is safe: that is why the health check is suppressed.
"""

import os
import shutil
import uuid
from pathlib import Path
from urllib.parse import quote, quote_from_bytes

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

import cities_portal.urls  # noqa: F401 (see below)
from submissions.models import ProfileSubmission

from .factories import ArticleFactory, CategoryFactory, ClusterFactory, EventFactory, MemberFactory, MembershipFactory
from .submission_helpers import form_data, image_bytes, png_claiming, upload

BOUNDED = hypothesis_settings(
    max_examples=40,
    deadline=None,
    database=None,  # no .hypothesis/ folder in the worktree; a failure prints its example
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Values people and scanners actually send, mixed in with hypothesis's own.
NASTY = [
    "",
    " ",
    "\x00",
    "\r\nSet-Cookie: x=1",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR 1=1 --",
    "%00",
    "../../etc/passwd",
    "-1",
    "0",
    "1e400",
    "9" * 40,
    "NaN",
    "\ud7ff\ufffd\U0010ffff",
    "a" * 5000,
    "javascript:alert(1)",
    "null",
    "[]",
    "{}",
]

text_values = st.one_of(st.text(max_size=300), st.sampled_from(NASTY))


def encoded(value):
    """One query-string value, percent-encoded whether it is text or raw bytes (maybe not UTF-8)."""
    if isinstance(value, bytes):
        return quote_from_bytes(value, safe="")
    return quote(value, safe="")


query_values = st.one_of(text_values, st.binary(max_size=200))

PAGES = {
    "/members/": ["cluster", "country", "kind", "q", "page"],
    "/news/": ["cluster", "category", "year", "q", "page"],
    "/events/": ["cluster", "kind", "when", "year", "page"],
    "/search/": ["q", "type", "page"],
    "/clusters/": ["page"],
    "/feeds/news/": ["page"],
    "/sitemap-members.xml": ["p"],
    "/api/clusters/": ["page", "page_size"],
    "/api/members/": ["cluster", "country", "kind", "q", "page", "page_size"],
    "/api/news/": ["cluster", "category", "year", "q", "page", "page_size"],
    "/api/events/": ["cluster", "kind", "when", "year", "q", "page", "page_size"],
}


@pytest.fixture
def public_site(db):
    cluster = ClusterFactory(slug="waste")
    for _ in range(3):
        member = MemberFactory(country="GH")
        MembershipFactory(cluster=cluster, member=member)
        article = ArticleFactory()
        article.clusters.add(cluster)
        article.categories.add(CategoryFactory(slug="news"))
        EventFactory().clusters.add(cluster)
    MemberFactory(name="Draft Town", status="draft")
    return cluster


@pytest.mark.parametrize("path", PAGES)
@BOUNDED
@given(data=st.data())
def test_random_values_in_every_public_parameter_never_give_a_5xx(public_site, path, data):
    names = PAGES[path]
    # Any subset of the page's parameters, each present once or repeated, plus sometimes a stranger.
    chosen = data.draw(st.lists(st.sampled_from([*names, "_connector", "ordering", "format"]), max_size=8))
    pairs = [(name, data.draw(query_values, label=name)) for name in chosen]
    query = "&".join(f"{quote(name)}={encoded(value)}" for name, value in pairs)

    response = Client().get(f"{path}?{query}")

    event(f"status {response.status_code}")
    assert response.status_code < 500, (path, query[:300], response.status_code)
    assert response.status_code in (200, 400, 404, 422), (path, query[:300], response.status_code)
    if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
        assert "<script>alert(1)" not in response.text
        assert "Draft Town" not in response.text


# --- the submission form ---------------------------------------------------------------------

TEXT_FIELDS = [
    "name",
    "kind",
    "country",
    "locality",
    "description",
    "website",
    "contact_name",
    "contact_email",
    "consent",
    "fax_number",
    "form_token",
]


@st.composite
def logos(draw):
    kind = draw(st.sampled_from(["none", "random", "png", "png+bytes", "claimed size"]))
    if kind == "none":
        return None
    # A name with no file name in it ("/", "..") cannot even be made into an upload here; a browser's
    # is dropped by Django's multipart parser, so the form sees no file.
    named = st.text(min_size=1, max_size=60).filter(lambda name: os.path.basename(name) not in {"", ".", ".."})
    name = draw(st.one_of(st.just("logo.png"), named))
    if kind == "random":
        content = draw(st.binary(max_size=2000))
    elif kind == "png":
        content = image_bytes("PNG", size=(draw(st.integers(1, 64)), draw(st.integers(1, 64))))
    elif kind == "png+bytes":
        content = image_bytes("JPEG") + draw(st.binary(min_size=1, max_size=500))
    else:
        content = png_claiming(draw(st.integers(0, 2**31 - 1)), draw(st.integers(0, 2**31 - 1)))
    return {"content": content, "name": name}


# These tests store uploads in a MEDIA_ROOT of their own. The URLconf is imported above, at
# collection, so its /media/ route keeps the real MEDIA_ROOT (it reads the setting when imported).
@pytest.fixture
def form_world(db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return {"cluster": ClusterFactory(slug="waste"), "media": tmp_path / "media"}


def files_in(folder):
    return {path.relative_to(folder).as_posix() for path in Path(folder).rglob("*") if path.is_file()}


def assert_complete_or_nothing(response, media):
    event(f"status {response.status_code}")  # --hypothesis-show-statistics shows how many were stored
    submissions = list(ProfileSubmission.objects.all())
    if response.status_code == 302:
        assert len(submissions) == 1
        submission = submissions[0]
        assert submission.status == "pending" and submission.type == "new"
        assert submission.member is None and submission.reviewed_by is None
        assert submission.name.strip() and submission.locality.strip() and len(submission.description) >= 40
        assert submission.contact_email and submission.consent
        assert submission.form_token is not None
        logos = {submission.logo.name} if submission.logo else set()
    else:
        assert submissions == [], response.status_code
        logos = set()
    stored = files_in(media)
    assert logos <= stored
    orphans = {
        name for name in stored - logos if not any(name.startswith(f"variants/{n.rsplit('.', 1)[0]}/") for n in logos)
    }
    assert orphans == set()


def reset(media):
    ProfileSubmission.objects.all().delete()
    shutil.rmtree(media, ignore_errors=True)
    cache.clear()


@BOUNDED
@given(data=st.data())
def test_random_text_in_any_form_field_saves_a_whole_submission_or_nothing(form_world, data):
    media = form_world["media"]
    reset(media)
    form = form_data([form_world["cluster"]], form_token=str(uuid.uuid4()))
    for name in data.draw(st.sets(st.sampled_from([*TEXT_FIELDS, "clusters", "status", "member"]), max_size=4)):
        if name == "clusters":
            form[name] = data.draw(st.lists(text_values, max_size=5), label=name)
        else:
            form[name] = data.draw(text_values, label=name)
    logo = data.draw(logos())
    if logo is not None:
        form["logo"] = upload(**logo)

    response = Client().post("/submit/", form)

    assert response.status_code in (302, 400), response.status_code
    assert_complete_or_nothing(response, media)


@BOUNDED
@given(data=st.data())
def test_random_bytes_in_any_form_field_saves_a_whole_submission_or_nothing(form_world, data):
    """A raw urlencoded body: values need not be UTF-8, names may repeat or be unknown."""
    media = form_world["media"]
    reset(media)
    form = form_data([form_world["cluster"]], form_token=str(uuid.uuid4()))
    pairs = [(name, value) for name, value in form.items() if name != "clusters"]
    pairs.append(("clusters", str(form_world["cluster"].pk)))
    for name in data.draw(st.sets(st.sampled_from([*TEXT_FIELDS, "clusters", "reviewed_by"]), max_size=4)):
        value = data.draw(st.binary(max_size=300), label=name)
        pairs = [(key, old) for key, old in pairs if key != name] + [(name, value)]
    body = "&".join(f"{quote(name)}={encoded(value)}" for name, value in pairs)

    response = Client().post("/submit/", body, content_type="application/x-www-form-urlencoded")

    assert response.status_code in (302, 400), response.status_code
    assert_complete_or_nothing(response, media)
