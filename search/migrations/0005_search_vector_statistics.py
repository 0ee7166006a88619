"""PostgreSQL keeps more of each `search_vector`'s lexemes in its statistics (400, the default is 100).

To plan a search, PostgreSQL estimates how many rows a word matches from the column's most common
lexemes (pg_stats.most_common_elems). With the default target it keeps those above a frequency
cut-off, and when that leaves fewer than 100 it assumes that a prefix (`transport:*`, how every
search word is read) matches 2% of the table. On the benchmark's 50,000 articles 93 lexemes were
kept, so PostgreSQL expected 1,000 articles for `transport` (there are 3) and read the 20,000 newest
rows' date index to combine with the full-text index: 2.2 ms of the server's time for one search.
With 400 it keeps about 1,000 lexemes per table, and estimates that `transport` matches 4 rows;
the statement then takes 0.14 ms. Over fourteen searches from rare to very common words the
ranking statement took 206 ms in all before, 155 ms after (`heat`, in every other article: 27 ms
to 14 ms), for about 0.1 ms more planning each.

Nothing changes until the table is next analysed (by autovacuum, or by the benchmarks after they
load their data). ANALYZE then samples 120,000 rows instead of 30,000. SQLite has no
such statistics: nothing happens there.
"""

from django.db import migrations

TABLES = ("members_member", "news_article", "events_event")
TARGET = 400


def set_target(target):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table in TABLES:
            schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN search_vector SET STATISTICS {target}")

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0004_per_language_stemming")]

    operations = [migrations.RunPython(set_target(TARGET), set_target(-1), elidable=False)]
