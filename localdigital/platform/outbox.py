"""Outboxes: rows that a worker sends one at a time, claimed so that several workers never send one row
twice, and tried again with a growing delay when the provider refuses.

Two outboxes use this: queued emails (notifications' SentEmail) and the pledge row (a pledge is its own
outbox, its links made as it is sent). Each says which of its rows are due, how one is marked as taken
(committed before it is handed over, so a worker stopped mid-batch leaves what it sent recorded), how it
is sent, and how a refused one is put back.

A taken row is leased, not given away: it is due again LEASE after it was taken unless its sender has
marked it done. So a row whose worker was killed mid-send is sent by another worker a little later,
never lost. The retry is the same email (the same record, body, links and provider `reference`), and
the provider is asked first whether it already has it (see `notifications.gateway.deliver`), so an email
that did leave before its worker died is not sent a second time.
"""

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar

from django.db import transaction
from django.db.models import Model, QuerySet

ATTEMPTS = 5  # a row that fails this often is given up: marked failed, or no longer due
# A taken row is due again this long after it was taken, if its sender has not finished it (killed, say).
# Longer than any one hand-over can take (the Notify client gives up on a request after 30 s), so a
# row is never taken again while its first sender is still handing it over.
LEASE = timedelta(seconds=60)

Row = TypeVar("Row", bound=Model)
Claimed = TypeVar("Claimed")


def next_try(attempts: int, now: datetime) -> datetime:
    """When to try again a row that has failed `attempts` times: 2, 4, 8, 16 minutes later."""
    return now + timedelta(minutes=2**attempts)


def lease_ends(now: datetime) -> datetime:
    """When a row taken now is due again if its sender never finishes it."""
    return now + LEASE


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
