"""The back office in a real browser, at 1,280 px and at 390 px, with axe (WCAG 2.1 AA) on every
admin page each journey passes through:

- an Editor writes a draft article with a lead image, previews it, publishes it and finds it on /news/;
- a Moderator opens the queue from the index and approves the oldest pending submission.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from core.roles import EDITORS, MODERATORS

from ..factories import UserFactory
from ..submission_helpers import image_bytes
from .test_accessibility import WCAG_21_AA, describe
from .test_journeys import in_own_thread

PASSWORD = "a-long-staff-password-for-journeys"
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(params=list(WIDTHS))
def staff_page(browser, request):
    context = browser.new_context(viewport=WIDTHS[request.param])
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def staff_account(group):
    user = UserFactory(groups=[group])
    user.set_password(PASSWORD)
    user.save()
    return user.username


def accessible(page):
    """The page as it stands passes axe's WCAG 2.1 A and AA rules."""
    violations = Axe().run(page, options=WCAG_21_AA).response["violations"]
    assert violations == [], f"{page.url}\n{describe(violations)}"


def sign_in(page, base, username):
    page.goto(base + "/admin/login/")
    accessible(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(base + "/admin/")
    accessible(page)


def test_an_editor_writes_previews_and_publishes_an_article(demo_site, staff_page, tmp_path):
    page, base = staff_page, demo_site.url
    username = in_own_thread(lambda: staff_account(EDITORS))
    photo = tmp_path / "market.jpg"
    photo.write_bytes(image_bytes("JPEG", (1600, 900), color=(40, 120, 90)))
    title = "Koidu opens a market for sorted waste"

    sign_in(page, base, username)
    page.goto(base + "/admin/news/article/add/")
    accessible(page)
    page.get_by_label("Title [en]:").fill(title)
    page.get_by_label("Summary [en]:").fill("Traders buy sorted plastic and metal every Saturday.")
    page.get_by_label("Body [en]:").fill("<p>The city council opened the market with two youth groups.</p>")
    page.get_by_label("Lead image:").set_input_files(str(photo))
    page.get_by_label("Lead image caption [en]:").fill("Sorted bales at the market")
    page.get_by_role("button", name="Save and continue editing").first.click()
    page.wait_for_url(re.compile(r"/admin/news/article/\d+/change/"))
    expect(page.get_by_text("was added successfully")).to_be_visible()
    accessible(page)
    article_url = page.url

    with page.context.expect_page() as opened:
        page.get_by_role("button", name="Preview").first.click()
    preview = opened.value
    preview.wait_for_load_state()
    expect(preview.get_by_role("status")).to_contain_text("Preview — not public")
    expect(preview.get_by_role("heading", level=1)).to_have_text(title)
    lead = preview.get_by_role("img", name="Sorted bales at the market")
    expect(lead).to_be_visible()
    assert lead.evaluate("img => img.complete && img.naturalWidth > 0")
    accessible(preview)
    preview.close()

    page.goto(base + "/news/")
    expect(page.get_by_role("link", name=title)).to_have_count(0)  # a draft until it is published

    page.goto(article_url)
    page.get_by_label("Status:").select_option("published")
    page.get_by_role("button", name="Save", exact=True).first.click()
    page.wait_for_url(base + "/admin/news/article/")
    expect(page.get_by_text("was changed successfully")).to_be_visible()
    accessible(page)

    page.goto(base + "/news/")
    page.get_by_role("link", name=title).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("status")).to_have_count(0)  # no preview banner on the public page


def test_a_moderator_approves_the_oldest_pending_submission_from_the_queue(demo_site, staff_page):
    page, base = staff_page, demo_site.url
    username = in_own_thread(lambda: staff_account(MODERATORS))

    sign_in(page, base, username)
    attention = page.locator("#needs-attention")
    expect(attention).to_contain_text("Partner submissions awaiting review: 3")
    attention.get_by_role("link", name="Partner submissions awaiting review").click()
    page.wait_for_url(base + "/admin/submissions/profilesubmission/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Partner submissions awaiting review")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("Tamale Metropolitan Assembly")  # waiting longest
    if page.viewport_size["width"] >= 1280:
        table = page.locator("#result_list")
        assert table.evaluate("t => t.getBoundingClientRect().right <= document.documentElement.clientWidth")
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    accessible(page)

    rows.first.get_by_role("link", name="Tamale Metropolitan Assembly").click()
    expect(page.get_by_role("heading", name="Review: Tamale Metropolitan Assembly")).to_be_visible()
    accessible(page)
    page.get_by_label("Approve and publish").check()
    page.get_by_role("button", name="Record the decision and email the contact").click()

    page.wait_for_url(base + "/admin/submissions/profilesubmission/")
    expect(page.get_by_text("Approved. Tamale Metropolitan Assembly is published")).to_be_visible()
    expect(rows).to_have_count(2)
    accessible(page)

    page.goto(base + "/members/tamale-metropolitan-assembly/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tamale Metropolitan Assembly")
    assert "waste.desk@" not in page.content()  # the contact address stays private
