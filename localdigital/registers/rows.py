"""A whole register's open data from plain values, for the CSV and JSON exports.

Building a model instance for every row, and for every related row a prefetch builds, cost most of a
whole-register export's time (`/projects.csv`: 10,000 projects, 10,000 partners and 10,000 outputs
made into 30,000 instances). A `ValueRows` reads the same rows as plain values instead: the register's
own query (its filters and order kept) as `values()` through a server-side cursor, and, a chunk of rows
at a time, one `values_list()` query for each related list the rows carry. Memory stays that of one
chunk; queries are 1 + one per related list per chunk.

Its `row` turns the values into the very dict the register's `row` makes of an instance; a test holds
the two to the same output for every register that declares both.
"""

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation

CHUNK = 2000  # rows read, and their related lists fetched, at a time


@dataclass(frozen=True)
class Related:
    """A list each row carries from another table: the related rows' query, the field that names the
    row each belongs to, and the values wanted of each (a tuple of them, in that order). Each list is in the
    order its rows were added (by key): the register's own query must prefetch them in that order too."""

    queryset: Callable[[], QuerySet]
    to: str
    fields: Sequence[str]


@dataclass(frozen=True)
class ValueRows:
    """How to make a register's open-data rows from values: the fields read from its query (by their
    lookup paths), the related lists, and the function from one row's values to its open data."""

    fields: Sequence[str]
    row: Callable[[dict], dict]
    related: dict[str, Related] = field(default_factory=dict)
    chunk: int = CHUNK

    def __call__(self, queryset: QuerySet) -> Iterator[dict]:
        plain = queryset.prefetch_related(None).values("pk", *self.fields)
        batch: list[dict] = []
        for values in plain.iterator(chunk_size=self.chunk):
            batch.append(values)
            if len(batch) >= self.chunk:
                yield from self._complete(batch)
                batch = []
        if batch:
            yield from self._complete(batch)

    def _complete(self, batch: list[dict]) -> Iterator[dict]:
        keys = [values["pk"] for values in batch]
        lists: dict[str, defaultdict] = {}
        for name, related in self.related.items():
            found: defaultdict = defaultdict(list)
            wanted = related.queryset().filter(**{f"{related.to}__in": keys})
            for parent, *values in wanted.values_list(related.to, *related.fields).order_by("pk"):
                found[parent].append(tuple(values))
            lists[name] = found
        for values in batch:
            for name, found in lists.items():
                values[name] = found.get(values["pk"], [])
            yield self.row(values)


@cache
def url_maker(name: str) -> Callable[[object], str]:
    """A function from a number to `reverse(name, args=[number])`, reversed once: reversing costs a
    tenth of a millisecond, a second over a 10,000-row register. Only for arguments that need no quoting."""
    marker = "0123456789"
    # Open data gives each page's English address, whichever language the thread that first asks is in.
    with translation.override(settings.LANGUAGE_CODE):
        head, _marker, tail = reverse(name, args=[marker]).partition(marker)
    return lambda argument: f"{head}{argument}{tail}"


def identifier(gss_code: str | None, slug: str) -> str:
    """An organisation's public identifier from its values (as `Organisation.identifier`)."""
    return gss_code or slug
