"""Search covers every language of the translated text (README "Content in several languages").

Each `search_vector` now holds, at the same weight, the original column (the English text) and
every translation of it: title A, summary B, body C, as before. One vector per row keeps one GIN
index per table and the query unchanged, so a search on /es/ finds Spanish, and English, text.
The `portal_search` configuration (accents removed, English stemming) is used for every
language: query and documents go through the same steps, so a word matches itself whatever its
language; Spanish or French plurals are only joined to their singular when the English stemmer
happens to do it, and Chinese text matches by whole runs of characters or their start.

The trigger also fires when a translation column changes, so editing a translation in the admin
updates the vector; the existing rows are refilled at the end.
"""

from django.db import migrations

from core.content_migrations import lift_statement_timeout

CONFIG = "portal_search"
TRANSLATIONS = ("ar", "zh_hans", "fr", "ru", "es", "pt")  # every language but English, the original column

# table -> [(weight, [(column, translated)])]
DOCUMENTS = {
    "members_member": [
        ("A", [("name", False)]),
        ("B", [("locality", False)]),
        ("C", [("description", True)]),
    ],
    "news_article": [
        ("A", [("title", True)]),
        ("B", [("summary", True)]),
        ("C", [("body", True)]),
    ],
    "events_event": [
        ("A", [("title", True)]),
        ("B", [("summary", True), ("organisers", False), ("locality", False)]),
        ("C", [("description", True), ("objectives", True), ("report", True), ("venue", False)]),
    ],
}


def columns(groups):
    found = []
    for _weight, fields in groups:
        for column, translated in fields:
            found.append(column)
            if translated:
                found += [f"{column}_{language}" for language in TRANSLATIONS]
    return found


def vector(groups):
    parts = []
    for weight, fields in groups:
        names = []
        for column, translated in fields:
            names.append(column)
            if translated:
                names += [f"{column}_{language}" for language in TRANSLATIONS]
        text = ", ".join(f"NEW.{name}" for name in names)
        parts.append(f"setweight(to_tsvector('{CONFIG}', concat_ws(' ', {text})), '{weight}')")
    return " || ".join(parts)


def install(schema_editor, documents, column_lists, build=vector):
    """`build(groups)` writes the vector's SQL (0004 passes its own, one configuration per language)."""
    execute = schema_editor.execute
    for table, groups in documents.items():
        execute(
            f"""
            CREATE OR REPLACE FUNCTION {table}_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              NEW.search_vector := {build(groups)};
              RETURN NEW;
            END $$;
            """
        )
        execute(f"DROP TRIGGER IF EXISTS {table}_search_vector ON {table}")
        execute(
            f"""
            CREATE TRIGGER {table}_search_vector
              BEFORE INSERT OR UPDATE OF {", ".join(column_lists[table])}, search_vector ON {table}
              FOR EACH ROW EXECUTE FUNCTION {table}_search_vector();
            """
        )
        execute(f"UPDATE {table} SET search_vector = NULL")  # the trigger fills it again


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        lift_statement_timeout(schema_editor)  # every row's vector is rebuilt
        install(schema_editor, DOCUMENTS, {table: columns(groups) for table, groups in DOCUMENTS.items()})


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        lift_statement_timeout(schema_editor)
        # English only, as in 0001: the same function without the translation columns.
        untranslated = {
            table: [(weight, [(column, False) for column, _ in fields]) for weight, fields in groups]
            for table, groups in DOCUMENTS.items()
        }
        install(schema_editor, untranslated, {table: columns(groups) for table, groups in untranslated.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_postgres_search"),
        ("members", "0005_content_translations"),
        ("news", "0004_content_translations"),
        ("events", "0004_content_translations"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
