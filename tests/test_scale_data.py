"""generate_scale_data: synthetic content in bulk, reproducible, removable without touching the rest."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from clusters.models import Cluster
from core.publishing import Status
from events.models import Event, Person, Session, Speaker
from exchange.models import Post, PostState, Suggestion
from members.models import Member, Membership
from news.models import Article
from solutions.models import Solution

from .factories import ArticleFactory, CategoryFactory, ClusterFactory, EventFactory, MemberFactory, SolutionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalogue(db):
    """A few clusters and categories, so the command need not load the whole demo."""
    ClusterFactory.create_batch(3)
    CategoryFactory.create_batch(2)


SMALL = {"members": 60, "news": 80, "events": 20, "batch_size": 25, "verbosity": 0}


def generate(**options):
    call_command("generate_scale_data", **{**SMALL, **options})


def snapshot():
    return (
        list(
            Member.objects.filter(slug__startswith="gen-")
            .order_by("slug")
            .values_list("slug", "name", "country", "status", "published_at")
        ),
        list(
            Article.objects.filter(slug__startswith="gen-")
            .order_by("slug")
            .values_list("slug", "title", "status", "published_at")
        ),
        list(Event.objects.filter(slug__startswith="gen-").order_by("slug").values_list("slug", "title", "starts_at")),
        list(
            Membership.objects.filter(member__slug__startswith="gen-")
            .order_by("member__slug", "cluster__slug")
            .values_list("member__slug", "cluster__slug", "is_featured")
        ),
    )


def test_it_creates_the_numbers_asked_for():
    generate()
    assert Member.objects.filter(slug__startswith="gen-").count() == 60
    assert Article.objects.filter(slug__startswith="gen-").count() == 80
    assert Event.objects.filter(slug__startswith="gen-").count() == 20


def test_the_resized_images_generated_rows_show_are_there(client):
    """Rows inserted in bulk send no save signal, so the command writes the variants itself."""
    generate()
    member = Member.objects.filter(slug__startswith="gen-").exclude(logo="").first()
    article = Article.objects.filter(slug__startswith="gen-").exclude(lead_image="").first()
    for variant in [member.logo_card, member.thumbnail, article.lead_card, article.lead_large, article.thumbnail]:
        response = client.get(variant.url)
        assert response.status_code == 200, variant.url
        assert response["Content-Type"] == "image/webp"


def test_every_generated_member_is_in_at_least_one_cluster():
    generate()
    assert not Member.objects.filter(slug__startswith="gen-", memberships__isnull=True).exists()


def test_generated_events_have_an_agenda_with_speakers():
    generate()
    assert Session.objects.filter(event__slug__startswith="gen-").count() >= 2 * 20
    assert Speaker.objects.filter(session__event__slug__startswith="gen-").exists()


def test_generated_articles_have_bodies_clusters_and_categories():
    generate()
    articles = Article.objects.filter(slug__startswith="gen-")
    assert not articles.filter(body="").exists()
    assert articles.filter(clusters__isnull=False).exists()
    assert not articles.filter(categories__isnull=True).exists()


def test_it_mixes_published_drafts_and_future_dated_items():
    call_command("generate_scale_data", members=400, news=400, events=0, verbosity=0)
    articles = Article.objects.filter(slug__startswith="gen-")
    assert articles.filter(status=Status.DRAFT).exists()
    assert articles.filter(status=Status.PUBLISHED).count() > articles.filter(status=Status.DRAFT).count()
    assert 0 < articles.published().count() < articles.filter(status=Status.PUBLISHED).count()
    members = Member.objects.filter(slug__startswith="gen-")
    assert members.filter(status=Status.DRAFT).exists() and members.published().exists()


def test_the_same_seed_gives_the_same_data():
    generate(seed=7)
    first = snapshot()
    generate(seed=7, clear=True)
    assert snapshot() == first


def test_another_seed_gives_other_data():
    generate(seed=7)
    first = snapshot()
    generate(seed=8, clear=True)
    assert snapshot() != first


def test_clear_removes_only_generated_rows():
    cluster = ClusterFactory()
    member = MemberFactory(slug="real-member")
    article = ArticleFactory(slug="real-article")
    event = EventFactory(slug="real-event")
    generate()
    call_command("generate_scale_data", clear=True, verbosity=0)
    assert list(Member.objects.values_list("slug", flat=True)) == ["real-member"]
    assert list(Article.objects.values_list("slug", flat=True)) == ["real-article"]
    assert list(Event.objects.values_list("slug", flat=True)) == ["real-event"]
    assert not Person.objects.filter(organisation__startswith="Synthetic").exists()
    assert cluster.pk and member.pk and article.pk and event.pk


def test_it_loads_the_demo_clusters_when_there_are_none():
    Cluster.objects.all().delete()
    generate(members=5, news=0, events=0)
    assert Cluster.objects.filter(slug="transport").exists()
    assert Membership.objects.filter(member__slug__startswith="gen-").count() >= 5


def test_running_twice_without_clear_is_refused():
    generate(members=3, news=0, events=0)
    with pytest.raises(CommandError, match="--clear"):
        generate(members=3, news=0, events=0)


def test_the_planner_knows_how_many_rows_were_loaded():
    """On PostgreSQL the command refreshes the statistics of what it wrote: without them the planner
    took 20,000 members for one row and the Transport cluster page ran into the statement timeout."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("planner statistics are PostgreSQL's")
    generate()

    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [Member._meta.db_table])
        (estimated,) = cursor.fetchone()
    assert estimated >= Member.objects.count() * 0.9


def test_it_generates_exchange_posts_spread_over_members_clusters_targets_formats_and_languages():
    generate(members=30, news=0, events=0, posts=300)
    posts = Post.objects.filter(slug__startswith="gen-")
    assert posts.count() == 300
    assert posts.values("member").distinct().count() > 20
    for relation in ("clusters", "targets", "formats", "languages"):
        assert not posts.filter(**{f"{relation}__isnull": True}).exists(), relation
    assert posts.values("formats").distinct().count() == 4
    assert posts.values("type").distinct().count() == 5
    assert set(posts.values_list("state", flat=True)) == set(PostState.values)
    assert posts.exclude(language="en").exists()
    listed = Post.objects.listed().filter(slug__startswith="gen-")
    assert posts.count() * 0.6 < listed.count() < posts.count()
    assert not listed.filter(state=PostState.EXPIRED).exists()
    assert not posts.filter(state=PostState.MET, outcome="").exists()


def test_posts_without_members_go_to_the_published_ones():
    members = MemberFactory.create_batch(3)
    generate(members=0, news=0, events=0, posts=20)
    assert set(Post.objects.values_list("member", flat=True)) == {member.pk for member in members}


def test_clear_removes_generated_posts_and_the_suggestions_that_point_to_generated_rows():
    real = MemberFactory(slug="real-member")
    real_post = Post.objects.create(
        member=real, type="seeking-expertise", title="Real", slug="real-post", description="d", details="d"
    )
    generate(members=10, news=0, events=0, solutions=5, posts=20)
    generated_post = Post.objects.filter(slug__startswith="gen-").first()
    Suggestion.objects.create(post=real_post, other_post=generated_post, score=1)
    Suggestion.objects.create(post=real_post, member=Member.objects.filter(slug__startswith="gen-").first(), score=1)
    Suggestion.objects.create(
        post=real_post, solution=Solution.objects.filter(slug__startswith="gen-").first(), score=1
    )
    kept = Suggestion.objects.create(post=real_post, solution=SolutionFactory(slug="real-solution"), score=1)

    call_command("generate_scale_data", clear=True, verbosity=0)

    assert list(Post.objects.values_list("slug", flat=True)) == ["real-post"]
    assert list(Suggestion.objects.all()) == [kept]


def test_generated_posts_are_found_by_the_search_vector_on_postgresql():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the search vector is PostgreSQL's")
    generate(members=5, news=0, events=0, posts=50)
    assert not Post.objects.filter(slug__startswith="gen-", search_vector__isnull=True).exists()
