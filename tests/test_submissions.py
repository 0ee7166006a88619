"""/submit/: a partner sends a profile, is told what happens next, and nothing is public before approval."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core import mail
from django.urls import reverse

from core.roles import MODERATORS
from members.models import Member
from submissions.models import ProfileSubmission

from .factories import ClusterFactory, MemberFactory, MembershipFactory, SubmissionFactory, UserFactory
from .submission_helpers import empty_cache, form_data, image_bytes, upload  # noqa: F401 (fixture)

SUBMIT = "/submit/"


@pytest.fixture
def clusters(db):
    return [ClusterFactory(name="Waste", short_name="Waste"), ClusterFactory(name="Transport")]


def post(client, capture, data, **extra):
    with capture(execute=True):
        return client.post(SUBMIT, data, **extra)


@pytest.mark.django_db
def test_the_form_lists_public_active_clusters_only(client, clusters):
    ClusterFactory(name="Draft cluster", status="draft")
    ClusterFactory(name="Retired cluster", is_active=False)
    response = client.get(SUBMIT)
    assert response.status_code == 200
    assert "Waste" in response.text
    assert "Draft cluster" not in response.text
    assert "Retired cluster" not in response.text


@pytest.mark.django_db
def test_join_this_cluster_opens_the_form_with_the_cluster_ticked(client, clusters):
    transport = clusters[1]
    page = client.get(transport.get_absolute_url()).text
    assert f'<a class="button" href="/submit/?cluster={transport.slug}">Join this cluster</a>' in page

    html = client.get(SUBMIT, {"cluster": [transport.slug, "no-such-cluster"]}).text

    ticked = re.findall(r'<input type="checkbox" name="clusters" value="(\d+)"[^>]*checked', html)
    assert ticked == [str(transport.pk)]


@pytest.mark.django_db
def test_every_field_has_a_label(client, clusters):
    html = client.get(SUBMIT).text
    for field_id in re.findall(r'<(?:input(?! type="hidden")|select|textarea)[^>]*\bid="(id_[^"]+)"', html):
        assert f'for="{field_id}"' in html, field_id


@pytest.mark.django_db
def test_the_form_carries_a_csrf_token(client, clusters):
    assert 'name="csrfmiddlewaretoken"' in client.get(SUBMIT).text


@pytest.mark.django_db
def test_a_post_without_csrf_token_is_refused_and_saves_nothing(clusters):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(SUBMIT, form_data(clusters))
    assert response.status_code == 403
    assert not ProfileSubmission.objects.exists()


@pytest.mark.django_db
def test_a_submission_is_stored_pending_and_the_partner_sees_a_confirmation(
    client, clusters, django_capture_on_commit_callbacks
):
    response = post(client, django_capture_on_commit_callbacks, form_data(clusters))
    submission = ProfileSubmission.objects.get()
    assert response.status_code == 302
    assert submission.status == "pending"
    assert submission.type == "new"
    assert submission.member is None
    assert set(submission.clusters.all()) == set(clusters)
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Thank you: your submission is in" in page.text
    assert "Ve-Golokuati Municipal Assembly" in page.text
    assert "ama@example.org" not in page.text


@pytest.mark.django_db
def test_the_contact_gets_a_confirmation_and_moderators_a_notification(
    client, clusters, django_capture_on_commit_callbacks
):
    moderator = UserFactory(groups=[MODERATORS], email="moderator@example.org")
    UserFactory(is_superuser=True, email="root@example.org")
    UserFactory(groups=[MODERATORS], email="")  # no address: skipped
    UserFactory(email="editor@example.org")  # not a moderator: not told

    post(client, django_capture_on_commit_callbacks, form_data(clusters))

    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["ama@example.org", moderator.email, "root@example.org"]
    confirmation = next(message for message in mail.outbox if message.to == ["ama@example.org"])
    assert "Ve-Golokuati Municipal Assembly" in confirmation.subject
    assert "Nothing you sent is public yet" in confirmation.body
    notification = next(message for message in mail.outbox if message.to == [moderator.email])
    submission = ProfileSubmission.objects.get()
    assert f"/admin/submissions/profilesubmission/{submission.pk}/change/" in notification.body


@pytest.mark.django_db
def test_nothing_is_public_before_approval(client, clusters, django_capture_on_commit_callbacks):
    post(client, django_capture_on_commit_callbacks, form_data(clusters))
    assert not Member.objects.exists()
    assert "Ve-Golokuati" not in client.get("/members/").text
    assert "Ve-Golokuati" not in client.get(clusters[0].get_absolute_url()).text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "This field is required."),
        ({"name": "Evil\x1b[31m"}, "name", "invisible control characters"),
        ({"name": "Evil\r\nBcc: everyone@example.org"}, "name", "Please keep this field on one line."),
        ({"name": "Two\nlines"}, "name", "Please keep this field on one line."),
        ({"kind": "empire"}, "kind", "Select a valid choice."),
        ({"country": "XX"}, "country", "Select a valid choice."),
        ({"description": "Too short."}, "description", "at least 40 characters"),
        ({"description": "x" * 3001}, "description", "at most 3000 characters"),
        ({"website": "javascript:alert(1)"}, "website", "Enter a valid URL."),
        ({"website": "ftp://example.org"}, "website", "Enter a valid URL."),
        ({"contact_email": "not-an-address"}, "contact_email", "Enter a valid email address."),
        ({"consent": ""}, "consent", "Please agree to publication"),
        ({"clusters": ["999999"]}, "clusters", "Select a valid choice."),
        ({"clusters": ["9223372036854775808"]}, "clusters", "is not a valid value"),
        ({"clusters": ["transport"]}, "clusters", "is not a valid value"),
    ],
)
def test_bad_fields_get_a_clear_message_and_save_nothing(
    client, clusters, django_capture_on_commit_callbacks, overrides, field, message
):
    response = post(client, django_capture_on_commit_callbacks, form_data(clusters, **overrides))
    assert response.status_code == 400
    assert message in response.context["form"].errors[field][0]
    assert "Please correct the following" in response.text
    assert not ProfileSubmission.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_form_without_its_token_is_refused_with_a_fresh_token(client, clusters, django_capture_on_commit_callbacks):
    response = post(client, django_capture_on_commit_callbacks, form_data(clusters, form_token="forged"))
    assert response.status_code == 400
    assert "This form was out of date" in response.text
    assert re.search(r'name="form_token" value="[0-9a-f-]{36}"', response.text)
    assert not ProfileSubmission.objects.exists()


@pytest.mark.django_db
def test_the_same_form_sent_twice_makes_one_submission(client, clusters, django_capture_on_commit_callbacks):
    data = form_data(clusters)
    first = post(client, django_capture_on_commit_callbacks, data)
    second = post(client, django_capture_on_commit_callbacks, data)
    assert ProfileSubmission.objects.count() == 1
    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    page = client.get(second["Location"])
    assert "already been sent" in page.text
    assert len([message for message in mail.outbox if message.to == ["ama@example.org"]]) == 1


@pytest.mark.django_db
def test_the_honeypot_refuses_the_form_and_saves_nothing(client, clusters, django_capture_on_commit_callbacks):
    response = post(client, django_capture_on_commit_callbacks, form_data(clusters, fax_number="+1 555 0100"))
    assert response.status_code == 400
    assert "a field meant to stay empty was filled in" in response.text
    assert not ProfileSubmission.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_honeypot_is_hidden_from_people_and_assistive_technology(client, clusters):
    html = client.get(SUBMIT).text
    assert re.search(r'<div class="hp" aria-hidden="true">\s*<label for="id_fax_number">', html)
    assert re.search(r'<input[^>]*name="fax_number"[^>]*tabindex="-1"', html)


@pytest.mark.django_db
def test_a_client_may_send_five_submissions_an_hour(client, clusters, django_capture_on_commit_callbacks):
    for _ in range(5):
        assert post(client, django_capture_on_commit_callbacks, form_data(clusters)).status_code == 302
    response = post(client, django_capture_on_commit_callbacks, form_data(clusters))
    assert response.status_code == 429
    assert "Too many submissions from your connection" in response.text
    assert response["Retry-After"] == "3600"
    assert ProfileSubmission.objects.count() == 5


@pytest.mark.django_db
def test_the_rate_limit_is_per_client_address(client, clusters, django_capture_on_commit_callbacks):
    for _ in range(5):
        post(client, django_capture_on_commit_callbacks, form_data(clusters), REMOTE_ADDR="203.0.113.5")
    response = post(client, django_capture_on_commit_callbacks, form_data(clusters), REMOTE_ADDR="203.0.113.6")
    assert response.status_code == 302
    assert ProfileSubmission.objects.count() == 6


@pytest.mark.django_db
def test_behind_a_proxy_the_rate_limit_uses_the_address_the_proxy_saw(
    client, clusters, settings, django_capture_on_commit_callbacks
):
    settings.TRUSTED_PROXY_COUNT = 1
    for number in range(5):
        # A client cannot dodge the limit by inventing addresses on the left of the header.
        headers = {"HTTP_X_FORWARDED_FOR": f"10.0.0.{number}, 198.51.100.7", "REMOTE_ADDR": "10.1.1.1"}
        post(client, django_capture_on_commit_callbacks, form_data(clusters), **headers)
    headers = {"HTTP_X_FORWARDED_FOR": "10.0.0.99, 198.51.100.7", "REMOTE_ADDR": "10.1.1.1"}
    assert post(client, django_capture_on_commit_callbacks, form_data(clusters), **headers).status_code == 429
    headers = {"HTTP_X_FORWARDED_FOR": "198.51.100.8", "REMOTE_ADDR": "10.1.1.1"}
    assert post(client, django_capture_on_commit_callbacks, form_data(clusters), **headers).status_code == 302


@pytest.mark.django_db
def test_invalid_forms_do_not_use_up_the_rate_limit(client, clusters, django_capture_on_commit_callbacks):
    for _ in range(6):
        post(client, django_capture_on_commit_callbacks, form_data(clusters, name=""))
    assert post(client, django_capture_on_commit_callbacks, form_data(clusters)).status_code == 302


@pytest.mark.django_db
def test_a_logo_is_stored_re_encoded_under_a_generated_name(client, clusters, django_capture_on_commit_callbacks):
    logo = upload(image_bytes("PNG"), name="../../etc/our logo.png")
    post(client, django_capture_on_commit_callbacks, {**form_data(clusters), "logo": logo})
    stored = ProfileSubmission.objects.get().logo
    assert re.fullmatch(r"submissions/[0-9a-f]{32}\.png", stored.name)


@pytest.mark.django_db
def test_the_confirmation_page_needs_a_valid_reference(client):
    submission = SubmissionFactory()
    assert client.get(reverse("submissions:received", args=["tampered"])).status_code == 404
    token = submission.received_token()
    assert client.get(reverse("submissions:received", args=[token[:-2] + "xx"])).status_code == 404
    assert client.get(reverse("submissions:received", args=[token])).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 30])
def test_the_form_page_queries_do_not_grow_with_clusters(client, count, django_assert_max_num_queries):
    ClusterFactory.create_batch(count)
    with django_assert_max_num_queries(3):
        response = client.get(SUBMIT)
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 30])
def test_the_confirmation_page_queries_are_flat(client, count, django_assert_max_num_queries):
    submission = SubmissionFactory()
    submission.clusters.set(ClusterFactory.create_batch(count))
    with django_assert_max_num_queries(3):
        response = client.get(reverse("submissions:received", args=[submission.received_token()]))
    assert response.status_code == 200


@pytest.mark.django_db
def test_submit_page_weighs_under_100_kb(client, clusters):
    html = client.get(SUBMIT).content
    stylesheets = re.findall(rb'<link rel="stylesheet" href="/static/([^"]+)"', html)
    assert stylesheets == [b"css/site.css", b"css/submissions.css"]
    css = sum(len(Path(finders.find(path.decode())).read_bytes()) for path in stylesheets)
    assert len(html) + css < 100_000


@pytest.mark.django_db
def test_the_member_profile_offers_to_request_an_update(client):
    member = MemberFactory()
    html = client.get(member.get_absolute_url()).text
    assert reverse("submissions:request_update", args=[member.slug]) in html
    assert "Request an update" in html


@pytest.mark.django_db
def test_a_bad_website_is_reported_once(client, clusters, django_capture_on_commit_callbacks):
    response = post(client, django_capture_on_commit_callbacks, form_data(clusters, website="javascript:alert(1)"))
    assert response.context["form"].errors["website"] == ["Enter a valid URL."]


@pytest.mark.django_db
def test_a_garbled_proxy_header_falls_back_to_the_socket_address(
    client, clusters, settings, django_capture_on_commit_callbacks
):
    settings.TRUSTED_PROXY_COUNT = 1
    headers = {"HTTP_X_FORWARDED_FOR": "not-an-address", "REMOTE_ADDR": "192.0.2.10"}
    for _ in range(5):
        assert post(client, django_capture_on_commit_callbacks, form_data(clusters), **headers).status_code == 302
    response = post(client, django_capture_on_commit_callbacks, form_data(clusters), REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 429


@pytest.mark.django_db
def test_the_request_update_form_needs_csrf(member_with_contact):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        reverse("submissions:request_update", args=[member_with_contact.slug])
    )
    assert response.status_code == 403
    assert mail.outbox == []


@pytest.fixture
def member_with_contact(db):
    return MemberFactory(contact_email="contact@example.org")


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 30])
def test_the_link_sent_page_queries_do_not_grow(client, count, django_assert_max_num_queries):
    member = MemberFactory()
    for _ in range(count):
        MembershipFactory(member=member)
    with django_assert_max_num_queries(2):
        response = client.get(reverse("submissions:update_link_sent", args=[member.slug]))
    assert response.status_code == 200
    assert "Check your inbox" in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_methods_are_refused(client, method):
    assert getattr(client, method)(SUBMIT).status_code == 405


@pytest.mark.django_db
def test_the_database_refuses_a_submission_without_consent():
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        SubmissionFactory(consent=False)
