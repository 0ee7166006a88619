"""The site search also covers clusters and staff-written pages (About, Contact…).

Each gets the trigger the other searched tables have (0004's vector: every column through
`portal_search`, each translation also through its own language's configuration): a cluster's
names A, intro B, description C; a page's title A, summary B, body C. No full-text index: there
are a handful of clusters and pages, and reading them all costs less than an index lookup.
The existing rows are filled at the end.
"""

from importlib import import_module

from django.db import migrations

translated_search = import_module("search.migrations.0002_translated_search")
stemming = import_module("search.migrations.0004_per_language_stemming")

DOCUMENTS = {
    "clusters_cluster": [
        ("A", [("name", True), ("short_name", True)]),
        ("B", [("intro", True)]),
        ("C", [("description", True)]),
    ],
    "pages_page": [
        ("A", [("title", True)]),
        ("B", [("summary", True)]),
        ("C", [("body", True)]),
    ],
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        columns = {table: translated_search.columns(groups) for table, groups in DOCUMENTS.items()}
        translated_search.install(schema_editor, DOCUMENTS, columns, build=stemming.vector)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in DOCUMENTS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_search_vector ON {table}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_search_vector()")
            schema_editor.execute(f"UPDATE {table} SET search_vector = NULL")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0005_search_vector_statistics"),
        ("clusters", "0004_search_vector"),
        ("pages", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
