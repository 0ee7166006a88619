"""axe-core (WCAG 2.1 A and AA rules) in a real browser: zero violations on every public page type."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from ..pages import PUBLIC_PAGE_TYPES as PAGES

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def describe(violations):
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[node['target'] for node in v['nodes']][:5]}" for v in violations
    )


@pytest.mark.parametrize("path", PAGES)
def test_public_page_has_no_wcag_violations(demo_site, page, path):
    page.goto(demo_site.url + path)
    results = Axe().run(page, options=WCAG_21_AA)
    violations = results.response["violations"]
    assert violations == [], describe(violations)
