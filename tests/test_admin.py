"""The staff back office: every page loads for an Editor, cheaply, and each group can do only its job."""

import pytest
from django.apps import apps
from django.urls import reverse

from clusters.models import Cluster
from members.models import Member

from .factories import (
    ArticleFactory,
    CategoryFactory,
    ClusterFactory,
    MemberFactory,
    MembershipFactory,
    PageFactory,
    PersonFactory,
    RecordingLinkFactory,
    SolutionResultFactory,
    SpeakerFactory,
    SubmissionFactory,
)

EDITABLE = [
    "clusters.cluster",
    "members.member",
    "members.membership",
    "news.article",
    "news.category",
    "events.event",
    "events.session",
    "events.person",
    "events.recording",
    "pages.page",
    "solutions.solution",
]


@pytest.fixture
def content(db):
    membership = MembershipFactory()
    article = ArticleFactory()
    article.clusters.add(membership.cluster)
    article.categories.add(CategoryFactory())
    speaker = SpeakerFactory()
    link = RecordingLinkFactory(recording__event=speaker.session.event)
    SubmissionFactory()
    PersonFactory()
    PageFactory()
    SolutionResultFactory()
    return {"membership": membership, "article": article, "speaker": speaker, "link": link}


def admin_url(label, action, *args):
    app_label, model = label.split(".")
    return reverse(f"admin:{app_label}_{model}_{action}", args=args)


@pytest.mark.django_db
@pytest.mark.parametrize("label", [*EDITABLE, "submissions.profilesubmission"])
def test_every_changelist_loads_for_an_editor_with_few_queries(
    editor_client, content, label, django_assert_max_num_queries
):
    with django_assert_max_num_queries(15):
        response = editor_client.get(admin_url(label, "changelist"))
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("label", EDITABLE)
def test_every_add_page_loads_for_an_editor(editor_client, content, label, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        response = editor_client.get(admin_url(label, "add"))
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("label", [*EDITABLE, "submissions.profilesubmission"])
def test_every_change_page_loads_for_an_editor(editor_client, content, label, django_assert_max_num_queries):
    obj = apps.get_model(label).objects.first()
    with django_assert_max_num_queries(25):
        response = editor_client.get(admin_url(label, "change", obj.pk))
    assert response.status_code == 200


@pytest.mark.django_db
def test_changelist_queries_do_not_grow_with_rows(editor_client, django_assert_max_num_queries):
    for _ in range(30):
        MembershipFactory()
    with django_assert_max_num_queries(15):
        assert editor_client.get(admin_url("members.member", "changelist")).status_code == 200
    with django_assert_max_num_queries(15):
        assert editor_client.get(admin_url("clusters.cluster", "changelist")).status_code == 200


# The admin edits a translated field's English text as `<field>_en`; overrides may name either.
ENGLISH_FIELDS = {"name": "name_en", "locality": "locality_en", "description": "description_en"}


def member_form(**overrides):
    data = {
        "name_en": "Ve-Golokuati",
        "slug": "ve-golokuati",
        "kind": "district",
        "country": "GH",
        "locality_en": "Ve-Golokuati, Ghana",
        "description_en": "",
        "website": "",
        "population": "",
        "population_year": "",
        "area_km2": "",
        "latitude": "",
        "longitude": "",
        "contact_name": "",
        "contact_email": "",
        "status": "draft",
        "published_at_0": "2025-01-01",
        "published_at_1": "10:00:00",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    data.update({ENGLISH_FIELDS.get(key, key): value for key, value in overrides.items()})
    return data


@pytest.mark.django_db
def test_the_event_form_says_when_a_recording_is_shown_on_the_events_page(editor_client):
    """The event page lists a recording once it has a link (Event.page_relations); the links are
    added on the recording's own page, so the recordings inline says so."""
    event = RecordingLinkFactory().recording.event

    response = editor_client.get(admin_url("events.event", "change", event.pk))

    assert "Listed on the event&#x27;s page once it has a link" in response.text


@pytest.mark.django_db
def test_an_editor_adds_a_member(editor_client):
    response = editor_client.post(admin_url("members.member", "add"), member_form())
    assert response.status_code == 302
    assert Member.objects.get().locality == "Ve-Golokuati, Ghana"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"latitude": "95", "longitude": "10"}, "less than or equal to 90"),
        ({"latitude": "10", "longitude": "-200"}, "greater than or equal to -180"),
        ({"latitude": "10"}, "Give both latitude and longitude, or neither."),
        ({"population": "-3"}, "greater than or equal to 0"),
        ({"slug": "taken"}, "Member with this Slug already exists."),
    ],
)
def test_bad_member_input_gets_a_clear_message_and_saves_nothing(editor_client, overrides, message):
    MemberFactory(slug="taken")
    response = editor_client.post(admin_url("members.member", "add"), member_form(**overrides))
    assert response.status_code == 200
    assert message in response.text
    assert Member.objects.count() == 1


@pytest.mark.django_db
def test_an_editor_can_unpublish_in_bulk_but_not_delete(editor_client):
    members = MemberFactory.create_batch(2)
    response = editor_client.post(
        admin_url("members.member", "changelist"),
        {"action": "make_draft", "_selected_action": [m.pk for m in members]},
    )
    assert response.status_code == 302
    assert not Member.objects.published().exists()

    response = editor_client.post(admin_url("members.member", "delete", members[0].pk), {"post": "yes"})
    assert response.status_code == 403
    assert Member.objects.count() == 2


@pytest.mark.django_db
def test_a_moderator_cannot_delete_a_cluster(moderator_client):
    cluster = ClusterFactory()
    response = moderator_client.post(admin_url("clusters.cluster", "delete", cluster.pk), {"post": "yes"})
    assert response.status_code == 403
    assert Cluster.objects.filter(pk=cluster.pk).exists()


@pytest.mark.django_db
def test_a_moderator_cannot_edit_content(moderator_client):
    cluster = ClusterFactory(name="Before")
    response = moderator_client.get(admin_url("clusters.cluster", "change", cluster.pk))
    assert response.status_code == 200
    assert 'name="_save"' not in response.text  # read-only view


@pytest.mark.django_db
def test_an_editor_can_read_the_submission_queue_but_not_decide(editor_client, editor, moderator):
    submission = SubmissionFactory()
    assert editor_client.get(admin_url("submissions.profilesubmission", "changelist")).status_code == 200
    response = editor_client.post(
        admin_url("submissions.profilesubmission", "change", submission.pk), {"status": "approved"}
    )
    assert response.status_code == 403
    submission.refresh_from_db()
    assert submission.status == "pending"
    assert not editor.has_perm("submissions.moderate_profilesubmission")
    assert moderator.has_perm("submissions.moderate_profilesubmission")


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(admin_url("members.member", "changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_the_index_says_when_nothing_needs_attention(editor_client):
    assert "Nothing is waiting" in editor_client.get(reverse("admin:index")).text
