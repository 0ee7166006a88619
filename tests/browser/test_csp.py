"""In a real Chromium: the public pages and the admin run under the enforced CSP with no violation,
and the admin's own scripts still work (date shortcuts, slug prefill, the sign-in form)."""

import pytest

from ..factories import ClusterFactory, MemberFactory, UserFactory

WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sourceFile || ""));
});
"""


@pytest.fixture
def browser_page(page):
    page.add_init_script(WATCH_VIOLATIONS)
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.console_messages = console
    return page


def violations(page):
    found = page.evaluate("window.__cspViolations")
    found += [m for m in page.console_messages if "Content Security Policy" in m or "Refused to" in m]
    return found


@pytest.fixture
def content(transactional_db):
    """Made before the browser starts: Playwright's sync API runs the test in a greenlet, where the ORM
    would open a connection of its own that nobody closes."""
    member = MemberFactory(name="Ve-Golokuati")
    ClusterFactory()
    editor = UserFactory(groups=["Editors"])
    editor.set_password("a-long-test-password")
    editor.save()
    return member, editor


@pytest.mark.django_db(transaction=True)
def test_public_pages_and_the_admin_run_under_the_policy_without_violations(live_server, content, browser_page):
    page = browser_page
    member, editor = content

    for path in ["/", "/members/", "/clusters/", "/news/", "/events/", "/no-such-page/"]:
        page.goto(live_server.url + path)
        assert violations(page) == [], path

    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    assert violations(page) == []

    page.goto(f"{live_server.url}/admin/members/member/{member.pk}/change/")
    # DateTimeShortcuts.js adds "Today" / "Now" links: the admin's scripts ran.
    page.locator(".datetimeshortcuts a", has_text="Today").first.wait_for(state="attached")
    assert violations(page) == []

    page.goto(f"{live_server.url}/admin/news/article/add/")
    page.fill("#id_title_en", "Bus rapid transit in Accra")
    page.locator("#id_title_en").blur()
    # prepopulate.js fills the slug from the title.
    assert page.input_value("#id_slug") == "bus-rapid-transit-in-accra"
    assert violations(page) == []

    for path in [f"/admin/members/member/{member.pk}/history/", "/admin/two-factor/", "/admin/members/member/"]:
        page.goto(live_server.url + path)
        assert violations(page) == [], path
