"""core/multilingual.py: one multilingual queryset class per queryset class, and querysets that
still read and filter in the active language."""

import pickle

import pytest
from django.utils import translation
from modeltranslation.manager import MultilingualQuerySet

from clusters.models import Cluster
from events.models import Event, EventQuerySet, Session
from members.models import Member

from .factories import ClusterFactory, SessionFactory


def test_a_translated_models_querysets_share_one_class():
    first, second = Event.objects.published(), Event.objects.all()
    assert type(first) is type(second)
    assert isinstance(first, MultilingualQuerySet)
    assert isinstance(first, EventQuerySet)
    assert type(Member.objects.all()) is type(Member.objects.all())
    assert type(Member.objects.all()) is not type(first)  # one class per queryset class
    assert type(Session.objects.all()) is MultilingualQuerySet  # a plain QuerySet needs no new class


@pytest.mark.django_db
def test_querysets_still_filter_and_order_in_the_active_language():
    ClusterFactory(slug="transport", name="Transport", name_es="Transporte")
    ClusterFactory(slug="waste", name="Waste", name_es="Residuos")
    with translation.override("es"):
        assert list(Cluster.objects.filter(name="Transporte").values_list("slug", flat=True)) == ["transport"]
        assert [cluster.name for cluster in Cluster.objects.order_by("name")] == ["Residuos", "Transporte"]
    assert [cluster.name for cluster in Cluster.objects.order_by("name")] == ["Transport", "Waste"]


@pytest.mark.django_db
def test_a_pickled_queryset_comes_back_with_its_rows():
    """The cache backends pickle what they keep; a queryset pickles through the factory."""
    session = SessionFactory(title="Opening", title_fr="Ouverture")
    queryset = Event.objects.published().filter(pk=session.event.pk)
    list(queryset)
    restored = pickle.loads(pickle.dumps(queryset))  # noqa: S301 - our own bytes
    assert type(restored) is type(queryset)
    assert list(restored) == [session.event]
