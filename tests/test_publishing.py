"""Drafts and future-dated items never reach the public, whatever the model."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.utils import timezone

from clusters.models import Cluster
from core.publishing import Status
from events.models import Event
from members.models import Member
from news.models import Article

from .factories import ArticleFactory, ClusterFactory, EventFactory, MemberFactory

FACTORIES = [
    (ClusterFactory, Cluster),
    (MemberFactory, Member),
    (ArticleFactory, Article),
    (EventFactory, Event),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("factory", "model"), FACTORIES, ids=lambda v: getattr(v, "__name__", ""))
def test_published_returns_only_published_items_whose_time_has_come(factory, model):
    public = factory()
    factory(status=Status.DRAFT)
    factory(published_at=timezone.now() + dt.timedelta(hours=1))

    assert list(model.objects.published()) == [public]
    # The same condition written as SQL, for statements written by hand (the site search's ranking).
    condition, params = model.objects.published_sql(connection)
    sql = RawSQL(condition, params, output_field=BooleanField())  # noqa: S611 - column names and parameters
    written = model.objects.alias(public=sql).filter(public=True)
    assert list(written) == [public]


@pytest.mark.django_db
@pytest.mark.parametrize(("factory", "model"), FACTORIES, ids=lambda v: getattr(v, "__name__", ""))
def test_a_draft_is_a_404_at_its_public_address(client, factory, model):
    draft = factory(status=Status.DRAFT)
    scheduled = factory(published_at=timezone.now() + dt.timedelta(days=1))
    public = factory()

    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(scheduled.get_absolute_url()).status_code == 404
    assert client.get(public.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_drafts_are_left_out_of_home_page_counts_and_lists(client):
    ClusterFactory(name="Visible cluster")
    ClusterFactory(name="Hidden cluster", status=Status.DRAFT)
    MemberFactory(country="BR")
    MemberFactory(country="CL", status=Status.DRAFT)
    ArticleFactory(title="Hidden article", status=Status.DRAFT)

    response = client.get("/")

    assert response.context["counts"] == {"members": 1, "countries": 1, "events": 0, "clusters": 1}
    assert "Visible cluster" in response.text
    assert "Hidden cluster" not in response.text
    assert "Hidden article" not in response.text


@pytest.mark.django_db
def test_a_published_item_becomes_public_when_its_time_comes():
    soon = timezone.now() + dt.timedelta(minutes=5)
    article = ArticleFactory(published_at=soon)
    assert not article.is_public

    article.published_at = timezone.now() - dt.timedelta(seconds=1)
    article.save()
    assert Article.objects.published().get() == article
