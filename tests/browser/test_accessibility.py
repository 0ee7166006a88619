"""axe-core (WCAG 2.1 A and AA rules) in a real browser: zero violations on every public page type,
in English and in Arabic (right to left)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from ..pages import PUBLIC_PAGE_TYPES as PAGES

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def describe(violations):
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[node['target'] for node in v['nodes']][:5]}" for v in violations
    )


# The HTML pages again under the Arabic prefix; the API documentation has no language prefix.
LANGUAGE_PREFIXES = ["", "/ar"]
PAGES_BY_LANGUAGE = [
    (prefix, path) for prefix in LANGUAGE_PREFIXES for path in PAGES if not (prefix and path.startswith("/api/"))
]


@pytest.mark.parametrize(("prefix", "path"), PAGES_BY_LANGUAGE)
def test_public_page_has_no_wcag_violations(demo_site, page, prefix, path):
    page.goto(demo_site.url + prefix + path)
    results = Axe().run(page, options=WCAG_21_AA)
    violations = results.response["violations"]
    assert violations == [], describe(violations)
