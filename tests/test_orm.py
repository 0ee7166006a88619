"""core/orm.py: an expression's identity, built without inspect, is the one Django's generic code builds."""

import pytest
from django.apps import apps
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import Count, F, IntegerField, Q, Value
from django.db.models.expressions import Col, Expression, RawSQL
from django.db.models.functions import Coalesce, Lower, NullIf

from events.models import Event
from members.models import Member
from news.models import Article

generic_identity = Expression.identity.func


def columns():
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            yield Col(model._meta.db_table, field)
            yield Col(None, field)
            yield Col("T3", field, IntegerField())
            yield Col(alias="T4", target=field, output_field=field)


def test_every_columns_identity_is_the_one_django_computes():
    checked = 0
    for column in columns():
        assert column.identity == generic_identity(column), column
        checked += 1
    assert checked > 400


@pytest.mark.parametrize(
    "expression",
    [
        RawSQL("SELECT %s", [1]),
        RawSQL("SELECT %s", (1,), output_field=IntegerField()),
        Value("x"),
        Coalesce(NullIf(F("name_es"), Value("")), F("name")),
        Lower("name"),
        Count("pk", distinct=True),
        SearchQuery("cable", search_type="websearch", config="portal_search"),
        SearchRank(F("search_vector"), SearchQuery("cable")),
        SearchHeadline(F("body"), SearchQuery("cable"), max_words=30, start_sel="<", stop_sel=">"),
    ],
    ids=lambda expression: type(expression).__name__,
)
def test_other_expressions_have_the_identity_django_computes(expression):
    assert expression.identity == generic_identity(expression)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "queryset",
    [
        lambda: Member.objects.published().order_by("name"),
        lambda: Event.objects.published().upcoming(),
        lambda: Member.objects.filter(Q(name__icontains="a") | Q(locality="b")).annotate(n=Count("clusters")),
        lambda: Article.objects.latest().extra(select={"one": "1"}),
    ],
)
def test_the_expressions_of_compiled_queries_compare_and_hash_as_before(queryset):
    compiler = queryset().query.get_compiler("default")
    compiler.setup_query()
    selected = [expression for expression, _sql, _alias in compiler.select]
    assert selected
    for expression in selected:
        assert expression.identity == generic_identity(expression)
    again = {expression.copy() for expression in selected}  # copies are equal, and hash alike
    assert again == set(selected)
    assert len(again) == len(selected)  # two different expressions are never equal


def test_a_subclass_with_a_constructor_of_its_own_keeps_its_arguments_apart():
    class Tagged(Col):
        def __init__(self, alias, target, tag, *rest, output_field=None):
            super().__init__(alias, target, output_field)
            self.tag = tag

    field = Member._meta.get_field("name")
    assert Tagged("T1", field, "a").identity == generic_identity(Tagged("T1", field, "a"))
    assert Tagged("T1", field, "a") != Tagged("T1", field, "b")


def test_arguments_that_do_not_bind_fail_as_in_django():
    with pytest.raises(TypeError):
        Col("T1", Member._meta.get_field("name"), unknown=1).identity  # noqa: B018
