"""Markup rules for the home, cluster, directory and profile pages: headings, images, landmarks, meta."""

import itertools
import re

import pytest
from django.core.files.base import ContentFile

from demo import placeholders

from .site_data import build_site


@pytest.fixture
def site(db):
    data = build_site(5)
    data["clusters"][0].hero_image.save("t.jpg", ContentFile(placeholders.photo("Transport")), save=True)
    for member in data["members"][:2]:
        member.logo.save("m.png", ContentFile(placeholders.logo(member.name)), save=True)
    return data


def pages(site):
    return [
        "/",
        "/clusters/",
        "/clusters/transport/",
        "/members/",
        "/members/?country=BR&kind=city",
        site["members"][0].get_absolute_url(),
    ]


@pytest.mark.django_db
def test_headings_start_at_one_h1_and_never_skip_a_level(client, site):
    for url in pages(site):
        levels = [int(level) for level in re.findall(r"<h([1-6])\b", client.get(url).text)]
        assert levels[0] == 1 and levels.count(1) == 1, url
        assert all(later - earlier <= 1 for earlier, later in itertools.pairwise(levels)), (url, levels)


@pytest.mark.django_db
def test_every_image_has_alt_text_and_its_size_and_is_a_variant(client, site):
    seen = 0
    for url in pages(site):
        for img in re.findall(r"<img\b[^>]*>", client.get(url).text):
            seen += 1
            assert re.search(r'\salt="[^"]*"', img), (url, img)
            assert re.search(r'\swidth="\d+" height="\d+"', img), (url, img)
            # A photo or logo is a resized variant; a card without one shows its cluster's icon (an SVG).
            assert "/media/variants/" in img or ('class="art__icon"' in img and "/static/icons/" in img), (url, img)
    assert seen >= 4


@pytest.mark.django_db
def test_member_cards_load_their_logos_lazily(client, site):
    response = client.get("/members/")

    logos = re.findall(r'<img class="member-card__logo"[^>]*>', response.text)
    assert logos
    assert all('loading="lazy"' in img for img in logos)


@pytest.mark.django_db
def test_each_page_has_landmarks_title_description_canonical_and_open_graph(client, site):
    for url in pages(site):
        text = client.get(url).text
        for needle in ("<main", "<header", "<footer", "<nav", 'class="skip-link"'):
            assert needle in text, (url, needle)
        assert re.search(r"<title>[^<]{5,}</title>", text), url
        assert re.search(r'<meta name="description" content="[^"]{20,}">', text), url
        assert re.search(r'<link rel="canonical" href="http://127\.0\.0\.1:8000/[^"]*">', text), url
        for prop in ("og:title", "og:description", "og:url", "og:type"):
            assert f'<meta property="{prop}" content="' in text, (url, prop)


@pytest.mark.django_db
def test_every_directory_field_has_a_label(client, site):
    text = client.get("/members/?country=BR").text

    assert '<label for="directory-q">' in text and 'id="directory-q"' in text
    checkboxes = text.count('<input type="checkbox"')
    assert checkboxes > 0
    assert text.count('<label><input type="checkbox"') == checkboxes
    assert len(re.findall(r"<legend>", text)) == 3
