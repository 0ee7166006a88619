"""Rules the database enforces, and the messages staff see when they break them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from clusters.models import Cluster
from members.models import Member

from .factories import (
    ArticleFactory,
    ClusterFactory,
    EventFactory,
    MemberFactory,
    MembershipFactory,
    RecordingFactory,
)


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [ClusterFactory, MemberFactory, ArticleFactory, EventFactory])
def test_slugs_are_unique(factory):
    factory(slug="same-slug")
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(slug="same-slug")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [(Decimal("91"), Decimal("0")), (Decimal("0"), Decimal("-181")), (Decimal("10"), None), (None, Decimal("10"))],
)
def test_the_database_refuses_impossible_coordinates(latitude, longitude):
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberFactory(latitude=latitude, longitude=longitude)


@pytest.mark.django_db
def test_the_database_refuses_a_negative_population_and_area():
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberFactory(population=-5)
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberFactory(area_km2=Decimal("-1"))


@pytest.mark.django_db
def test_an_event_cannot_end_before_it_starts():
    start = dt.datetime(2025, 5, 1, 10, tzinfo=dt.UTC)
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(starts_at=start, ends_at=start - dt.timedelta(hours=1))


@pytest.mark.django_db
@pytest.mark.parametrize("minutes", [0, -5])
def test_a_recording_cannot_last_no_time_or_less(minutes):
    with pytest.raises(IntegrityError), transaction.atomic():
        RecordingFactory(duration=dt.timedelta(minutes=minutes))


@pytest.mark.django_db
def test_a_member_joins_a_cluster_once():
    membership = MembershipFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(cluster=membership.cluster, member=membership.member)


@pytest.mark.django_db
def test_deleting_a_cluster_that_has_members_is_refused_not_cascaded():
    membership = MembershipFactory()
    with pytest.raises(ProtectedError):
        membership.cluster.delete()
    assert Cluster.objects.filter(pk=membership.cluster.pk).exists()
    assert Member.objects.filter(pk=membership.member.pk).exists()


@pytest.mark.django_db
def test_a_cluster_without_members_can_be_deleted():
    cluster = ClusterFactory()
    cluster.delete()
    assert not Cluster.objects.exists()
