"""core/orm.py: a column's identity, built without inspect, is the one Django's generic code builds."""

import pytest
from django.apps import apps
from django.db.models import IntegerField
from django.db.models.expressions import Col, Expression

from events.models import Event
from members.models import Member

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


@pytest.mark.django_db
def test_the_columns_of_compiled_queries_compare_and_hash_as_before():
    for queryset in [Member.objects.published().order_by("name"), Event.objects.published().upcoming()]:
        compiler = queryset.query.get_compiler("default")
        compiler.setup_query()
        selected = [expression for expression, _sql, _alias in compiler.select if isinstance(expression, Col)]
        assert selected
        for column in selected:
            assert column.identity == generic_identity(column)
        again = {column.copy() for column in selected}  # copies are equal, and hash alike
        assert again == set(selected)
        assert len(again) == len(selected)  # two different columns are never equal


def test_a_column_subclass_with_its_own_constructor_keeps_the_generic_identity():
    class Tagged(Col):
        def __init__(self, alias, target, tag, output_field=None):
            super().__init__(alias, target, output_field)
            self.tag = tag

    field = Member._meta.get_field("name")
    assert Tagged("T1", field, "a").identity == generic_identity(Tagged("T1", field, "a"))
    assert Tagged("T1", field, "a") != Tagged("T1", field, "b")
