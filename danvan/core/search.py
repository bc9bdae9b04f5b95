"""Accent-insensitive search that stays fast at national scale (2 million initiatives and exemplars).

The rule (unchanged, see docs/decisions.md): the query is folded like the `search_text` column (NFD,
marks removed, đ→d, case-folded) and every word must appear in it as a substring. `search_q()` returns
one condition (SearchCondition) that always tests every word as a substring; which SQL tests it, and so
which index serves it, is chosen when the query is compiled, from the other conditions of its WHERE:

- narrowed to a province (every province-level user, `?unit=<province>`): on SQLite the words are LIKEd
  on a partial covering index (province, search_text, field, status, year, scope) of initiatives and
  exemplars (migration initiatives 0004), with the always-true `search_text >= ''` so that the planner
  picks it; on PostgreSQL `strpos(search_text, word) > 0`, so that the planner scans the province's rows
  rather than intersecting a trigram posting list of a million rows (a common syllable: "dan", "van");
- narrowed to communes, organisations or ids: those few rows are scanned (LIKE / strpos);
- the whole nation (maybe a field or a year): on SQLite `id IN (SELECT rowid FROM …_fts WHERE … MATCH
  '"word" AND …')` on an FTS5 trigram index for the words of 3+ characters, plus the LIKEs; on
  PostgreSQL `LIKE '%word%'`, which the pg_trgm GIN index serves.
Words are tested longest (rarest-looking) first: SQLite stops at the first word that does not match.
FTS trigrams are matched case-sensitively on the already folded text, so the FTS condition selects
exactly the rows containing those words; the substring tests stay anyway, so the result is the rule's
whatever an index holds (an index missing its triggers is not used, see fts_usable()).
"""
from django.db.models import BooleanField, Expression, F, Q, Value
from django.db.models.functions import StrIndex
from django.db.models.lookups import Contains, Exact, GreaterThan, In
from django.db.models.sql.where import OR, WhereNode

from danvan.core.text import fold

MAX_WORDS = 10
MIN_FTS_WORD = 3  # the trigram index cannot find shorter words; LIKE does
SOURCES = ("initiatives_initiative", "initiatives_exemplar")
# A query constrained on one of these columns touches few rows: scanning them beats the full-text index.
NARROWING_COLUMNS = frozenset({"id", "province_id", "commune_id", "unit_id", "organization_id", "initiative_id",
                               "steering_member_id", "replicates_id"})


def fts_table(table: str) -> str:
    return f"{table}_fts"


def query_words(value: str | None) -> list[str]:
    """The distinct folded words of a query (at most MAX_WORDS), longest first."""
    words = []
    for word in fold(value).split()[:MAX_WORDS]:
        if word not in words:
            words.append(word)
    return sorted(words, key=len, reverse=True)


def search_q(value: str, column: str = "search_text") -> Q:
    """Every folded word of the query must appear in the folded search column (see the module docstring)."""
    words = query_words(value)
    return Q(SearchCondition(words, column)) if words else Q()


def rank(value: str, model, column: str = "search_text"):
    """How well a record matches the query, for ordering a search's results (0 first):

    0. its name (the model's first search field) holds the query as typed, accents included (case aside):
       "hội nông dân" finds "Hội Nông dân Phổng Lái" before "Hộ nông dân giỏi";
    1. the folded text holds the query's words as a whole phrase, word for word ("ho nong dan" is not
       inside "tho nong dan");
    2. the folded text holds them as a phrase;
    3. the rest (every word somewhere, the search rule).

    The same SQL on SQLite and PostgreSQL (LIKE); it orders the rows the search condition already found.
    Case is ignored by LIKE for ASCII letters only, so the usual spellings of the query (as typed, lower,
    upper, sentence and title case) are each tried."""
    from django.db.models import Case, IntegerField, TextField, When
    from django.db.models.functions import Concat
    from django.db.models.lookups import IContains

    from danvan.core.text import normalize

    words = fold(value).split()[:MAX_WORDS]
    if not words:
        return Value(0)
    phrase = " ".join(words)
    whens = []
    fields = getattr(model, "search_fields", ()) or ()
    typed = normalize(value)
    if fields and typed:
        name = F(fields[0])
        variants = sorted({typed, typed.lower(), typed.upper(), typed[:1].upper() + typed[1:].lower(), typed.title()})
        exact = Q()
        for variant in variants:
            exact |= Q(IContains(name, variant))
        whens.append(When(exact, then=Value(0)))
    padded = Concat(Value(" "), F(column), Value(" "), output_field=TextField())
    whens.append(When(Q(Contains(padded, f" {phrase} ")), then=Value(1)))
    if len(words) > 1:
        whens.append(When(Q(Contains(F(column), phrase)), then=Value(2)))
    return Case(*whens, default=Value(3), output_field=IntegerField())


def ranked(qs, value: str, column: str = "search_text"):
    """`qs` (already searched for `value`) in rank order (see rank()), then in its own order."""
    ordering = list(qs.query.order_by) or list(qs.model._meta.ordering) or ["pk"]
    return qs.order_by(rank(value, qs.model, column), *ordering)


def fts_match_expression(words: list[str]) -> str:
    """FTS5 query: each word of 3+ characters as a quoted string (a phrase of trigrams), all required."""
    return " AND ".join('"' + w.replace('"', '""') + '"' for w in words if len(w) >= MIN_FTS_WORD)


def fts_usable(connection, table: str) -> bool:
    """The FTS5 table of `table` exists with its three triggers (a rebuilt table loses its triggers)."""
    if connection.vendor != "sqlite" or table not in SOURCES:
        return False
    fts = fts_table(table)
    names = [fts, f"{fts}_insert", f"{fts}_delete", f"{fts}_update"]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM sqlite_master WHERE name IN ({', '.join(['%s'] * len(names))})", names)
        return cursor.fetchone()[0] == len(names)


def _leaf(node) -> frozenset | None:
    if isinstance(node, (Exact, In)):
        if isinstance(node, In) and isinstance(node.rhs, (list, tuple, set, frozenset)) and not node.rhs:
            return None  # matches nothing (the empty branch of a scope)
        column = getattr(getattr(node.lhs, "target", None), "column", None)
        return frozenset([column]) if column else frozenset()
    return frozenset()


def constrained_columns(node) -> frozenset | None:
    """Columns that every row of a WHERE (sub)tree is constrained on by `=` or `IN` (AND: any child's;
    OR: those of every branch; NOT: none); None for a tree that matches nothing."""
    if not isinstance(node, WhereNode):
        return _leaf(node)
    if node.negated or not node.children:
        return frozenset()
    sets = [constrained_columns(child) for child in node.children]
    if node.connector == OR:
        live = [s for s in sets if s is not None]
        return frozenset.intersection(*live) if live else None
    return None if any(s is None for s in sets) else frozenset.union(*sets)


def narrowed(node) -> bool:
    """Whether a WHERE (sub)tree limits the rows to some units, organisations or ids: an AND with such a
    condition, an OR whose every branch has one (`commune = X OR unit = X`, a user's scope)."""
    if not isinstance(node, WhereNode):
        columns = _leaf(node)
        return columns is None or bool(columns & NARROWING_COLUMNS)
    if node.negated or not node.children:
        return False
    results = [narrowed(child) for child in node.children]
    return all(results) if node.connector == OR else any(results)


class SearchCondition(Expression):
    """Every word is a substring of `column`; the SQL (and so the index used) is chosen at compile time."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, words: list[str], column: str = "search_text"):
        super().__init__()
        self.words = list(words)
        self.column = column
        self.pk = F("pk")
        self.text = F(column)

    def get_source_expressions(self):
        return [self.pk, self.text]

    def set_source_expressions(self, exprs):
        self.pk, self.text = exprs

    def as_sql(self, compiler, connection):
        table = compiler.query.get_meta().db_table
        indexed = self.column == "search_text" and table in SOURCES
        where = compiler.query.where
        narrow = narrowed(where)
        parts = []
        if connection.vendor == "sqlite" and indexed:
            match = fts_match_expression(self.words)
            columns = constrained_columns(where)
            if columns and "province_id" in columns:
                parts.append(self._compile(compiler, GreaterThanOrEqualEmpty(self.text)))
            elif not narrow and match and fts_usable(connection, table):
                pk_sql, pk_params = compiler.compile(self.pk)
                fts = fts_table(table)
                parts.append((f"{pk_sql} IN (SELECT rowid FROM {fts} WHERE {fts} MATCH %s)", [*pk_params, match]))
        if connection.vendor == "postgresql" and narrow:
            tests = [GreaterThan(StrIndex(self.text, Value(word)), 0) for word in self.words]
        else:
            tests = [Contains(self.text, word) for word in self.words]
        parts += [self._compile(compiler, test) for test in tests]
        sql = " AND ".join(f"({part_sql})" if len(parts) > 1 else part_sql for part_sql, _ in parts)
        return sql, [param for _, params in parts for param in params]

    @staticmethod
    def _compile(compiler, node):
        sql, params = compiler.compile(node)
        return sql, list(params)


class GreaterThanOrEqualEmpty(Expression):
    """`column >= ''`: true for every text, but it lets SQLite's planner use a (province, text) index."""

    output_field = BooleanField()

    def __init__(self, text):
        super().__init__()
        self.text = text

    def get_source_expressions(self):
        return [self.text]

    def set_source_expressions(self, exprs):
        (self.text,) = exprs

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.text)
        return f"{sql} >= ''", params


def matching_ids(model, value: str) -> list[int] | None:
    """Ids the full-text index finds for `value` (words of 3+ characters), or None without an index.
    For checks and tests; lists use search_q()."""
    from django.db import connection

    table = model._meta.db_table
    match = fts_match_expression(query_words(value))
    if not match or not fts_usable(connection, table):
        return None
    fts = fts_table(table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", [match])
        return [row[0] for row in cursor.fetchall()]


def trigger_sql(table: str) -> list[str]:
    """The triggers that keep `table`'s FTS5 index in step (the same as migration initiatives 0004)."""
    fts = fts_table(table)
    return [
        f"CREATE TRIGGER IF NOT EXISTS {fts}_insert AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text); END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_delete AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_update AFTER UPDATE OF search_text ON {table} "
        f"WHEN old.search_text IS NOT new.search_text BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
        f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text); END",
    ]


def repair(connection) -> list[str]:
    """SQLite: give an FTS5 index that lost its triggers (Django rebuilds a table for some migrations,
    which drops them) its triggers back, then refill it; returns the tables repaired. Until then search
    is correct but unindexed (fts_usable() is False). Meant for a post_migrate hook."""
    if connection.vendor != "sqlite":
        return []
    repaired = []
    with connection.cursor() as cursor:
        for table in SOURCES:
            fts = fts_table(table)
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = %s", [fts])
            if not cursor.fetchone()[0] or fts_usable(connection, table):
                continue
            for sql in trigger_sql(table):
                cursor.execute(sql)
            cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
            repaired.append(table)
    return repaired


def rebuild_index(raw) -> None:
    """SQLite: refill the FTS5 tables from their content tables (after a bulk load without triggers).
    `raw` is a DB-API connection or cursor."""
    for table in SOURCES:
        fts = fts_table(table)
        if raw.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [fts]).fetchone():
            raw.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


class DeferredIndex:
    """SQLite: while rows are inserted in bulk into `table`, leave its FTS5 index to one INSERT … SELECT at the
    end instead of the insert trigger, row by row (FTS5 flushes its pending terms at the end of every statement
    that fires the trigger: ≈ 55 µs a row instead of ≈ 5). The trigger is dropped and created again inside the
    caller's transaction, so other connections never see it missing and a rollback restores it; `finish()`
    indexes every row added since `start()`, whoever added it. Elsewhere (PostgreSQL, a table without an
    index) it does nothing.

        index = DeferredIndex(connection, table); index.start(); … insert …; index.finish()   # one transaction
    """

    def __init__(self, connection, table: str):
        self.connection = connection
        self.table = table
        self.active = False
        self.after = 0

    def start(self) -> None:
        if self.active or not self.connection.in_atomic_block or not fts_usable(self.connection, self.table):
            return
        with self.connection.cursor() as cursor:
            # Dropping the trigger takes the write lock: no row can be added by anyone else from here on.
            cursor.execute(f"DROP TRIGGER {fts_table(self.table)}_insert")
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {self.table}")
            (self.after,) = cursor.fetchone()
        self.active = True

    def finish(self) -> None:
        if not self.active:
            return
        fts = fts_table(self.table)
        with self.connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {fts}(rowid, search_text) SELECT id, search_text FROM {self.table} "
                           f"WHERE id > %s", [self.after])
            cursor.execute(trigger_sql(self.table)[0])
        self.active = False
