"""The site's icon, touch icon and web manifest: every page names them and they are served."""

import json

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

pytestmark = pytest.mark.django_db

PAGES = ["/", "/clusters/", "/members/", "/news/", "/events/", "/search/", "/submit/", "/api/docs"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_names_its_icons_and_manifest(client, url):
    html = client.get(url).text

    assert '<link rel="icon" href="/static/icons/mark.svg" type="image/svg+xml">' in html
    assert '<link rel="apple-touch-icon" href="/static/icons/touch-icon.png">' in html
    assert '<link rel="manifest" href="' in html


def test_the_icons_are_there_at_their_sizes(client):
    assert client.get("/static/icons/mark.svg").status_code == 200
    for name, size in [("touch-icon.png", 180), ("icon-192.png", 192), ("icon-512.png", 512)]:
        with Image.open(finders.find(f"icons/{name}")) as image:
            assert image.size == (size, size)


@pytest.mark.parametrize(("prefix", "language", "direction"), [("", "en", "ltr"), ("/ar", "ar", "rtl")])
def test_the_manifest_speaks_the_pages_language(client, prefix, language, direction):
    html = client.get(f"{prefix}/").text
    assert f'<link rel="manifest" href="{prefix}/manifest.webmanifest">' in html

    response = client.get(f"{prefix}/manifest.webmanifest")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert (manifest["lang"], manifest["dir"], manifest["start_url"]) == (language, direction, f"{prefix}/")
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200
