"""The interface in seven languages: prefixed addresses, lang and dir, the switcher, hreflang alternates."""

import html
import re
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from events.models import Event
from news.models import Article

from .factories import MemberFactory, MembershipFactory, PageFactory, SolutionFactory
from .queries import SCHEDULE
from .site_data import build_site

LANGUAGES = [code for code, _name in settings.LANGUAGES]
PREFIXES = {code: "" if code == "en" else f"/{code}" for code in LANGUAGES}
RTL = {"ar"}

PAGES = {
    "home": lambda site: "/",
    "clusters": lambda site: "/clusters/",
    "a cluster": lambda site: f"/clusters/{site['clusters'][0].slug}/",
    "directory": lambda site: "/members/",
    "a profile": lambda site: f"/members/{site['members'][0].slug}/",
    "news": lambda site: "/news/",
    "an article": lambda site: f"/news/{Article.objects.first().slug}/",
    "events": lambda site: "/events/",
    "an event": lambda site: f"/events/{Event.objects.first().slug}/",
    "submit": lambda site: "/submit/",
    "search": lambda site: "/search/?q=transport",
    "a page": lambda site: PageFactory().get_absolute_url(),
    "solutions": lambda site: "/solutions/",
    "a solution": lambda site: SolutionFactory(lead_member=site["members"][0]).get_absolute_url(),
}


@pytest.fixture(autouse=True)
def back_to_english():
    """A request leaves its language active in the thread; later tests on this worker expect English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def site(db):
    return build_site(2)


def html_tag(response):
    return re.search(r"<html[^>]*>", response.text).group(0)


def switcher_links(response):
    nav = re.search(r'<nav class="languages".*?</nav>', response.text, re.S).group(0)
    return {code: html.unescape(href) for href, code in re.findall(r'<a href="([^"]*)" lang="([^"]+)"', nav)}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_every_public_page_answers_in_every_language_with_its_lang_and_dir(client, site, page, language):
    response = client.get(PREFIXES[language] + PAGES[page](site))

    assert response.status_code == 200
    direction = "rtl" if language in RTL else "ltr"
    assert html_tag(response) == f'<html lang="{language}" dir="{direction}">'


@pytest.mark.parametrize(
    ("language", "word"),
    [
        ("es", "Miembros"),
        ("fr", "Membres"),
        ("pt", "Membros"),
        ("ru", "Участники"),
        ("zh-hans", "成员"),
        ("ar", "الأعضاء"),
    ],
)
def test_the_navigation_is_translated(client, site, language, word):
    response = client.get(f"/{language}/")

    nav = re.search(r'<nav class="site-nav".*?</nav>', response.text, re.S).group(0)
    assert word in nav


@pytest.mark.django_db
def test_english_stays_unprefixed(client):
    with translation.override("en"):
        assert reverse("members:list") == "/members/"
    assert client.get("/members/").status_code == 200
    assert client.get("/en/members/").status_code == 404


@pytest.mark.django_db
def test_an_accept_language_header_does_not_move_english_addresses(client):
    response = client.get("/members/", headers={"accept-language": "es"})

    assert response.status_code == 200
    assert 'lang="en"' in html_tag(response)


@pytest.mark.django_db
def test_the_spanish_directory_filters_by_country(client):
    brazil = MemberFactory(country="BR", name="Curitiba")
    MemberFactory(country="CL", name="Valparaíso")
    MembershipFactory(member=brazil)

    response = client.get("/es/members/?country=BR")

    assert response.status_code == 200
    assert "Curitiba" in response.text
    assert "Valparaíso" not in response.text


@pytest.mark.django_db
def test_the_switcher_keeps_the_page_and_its_filters(client):
    MemberFactory(country="BR")

    response = client.get("/members/?country=BR&kind=city")

    links = switcher_links(response)
    assert links == {code: f"{PREFIXES[code]}/members/?country=BR&kind=city" for code in LANGUAGES}


@pytest.mark.django_db
def test_the_switcher_from_another_language_leads_back_to_unprefixed_english(client):
    member = MemberFactory()

    response = client.get(f"/fr/members/{member.slug}/")

    links = switcher_links(response)
    assert links["en"] == f"/members/{member.slug}/"
    assert links["ar"] == f"/ar/members/{member.slug}/"


@pytest.mark.django_db
def test_the_switcher_names_each_language_in_that_language_and_marks_the_current_one(client):
    response = client.get("/ru/")

    nav = re.search(r'<nav class="languages".*?</nav>', response.text, re.S).group(0)
    for name in ["العربية", "简体中文", "English", "Français", "Русский", "Español", "Português"]:
        assert name in nav
    assert re.search(r'lang="ru" hreflang="ru" aria-current="true">Русский<', nav)
    assert nav.count("aria-current") == 1


@pytest.mark.django_db
def test_the_head_lists_every_language_and_x_default_as_alternates(client):
    member = MemberFactory()

    response = client.get(f"/es/members/{member.slug}/")

    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', response.text))
    site = settings.SITE_URL
    assert alternates == {
        "ar": f"{site}/ar/members/{member.slug}/",
        "zh-Hans": f"{site}/zh-hans/members/{member.slug}/",
        "en": f"{site}/members/{member.slug}/",
        "fr": f"{site}/fr/members/{member.slug}/",
        "ru": f"{site}/ru/members/{member.slug}/",
        "es": f"{site}/es/members/{member.slug}/",
        "pt": f"{site}/pt/members/{member.slug}/",
        "x-default": f"{site}/members/{member.slug}/",
    }


@pytest.mark.django_db
def test_a_missing_page_offers_the_home_page_in_each_language(client):
    response = client.get("/es/no-such-page/")

    assert response.status_code == 404
    assert switcher_links(response)["fr"] == "/fr/"
    assert switcher_links(response)["en"] == "/"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/sitemap.xml", "/robots.txt", "/feeds/news/", "/api/clusters/", "/healthz"])
def test_machine_addresses_stay_outside_the_language_prefix(client, path):
    assert client.get(path).status_code == 200
    assert client.get(f"/es{path}", follow=True).status_code == 404  # /es/healthz: 301 to /es/healthz/, a 404


@pytest.mark.django_db
def test_robots_txt_keeps_crawlers_out_of_the_form_and_search_in_every_language(client):
    text = client.get("/robots.txt").text

    for prefix in PREFIXES.values():
        assert f"Disallow: {prefix}/submit/\n" in text
        assert f"Disallow: {prefix}/search/\n" in text


@pytest.mark.django_db
def test_the_map_on_a_spanish_page_links_to_the_spanish_directory(client):
    MembershipFactory(member=MemberFactory(country="BR", latitude="-25.4", longitude="-49.3"))

    response = client.get("/es/")

    assert "/es/members/?country=BR" in html.unescape(response.text)


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 30])
def test_the_spanish_directory_runs_the_same_few_queries_at_any_size(client, django_assert_num_queries, size):
    build_site(size)

    with django_assert_num_queries(9 + SCHEDULE):
        response = client.get("/es/members/?country=BR")

    assert response.status_code == 200


def test_language_names_in_settings_are_translatable():
    with translation.override("es"):
        assert dict(settings.LANGUAGES)["fr"] == "Francés"


@pytest.mark.django_db
def test_the_sitemap_lists_each_page_in_every_language_with_its_alternates(client):
    member = MemberFactory()
    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}

    root = ET.fromstring(client.get("/sitemap-members.xml").content)  # noqa: S314 - the portal's own output

    site = settings.SITE_URL
    expected = {code: f"{site}{PREFIXES[code]}/members/{member.slug}/" for code in LANGUAGES}
    entries = root.findall("sm:url", ns)
    assert sorted(entry.findtext("sm:loc", namespaces=ns) for entry in entries) == sorted(expected.values())
    for entry in entries:
        alternates = {link.get("hreflang"): link.get("href") for link in entry.findall("xhtml:link", ns)}
        assert alternates == {**expected, "x-default": expected["en"]}


@pytest.mark.django_db
def test_a_sitemap_page_boundary_inside_an_item_keeps_every_language_once():
    from members.models import Member
    from search.sitemaps import LanguageItems

    MemberFactory.create_batch(3)
    pairs = LanguageItems(Member.objects.order_by("pk"), LANGUAGES)
    everything = [(member, code) for member in Member.objects.order_by("pk") for code in LANGUAGES]

    assert pairs.count() == 21
    assert pairs[0:5] + pairs[5:12] + pairs[12:21] == everything


@pytest.mark.parametrize(
    ("template", "heading"),
    [("400.html", "طلب غير صالح"), ("500.html", "حدث خطأ ما"), ("503.html", "غير متاحة لفترة وجيزة")],
)
def test_the_standalone_error_pages_speak_the_language_of_the_request(template, heading):
    from django.template.loader import render_to_string

    with translation.override("ar"):
        page = render_to_string(template)

    assert '<html lang="ar" dir="rtl">' in page
    assert heading in page
    assert "مدن الجنوب-الجنوب" in page


@pytest.mark.parametrize("language", ["en", "es", "zh-hans"])
def test_an_address_reversed_once_is_the_address_reverse_gives(language):
    from core.urls import reverse_slug

    with translation.override(language):
        for view_name, slug in [("members:detail", "sao-paulo"), ("api:member", "kumasi_2"), ("news:detail", "a-b")]:
            assert reverse_slug(view_name, slug) == reverse(view_name, kwargs={"slug": slug})
