"""Outboxes: rows that a worker sends one at a time, claimed so that several workers never send one row
twice, and tried again with a growing delay when the provider refuses.

Two outboxes use this: queued emails (notifications' SentEmail) and the pledge row (a pledge is its own
outbox, its links made as it is sent). Each says which of its rows are due, how one is marked as taken
(committed before it is handed over, so a worker stopped mid-batch leaves what it sent recorded), how it
is sent, and how a refused one is put back.
"""

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar

from django.db import transaction
from django.db.models import Model, QuerySet

ATTEMPTS = 5  # a row that fails this often is given up: marked failed, or no longer due

Row = TypeVar("Row", bound=Model)
Claimed = TypeVar("Claimed")


def next_try(attempts: int, now: datetime) -> datetime:
    """When to try again a row that has failed `attempts` times: 2, 4, 8, 16 minutes later."""
    return now + timedelta(minutes=2**attempts)


def given_up(attempts: int) -> bool:
    """Whether a row that has failed `attempts` times is not tried again."""
    return attempts >= ATTEMPTS


def claim(due: QuerySet[Row], take: Callable[[Row], Claimed]) -> Claimed | None:
    """The oldest due row, locked and marked as taken by `take` (which saves it) in one committed
    transaction: what `take` returns, or None when no row is due.

    On PostgreSQL the lock is FOR UPDATE SKIP LOCKED, so a row another worker holds is passed over, never
    waited for nor taken twice.
    """
    with transaction.atomic():
        row = due.select_for_update(skip_locked=True).order_by("id").first()
        if row is None:
            return None
        return take(row)


def drain(
    claim_next: Callable[[], Claimed | None],
    send: Callable[[Claimed], object],
    put_back: Callable[[Claimed], None],
    *,
    batch: int,
    refused: tuple[type[Exception], ...] = (Exception,),
) -> tuple[int, int]:
    """Claim and send up to `batch` rows, one at a time; (sent, failed for now).

    A row whose sending raises one of `refused` is given to `put_back` (called while the error is being
    handled, so it can log it) and the batch goes on; anything else (the worker being stopped) ends it.
    """
    sent = failed = 0
    for _ in range(batch):
        claimed = claim_next()
        if claimed is None:
            break
        try:
            send(claimed)
        except refused:
            put_back(claimed)
            failed += 1
            continue
        sent += 1
    return sent, failed
