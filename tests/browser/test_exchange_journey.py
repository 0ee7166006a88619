"""The exchange end to end, with JavaScript off: a partner signs in by emailed link and posts an
offer, a Moderator approves it, a visitor expresses interest, a Moderator forwards it, both sides
receive each other's contact details by email, and no page of the offer ever shows an address.

The emails are read from Django's test outbox (the live server runs in this process, and the
tests' task backend sends at once), as the partner and the visitor would read them.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from core.roles import MODERATORS

from ..factories import UserFactory
from .test_journeys import in_own_thread

CONTACT = "waste-office@koidu.example.org"
VISITOR = "ama.mensah@kumasi-waste.example.org"
TITLE = "Composting training for market waste"
PASSWORD = "a-long-moderator-password"


@pytest.fixture
def moderator(transactional_db):
    user = UserFactory(username="mod-amina", groups=[MODERATORS], is_staff=True, email="mod@unossc.example.org")
    user.set_password(PASSWORD)
    user.save()
    return user


def give_koidu_a_contact():
    from members.models import Member

    member = Member.objects.get(slug="koidu-new-sembehun-city-council")
    member.contact_email = CONTACT
    member.contact_name = "Sahr Komba"
    member.save()


def emailed_to(address):
    return [message for message in mail.outbox if address in message.to]


def sign_in_as_moderator(page, base, moderator):
    page.goto(base + "/admin/login/")
    page.get_by_label("Username").fill(moderator.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(base + "/admin/")


def assert_no_address(text):
    for address in (CONTACT, VISITOR, "Sahr Komba"):
        assert address not in text, address


def test_an_offer_goes_from_a_partner_through_moderation_to_a_brokered_introduction(
    demo_site, moderator, no_js_page, browser
):
    page = no_js_page
    in_own_thread(give_koidu_a_contact)
    base = demo_site.url

    # The partner asks for a sign-in link; the page never says whether the address is on file.
    page.goto(base + "/partner/")
    page.get_by_label("Your organisation's contact email").fill(CONTACT)
    page.get_by_role("button", name="Email me a sign-in link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    assert_no_address(page.content())
    (message,) = emailed_to(CONTACT)
    link = re.search(r"https?://[^\s]+(/partner/[^\s]+/)", message.body).group(1)

    # Opening the link asks to confirm (mail scanners open links); signing in leads to the space.
    page.goto(base + link)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/partner/**")
    page.goto(base + "/partner/")
    page.get_by_role("link", name="Post a request or an offer").click()
    page.get_by_label("Type of post").select_option(label="Offering expertise")
    page.get_by_label("Title", exact=True).fill(TITLE)
    page.get_by_label("Description").fill(
        "Koidu's market women compost the city's market waste and can train another city's teams on site."
    )
    page.get_by_label("What is sought or offered").fill("Two trainers for a one-week workshop on composting.")
    page.get_by_role("group", name="Clusters").get_by_role("checkbox", name=re.compile("Waste")).check()
    page.get_by_label("SDG targets").fill("11.6, 12.5")
    page.get_by_role("group", name="Preferred formats").get_by_role("checkbox", name="Workshop").check()
    page.get_by_role("group", name="Working languages").get_by_role("checkbox", name="English").check()
    page.get_by_label("I may speak for this organisation").check()
    page.get_by_role("button", name="Send for review").click()
    expect(page.get_by_text(TITLE).first).to_be_visible()

    # Nothing is public before a Moderator approves it.
    visitor_context = browser.new_context(java_script_enabled=False)
    visitor = visitor_context.new_page()
    visitor.goto(base + "/exchange/?q=composting")
    expect(visitor.get_by_role("link", name=TITLE)).to_have_count(0)

    staff_context = browser.new_context(java_script_enabled=False)
    staff = staff_context.new_page()
    sign_in_as_moderator(staff, base, moderator)
    staff.goto(base + "/admin/submissions/profilesubmission/")
    staff.get_by_role("link", name=TITLE).click()
    expect(staff.get_by_role("heading", name="Proposed exchange post")).to_be_visible()
    staff.get_by_label("Approve and publish").check()
    staff.get_by_role("button", name="Record the decision and email the contact").click()
    staff.wait_for_url("**/admin/submissions/profilesubmission/")

    # A visitor finds the offer and expresses interest; the offer's page shows no address.
    visitor.goto(base + "/exchange/")
    visitor.get_by_role("link", name=TITLE).first.click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert_no_address(visitor.content())
    visitor.get_by_role("link", name="Express interest").click()
    visitor.get_by_label("Organisation").fill("Kumasi Waste Management Department")
    visitor.get_by_label("Your name").fill("Ama Mensah")
    visitor.get_by_label("Your email").fill(VISITOR)
    visitor.get_by_label("What cooperation do you propose?").fill(
        "A workshop in Kumasi for our market cleaners in the dry season."
    )
    visitor.get_by_label("What do you need to know?").fill("How much space does a composting site need?")
    visitor.get_by_label("Who are you?").fill("The waste department of the Kumasi Metropolitan Assembly.")
    visitor.get_by_role("button", name="Send to the secretariat").click()
    visitor.wait_for_url("**/interest/sent/")
    assert_no_address(visitor.content())
    assert emailed_to(VISITOR), "the visitor is told the interest was received"
    assert not any(VISITOR in message.body for message in emailed_to(CONTACT)), "not forwarded yet"

    # The Moderator forwards it: each side receives the other's contact details.
    staff.goto(base + "/admin/exchange/interest/")
    staff.get_by_role("link", name="Kumasi Waste Management Department").first.click()
    staff.get_by_role("button", name=re.compile("^Forward")).click()
    expect(staff.get_by_text("Forwarded; both sides have been emailed", exact=False)).to_be_visible()
    assert any(VISITOR in message.body for message in emailed_to(CONTACT))
    assert any(CONTACT in message.body for message in emailed_to(VISITOR))

    # The offer's public faces still show no address: its page, the list, the API, the feed, /data/.
    for path in ("/exchange/", "/exchange/feed/", "/api/exchange/", "/data/exchange-posts.csv"):
        response = visitor.request.get(base + path)
        assert response.ok, path
        assert_no_address(response.text())
    visitor.goto(base + "/exchange/")
    visitor.get_by_role("link", name=TITLE).first.click()
    assert_no_address(visitor.content())
    visitor_context.close()
    staff_context.close()
