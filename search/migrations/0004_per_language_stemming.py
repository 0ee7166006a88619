"""Each translation is also stemmed in its own language (README "Content in several languages").

One text search configuration per translated language, each a copy of PostgreSQL's own with
accents removed first, as `portal_search` is (0001): `portal_search_es` (spanish), `_fr` (french),
`_pt` (portuguese), `_ru` (russian), `_ar` (arabic) and `_zh_hans` (simple: PostgreSQL has no
Chinese stemmer). The trigger keeps 0003's vector as it is — every column, English and
translations, through `portal_search` — and adds, at the same weight, each language's
translation columns through that language's configuration. So a search on /es/ (query parsed
with `portal_search_es` and `portal_search`, OR-ed: search/engine.py) joins "redes" to "red"
and "eaux" to "eau" (their own stemmers) and still "ciudades" to "ciudad" (the Spanish stemmer
makes "ciudad" and "ciudades" two stems, the English one joins them); and nothing found before
is lost, since the vector only grows. Untranslated rows' vectors are unchanged.

The existing rows are refilled at the end; the reverse restores 0003's functions and refills.
"""

from importlib import import_module

from django.db import migrations

from core.content_migrations import lift_statement_timeout

translated_search = import_module("search.migrations.0002_translated_search")
member_names = import_module("search.migrations.0003_translated_member_names")

# language suffix of the columns -> (configuration, PostgreSQL configuration copied, its stemmer)
CONFIGS = {
    "es": ("portal_search_es", "spanish", "spanish_stem"),
    "fr": ("portal_search_fr", "french", "french_stem"),
    "pt": ("portal_search_pt", "portuguese", "portuguese_stem"),
    "ru": ("portal_search_ru", "russian", "russian_stem"),
    "ar": ("portal_search_ar", "arabic", "arabic_stem"),
    "zh_hans": ("portal_search_zh_hans", "simple", "simple"),
}
assert set(CONFIGS) == set(translated_search.TRANSLATIONS)

# 0003's documents: 0002's, with members' names and localities translated.
DOCUMENTS = {**translated_search.DOCUMENTS, **member_names.MEMBERS}


def vector(groups):
    """0003's vector (every column through `portal_search`), and each group's translations in their
    own language's configuration, at the group's weight."""
    parts = []
    for weight, fields in groups:
        names = []
        for column, translated in fields:
            names.append(column)
            if translated:
                names += [f"{column}_{language}" for language in translated_search.TRANSLATIONS]
        pieces = [f"to_tsvector('{translated_search.CONFIG}', concat_ws(' ', {', '.join(f'NEW.{n}' for n in names)}))"]
        translated = [column for column, is_translated in fields if is_translated]
        if translated:
            for language in translated_search.TRANSLATIONS:
                text = ", ".join(f"NEW.{column}_{language}" for column in translated)
                pieces.append(f"to_tsvector('{CONFIGS[language][0]}', concat_ws(' ', {text}))")
        parts.append(f"setweight({' || '.join(pieces)}, '{weight}')")
    return " || ".join(parts)


def _column_lists():
    return {table: translated_search.columns(groups) for table, groups in DOCUMENTS.items()}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    lift_statement_timeout(schema_editor)  # every row's vector is rebuilt
    for name, original, stemmer in CONFIGS.values():
        schema_editor.execute(
            f"""
            DO $$ BEGIN
              IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{name}') THEN
                CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{original});
                ALTER TEXT SEARCH CONFIGURATION {name}
                  ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {stemmer};
              END IF;
            END $$;
            """
        )
    translated_search.install(schema_editor, DOCUMENTS, _column_lists(), build=vector)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    lift_statement_timeout(schema_editor)
    translated_search.install(schema_editor, DOCUMENTS, _column_lists())  # 0003's functions
    for name, _original, _stemmer in CONFIGS.values():
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_translated_member_names")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
