"""Expressing interest in a post: stored first, acknowledged, never shown, never twice."""

import datetime as dt
import re
import uuid

import pytest
from django.core import mail
from django.urls import reverse

from core.roles import MODERATORS
from exchange.models import Interest, PostState
from submissions.models import SIGN_IN, EditLink

from .exchange_helpers import make_post
from .factories import MemberFactory, UserFactory


def interest_data(**overrides):
    data = {
        "organisation": "Koidu City Council",
        "name": "Fatmata Koroma",
        "email": "fatmata@koidu.example",
        "proposal": "A study visit to see your composting site, then an online workshop.",
        "questions": "How many tonnes a day does the site take, and who runs it?",
        "about": "Koidu runs waste collection for 120,000 people and is planning a compost plant.",
        "form_token": str(uuid.uuid4()),
        "fax_number": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def post(db):
    return make_post(title="Composting for market waste", slug="composting")


def send(client, capture, post, data, **extra):
    with capture(execute=True):
        return client.post(reverse("exchange:interest", args=[post.slug]), data, **extra)


@pytest.mark.django_db
def test_an_interest_is_stored_and_both_emails_sent(client, post, django_capture_on_commit_callbacks):
    moderator = UserFactory(groups=[MODERATORS])
    response = send(client, django_capture_on_commit_callbacks, post, interest_data())

    assert response.status_code == 302
    assert response["Location"] == reverse("exchange:interest_sent", args=[post.slug])
    interest = Interest.objects.get()
    assert (interest.post, interest.organisation, interest.status) == (post, "Koidu City Council", "received")
    assert interest.from_member is None
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted(["fatmata@koidu.example", moderator.email])
    acknowledgement = next(message for message in mail.outbox if message.to == ["fatmata@koidu.example"])
    assert "Composting for market waste" in acknowledgement.subject
    assert "composting site" in acknowledgement.body
    notice = next(message for message in mail.outbox if message.to == [moderator.email])
    assert reverse("admin:exchange_interest_change", args=[interest.pk]) in notice.body
    assert "fatmata@koidu.example" not in notice.body


@pytest.mark.django_db
def test_the_sent_page_never_echoes_the_address(client, post, django_capture_on_commit_callbacks):
    response = send(client, django_capture_on_commit_callbacks, post, interest_data())
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Composting for market waste" in page.text
    assert "fatmata@koidu.example" not in page.text
    assert "Fatmata" not in page.text


@pytest.mark.django_db
def test_the_same_form_sent_twice_makes_one_interest(client, post, django_capture_on_commit_callbacks):
    data = interest_data()
    send(client, django_capture_on_commit_callbacks, post, data)
    mail.outbox.clear()
    again = send(client, django_capture_on_commit_callbacks, post, data)
    assert again.status_code == 302
    assert Interest.objects.count() == 1
    assert mail.outbox == []
    page = client.get(again["Location"])
    assert "already been sent" in page.text


@pytest.mark.django_db
def test_too_many_from_one_connection_is_429(client, post, settings, django_capture_on_commit_callbacks):
    settings.SUBMISSIONS_PER_HOUR = 2
    for _ in range(2):
        assert send(client, django_capture_on_commit_callbacks, post, interest_data()).status_code == 302
    response = send(client, django_capture_on_commit_callbacks, post, interest_data())
    assert response.status_code == 429
    assert "Too many messages from your connection" in response.text
    assert response["Retry-After"] == "3600"
    assert Interest.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        {"state": PostState.MET},
        {"state": PostState.WITHDRAWN},
        {"expires_on": dt.date(2020, 1, 1)},
    ],
)
def test_a_closed_or_expired_post_refuses_interest(client, post, change, django_capture_on_commit_callbacks):
    for field, value in change.items():
        setattr(post, field, value)
    post.save()
    form = client.get(reverse("exchange:interest", args=[post.slug]))
    assert form.status_code == 410
    assert "no longer takes expressions of interest" in form.text
    response = send(client, django_capture_on_commit_callbacks, post, interest_data())
    assert response.status_code == 410
    assert "Nothing was saved" in response.text
    assert not Interest.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_draft_post_is_not_found(client, django_capture_on_commit_callbacks):
    draft = make_post(status="draft")
    assert client.get(reverse("exchange:interest", args=[draft.slug])).status_code == 404
    assert send(client, django_capture_on_commit_callbacks, draft, interest_data()).status_code == 404


@pytest.mark.django_db
def test_the_honeypot_saves_nothing(client, post, django_capture_on_commit_callbacks):
    response = send(client, django_capture_on_commit_callbacks, post, interest_data(fax_number="+1 555 0100"))
    assert response.status_code == 400
    assert "meant to stay empty" in response.text
    assert not Interest.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_forged_token_gets_a_fresh_one(client, post, django_capture_on_commit_callbacks):
    response = send(client, django_capture_on_commit_callbacks, post, interest_data(form_token="forged"))
    assert response.status_code == 400
    assert "out of date" in response.text
    assert not Interest.objects.exists()


def sign_in(client, member):
    """As the partner does: through a sign-in link emailed to the member's contact."""
    link = EditLink.objects.create(member=member, type=SIGN_IN)
    assert client.post(reverse("partners:sign_in_link", args=[link.token()])).status_code == 302


@pytest.mark.django_db
def test_a_signed_in_partner_is_recorded_as_the_sender(client, post, django_capture_on_commit_callbacks):
    partner = MemberFactory(contact_email="partner@keta.example")
    sign_in(client, partner)
    send(client, django_capture_on_commit_callbacks, post, interest_data())
    assert Interest.objects.get().from_member == partner


@pytest.mark.django_db
def test_a_partner_cannot_express_interest_in_its_own_post(client, post, django_capture_on_commit_callbacks):
    post.member.contact_email = "partner@accra.example"
    post.member.save()
    sign_in(client, post.member)
    response = send(client, django_capture_on_commit_callbacks, post, interest_data())
    assert response.status_code == 400
    assert "your own post" in response.text
    assert not Interest.objects.exists()


@pytest.mark.django_db
def test_the_form_labels_every_field(client, post):
    html = client.get(reverse("exchange:interest", args=[post.slug])).text
    assert f'<a href="{post.get_absolute_url()}">“{post.title}”</a>' in html  # back to the post
    assert 'name="form_token"' in html
    for field_id in re.findall(r'<(?:input(?! type="hidden")|select|textarea)[^>]*\bid="(id_[^"]+)"', html):
        assert f'for="{field_id}"' in html, field_id
