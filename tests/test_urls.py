"""core/urls.py: an object's address reversed once per language is the address Django reverses."""

import pytest
from django.conf import settings
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation

from core.urls import reverse_slug

from .factories import ArticleFactory, ClusterFactory, EventFactory, MemberFactory


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [ClusterFactory, MemberFactory, ArticleFactory, EventFactory])
def test_every_objects_address_is_what_reverse_gives_in_every_language(factory):
    obj = factory(slug="sao-paulo_2")
    view = f"{obj._meta.app_label}:detail"
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            assert obj.get_absolute_url() == reverse(view, kwargs={"slug": obj.slug})


def test_the_address_follows_the_script_prefix():
    set_script_prefix("/portal/")
    try:
        assert reverse_slug("members:detail", "quito") == "/portal/members/quito/"
    finally:
        set_script_prefix("/")
    assert reverse_slug("members:detail", "quito") == "/members/quito/"


@pytest.mark.parametrize("slug", ["", "a/b", "são", "x?y=1"])
def test_anything_but_a_slug_is_refused_as_django_refuses_it(slug):
    with pytest.raises(NoReverseMatch):
        reverse("members:detail", kwargs={"slug": slug})
    with pytest.raises(NoReverseMatch):
        reverse_slug("members:detail", slug)
