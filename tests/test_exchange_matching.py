"""Suggested matches: complementary candidates first, with reasons a person can read."""

import pytest
from django.utils import translation

from exchange import matching
from exchange.models import PostState, PostType, Suggestion, SuggestionStatus
from solutions.models import Target

from .exchange_helpers import make_post
from .factories import ClusterFactory, MemberFactory, MembershipFactory, SolutionFactory


@pytest.fixture
def world(db):
    waste = ClusterFactory(name="Waste management", short_name="Waste")
    transport = ClusterFactory(name="Transport", short_name="Transport")
    target = Target.objects.get(code="11.6")
    koidu = MemberFactory(name="Koidu", country="SL")
    request = make_post(
        member=koidu,
        type=PostType.SEEKING_EXPERTISE,
        title="Composting market waste",
        description="Koidu wants to turn market waste into compost and needs composting expertise.",
        details="Composting design, operation of a compost site.",
        clusters=[waste],
        targets=[target],
        languages=["en"],
    )
    offer = make_post(
        member=MemberFactory(name="Kumasi", country="GH"),
        type=PostType.OFFERING_EXPERTISE,
        title="Our composting plant",
        description="Kumasi runs a composting plant for market waste and can host visits.",
        details="Composting, compost quality.",
        clusters=[waste],
        targets=[target],
        languages=["en"],
    )
    other_request = make_post(
        type=PostType.TECHNOLOGY_SOUGHT, title="Another request", clusters=[waste], targets=[target]
    )
    unrelated_offer = make_post(type=PostType.OFFERING_EXPERTISE, title="Bus lanes", clusters=[transport])
    return locals()


@pytest.mark.django_db
def test_a_complementary_offer_comes_first_with_its_reasons(world):
    suggestions = matching.compute(world["request"])
    posts = [s for s in suggestions if s.other_post_id]
    assert posts[0].other_post_id == world["offer"].pk
    phrases = matching.describe(Suggestion.objects.get(pk=posts[0].pk))
    assert "both Waste" in phrases
    assert "both SDG 11.6" in phrases
    assert any(phrase.startswith("the offer mentions") and "composting" in phrase for phrase in phrases)
    assert "both work in English" in phrases
    assert "both in Western Africa" in phrases
    suggested_posts = {s.other_post_id for s in posts}
    assert world["other_request"].pk not in suggested_posts  # a request does not meet a request
    assert world["unrelated_offer"].pk not in suggested_posts  # nothing in common
    world["request"].refresh_from_db()
    assert world["request"].matched_at is not None


@pytest.mark.django_db
def test_never_the_posts_own_member_nor_a_closed_post(world):
    koidu = world["request"].member
    MembershipFactory(member=koidu, cluster=world["waste"])
    SolutionFactory(lead_member=koidu).clusters.add(world["waste"])
    own_offer = make_post(member=koidu, type=PostType.OFFERING_EXPERTISE, clusters=[world["waste"]])
    closed = make_post(type=PostType.OFFERING_EXPERTISE, clusters=[world["waste"]], state=PostState.MET)
    draft = make_post(type=PostType.OFFERING_EXPERTISE, clusters=[world["waste"]], status="draft")
    matching.compute(world["request"])
    rows = Suggestion.objects.filter(post=world["request"])
    assert not rows.filter(member=koidu).exists()
    assert not rows.filter(solution__lead_member=koidu).exists()
    assert not rows.filter(other_post__in=[own_offer, closed, draft]).exists()


@pytest.mark.django_db
def test_solutions_and_members_are_suggested_too(world):
    solution = SolutionFactory(title="Compost from market waste", summary="Composting at scale.")
    solution.clusters.add(world["waste"])
    member = MembershipFactory(cluster=world["waste"]).member
    matching.compute(world["request"])
    rows = Suggestion.objects.filter(post=world["request"])
    assert rows.filter(solution=solution).exists()
    assert rows.filter(member=member).exists()
    phrases = matching.describe(rows.get(solution=solution))
    assert any(phrase.startswith("the good practice mentions") for phrase in phrases)


@pytest.mark.django_db
def test_decided_suggestions_stay_and_undecided_are_replaced(world):
    first = matching.compute(world["request"])
    decided = Suggestion.objects.get(pk=first[0].pk)
    decided.status = SuggestionStatus.DISMISSED
    decided.save()
    again = matching.compute(world["request"])
    assert Suggestion.objects.filter(pk=decided.pk, status="dismissed").exists()
    assert decided.other_post_id not in {s.other_post_id for s in again}
    assert Suggestion.objects.filter(post=world["request"], status="suggested").count() == len(again)


@pytest.mark.django_db
def test_a_closed_post_loses_its_undecided_suggestions(world):
    matching.compute(world["request"])
    world["request"].state = PostState.WITHDRAWN
    world["request"].save()
    assert matching.compute(world["request"]) == []
    assert not Suggestion.objects.filter(post=world["request"]).exists()


@pytest.mark.django_db
def test_reasons_are_put_into_the_readers_language(world):
    matching.compute(world["request"])
    suggestion = Suggestion.objects.filter(post=world["request"], other_post=world["offer"]).get()
    with translation.override("fr"):
        french = matching.describe(suggestion)
    assert any("11.6" in phrase for phrase in french)
    assert len(french) == len(matching.describe(suggestion))


def test_significant_words_leave_out_common_ones():
    words = matching.significant_words("We need composting expertise for the market", "composting and compost")
    assert words[0] == "composting"
    assert "need" not in words and "the" not in words and "for" not in words
