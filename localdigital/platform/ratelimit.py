"""Every rate limit: how often one key (a hashed address, an email domain) may do something.

Counted in fixed windows, in the shared table of counters (`platform.RateCounter`, unlogged on PostgreSQL),
but not with one write per request. Each process adds up its own hits and writes them all in one
statement at most every RATE_LIMIT_SYNC_SECONDS (default 1), reading back the shared totals; a limit is
judged on the shared total as last read plus this process's hits since. So a surge of requests never
queues on a hot counter row or on a commit, and a flood is still stopped: within one process exactly,
and across processes within one sync interval (at most every process's hits in that interval pass
before the others' are seen, and never more than the number of processes times the limit).

A limit that must be exact across processes (sign-in emails) is counted with `exact=True`: its hits
are written, and the totals read, at once.
"""

import hashlib
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connection

from localdigital.platform.models import RateCounter

DEFAULT_SYNC_SECONDS = 1.0


@dataclass(frozen=True)
class Limit:
    """At most `hits` in any fixed window of `seconds`."""

    name: str
    hits: int
    seconds: int


def clock() -> float:
    """Seconds since 1970: the one clock every limit is counted by."""
    return time.time()


def hashed_key(kind: str, value: str) -> str:
    """A key for counting one thing (an address, an email address) without keeping it."""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{kind}:{value}".encode()).hexdigest()
    return f"{kind}:{digest[:40]}"


def address_key(address: str) -> str:
    """A key for counting one client address without keeping it."""
    return hashed_key("ip", address)


def _counter_key(key: str, limit: Limit) -> str:
    """The row a limit counts a key in: each limit has its own, so a per-minute and a per-hour window
    that start at the same second never share (or twice touch) one row."""
    counter = f"{limit.name}:{key}"
    if len(counter) > (RateCounter._meta.get_field("key").max_length or 0):
        counter = f"{limit.name}:{hashlib.sha256(key.encode()).hexdigest()[:40]}"
    return counter


Row = tuple[str, int]  # (counter key, window start)


def _row(key: str, limit: Limit, now: float) -> Row:
    return _counter_key(key, limit), int(now // limit.seconds) * limit.seconds


class _Counts:
    """This process's hits not yet written, and the shared totals as last read, per counter row."""

    def __init__(self):
        self.lock = threading.Lock()
        self.forget()

    def forget(self) -> None:
        self.pending: dict[Row, int] = {}
        self.known: dict[Row, tuple[int, int]] = {}  # row: (shared hits, when its window ends)
        self.ends: dict[Row, int] = {}
        self.next_sync = float("-inf")


_counts = _Counts()


def sync_seconds() -> float:
    return float(getattr(settings, "RATE_LIMIT_SYNC_SECONDS", DEFAULT_SYNC_SECONDS))


def exceeded(
    checks: list[tuple[str, Limit]], *, now: float | None = None, exact: bool = False
) -> Limit | None:
    """Count one hit against each (key, limit); the first limit now exceeded, or None.

    Fixed windows: a limit of 20 a minute lets through at most 40 in any 60 seconds that straddle two
    windows, which is enough to stop floods and cheap enough to count on every request.
    """
    if not checks:
        return None
    now = clock() if now is None else now
    interval = sync_seconds()
    rows = [(_row(key, limit, now), limit) for key, limit in checks]
    state = _counts
    with state.lock:
        for row, limit in rows:
            state.pending[row] = state.pending.get(row, 0) + 1
            state.ends[row] = row[1] + limit.seconds
        # A clock that went back (a test's own `now`) syncs too, rather than waiting for it to return.
        due = exact or now >= state.next_sync or now < state.next_sync - interval
        taken: dict[Row, int] = {}
        if due:
            taken, state.pending = state.pending, {}
            state.next_sync = now + interval
    if taken:
        _write(taken, state, now)
    with state.lock:
        for row, limit in rows:
            if state.known.get(row, (0, 0))[0] + state.pending.get(row, 0) > limit.hits:
                return limit
    return None


def _write(taken: dict[Row, int], state: _Counts, now: float) -> None:
    """Add these hits to the shared counters in one statement and keep the totals it returns.

    Rows go in a fixed order, so two processes writing overlapping rows at once cannot deadlock, and
    each row appears once (PostgreSQL refuses an upsert that touches a row twice).
    """
    ordered = sorted(taken.items())
    quote = connection.ops.quote_name
    table, key_, window_, hits_ = (
        quote(name) for name in (RateCounter._meta.db_table, "key", "window_start", "hits")
    )
    values = ", ".join(["(%s, %s, %s)"] * len(ordered))
    # Only quoted names and placeholders go into the text; the values are parameters.
    sql = (
        f"INSERT INTO {table} ({key_}, {window_}, {hits_}) VALUES {values} "  # noqa: S608
        f"ON CONFLICT ({key_}, {window_}) DO UPDATE SET {hits_} = {table}.{hits_} + EXCLUDED.{hits_} "
        f"RETURNING {key_}, {window_}, {hits_}"
    )
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, [value for (key, window), hits in ordered for value in (key, window, hits)])
            totals = cursor.fetchall()
    except Exception:
        with state.lock:  # not counted yet: keep the hits for the next write
            for row, hits in taken.items():
                state.pending[row] = state.pending.get(row, 0) + hits
        raise
    with state.lock:
        for key, window, hits in totals:
            row = (key, window)
            state.known[row] = (hits, state.ends.get(row, window))
        for row in [row for row, (_hits, ends) in state.known.items() if ends <= now]:
            del state.known[row]
        state.ends = {row: ends for row, ends in state.ends.items() if ends > now or row in state.pending}


def forget_counts() -> None:
    """Drop this process's counts (between tests: the shared table is rolled back under them)."""
    with _counts.lock:
        _counts.forget()


def purge_counters(*, now: float | None = None, keep_seconds: int = 24 * 60 * 60) -> int:
    """Delete counters whose window ended long enough ago that no limit still reads them."""
    now = clock() if now is None else now
    deleted, _ = RateCounter.objects.filter(window_start__lt=now - keep_seconds).delete()
    return deleted
