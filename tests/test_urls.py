"""core/urls.py: an address reversed once per language is the address Django reverses."""

import pytest
from django.conf import settings
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation

from core.urls import fixed_address, reverse_slug, slug_linker

from .factories import ArticleFactory, ClusterFactory, EventFactory, MemberFactory


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [ClusterFactory, MemberFactory, ArticleFactory, EventFactory])
def test_every_objects_address_is_what_reverse_gives_in_every_language(factory):
    obj = factory(slug="sao-paulo_2")
    view = f"{obj._meta.app_label}:detail"
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            assert obj.get_absolute_url() == reverse(view, kwargs={"slug": obj.slug})


def test_the_address_follows_the_script_prefix():
    set_script_prefix("/portal/")
    try:
        assert reverse_slug("members:detail", "quito") == "/portal/members/quito/"
    finally:
        set_script_prefix("/")
    assert reverse_slug("members:detail", "quito") == "/members/quito/"


@pytest.mark.parametrize("slug", ["", "a/b", "são", "x?y=1"])
def test_anything_but_a_slug_is_refused_as_django_refuses_it(slug):
    with pytest.raises(NoReverseMatch):
        reverse("members:detail", kwargs={"slug": slug})
    with pytest.raises(NoReverseMatch):
        reverse_slug("members:detail", slug)


PAGES = ["home", "clusters:list", "members:list", "news:list", "events:list", "search:search", "feeds:news"]


@pytest.mark.parametrize("view", PAGES)
def test_a_page_without_arguments_has_the_address_reverse_gives_in_every_language(view):
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            assert fixed_address(view) == reverse(view)
        # Asked for by language, whatever language is active.
        with translation.override("ar" if code != "ar" else "fr"):
            assert fixed_address(view, code) == translation.override(code)(reverse)(view)
            assert slug_linker("members:detail", code)("quito") == translation.override(code)(reverse)(
                "members:detail", kwargs={"slug": "quito"}
            )


def test_a_fixed_address_follows_the_script_prefix_and_refuses_an_unknown_name():
    set_script_prefix("/portal/")
    try:
        assert fixed_address("members:list") == "/portal/members/"
    finally:
        set_script_prefix("/")
    assert fixed_address("members:list") == "/members/"
    with pytest.raises(NoReverseMatch):
        fixed_address("members:nothing-here")


# Absolute links on the site's own address ------------------------------------------------------


@pytest.fixture
def no_site_url(settings):
    settings.SITE_URL = ""


@pytest.mark.django_db
def test_without_site_url_every_absolute_link_is_on_the_requests_own_port(client, no_site_url):
    """`PORT=8123 make run`: canonical, hreflang, feeds, sitemap, robots.txt, the API and calendars."""
    event = EventFactory(slug="webinar")
    MemberFactory(slug="quito")
    host = {"HTTP_HOST": "127.0.0.1:8123"}
    origin = "http://127.0.0.1:8123"

    page = client.get("/members/quito/", **host).text
    assert f'<link rel="canonical" href="{origin}/members/quito/">' in page
    assert f'hreflang="ar" href="{origin}/ar/members/quito/"' in page
    assert f'href="{origin}/feeds/news/"' in page
    assert f"<loc>{origin}/members/quito/</loc>" in client.get("/sitemap-members.xml", **host).text
    assert f"Sitemap: {origin}/sitemap.xml" in client.get("/robots.txt", **host).text
    assert client.get("/api/members/quito/", **host).json()["url"] == f"{origin}/members/quito/"
    assert f"URL:{origin}/events/webinar/" in client.get(f"/events/{event.slug}.ics", **host).text
    assert "127.0.0.1:8000" not in page


@pytest.mark.django_db
def test_site_url_wins_over_the_request_when_it_is_set(client, settings):
    settings.SITE_URL = "https://cities.example.org"
    MemberFactory(slug="quito")

    page = client.get("/members/quito/", HTTP_HOST="127.0.0.1:8123").text

    assert '<link rel="canonical" href="https://cities.example.org/members/quito/">' in page
