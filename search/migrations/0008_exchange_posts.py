"""The site search covers the exchange's posts: title A, description B, what is sought or offered C.
A post is written in one language (no translation columns), so every column goes through
`portal_search`, as a member's name does in 0004. A GIN index and the vector kept in the row as for
good practices (0007): there may be tens of thousands, and the exchange's matching (exchange/matching.py)
ranks posts against each other by this vector."""

from importlib import import_module

from django.db import migrations

translated_search = import_module("search.migrations.0002_translated_search")
stemming = import_module("search.migrations.0004_per_language_stemming")

TABLE = "exchange_post"
DOCUMENTS = {
    TABLE: [
        ("A", [("title", False)]),
        ("B", [("description", False)]),
        ("C", [("details", False)]),
    ],
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    columns = {table: translated_search.columns(groups) for table, groups in DOCUMENTS.items()}
    translated_search.install(schema_editor, DOCUMENTS, columns, build=stemming.vector)
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {TABLE}_search_idx ON {TABLE} USING gin (search_vector)")
    schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN search_vector SET STORAGE MAIN")
    schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN search_vector SET STATISTICS 400")  # as 0005


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {TABLE}_search_idx")
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_search_vector ON {TABLE}")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {TABLE}_search_vector()")
    schema_editor.execute(f"UPDATE {TABLE} SET search_vector = NULL")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0007_solutions"),
        ("exchange", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
