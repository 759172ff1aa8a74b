"""Per-process memos: kept for their time, forgotten one at a time or all at once."""

import itertools

import pytest

from localdigital.platform import caches


@pytest.fixture
def clock(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(caches.time, "monotonic", lambda: now[0])
    return now


def counter():
    return itertools.count(1).__next__


def test_a_memo_loads_once_then_keeps_the_value_for_its_time(clock):
    memo = caches.memo("test: kept for a time", seconds=10)
    load = counter()

    assert memo.get(load) == 1
    clock[0] += 9.9
    assert memo.get(load) == 1
    clock[0] += 0.1
    assert memo.get(load) == 2


def test_a_memo_without_a_time_keeps_its_value_until_forgotten(clock):
    memo = caches.memo("test: kept for ever")
    load = counter()

    assert memo.get(load) == 1
    clock[0] += 10**9
    assert memo.get(load) == 1
    memo.forget(sender=object(), instance=object())  # as a signal receiver
    assert memo.get(load) == 2


def test_peek_and_set_let_a_caller_build_on_what_it_kept():
    memo = caches.memo("test: built on")
    memo.forget()

    assert memo.peek() is None
    assert memo.peek("nothing") == "nothing"
    memo.set(("index", "fingerprint"))
    assert memo.peek() == ("index", "fingerprint")


def test_one_name_is_one_memo_and_forget_all_empties_every_one():
    first = caches.memo("test: one of many")
    first.set("a")
    other = caches.memo("test: another", seconds=60)
    other.set("b")

    assert caches.memo("test: one of many") is first
    assert {"test: one of many", "test: another"} <= set(caches.names())
    caches.forget_all()
    assert first.peek() is None
    assert other.peek() is None
