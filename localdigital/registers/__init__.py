"""How every public register is published: one query, shown as HTML, JSON, CSV and (later) Atom.

Pagination, CSV output and HTTP caching live here once, for every register to use.
"""
