"""The one rate limiter: fixed windows, counted per process and written to the shared counters in batches."""

import pytest
from django.db import DatabaseError, transaction

from localdigital.platform import ratelimit
from localdigital.platform.models import RateCounter

pytestmark = pytest.mark.django_db

ON_THE_HOUR = 1_796_000_400.0 + 5  # hh:00:05, when the minute and hour windows start together


def stored_hits() -> dict[str, int]:
    return dict(RateCounter.objects.values_list("key", "hits"))


def test_one_domain_is_limited_across_addresses():
    limit = ratelimit.Limit("domain", hits=3, seconds=60)
    results = [ratelimit.exceeded([("domain:example.org", limit)], now=1000.0) for _ in range(4)]

    assert results == [None, None, None, limit]
    assert ratelimit.exceeded([("domain:example.org", limit)], now=1060.0) is None  # a new window


def test_old_counters_are_purged():
    limit = ratelimit.Limit("burst", hits=5, seconds=60)
    ratelimit.exceeded([("a", limit)], now=1000.0)
    ratelimit.exceeded([("a", limit)], now=200_000.0)

    assert ratelimit.purge_counters(now=200_000.0) == 1
    assert RateCounter.objects.count() == 1


def test_limits_that_start_together_count_separately():
    minute = ratelimit.Limit("burst", hits=2, seconds=60)
    hour = ratelimit.Limit("sustained", hits=3, seconds=60 * 60)
    checks = [("ip:one", minute), ("ip:one", hour)]

    at_the_hour = [ratelimit.exceeded(checks, now=ON_THE_HOUR) for _ in range(3)]
    next_minute = [ratelimit.exceeded(checks, now=ON_THE_HOUR + 60) for _ in range(2)]

    assert at_the_hour == [None, None, minute]
    assert next_minute == [hour, hour]  # a new minute, but the same hour


def test_one_limit_named_twice_counts_twice():
    limit = ratelimit.Limit("burst", hits=3, seconds=60)

    assert ratelimit.exceeded([("ip:one", limit), ("ip:one", limit)], now=1000.0) is None
    assert ratelimit.exceeded([("ip:one", limit), ("ip:one", limit)], now=1000.0) == limit


def test_hits_within_a_second_are_written_together():
    limit = ratelimit.Limit("burst", hits=100, seconds=60)

    for offset in (0.0, 0.2, 0.5, 0.9):
        ratelimit.exceeded([("ip:one", limit)], now=1000.0 + offset)
    written_in_the_first_second = stored_hits()
    ratelimit.exceeded([("ip:one", limit)], now=1001.0)

    assert written_in_the_first_second == {"burst:ip:one": 1}  # the first hit, then nothing for a second
    assert stored_hits() == {"burst:ip:one": 5}  # then everything counted since, in one write


def test_other_processes_hits_count_once_read_back(monkeypatch):
    limit = ratelimit.Limit("burst", hits=5, seconds=60)
    first, second = ratelimit._Counts(), ratelimit._Counts()

    monkeypatch.setattr(ratelimit, "_counts", first)
    assert [ratelimit.exceeded([("ip:one", limit)], now=1000.0 + i / 10) for i in range(4)] == [None] * 4
    monkeypatch.setattr(ratelimit, "_counts", second)
    assert ratelimit.exceeded([("ip:one", limit)], now=1000.5) is None  # sees the one hit written so far
    monkeypatch.setattr(ratelimit, "_counts", first)
    assert ratelimit.exceeded([("ip:one", limit)], now=1001.0) == limit  # writes 4, reads back 6

    monkeypatch.setattr(ratelimit, "_counts", second)
    assert ratelimit.exceeded([("ip:one", limit)], now=1001.6) == limit  # 7 once read back
    assert stored_hits() == {"burst:ip:one": 7}


def test_an_exact_limit_is_written_and_read_at_once(monkeypatch):
    limit = ratelimit.Limit("sign-in", hits=2, seconds=3600)
    processes = [ratelimit._Counts(), ratelimit._Counts(), ratelimit._Counts()]
    results = []
    for index, counts in enumerate(processes):
        monkeypatch.setattr(ratelimit, "_counts", counts)
        ratelimit.exceeded([("other", limit)], now=1000.0)  # this process has written once already
        results.append(ratelimit.exceeded([("email:jo", limit)], now=1000.1 + index / 10, exact=True))

    assert results == [None, None, limit]
    assert stored_hits()["sign-in:email:jo"] == 3


def test_a_failed_statement_keeps_the_hits_for_the_next_write(monkeypatch):
    limit = ratelimit.Limit("burst", hits=10, seconds=60)
    ratelimit.exceeded([("ip:one", limit)], now=1000.0)
    ratelimit.exceeded([("ip:one", limit)], now=1000.5)
    table = RateCounter._meta.db_table
    monkeypatch.setattr(RateCounter._meta, "db_table", "no_such_table")
    with pytest.raises(DatabaseError), transaction.atomic():
        ratelimit.exceeded([("ip:one", limit)], now=1001.0)
    monkeypatch.setattr(RateCounter._meta, "db_table", table)

    ratelimit.exceeded([("ip:one", limit)], now=1002.0)

    assert stored_hits() == {"burst:ip:one": 4}


def test_counts_from_ended_windows_are_forgotten():
    limit = ratelimit.Limit("burst", hits=10, seconds=60)
    ratelimit.exceeded([("ip:one", limit)], now=1000.0)
    ratelimit.exceeded([("ip:two", limit)], now=1100.0)

    assert list(ratelimit._counts.known) == [("burst:ip:two", 1080)]
