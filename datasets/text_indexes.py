"""Indexes for a version's text searches (PostgreSQL): `q` full-text and `like`.

Built by table_indexes.index_table beside the b-trees; SQLite has neither (its `q` and
`like` read the table, datasets/table_query.py).

- `q`: one GIN index over the text columns' document, `v<pk>_q`. The query
  (search_sql) writes the very same expression, so the planner matches it:
  `to_tsvector('simple', translate(<document>, '/.@', '   '))`. concat_ws, which
  the document was joined with before, is not IMMUTABLE and so cannot be indexed;
  `substr(coalesce(' ' || c1, '') || coalesce(' ' || c3, ''), 2)` is, and gives
  the same text, character for character: each present cell after one space,
  missing cells skipped, the first space dropped. Same text, same matches.
  PostgreSQL refuses a tsvector over 1 MB (a row of many long texts of distinct
  words): the index is then left out, and that version's `q` reads the table,
  as before (and answers as before).
- `like`: a trigram GIN index (pg_trgm's gin_trgm_ops) per text column,
  `v<pk>_c<i>_trgm`, where the extension is installed (migration 0004 installs
  it where the database allows; a managed database may not). Without it, no
  index, and `like` reads the table as before; an import never fails for it.
  A pattern with no run of TRIGRAM letters or digits ('%zz%') gives the index
  nothing to look up, and PostgreSQL would read all of it and then every row
  (0.7 s over 1M rows, against 0.25 s for reading the table), and it estimates
  that cheap. So the index is on `(c || '')`, the column's value by another
  expression, and only a pattern with trigrams is written on that expression
  (like_sql); any other is written on the column, as before, and planned as
  before (a parallel scan of the table, from the column's statistics).
"""

import logging

from django.db import DatabaseError, connection, transaction

from datasets import tables

logger = logging.getLogger(__name__)

JOINERS = "/.@"  # what makes PostgreSQL's parser read two words as one path, host or email
_SPACES = " " * len(JOINERS)
TRIGRAM = 3
TOO_LONG = "54000"  # program_limit_exceeded: "string is too long for tsvector"


def texts(kinds: list[str]) -> list[int]:
    """The positions of the text columns among columns of types `kinds`: what `q` searches."""
    return [i for i, kind in enumerate(kinds) if kind == "string"]


def document(columns: list[int]) -> str:
    """The tsvector of the text columns `columns` (not empty), as indexed and as queried."""
    joined = " || ".join(f"coalesce(' ' || {tables.column(i)}, '')" for i in columns)
    text = f"translate(substr({joined}, 2), '{JOINERS}', '{_SPACES}')"
    return f"to_tsvector('simple'::regconfig, {text})"


def search_sql(columns: list[int], text: str) -> tuple[str, list]:
    """PostgreSQL: every word of `text` is in one of the text columns `columns` (not empty)."""
    words = text.translate(str.maketrans(JOINERS, _SPACES))
    return f"{document(columns)} @@ plainto_tsquery('simple', %s)", [words]


def like_sql(col: str, pattern: str) -> tuple[str, list]:
    """PostgreSQL: `col` ILIKE `pattern`: through its trigram index if the pattern has
    trigrams to look up (the same value, the indexed expression), else on the column."""
    tested = trigram_key(col) if has_trigram(pattern) else col
    return f"{tested} ILIKE %s ESCAPE '\\'", [pattern]


def trigram_key(col: str) -> str:
    """The expression a text column's trigram index is on: its value (see the module's note)."""
    return f"({col} || '')"


def has_trigram(pattern: str) -> bool:
    """Whether `pattern` (LIKE, escaped with \\) holds TRIGRAM ASCII letters or digits
    in a row: pg_trgm then finds a trigram to look up (it counts more characters as
    letters, by the database's locale; ASCII ones it always does)."""
    run, escaped = 0, False
    for char in pattern:
        if char == "\\" and not escaped:
            escaped = True
            continue
        wildcard = char in "%_" and not escaped
        escaped = False
        run = run + 1 if char.isascii() and char.isalnum() and not wildcard else 0
        if run >= TRIGRAM:
            return True
    return False


def index_text(version, *, name: str, short: str) -> None:
    """Build the version's text indexes (table `name`, index names from `short`)."""
    if not tables.postgres() or not (columns := texts(tables.types_of(version))):
        return
    with connection.cursor() as cursor:
        try:
            with transaction.atomic():
                cursor.execute(
                    f'CREATE INDEX IF NOT EXISTS "{short}_q" ON {name} '
                    f"USING gin (({document(columns)}))"
                )
        except DatabaseError as error:
            if getattr(error.__cause__, "sqlstate", None) != TOO_LONG:
                raise
            logger.warning("%s: no full-text index, a row's text is too long: %s", name, error)
        ops = trigram_ops(cursor)
        if ops is None:
            return
        for i in columns[: tables.INDEXED_COLUMNS]:
            cursor.execute(
                f'CREATE INDEX IF NOT EXISTS "{short}_c{i}_trgm" ON {name} '
                f"USING gin ({trigram_key(tables.column(i))} {ops})"
            )


def expected_names(version, *, short: str) -> list[str]:
    """The trigram indexes `index_text` builds for `version` where pg_trgm is installed.

    Not the `q` index: a row too long for one tsvector leaves it out for good, and a
    version must not look unfinished for ever (index_text builds it all the same).
    """
    if not tables.postgres() or not (columns := texts(tables.types_of(version))):
        return []
    with connection.cursor() as cursor:
        if trigram_ops(cursor) is None:
            return []
    return [f"{short}_c{i}_trgm" for i in columns[: tables.INDEXED_COLUMNS]]


def trigram_ops(cursor) -> str | None:
    """pg_trgm's GIN operator class, named in the schema it is installed in; None without it."""
    cursor.execute(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = 'pg_trgm'"
    )
    found = cursor.fetchone()
    if found is None:
        return None
    schema = found[0].replace('"', '""')
    return f'"{schema}".gin_trgm_ops'
