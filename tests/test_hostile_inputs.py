"""Hostile inputs: one table of things an attacker (or a broken client) sends, each with its safe outcome.

Every case runs against a small published site (plus a draft member that must never show) with an
empty cache and its own MEDIA_ROOT. Besides what each case asserts, every case is checked for the
same invariants: no 5xx, no raw `<script>` from the request echoed into an HTML page, no redirect
off the site, and no submission or uploaded file the case did not expect.
"""

import re
import struct
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

import cities_portal.urls  # noqa: F401 (see below)
from exchange.models import Interest, Post, PostState
from solutions.models import Solution
from submissions.models import SIGN_IN, EditLink, ProfileSubmission
from subscriptions.models import Reminder, Subscriber

from .exchange_helpers import make_post
from .factories import (
    ArticleFactory,
    CategoryFactory,
    ClusterFactory,
    EventFactory,
    MemberFactory,
    MembershipFactory,
    UserFactory,
)
from .submission_helpers import (  # noqa: F401 (fixture)
    empty_cache,
    form_data,
    image_bytes,
    png_claiming,
    solution_data,
    upload,
)

LONG_Q = "a" * 60_000
XSS = "<script>alert(1)</script>"
ATTRIBUTE_XSS = '"><img src=x onerror=alert(1)>'
SVG_WITH_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
POLYGLOT_PAYLOAD = b"PK\x03\x04<script>alert(document.domain)</script>"
PASSWORD = "a-long-test-password"


@dataclass
class Site:
    cluster: object
    member: object
    draft: object
    article: object
    event: object
    staff: object
    media: Path
    post: object  # an open offer of the member's on the exchange
    closed_post: object  # one of its posts that is met
    subscriber: object  # a confirmed subscriber, weekly news of the cluster


@dataclass
class Case:
    """One hostile input: `send(client, site)` makes the request(s) and returns the last response."""

    name: str
    send: Callable
    status: int | tuple
    contains: tuple = ()  # text the answer must include (a message, a clamped value)
    absent: tuple = ()  # text the answer must not include (raw markup, the draft, an echo)
    saved: int = 0  # submissions that must exist afterwards
    check: Callable | None = None  # anything else, given (response, site)


# --- how cases send ----------------------------------------------------------------------------


def get(path, **headers):
    return lambda client, site: client.get(path.format(site=site), headers=headers or None)


def method(verb, path):
    return lambda client, site: client.generic(verb, path.format(site=site))


def submit(*, logo=None, client_factory=None, **overrides):
    """POST /submit/ with a valid form, changed by `overrides` (a callable value gets the site).

    `logo` holds upload()'s arguments; the upload is made afresh for every request.
    """

    def send(client, site):
        data = form_data([site.cluster])
        for key, value in overrides.items():
            data[key] = value(site) if callable(value) else value
        if logo is not None:
            data["logo"] = upload(**logo)
        poster = client_factory() if client_factory else client
        return poster.post("/submit/", data)

    return send


def good_practice(*, token=None, used=False, **overrides):
    """POST a valid good-practice form through a link made for the site's member (as emailed to its
    contact), changed by `overrides`; `token` replaces the link's, `used` spends the link first."""

    def send(client, site):
        site.member.contact_email = "contact@accra.example"
        site.member.save()
        link = EditLink.objects.create(member=site.member, type="solution", used_at=timezone.now() if used else None)
        data = solution_data()
        for key, value in overrides.items():
            data[key] = value(site) if callable(value) else value
        data = {key: value for key, value in data.items() if value is not None}  # None: left out
        return client.post(f"/submit/edit/{token or link.token()}/", data)

    return send


def signed_in_partner(client, site):
    """The member's contact signed in to the partner space, as through the emailed link."""
    link = EditLink.objects.create(member=site.member, type=SIGN_IN)
    assert client.post(f"/partner/sign-in/{link.token()}/").status_code == 302


def partner_post(path="/partner/posts/new/", **overrides):
    """POST a valid exchange post from the member's partner space to `path` ({site.post.pk} filled
    in), changed by `overrides` (None leaves a field out)."""

    def send(client, site):
        signed_in_partner(client, site)
        data = {
            "type": "offering-expertise",
            "title": "Landfill gas capture expertise",
            "description": "Accra has run a landfill gas capture plant for six years and trains other cities.",
            "details": "Two engineers for an expert mission of two weeks.",
            "clusters": [site.cluster.pk],
            "targets": "11.6, 12.5",
            "formats": ["expert-mission"],
            "languages": ["en"],
            "language": "en",
            "consent": "on",
            "form_token": str(uuid.uuid4()),
            "fax_number": "",
        }
        for key, value in overrides.items():
            data[key] = value(site) if callable(value) else value
        data = {key: value for key, value in data.items() if value is not None}
        return client.post(path.format(site=site), data)

    return send


def partner_action(path, **data):
    def send(client, site):
        signed_in_partner(client, site)
        return client.post(path.format(site=site), data)

    return send


def interest(slug="{site.post.slug}", **overrides):
    """POST a valid expression of interest in the member's open offer, changed by `overrides`."""

    def send(client, site):
        data = {
            "organisation": "Koidu City Council",
            "name": "Fatmata Koroma",
            "email": "fatmata@koidu.example",
            "proposal": "A study visit to see your gas capture plant, then an online workshop.",
            "questions": "How many tonnes a day does the landfill take, and who runs the plant?",
            "about": "Koidu runs waste collection for 120,000 people and plans a new landfill.",
            "form_token": str(uuid.uuid4()),
            "fax_number": "",
        }
        data.update(overrides)
        return client.post(f"/exchange/{slug.format(site=site)}/interest/", data)

    return send


def subscribe(**overrides):
    """POST /subscribe/ with a valid form, changed by `overrides` (None leaves a field out)."""

    def send(client, site):
        data = {
            "email": "reader@koidu.example",
            "language": "en",
            "clusters": [site.cluster.pk],
            "topics": ["news", "events"],
            "frequency": "weekly",
            "form_token": str(uuid.uuid4()),
            "fax_number": "",
        }
        data.update(overrides)
        return client.post("/subscribe/", {key: value for key, value in data.items() if value is not None})

    return send


def preferences(suffix="", **data):
    """POST to the site subscriber's preferences page (reached by the link in every email)."""

    def send(client, site):
        return client.post(f"/subscribe/preferences/{site.subscriber.link_token()}/{suffix}", data)

    return send


def remind(slug="{site.event.slug}", **overrides):
    def send(client, site):
        data = {"email": "reader@koidu.example", "language": "en", "form_token": str(uuid.uuid4()), "fax_number": ""}
        data.update(overrides)
        return client.post(f"/subscribe/remind/{slug.format(site=site)}/", data)

    return send


def submit_raw(body, content_type):
    return lambda client, site: client.post("/submit/", data=body, content_type=content_type)


def sign_in(next_url):
    def send(client, site):
        return client.post(
            f"/admin/login/?next={next_url}",
            {"username": site.staff.username, "password": PASSWORD, "next": next_url},
        )

    return send


def six_submissions_with_spoofed_forwarded_for(client, site):
    """TRUSTED_PROXY_COUNT is 0: X-Forwarded-For is the client's own say-so and changes nothing."""
    response = None
    for number in range(6):
        response = client.post(
            "/submit/",
            form_data([site.cluster]),
            REMOTE_ADDR="192.0.2.50",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{number}",
        )
    return response


def repeated(path, parameter, value, times=1000):
    return f"{path}?" + "&".join([f"{parameter}={value}"] * times)


# --- checks that need the database or the file system ------------------------------------------


def stored_submission_is_pending_unreviewed_and_new(response, site):
    submission = ProfileSubmission.objects.get()
    assert submission.status == "pending"
    assert submission.type == "new"
    assert submission.reviewed_by is None
    assert submission.reviewed_at is None
    assert submission.member is None
    assert submission.revises is None
    assert submission.decision_note == ""


def stored_logo_is_clean_and_renamed(response, site):
    logo = ProfileSubmission.objects.get().logo
    assert re.fullmatch(r"submissions/[0-9a-f]{32}\.(png|jpg)", logo.name), logo.name
    stored = (site.media / logo.name).read_bytes()
    for payload in (b"<script", b"PK\x03\x04", b"alert("):
        assert payload not in stored


def stored_good_practice_is_pending_and_names_the_member(response, site):
    submission = ProfileSubmission.objects.get()
    assert (submission.type, submission.status, submission.member) == ("solution", "pending", site.member)
    assert submission.reviewed_by is None and submission.decision_note == ""
    assert submission.contact_email == "contact@accra.example"
    assert not Solution.objects.exists()


def stored_post_is_pending_and_the_members(response, site):
    submission = ProfileSubmission.objects.get()
    assert (submission.type, submission.status, submission.member) == ("post", "pending", site.member)
    assert submission.reviewed_by is None
    assert Post.objects.count() == 2  # the site's own two: nothing published by sending


def unchanged_post(response, site):
    post = Post.objects.get(pk=site.post.pk)
    assert (post.state, post.expires_on, post.status) == (site.post.state, site.post.expires_on, "published")


def subscriber_unchanged(response, site):
    subscriber = Subscriber.objects.get(pk=site.subscriber.pk)
    assert (subscriber.language, subscriber.frequency, subscriber.topics) == ("en", "weekly", ["news"])


def unconfirmed_and_only_the_confirmation_sent(response, site):
    subscriber = Subscriber.objects.get(email="reader@koidu.example")
    assert subscriber.confirmed_at is None and subscriber.digest_since is None
    assert subscriber.topics == ["news", "events"]
    (message,) = mail.outbox
    assert message.to == ["reader@koidu.example"] and "/subscribe/confirm/" in message.body


def location_is_on_site(response, site):
    location = response["Location"]
    parts = urlsplit(location)
    assert parts.scheme == "" and parts.netloc == "", location
    assert location.startswith("/") and not location.startswith("//") and "\\" not in location, location
    assert "evil" not in location and "javascript" not in location.lower(), location


def signed_in(response, site):
    """Signed in, and sent to the back office instead: not off-site, and not to a page that is a 404."""
    location_is_on_site(response, site)
    assert "_auth_user_id" in response.wsgi_request.session
    assert response["Location"] == "/admin/"


def no_split_response(response, site):
    location_is_on_site(response, site)
    assert "\r" not in response["Location"] and "\n" not in response["Location"]
    assert "x" not in response.cookies


def json_page_size(size):
    def check(response, site):
        body = response.json()
        assert body["page_size"] == size
        assert len(body["results"]) <= size

    return check


def json_error(response, site):
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


def draft_not_listed(response, site):
    assert site.draft.name not in response.text


def api_lists_only_published(response, site):
    slugs = [item["slug"] for item in response.json()["results"]]
    assert site.draft.slug not in slugs
    assert slugs == [site.member.slug]


def plain_text_405(response, site):
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD", "POST", "OPTIONS"}


def canonical_is_ours(response, site):
    assert "evil.example" not in response.text


def full_page_not_a_range(response, site):
    assert response.get("Content-Range") is None
    assert "</html>" in response.text


def answer_is_small(response, site):
    """The 60,000 characters are not echoed back (the page keeps its weight budget)."""
    assert len(response.content) < 100_000
    assert LONG_Q[:1000] not in response.content.decode()


# --- the table ---------------------------------------------------------------------------------

NUL = "%00"
BAD_UTF8 = "%ff%fe"
LISTS = {
    "members": "/members/?q={v}&cluster={v}&country={v}&kind={v}&page={v}",
    "news": "/news/?q={v}&cluster={v}&category={v}&year={v}&page={v}",
    "events": "/events/?cluster={v}&kind={v}&when={v}&year={v}&page={v}",
    "solutions": "/solutions/?q={v}&cluster={v}&sdg={v}&country={v}&status={v}&page={v}",
    "exchange": "/exchange/?q={v}&type={v}&cluster={v}&sdg={v}&country={v}&format={v}&language={v}&page={v}",
    "search": "/search/?q={v}&type={v}&page={v}",
    "news feed": "/feeds/news/?page={v}&q={v}",
    "sitemap section": "/sitemap-members.xml?p={v}",
}
API_LISTS = {
    "api members": "/api/members/?q={v}&cluster={v}&country={v}&kind={v}&page={v}&page_size={v}",
    "api news": "/api/news/?q={v}&cluster={v}&category={v}&year={v}&page={v}",
    "api events": "/api/events/?q={v}&cluster={v}&kind={v}&when={v}&year={v}&page={v}",
    "api exchange": "/api/exchange/?q={v}&type={v}&cluster={v}&sdg={v}&country={v}&format={v}&language={v}&page={v}",
}

CASES = [
    # Query parameters that Django's admin or DRF-style backends would have honoured.
    Case("?_connector=OR on /members/", get("/members/?_connector=OR&country=ZZ"), 200, check=draft_not_listed),
    Case(
        "?_connector=OR on the API",
        get("/api/members/?_connector=OR&status=draft"),
        200,
        check=api_lists_only_published,
    ),
    Case("?ordering=password on /members/", get("/members/?ordering=password"), 200, check=draft_not_listed),
    Case("?ordering=-status on /news/", get("/news/?ordering=-status&o=password"), 200),
    Case(
        "?ordering=password on the API",
        get("/api/members/?ordering=password&status__in=draft"),
        200,
        check=api_lists_only_published,
    ),
    Case(
        "?status=draft on /members/",
        get("/members/?status=draft&status__in=draft,published"),
        200,
        check=draft_not_listed,
    ),
    # NUL in every parameter of every public list.
    *[Case(f"%00 in every parameter of {name}", get(url.format(v=NUL)), (200, 404)) for name, url in LISTS.items()],
    Case("%00 in the API's q", get("/api/members/?q=%00abc%00"), 200),
    *[
        Case(f"%00 in every parameter of {name}", get(url.format(v=NUL)), 422, check=json_error)
        for name, url in API_LISTS.items()
    ],
    # Bytes that are not UTF-8.
    *[
        Case(f"invalid UTF-8 in every parameter of {name}", get(url.format(v=BAD_UTF8)), (200, 404))
        for name, url in LISTS.items()
    ],
    Case("invalid UTF-8 in the API's q", get(f"/api/members/?q={BAD_UTF8}"), 200),
    *[
        Case(f"invalid UTF-8 in every parameter of {name}", get(url.format(v=BAD_UTF8)), 422, check=json_error)
        for name, url in API_LISTS.items()
    ],
    Case("invalid UTF-8 in the path", get("/members/%ff%fe/"), 404),
    Case("a doubled slash in a path", get("/members//evil.example"), 404),
    # A 60,000-character search.
    Case(
        "60,000-character q on /members/",
        get(f"/members/?q={LONG_Q}"),
        200,
        contains=("200 characters",),
        check=answer_is_small,
    ),
    Case(
        "60,000-character q on /news/",
        get(f"/news/?q={LONG_Q}"),
        200,
        contains=("200 characters",),
        check=answer_is_small,
    ),
    Case(
        "60,000-character q on /search/",
        get(f"/search/?q={LONG_Q}"),
        200,
        contains=("200 characters",),
        check=answer_is_small,
    ),
    Case("60,000-character q on /api/members/", get(f"/api/members/?q={LONG_Q}"), 422, check=json_error),
    # Markup in what is echoed back.
    Case("<script> in /members/?q", get(f"/members/?q={XSS}"), 200, contains=("&lt;script&gt;",), absent=(XSS,)),
    Case("<script> in /news/?q", get(f"/news/?q={XSS}"), 200, absent=(XSS,)),
    Case("<script> in /search/?q", get(f"/search/?q={XSS}"), 200, contains=("&lt;script&gt;",), absent=(XSS,)),
    Case("attribute breakout in /search/?q", get(f"/search/?q={ATTRIBUTE_XSS}"), 200, absent=("<img src=x",)),
    Case(
        "<script> as a /news/ cluster (echoed in a notice)",
        get(f"/news/?cluster={XSS}"),
        200,
        contains=("was ignored",),
        absent=(XSS,),
    ),
    Case(
        "<script> as an /events/ kind (echoed in a notice)",
        get(f"/events/?kind={XSS}"),
        200,
        contains=("was ignored",),
        absent=(XSS,),
    ),
    Case("<script> as /search/?type", get(f"/search/?q=city&type={XSS}"), 200, absent=(XSS,)),
    Case(
        "<script> in the API's q is JSON, not HTML",
        get(f"/api/members/?q={XSS}"),
        200,
        check=lambda r, s: r["Content-Type"].startswith("application/json"),
    ),
    # Paging and filter values out of range.
    Case("page=999999999 on /members/", get("/members/?page=999999999"), 200, contains=("There is no page 999999999",)),
    Case("page=-1 on /news/", get("/news/?page=-1"), 200, contains=("There is no page -1",)),
    Case("page=1e10 on /events/", get("/events/?page=1e10"), 200, contains=("is not a page number",)),
    Case("page=999999999 on /search/", get("/search/?q=city&page=999999999"), 200),
    Case("year=abcd on /news/", get("/news/?year=abcd"), 200, contains=("was ignored",)),
    Case("year of 30 digits on /events/", get("/events/?year=" + "9" * 30), 200, contains=("was ignored",)),
    Case("when=sometimes on /events/", get("/events/?when=sometimes"), 200, contains=("was ignored",)),
    Case("year=abcd on the API", get("/api/news/?year=abcd"), 422, check=json_error),
    Case("when=sometimes on the API", get("/api/events/?when=sometimes"), 422, check=json_error),
    Case("page=999999999 on the API", get("/api/members/?page=999999999"), 404, check=json_error),
    Case("page=-1 on the API", get("/api/members/?page=-1"), 422, check=json_error),
    Case(
        "page_size=1000000 on the API is clamped",
        get("/api/members/?page_size=1000000"),
        200,
        check=json_page_size(100),
    ),
    Case("page_size=0 on the API", get("/api/members/?page_size=0"), 422, check=json_error),
    Case(
        "page_size of 40 digits on the API is clamped",
        get("/api/members/?page_size=" + "9" * 40),
        200,
        check=json_page_size(100),
    ),
    # Unknown addresses.
    Case("unknown member slug", get("/members/no-such-member/"), 404),
    Case("a draft member's slug", get("/members/{site.draft.slug}/"), 404, absent=("Draft Town",)),
    Case("unknown article slug", get("/news/no-such-article/"), 404),
    Case("unknown event calendar file", get("/events/no-such-event.ics"), 404),
    Case("unknown cluster feed", get("/clusters/no-such-cluster/feed/"), 404),
    Case("unknown sitemap section", get("/sitemap-passwords.xml"), 404),
    Case("unknown API slug", get("/api/members/no-such-member/"), 404, check=json_error),
    Case("a draft member's API slug", get("/api/members/{site.draft.slug}/"), 404, check=json_error),
    Case("a tampered confirmation link", get("/submit/received/1:forged/"), 404),
    Case("a tampered update link", get("/submit/edit/forged-token/"), (400, 404, 410)),
    # The good-practice form, reached through an emailed link.
    Case("a good practice through a forged link", good_practice(token="forged-token"), 400, contains=("not valid",)),
    Case("a good practice through a used link", good_practice(used=True), 410, contains=("already been used",)),
    Case("a good-practice link for a draft member", method("POST", "/submit/solution/{site.draft.slug}/"), 404),
    Case(
        "a good practice with an unknown SDG target",
        good_practice(targets="11.2, 18.4"),
        400,
        contains=("18.4: not an SDG target code",),
    ),
    Case("a good practice with a SQL-ish target", good_practice(targets="11.2' OR 1=1 --"), 400),
    Case("a good practice with a year out of range", good_practice(first_year="99999999999999999999"), 400),
    Case("a good practice ending before it began", good_practice(last_year="2000"), 400),
    Case("a result year out of range", good_practice(**{"results-0-year": "1066"}), 400),
    Case("a result value of Infinity", good_practice(**{"results-0-value": "Infinity"}), 400),
    Case("eleven result rows", good_practice(**{"results-TOTAL_FORMS": "11"}), 400, contains=("at most 10 forms",)),
    Case("a result formset claiming 10**9 rows", good_practice(**{"results-TOTAL_FORMS": "1000000000"}), 400),
    Case("a result formset without its management form", good_practice(**{"results-TOTAL_FORMS": None}), 400),
    Case(
        "an unknown partner slug",
        good_practice(partners="no-such-member"),
        400,
        contains=("no-such-member: no member of the portal",),
    ),
    Case(
        "a draft member's slug as partner",
        good_practice(partners=lambda site: f"/members/{site.draft.slug}/"),
        400,
        contains=("draft-town: no member of the portal",),
        absent=("Draft Town",),
    ),
    Case(
        "a partner address on another host",
        good_practice(partners="https://evil.example/members/accra/"),
        400,
        contains=("not the address of a member&#x27;s profile on this portal",),
    ),
    Case(
        "<script> as a partner",
        good_practice(partners=XSS),
        400,
        contains=("&lt;script&gt;alert(1)&lt;/script&gt;: not the address",),
    ),
    Case(
        "eleven partners",
        good_practice(partners="\n".join(f"/members/member-{number}/" for number in range(11))),
        400,
        contains=("at most 10 partner members",),
    ),
    Case("a 60,000-character partner list", good_practice(partners=LONG_Q), 400, contains=("at most 2000 characters",)),
    Case("the honeypot filled in on a good practice", good_practice(fax_number="x"), 400),
    Case("<script> in a good practice's title", good_practice(title=XSS, consent=""), 400, absent=(XSS,)),
    Case(
        "status=published and another member smuggled into a good practice",
        good_practice(status="published", member=lambda site: site.draft.pk, lead_member=lambda site: site.draft.pk),
        302,
        saved=1,
        check=stored_good_practice_is_pending_and_names_the_member,
    ),
    # The exchange: its list, a post's page, expressions of interest, the partner space.
    Case(
        "60,000-character q on /exchange/",
        get(f"/exchange/?q={LONG_Q}"),
        200,
        contains=("200 characters",),
        check=answer_is_small,
    ),
    Case(
        "<script> as an /exchange/ type (echoed in a notice)",
        get(f"/exchange/?type={XSS}&format={ATTRIBUTE_XSS}"),
        200,
        contains=("was ignored",),
        absent=(XSS, "<img src=x"),
    ),
    Case(
        "sdg=18.4 and language=tlh on /exchange/",
        get("/exchange/?sdg=18.4&language=tlh"),
        200,
        contains=("was ignored",),
    ),
    Case(
        "page=999999999 on /exchange/", get("/exchange/?page=999999999"), 200, contains=("There is no page 999999999",)
    ),
    Case("type=anything on /api/exchange/", get("/api/exchange/?type=anything"), 422, check=json_error),
    Case("unknown exchange post", get("/exchange/no-such-post/"), 404),
    Case("unknown exchange post in the API", get("/api/exchange/no-such-post/"), 404, check=json_error),
    Case("interest in an unknown post", interest(slug="no-such-post"), 404),
    Case("interest in a met post", interest(slug="{site.closed_post.slug}"), 410, contains=("no longer",)),
    Case("interest with a forged form token", interest(form_token="forged"), 400, contains=("out of date",)),
    Case("interest with the honeypot filled in", interest(fax_number="+1 555 0100"), 400),
    Case("interest with a header injected in the email", interest(email="a@b.example\r\nBcc: x@y.example"), 400),
    Case(
        "interest with a line break in the name",
        interest(name="Fatmata\nBcc: x@y.example"),
        400,
        contains=("one line",),
    ),
    Case("interest with NUL in the organisation", interest(organisation="K\x00oidu"), 400),
    Case("interest with a 3,001-character proposal", interest(proposal="x" * 3001), 400),
    Case("interest with <script> and no answers", interest(organisation=XSS, proposal=""), 400, absent=(XSS,)),
    Case(
        "status=forwarded smuggled into an interest",
        interest(status="forwarded", from_member="1", post="999", reviewed_at="2020-01-01"),
        302,
        saved=1,
        check=lambda response, site: Interest.objects.filter(
            post=site.post, status="received", from_member=None, reviewed_at=None
        ).get(),
    ),
    Case("a forged partner sign-in link", get("/partner/sign-in/forged-token/"), 400, contains=("not valid",)),
    Case(
        "a partner sign-in link used as an edit link",
        lambda client, site: client.get(
            f"/submit/edit/{EditLink.objects.create(member=site.member, type=SIGN_IN).token()}/"
        ),
        400,
    ),
    Case(
        "a partner sign-in request for a malformed address",
        lambda client, site: client.post("/partner/sign-in/", {"email": "not an address\r\nBcc: x@y.example"}),
        400,
    ),
    Case("a partner POST without a partner session", method("POST", "/partner/posts/new/"), 403),
    Case(
        "a post with an unknown SDG target",
        partner_post(targets="11.6, 99.9"),
        400,
        contains=("99.9: not an SDG target code",),
    ),
    Case("a post with an unknown type and format", partner_post(type="anything", formats=["teleportation"]), 400),
    Case("a post with a cluster id of 20 digits", partner_post(clusters=["99999999999999999999"]), 400),
    Case("a post without consent", partner_post(consent=None), 400, contains=("agree to publication",)),
    Case("a post with the honeypot filled in", partner_post(fax_number="x"), 400),
    Case("a post with <script> as its title and no description", partner_post(title=XSS, description=""), 400),
    Case(
        "status=published and another member smuggled into a post",
        partner_post(status="published", member=lambda site: site.draft.pk, state="met"),
        302,
        saved=1,
        check=stored_post_is_pending_and_the_members,
    ),
    Case("an edit of an unknown post", partner_post(path="/partner/posts/99999999999999999999/edit/"), 404),
    Case(
        "state=expired on a post",
        partner_action("/partner/posts/{site.post.pk}/state/", state="expired"),
        409,
        check=unchanged_post,
    ),
    Case(
        "state=met' -- on a post",
        partner_action("/partner/posts/{site.post.pk}/state/", state="met'--"),
        409,
        check=unchanged_post,
    ),
    Case("renewing a met post", partner_action("/partner/posts/{site.closed_post.pk}/renew/"), 409),
    Case(
        "an outcome with NUL",
        partner_action("/partner/posts/{site.closed_post.pk}/outcome/", outcome="It went well\x00 in the end."),
        400,
    ),
    # Subscriptions: the form, its emailed links, the preferences page, "Remind me".
    Case("a subscription with a header injected in the email", subscribe(email="a@b.example\r\nBcc: x@y.example"), 400),
    Case("a subscription with <script> as the email", subscribe(email=XSS), 400, absent=(XSS,)),
    Case("a daily subscription to gossip", subscribe(frequency="daily", topics=["gossip"]), 400),
    Case("a subscription with language xx and cluster abc", subscribe(language="xx", clusters=["abc"]), 400),
    Case("a subscription with nothing to receive", subscribe(topics=None), 400, contains=("Tick at least one",)),
    Case("a subscription with the honeypot filled in", subscribe(fax_number="x"), 400),
    Case("a subscription with a forged form token", subscribe(form_token="forged"), 400, contains=("out of date",)),
    Case(
        "confirmed_at and a nonce smuggled into a subscription",
        subscribe(confirmed_at="2020-01-01T00:00:00Z", nonce="x" * 32, digest_since="2020-01-01", pending="{}"),
        302,
        saved=1,
        check=unconfirmed_and_only_the_confirmation_sent,
    ),
    Case("<script> as /subscribe/?cluster", get(f"/subscribe/?cluster={XSS}&cluster=waste"), 200, absent=(XSS,)),
    Case("a forged confirmation link", method("POST", "/subscribe/confirm/forged-token/"), 404),
    Case("a forged preferences link", get("/subscribe/preferences/forged-token/"), 404),
    Case("a forged data download link", get("/subscribe/preferences/forged-token/data.json"), 404),
    Case("a forged one-click unsubscribe", method("POST", "/subscribe/unsubscribe/forged-token/"), 404),
    Case(
        "a confirmation link used as a preferences link",
        lambda client, site: client.get(f"/subscribe/preferences/{site.subscriber.confirm_token()}/"),
        404,
    ),
    Case(
        "GET on the delete address",
        lambda c, s: c.get(f"/subscribe/preferences/{s.subscriber.link_token()}/delete/"),
        405,
    ),
    Case(
        "preferences: language xx, frequency daily, topics gossip",
        preferences(language="xx", frequency="daily", topics=["gossip"], clusters=["abc"]),
        400,
        check=subscriber_unchanged,
    ),
    Case("a reminder of an unknown event", remind(slug="no-such-event"), 404),
    Case("a reminder with the honeypot filled in", remind(fax_number="x"), 400),
    Case("a reminder with a header injected in the email", remind(email="a@b.example\r\nBcc: x@y.example"), 400),
    Case("a reminder in language xx", remind(language="xx"), 400),
    # Repeated and very many parameters.
    Case("country=BR ×1000 on /members/", get(repeated("/members/", "country", "BR")), 200),
    Case("cluster=x ×1000 on /news/", get(repeated("/news/", "cluster", "x")), 200),
    Case("kind=webinar ×1000 on /events/", get(repeated("/events/", "kind", "webinar")), 200),
    Case("sdg=11.2 ×1000 on /solutions/", get(repeated("/solutions/", "sdg", "11.2")), 200),
    Case("sdg=11.2 ×1000 on /exchange/", get(repeated("/exchange/", "sdg", "11.2")), 200),
    Case("unknown solution", get("/solutions/no-such-solution/"), 404),
    Case("unknown staff page", get("/no-such-page/"), 404),
    Case("q=city ×1000 on /search/", get(repeated("/search/", "q", "city")), 200),
    Case("country=GH ×1000 on the API", get(repeated("/api/members/", "country", "GH")), 200),
    Case("3,000 parameters on the API", get(repeated("/api/members/", "x", "1", 3000)), 400),
    # Methods and addresses meant to trick routing.
    *[
        Case(f"{verb} {url.replace('{site.member.slug}', '<slug>')}", method(verb, url), 405, check=plain_text_405)
        for verb, url in [
            ("TRACE", "/news/"),
            ("DELETE", "/news/"),
            ("TRACE", "/events/"),
            ("DELETE", "/search/"),
            ("DELETE", "/submit/"),
            ("DELETE", "/members/{site.member.slug}/"),
            ("TRACE", "/api/members/"),
            ("DELETE", "/api/members/{site.member.slug}/"),
        ]
    ],
    Case(
        "//evil.example as a path (slash-appending redirect)",
        lambda client, site: client.get("/", PATH_INFO="//evil.example"),
        404,
    ),
    # Headers.
    Case("Host: evil.example on a page", get("/members/", host="evil.example"), 400, absent=("evil.example",)),
    Case("Host: evil.example on the API", get("/api/members/", host="evil.example"), 400),
    Case("Host with a port and userinfo", get("/", host="testserver@evil.example:80"), 400),
    Case(
        "X-Forwarded-Host: evil.example",
        get("/members/", x_forwarded_host="evil.example"),
        200,
        check=canonical_is_ours,
    ),
    Case(
        "Accept-Language garbage",
        get("/members/", accept_language=";;q=x,,zz-ZZZZZZZZZZ;q=9e99,*;q=-1," + "x" * 5000),
        200,
        contains=('lang="en"',),
    ),
    Case("10 KB User-Agent", get("/news/", user_agent="Mozilla/5.0 " + "A" * 10_240), 200),
    Case(
        "Cookie garbage",
        get("/members/", cookie='sessionid=%%%; csrftoken=<script>; =; ;;; a="b\\"c; \x7f=1; messages=forged'),
        200,
    ),
    Case(
        "a forged session cookie on /admin/",
        get("/admin/", cookie="sessionid=forged-session-key"),
        302,
        check=location_is_on_site,
    ),
    Case("Range: bytes=0-10 on a page", get("/members/", range="bytes=0-10"), 200, check=full_page_not_a_range),
    Case("Range: bytes=-1,0-,x on the API", get("/api/members/", range="bytes=-1,0-,x"), 200),
    Case("If-None-Match garbage on the API", get("/api/members/", if_none_match='"' + "x" * 5000), 200),
    # Login redirects.
    Case("?next=//evil.example on the admin login", sign_in("//evil.example"), 302, check=signed_in),
    Case("?next=javascript:alert(1) on the admin login", sign_in("javascript:alert(1)"), 302, check=signed_in),
    Case("?next=https://evil.example on the admin login", sign_in("https://evil.example/"), 302, check=signed_in),
    Case("?next=/\\evil.example on the admin login", sign_in("/\\evil.example"), 302, check=signed_in),
    Case("?next= with CR/LF (response splitting)", sign_in("/\r\nSet-Cookie: x=1"), 302, check=no_split_response),
    # Forms.
    Case("POST /submit/ without a CSRF token", submit(client_factory=lambda: Client(enforce_csrf_checks=True)), 403),
    Case(
        "extra fields status=published, reviewed_by, member, type, revises",
        submit(
            status="published",
            reviewed_by=lambda site: site.staff.pk,
            reviewed_at="2020-01-01T00:00:00Z",
            member=lambda site: site.member.pk,
            type="update",
            revises="1",
            decision_note="approved already",
            is_superuser="on",
        ),
        302,
        saved=1,
        check=stored_submission_is_pending_unreviewed_and_new,
    ),
    Case(
        "CR/LF in the name (header injection)", submit(name="Town\r\nBcc: all@example.org"), 400, contains=("one line",)
    ),
    Case("CR/LF in the contact name", submit(contact_name="Ama\r\nSubject: hacked"), 400, contains=("one line",)),
    Case("CR/LF in the contact email", submit(contact_email="ama@example.org\r\nBcc: all@example.org"), 400),
    Case(
        "NUL in the description", submit(description="A municipal assembly\x00 that hides a NUL in its text here."), 400
    ),
    Case("<script> in the name is escaped when shown back", submit(name=XSS, consent=""), 400, absent=(XSS,)),
    Case("a draft cluster's id", submit(clusters=lambda site: [ClusterFactory(status="draft").pk]), 400),
    Case("the honeypot filled in", submit(fax_number="+1 555 0100"), 400),
    Case("a forged form token", submit(form_token="../../etc/passwd"), 400, contains=("out of date",)),
    Case("a JSON body to /submit/", submit_raw(b'{"name": "x", "status": "published"}', "application/json"), 400),
    Case("a multipart body without a boundary", submit_raw(b"--x\r\n\r\n", "multipart/form-data"), 400),
    Case("a 7 MB POST body", submit(description="x" * 7 * 1024 * 1024), 400),
    Case(
        "X-Forwarded-For spoofing does not reset the rate limit",
        six_submissions_with_spoofed_forwarded_for,
        429,
        saved=5,
    ),
    Case("POST to a public list", lambda client, site: client.post("/members/", {"q": "x"}), 405),
    # Uploads.
    Case(
        "decompression bomb: PNG header claiming 50,000 × 50,000",
        submit(logo={"content": png_claiming(50_000, 50_000)}),
        400,
        contains=("far too many pixels",),
    ),
    Case(
        "polyglot: JPEG with a zip and a script appended",
        submit(
            logo={"content": image_bytes("JPEG") + POLYGLOT_PAYLOAD, "name": "logo.jpg", "content_type": "image/jpeg"}
        ),
        302,
        saved=1,
        check=stored_logo_is_clean_and_renamed,
    ),
    Case(
        "polyglot: HTML page named .png",
        submit(logo={"content": b"<html><script>alert(1)</script>", "name": "logo.png"}),
        400,
    ),
    Case(
        "SVG with a script",
        submit(logo={"content": SVG_WITH_SCRIPT, "name": "logo.svg", "content_type": "image/svg+xml"}),
        400,
        contains=("SVG files are not accepted",),
    ),
    Case(
        "filename with ../",
        submit(logo={"content": image_bytes("PNG"), "name": "../../../../tmp/escaped.png"}),
        302,
        saved=1,
        check=stored_logo_is_clean_and_renamed,
    ),
    Case(
        "filename with ..\\ and a NUL",
        submit(logo={"content": image_bytes("PNG"), "name": "..\\..\\evil\x00.png"}),
        302,
        saved=1,
        check=stored_logo_is_clean_and_renamed,
    ),
    Case(
        "a PNG whose chunk lengths lie",
        submit(logo={"content": image_bytes("PNG")[:33] + struct.pack(">I", 2**31 - 1) + b"IDAT" + b"\0" * 64}),
        400,
    ),
]


# These tests store uploads in a MEDIA_ROOT of their own. The URLconf is imported above, at
# collection, so its /media/ route keeps the real MEDIA_ROOT (it reads the setting when imported).
@pytest.fixture
def site(db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.TRUSTED_PROXY_COUNT = 0
    cluster = ClusterFactory(slug="waste")
    member = MemberFactory(name="Accra", slug="accra", country="GH")
    draft = MemberFactory(name="Draft Town", slug="draft-town", status="draft", country="GH")
    MembershipFactory(cluster=cluster, member=member)
    MembershipFactory(cluster=cluster, member=draft)
    article = ArticleFactory()
    article.clusters.add(cluster)
    article.categories.add(CategoryFactory(slug="news"))
    event = EventFactory()
    event.clusters.add(cluster)
    staff = UserFactory()
    member.contact_email = "contact@accra.example"
    member.save()
    post = make_post(member=member, type="offering-expertise", clusters=[cluster], slug="gas-capture")
    closed_post = make_post(member=member, state=PostState.MET, slug="met-post")
    subscriber = Subscriber.objects.create(
        email="confirmed@accra.example", topics=["news"], confirmed_at=timezone.now(), digest_since=timezone.now()
    )
    subscriber.clusters.set([cluster])
    return Site(cluster, member, draft, article, event, staff, tmp_path / "media", post, closed_post, subscriber)


def sent_by_visitors():
    """Rows a request of a partner or a visitor can create: submissions, interests, subscriptions."""
    return sum(model.objects.count() for model in (ProfileSubmission, Interest, Subscriber, Reminder))


def files_under(root):
    return sorted(path for path in Path(root).rglob("*") if path.is_file())


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_hostile_input_gets_its_safe_outcome(client, site, case, tmp_path, django_capture_on_commit_callbacks):
    before = sent_by_visitors()
    with django_capture_on_commit_callbacks(execute=True):
        response = case.send(client, site)

    expected = case.status if isinstance(case.status, tuple) else (case.status,)
    assert response.status_code in expected, (response.status_code, response.content[:500])
    body = response.content.decode("utf-8", "replace")
    for text in case.contains:
        assert text in body, text
    for text in case.absent:
        assert text not in body, text
    if response.get("Content-Type", "").startswith("text/html"):
        assert XSS not in body
    if response.status_code in (301, 302, 303, 307, 308):
        location_is_on_site(response, site)
    if case.check:
        case.check(response, site)

    # Nothing saved that should not be, nothing half-saved, no stray file anywhere.
    assert sent_by_visitors() - before == case.saved
    logos = {submission.logo.name for submission in ProfileSubmission.objects.exclude(logo="")}
    variant_folders = {f"variants/{name.rsplit('.', 1)[0]}/" for name in logos}
    assert all(site.media in path.parents for path in files_under(tmp_path)), files_under(tmp_path)
    for path in files_under(site.media):
        name = path.relative_to(site.media).as_posix()
        assert name in logos or any(name.startswith(folder) for folder in variant_folders), name
    assert all((site.media / name).is_file() for name in logos)
    if case.saved == 0:
        assert mail.outbox == []


def test_the_table_is_large_and_covers_every_kind_of_input():
    assert len(CASES) >= 45
    names = " ".join(case.name for case in CASES)
    for kind in ("%00", "UTF-8", "60,000", "Host", "next=", "CSRF", "status=published", "bomb", "polyglot", "SVG"):
        assert kind in names, kind
    assert len({case.name for case in CASES}) == len(CASES)
