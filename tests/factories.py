"""Test data. Every factory builds published, public content unless told otherwise."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from clusters.models import Cluster
from core.publishing import Status
from events.models import Event, Person, Recording, RecordingLink, Session, Speaker
from members.models import Member, Membership
from news.models import Article, Category
from pages.models import Page
from solutions.models import Solution, SolutionResult
from submissions.models import ProfileSubmission

PAST = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


class PublishedFactory(factory.django.DjangoModelFactory):
    status = Status.PUBLISHED
    published_at = PAST


class ClusterFactory(PublishedFactory):
    class Meta:
        model = Cluster

    name = factory.Sequence(lambda n: f"Cluster {n}")
    short_name = factory.Sequence(lambda n: f"C{n}")
    slug = factory.Sequence(lambda n: f"cluster-{n}")
    intro = "A thematic group of cities."
    description = "<p>What the cluster does.</p>"
    order = factory.Sequence(lambda n: n)


class MemberFactory(PublishedFactory):
    class Meta:
        model = Member

    name = factory.Sequence(lambda n: f"Member City {n}")
    slug = factory.Sequence(lambda n: f"member-city-{n}")
    kind = "city"
    country = "BR"
    locality = factory.LazyAttribute(lambda o: f"{o.name}, Brazil")
    description = "A city of the Global South."


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    cluster = factory.SubFactory(ClusterFactory)
    member = factory.SubFactory(MemberFactory)
    is_featured = True


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class ArticleFactory(PublishedFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"News article {n}")
    slug = factory.Sequence(lambda n: f"news-article-{n}")
    summary = "What happened."
    body = "<p>The whole story.</p>"


class EventFactory(PublishedFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Webinar {n}")
    slug = factory.Sequence(lambda n: f"webinar-{n}")
    kind = "webinar"
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))
    timezone = "Asia/Shanghai"
    summary = "A webinar."


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    honorific = "Ms."
    name = factory.Sequence(lambda n: f"Speaker {n}")
    role = "Director"
    organisation = "UNOSSC"


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Session {n}")
    order = factory.Sequence(lambda n: n)


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    session = factory.SubFactory(SessionFactory)
    person = factory.SubFactory(PersonFactory)
    part = "Speaker"


class RecordingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recording

    event = factory.SubFactory(EventFactory)
    title = "Recording"


class RecordingLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecordingLink

    recording = factory.SubFactory(RecordingFactory)
    platform = "youtube"
    url = "https://www.youtube.com/watch?v=example"


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProfileSubmission

    name = factory.Sequence(lambda n: f"Partner Town {n}")
    kind = "city"
    country = "GH"
    locality = "Partner Town, Ghana"
    description = "A town that wants to join."
    contact_name = "Ama Mensah"
    contact_email = "ama@example.org"
    consent = True


class PageFactory(PublishedFactory):
    class Meta:
        model = Page

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")
    summary = "What this page is about."
    body = "<p>What the page says.</p>"


class SolutionFactory(PublishedFactory):
    class Meta:
        model = Solution

    title = factory.Sequence(lambda n: f"Solution {n}")
    slug = factory.Sequence(lambda n: f"solution-{n}")
    summary = "What a member did about a challenge."
    challenge = "<p>The problem.</p>"
    approach = "<p>What was done.</p>"
    first_year = 2021
    lead_member = factory.SubFactory(MemberFactory)


class SolutionResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SolutionResult

    solution = factory.SubFactory(SolutionFactory)
    indicator = "Daily bus passengers"
    baseline = 1000
    value = 1500
    unit = "passengers"
    year = 2023
    source = "City transport office"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "a-long-test-password")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if not create:
            return
        # Saves the password set above, with or without groups.
        self.save()
        if extracted:
            self.groups.set(Group.objects.filter(name__in=extracted))
