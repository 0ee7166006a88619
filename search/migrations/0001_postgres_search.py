"""Full-text search on PostgreSQL; nothing happens on SQLite, which uses the fallback in search/engine.py.

- `unaccent`, and a text search configuration `portal_search`: English stemming after removing
  accents, so "Sao Paulo" finds "São Paulo" both in documents and in queries.
- A trigger per searchable table that fills `search_vector` (title A, summary B, body C) on every
  insert and on every update of a searched column, whatever writes the row (admin, bulk_create,
  raw SQL). A trigger rather than a generated column: PostgreSQL refuses to change the type of a
  column a generated column reads, which would block ordinary migrations of these fields.
- A GIN index on each `search_vector`, and STORAGE MAIN for it: the vector stays in the row
  (compressed if need be) and the long body moves to TOAST instead, so checking a row against a
  query does not fetch TOAST chunks (half the time of a search over 100,000 articles).

If a searched column is renamed or a new one should be searched, write a migration that runs
CREATE OR REPLACE FUNCTION with the new definition, then touches the rows (`UPDATE … SET title = title`).
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

CONFIG = "portal_search"

# table -> [(column, weight)]
DOCUMENTS = {
    "members_member": [("name", "A"), ("locality", "B"), ("description", "C")],
    "news_article": [("title", "A"), ("summary", "B"), ("body", "C")],
    "events_event": [
        ("title", "A"),
        ("summary", "B"),
        ("organisers", "B"),
        ("locality", "B"),
        ("description", "C"),
        ("objectives", "C"),
        ("report", "C"),
        ("venue", "C"),
    ],
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    execute = schema_editor.execute
    execute(
        f"""
        DO $$ BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{CONFIG}') THEN
            CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = pg_catalog.english);
            ALTER TEXT SEARCH CONFIGURATION {CONFIG}
              ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
          END IF;
        END $$;
        """
    )
    for table, columns in DOCUMENTS.items():
        vector = " || ".join(
            f"setweight(to_tsvector('{CONFIG}', coalesce(NEW.{column}, '')), '{weight}')" for column, weight in columns
        )
        column_list = ", ".join(column for column, _ in columns)
        execute(
            f"""
            CREATE OR REPLACE FUNCTION {table}_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              NEW.search_vector := {vector};
              RETURN NEW;
            END $$;
            """
        )
        execute(
            f"""
            CREATE TRIGGER {table}_search_vector
              BEFORE INSERT OR UPDATE OF {column_list}, search_vector ON {table}
              FOR EACH ROW EXECUTE FUNCTION {table}_search_vector();
            """
        )
        execute(f"CREATE INDEX {table}_search_idx ON {table} USING gin (search_vector)")
        execute(f"ALTER TABLE {table} ALTER COLUMN search_vector SET STORAGE MAIN")
        # Fill the vector of the rows already there.
        first_column = columns[0][0]
        execute(f"UPDATE {table} SET {first_column} = {first_column}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in DOCUMENTS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_idx")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_search_vector ON {table}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_search_vector()")
        schema_editor.execute(f"UPDATE {table} SET search_vector = NULL")
    schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0003_search_vector"),
        ("news", "0003_search_vector"),
        ("events", "0003_search_vector"),
    ]

    operations = [
        UnaccentExtension(),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
