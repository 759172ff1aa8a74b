from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import Group

from localdigital.platform import outbox

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_a_refused_row_is_tried_again_after_2_4_8_and_16_minutes_then_given_up():
    assert [outbox.next_try(attempts, NOW) - NOW for attempts in range(1, 5)] == [
        timedelta(minutes=minutes) for minutes in (2, 4, 8, 16)
    ]
    assert [outbox.given_up(attempts) for attempts in range(1, 6)] == [False] * 4 + [True]


class Rows:
    """An outbox of numbered rows whose sending of some is refused."""

    def __init__(self, count: int, refuse=(), stop_at=None):
        self.waiting = list(range(count))
        self.refuse, self.stop_at = set(refuse), stop_at
        self.sent, self.put_back = [], []

    def claim(self):
        return self.waiting.pop(0) if self.waiting else None

    def send(self, row):
        if row == self.stop_at:
            raise KeyboardInterrupt
        if row in self.refuse:
            raise ConnectionError("refused")
        self.sent.append(row)

    def drain(self, batch=50, refused=(Exception,)):
        return outbox.drain(self.claim, self.send, self.put_back.append, batch=batch, refused=refused)


def test_drain_sends_a_batch_and_puts_back_what_is_refused_without_stopping():
    rows = Rows(5, refuse={1, 3})

    assert rows.drain() == (3, 2)
    assert (rows.sent, rows.put_back) == ([0, 2, 4], [1, 3])


def test_drain_sends_no_more_than_its_batch():
    rows = Rows(5)

    assert rows.drain(batch=2) == (2, 0)
    assert rows.waiting == [2, 3, 4]


def test_a_stopped_worker_is_not_taken_for_a_refusal():
    rows = Rows(5, stop_at=2)

    with pytest.raises(KeyboardInterrupt):
        rows.drain()
    assert (rows.sent, rows.put_back, rows.waiting) == ([0, 1], [], [3, 4])


def test_only_the_refusals_named_are_put_back():
    rows = Rows(2, refuse={0})

    with pytest.raises(ConnectionError):
        rows.drain(refused=(LookupError,))
    assert rows.put_back == []


@pytest.mark.django_db
def test_claim_takes_the_oldest_due_row_and_saves_what_take_did():
    first, second = Group.objects.create(name="due 1"), Group.objects.create(name="due 2")
    Group.objects.create(name="not due")

    def take(group):
        group.name = f"taken {group.name}"
        group.save()
        return group.pk

    due = Group.objects.filter(name__startswith="due")
    assert outbox.claim(due, take) == first.pk
    assert outbox.claim(due, take) == second.pk
    assert outbox.claim(due, take) is None
    names = Group.objects.filter(pk__in=[first.pk, second.pk]).order_by("pk").values_list("name", flat=True)
    assert list(names) == ["taken due 1", "taken due 2"]
    assert Group.objects.filter(name="not due").exists()
