"""SQLite only: give the exemplars' search index back what migration 0007 took from it.

Adding NOT NULL columns to a table on SQLite makes Django rebuild the table (0007 added the recognition decision's
columns to exemplars), and a rebuilt table loses what was made with raw SQL in 0004: the triggers that keep its
FTS5 index in step and the partial covering index of a province's search. Without them search stays correct but
scans. This puts both back and refills the index from the rows. PostgreSQL keeps its GIN index through ADD COLUMN:
nothing to do there. The SQL is frozen here, as in 0004.
"""
from django.db import migrations

TABLE = "initiatives_exemplar"
FTS = f"{TABLE}_fts"


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE INDEX IF NOT EXISTS {TABLE}_search_province ON {TABLE} "
                       f"(province_id, search_text, field, kind, year) WHERE deleted_at IS NULL")
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = %s", [FTS])
        if not cursor.fetchone()[0]:
            return  # SQLite without FTS5 trigram: 0004 made no index
        for sql in (
            f"CREATE TRIGGER IF NOT EXISTS {FTS}_insert AFTER INSERT ON {TABLE} BEGIN "
            f"INSERT INTO {FTS}(rowid, search_text) VALUES (new.id, new.search_text); END",
            f"CREATE TRIGGER IF NOT EXISTS {FTS}_delete AFTER DELETE ON {TABLE} BEGIN "
            f"INSERT INTO {FTS}({FTS}, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
            f"CREATE TRIGGER IF NOT EXISTS {FTS}_update AFTER UPDATE OF search_text ON {TABLE} "
            f"WHEN old.search_text IS NOT new.search_text BEGIN "
            f"INSERT INTO {FTS}({FTS}, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
            f"INSERT INTO {FTS}(rowid, search_text) VALUES (new.id, new.search_text); END",
            f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
        ):
            cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0007_exemplar_recognition_and_evidence")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)]
