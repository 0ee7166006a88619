"""The exchange in the back office: Editors write posts for members, Moderators broker."""

import uuid

import pytest
from django.core import mail
from django.urls import reverse

from core.roles import EDITORS, MODERATORS
from exchange.models import Interest, Post, PostState, Suggestion
from solutions.models import Solution, Target

from .admin_forms import change_form_data
from .exchange_helpers import make_post
from .factories import ClusterFactory, MemberFactory, MembershipFactory, UserFactory


@pytest.fixture
def interest(db):
    member = MemberFactory(name="Kumasi", contact_name="Kwame Mensah", contact_email="kwame@kumasi.example")
    post = make_post(member=member, title="Our composting plant", slug="composting-plant")
    return Interest.objects.create(
        post=post,
        organisation="Koidu City Council",
        name="Fatmata Koroma",
        email="fatmata@koidu.example",
        proposal="A study visit.",
        questions="How big is it?",
        about="A city of 120,000.",
        form_token=uuid.uuid4(),
    )


def decide(client, capture, obj, decision, note=""):
    url = reverse(f"admin:exchange_{obj._meta.model_name}_change", args=[obj.pk])
    with capture(execute=True):
        return client.post(url, {"decision": decision, "note": note})


@pytest.mark.django_db
def test_forward_sends_each_side_the_others_details(client, interest, django_capture_on_commit_callbacks):
    moderator = UserFactory(groups=[MODERATORS])
    client.force_login(moderator)
    page = client.get(reverse("admin:exchange_interest_change", args=[interest.pk]))
    assert page.status_code == 200 and "Forward" in page.text

    response = decide(client, django_capture_on_commit_callbacks, interest, "forward", "Please talk soon.")

    assert response.status_code == 302
    interest.refresh_from_db()
    assert (interest.status, interest.reviewed_by, interest.note) == ("forwarded", moderator, "Please talk soon.")
    assert interest.reviewed_at is not None
    to_member = next(message for message in mail.outbox if message.to == ["kwame@kumasi.example"])
    to_sender = next(message for message in mail.outbox if message.to == ["fatmata@koidu.example"])
    assert "fatmata@koidu.example" in to_member.body and "Fatmata Koroma" in to_member.body
    assert "kwame@kumasi.example" in to_sender.body and "Kwame Mensah" in to_sender.body
    assert "Please talk soon." in to_member.body and "Please talk soon." in to_sender.body
    assert to_member.reply_to == ["fatmata@koidu.example"]

    client.logout()
    public = client.get(interest.post.get_absolute_url())
    assert public.status_code == 200
    for private in ("fatmata@koidu.example", "kwame@kumasi.example", "Fatmata Koroma", "Kwame Mensah"):
        assert private not in public.text


@pytest.mark.django_db
def test_a_decision_is_taken_once(client, interest, django_capture_on_commit_callbacks):
    client.force_login(UserFactory(groups=[MODERATORS]))
    decide(client, django_capture_on_commit_callbacks, interest, "forward")
    mail.outbox.clear()
    second = decide(client, django_capture_on_commit_callbacks, interest, "decline", "No.")
    assert second.status_code == 302
    interest.refresh_from_db()
    assert interest.status == "forwarded"
    assert mail.outbox == []
    assert "already decided" in client.get(second["Location"]).text


@pytest.mark.django_db
def test_nothing_is_forwarded_or_introduced_while_a_member_has_no_contact(client, django_capture_on_commit_callbacks):
    from exchange import matching

    waste = ClusterFactory(short_name="Waste")
    request = make_post(member=MemberFactory(name="Koidu", contact_email=""), clusters=[waste])
    interest = Interest.objects.create(
        post=request,
        organisation="Keta Municipal Assembly",
        name="Ama Owusu",
        email="ama@keta.example",
        proposal="A study visit.",
        questions="How big is it?",
        about="A city of 50,000.",
        form_token=uuid.uuid4(),
    )
    MembershipFactory(cluster=waste, member__contact_email="keta@city.example")
    matching.compute(request)
    suggestion = Suggestion.objects.filter(member__isnull=False).first()
    client.force_login(UserFactory(groups=[MODERATORS]))

    for obj, decision in ((interest, "forward"), (suggestion, "introduce")):
        response = decide(client, django_capture_on_commit_callbacks, obj, decision)
        assert response.status_code == 400
        assert "Koidu has no contact email on file" in response.text
        obj.refresh_from_db()
        assert obj.status in ("received", "suggested")
    assert mail.outbox == []


@pytest.mark.django_db
def test_decline_writes_only_to_the_sender(client, interest, django_capture_on_commit_callbacks):
    client.force_login(UserFactory(groups=[MODERATORS]))
    decide(client, django_capture_on_commit_callbacks, interest, "decline", "The post is nearly met.")
    interest.refresh_from_db()
    assert interest.status == "declined"
    assert [message.to for message in mail.outbox] == [["fatmata@koidu.example"]]
    assert "The post is nearly met." in mail.outbox[0].body
    assert "kwame@kumasi.example" not in mail.outbox[0].body


@pytest.mark.django_db
def test_an_editor_reads_the_queue_but_cannot_decide(client, interest, django_capture_on_commit_callbacks):
    client.force_login(UserFactory(groups=[EDITORS]))
    assert client.get(reverse("admin:exchange_interest_changelist")).status_code == 200
    page = client.get(reverse("admin:exchange_interest_change", args=[interest.pk]))
    assert page.status_code == 200 and 'name="decision"' not in page.text
    assert decide(client, django_capture_on_commit_callbacks, interest, "forward").status_code == 403
    interest.refresh_from_db()
    assert interest.status == "received" and mail.outbox == []


@pytest.mark.django_db
def test_introduce_a_suggested_match(client, django_capture_on_commit_callbacks):
    waste = ClusterFactory(short_name="Waste")
    request = make_post(member=MemberFactory(contact_email="koidu@city.example"), clusters=[waste])
    candidate = MembershipFactory(cluster=waste, member__contact_email="keta@city.example").member
    from exchange import matching

    matching.compute(request)
    suggestion = Suggestion.objects.get(post=request, member=candidate)
    client.force_login(UserFactory(groups=[MODERATORS]))
    changelist = client.get(reverse("admin:exchange_suggestion_changelist"))
    assert "both Waste" in changelist.text

    decide(client, django_capture_on_commit_callbacks, suggestion, "introduce", "Meet at the forum.")

    suggestion.refresh_from_db()
    assert suggestion.status == "introduced"
    by_address = {message.to[0]: message.body for message in mail.outbox}
    assert "keta@city.example" in by_address["koidu@city.example"]
    assert "koidu@city.example" in by_address["keta@city.example"]
    assert "both Waste" in by_address["keta@city.example"]


@pytest.mark.django_db
def test_two_posts_that_complement_each_other_are_one_pair_in_the_queue_decided_once(
    client, django_capture_on_commit_callbacks
):
    from exchange import matching

    waste = ClusterFactory(short_name="Waste")
    request = make_post(title="Koidu seeks composting expertise", clusters=[waste])
    offer = make_post(title="Keta offers composting training", type="offering-expertise", clusters=[waste])
    matching.compute(request)
    matching.compute(offer)
    assert Suggestion.objects.filter(other_post__isnull=False).count() == 2  # one for each member's space
    client.force_login(UserFactory(groups=[MODERATORS]))

    changelist = client.get(reverse("admin:exchange_suggestion_changelist"))
    (shown,) = [row for row in changelist.context["cl"].result_list if row.other_post_id]
    assert {shown.post.title, shown.other_post.title} == {request.title, offer.title}
    decide(client, django_capture_on_commit_callbacks, shown, "dismiss")

    pairs = Suggestion.objects.filter(other_post__isnull=False)
    assert set(pairs.values_list("status", flat=True)) == {"dismissed"}
    matching.compute(request)
    matching.compute(offer)
    assert not pairs.filter(status="suggested").exists()


@pytest.mark.django_db
def test_an_editor_posts_on_a_members_behalf_and_publishing_queues_matches(client, django_capture_on_commit_callbacks):
    waste = ClusterFactory(short_name="Waste")
    member = MemberFactory(name="Koidu")
    offer = make_post(type="offering-expertise", clusters=[waste])
    client.force_login(UserFactory(groups=[EDITORS]))
    add = client.get(reverse("admin:exchange_post_add"))
    assert add.status_code == 200
    assert 'type="checkbox" name="formats"' in add.text

    data = change_form_data(add.text)
    data.update(
        member=member.pk,
        type="seeking-expertise",
        title="Landfill gas",
        slug="landfill-gas",
        description="We need help to capture landfill gas.",
        details="An expert mission.",
        clusters=[waste.pk],
        targets=["11.6"],
        formats=["expert-mission"],
        languages=["en", "fr"],
        status="published",
        published_at_0="2024-01-01",
        published_at_1="00:00:00",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:exchange_post_add"), data)
    assert response.status_code == 302, response.text[:2000]
    post = Post.objects.get(slug="landfill-gas")
    assert post.member == member
    assert set(post.targets.all()) == {Target.objects.get(code="11.6")}
    assert Suggestion.objects.filter(post=post, other_post=offer).exists()
    assert post.history.count() == 1


@pytest.mark.django_db
def test_a_met_post_becomes_a_draft_solution(client, django_capture_on_commit_callbacks):
    waste = ClusterFactory(short_name="Waste")
    post = make_post(
        title="Composting plant visit",
        state=PostState.MET,
        outcome="Two study visits; Koidu opened a compost site in 2025.",
        clusters=[waste],
        targets=["11.6"],
    )
    client.force_login(UserFactory(groups=[EDITORS]))
    page = client.get(reverse("admin:exchange_post_change", args=[post.pk]))
    assert "Make a draft solution from the outcome" in page.text
    response = client.post(reverse("admin:exchange_post_draft_solution", args=[post.pk]))
    assert response.status_code == 302
    solution = Solution.objects.get()
    assert (solution.title, solution.lead_member, solution.status) == (post.title, post.member, "draft")
    assert "compost site in 2025" in solution.results_text
    assert list(solution.clusters.all()) == [waste]
    assert [t.code for t in solution.targets.all()] == ["11.6"]
    followed = client.get(response["Location"])
    assert reverse("admin:solutions_solution_change", args=[solution.pk]) in followed.text


@pytest.mark.django_db
def test_an_open_post_offers_no_draft_solution(client):
    post = make_post()
    client.force_login(UserFactory(groups=[EDITORS]))
    assert "Make a draft solution" not in client.get(reverse("admin:exchange_post_change", args=[post.pk])).text
    client.post(reverse("admin:exchange_post_draft_solution", args=[post.pk]))
    assert not Solution.objects.exists()


@pytest.mark.django_db
def test_a_moderator_who_only_reads_posts_cannot_make_a_solution(client):
    post = make_post(state=PostState.MET, outcome="Two study visits; Koidu opened a compost site in 2025.")
    client.force_login(UserFactory(groups=[MODERATORS]))
    page = client.get(reverse("admin:exchange_post_change", args=[post.pk]))
    assert page.status_code == 200 and "Make a draft solution" not in page.text
    assert client.post(reverse("admin:exchange_post_draft_solution", args=[post.pk])).status_code == 403
    assert not Solution.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["post", "interest", "suggestion"])
def test_the_exchange_lists_load_for_both_groups(client, interest, name, django_assert_max_num_queries):
    for group in (EDITORS, MODERATORS):
        client.force_login(UserFactory(groups=[group]))
        with django_assert_max_num_queries(15):
            assert client.get(reverse(f"admin:exchange_{name}_changelist")).status_code == 200
