"""Following a cluster by email, end to end with JavaScript off: a visitor subscribes to a cluster,
confirms from the email's link, an article is published in that cluster, `send_digests` sends the
week's digest (plain text and HTML, with List-Unsubscribe), and the mail client's one-click
unsubscribe (RFC 8058: a bare POST, no cookie, no CSRF token) stops every later email.

The emails are read from Django's test outbox (the live server runs in this process, and the
tests' task backend sends at once), as the visitor would read them in their inbox.
"""

import datetime as dt
import io
import re
from urllib.parse import urlsplit

from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from subscriptions.models import Subscriber

from .test_journeys import in_own_thread

VISITOR = "thandi.nkosi@durban-waste.example.org"
CLUSTER = "Sustainable Waste Management"
TITLE = "Durban waste pickers join the city recycling contracts"


def emailed_to(address):
    return [message for message in mail.outbox if address in message.to]


def path_of(url):
    """The path of an emailed link: links carry SITE_URL, the live server listens elsewhere."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def publish_an_article_in_the_cluster():
    from clusters.models import Cluster

    from ..factories import ArticleFactory

    article = ArticleFactory(title=TITLE, slug="durban-pickers-recycling-contracts", published_at=timezone.now())
    article.clusters.add(Cluster.objects.get(name=CLUSTER))


def send_digests(now):
    in_own_thread(lambda: call_command("send_digests", now=now.isoformat(), stdout=io.StringIO()))


def next_monday(now):
    """An hour into the Monday after `now` (UTC, the site's time zone): the week holding `now` has ended."""
    return (now + dt.timedelta(days=7 - now.weekday())).replace(hour=1, minute=0, second=0, microsecond=0)


def test_a_visitor_subscribes_confirms_receives_a_digest_and_unsubscribes_in_one_click(demo_site, no_js_page, browser):
    page = no_js_page
    base = demo_site.url

    # The visitor follows the Waste cluster, weekly news.
    page.goto(base + "/subscribe/")
    page.get_by_label("Your email").fill(VISITOR)
    page.get_by_label("All clusters").uncheck()
    page.get_by_role("group", name="Clusters").get_by_role("checkbox", name=CLUSTER).check()
    page.get_by_role("group", name="What to receive").get_by_role("checkbox", name="News").check()
    page.get_by_role("group", name="How often").get_by_role("radio", name="Weekly").check()
    page.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    assert VISITOR not in page.content()

    # Only the confirmation email; its link opens a page whose button confirms.
    (confirmation,) = emailed_to(VISITOR)
    assert "List-Unsubscribe" not in confirmation.extra_headers
    link = re.search(r"https?://\S+/subscribe/confirm/\S+/", confirmation.body).group(0)
    page.goto(base + path_of(link))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your subscription is confirmed")
    assert len(emailed_to(VISITOR)) == 1

    # An article is published in the cluster; the week ends and the hourly job runs.
    in_own_thread(publish_an_article_in_the_cluster)
    week_end = next_monday(timezone.now())
    send_digests(week_end)

    (digest,) = emailed_to(VISITOR)[1:]
    assert TITLE in digest.body
    ((html, mimetype),) = digest.alternatives
    assert mimetype == "text/html"
    assert TITLE in html
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = re.fullmatch(r"<(\S+)>", digest.extra_headers["List-Unsubscribe"]).group(1)

    # The same run again sends nothing more.
    send_digests(week_end + dt.timedelta(hours=1))
    assert len(emailed_to(VISITOR)) == 2

    # The mail client's "Unsubscribe" button: a POST with no cookie and no CSRF token.
    mail_client = browser.new_context(java_script_enabled=False)
    response = mail_client.request.post(
        base + path_of(unsubscribe),
        data="List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        max_redirects=0,
    )
    assert response.status == 200, response.text()
    mail_client.close()

    # The address is gone with everything about it, and the next week's run sends it nothing.
    assert not in_own_thread(lambda: Subscriber.objects.filter(email=VISITOR).exists())
    send_digests(week_end + dt.timedelta(days=7))
    assert len(emailed_to(VISITOR)) == 2

    # The emailed preferences link no longer opens anything about the address.
    preferences = re.search(r"https?://\S+/subscribe/preferences/\S+/", digest.body).group(0)
    response = page.goto(base + path_of(preferences))
    assert response.status == 404
    assert VISITOR not in page.content()
