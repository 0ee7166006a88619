"""Moderation in the admin: the queue, the review page, and decisions only Moderators can take."""

import re
from unittest import mock

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.urls import reverse

from core.roles import MODERATORS
from members.models import Member, Membership
from submissions import services
from submissions.models import EditLink, ProfileSubmission

from .conftest import sign_in_verified
from .factories import ClusterFactory, MemberFactory, MembershipFactory, SubmissionFactory, UserFactory
from .submission_helpers import empty_cache, form_data, image_bytes, upload  # noqa: F401 (fixture)

QUEUE = reverse("admin:submissions_profilesubmission_changelist")


def review_url(submission):
    return reverse("admin:submissions_profilesubmission_change", args=[submission.pk])


def decide(client, capture, submission, decision, note="", feature=False):
    data = {"decision": decision, "note": note}
    if feature:
        data["feature"] = "on"
    with capture(execute=True):
        return client.post(review_url(submission), data)


@pytest.fixture
def waste(db):
    return ClusterFactory(name="Waste Management", short_name="Waste", slug="waste")


def saved_user(**kwargs):
    # UserFactory saves the hashed password only when it sets groups; force_login needs it saved.
    user = UserFactory(**kwargs)
    user.save()
    return user


@pytest.fixture
def superuser_client(client, db):
    return sign_in_verified(client, saved_user(is_superuser=True, email="root@example.org"))


# The whole journey ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_submit_then_a_moderator_approves_and_the_member_is_public_everywhere(
    client, moderator, waste, django_capture_on_commit_callbacks
):
    logo = upload(image_bytes("PNG", (120, 120)), name="logo.png")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/submit/", {**form_data([waste]), "logo": logo})
    assert response.status_code == 302
    assert {address for message in mail.outbox for address in message.to} == {"ama@example.org", moderator.email}
    submission = ProfileSubmission.objects.get()

    client.force_login(moderator)
    assert client.get(QUEUE).status_code == 200
    review = client.get(review_url(submission))
    assert "Ve-Golokuati Municipal Assembly" in review.text
    mail.outbox.clear()
    response = decide(client, django_capture_on_commit_callbacks, submission, "approved", feature=True)
    assert response.status_code == 302
    client.logout()

    member = Member.objects.get()
    assert member.is_public
    assert member.logo.name.startswith("members/")
    assert member.contact_email == "ama@example.org"
    profile = client.get(member.get_absolute_url())
    assert profile.status_code == 200
    assert "Ve-Golokuati Municipal Assembly" in profile.text
    assert "ama@example.org" not in profile.text
    assert "Ama Mensah" not in profile.text
    assert "Ve-Golokuati Municipal Assembly" in client.get("/members/").text
    assert "Ve-Golokuati Municipal Assembly" in client.get("/members/?cluster=waste").text
    assert "Ve-Golokuati Municipal Assembly" in client.get(waste.get_absolute_url()).text
    (approval,) = mail.outbox
    assert approval.to == ["ama@example.org"]
    assert f"http://127.0.0.1:8000/members/{member.slug}/" in approval.body


@pytest.mark.django_db
def test_approval_records_who_and_when_and_links_the_member(moderator_client, moderator, waste):
    submission = SubmissionFactory()
    submission.clusters.add(waste)
    moderator_client.post(review_url(submission), {"decision": "approved"})
    submission.refresh_from_db()
    assert submission.status == "approved"
    assert submission.reviewed_by == moderator
    assert submission.reviewed_at is not None
    assert submission.member == Member.objects.get()
    assert LogEntry.objects.get(object_id=str(submission.pk)).user == moderator


@pytest.mark.django_db
def test_an_approved_member_joins_its_clusters_unfeatured_unless_the_moderator_features_it(moderator, waste):
    submission = SubmissionFactory()
    submission.clusters.add(waste)
    member = services.approve(submission=submission, reviewer=moderator)
    membership = Membership.objects.get(member=member)
    assert membership.cluster == waste
    assert not membership.is_featured


@pytest.mark.django_db
def test_a_new_member_gets_a_unique_slug(moderator):
    MemberFactory(slug="partner-town")
    member = services.approve(submission=SubmissionFactory(name="Partner Town"), reviewer=moderator)
    assert member.slug == "partner-town-2"


@pytest.mark.django_db
def test_a_name_without_latin_letters_still_gets_a_slug(moderator):
    member = services.approve(submission=SubmissionFactory(name="北京"), reviewer=moderator)
    assert member.slug == "member"


@pytest.mark.django_db
def test_approval_is_all_or_nothing(moderator, waste):
    submission = SubmissionFactory()
    submission.clusters.add(waste)
    with (
        mock.patch("submissions.emails.decision", side_effect=RuntimeError("template broke")),
        pytest.raises(RuntimeError),
    ):
        services.approve(submission=submission, reviewer=moderator)
    assert not Member.objects.exists()
    assert not Membership.objects.exists()
    submission.refresh_from_db()
    assert submission.status == "pending"
    assert submission.reviewed_by is None


@pytest.mark.django_db
def test_a_submission_cannot_be_decided_twice(moderator_client, django_capture_on_commit_callbacks):
    submission = SubmissionFactory()
    decide(moderator_client, django_capture_on_commit_callbacks, submission, "approved")
    assert 'name="decision"' not in moderator_client.get(review_url(submission)).text
    response = moderator_client.post(review_url(submission), {"decision": "rejected", "note": "x"}, follow=True)
    assert "This submission was already decided (Approved); nothing was changed." in response.text
    assert Member.objects.count() == 1
    submission.refresh_from_db()
    assert submission.status == "approved"


@pytest.mark.django_db
def test_two_moderators_deciding_at_once_make_one_decision(moderator):
    submission = SubmissionFactory()
    services.approve(submission=submission, reviewer=moderator)
    with pytest.raises(services.AlreadyDecided):
        services.reject(submission=submission, reviewer=moderator, reason="Late")
    assert Member.objects.count() == 1


# Updates ---------------------------------------------------------------------------------------


@pytest.fixture
def profile(db, waste):
    member = MemberFactory(name="Afadzato South", description="Old words here.", contact_email="old@example.org")
    MembershipFactory(member=member, cluster=waste, is_featured=True)
    return member


@pytest.mark.django_db
def test_approving_an_update_changes_the_profile_and_its_clusters(moderator, profile, waste):
    transport = ClusterFactory(name="Transport")
    submission = SubmissionFactory(
        type="update", member=profile, name="Afadzato South District", contact_email="new@example.org"
    )
    submission.clusters.add(waste, transport)
    services.approve(submission=submission, reviewer=moderator)
    profile.refresh_from_db()
    assert profile.name == "Afadzato South District"
    assert profile.slug.startswith("member-city")  # the address of the profile does not change
    assert profile.contact_email == "new@example.org"
    memberships = {m.cluster.name: m.is_featured for m in profile.memberships.select_related("cluster")}
    assert memberships == {"Waste Management": True, "Transport": False}


@pytest.mark.django_db
def test_an_update_that_unticks_a_cluster_leaves_it(moderator, profile, waste):
    submission = SubmissionFactory(type="update", member=profile)
    services.approve(submission=submission, reviewer=moderator)
    assert not profile.memberships.exists()


@pytest.mark.django_db
def test_an_update_without_a_logo_keeps_the_current_logo(moderator, profile):
    profile.logo.save("current.png", upload(image_bytes("PNG")), save=True)
    before = profile.logo.name
    services.approve(submission=SubmissionFactory(type="update", member=profile), reviewer=moderator)
    profile.refresh_from_db()
    assert profile.logo.name == before


@pytest.mark.django_db
def test_the_review_page_shows_the_update_beside_the_profile_with_changes_marked(moderator_client, profile, waste):
    submission = SubmissionFactory(
        type="update", member=profile, name=profile.name, description="New words here.", locality=profile.locality
    )
    submission.clusters.add(waste)
    html = moderator_client.get(review_url(submission)).text
    assert "Proposed update beside the current profile" in html
    assert "<del>Old</del><ins>New</ins> words here." in html
    rows = re.findall(r'<tr class="(review-changed)?">\s*<th scope="row">([^<]+)', html)
    changed = {label.strip() for flag, label in rows if flag}
    assert changed == {"Country", "Description", "Contact name", "Contact email"}


@pytest.mark.django_db
def test_an_update_for_a_deleted_profile_cannot_be_approved(moderator_client, profile):
    submission = SubmissionFactory(type="update", member=profile)
    profile.delete()
    response = moderator_client.post(review_url(submission), {"decision": "approved"})
    assert response.status_code == 200
    assert "has been deleted" in response.text
    submission.refresh_from_db()
    assert submission.status == "pending"


# Reject and request changes ----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("decision", "message"), [("rejected", "reason"), ("changes", "what should change")])
def test_reject_and_request_changes_need_a_note(moderator_client, decision, message):
    submission = SubmissionFactory()
    response = moderator_client.post(review_url(submission), {"decision": decision, "note": " "})
    assert response.status_code == 400
    assert message in response.text
    submission.refresh_from_db()
    assert submission.status == "pending"


@pytest.mark.django_db
def test_a_rejection_emails_the_reason_and_publishes_nothing(moderator_client, django_capture_on_commit_callbacks):
    submission = SubmissionFactory()
    decide(moderator_client, django_capture_on_commit_callbacks, submission, "rejected", "Not a Global South city.")
    submission.refresh_from_db()
    assert submission.status == "rejected"
    assert submission.decision_note == "Not a Global South city."
    assert not Member.objects.exists()
    (message,) = mail.outbox
    assert message.to == [submission.contact_email]
    assert "Not a Global South city." in message.body


@pytest.mark.django_db
def test_requesting_changes_sends_the_message_and_a_link_to_revise(
    client, moderator, django_capture_on_commit_callbacks, waste
):
    submission = SubmissionFactory(name="Partner Town")
    submission.clusters.add(waste)
    client.force_login(moderator)
    decide(client, django_capture_on_commit_callbacks, submission, "changes", "Please describe your waste work.")
    client.logout()
    submission.refresh_from_db()
    assert submission.status == "changes"
    (message,) = mail.outbox
    assert "Please describe your waste work." in message.body
    link = re.search(r"/submit/edit/[^\s]+/", message.body).group(0)

    page = client.get(link)
    assert page.status_code == 200
    assert page.context["form"]["name"].value() == "Partner Town"
    assert "Please describe your waste work." in page.text
    data = form_data([waste], name="Partner Town", description="We sort and compost the market waste of our town.")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(link, data).status_code == 302
    revision = ProfileSubmission.objects.get(revises=submission)
    assert revision.type == "new"
    assert revision.status == "pending"
    assert EditLink.objects.get().used_for == revision

    client.force_login(moderator)
    html = client.get(review_url(revision)).text
    assert "This revision beside the version sent back" in html


# Permissions ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_visitors_cannot_see_the_queue(client):
    submission = SubmissionFactory()
    for url in [QUEUE, review_url(submission)]:
        response = client.get(url)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
    client.post(review_url(submission), {"decision": "approved"})
    submission.refresh_from_db()
    assert submission.status == "pending"


@pytest.mark.django_db
def test_an_editor_reads_the_review_page_without_a_decision_form(editor_client):
    submission = SubmissionFactory()
    response = editor_client.get(review_url(submission))
    assert response.status_code == 200
    assert submission.name in response.text
    assert 'name="decision"' not in response.text
    assert "Only Moderators can approve" in response.text


@pytest.mark.django_db
def test_an_editor_cannot_decide(editor_client):
    submission = SubmissionFactory()
    for decision in ["approved", "rejected", "changes"]:
        response = editor_client.post(review_url(submission), {"decision": decision, "note": "x"})
        assert response.status_code == 403
    submission.refresh_from_db()
    assert submission.status == "pending"
    assert not Member.objects.exists()


@pytest.mark.django_db
def test_a_moderator_sees_the_decision_form(moderator_client):
    response = moderator_client.get(review_url(SubmissionFactory()))
    assert 'name="decision"' in response.text


@pytest.mark.django_db
def test_a_superuser_can_decide(superuser_client, django_capture_on_commit_callbacks):
    submission = SubmissionFactory()
    decide(superuser_client, django_capture_on_commit_callbacks, submission, "rejected", "Duplicate.")
    submission.refresh_from_db()
    assert submission.status == "rejected"


@pytest.mark.django_db
def test_staff_outside_both_groups_cannot_see_the_queue(client):
    client.force_login(saved_user())
    assert client.get(QUEUE).status_code == 403


@pytest.mark.django_db
def test_nobody_adds_submissions_in_the_admin(superuser_client):
    response = superuser_client.get(reverse("admin:submissions_profilesubmission_add"))
    assert response.status_code == 403


# The queue -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_admin_index_shows_the_pending_count(editor_client):
    SubmissionFactory.create_batch(3)
    SubmissionFactory(status="rejected", reviewed_at="2025-01-01T00:00Z")
    html = editor_client.get(reverse("admin:index")).text
    assert f'<a href="{QUEUE}">Partner submissions awaiting review</a>: <strong>3</strong>' in html


@pytest.mark.django_db
def test_the_admin_index_shows_no_count_to_staff_who_cannot_read_the_queue(client):
    SubmissionFactory()
    client.force_login(saved_user())
    assert "awaiting review" not in client.get(reverse("admin:index")).text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"Accra pending", "Lima update"}),
        ("status=pending", {"Accra pending", "Lima update"}),
        ("status=rejected", {"Kumasi rejected"}),
        ("status=all", {"Accra pending", "Kumasi rejected", "Lima update"}),
        ("type__exact=update", {"Lima update"}),
        ("kind__exact=company", {"Lima update"}),
        ("country=GH&status=all", {"Accra pending", "Kumasi rejected"}),
        ("country=gh", {"Accra pending"}),
        ("country=ZZ", set()),
    ],
)
def test_the_queue_filters_by_status_type_kind_and_country(moderator_client, query, expected):
    SubmissionFactory(name="Accra pending", country="GH")
    SubmissionFactory(name="Kumasi rejected", country="GH", status="rejected", reviewed_at="2025-01-01T00:00Z")
    SubmissionFactory(name="Lima update", country="PE", kind="company", type="update", member=MemberFactory())
    response = moderator_client.get(f"{QUEUE}?{query}")
    assert response.status_code == 200
    shown = {submission.name for submission in response.context["cl"].result_list}
    assert shown == expected


@pytest.mark.django_db
def test_the_queue_opens_on_pending_submissions_oldest_first_with_each_statuss_count(moderator_client):
    newer, older = SubmissionFactory(name="Accra"), SubmissionFactory(name="Quito")
    ProfileSubmission.objects.filter(pk=older.pk).update(submitted_at="2026-01-15T09:00Z")  # auto_now_add
    SubmissionFactory(name="Kumasi", status="rejected", reviewed_at="2026-02-01T00:00Z")

    response = moderator_client.get(QUEUE)

    assert response.context["title"] == "Partner submissions awaiting review"
    assert "<h1>Partner submissions awaiting review</h1>" in response.text
    assert list(response.context["cl"].result_list) == [older, newer]
    assert "Pending (2)" in response.text
    assert "Rejected (1)" in response.text
    assert "Changes requested (0)" in response.text
    assert "All (3)" in response.text
    every = moderator_client.get(QUEUE, {"status": "all"})
    assert every.context["title"] == "Partner submissions"


@pytest.mark.django_db
def test_the_country_filter_offers_only_countries_submissions_came_from(moderator_client):
    SubmissionFactory(country="GH")
    SubmissionFactory(country="PE")
    html = moderator_client.get(QUEUE).text
    assert "?country=GH" in html
    assert "Peru" in html
    assert "?country=AF" not in html


# Escaping ------------------------------------------------------------------------------------

EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.mark.django_db
def test_partner_text_is_escaped_in_the_admin(moderator_client):
    submission = SubmissionFactory(name=f"Town {EVIL}", description=f"About {EVIL}", locality=EVIL)
    for url in [QUEUE, review_url(submission)]:
        html = moderator_client.get(url).text
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;" in html


@pytest.mark.django_db
def test_partner_text_is_escaped_on_the_public_profile_after_approval(client, moderator):
    submission = SubmissionFactory(name=f"Town {EVIL}", description=f"About {EVIL}", locality=EVIL)
    member = services.approve(submission=submission, reviewer=moderator)
    html = client.get(member.get_absolute_url()).text
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.django_db
def test_emails_are_plain_text_with_partner_text_as_typed(client, django_capture_on_commit_callbacks):
    UserFactory(groups=[MODERATORS])
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/submit/", form_data(name="Town & <b>Country</b>", locality="Tema & Accra"))
    for message in mail.outbox:
        assert message.content_subtype == "plain"
        assert not getattr(message, "alternatives", [])
        assert "Town & <b>Country</b>" in message.body
        assert "&amp;" not in message.body


# Query counts --------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 30])
def test_the_queue_queries_do_not_grow(moderator_client, count, django_assert_max_num_queries):
    for _ in range(count):
        SubmissionFactory(type="update", member=MemberFactory())
    with django_assert_max_num_queries(12):
        assert moderator_client.get(QUEUE).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 30])
def test_the_review_page_queries_do_not_grow(moderator_client, count, django_assert_max_num_queries):
    member = MemberFactory()
    clusters = ClusterFactory.create_batch(count)
    for cluster in clusters:
        MembershipFactory(member=member, cluster=cluster)
    submission = SubmissionFactory(type="update", member=member)
    submission.clusters.set(clusters)
    with django_assert_max_num_queries(10):
        assert moderator_client.get(review_url(submission)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 30])
def test_the_admin_index_queries_do_not_grow(moderator_client, count, django_assert_max_num_queries):
    SubmissionFactory.create_batch(count)
    with django_assert_max_num_queries(10):  # one count per queue: submissions, interests, suggested matches
        assert moderator_client.get(reverse("admin:index")).status_code == 200


@pytest.mark.django_db
def test_the_previous_contact_is_told_when_an_update_changes_the_address(
    moderator, profile, django_capture_on_commit_callbacks
):
    submission = SubmissionFactory(type="update", member=profile, contact_email="new@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(submission=submission, reviewer=moderator)
    assert sorted(message.to[0] for message in mail.outbox) == ["new@example.org", "old@example.org"]
    notice = next(message for message in mail.outbox if message.to == ["old@example.org"])
    assert "new contact address" in notice.body
    assert "new@example.org" not in notice.body
