"""A partner reaches nothing of another member's: each partner address tried with the other
member's ids answers 404, for GET and POST, and changes nothing."""

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from exchange.models import Interest, Post, PostState, Suggestion
from submissions.models import SIGN_IN, EditLink, ProfileSubmission

from .factories import MemberFactory
from .test_partner_space import make_post, post_data


def interest(post, from_member, organisation):
    return Interest.objects.create(
        post=post,
        from_member=from_member,
        organisation=organisation,
        name="Private Name",
        email=f"{uuid.uuid4().hex[:8]}@private.example",
        proposal="A joint study visit.",
        questions="What is the budget?",
        about="A city of the Global South.",
        form_token=uuid.uuid4(),
    )


def world():
    """Members A and B, each with a post, a met post, interest received and sent, a suggestion and
    a post submission sent back for changes; C is a third member both deal with."""
    a = MemberFactory(name="Alpha City", contact_email="a@alpha.example")
    b = MemberFactory(name="Bravo City", contact_email="b@bravo.example")
    c = MemberFactory(name="Charlie City", contact_email="c@charlie.example")
    rows = {}
    for key, member in (("a", a), ("b", b)):
        post = make_post(member, title=f"Open post of {member.name}")
        met = make_post(member, title=f"Met post of {member.name}", state=PostState.MET)
        other = make_post(c, title=f"Post of Charlie for {member.name}")
        received = interest(post, c, f"Charlie answers {member.name}")
        sent = interest(other, member, f"{member.name} writes to Charlie")
        suggestion = Suggestion.objects.create(
            post=post, member=MemberFactory(name=f"Suggested partner for {member.name}"), score=0.8
        )
        submission = ProfileSubmission.objects.create(
            type="post",
            member=member,
            post=post,
            name=f"Edit of {member.name}'s post",
            kind="city",
            country="BR",
            locality="x",
            description="An edit sent back.",
            post_fields={**post_data(), "edits": post.pk},
            contact_name="x",
            contact_email=member.contact_email,
            consent=True,
            status="changes",
            reviewed_at=timezone.now(),
        )
        rows[key] = {
            "member": member,
            "post": post,
            "met": met,
            "received": received,
            "sent": sent,
            "suggestion": suggestion,
            "submission": submission,
        }
    return rows


def urls_of(row):
    """Every partner address that takes an id, with the other member's ids: (url, POST data)."""
    post, met = row["post"], row["met"]
    return [
        (reverse("partners:post_detail", args=[post.pk]), {}),
        (reverse("partners:post_edit", args=[post.pk]), post_data(title="Hijacked title")),
        (reverse("partners:post_renew", args=[post.pk]), {}),
        (reverse("partners:post_state", args=[post.pk]), {"state": "withdrawn"}),
        (reverse("partners:post_outcome", args=[met.pk]), {"outcome": "Hijacked outcome, long enough to be valid."}),
        (reverse("partners:revise", args=[row["submission"].pk]), post_data(title="Hijacked revision")),
        (reverse("partners:interest_detail", args=[row["received"].pk]), {}),
        (reverse("partners:interest_detail", args=[row["sent"].pk]), {}),
    ]


def snapshot():
    return (
        list(Post.objects.order_by("pk").values()),
        list(Interest.objects.order_by("pk").values()),
        list(Suggestion.objects.order_by("pk").values()),
        list(ProfileSubmission.objects.order_by("pk").values()),
    )


@pytest.fixture
def signed_in_as_a(client, db):
    rows = world()
    link = EditLink.objects.create(member=rows["a"]["member"], type=SIGN_IN)
    assert client.post(reverse("partners:sign_in_link", args=[link.token()])).status_code == 302
    return client, rows


@pytest.mark.django_db
def test_every_partner_address_with_another_members_ids_answers_404_and_changes_nothing(signed_in_as_a):
    client, rows = signed_in_as_a
    before = snapshot()
    for url, data in urls_of(rows["b"]):
        assert client.get(url).status_code == 404, url
        assert client.post(url, data).status_code == 404, url
    assert snapshot() == before


@pytest.mark.django_db
def test_the_same_addresses_with_the_members_own_ids_answer(signed_in_as_a):
    """The 404s above come from ownership, not from addresses that never work."""
    client, rows = signed_in_as_a
    for url, _data in urls_of(rows["a"]):
        if "/renew/" in url or "/state/" in url:
            continue  # POST only
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_the_partner_space_lists_only_the_members_own_things_and_no_address(signed_in_as_a):
    client, rows = signed_in_as_a
    page = client.get(reverse("partners:home")).text
    assert "Open post of Alpha City" in page
    assert "Charlie answers Alpha City" in page
    assert "To “Post of Charlie for Alpha City” of Charlie City" in page
    assert "Edit of Alpha City" in page
    addresses = [row["member"].contact_email for row in rows.values()]
    addresses += list(Interest.objects.values_list("email", flat=True))
    for text in ("Bravo", "Private Name", *addresses):
        assert text not in page, text
    detail = client.get(reverse("partners:post_detail", args=[rows["a"]["post"].pk])).text
    assert "Suggested partner for Alpha City" in detail
    assert "Bravo" not in detail


@pytest.mark.django_db
def test_a_received_interest_shows_its_answers_only_once_forwarded_and_never_the_sender(signed_in_as_a):
    client, rows = signed_in_as_a
    received = rows["a"]["received"]
    url = reverse("partners:interest_detail", args=[received.pk])
    page = client.get(url).text
    assert "Charlie answers Alpha City" in page
    assert "A joint study visit." not in page
    Interest.objects.filter(pk=received.pk).update(status="forwarded", reviewed_at=timezone.now())
    page = client.get(url).text
    assert "A joint study visit." in page
    assert "Private Name" not in page
    assert received.email not in page


@pytest.mark.django_db
def test_a_post_that_passed_to_another_member_leaves_the_first(signed_in_as_a):
    client, rows = signed_in_as_a
    post = rows["a"]["post"]
    Post.objects.filter(pk=post.pk).update(
        member=rows["b"]["member"], expires_on=timezone.localdate() + dt.timedelta(1)
    )
    assert client.get(reverse("partners:post_detail", args=[post.pk])).status_code == 404
