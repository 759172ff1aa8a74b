"""Which tables a register's output reads, to check them against the models it declares it shows.

A register's validators come from the tables of its declared models (`depends_on`): a table read but
not declared is one whose changes would not change the ETag, so a reader would be told "not modified"
about output that has changed. `undeclared_reads` names such tables from the SQL a request ran.
"""

import re
from collections.abc import Iterable

from django.db.models import Model

from localdigital.registers.search import search_table

_TABLE = re.compile(r'\b(?:FROM|JOIN)\s+[`"\[]?(\w+)[`"\]]?', re.IGNORECASE)


def tables_read(statements: Iterable[str]) -> set[str]:
    """The tables named after FROM or JOIN in the statements (subqueries included)."""
    return {match.group(1) for sql in statements for match in _TABLE.finditer(sql)}


def declared_tables(models: Iterable[type[Model]]) -> set[str]:
    """The tables of the models, of their many-to-many links and of their search indexes (an FTS5 table on
    SQLite, kept in step with its model's table by triggers: registers/search.py)."""
    tables = set()
    for model in models:
        tables.add(model._meta.db_table)
        tables.add(search_table(model._meta.db_table))
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if through is not None:
                tables.add(through._meta.db_table)
    return tables


def undeclared_reads(statements: Iterable[str], models: Iterable[type[Model]]) -> set[str]:
    return tables_read(statements) - declared_tables(models)
