"""History: every change to a member, cluster, article or event records who and when; Editors restore."""

import pytest
from django.urls import reverse

from clusters.models import Cluster
from core.publishing import Status
from events.models import Event
from members.models import Member
from news.models import Article

from .factories import ArticleFactory, ClusterFactory, EventFactory, MemberFactory, PageFactory, SolutionFactory
from .test_admin import member_form

FACTORIES = {
    "members.member": MemberFactory,
    "clusters.cluster": ClusterFactory,
    "news.article": ArticleFactory,
    "events.event": EventFactory,
    "pages.page": PageFactory,
    "solutions.solution": SolutionFactory,
}


def url(label, action, *args):
    app_label, model = label.split(".")
    return reverse(f"admin:{app_label}_{model}_{action}", args=args)


@pytest.mark.django_db
def test_an_admin_edit_records_who_made_it_and_when(editor_client, editor):
    member = MemberFactory(name="Ve-Golokuati", slug="ve-golokuati")
    response = editor_client.post(
        url("members.member", "change", member.pk),
        member_form(locality="Ve-Golokuati, Volta Region, Ghana", status="published"),
    )
    assert response.status_code == 302
    latest = member.history.latest()
    assert latest.history_user == editor
    assert latest.history_type == "~"
    assert latest.locality == "Ve-Golokuati, Volta Region, Ghana"
    assert latest.history_date is not None
    assert member.history.count() == 2  # created by the factory, changed by the editor


@pytest.mark.django_db
@pytest.mark.parametrize("label", FACTORIES)
def test_an_editor_sees_the_history_of_each_kind_of_content(editor_client, label):
    obj = FACTORIES[label]()
    obj.status = Status.DRAFT
    obj.save()
    response = editor_client.get(url(label, "history", obj.pk))
    assert response.status_code == 200
    assert "Changed" in response.text or "Created" in response.text
    version = obj.history.earliest()
    response = editor_client.get(url(label, "simple_history", obj.pk, version.history_id))
    assert response.status_code == 200
    assert 'name="_save"' in response.text  # the revert button


@pytest.mark.django_db
def test_an_editor_restores_an_earlier_version(editor_client, editor):
    member = MemberFactory(name="Ve-Golokuati", slug="ve-golokuati", locality="Ve-Golokuati, Ghana")
    original = member.history.earliest()
    member.locality = "A wrong place"
    member.save()

    form = member_form(status="published", published_at_0="2024-01-01", published_at_1="00:00:00")
    response = editor_client.post(url("members.member", "simple_history", member.pk, original.history_id), form)
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.locality == "Ve-Golokuati, Ghana"
    assert member.history.latest().history_user == editor
    assert member.history.count() == 3


@pytest.mark.django_db
def test_bulk_publishing_is_recorded_in_history(editor_client, editor):
    members = MemberFactory.create_batch(3, status=Status.DRAFT)
    response = editor_client.post(
        url("members.member", "changelist"),
        {"action": "make_published", "_selected_action": [m.pk for m in members]},
    )
    assert response.status_code == 302
    assert Member.objects.published().count() == 3
    for member in members:
        latest = member.history.latest()
        assert (latest.status, latest.history_user) == (Status.PUBLISHED, editor)


@pytest.mark.django_db
def test_a_moderator_can_read_member_history_but_not_restore_it(moderator_client):
    member = MemberFactory()
    assert moderator_client.get(url("members.member", "history", member.pk)).status_code == 200
    version = member.history.earliest()
    response = moderator_client.get(url("members.member", "simple_history", member.pk, version.history_id))
    assert 'name="_save"' not in response.text
    member.name = "Renamed"
    member.save()
    form = member_form(name=version.name, slug=member.slug, status="published")
    response = moderator_client.post(url("members.member", "simple_history", member.pk, version.history_id), form)
    assert response.status_code == 403
    member.refresh_from_db()
    assert member.name == "Renamed"
    assert member.history.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("label", FACTORIES)
def test_an_editor_cannot_hard_delete_public_content(editor_client, editor, label):
    obj = FACTORIES[label]()
    response = editor_client.post(url(label, "delete", obj.pk), {"post": "yes"})
    assert response.status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()
    assert not editor.has_perm(f"{label.split('.')[0]}.delete_{label.split('.')[1]}")
    response = editor_client.post(url(label, "changelist"), {"action": "delete_selected", "_selected_action": [obj.pk]})
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_history_is_kept_for_the_four_public_models():
    for model in (Member, Cluster, Article, Event):
        assert hasattr(model, "history"), model
