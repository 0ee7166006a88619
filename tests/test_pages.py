"""Pages staff write (About, Contact, Privacy, Accessibility): public at /<slug>/ when published,
linked from every page's footer, translated, in the sitemap and the site search."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.publishing import Status
from pages.models import FOOTER_PAGES, Page

from .demo_snapshot import load_demo
from .factories import PageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    load_demo()


@pytest.mark.parametrize("prefix", ["", "/ar"])
def test_every_footer_link_opens_a_published_demo_page(client, demo, prefix):
    home = client.get(f"{prefix}/").text
    footer = home[home.index('<footer class="site-footer">') :]
    for slug in FOOTER_PAGES:
        address = f"{prefix}/{slug}/"
        assert f'href="{address}"' in footer
        response = client.get(address)
        assert response.status_code == 200, address
        assert "<h1" in response.text


def test_the_arabic_page_shows_its_translation_and_marks_the_english_fallback(client, demo):
    about = client.get("/ar/about/").text
    assert "عن المجموعات" in about  # the Arabic title
    assert "تجمع مجموعات مدن الجنوب" in about  # the Arabic body

    contact = client.get("/ar/contact/").text
    assert "الاتصال بالأمانة" in contact  # translated title
    # The body has no Arabic translation yet: shown in English, marked so.
    assert '<div class="prose" lang="en" dir="ltr">' in contact


@pytest.mark.parametrize(
    "changes",
    [{"status": Status.DRAFT}, {"published_at": timezone.now() + dt.timedelta(days=3)}],
    ids=["draft", "scheduled"],
)
def test_a_draft_or_scheduled_page_is_not_public(client, changes):
    page = PageFactory(slug="privacy", **changes)
    assert client.get(page.get_absolute_url()).status_code == 404
    assert client.get("/sitemap-about.xml").text.count("/privacy/") == 0
    assert "search-result--pages" not in client.get("/search/", {"q": page.title}).text


def test_a_page_cannot_take_an_address_another_part_of_the_site_uses():
    for slug in ("members", "news", "ar", "search", "submit"):
        with pytest.raises(ValidationError) as error:
            PageFactory.build(slug=slug).full_clean()
        assert "slug" in error.value.message_dict, slug
    PageFactory.build(slug="terms-of-use").full_clean()  # a free address is accepted


def test_an_editor_adds_a_page_in_the_admin_and_it_is_public(editor_client, client):
    response = editor_client.post(
        reverse("admin:pages_page_add"),
        {
            "title": "Terms of use",
            "slug": "members",  # taken by the directory: refused, nothing saved
            "summary": "",
            "body": "<p>Use the data freely.</p>",
            "status": Status.PUBLISHED,
            "published_at_0": "2024-01-01",
            "published_at_1": "00:00:00",
        },
    )
    assert response.status_code == 200
    assert "This address belongs to another part of the site" in response.text
    assert not Page.objects.exists()


def test_search_finds_pages_and_clusters(client, demo):
    clusters = client.get("/search/", {"q": "transport"}).text
    assert "search-result--clusters" in clusters
    assert 'href="/clusters/transport/"' in clusters

    pages = client.get("/search/", {"q": "accessibility barrier"}).text
    assert "search-result--pages" in pages
    assert 'href="/accessibility/"' in pages

    arabic = client.get("/ar/search/", {"q": "المجموعات"}).text
    assert 'href="/ar/about/"' in arabic


def test_the_sitemap_lists_each_page_in_every_language(client, demo):
    sitemap = client.get("/sitemap-about.xml").text
    for slug in FOOTER_PAGES:
        assert f"<loc>http://127.0.0.1:8000/{slug}/</loc>" in sitemap
        assert f"<loc>http://127.0.0.1:8000/ar/{slug}/</loc>" in sitemap


def test_a_saved_page_is_shown_at_once(client, django_capture_on_commit_callbacks):
    page = PageFactory(slug="about", title="About us")
    assert "About us" in client.get("/about/").text
    with django_capture_on_commit_callbacks(execute=True):
        page.title = "About the programme"
        page.save()
    assert "About the programme" in client.get("/about/").text
