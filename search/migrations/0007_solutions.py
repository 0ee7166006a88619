"""The site search covers good practices (solutions): title A, summary B, the challenge, what was
done, the results and how to replicate C, every language as in 0004, with a GIN index and the
vector kept in the row as for news and events (0001), since there may be tens of thousands."""

from importlib import import_module

from django.db import migrations

translated_search = import_module("search.migrations.0002_translated_search")
stemming = import_module("search.migrations.0004_per_language_stemming")

TABLE = "solutions_solution"
DOCUMENTS = {
    TABLE: [
        ("A", [("title", True)]),
        ("B", [("summary", True)]),
        ("C", [("challenge", True), ("approach", True), ("results_text", True), ("replication", True)]),
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
        ("search", "0006_clusters_and_pages"),
        ("solutions", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
