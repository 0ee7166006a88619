"""Members' names and localities are translated too (members/0006): their translations join the
member's search vector, name A and locality B as before, so "Ciudad de México" finds the member
whose English name is "Mexico City" on every page. Same function as 0002 otherwise; the existing
rows are refilled (about 100,000 rows' vectors rebuilt on the benchmark database).
"""

from importlib import import_module

from django.db import migrations

from core.content_migrations import lift_statement_timeout

translated_search = import_module("search.migrations.0002_translated_search")

MEMBERS = {
    "members_member": [
        ("A", [("name", True)]),
        ("B", [("locality", True)]),
        ("C", [("description", True)]),
    ],
}


def _install(schema_editor, documents):
    lift_statement_timeout(schema_editor)  # every member's vector is rebuilt
    columns = {table: translated_search.columns(groups) for table, groups in documents.items()}
    translated_search.install(schema_editor, documents, columns)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _install(schema_editor, MEMBERS)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _install(schema_editor, {"members_member": translated_search.DOCUMENTS["members_member"]})


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_translated_search"),
        ("members", "0006_name_locality_translations"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
