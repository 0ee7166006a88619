"""End-to-end journeys in a real Chromium against a live server with the demo data.

Each journey asserts what a person sees: the address, the result count, the names listed, the
filter chips. Elements are found the way a person (or a screen reader) finds them: by role, label
and visible text.

The ORM is only used in fixtures, before the page opens, or through `in_own_thread`: Playwright's
sync API runs the test in a greenlet, where a query would open a connection nobody closes.
"""

import re
import threading
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.db import connections
from icalendar import Calendar
from PIL import Image
from playwright.sync_api import expect

from core.roles import MODERATORS

from ..factories import UserFactory

TRANSPORT_BRAZIL_CHILE = [
    "Aparecida de Goiânia",
    "Metropolitan Regional Government of Santiago",
    "Operational Traffic Control Unit (UOCT)",
    "Piquete",
    "São Paulo",
]
TRANSPORT_BRAZIL = ["Aparecida de Goiânia", "Piquete", "São Paulo"]
PASSWORD = "a-long-moderator-password"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate-limit counters live in the (per-process) cache; each journey starts with none used."""
    cache.clear()
    yield
    cache.clear()


def in_own_thread(function):
    """Run ORM work on a thread of its own, with its own connection, closed afterwards."""
    result = {}

    def run():
        try:
            result["value"] = function()
        except BaseException as error:  # re-raised in the test
            result["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["value"]


def query_of(page):
    return parse_qs(urlsplit(page.url).query)


def filters_form(page):
    return page.get_by_role("search", name="Search and filter members")


def facet(page, legend):
    return filters_form(page).get_by_role("group", name=legend, exact=True)


def result_list(page):
    """The list of member cards (labelled by the result count; the map above it links members too)."""
    return page.get_by_role("list", name=re.compile(r"^\d+ members?$"))


def results(page):
    """The names on the result cards, in order."""
    return result_list(page).get_by_role("heading", level=3).all_inner_texts()


def chip(page, label):
    return page.get_by_role("list", name="Filters in use; choose one to remove it").get_by_role(
        "link", name=f"Remove filter {label}"
    )


def directory_journey(page, base_url):
    """Filter by a cluster and two countries, remove one chip, open a profile."""
    page.goto(base_url + "/members/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Member directory")

    facet(page, "Cluster").get_by_role("checkbox", name="Transport").check()
    facet(page, "Country").get_by_role("checkbox", name="Brazil").check()
    facet(page, "Country").get_by_role("checkbox", name="Chile").check()
    filters_form(page).get_by_role("button", name="Apply filters").click()

    page.wait_for_url("**/members/?*")
    assert query_of(page) == {"cluster": ["transport"], "country": ["BR", "CL"]}
    expect(page.get_by_role("heading", name="5 members", exact=True)).to_be_visible()
    assert sorted(results(page)) == TRANSPORT_BRAZIL_CHILE
    for label in ["Cluster: Transport", "Country: Brazil", "Country: Chile"]:
        expect(chip(page, label)).to_be_visible()
    expect(facet(page, "Country").get_by_role("checkbox", name="Chile")).to_be_checked()

    chip(page, "Country: Chile").click()

    page.wait_for_url(lambda url: parse_qs(urlsplit(url).query).get("country") == ["BR"])
    assert query_of(page) == {"cluster": ["transport"], "country": ["BR"]}
    expect(page.get_by_role("heading", name="3 members", exact=True)).to_be_visible()
    assert sorted(results(page)) == TRANSPORT_BRAZIL
    expect(chip(page, "Country: Chile")).to_have_count(0)
    expect(chip(page, "Country: Brazil")).to_be_visible()
    expect(facet(page, "Country").get_by_role("checkbox", name="Chile")).not_to_be_checked()

    result_list(page).get_by_role("link", name="São Paulo", exact=True).click()

    page.wait_for_url(base_url + "/members/sao-paulo/")
    expect(page.get_by_role("heading", level=1)).to_have_text("São Paulo")
    expect(page.get_by_text("Sustainable Transport & Air Quality").first).to_be_visible()


def test_visitor_filters_the_directory_removes_a_chip_and_opens_a_profile(demo_site, page):
    directory_journey(page, demo_site.url)


def test_visitor_filters_the_directory_without_javascript(demo_site, no_js_page):
    directory_journey(no_js_page, demo_site.url)


def test_visitor_reads_a_cluster_opens_an_event_and_downloads_its_calendar_file(demo_site, page):
    page.goto(demo_site.url + "/clusters/transport/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sustainable Transport & Air Quality")

    past = page.get_by_role("region", name="Past events")
    title = "Online exchange on innovative urban mobility: Argentina, Chile and China"
    past.get_by_role("link", name=title).click()

    page.wait_for_url(demo_site.url + "/events/urban-mobility-online-exchange-2023/")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_text("Time zone: America/Santiago")).to_be_visible()

    # A past event offers no "Add to calendar"; its iCalendar file stays at the address the page names.
    expect(page.get_by_role("link", name="Add to calendar (iCalendar file)")).to_have_count(0)
    address = page.locator('link[rel="alternate"][title="This event as iCalendar"]').get_attribute("href")
    answer = page.request.get(demo_site.url + address)
    assert answer.headers["content-disposition"] == 'attachment; filename="urban-mobility-online-exchange-2023.ics"'

    calendar = Calendar.from_ical(answer.body())
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == title
    assert event["DTSTART"].params["TZID"] == "America/Santiago"
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["America/Santiago"]


# --- partners and moderators -------------------------------------------------------------------


@pytest.fixture
def logo(tmp_path):
    path = tmp_path / "logo.png"
    Image.new("RGB", (240, 240), (11, 110, 79)).save(path)
    return path


def submit_profile(page, base_url, name, logo):
    """Fill in /submit/ as a person would: every visible field, the honeypot left alone."""
    page.goto(base_url + "/submit/")
    page.get_by_label("Organisation name").fill(name)
    page.get_by_label("Kind of organisation").select_option(label="City")
    page.get_by_label("Country", exact=True).select_option(label="Ghana")
    page.get_by_label("Locality").fill("Keta, Ghana")
    page.get_by_label("Description").fill(
        "A municipal assembly in the Volta Region that runs a bus rapid transit pilot "
        "and wants to learn how other cities fund clean minibuses."
    )
    page.get_by_label("Website").fill("https://keta-municipal.example.org")
    page.get_by_label("Logo").set_input_files(logo)
    page.get_by_role("group", name="Clusters of interest").get_by_role(
        "checkbox", name="Sustainable Transport & Air Quality"
    ).check()
    page.get_by_label("Contact name", exact=True).fill("Akosua Mensah")
    page.get_by_label("Contact email", exact=True).fill("akosua@keta-municipal.example.org")
    page.get_by_label("I may speak for this organisation").check()
    page.get_by_role("button", name="Send for review").click()

    page.wait_for_url("**/submit/received/**")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you: your submission is in")
    expect(page.get_by_text(f"We received your profile for {name}.")).to_be_visible()


def stored_submission(name):
    from submissions.models import ProfileSubmission

    submission = ProfileSubmission.objects.prefetch_related("clusters").get(name=name)
    return {
        "pk": submission.pk,
        "status": submission.status,
        "type": submission.type,
        "country": submission.country.code,
        "clusters": [cluster.slug for cluster in submission.clusters.all()],
        "logo": submission.logo.name,
        "logo_size": Image.open(submission.logo.path).size if submission.logo else None,
    }


def test_partner_submits_a_profile_with_a_logo_and_sees_the_confirmation(demo_site, page, logo):
    submit_profile(page, demo_site.url, "Keta Municipal Assembly", logo)

    stored = in_own_thread(lambda: stored_submission("Keta Municipal Assembly"))
    expect(page.get_by_text(f"#{stored['pk']}", exact=True)).to_be_visible()
    assert stored["status"] == "pending"
    assert stored["type"] == "new"
    assert stored["country"] == "GH"
    assert stored["clusters"] == ["transport"]
    assert stored["logo_size"] == (240, 240)
    # Nothing public yet.
    page.goto(demo_site.url + "/members/?q=Keta+Municipal")
    expect(page.get_by_role("heading", name="0 members", exact=True)).to_be_visible()


@pytest.fixture
def moderator_account(transactional_db):
    user = UserFactory(username="mod-ama", groups=[MODERATORS], is_staff=True)
    user.set_password(PASSWORD)
    user.save()
    return user


def test_moderator_approves_a_submission_and_the_member_appears_publicly(demo_site, moderator_account, page, logo):
    name = "Keta Municipal Assembly"
    submit_profile(page, demo_site.url, name, logo)
    pk = in_own_thread(lambda: stored_submission(name)["pk"])

    page.goto(demo_site.url + "/admin/login/")
    page.get_by_label("Username").fill(moderator_account.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(demo_site.url + "/admin/")

    page.goto(demo_site.url + "/admin/submissions/profilesubmission/")
    page.get_by_role("link", name=name).click()
    page.wait_for_url(re.compile(rf"/admin/submissions/profilesubmission/{pk}/change/"))
    expect(page.get_by_role("heading", name=f"Review: {name}")).to_be_visible()
    page.get_by_label("Approve and publish").check()
    page.get_by_role("button", name="Record the decision and email the contact").click()

    page.wait_for_url("**/admin/submissions/profilesubmission/")
    expect(page.get_by_text(f"Approved. {name} is published")).to_be_visible()

    page.goto(demo_site.url + "/members/")
    filters_form(page).get_by_label("Search by name, place or description").fill("Keta Municipal")
    filters_form(page).get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url("**/members/?q=Keta+Municipal")
    expect(page.get_by_role("heading", name="1 member", exact=True)).to_be_visible()
    assert results(page) == [name]

    result_list(page).get_by_role("link", name=name).click()
    page.wait_for_url(demo_site.url + "/members/keta-municipal-assembly/")
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.get_by_text("Keta, Ghana").first).to_be_visible()
    logo_image = page.get_by_role("img", name=name).first
    expect(logo_image).to_be_visible()
    assert logo_image.evaluate("img => img.complete && img.naturalWidth > 0")
    assert "akosua@" not in page.content()


# --- phone and keyboard ------------------------------------------------------------------------


def open_menu(page):
    """On a phone the navigation and the languages sit behind the Menu button (a <details>)."""
    page.locator("summary", has_text="Menu").click()


@pytest.mark.parametrize("prefix", ["", "/ar"])
def test_the_phone_header_is_one_line_with_the_menu_inside(demo_site, phone_page, prefix):
    page = phone_page
    page.goto(f"{demo_site.url}{prefix}/")
    header = page.locator("header.site-header").bounding_box()
    assert header["height"] <= 120, f"the header is {header['height']} px tall"
    expect(page.get_by_role("navigation", name="Main" if not prefix else "القائمة الرئيسية")).to_be_hidden()

    page.locator("summary.menu__button").click()

    expect(page.locator(".site-nav")).to_be_visible()
    expect(page.locator(".languages")).to_be_visible()
    english = page.locator(".languages").get_by_role("link", name="English")
    expect(english).to_be_visible()
    box = english.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]


def test_phone_visitor_navigates_the_menu_and_the_directory(demo_site, phone_page):
    page = phone_page
    page.goto(demo_site.url + "/")
    open_menu(page)
    nav = page.get_by_role("navigation", name="Main")
    expect(nav).to_be_visible()
    width = page.viewport_size["width"]
    for label in ["Clusters", "Members", "News", "Events", "Search", "Join the clusters"]:
        link = nav.get_by_role("link", name=label, exact=True)
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"{label} is off the screen"
        assert box["height"] >= 24 and box["width"] >= 24, f"{label} is too small to tap"

    nav.get_by_role("link", name="Clusters", exact=True).click()
    page.wait_for_url(demo_site.url + "/clusters/")
    open_menu(page)
    expect(nav.get_by_role("link", name="Clusters", exact=True)).to_have_attribute("aria-current", "page")

    nav.get_by_role("link", name="Members", exact=True).click()
    page.wait_for_url(demo_site.url + "/members/")
    facet(page, "Cluster").get_by_role("checkbox", name="Transport").check()
    facet(page, "Country").get_by_role("checkbox", name="Brazil").check()
    filters_form(page).get_by_role("button", name="Apply filters").click()

    page.wait_for_url("**/members/?*")
    assert query_of(page) == {"cluster": ["transport"], "country": ["BR"]}
    expect(page.get_by_role("heading", name="3 members", exact=True)).to_be_visible()
    assert sorted(results(page)) == TRANSPORT_BRAZIL
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    result_list(page).get_by_role("link", name="Piquete", exact=True).click()
    page.wait_for_url(demo_site.url + "/members/piquete/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Piquete")


FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const label = el.labels && el.labels[0] ? el.labels[0].innerText : (el.innerText || el.value || "");
  return {
    tag: el.tagName.toLowerCase(), type: el.type || "", name: el.name || "", value: el.value || "",
    label: label.trim(), focusVisible: el.matches(":focus-visible"),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
    inForm: !!el.closest('form[role="search"]'),
  };
}"""


def tab_until(page, condition, limit=60):
    """Press Tab until the focused element satisfies `condition`; fail after `limit` presses."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert focused["focusVisible"] and focused["outline"], f"no visible focus on {focused}"
        if condition(focused):
            return focused
    raise AssertionError(f"never reached the element after {limit} presses of Tab")


def test_keyboard_visitor_tabs_to_the_filters_changes_them_and_submits(demo_site, page):
    page.goto(demo_site.url + "/members/")

    page.keyboard.press("Tab")
    first = page.evaluate(FOCUSED)
    assert (first["tag"], first["label"]) == ("a", "Skip to main content")
    assert first["focusVisible"] and first["outline"]
    skip = page.get_by_role("link", name="Skip to main content")
    box = skip.bounding_box()
    assert box["y"] >= 0, "the skip link stays off screen when focused"

    checkbox = tab_until(page, lambda f: f["type"] == "checkbox" and f["inForm"])
    assert (checkbox["name"], checkbox["value"]) == ("cluster", "transport")
    page.keyboard.press("Space")
    expect(facet(page, "Cluster").get_by_role("checkbox", name="Transport")).to_be_checked()

    tab_until(page, lambda f: f["name"] == "country" and f["value"] == "BR")
    page.keyboard.press("Space")
    expect(facet(page, "Country").get_by_role("checkbox", name="Brazil")).to_be_checked()

    tab_until(page, lambda f: f["tag"] == "button" and f["label"] == "Apply filters")
    page.keyboard.press("Enter")

    page.wait_for_url("**/members/?*")
    assert query_of(page) == {"cluster": ["transport"], "country": ["BR"]}
    expect(page.get_by_role("heading", name="3 members", exact=True)).to_be_visible()
    assert sorted(results(page)) == TRANSPORT_BRAZIL
    expect(chip(page, "Country: Brazil")).to_be_visible()
