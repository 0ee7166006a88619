import pytest
from django.core.management import call_command

from clusters.models import Cluster
from events.models import Event, RecordingLink, Session, Speaker
from exchange.models import REQUESTS, Interest, Post, PostState, Suggestion
from members.models import Member, Membership
from news.models import Article


def snapshot():
    return {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in (
            Cluster,
            Member,
            Membership,
            Article,
            Event,
            Session,
            Speaker,
            RecordingLink,
            Post,
            Interest,
            Suggestion,
        )
    } | {"updated": sorted(Member.objects.values_list("updated_at", flat=True))}


@pytest.mark.django_db
def test_load_demo_loads_the_clusters_members_news_and_webinars():
    call_command("load_demo", verbosity=0)

    assert Cluster.objects.published().count() == 6
    transport = Cluster.objects.get(slug="transport")
    assert transport.memberships.filter(is_featured=True).count() == 16
    assert transport.members.values("country").distinct().count() == 9
    assert Article.objects.published().count() == 10
    assert Event.objects.published().count() == 4
    webinar = Event.objects.get(slug="sstc-covid-19-recovery-sustainable-development-2022")
    assert webinar.sessions.count() == 9
    assert not webinar.hosts.exists()  # the speakers' cities are not its hosts
    assert webinar.organisers.startswith("UNOSSC and CICETE")
    assert webinar.recordings.get().links.count() == 2
    climate = Event.objects.get(slug="south-south-cooperation-cities-climate-action-2020")
    assert "Buenos Aires" in climate.report
    assert all(member.logo for member in Member.objects.all())


@pytest.mark.django_db
def test_load_demo_posts_requests_and_offers_in_every_cluster():
    call_command("load_demo", verbosity=0)

    posts = Post.objects.all()
    for cluster in Cluster.objects.all():
        assert posts.filter(clusters=cluster).exists(), cluster.slug
    types = set(posts.values_list("type", flat=True))
    assert types & REQUESTS and types - REQUESTS
    assert posts.values("formats").distinct().count() == 4
    assert {"en", "es", "pt", "ru"} <= set(posts.values_list("language", flat=True))
    assert posts.values("targets__goal").distinct().count() >= 5
    met = posts.get(state=PostState.MET)
    assert "Hangzhou" in met.outcome
    expired = posts.get(state=PostState.EXPIRED)
    listed = set(Post.objects.listed())
    assert expired not in listed and met not in listed
    assert posts.get(slug="koidu-waste-management-expertise") in listed
    assert len(listed) == posts.count() - 2


@pytest.mark.django_db
def test_load_demo_leaves_expressions_of_interest_with_invented_addresses():
    call_command("load_demo", verbosity=0)

    assert sorted(Interest.objects.values_list("status", flat=True)) == ["forwarded", "received"]
    assert all(email.endswith(".example.org") for email in Interest.objects.values_list("email", flat=True))
    forwarded = Interest.objects.get(status="forwarded")
    assert forwarded.reviewed_at > forwarded.created_at


@pytest.mark.django_db
def test_the_demo_suggests_sao_paulos_waste_expertise_to_koidu():
    call_command("load_demo", verbosity=0)

    koidu = Post.objects.get(slug="koidu-waste-management-expertise")
    suggested = [suggestion.other_post and suggestion.other_post.slug for suggestion in koidu.suggestions.all()]
    assert "sao-paulo-waste-management-experience" in suggested[:3]
    assert not Suggestion.objects.filter(post__state__in=[PostState.MET, PostState.EXPIRED]).exists()


@pytest.mark.django_db
def test_running_load_demo_twice_changes_nothing():
    call_command("load_demo", verbosity=0)
    before = snapshot()

    call_command("load_demo", verbosity=0)

    assert snapshot() == before


@pytest.mark.django_db
def test_load_demo_if_empty_leaves_an_existing_database_alone():
    Cluster.objects.create(name="Staff cluster", short_name="Staff", slug="staff", intro="x")
    call_command("load_demo", if_empty=True, verbosity=0)
    assert Cluster.objects.count() == 1


@pytest.mark.django_db
def test_dry_run_writes_nothing():
    call_command("load_demo", dry_run=True, verbosity=0)
    assert not Cluster.objects.exists()


def test_placeholder_photos_have_no_lettering():
    """A title drawn into an image is clipped by every crop (`ransport & Air Quality`): the demo's
    photos carry none. The old ones wrote it in white; no pixel of these is white."""
    from io import BytesIO

    from PIL import Image

    from demo.placeholders import photo

    for title in ("Sustainable Transport & Air Quality", "SSC Facilitates South-South Exchange on Urban Mobility"):
        with Image.open(BytesIO(photo(title))) as image:
            (_lowest, highest) = image.convert("L").getextrema()
        assert highest < 240, title
