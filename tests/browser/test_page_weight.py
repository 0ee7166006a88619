"""What each page makes a phone or a desktop download, by type, against the SPEC budget."""

import contextlib
import json
from collections import defaultdict

import pytest

from .conftest import ARTIFACTS, DESKTOP, PHONE

BUDGET_HTML_CSS_JS = 100 * 1024
BUDGET_CLUSTER_PAGE_TOTAL = 500 * 1024

PAGES = {
    "home": "/",
    "clusters": "/clusters/",
    "cluster": "/clusters/transport/",
    "directory": "/members/",
    "profile": "/members/sao-paulo/",
    "news": "/news/",
    "article": "/news/urban-mobility-exchange-argentina-chile-china/",
    "events": "/events/",
    "event": "/events/sstc-covid-19-recovery-sustainable-development-2022/",
}
KINDS = {"document": "html", "stylesheet": "css", "script": "js", "image": "images", "font": "fonts"}


def weigh(page, url):
    """Bytes (uncompressed bodies) the page pulls, by type, after scrolling to load lazy images."""
    seen = defaultdict(int)

    def on_response(response):
        kind = KINDS.get(response.request.resource_type, "other")
        # Redirects and aborted requests have no body.
        with contextlib.suppress(Exception):
            seen[kind] += len(response.body())

    page.on("response", on_response)
    page.goto(url, wait_until="networkidle")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")
    page.remove_listener("response", on_response)
    return dict(seen)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("name", PAGES)
def test_page_stays_within_the_weight_budget(demo_site, browser, viewport, name):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    try:
        weights = weigh(page, demo_site.url + PAGES[name])
    finally:
        context.close()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"page-weight-{name}-{viewport['width']}.json").write_text(json.dumps(weights, indent=1))

    assert weights.get("html", 0) > 0
    text_weight = weights.get("html", 0) + weights.get("css", 0) + weights.get("js", 0)
    assert text_weight < BUDGET_HTML_CSS_JS, weights
    if name == "cluster":
        assert sum(weights.values()) < BUDGET_CLUSTER_PAGE_TOTAL, weights
