"""Each page type at phone and desktop widths: nothing runs off the side, and a screenshot is kept.

`make screenshots` runs this file with SCREENSHOTS_DIR=docs/screenshots.
"""

import os
from pathlib import Path

import pytest

from .conftest import ARTIFACTS, DESKTOP, PHONE

PAGES = {
    "home": "/",
    "clusters": "/clusters/",
    "cluster": "/clusters/transport/",
    "directory": "/members/?country=BR&country=CL",
    "profile": "/members/baguio/",
    "news": "/news/",
    "article": "/news/urban-mobility-exchange-argentina-chile-china/",
    "events": "/events/",
    "event": "/events/south-south-cooperation-cities-climate-action-2020/",
    "search": "/search/?q=transport",
    "submit": "/submit/",
    "about": "/about/",
    "not-found": "/no-such-page/",
}
SCREENSHOTS = Path(os.environ.get("SCREENSHOTS_DIR") or ARTIFACTS / "screenshots")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("name", PAGES)
def test_page_fits_the_screen(demo_site, browser, viewport, name):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    try:
        page.goto(demo_site.url + PAGES[name], wait_until="networkidle")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        width = "phone" if viewport is PHONE else "desktop"
        target = SCREENSHOTS / f"{name}-{width}.png"
        page.screenshot(path=str(target), full_page=True)
    finally:
        context.close()
    assert overflow <= 0, f"{PAGES[name]} is {overflow}px wider than a {viewport['width']}px screen"
    assert target.stat().st_size > 5_000


@pytest.mark.parametrize("prefix", ["", "/ar"])
def test_on_a_phone_the_cluster_members_start_within_two_screens(demo_site, browser, prefix):
    """At 390 x 844 (a common phone), the featured members come before the map and the chart."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{demo_site.url}{prefix}/clusters/transport/")
    first_card = page.locator(".member-card").first.bounding_box()
    context.close()

    assert first_card["y"] <= 2 * 844, f"the first member is at {first_card['y']} px"
