"""A register's search box, declared once: ranked full-text search with stemming, mixed with meaning.

A register declares its searchable fields once, each with a weight (`"A"` counts most, `"D"` least):

    "q": Search(N_("Search projects"), fields={"title": "A", "problem": "B"}, meaning=nearest_projects)

Words are matched on their stems, so "recycling" finds "recycle". On PostgreSQL the match is PostgreSQL's
own full-text search (the English configuration, a GIN index on the weighted vector, ranked by
`ts_rank`); on SQLite it is an FTS5 table with the Porter stemmer kept in step by triggers, ranked by
bm25 with the same weights. Each table's index is made by a migration of its app (`create_index`).

Where a register also has embeddings (`meaning`: a function from the words typed to the nearest rows'
keys and their cosine similarity), those nearest rows are found too, so that a search in words the rows
do not use still finds them; the two orders are mixed by reciprocal rank fusion (each row scores
1 / (60 + its place) in each order it is in; Cormack, Clarke and Buettcher, 2009): a row placed well
by both comes first, and neither score needs to be on the other's scale. The places are counted within
the register's other filters, in the one SQL query the register already makes (and its count), so a
search costs the same number of queries however many rows match.

`highlighted` marks the words that matched in a row's text, for the HTML page.
"""

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

import snowballstemmer
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import Case, Expression, F, FloatField, Q, QuerySet, Value, When, Window
from django.db.models.functions import Cast, Coalesce, RowNumber
from markupsafe import Markup, escape

from localdigital.registers.filters import Text

# How much each weight counts, the same on both databases (PostgreSQL's own defaults for ts_rank).
WEIGHTS = {"A": 1.0, "B": 0.4, "C": 0.2, "D": 0.1}
# Reciprocal rank fusion's constant: the one its authors found to work across collections, not tuned here.
FUSION = 60
# How many rows meaning may add to a search, at most.
NEAREST = 20
MAX_WORDS = 20
# PostgreSQL's English configuration leaves these out of a search; the SQLite query leaves them out too,
# so that "the bins" finds the same rows on both.
_STOP_WORDS_TEXT = """
a about above after again against all am an and any are as at be because been before being below
between both but by can did do does doing down during each few for from further had has have having
he her here hers herself him himself his how i if in into is it its itself just me more most my
myself no nor not now of off on once only or other our ours ourselves out over own s same she should
so some such t than that the their theirs them themselves then there these they this those through
to too under until up very was we were what when where which while who whom why will with you your
yours yourself yourselves
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

Meaning = Callable[[str, int], Sequence[tuple[int, float]]]


def search_words(text: str) -> list[str]:
    """The words of a search that are looked for: letters and digits in any script, lower-cased, without
    the stop words. Punctuation and symbols are never passed to either database's query syntax."""
    found = [word for word in re.findall(r"\w+", (text or "").lower()) if word not in STOP_WORDS]
    return list(dict.fromkeys(found))[:MAX_WORDS]


def search_table(table: str) -> str:
    """The name of the FTS5 table that indexes `table` on SQLite."""
    return f"{table}_search"


def _vector(fields: dict[str, str]):
    """The weighted English vector of a row's fields: the index's expression and the query's, the same."""
    vector: Any = None
    for name, weight in fields.items():
        part = SearchVector(name, weight=weight, config="english")
        vector = part if vector is None else vector + part
    return vector


class _Bm25(Expression):
    """SQLite: a row's bm25 score in its FTS5 table for a MATCH (higher is better), or NULL if it does
    not match."""

    output_field = FloatField()

    def __init__(self, table: str, weights: Sequence[float], match: str):
        super().__init__()
        self.table, self.weights, self.match = table, list(weights), match
        self.pk = F("pk")

    def get_source_expressions(self):
        return [self.pk]

    def set_source_expressions(self, exprs):
        (self.pk,) = exprs

    def as_sql(self, compiler, connection):
        pk_sql, pk_params = compiler.compile(self.pk)
        weights = ", ".join(repr(float(weight)) for weight in self.weights)
        fts = connection.ops.quote_name(self.table)
        sql = f"(SELECT -bm25({fts}, {weights}) FROM {fts} WHERE {fts} MATCH %s AND {fts}.rowid = {pk_sql})"  # noqa: S608 (names, not input)
        return sql, [self.match, *pk_params]


def _text_match(queryset: QuerySet, fields: dict[str, str], words: list[str]):
    """The rows whose fields hold every word (as stems), and an expression of how well each matches."""
    model = queryset.model
    if connections[queryset.db].vendor == "postgresql":
        query = SearchQuery(" ".join(words), config="english", search_type="plain")
        matches = Q(search_document=query)
        weights = [WEIGHTS[weight] for weight in ("D", "C", "B", "A")]  # the order ts_rank takes them in
        rank: Expression = SearchRank(F("search_document"), query, weights=weights)
        return queryset.alias(search_document=_vector(fields)), matches, rank
    from django.db.models.expressions import RawSQL

    table = search_table(model._meta.db_table)
    match = " ".join(f'"{word}"' for word in words)
    rows = RawSQL(f'SELECT rowid FROM "{table}" WHERE "{table}" MATCH %s', [match])  # noqa: S608, S611 (a name)
    bm25 = _Bm25(table, [WEIGHTS[weight] for weight in fields.values()], match)
    return queryset, Q(pk__in=rows), bm25


class Search(Text):
    """A register's search box: rows matching the words typed, most relevant first (see the module).

    `fields` are the model's fields searched, each with its weight. `meaning`, where the register has
    embeddings, gives the nearest rows to the words and their cosine similarity. `also` is a further
    match of the words (a code, say); rows it matches come first."""

    def __init__(
        self,
        label: str,
        *,
        fields: dict[str, str],
        meaning: Meaning | None = None,
        also: Callable[[str], Q] | None = None,
        **kwargs,
    ):
        super().__init__(label, **kwargs)
        self.fields = fields
        self.meaning = meaning
        self.also = also

    def apply(self, queryset: QuerySet, value) -> QuerySet:
        text = (value or "").strip()
        if not text:
            return queryset
        return self.ranked(queryset, text)

    def ranked(self, queryset: QuerySet, text: str) -> QuerySet:
        """`queryset` narrowed to the rows that match `text`, most relevant first, then in its own order."""
        usual = list(queryset.query.order_by or queryset.model._meta.ordering)
        words = search_words(text)
        matches = Q(pk__in=[])
        score: Expression = Value(0.0)
        if words:
            queryset, matches, rank = _text_match(queryset, self.fields, words)
            text_rank = Case(When(matches, then=rank), default=None, output_field=FloatField())
            score = score + _fused(text_rank)
        nearest = list(self.meaning(text, NEAREST)) if self.meaning else []
        if nearest:
            close = Case(
                *(When(pk=pk, then=Value(float(similarity))) for pk, similarity in nearest),
                default=None,
                output_field=FloatField(),
            )
            matches |= Q(pk__in=[pk for pk, _similarity in nearest])
            score = score + _fused(close)
        ordering: list = []
        if self.also is not None:
            extra = self.also(text)
            matches |= extra
            first = Case(When(extra, then=Value(1)), default=Value(0))
            queryset = queryset.alias(search_first=first)
            ordering.append(F("search_first").desc())
        queryset = queryset.filter(matches)
        if words or nearest:
            queryset = queryset.alias(search_relevance=score)
            ordering.append(F("search_relevance").desc())
        return queryset.order_by(*ordering, *usual, "pk")


def _fused(score: Expression) -> Expression:
    """1 / (FUSION + place) of each row by `score` (best first), or 0 for a row it does not score."""
    place = Window(RowNumber(), order_by=[score.desc(nulls_last=True), F("pk").asc()])
    fused = Value(1.0) / (Value(float(FUSION)) + Cast(place, FloatField()))
    # A row `score` leaves NULL is placed too (last), but adds nothing: NULL * 0 makes the sum NULL.
    return Coalesce(fused + score * Value(0.0), Value(0.0), output_field=FloatField())


# Highlighting -------------------------------------------------------------------------------------------

_english = snowballstemmer.stemmer("english")
_porter = snowballstemmer.stemmer("porter")


@lru_cache(maxsize=50_000)
def _stems(word: str) -> tuple[str, str]:
    # PostgreSQL stems with Snowball's English, SQLite's FTS5 with Porter's: a word either matched is marked.
    return _english.stemWord(word), _porter.stemWord(word)


def highlighted(text: str, search: str | None) -> Markup:
    """`text` escaped as every template escapes (Jinja2's escaper), with each word that a search for
    `search` matches wrapped in <mark>."""
    words = search_words(search or "")
    if not text or not words:
        return escape(text or "")
    wanted = {stem for word in words for stem in _stems(word)}
    parts: list[Markup] = []
    last = 0
    for found in re.finditer(r"\w+", text):
        if set(_stems(found.group().lower())) & wanted:
            parts.append(escape(text[last : found.start()]))
            parts.append(Markup("<mark>{}</mark>").format(found.group()))
            last = found.end()
    parts.append(escape(text[last:]))
    return Markup("").join(parts)


# The indexes ----------------------------------------------------------------------------------------------


def create_index(schema_editor, model, fields: dict[str, str]) -> None:
    """Make `model`'s search index (a migration's RunPython calls this with the fields as they are then):
    on PostgreSQL a GIN index on the weighted vector; on SQLite an FTS5 table of the fields, with the
    Porter stemmer, kept in step with the table by triggers, and filled from it."""
    connection = schema_editor.connection
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        from django.contrib.postgres.indexes import GinIndex

        schema_editor.add_index(model, GinIndex(_vector(fields), name=_index_name(model)))
    elif connection.vendor == "sqlite":
        for statement in _fts_statements(table, list(fields)):
            schema_editor.execute(statement)


def drop_index(schema_editor, model, fields: dict[str, str]) -> None:
    """Undo `create_index`."""
    connection = schema_editor.connection
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{_index_name(model)}"')
    elif connection.vendor == "sqlite":
        fts = search_table(table)
        for suffix in ("insert", "delete", "update"):
            schema_editor.execute(f'DROP TRIGGER IF EXISTS "{fts}_{suffix}"')
        schema_editor.execute(f'DROP TABLE IF EXISTS "{fts}"')


def _index_name(model) -> str:
    return f"{model._meta.model_name}_search"  # within Django's 30 characters


def _fts_statements(table: str, columns: list[str]) -> list[str]:
    # The names come from a migration, never from input.
    fts = search_table(table)
    names = ", ".join(f'"{column}"' for column in columns)
    new = ", ".join(f'new."{column}"' for column in columns)
    old = ", ".join(f'old."{column}"' for column in columns)
    return [
        f"CREATE VIRTUAL TABLE \"{fts}\" USING fts5({names}, content='{table}', content_rowid='id', "
        "tokenize='porter unicode61 remove_diacritics 0')",
        f'CREATE TRIGGER "{fts}_insert" AFTER INSERT ON "{table}" BEGIN '  # noqa: S608
        f'INSERT INTO "{fts}"(rowid, {names}) VALUES (new.id, {new}); END',
        f'CREATE TRIGGER "{fts}_delete" AFTER DELETE ON "{table}" BEGIN '  # noqa: S608
        f'INSERT INTO "{fts}"("{fts}", rowid, {names}) VALUES (\'delete\', old.id, {old}); END',
        f'CREATE TRIGGER "{fts}_update" AFTER UPDATE OF {names} ON "{table}" BEGIN '  # noqa: S608
        f'INSERT INTO "{fts}"("{fts}", rowid, {names}) VALUES (\'delete\', old.id, {old}); '
        f'INSERT INTO "{fts}"(rowid, {names}) VALUES (new.id, {new}); END',
        f'INSERT INTO "{fts}"("{fts}") VALUES (\'rebuild\')',  # noqa: S608
    ]
