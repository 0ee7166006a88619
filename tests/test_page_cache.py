"""The page cache (core/page_cache.py): anonymous GETs are answered from the cache with no SQL, and
every way content changes shows at once. Writes run inside django_capture_on_commit_callbacks,
which stands in for the commit that, in production, triggers the invalidation."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core import page_cache
from core.publishing import Status
from members.models import Membership
from news.models import Article

from .factories import ArticleFactory, ClusterFactory, EventFactory, MemberFactory, MembershipFactory, SubmissionFactory

PAGES = ["/", "/clusters/", "/members/", "/news/", "/events/", "/search/?q=story", "/feeds/news/", "/api/news/"]


@pytest.fixture
def site(db):
    cluster = ClusterFactory(slug="transport", short_name="Transport")
    member = MemberFactory(name="Quito", slug="quito")
    MembershipFactory(cluster=cluster, member=member)
    article = ArticleFactory(title="Buses go electric", slug="buses", body="<p>The story.</p>")
    article.clusters.add(cluster)
    EventFactory(title="Clean air webinar", slug="clean-air")
    return {"cluster": cluster, "member": member, "article": article}


@pytest.fixture
def editor_browser(editor):
    browser = Client()
    browser.force_login(editor)
    return browser


def quietly_retitle(article, title):
    """Change the row behind the cache's back (no signal, no bump): only a fresh render shows it."""
    Article._base_manager.filter(pk=article.pk).update(title=title)


@pytest.mark.parametrize("url", [*PAGES, "/clusters/transport/", "/members/quito/", "/news/buses/", "/api/members/"])
def test_the_second_anonymous_visit_runs_no_sql(client, site, url, django_assert_num_queries):
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.status_code == 200
    assert second.content == first.content
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    with django_assert_num_queries(0):
        assert client.head(url).status_code == 200


def test_a_cached_page_tells_browsers_to_revalidate_and_varies_on_cookie_and_language(client, site):
    client.get("/news/")
    response = client.get("/news/")
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=0", "must-revalidate"}
    vary = {value.strip().lower() for value in response["Vary"].split(",")}
    assert {"cookie", "accept-language"} <= vary
    assert response["ETag"]
    assert response["Content-Language"] == "en"


def test_if_none_match_gets_304_from_the_cache(client, site, django_assert_num_queries):
    etag = client.get("/members/quito/")["ETag"]
    with django_assert_num_queries(0):
        response = client.get("/members/quito/", headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""


def test_an_edit_saved_through_the_model_shows_at_once(client, site, django_capture_on_commit_callbacks):
    assert "Buses go electric" in client.get("/news/buses/").text
    article = site["article"]
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Trams return"
        article.save()
    for url in ["/news/buses/", "/news/", "/", "/api/news/"]:
        assert "Trams return" in client.get(url).text, url


def test_an_etag_from_before_an_edit_no_longer_matches(client, site, django_capture_on_commit_callbacks):
    etag = client.get("/news/buses/")["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        site["article"].save()
        quietly_retitle(site["article"], "Trams return")
    assert client.get("/news/buses/", headers={"if-none-match": etag}).status_code == 200


def test_deleting_an_article_removes_it_at_once(client, site, django_capture_on_commit_callbacks):
    assert client.get("/news/buses/").status_code == 200
    assert "Buses go electric" in client.get("/news/").text
    with django_capture_on_commit_callbacks(execute=True):
        site["article"].delete()
    assert client.get("/news/buses/").status_code == 404
    assert "Buses go electric" not in client.get("/news/").text


def test_admin_bulk_unpublish_and_publish_show_at_once(
    client, site, editor_browser, django_capture_on_commit_callbacks
):
    changelist = reverse("admin:news_article_changelist")
    assert "Buses go electric" in client.get("/news/").text
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_browser.post(
            changelist, {"action": "make_draft", "_selected_action": [site["article"].pk]}, follow=True
        )
    assert response.status_code == 200
    assert "Buses go electric" not in client.get("/news/").text
    assert client.get("/news/buses/").status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        editor_browser.post(changelist, {"action": "make_published", "_selected_action": [site["article"].pk]})
    assert "Buses go electric" in client.get("/news/").text


def test_a_queryset_publish_shows_at_once(client, site, django_capture_on_commit_callbacks):
    draft = ArticleFactory(title="Rivers cleaned", status=Status.DRAFT)
    assert "Rivers cleaned" not in client.get("/news/").text
    with django_capture_on_commit_callbacks(execute=True):
        Article.objects.filter(pk=draft.pk).publish()
    assert "Rivers cleaned" in client.get("/news/").text


def test_an_approved_submission_shows_in_the_directory_at_once(
    client, site, moderator, django_capture_on_commit_callbacks
):
    from submissions import services

    submission = SubmissionFactory(name="Accra Metropolitan")
    submission.clusters.add(site["cluster"])
    assert "Accra Metropolitan" not in client.get("/members/").text
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(submission=submission, reviewer=moderator)
    assert "Accra Metropolitan" in client.get("/members/").text
    assert "Accra Metropolitan" in client.get("/api/members/").text


def test_a_bulk_write_to_a_model_without_a_publication_state_shows_at_once(
    client, site, django_capture_on_commit_callbacks
):
    """Memberships have no status of their own: their bulk writes still say the content changed."""
    waste = ClusterFactory(short_name="Waste", slug="waste")
    assert "Quito" not in client.get("/clusters/waste/").text
    with django_capture_on_commit_callbacks(execute=True):
        Membership.objects.bulk_create([Membership(cluster=waste, member=site["member"], is_featured=True)])
    assert "Quito" in client.get("/clusters/waste/").text


@pytest.mark.parametrize(
    "label",
    [
        "clusters.Cluster",
        "members.Member",
        "members.Membership",
        "news.Article",
        "news.Category",
        "events.Event",
        "events.Person",
        "events.Session",
        "events.Speaker",
        "events.Recording",
        "events.RecordingLink",
    ],
)
def test_every_model_public_pages_show_is_watched(label):
    """Each content app declares its models in its AppConfig.ready(); their bulk writes go through
    ContentQuerySet."""
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    model = apps.get_model(label)
    assert post_save.has_listeners(model) and post_delete.has_listeners(model)
    assert isinstance(model._default_manager.all(), page_cache.ContentQuerySet)


def test_a_change_to_a_related_model_shows_at_once(client, site, django_capture_on_commit_callbacks):
    other = ClusterFactory(short_name="Waste", slug="waste")
    assert "/clusters/waste/" not in client.get("/news/buses/").text
    with django_capture_on_commit_callbacks(execute=True):
        site["article"].clusters.add(other)  # m2m_changed
    assert "/clusters/waste/" in client.get("/news/buses/").text


def test_a_scheduled_article_appears_when_its_time_comes(client, site, monkeypatch, django_assert_num_queries):
    soon = timezone.now() + dt.timedelta(minutes=2)  # sooner than PAGE_CACHE_SECONDS (5 minutes)
    ArticleFactory(title="Scheduled story", published_at=soon)
    assert "Scheduled story" not in client.get("/news/").text
    with django_assert_num_queries(0):
        assert "Scheduled story" not in client.get("/news/").text

    # Two minutes later (no save in between): the cached list expired at the publication time.
    later = soon + dt.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr(page_cache.time, "time", later.timestamp)
    assert "Scheduled story" in client.get("/news/").text


def test_an_event_moves_to_past_when_it_ends(client, site, monkeypatch):
    ends = timezone.now() + dt.timedelta(minutes=2)
    EventFactory(title="Ending soon", slug="ending-soon", starts_at=ends - dt.timedelta(hours=1), ends_at=ends)
    assert "Ending soon" in client.get("/events/?when=upcoming").text
    later = ends + dt.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr(page_cache.time, "time", later.timestamp)
    assert "Ending soon" not in client.get("/events/?when=upcoming").text


def test_staff_are_never_served_from_the_cache(client, site, editor_browser):
    client.get("/news/buses/")  # cached for anonymous visitors
    quietly_retitle(site["article"], "Trams return")
    assert "Buses go electric" in client.get("/news/buses/").text  # anonymous: the cached copy
    staff = editor_browser.get("/news/buses/")
    assert "Trams return" in staff.text
    assert "private" in staff["Cache-Control"]


def test_staff_visits_never_fill_the_cache(client, site, editor_browser):
    editor_browser.get("/news/buses/")
    quietly_retitle(site["article"], "Trams return")
    assert "Trams return" in client.get("/news/buses/").text


def test_a_visitor_with_a_session_cookie_is_not_served_from_the_cache(client, site):
    client.get("/news/buses/")
    quietly_retitle(site["article"], "Trams return")
    client.cookies["sessionid"] = "whatever"
    assert "Trams return" in client.get("/news/buses/").text


def test_post_and_the_submission_form_are_never_cached(client, site):
    client.get("/submit/")
    response = client.get("/submit/")
    assert 'name="csrfmiddlewaretoken"' in response.text
    assert "no-store" in response["Cache-Control"]
    assert not [key for key in cache._cache if "pagecache:page:" in key]  # locmem's own dict
    assert client.post("/news/").status_code == 405


def test_languages_never_mix(client, site):
    english = client.get("/members/").text
    spanish = client.get("/es/members/")
    assert spanish["Content-Language"] == "es"
    assert spanish.text != english
    assert client.get("/members/").text == english


def test_the_apis_languages_never_mix(client, site):
    """The API picks its language from ?lang= and Accept-Language, not from the path: the cache
    keeps one copy per language it answers in."""
    cluster = site["cluster"]
    cluster.name_es = "Transporte sostenible"
    with_translation = cluster.name_es
    cluster.save()
    english = client.get("/api/clusters/")
    assert english["Content-Language"] == "en"
    spanish = client.get("/api/clusters/", HTTP_ACCEPT_LANGUAGE="es")
    assert spanish["Content-Language"] == "es"
    assert with_translation in spanish.text and with_translation not in english.text
    again = client.get("/api/clusters/", HTTP_ACCEPT_LANGUAGE="es")
    assert (again["X-Page-Cache"], again["Content-Language"]) == ("hit", "es")
    assert client.get("/api/clusters/?lang=es").json() == spanish.json()
    assert client.get("/api/clusters/")["Content-Language"] == "en"
    assert client.get("/api/clusters/?lang=xx").status_code == 400


def test_hosts_never_mix(client, site):
    client.get("/news/buses/", HTTP_HOST="localhost")
    quietly_retitle(site["article"], "Trams return")
    assert "Buses go electric" in client.get("/news/buses/", HTTP_HOST="localhost").text
    assert "Trams return" in client.get("/news/buses/", HTTP_HOST="127.0.0.1").text


def test_cached_pages_carry_a_fresh_nonce_free_policy(client, site):
    client.get("/")
    cached = client.get("/")
    policy = cached["Content-Security-Policy"]
    assert "script-src 'self';" in policy
    assert "nonce-" not in policy
    assert cached["X-Frame-Options"] == "DENY"
    assert cached["Permissions-Policy"]


def test_a_response_that_used_the_csp_nonce_is_not_stored(rf, site):
    from django.http import HttpResponse
    from django.utils.csp import LazyNonce

    request = rf.get("/")
    request._csp_nonce = LazyNonce()  # what ContentSecurityPolicyMiddleware sets
    response = HttpResponse(f"<script nonce='{request._csp_nonce}'></script>")
    assert not page_cache.PageCacheMiddleware.storable(request, response)


def test_with_the_cache_off_every_visit_renders(client, site, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/news/buses/")
    quietly_retitle(site["article"], "Trams return")
    assert "Trams return" in client.get("/news/buses/").text


def test_pages_are_served_uncached_while_the_cache_is_away(client, site, unreachable_redis):
    assert "Buses go electric" in client.get("/news/buses/").text
    assert client.get("/").status_code == 200  # the maps are drawn without their cache
    assert client.get("/members/").status_code == 200
    assert client.get("/api/news/").status_code == 200


def test_rate_limited_forms_still_work_while_the_cache_is_away(client, site, unreachable_redis):
    site["member"].contact_email = "quito@example.org"
    site["member"].save()
    response = client.post("/submit/update/quito/")
    assert response.status_code == 302


def test_generated_and_demo_data_show_at_once(client, site, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    before = client.get("/members/").text
    with django_capture_on_commit_callbacks(execute=True):
        call_command("generate_scale_data", members=30, news=0, events=0, verbosity=0)  # bulk inserts
    generated = client.get("/members/").text
    assert generated != before
    with django_capture_on_commit_callbacks(execute=True):
        call_command("generate_scale_data", clear=True, members=0, news=0, events=0, verbosity=0)  # raw deletes
    assert client.get("/members/").text == before

    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", verbosity=0)
    assert client.get("/members/").text != before


def test_restoring_an_earlier_version_shows_at_once(client, editor_browser, django_capture_on_commit_callbacks):
    from .test_admin import member_form

    member = MemberFactory(name="Ve-Golokuati", slug="ve-golokuati", locality="Ve-Golokuati, Ghana")
    original = member.history.earliest()
    with django_capture_on_commit_callbacks(execute=True):
        member.locality = "A wrong place"
        member.save()
    assert "A wrong place" in client.get("/members/ve-golokuati/").text

    restore = reverse("admin:members_member_simple_history", args=[member.pk, original.history_id])
    form = member_form(status="published", published_at_0="2024-01-01", published_at_1="00:00:00")
    with django_capture_on_commit_callbacks(execute=True):
        assert editor_browser.post(restore, form).status_code == 302
    page = client.get("/members/ve-golokuati/").text
    assert "A wrong place" not in page
    assert "Ve-Golokuati, Ghana" in page
