"""Good practices from partners: a signed link to the contact on file, a form, the moderation queue.

Nothing a partner sends is public before a Moderator approves it; approval makes a published
Solution led by the member the link was for, with its results, targets, partners and clusters.
"""

import re
import time
from unittest import mock

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from members.models import Member
from solutions.models import Solution
from submissions.models import EditLink, ProfileSubmission

from .factories import ClusterFactory, MemberFactory, MembershipFactory, SolutionFactory
from .submission_helpers import empty_cache, solution_data  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

SECRET_ADDRESS = "mayor-office@keta.example"
TITLE = "Clean minibuses for the Volta Region"  # solution_data's title
SLUG = "clean-minibuses-for-the-volta-region"
DAY = 24 * 60 * 60


@pytest.fixture
def waste(db):
    return ClusterFactory(name="Waste Management", short_name="Waste", slug="waste")


@pytest.fixture
def member(waste):
    member = MemberFactory(name="Keta Municipal", slug="keta", contact_name="Kofi", contact_email=SECRET_ADDRESS)
    MembershipFactory(member=member, cluster=waste)
    return member


@pytest.fixture
def partner(db):
    return MemberFactory(name="Ho Municipal", slug="ho")


def request_link(client, capture, member, **extra):
    with capture(execute=True):
        return client.post(reverse("submissions:request_solution_link", args=[member.slug]), **extra)


def emailed_path(message):
    return re.search(r"http://[^\s]+(/submit/edit/[^\s]+/)", message.body).group(1)


@pytest.fixture
def link_path(client, member, django_capture_on_commit_callbacks):
    request_link(client, django_capture_on_commit_callbacks, member)
    (message,) = mail.outbox
    mail.outbox.clear()
    return emailed_path(message)


def send(client, capture, path, data):
    with capture(execute=True):
        return client.post(path, data)


def public_everywhere(client, text):
    """Where a published solution shows: its list, the API, the sitemap and the site search."""
    return {
        "list": text in client.get("/solutions/").text,
        "api": text in client.get("/api/solutions/").text,
        "sitemap": SLUG in client.get("/sitemap-solutions.xml").text,
        "search": f"/solutions/{SLUG}/" in client.get("/search/", {"q": "minibuses"}).text,
    }


# --- asking for a link ------------------------------------------------------------------------


def test_a_profile_and_a_solution_without_results_offer_the_link(client, member):
    link = reverse("submissions:request_solution_link", args=[member.slug])
    assert f'href="{link}"' in client.get(member.get_absolute_url()).text
    solution = SolutionFactory(lead_member=member)
    assert f'href="{link}"' in client.get(solution.get_absolute_url()).text


def test_the_link_goes_to_the_contact_on_file_and_the_address_is_never_shown(
    client, member, django_capture_on_commit_callbacks
):
    page = client.get(reverse("submissions:request_solution_link", args=[member.slug]))
    assert page.status_code == 200
    assert "Submit a good practice of Keta Municipal" in page.text
    assert SECRET_ADDRESS not in page.text
    response = request_link(client, django_capture_on_commit_callbacks, member)
    sent = client.get(response["Location"])
    assert "a link to submit a good practice is on its way" in sent.text
    assert SECRET_ADDRESS not in sent.text
    (message,) = mail.outbox
    assert message.to == [SECRET_ADDRESS]
    assert "good practice" in message.subject
    assert "/submit/edit/" in message.body


def test_link_requests_share_the_update_links_limits(client, member, django_capture_on_commit_callbacks):
    update = reverse("submissions:request_update", args=[member.slug])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(update, REMOTE_ADDR="203.0.113.1")
        client.post(update, REMOTE_ADDR="203.0.113.2")
    request_link(client, django_capture_on_commit_callbacks, member, REMOTE_ADDR="203.0.113.3")
    refused = request_link(client, django_capture_on_commit_callbacks, member, REMOTE_ADDR="203.0.113.4")
    assert refused.status_code == 429
    assert "Too many requests" in refused.text
    assert len(mail.outbox) == 3


def test_no_link_for_an_unpublished_member(client, django_capture_on_commit_callbacks):
    draft = MemberFactory(status="draft", contact_email=SECRET_ADDRESS)
    assert request_link(client, django_capture_on_commit_callbacks, draft).status_code == 404
    assert mail.outbox == []


# --- the form ---------------------------------------------------------------------------------


def test_the_link_opens_an_empty_good_practice_form(client, member, link_path):
    page = client.get(link_path)
    assert page.status_code == 200
    assert "Submit a good practice of Keta Municipal" in page.text
    for label in ("The challenge", "What was done", "SDG targets", "Partner members", "Result 1", "Indicator"):
        assert label in page.text
    assert '<textarea name="partners"' in page.text
    assert "http://127.0.0.1:8000/members/" in page.text  # the help names the member directory


def test_the_form_costs_the_same_whatever_the_number_of_members(client, member, django_assert_num_queries):
    """Partners are typed, not picked from a list of every member: 100,000 members cost what 3 do."""

    def form_page(published):
        MemberFactory.create_batch(published - Member.objects.published().count())
        token = EditLink.objects.create(member=member, type="solution").token()
        with django_assert_num_queries(2) as queries:  # the link, the clusters
            response = client.get(f"/es/submit/edit/{token}/")
        assert response.status_code == 200
        return len(response.content), len(queries.captured_queries)

    few, many = form_page(3), form_page(60)
    assert abs(few[0] - many[0]) < 300, (few, many)
    assert few[1] == many[1]
    assert Member.objects.published().count() == 60


@pytest.mark.parametrize(
    "typed",
    [
        "ho, http://127.0.0.1:8000/members/tema/",
        "http://testserver/es/members/ho/\nhttps://127.0.0.1/zh-hans/members/tema",
        "/members/ho/; tema\n\nho",
        "  127.0.0.1:8000/members/ho/?from=directory#top , /fr/members/tema/ ",
    ],
)
def test_partners_are_typed_as_profile_addresses_or_slugs(
    client, member, partner, link_path, django_capture_on_commit_callbacks, typed
):
    tema = MemberFactory(name="Tema Metropolitan", slug="tema")
    response = send(client, django_capture_on_commit_callbacks, link_path, solution_data(partners=typed))
    assert response.status_code == 302, response.text
    assert ProfileSubmission.objects.get().solution["partners"] == [partner.pk, tema.pk]


def test_a_good_practice_joins_the_queue_and_nothing_is_public(
    client, member, partner, waste, link_path, moderator, django_capture_on_commit_callbacks
):
    moderator.email = "moderator@example.org"
    moderator.save()
    data = solution_data(with_clusters=[waste], with_partners=[partner])
    response = send(client, django_capture_on_commit_callbacks, link_path, data)
    assert response.status_code == 302
    assert "We received your good practice" in client.get(response["Location"]).text

    submission = ProfileSubmission.objects.get()
    assert (submission.type, submission.status, submission.member) == ("solution", "pending", member)
    assert submission.name == TITLE
    assert submission.contact_email == SECRET_ADDRESS
    assert submission.solution["targets"] == ["11.2", "3.9"]
    assert submission.solution["results"][0]["value"] == "18500.5"
    assert EditLink.objects.get().used_for == submission
    assert {tuple(message.to) for message in mail.outbox} == {(SECRET_ADDRESS,), ("moderator@example.org",)}
    assert any(TITLE in message.subject for message in mail.outbox)

    assert not Solution.objects.exists()
    assert public_everywhere(client, TITLE) == {"list": False, "api": False, "sitemap": False, "search": False}


def test_sending_the_form_twice_makes_one_submission(client, member, link_path, django_capture_on_commit_callbacks):
    data = solution_data()
    first = send(client, django_capture_on_commit_callbacks, link_path, data)
    again = send(client, django_capture_on_commit_callbacks, link_path, data)
    assert again.status_code == 302 and again["Location"] == first["Location"]
    assert ProfileSubmission.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"targets": "11.2, 18.1"}, "18.1: not an SDG target code"),
        ({"targets": "11, 11.99"}, "11, 11.99: not an SDG target code"),
        ({"first_year": "1789"}, "greater than or equal to 1990"),
        ({"last_year": "2020"}, "The last year cannot come before the first."),
        ({"results-0-year": "3000"}, "less than or equal to 2100"),
        ({"results-0-value": "NaN"}, "Enter a number."),
        ({"results-0-value": "1" * 20}, "no more than 16 digits"),
        ({"results-0-indicator": ""}, "Please correct the results as numbers."),
        ({"results-TOTAL_FORMS": "11"}, "Please submit at most 10 forms."),
        ({"results-TOTAL_FORMS": "x"}, "ManagementForm data is missing or has been tampered with"),
        ({"partners": "ho, no-such-member"}, "no-such-member: no member of the portal has this address."),
        ({"partners": "ho\n/members/draft-town/"}, "draft-town: no member of the portal has this address."),
        ({"partners": "https://evil.example/members/ho/"}, "https://evil.example/members/ho/: not the address of"),
        ({"partners": "/news/ho/, javascript:alert(1)"}, "/news/ho/, javascript:alert(1): not the address of"),
        ({"partners": "999999"}, "999999: no member of the portal has this address."),
        ({"partners": "/members/keta/"}, "keta is your own profile"),
        ({"partners": ", ".join(f"member-{number}" for number in range(11))}, "at most 10 partner members"),
        ({"partners": "ho " * 1000}, "at most 2000 characters"),
        ({"title": "Clean\r\nBcc: all@example.org"}, "one line"),
        ({"stage": "published"}, "Select a valid choice."),
        ({"consent": ""}, "Please agree to publication"),
        ({"fax_number": "+1 555 0100"}, "a field meant to stay empty was filled in"),
    ],
)
def test_a_bad_input_is_explained_and_nothing_is_saved_or_spent(
    client, member, partner, link_path, django_capture_on_commit_callbacks, overrides, message
):
    MemberFactory(name="Draft Town", slug="draft-town", status="draft")
    response = send(client, django_capture_on_commit_callbacks, link_path, solution_data(**overrides))
    assert response.status_code == 400
    assert message in response.text
    assert not ProfileSubmission.objects.exists()
    assert EditLink.objects.get().used_at is None
    assert mail.outbox == []


def test_eleven_result_rows_are_refused(client, member, link_path, django_capture_on_commit_callbacks):
    response = send(client, django_capture_on_commit_callbacks, link_path, solution_data(rows=11))
    assert response.status_code == 400
    assert "Please submit at most 10 forms." in response.text
    assert not ProfileSubmission.objects.exists()


def test_empty_result_rows_are_left_out(client, member, link_path, django_capture_on_commit_callbacks):
    data = solution_data(rows=0) | {"results-TOTAL_FORMS": "3"}
    assert send(client, django_capture_on_commit_callbacks, link_path, data).status_code == 302
    assert ProfileSubmission.objects.get().solution["results"] == []


def test_a_used_expired_or_tampered_link_is_refused(client, member, link_path, django_capture_on_commit_callbacks):
    send(client, django_capture_on_commit_callbacks, link_path, solution_data())
    used = send(client, django_capture_on_commit_callbacks, link_path, solution_data())
    assert used.status_code == 410
    assert "This link has already been used" in used.text
    assert client.get(link_path[:-3] + "xx/").status_code == 400
    fresh = EditLink.objects.create(member=member, type="solution")
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 8 * DAY):
        token = fresh.token()
    expired = send(client, django_capture_on_commit_callbacks, f"/submit/edit/{token}/", solution_data())
    assert expired.status_code == 410
    assert "This link has expired" in expired.text
    assert ProfileSubmission.objects.count() == 1


# --- moderation -------------------------------------------------------------------------------


def review_url(submission):
    return reverse("admin:submissions_profilesubmission_change", args=[submission.pk])


@pytest.fixture
def pending(client, member, partner, waste, link_path, django_capture_on_commit_callbacks):
    data = solution_data(with_clusters=[waste], with_partners=[partner])
    send(client, django_capture_on_commit_callbacks, link_path, data)
    mail.outbox.clear()
    return ProfileSubmission.objects.get()


def test_the_review_page_shows_the_proposed_good_practice(moderator_client, pending):
    page = moderator_client.get(review_url(pending))
    assert page.status_code == 200
    assert "Proposed good practice" in page.text
    assert "Daily bus passengers 1: 12000 → 18500.5 trips (2023; Keta transport office)" in page.text
    assert "Ho Municipal" in page.text and "11.2" in page.text
    assert "Feature this member" not in page.text


def test_approval_publishes_the_solution_with_its_results(
    moderator_client, pending, member, partner, waste, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(review_url(pending), {"decision": "approved"})
    assert response.status_code == 302
    solution = Solution.objects.get()
    assert solution.is_public and solution.lead_member == member
    assert (solution.stage, solution.first_year, solution.last_year) == ("completed", 2021, 2023)
    assert list(solution.partners.all()) == [partner]
    assert list(solution.clusters.all()) == [waste]
    assert sorted(solution.targets.values_list("code", flat=True)) == ["11.2", "3.9"]
    (result,) = solution.results.all()
    assert (result.indicator, str(result.value), result.unit, result.year) == (
        "Daily bus passengers 1",
        "18500.500",
        "trips",
        2023,
    )
    assert "<p>Old minibuses filled the coast road with smoke.</p>" in solution.challenge
    (message,) = mail.outbox
    assert message.to == [SECRET_ADDRESS]
    assert solution.get_absolute_url() in message.body

    visitor = Client()
    page = visitor.get(solution.get_absolute_url())
    assert page.status_code == 200 and TITLE in page.text and "Daily bus passengers 1" in page.text
    assert public_everywhere(visitor, TITLE) == {"list": True, "api": True, "sitemap": True, "search": True}


def test_rejection_publishes_nothing(moderator_client, pending, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(review_url(pending), {"decision": "rejected", "note": "Not a practice yet."})
    assert not Solution.objects.exists()
    (message,) = mail.outbox
    assert "was not accepted" in message.subject and "Not a practice yet." in message.body
    assert public_everywhere(Client(), TITLE) == {"list": False, "api": False, "sitemap": False, "search": False}


def test_asked_for_changes_the_partner_revises_with_the_form_filled(
    moderator_client, pending, partner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(review_url(pending), {"decision": "changes", "note": "Add the baseline year."})
    (message,) = mail.outbox
    partner_client = Client()
    path = emailed_path(message)
    page = partner_client.get(path)
    assert page.status_code == 200
    assert "Add the baseline year." in page.text
    assert 'value="Daily bus passengers 1"' in page.text and 'value="11.2, 3.9"' in page.text
    partners = re.search(r'<textarea name="partners"[^>]*>\s*([^<]*)</textarea>', page.text).group(1)
    assert partners == "http://127.0.0.1:8000/members/ho/"  # the partners again, as addresses

    data = solution_data(
        **{"results-INITIAL_FORMS": "1", "summary": pending.description + " Revised.", "partners": partners}
    )
    assert send(partner_client, django_capture_on_commit_callbacks, path, data).status_code == 302
    revision = ProfileSubmission.objects.latest("pk")
    assert (revision.type, revision.revises, revision.member) == ("solution", pending, pending.member)
    assert revision.solution["partners"] == pending.solution["partners"] == [partner.pk]
    review = moderator_client.get(review_url(revision)).text
    assert "This revision beside the version sent back" in review
    assert "coast road.<ins> Revised.</ins>" in review
