"""Indexes for accent-insensitive search at national scale (core.search), engine-specific.

SQLite: an FTS5 table with the trigram tokenizer over `search_text` of initiatives and exemplars
(external content: it stores only the index, the text stays in the registry table; case-sensitive
trigrams, the column is already folded), kept in step by triggers and filled from the existing rows;
and a partial covering index (province, search_text, the usual list filters) of the live rows, so a
province's list is searched and counted without reading its wide rows. The FTS part needs SQLite >= 3.34 with FTS5; without it only the
covering index is created and search scans (core.search checks).
PostgreSQL: the pg_trgm extension and a GIN trigram index on `search_text`, which `LIKE '%word%'` uses.

The SQL is frozen here (not imported from core.search) so that this migration means the same thing
whatever the code becomes; works forwards on an empty and on a populated database, and backwards.
"""
from django.db import migrations

TABLES = ("initiatives_initiative", "initiatives_exemplar")
# The covering index of a province's search: the text, then the columns lists filter on, so that counting
# "province + field + words" never reads the wide rows (only live rows: deleted_at IS NULL).
COVERING = {
    "initiatives_initiative": "province_id, search_text, field, status, year, scope",
    "initiatives_exemplar": "province_id, search_text, field, kind, year",
}


def _sqlite_sql(table: str) -> list[str]:
    fts = f"{table}_fts"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5(search_text, content='{table}', content_rowid='id', "
        f"tokenize='trigram case_sensitive 1', detail='full')",
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text); END",
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
        f"CREATE TRIGGER {fts}_update AFTER UPDATE OF search_text ON {table} "
        f"WHEN old.search_text IS NOT new.search_text BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
        f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text); END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def _sqlite_has_trigram(cursor) -> bool:
    try:
        cursor.execute("CREATE VIRTUAL TABLE temp.danvan_fts_probe USING fts5(x, tokenize='trigram')")
    except Exception:  # noqa: BLE001 - no FTS5 or no trigram tokenizer (SQLite < 3.34)
        return False
    cursor.execute("DROP TABLE temp.danvan_fts_probe")
    return True


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for table in TABLES:
                cursor.execute(f"CREATE INDEX IF NOT EXISTS {table}_search_province ON {table} "
                               f"({COVERING[table]}) WHERE deleted_at IS NULL")
            if not _sqlite_has_trigram(cursor):
                return
            for table in TABLES:
                for sql in _sqlite_sql(table):
                    cursor.execute(sql)
        elif connection.vendor == "postgresql":
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            for table in TABLES:
                cursor.execute(
                    f"CREATE INDEX IF NOT EXISTS {table}_search_trgm ON {table} USING gin (search_text gin_trgm_ops)")


def backwards(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for table in TABLES:
            if connection.vendor == "sqlite":
                fts = f"{table}_fts"
                for suffix in ("insert", "delete", "update"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
                cursor.execute(f"DROP TABLE IF EXISTS {fts}")
                cursor.execute(f"DROP INDEX IF EXISTS {table}_search_province")
            elif connection.vendor == "postgresql":
                cursor.execute(f"DROP INDEX IF EXISTS {table}_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0003_registered_on")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
