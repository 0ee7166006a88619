"""Updates by signed link: only the contact on file gets one; it works once and for 7 days."""

import re
import time
from unittest import mock

import pytest
from django.core import mail, signing
from django.urls import reverse

from submissions.models import EDIT_LINK_SALT, EditLink, ProfileSubmission

from .factories import ClusterFactory, MemberFactory, MembershipFactory
from .submission_helpers import empty_cache, form_data  # noqa: F401 (fixture)

SECRET_ADDRESS = "mayor-office@afadzato.example"
DAY = 24 * 60 * 60


@pytest.fixture
def member(db):
    member = MemberFactory(name="Afadzato South", contact_name="Kofi", contact_email=SECRET_ADDRESS)
    MembershipFactory(member=member, cluster=ClusterFactory(name="Waste"), is_featured=False)
    return member


def request_link(client, capture, member, **extra):
    with capture(execute=True):
        return client.post(reverse("submissions:request_update", args=[member.slug]), **extra)


def emailed_link(message):
    return re.search(r"http://[^\s]+/submit/edit/[^\s]+/", message.body).group(0).split("8000", 1)[1]


@pytest.mark.django_db
def test_the_request_page_never_shows_the_address_on_file(client, member, django_capture_on_commit_callbacks):
    page = client.get(reverse("submissions:request_update", args=[member.slug]))
    assert page.status_code == 200
    assert SECRET_ADDRESS not in page.text
    assert "mayor-office" not in page.text
    response = request_link(client, django_capture_on_commit_callbacks, member)
    assert response.status_code == 302
    sent = client.get(response["Location"])
    assert "Check your inbox" in sent.text
    assert SECRET_ADDRESS not in sent.text


@pytest.mark.django_db
def test_requesting_a_link_emails_the_contact_on_file(client, member, django_capture_on_commit_callbacks):
    request_link(client, django_capture_on_commit_callbacks, member)
    (message,) = mail.outbox
    assert message.to == [SECRET_ADDRESS]
    assert "Afadzato South" in message.subject
    assert "/submit/edit/" in message.body
    assert "7 days" in message.body


@pytest.mark.django_db
def test_a_member_without_a_contact_gets_the_same_answer_and_no_email(client, django_capture_on_commit_callbacks):
    member = MemberFactory(contact_email="")
    response = request_link(client, django_capture_on_commit_callbacks, member)
    assert response.status_code == 302
    assert "Check your inbox" in client.get(response["Location"]).text
    assert mail.outbox == []
    assert not EditLink.objects.exists()


@pytest.mark.django_db
def test_no_link_can_be_requested_for_an_unpublished_member(client, django_capture_on_commit_callbacks):
    member = MemberFactory(status="draft", contact_email=SECRET_ADDRESS)
    assert client.get(reverse("submissions:request_update", args=[member.slug])).status_code == 404
    assert request_link(client, django_capture_on_commit_callbacks, member).status_code == 404
    assert mail.outbox == []


@pytest.mark.django_db
def test_link_requests_are_rate_limited_per_profile(client, member, django_capture_on_commit_callbacks):
    for number in range(3):
        request_link(client, django_capture_on_commit_callbacks, member, REMOTE_ADDR=f"203.0.113.{number}")
    response = request_link(client, django_capture_on_commit_callbacks, member, REMOTE_ADDR="203.0.113.50")
    assert response.status_code == 429
    assert "Too many requests" in response.text
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_the_link_opens_the_form_filled_with_the_current_profile(client, member, django_capture_on_commit_callbacks):
    request_link(client, django_capture_on_commit_callbacks, member)
    page = client.get(emailed_link(mail.outbox[0]))
    assert page.status_code == 200
    form = page.context["form"]
    assert form["name"].value() == "Afadzato South"
    assert form["locality"].value() == member.locality
    assert [str(pk) for pk in form["clusters"].value()] == [str(member.clusters.get().pk)]
    assert "Update the profile of Afadzato South" in page.text


@pytest.mark.django_db
def test_sending_the_form_through_the_link_creates_an_update_submission(
    client, member, django_capture_on_commit_callbacks
):
    request_link(client, django_capture_on_commit_callbacks, member)
    link = emailed_link(mail.outbox[0])
    data = form_data(member.clusters.all(), name="Afadzato South District", contact_email=SECRET_ADDRESS)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link, data)
    assert response.status_code == 302
    submission = ProfileSubmission.objects.get()
    assert submission.type == "update"
    assert submission.member == member
    assert submission.status == "pending"
    assert EditLink.objects.get().used_for == submission
    member.refresh_from_db()
    assert member.name == "Afadzato South"  # unchanged until a moderator approves


@pytest.mark.django_db
def test_a_used_link_is_refused_with_a_clear_page(client, member, django_capture_on_commit_callbacks):
    request_link(client, django_capture_on_commit_callbacks, member)
    link = emailed_link(mail.outbox[0])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link, form_data(member.clusters.all()))
    again = client.get(link)
    assert again.status_code == 410
    assert "This link has already been used" in again.text
    with django_capture_on_commit_callbacks(execute=True):
        reused = client.post(link, form_data(member.clusters.all()))
    assert reused.status_code == 410
    assert ProfileSubmission.objects.count() == 1


@pytest.mark.django_db
def test_sending_the_link_form_twice_makes_one_submission(client, member, django_capture_on_commit_callbacks):
    request_link(client, django_capture_on_commit_callbacks, member)
    link = emailed_link(mail.outbox[0])
    data = form_data(member.clusters.all())
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(link, data)
        second = client.post(link, data)
    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    assert ProfileSubmission.objects.count() == 1


def link_issued_ago(member, seconds):
    """A link as if it had been signed `seconds` ago (the signature carries its own timestamp)."""
    link = EditLink.objects.create(member=member)
    with mock.patch("django.core.signing.time.time", return_value=time.time() - seconds):
        return reverse("submissions:edit", args=[link.token()])


@pytest.mark.django_db
def test_an_expired_link_is_refused_with_a_clear_page(client, member, django_capture_on_commit_callbacks):
    link = link_issued_ago(member, DAY * 7 + 60)
    page = client.get(link)
    with django_capture_on_commit_callbacks(execute=True):
        posted = client.post(link, form_data(member.clusters.all()))
    assert page.status_code == 410
    assert "This link has expired" in page.text
    assert posted.status_code == 410
    assert not ProfileSubmission.objects.exists()


@pytest.mark.django_db
def test_a_link_still_works_on_its_last_day(client, member):
    assert client.get(link_issued_ago(member, DAY * 7 - 3600)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("tamper", ["change_id", "change_signature", "garbage", "other_salt"])
def test_a_tampered_link_is_refused(client, member, django_capture_on_commit_callbacks, tamper):
    other = MemberFactory(contact_email="other@example.org")
    target = EditLink.objects.create(member=other)
    request_link(client, django_capture_on_commit_callbacks, member)
    token = emailed_link(mail.outbox[0]).split("/")[-2]
    value, timestamp, signature = token.rsplit(":", 2)
    forged = {
        # the other member's link id with this link's signature
        "change_id": signing.b64_encode(b'{"id":%d,"n":"%s"}' % (target.pk, b"x" * 32)).decode()
        + f":{timestamp}:{signature}",
        "change_signature": f"{value}:{timestamp}:{signature[:-3]}abc",
        "garbage": "not-a-token",
        # a correctly signed value from elsewhere in the portal must not pass for a link
        "other_salt": signing.TimestampSigner(salt="something.else").sign_object({"id": target.pk, "n": "x"}),
    }[tamper]
    response = client.get(reverse("submissions:edit", args=[forged]))
    assert response.status_code == 400
    assert "This link is not valid" in response.text
    with django_capture_on_commit_callbacks(execute=True):
        posted = client.post(reverse("submissions:edit", args=[forged]), form_data())
    assert posted.status_code == 400
    assert not ProfileSubmission.objects.exists()


@pytest.mark.django_db
def test_a_correctly_signed_token_with_the_wrong_nonce_is_refused(client, member):
    link = EditLink.objects.create(member=member)
    forged = signing.TimestampSigner(salt=EDIT_LINK_SALT).sign_object({"id": link.pk, "n": "guessed"})
    assert client.get(reverse("submissions:edit", args=[forged])).status_code == 400


@pytest.mark.django_db
def test_without_a_link_nobody_can_propose_an_update(client, member, django_capture_on_commit_callbacks):
    # The public form only ever makes new-profile submissions, whatever is posted.
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/submit/", {**form_data(), "member": member.pk, "type": "update"})
    submission = ProfileSubmission.objects.get()
    assert submission.type == "new"
    assert submission.member is None


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 30])
def test_the_link_form_queries_do_not_grow(client, count, django_assert_max_num_queries):
    member = MemberFactory(contact_email=SECRET_ADDRESS)
    for _ in range(count):
        MembershipFactory(member=member)
    token = EditLink.objects.create(member=member).token()
    with django_assert_max_num_queries(4):
        response = client.get(reverse("submissions:edit", args=[token]))
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 30])
def test_the_request_page_queries_do_not_grow(client, count, django_assert_max_num_queries):
    member = MemberFactory()
    for _ in range(count):
        MembershipFactory(member=member)
    with django_assert_max_num_queries(2):
        response = client.get(reverse("submissions:request_update", args=[member.slug]))
    assert response.status_code == 200
