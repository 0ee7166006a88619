"""A partner submits a good practice through the link emailed to its contact; a Moderator approves it.
All of it with JavaScript off.

The email is read from Django's test outbox (the live server runs in this process, and the tests'
task backend sends at once), as the partner would read it in their inbox.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from core.roles import MODERATORS

from ..factories import UserFactory
from .test_journeys import in_own_thread, result_list

CONTACT = "international@prefeitura-sp.example.org"
TITLE = "Night buses on the Tietê corridor"
PASSWORD = "a-long-moderator-password"


@pytest.fixture
def moderator(transactional_db):
    user = UserFactory(username="mod-kofi", groups=[MODERATORS], is_staff=True)
    user.set_password(PASSWORD)
    user.save()
    return user


def give_sao_paulo_a_contact():
    from members.models import Member

    member = Member.objects.get(name="São Paulo")
    member.contact_email = CONTACT
    member.save()
    return member.get_absolute_url()


def test_partner_submits_a_good_practice_and_a_moderator_publishes_it(demo_site, moderator, no_js_page):
    page = no_js_page  # the whole journey works without JavaScript
    profile = in_own_thread(give_sao_paulo_a_contact)
    base = demo_site.url

    # The partner asks for a link on the profile; the address on file is never shown.
    page.goto(base + profile)
    page.get_by_role("link", name="Submit a good practice").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Submit a good practice of São Paulo")
    page.get_by_role("button", name="Email a link to submit a good practice to the contact on file").click()
    page.wait_for_url("**/sent/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    assert CONTACT not in page.content()

    (message,) = [message for message in mail.outbox if message.to == [CONTACT]]
    link = re.search(r"https?://[^\s]+(/submit/edit/[^\s]+/)", message.body).group(1)

    # The partner finds Piquete in the member directory and copies the address of its profile.
    page.goto(base + "/members/?q=Piquete")
    result_list(page).get_by_role("link", name="Piquete", exact=True).click()
    page.wait_for_url("**/members/piquete/")
    piquete = page.url

    # The link opens the form; the partner describes the practice with one result.
    page.goto(base + link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Submit a good practice of São Paulo")
    page.get_by_label("Title", exact=True).fill(TITLE)
    page.get_by_label("Summary", exact=True).fill(
        "São Paulo runs clean night buses along the Tietê corridor so that shift workers get home safely."
    )
    page.get_by_label("The challenge").fill("Shift workers had no bus home after midnight.")
    page.get_by_label("What was done").fill("Twelve electric night lines, timed to the factories' shifts.")
    page.get_by_label("Status", exact=True).select_option(label="Completed")
    page.get_by_label("From (year)").fill("2021")
    page.get_by_label("Until (year)").fill("2023")
    page.get_by_label("Partner members").fill(piquete)
    page.get_by_role("group", name="Clusters").get_by_role(
        "checkbox", name="Sustainable Transport & Air Quality"
    ).check()
    page.get_by_label("SDG targets").fill("11.2, 3.9")
    result = page.get_by_role("group", name="Result 1")
    result.get_by_label("Indicator").fill("Night trips a week")
    result.get_by_label("Baseline").fill("0")
    result.get_by_label("Value").fill("48000")
    result.get_by_label("Unit").fill("trips")
    result.get_by_label("Year").fill("2023")
    result.get_by_label("Source").fill("SPTrans")
    page.get_by_label("I may speak for this organisation").check()
    page.get_by_role("button", name="Send the good practice for review").click()

    page.wait_for_url("**/submit/received/**")
    expect(page.get_by_text(f"We received your good practice {TITLE}.")).to_be_visible()
    page.goto(base + "/solutions/?q=Tiet%C3%AA")
    expect(page.get_by_role("link", name=TITLE)).to_have_count(0)

    # A Moderator approves it in the admin.
    page.goto(base + "/admin/login/")
    page.get_by_label("Username").fill(moderator.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(base + "/admin/")
    page.goto(base + "/admin/submissions/profilesubmission/")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", name="Proposed good practice")).to_be_visible()
    expect(page.get_by_text("Night trips a week: 0 → 48000 trips (2023; SPTrans)")).to_be_visible()
    page.get_by_label("Approve and publish").check()
    page.get_by_role("button", name="Record the decision and email the contact").click()
    page.wait_for_url("**/admin/submissions/profilesubmission/")
    expect(page.get_by_text(f"Approved. {TITLE} is published")).to_be_visible()

    # It is public: the library, its page, the API, the feed and the open data files.
    visitor = page.context.browser.new_context()
    public = visitor.new_page()
    public.goto(base + "/solutions/")
    public.get_by_role("link", name=TITLE).first.click()
    expect(public.get_by_role("heading", level=1)).to_have_text(TITLE)
    results = public.get_by_role("table", name="Results as numbers")
    expect(results.get_by_role("rowheader", name="Night trips a week")).to_be_visible()
    expect(results.get_by_role("cell", name="48,000 trips")).to_be_visible()
    expect(public.get_by_role("link", name="Piquete").first).to_be_visible()
    api = public.request.get(base + "/api/solutions/?q=Tiet%C3%AA").json()
    assert [item["title"] for item in api["results"]] == [TITLE]
    assert TITLE in public.request.get(base + "/solutions/feed/").text()
    assert TITLE in public.request.get(base + "/data/solutions.csv").text()
    visitor.close()


def a_good_practice_link():
    from members.models import Member
    from submissions.models import EditLink

    link = EditLink.objects.create(member=Member.objects.get(name="São Paulo"), type="solution")
    return f"/submit/edit/{link.token()}/"


def test_the_good_practice_form_and_its_errors_have_no_wcag_violations(demo_site, page):
    from axe_playwright_python.sync_playwright import Axe

    from .test_accessibility import WCAG_21_AA, describe

    page.goto(demo_site.url + in_own_thread(a_good_practice_link))
    assert Axe().run(page, options=WCAG_21_AA).response["violations"] == []
    page.get_by_label("Title", exact=True).fill(TITLE)
    page.get_by_label("Summary", exact=True).fill("Clean night buses so that shift workers get home safely.")
    page.get_by_label("The challenge").fill("No bus home after midnight.")
    page.get_by_label("What was done").fill("Twelve electric night lines.")
    page.get_by_label("From (year)").fill("2021")
    page.get_by_label("SDG targets").fill("18.1")
    page.get_by_role("group", name="Result 1").get_by_label("Value").fill("12")  # a value without its indicator
    page.get_by_label("I may speak for this organisation").check()
    page.get_by_role("button", name="Send the good practice for review").click()
    expect(page.get_by_role("heading", name="Please correct the following")).to_be_visible()
    expect(page.get_by_text("18.1: not an SDG target code").first).to_be_visible()
    expect(page.get_by_text("Please correct the results as numbers.")).to_be_visible()
    expect(page.get_by_role("group", name="Result 1").get_by_text("This field is required.")).to_be_visible()
    violations = Axe().run(page, options=WCAG_21_AA).response["violations"]
    assert violations == [], describe(violations)
