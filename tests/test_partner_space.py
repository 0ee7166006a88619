"""The partner space: signing in by emailed link, posting through moderation, looking after posts."""

import datetime as dt
import re
import time
import uuid
from unittest import mock

import pytest
from django.core import mail, signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from exchange.models import Post, PostState, Suggestion
from submissions import services
from submissions.models import EDIT_LINK_SALT, SIGN_IN, EditLink, ProfileSubmission

from .factories import ClusterFactory, MemberFactory

SECRET_ADDRESS = "mayor-office@keta.example"
DAY = 24 * 60 * 60


@pytest.fixture
def member(db):
    return MemberFactory(name="Keta Municipal Assembly", contact_name="Kofi", contact_email=SECRET_ADDRESS)


def ask_for_link(client, capture, address=SECRET_ADDRESS, **extra):
    with capture(execute=True):
        return client.post(reverse("partners:sign_in"), {"email": address}, **extra)


def emailed_link(message):
    return re.search(r"http://[^\s]+/partner/sign-in/[^\s]+", message.body).group(0).split("8000", 1)[1]


def sign_in_by_link(client, capture, address=SECRET_ADDRESS):
    mail.outbox.clear()
    ask_for_link(client, capture, address)
    link = emailed_link(mail.outbox[-1])
    response = client.post(link)
    assert response.status_code == 302
    return response


def post_data(**overrides):
    data = {
        "type": "offering-expertise",
        "title": "Landfill gas capture expertise",
        "description": "Keta has run a landfill gas capture plant for six years and trains other assemblies.",
        "details": "Two engineers for an expert mission of two weeks.",
        "targets": "11.6, 12.5",
        "formats": ["expert-mission", "online"],
        "languages": ["en", "fr"],
        "language": "en",
        "consent": "on",
        "fax_number": "",
        "form_token": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def make_post(member, **fields):
    values = {
        "type": "seeking-expertise",
        "title": f"A post of {member.name}",
        "slug": f"post-{uuid.uuid4().hex[:10]}",
        "description": "What we are working on and why we need help.",
        "details": "Expertise in composting.",
        "status": "published",
        "published_at": timezone.now() - dt.timedelta(days=1),
    }
    values.update(fields)
    return Post.objects.create(member=member, **values)


# Signing in


@pytest.mark.django_db
def test_asking_for_a_link_emails_the_address_on_file_and_never_shows_it(
    client, member, django_capture_on_commit_callbacks
):
    page = client.get(reverse("partners:sign_in"))
    assert page.status_code == 200
    response = ask_for_link(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    sent = client.get(response["Location"])
    assert "If this address is a member's contact on file, a sign-in link is on its way" in sent.text
    assert SECRET_ADDRESS not in sent.text
    (message,) = mail.outbox
    assert message.to == [SECRET_ADDRESS]
    assert "Keta Municipal Assembly" in message.subject
    assert "/partner/sign-in/" in message.body
    assert EditLink.objects.get().type == SIGN_IN


@pytest.mark.django_db
def test_an_address_not_on_file_gets_the_same_answer_and_no_email(client, member, django_capture_on_commit_callbacks):
    known = ask_for_link(client, django_capture_on_commit_callbacks)
    unknown = ask_for_link(client, django_capture_on_commit_callbacks, "nobody@elsewhere.example")
    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"]
    assert len(mail.outbox) == 1
    assert EditLink.objects.count() == 1


@pytest.mark.django_db
def test_a_draft_member_gets_no_link(client, django_capture_on_commit_callbacks):
    MemberFactory(status="draft", contact_email=SECRET_ADDRESS)
    assert ask_for_link(client, django_capture_on_commit_callbacks).status_code == 302
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_malformed_address_is_refused_with_a_message(client, django_capture_on_commit_callbacks):
    response = ask_for_link(client, django_capture_on_commit_callbacks, "not an address\r\nBcc: x@y.example")
    assert response.status_code == 400
    assert "Please correct the following" in response.text
    assert mail.outbox == []


@pytest.mark.django_db
def test_link_requests_are_rate_limited_per_address(client, member, django_capture_on_commit_callbacks):
    for number in range(3):
        ask_for_link(client, django_capture_on_commit_callbacks, REMOTE_ADDR=f"203.0.113.{number}")
    capture = django_capture_on_commit_callbacks
    response = ask_for_link(client, capture, SECRET_ADDRESS.upper(), REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 429
    assert "Too many requests" in response.text
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_link_requests_are_rate_limited_per_client(client, member, django_capture_on_commit_callbacks):
    for number in range(5):
        ask_for_link(client, django_capture_on_commit_callbacks, f"someone{number}@elsewhere.example")
    response = ask_for_link(client, django_capture_on_commit_callbacks)
    assert response.status_code == 429
    assert mail.outbox == []


@pytest.mark.django_db
def test_opening_the_link_does_not_sign_in_nor_spend_it(client, member, django_capture_on_commit_callbacks):
    ask_for_link(client, django_capture_on_commit_callbacks)
    link = emailed_link(mail.outbox[0])
    page = client.get(link)
    assert page.status_code == 200
    assert "Sign in" in page.text
    assert EditLink.objects.get().used_at is None
    assert client.get(reverse("partners:home")).status_code == 302  # still signed out


@pytest.mark.django_db
def test_the_link_signs_in_once_under_a_new_session_key(client, member, django_capture_on_commit_callbacks):
    client.get(reverse("partners:sign_in"))
    ask_for_link(client, django_capture_on_commit_callbacks)
    before = client.session.session_key
    link = emailed_link(mail.outbox[0])
    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == reverse("partners:home")
    assert client.session.session_key != before
    home = client.get(reverse("partners:home"))
    assert home.status_code == 200
    assert "Keta Municipal Assembly" in home.text
    assert SECRET_ADDRESS not in home.text
    client.post(reverse("partners:sign_out"))
    again = client.post(link)
    assert again.status_code == 410
    assert "This link has already been used" in again.text
    assert client.get(reverse("partners:home")).status_code == 302


@pytest.mark.django_db
def test_an_expired_link_is_refused_with_a_message(client, member, django_capture_on_commit_callbacks):
    ask_for_link(client, django_capture_on_commit_callbacks)
    link = emailed_link(mail.outbox[0])
    with mock.patch("django.core.signing.time.time", return_value=time.time() + 8 * DAY):
        response = client.post(link)
    assert response.status_code == 410
    assert "This link has expired" in response.text
    assert client.get(reverse("partners:home")).status_code == 302


@pytest.mark.django_db
def test_a_tampered_link_is_refused_with_a_message(client, member, django_capture_on_commit_callbacks):
    ask_for_link(client, django_capture_on_commit_callbacks)
    link = emailed_link(mail.outbox[0])
    token = link.rstrip("/").rsplit("/", 1)[1]
    forged = signing.TimestampSigner(salt="another").sign_object({"id": EditLink.objects.get().pk, "n": "x"})
    for bad in (token[:-3] + "abc", forged, "nonsense"):
        response = client.post(reverse("partners:sign_in_link", args=[bad]))
        assert response.status_code == 400
        assert "This link is not valid" in response.text
    assert client.get(reverse("partners:home")).status_code == 302


@pytest.mark.django_db
def test_an_update_link_does_not_sign_in_and_a_sign_in_link_opens_no_form(
    client, member, django_capture_on_commit_callbacks
):
    update = EditLink.objects.create(member=member, type="update")
    assert client.post(reverse("partners:sign_in_link", args=[update.token()])).status_code == 400
    sign_in = EditLink.objects.create(member=member, type=SIGN_IN)
    assert client.get(reverse("submissions:edit", args=[sign_in.token()])).status_code == 400
    token = signing.TimestampSigner(salt=EDIT_LINK_SALT).sign_object({"id": sign_in.pk, "n": sign_in.nonce})
    assert client.post(reverse("partners:sign_in_link", args=[token])).status_code == 302


@pytest.mark.django_db
def test_a_partner_session_is_not_a_staff_session(client, member, django_capture_on_commit_callbacks):
    sign_in_by_link(client, django_capture_on_commit_callbacks)
    admin = client.get(reverse("admin:index"))
    assert admin.status_code == 302
    assert "/login/" in admin["Location"]
    assert "_auth_user_id" not in client.session
    queue = client.get(reverse("admin:submissions_profilesubmission_changelist"))
    assert queue.status_code == 302


@pytest.mark.django_db
def test_a_changed_contact_ends_the_partner_session(client, member, django_capture_on_commit_callbacks):
    sign_in_by_link(client, django_capture_on_commit_callbacks)
    member.contact_email = "new-contact@keta.example"
    member.save()
    assert client.get(reverse("partners:home")).status_code == 302


@pytest.mark.django_db
def test_signing_in_leads_back_to_the_page_asked_for_but_never_elsewhere(
    client, member, django_capture_on_commit_callbacks
):
    post = make_post(member)
    wanted = reverse("partners:post_detail", args=[post.pk])
    redirect = client.get(wanted)
    assert redirect.status_code == 302
    form = client.get(redirect["Location"])
    assert form.context["form"]["next"].value() == wanted
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("partners:sign_in"), {"email": SECRET_ADDRESS, "next": wanted})
    link = emailed_link(mail.outbox[0])
    assert client.post(link)["Location"] == wanted

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("partners:sign_in"), {"email": SECRET_ADDRESS, "next": "//evil.example/partner/"})
    link = emailed_link(mail.outbox[0])
    assert client.post(link, {"next": "https://evil.example/"})["Location"] == reverse("partners:home")


@pytest.mark.django_db
def test_a_post_without_a_partner_session_saves_nothing(client, member):
    post = make_post(member)
    response = client.post(reverse("partners:post_state", args=[post.pk]), {"state": "withdrawn"})
    assert response.status_code == 403
    assert "You are not signed in" in response.text
    post.refresh_from_db()
    assert post.state == PostState.OPEN


# Posting through moderation


@pytest.fixture
def partner(client, member, django_capture_on_commit_callbacks):
    sign_in_by_link(client, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    return client


@pytest.mark.django_db
def test_posting_stores_a_pending_submission_and_nothing_public(
    partner, member, moderator, django_capture_on_commit_callbacks
):
    waste = ClusterFactory(name="Waste")
    form = partner.get(reverse("partners:post_new"))
    assert form.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = partner.post(reverse("partners:post_new"), post_data(clusters=[waste.pk]))
    assert response.status_code == 302
    submission = ProfileSubmission.objects.get()
    assert submission.type == "post"
    assert submission.status == "pending"
    assert submission.member == member
    assert submission.contact_email == SECRET_ADDRESS
    assert submission.post is None
    assert submission.post_fields["targets"] == ["11.6", "12.5"]
    assert list(submission.clusters.all()) == [waste]
    assert not Post.objects.exists()
    assert {tuple(message.to) for message in mail.outbox} == {(SECRET_ADDRESS,), (moderator.email,)}
    home = partner.get(reverse("partners:home"))
    assert "Landfill gas capture expertise" in home.text
    assert "Pending" in home.text
    assert "Landfill gas capture" not in partner.get(reverse("exchange:list")).text


@pytest.mark.django_db
def test_a_form_sent_twice_makes_one_submission(partner, django_capture_on_commit_callbacks):
    data = post_data()
    with django_capture_on_commit_callbacks(execute=True):
        partner.post(reverse("partners:post_new"), data)
        second = partner.post(reverse("partners:post_new"), data)
    assert second.status_code == 302
    assert ProfileSubmission.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("targets", "11.6, 99.9", "99.9: not an SDG target code"),
        ("type", "anything", "Select a valid choice"),
        ("formats", ["teleportation"], "Select a valid choice"),
        ("languages", ["tlh"], "Select a valid choice"),
        ("title", "Two\nlines", "Please keep this field on one line"),
        ("description", "short", "Ensure this value has at least 40 characters"),
        ("consent", "", "Please agree to publication"),
        ("clusters", ["99999999999999999999999"], "is not a valid value"),
        ("fax_number", "+1 555", "a field meant to stay empty was filled in"),
    ],
)
def test_bad_post_input_is_refused_with_a_message_and_saves_nothing(partner, field, value, message):
    response = partner.post(reverse("partners:post_new"), post_data(**{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ProfileSubmission.objects.exists()


@pytest.mark.django_db
def test_approval_publishes_the_post_and_computes_its_suggestions(
    partner, member, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        partner.post(reverse("partners:post_new"), post_data())
    submission = ProfileSubmission.objects.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        post = services.approve(submission=submission, reviewer=moderator)
    assert Post.objects.get(pk=post.pk).matched_at is not None  # its suggestions were computed after the commit
    assert post.member == member
    assert post.state == PostState.OPEN
    assert post.is_listed
    assert post.expires_on > timezone.localdate() + dt.timedelta(days=170)
    assert sorted(post.targets.values_list("code", flat=True)) == ["11.6", "12.5"]
    assert sorted(post.formats.values_list("code", flat=True)) == ["expert-mission", "online"]
    assert sorted(post.languages.values_list("code", flat=True)) == ["en", "fr"]
    submission.refresh_from_db()
    assert submission.post == post
    (decision,) = mail.outbox
    assert decision.to == [SECRET_ADDRESS]
    assert "is published" in decision.subject
    assert post.get_absolute_url() in decision.body
    assert post in Post.objects.listed()
    assert "Landfill gas capture expertise" in partner.get(reverse("partners:home")).text


@pytest.mark.django_db
def test_an_edit_waits_for_review_then_approval_updates_the_post(
    partner, member, moderator, django_capture_on_commit_callbacks
):
    post = make_post(member, title="Composting expertise sought")
    form = partner.get(reverse("partners:post_edit", args=[post.pk]))
    assert form.context["form"]["title"].value() == "Composting expertise sought"
    with django_capture_on_commit_callbacks(execute=True):
        partner.post(
            reverse("partners:post_edit", args=[post.pk]), post_data(title="Composting and biogas expertise sought")
        )
    submission = ProfileSubmission.objects.get()
    assert submission.post == post
    post.refresh_from_db()
    assert post.title == "Composting expertise sought"  # unchanged until approved
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(submission=submission, reviewer=moderator)
    post.refresh_from_db()
    assert post.title == "Composting and biogas expertise sought"
    assert post.type == "offering-expertise"
    assert Post.objects.count() == 1


@pytest.mark.django_db
def test_the_review_page_shows_a_post_edit_beside_the_post(partner, member, moderator_client):
    post = make_post(member, title="Composting expertise sought")
    partner.post(reverse("partners:post_edit", args=[post.pk]), post_data(title="Biogas expertise sought"))
    submission = ProfileSubmission.objects.get()
    page = moderator_client.get(reverse("admin:submissions_profilesubmission_change", args=[submission.pk]))
    assert page.status_code == 200
    assert "Proposed changes beside the post as it is" in page.text
    assert "What is sought or offered" in page.text
    assert "Expert mission" in page.text
    assert "<del>Composting</del>" in page.text


@pytest.mark.django_db
def test_changes_requested_to_a_post_are_revised_in_the_partner_space(
    partner, member, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        partner.post(reverse("partners:post_new"), post_data())
    submission = ProfileSubmission.objects.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_changes(submission=submission, reviewer=moderator, message="Please name the city.")
    (message,) = mail.outbox
    revise = reverse("partners:revise", args=[submission.pk])
    assert revise in message.body
    assert not EditLink.objects.filter(submission=submission).exists()
    form = partner.get(revise)
    assert "Please name the city." in form.text
    with django_capture_on_commit_callbacks(execute=True):
        partner.post(revise, post_data(title="Keta: landfill gas capture expertise"))
    revision = ProfileSubmission.objects.get(revises=submission)
    assert revision.status == "pending"
    assert partner.get(revise).status_code == 302  # already revised


# Looking after a post


@pytest.mark.django_db
def test_renewing_gives_six_more_months_without_moderation(partner, member):
    post = make_post(member, expires_on=timezone.localdate() + dt.timedelta(days=3), reminded_days=14)
    response = partner.post(reverse("partners:post_renew", args=[post.pk]))
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.expires_on > timezone.localdate() + dt.timedelta(days=170)
    assert post.reminded_days is None
    assert not ProfileSubmission.objects.exists()


@pytest.mark.django_db
def test_a_closed_post_cannot_be_renewed(partner, member):
    post = make_post(member, state=PostState.WITHDRAWN, expires_on=timezone.localdate())
    response = partner.post(reverse("partners:post_renew", args=[post.pk]))
    assert response.status_code == 409
    assert "cannot be renewed" in response.text
    post.refresh_from_db()
    assert post.expires_on == timezone.localdate()


@pytest.mark.django_db
def test_marking_a_post_met_asks_what_came_of_it(partner, member, django_capture_on_commit_callbacks):
    post = make_post(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = partner.post(reverse("partners:post_state", args=[post.pk]), {"state": "met"})
    outcome_url = reverse("partners:post_outcome", args=[post.pk])
    assert response["Location"] == outcome_url
    post.refresh_from_db()
    assert post.state == PostState.MET
    assert post.follow_up_sent_at is not None
    assert not post.is_listed
    (message,) = mail.outbox
    assert message.to == [SECRET_ADDRESS]
    assert outcome_url in message.body
    answer = "We worked with Koidu for two weeks; their plant now captures methane."
    assert partner.post(outcome_url, {"outcome": answer}).status_code == 302
    post.refresh_from_db()
    assert post.outcome == answer
    assert partner.post(outcome_url, {"outcome": "bad\x00"}).status_code == 400


@pytest.mark.django_db
def test_state_changes_need_no_moderation_and_refuse_unknown_states(partner, member):
    post = make_post(member)
    partner.post(reverse("partners:post_state", args=[post.pk]), {"state": "discussion"})
    post.refresh_from_db()
    assert post.state == PostState.IN_DISCUSSION
    for bad in ("expired", "published", "", "met'--"):
        assert partner.post(reverse("partners:post_state", args=[post.pk]), {"state": bad}).status_code == 409
    post.refresh_from_db()
    assert post.state == PostState.IN_DISCUSSION
    partner.post(reverse("partners:post_state", args=[post.pk]), {"state": "withdrawn"})
    assert partner.post(reverse("partners:post_state", args=[post.pk]), {"state": "open"}).status_code == 409
    assert not ProfileSubmission.objects.exists()


@pytest.mark.django_db
def test_the_outcome_page_asks_an_anonymous_visitor_to_sign_in_first(client, member):
    post = make_post(member, state=PostState.MET)
    response = client.get(reverse("partners:post_outcome", args=[post.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("partners:sign_in"))


@pytest.mark.django_db
def test_a_moderator_approves_a_new_post_from_the_review_page(
    partner, member, moderator_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        partner.post(reverse("partners:post_new"), post_data())
    submission = ProfileSubmission.objects.get()
    review = reverse("admin:submissions_profilesubmission_change", args=[submission.pk])
    page = moderator_client.get(review)
    assert "Proposed exchange post" in page.text
    assert "Feature this member" not in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(review, {"decision": "approved", "note": ""})
    assert response.status_code == 302
    post = Post.objects.get()
    assert post.is_listed
    assert moderator_client.get(reverse("exchange:detail", args=[post.slug])).status_code == 200


@pytest.mark.django_db
def test_an_edit_of_a_deleted_post_cannot_be_approved(partner, member, moderator_client):
    post = make_post(member)
    partner.post(reverse("partners:post_edit", args=[post.pk]), post_data())
    submission = ProfileSubmission.objects.get()
    post.delete()
    review = reverse("admin:submissions_profilesubmission_change", args=[submission.pk])
    response = moderator_client.post(review, {"decision": "approved", "note": ""}, follow=True)
    assert "has been deleted; reject the edit instead" in response.text
    submission.refresh_from_db()
    assert submission.status == "pending"
    assert not Post.objects.exists()


@pytest.mark.django_db
def test_the_partner_space_runs_the_same_queries_with_few_or_many_suggestions(
    client, member, django_capture_on_commit_callbacks
):
    post = make_post(member)
    sign_in_by_link(client, django_capture_on_commit_callbacks)
    counts = []
    for total in (2, 12):
        while Suggestion.objects.count() < total:
            cluster = ClusterFactory()
            Suggestion.objects.create(
                post=post, member=MemberFactory(), score=1.0, reasons=[{"kind": "cluster", "ids": [cluster.pk]}]
            )
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("partners:home"))
        assert page.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
