"""Emailed single-use links: one way to make one, one way to check it, one way to use it up.

The link carries a random token; the database keeps only the token's hash and when the link expires. A
`Links` says where a kind of link keeps these on its model:

    SIGN_IN = links.Links(SignInLink, lifetime=timedelta(hours=1))
    token = SIGN_IN.issue(link)   # sets link.token_hash and link.expires_at; the token is emailed
    link = SIGN_IN.find(token)    # the row, or LinkProblem saying why it cannot be used
    link = SIGN_IN.redeem(token)  # used up, once, however many clicks arrive at once

`redeem` uses the link up with one conditional UPDATE before anything is read, so that of several
clicks at once exactly one succeeds and the others are told the link was used. No lock is taken first
and then raised (which SQLite refuses with "database is locked" when two try it at once). Call it inside
the transaction that does what the link is for, so that if that fails the link is not used up.

Every problem is a `LinkProblem` whose `reason` is UNKNOWN, EXPIRED or USED (a kind of link may add its
own, such as an approver's link to a nomination that was replaced); each view turns it into its page
saying what happened and what to do.
"""

import hashlib
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Generic, TypeVar

from django.db import models
from django.db.models import Q
from django.utils import timezone

Row = TypeVar("Row", bound=models.Model)

UNKNOWN = "unknown"
EXPIRED = "expired"
USED = "used"


class LinkProblem(Exception):
    """An emailed link that cannot be used, and why: `reason` is UNKNOWN, EXPIRED or USED (or a reason
    a kind of link adds)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def new_token() -> tuple[str, str]:
    """A fresh token for a link, and the hash to store."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Links(Generic[Row]):
    """One kind of emailed link, kept on rows of `model`.

    - `hash_field`: where the token's hash is kept.
    - `expires_field` and `lifetime`: the link expires `lifetime` after `issue` (which sets the field).
      With `expires_after`, the field is instead a time the link expires that long after (such as when
      it was emailed), and `issue` leaves it alone.
    - `used_field`: a time set when the link is used, or None when using a link changes something else
      (then `usable` says which rows can still be used, and `why_not` why one cannot).
    - `queryset`: the rows a link can belong to at all (others are unknown).
    """

    def __init__(
        self,
        model: type[Row],
        *,
        lifetime: timedelta | None = None,
        hash_field: str = "token_hash",
        expires_field: str = "expires_at",
        expires_after: timedelta | None = None,
        used_field: str | None = "used_at",
        usable: Q | None = None,
        why_not: Callable[[Row], str | None] | None = None,
        queryset: Callable[[], models.QuerySet] | None = None,
    ):
        self.model = model
        self.lifetime = lifetime
        self.hash_field = hash_field
        self.expires_field = expires_field
        self.expires_after = expires_after or timedelta(0)
        self.used_field = used_field
        self.usable = usable or Q()
        self.why_not = why_not
        self._queryset = queryset

    def rows(self) -> models.QuerySet[Row]:
        return self._queryset() if self._queryset is not None else self.model._default_manager.all()

    def issue(self, row: Row, *, now: datetime | None = None) -> str:
        """Give `row` a new link (not saved): its hash and, with a lifetime, its expiry. The token, for
        the email, is returned; it is not kept anywhere."""
        token, token_hash = new_token()
        setattr(row, self.hash_field, token_hash)
        if self.lifetime is not None:
            setattr(row, self.expires_field, (now or timezone.now()) + self.lifetime)
        if self.used_field is not None:
            setattr(row, self.used_field, None)
        return token

    def expires_at(self, row: Row) -> datetime | None:
        when = getattr(row, self.expires_field)
        return None if when is None else when + self.expires_after

    def find(self, token: str, *, now: datetime | None = None) -> Row:
        """The row a token's link belongs to, if the link can still be used; LinkProblem says why not:
        unknown, then used (or the kind's own reason), then expired."""
        row = self.rows().filter(**{self.hash_field: hash_token(token)}).first() if token else None
        if row is None:
            raise LinkProblem(UNKNOWN)
        if self.used_field is not None and getattr(row, self.used_field) is not None:
            raise LinkProblem(USED)
        if self.why_not is not None and (reason := self.why_not(row)):
            raise LinkProblem(reason)
        expires_at = self.expires_at(row)
        if expires_at is None or expires_at <= (now or timezone.now()):
            raise LinkProblem(EXPIRED)
        return row

    def redeem(self, token: str, *, now: datetime | None = None, **changes) -> Row:
        """Use the link up, once: one conditional UPDATE marks it used (and makes `changes`) only if it is
        known, unused, usable and unexpired. The row is returned as it now is; LinkProblem says why
        not (USED for a click that lost the race to another)."""
        now = now or timezone.now()
        token_hash = hash_token(token)
        values = dict(changes)
        if self.used_field is not None:
            values[self.used_field] = now
        if not values:
            raise ValueError("Using a link must change something, or it could be used again")
        conditions = {self.hash_field: token_hash, f"{self.expires_field}__gt": now - self.expires_after}
        if self.used_field is not None:
            conditions[f"{self.used_field}__isnull"] = True
        updated = self.rows().filter(self.usable, **conditions).update(**values)
        if not updated:
            self.find(token, now=now)  # says why: unknown, used or expired
            raise LinkProblem(USED)  # used a moment ago
        return self.model._default_manager.get(**{self.hash_field: token_hash})
