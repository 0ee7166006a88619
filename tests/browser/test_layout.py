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
    "solutions": "/solutions/",
    "solution": "/solutions/public-transport-data-platform/",
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
        # The top three screens: what a visitor sees first, at a size a README can show.
        height = min(page.evaluate("document.documentElement.scrollHeight"), 3 * viewport["height"])
        page.screenshot(
            path=str(target), full_page=True, clip={"x": 0, "y": 0, "width": viewport["width"], "height": height}
        )
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


def _rows(boxes):
    """Bounding boxes grouped by the row they start on (same top, to the pixel)."""
    rows = {}
    for box in boxes:
        rows.setdefault(round(box["y"]), []).append(box)
    return list(rows.values())


@pytest.mark.parametrize("prefix", ["", "/ar"])
def test_cards_in_a_row_are_the_same_height_with_their_key_facts_and_buttons_level(demo_site, browser, prefix):
    """At 1280 px the featured members (summaries of different lengths) and the recordings (one or two
    buttons) stand in rows of cards of one height, their last line level along the row."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(f"{demo_site.url}{prefix}/clusters/transport/")
    members = [card.bounding_box() for card in page.locator("[aria-labelledby=featured-title] .member-card").all()]
    facts = [fact.bounding_box() for fact in page.locator("[aria-labelledby=featured-title] .member-card__fact").all()]
    recordings = [card.bounding_box() for card in page.locator(".grid--recordings .recording").all()]
    buttons = [links.bounding_box() for links in page.locator(".grid--recordings .recording__links").all()]
    context.close()

    member_rows = [row for row in _rows(members) if len(row) > 1]
    assert len(member_rows) >= 4 and len(_rows(recordings)[0]) == 2  # rows of several cards were measured
    for row in [*member_rows, *_rows(recordings)]:
        assert max(box["height"] for box in row) - min(box["height"] for box in row) < 1, row
    for row in [*_rows(facts), *_rows(buttons)]:
        assert max(box["y"] + box["height"] for box in row) - min(box["y"] + box["height"] for box in row) < 1, row
    assert len(facts) == len(members)  # every featured member of the demo has a key fact or a population
