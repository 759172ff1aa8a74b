"""Pledging, confirming, withdrawing, purging, and counting pledges exactly without a hot row."""

import contextlib
from collections import defaultdict
from datetime import date, timedelta
from typing import NamedTuple

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from localdigital.audit import services as audit
from localdigital.notifications import gateway
from localdigital.notifications.models import SentEmail
from localdigital.notifications.preferences import language_code
from localdigital.platform import caches, links, outbox
from localdigital.platform.emails import canonical_mailbox
from localdigital.pledges import emails
from localdigital.pledges.models import Pledge, PledgeCountChange, PledgeCounts, PledgeTally

# A confirmation link lasts this long from when it was sent; a pledge left unconfirmed this long after its
# latest link is deleted. Pledging again while pending sends a new link, with a new week.
CONFIRM_WITHIN = timedelta(days=7)
WITHDRAW_LINK_LASTS = timedelta(days=90)  # then ask for a new one at /pledge/withdraw/
EMAIL_AT_MOST_EVERY = timedelta(minutes=10)  # repeats within this get no further email
TALLY_EVERY_SECONDS = 2  # how often the worker folds count changes into the counts
COUNTS_STALE_SECONDS = 10  # counts older than this are re-tallied by whoever reads them
COUNTS_CACHE_SECONDS = 1  # each process keeps the counts this long between reads

# The confirmation link: used up by confirming (its hash is kept, so a second click is told it was used).
CONFIRM_LINKS = links.Links(
    Pledge,
    hash_field="confirm_token_hash",
    expires_field="emailed_at",
    expires_after=CONFIRM_WITHIN,
    used_field=None,
    queryset=lambda: Pledge.objects.filter(status=Pledge.Status.PENDING),
)
# The withdraw link: used up by withdrawing, which ends its life and then deletes the pledge.
WITHDRAW_LINKS = links.Links(
    Pledge,
    lifetime=WITHDRAW_LINK_LASTS,
    hash_field="withdraw_token_hash",
    expires_field="withdraw_token_expires_at",
    used_field=None,
)


def _audit(action: str, pledge: Pledge, **after) -> None:
    audit.record(action, pledge, actor_label="the person pledging", after=after)


def _links(pledge: Pledge, *, confirm: bool) -> dict:
    """Fresh single-use tokens for the emailed links; only their hashes are stored."""
    urls = {}
    if confirm:
        urls["confirm_url"] = reverse("pledges:confirm", args=[CONFIRM_LINKS.issue(pledge)])
    urls["withdraw_url"] = reverse("pledges:withdraw", args=[WITHDRAW_LINKS.issue(pledge)])
    return urls


def submit(
    *, name: str, email: str, organisation_id: int | None = None, role: str = "", show_name: bool = False
) -> None:
    """Take a pledge. A repeat from the same mailbox is answered by email, never differently on screen."""
    key = canonical_mailbox(email)
    pledge = Pledge(
        name=name,
        email=email,
        email_key=key,
        organisation_id=organisation_id,
        role=role,
        show_name=show_name,
        language=language_code(translation.get_language()),
    )
    with transaction.atomic():
        if _insert_unless_pledged(pledge):
            _audit("pledged", pledge, status=pledge.status)
            to_email: Pledge | None = pledge
        else:
            to_email = _repeat(
                key, name=name, email=email, organisation_id=organisation_id, role=role, show_name=show_name
            )
    if to_email is not None:
        _send_now_unless_queued(to_email.pk)


def _insert_unless_pledged(pledge: Pledge) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING: one statement that either adds the pledge (setting its id)
    or finds the mailbox has pledged already, so a surge needs no look-up first and two requests for one
    mailbox at once cannot both add it."""
    fields = [field for field in Pledge._meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column or field.attname) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = (
        f"INSERT INTO {quote(Pledge._meta.db_table)} ({columns}) VALUES ({placeholders}) "  # noqa: S608
        f"ON CONFLICT ({quote('email_key')}) DO NOTHING RETURNING {quote('id')}"
    )
    values = [field.get_db_prep_save(getattr(pledge, field.attname), connection) for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    if row is None:
        return False
    pledge.pk = row[0]
    pledge._state.adding = False
    return True


def _repeat(key: str, **details) -> Pledge | None:
    """The mailbox has pledged: email a new link to confirm (if pending) or say so (if confirmed), at
    most every EMAIL_AT_MOST_EVERY, so the form cannot be used to flood someone's mailbox."""
    now = timezone.now()
    pledge = Pledge.objects.select_for_update().filter(email_key=key).first()
    if pledge is None or pledge.emailed_at > now - EMAIL_AT_MOST_EVERY:
        return None
    pledge.emailed_at = now
    if pledge.status == Pledge.Status.PENDING:
        # The latest details count, but only once confirmed from the mailbox itself.
        for field, value in details.items():
            setattr(pledge, field, value)
        pledge.email_due = Pledge.EmailDue.CONFIRM
    else:
        pledge.email_due = Pledge.EmailDue.ALREADY
    _new_email(pledge)
    pledge.save()
    _audit("pledge repeated", pledge, status=pledge.status)
    return pledge


def _new_email(pledge: Pledge) -> None:
    """A new email is due now: not the one being sent (which then leaves the pledge due), nor a retry."""
    pledge.email_record, pledge.email_attempts, pledge.email_retry_at = None, 0, None


EMAILS: dict[str, type[emails.ConfirmPledge | emails.AlreadyPledged | emails.WithdrawLink]] = {
    Pledge.EmailDue.CONFIRM: emails.ConfirmPledge,
    Pledge.EmailDue.ALREADY: emails.AlreadyPledged,
    Pledge.EmailDue.WITHDRAW: emails.WithdrawLink,
}


TOKEN_FIELDS = ["confirm_token_hash", "withdraw_token_hash", "withdraw_token_expires_at"]
RETRY_FIELDS = ["email_due", "email_attempts", "email_retry_at", "email_record"]


def send_due_emails(*, batch: int = 50, pks: list[int] | None = None) -> tuple[int, int]:
    """Send the emails pledges are due, making fresh tokens for their links; (sent, failed).

    One pledge at a time: it is claimed as every outbox row is (see `platform.outbox`: several workers
    never send one email twice), and its new tokens' hashes and the email's record are committed before
    the email is handed to the provider; the pledge stays due, leased for outbox.LEASE, until the email
    has left. So a worker stopped mid-batch leaves every email that left recorded, with links that work;
    the one it was handing over is delivered again after the lease as the same email (its record, links
    and reference), the provider asked first, so it is neither lost nor sent twice.

    A failed email is tried again after 2, 4, 8 and 16 minutes, as queued emails are, and given up after
    outbox.ATTEMPTS (the person can ask again); its earlier links go on working, and emails waiting to
    be retried do not hold up the others.
    """
    now = timezone.now()
    due = Pledge.objects.exclude(email_due="").filter(
        Q(email_retry_at__isnull=True) | Q(email_retry_at__lte=now)
    )
    if pks is not None:
        due = due.filter(pk__in=pks)
    return outbox.drain(
        lambda: outbox.claim(due, _take),
        _send,
        lambda claimed: _try_again_later(claimed, now),
        batch=batch,
        refused=(gateway.EmailNotSent,),
    )


class _Claimed(NamedTuple):
    pledge: Pledge
    record: SentEmail  # the email, recorded as sending
    earlier: dict  # the pledge's tokens and retry fields before it was claimed
    retry: bool  # the record was left sending by a worker that stopped


def _take(pledge: Pledge) -> _Claimed:
    """A claimed pledge leased, with its email's record: the one left sending by a worker that stopped
    (same links), or a new one with new tokens, committed with the claim."""
    earlier = {field: getattr(pledge, field) for field in TOKEN_FIELDS + RETRY_FIELDS}
    pledge.email_retry_at = outbox.lease_ends(timezone.now())
    record = pledge.email_record
    retry = record is not None and record.status in (SentEmail.Status.SENDING, SentEmail.Status.SENT)
    if not retry:
        links = _links(pledge, confirm=pledge.email_due == Pledge.EmailDue.CONFIRM)
        message = EMAILS[pledge.email_due](name=pledge.name, **links)
        record = gateway.prepare(message, to=pledge.email, language=pledge.language)
        pledge.email_record = record
    pledge.save(update_fields=TOKEN_FIELDS + RETRY_FIELDS)
    assert record is not None  # noqa: S101 (for the type checker)
    return _Claimed(pledge, record, earlier, retry)


def _send(claimed: _Claimed) -> None:
    """Deliver the email (unless it is recorded as sent already), then mark the pledge's email done,
    unless something newer is due by then."""
    if claimed.record.status != SentEmail.Status.SENT:
        gateway.deliver(claimed.record, retry=claimed.retry)
    Pledge.objects.filter(pk=claimed.pledge.pk, email_record=claimed.record).update(
        email_due=Pledge.EmailDue.NONE, email_attempts=0, email_retry_at=None, email_record=None
    )


def _try_again_later(claimed: _Claimed, now) -> None:
    """The provider refused: put back the links sent before (they must go on working) and the email that
    is due, to be tried again later, unless this was its last attempt or something newer is due."""
    pledge, earlier = claimed.pledge, claimed.earlier
    with transaction.atomic():
        current = Pledge.objects.select_for_update().filter(pk=pledge.pk).first()
        if current is None or current.email_record_id != claimed.record.pk:
            return  # withdrawn, or asked again since: that email is what is due now
        if not claimed.retry:
            for field in TOKEN_FIELDS:
                setattr(current, field, earlier[field])
        current.email_record = None
        current.email_attempts = earlier["email_attempts"] + 1
        current.email_retry_at = outbox.next_try(current.email_attempts, now)
        current.email_due = "" if outbox.given_up(current.email_attempts) else current.email_due
        current.save(update_fields=TOKEN_FIELDS + RETRY_FIELDS)


def emails_waiting() -> int:
    return Pledge.objects.exclude(email_due="").count()


def _send_now_unless_queued(pk: int) -> None:
    """Without EMAIL_QUEUE (development, tests) the email goes at once; otherwise the worker sends it."""
    if not settings.EMAIL_QUEUE:
        send_due_emails(pks=[pk])


class LinkProblem(Exception):
    """An emailed link that cannot be used: `kind` is "expired" or "used" (used, replaced or mistyped),
    and the message says what happened and what to do."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind
        self.message = message


# What each link's page says, by why it cannot be used (an unknown link may be one used already, whose
# hash is gone with its pledge, or one a newer link replaced).
CONFIRM_PROBLEMS = {
    links.UNKNOWN: (
        "used",
        _(
            "This link has already been used or is not right. If you confirmed your pledge, it counts. "
            "If not, pledge again to get a new link."
        ),
    ),
    links.USED: ("used", _("This link has already been used. Your pledge counts.")),
    links.EXPIRED: ("expired", _("This link has expired. Pledge again to get a new link.")),
}
WITHDRAW_PROBLEMS = {
    links.UNKNOWN: (
        "used",
        _(
            "This link has already been used or is not right. If you withdrew your pledge, it is gone. "
            "To withdraw, ask for a new link."
        ),
    ),
    links.USED: ("used", _("Your pledge has already been withdrawn.")),
    links.EXPIRED: ("expired", _("This link has expired. Ask for a new link to withdraw your pledge.")),
}


@contextlib.contextmanager
def _saying(problems: dict):
    try:
        yield
    except links.LinkProblem as problem:
        raise LinkProblem(*problems[problem.reason]) from problem


def pending_for(token: str) -> Pledge:
    with _saying(CONFIRM_PROBLEMS):
        return CONFIRM_LINKS.find(token)


def confirm(token: str) -> Pledge:
    with transaction.atomic(), _saying(CONFIRM_PROBLEMS):
        now = timezone.now()
        if connection.vendor == "postgresql":
            pledge = _confirm_in_one_statement(token, now)
        else:
            pledge = CONFIRM_LINKS.redeem(token, now=now, status=Pledge.Status.CONFIRMED, confirmed_at=now)
            PledgeCountChange.objects.create(
                day=timezone.localdate(now), organisation_id=pledge.organisation_id, delta=1
            )
        _audit("pledge confirmed", pledge, status=pledge.status)
    return pledge


def _confirm_in_one_statement(token: str, now) -> Pledge:
    """Use the confirmation link up and count the pledge in one statement (PostgreSQL): the link's one
    conditional UPDATE (as `CONFIRM_LINKS.redeem` makes it: known, pending, not expired), returning the
    pledge, and the count change inserted from what it returned. A surge of confirmations then costs one
    round trip each before the audit event and the commit, rather than four."""
    fields = Pledge._meta.concrete_fields
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column or field.attname) for field in fields)
    pledges, changes = quote(Pledge._meta.db_table), quote(PledgeCountChange._meta.db_table)
    # Only quoted names and placeholders go into the text; the values are parameters.
    sql = (
        f"WITH confirmed AS (UPDATE {pledges} SET {quote('status')} = %s, {quote('confirmed_at')} = %s "  # noqa: S608
        f"WHERE {quote(CONFIRM_LINKS.hash_field)} = %s AND {quote('status')} = %s "
        f"AND {quote(CONFIRM_LINKS.expires_field)} > %s RETURNING {columns}), "
        f"counted AS (INSERT INTO {changes} ({quote('day')}, {quote('organisation_id')}, {quote('delta')}) "
        f"SELECT %s, {quote('organisation_id')}, 1 FROM confirmed) "
        f"SELECT {columns} FROM confirmed"
    )
    values = [
        Pledge.Status.CONFIRMED,
        now,
        links.hash_token(token),
        Pledge.Status.PENDING,
        now - CONFIRM_LINKS.expires_after,
        timezone.localdate(now),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    if row is None:
        CONFIRM_LINKS.find(token, now=now)  # says why: unknown, used or expired
        raise links.LinkProblem(links.USED)  # used a moment ago
    return Pledge.from_db(connection.alias, [field.attname for field in fields], row)


def withdrawable_for(token: str) -> Pledge:
    with _saying(WITHDRAW_PROBLEMS):
        return WITHDRAW_LINKS.find(token)


def withdraw(token: str) -> None:
    """Delete the pledge; if it counted, take it off the counts of the day it was confirmed."""
    with transaction.atomic(), _saying(WITHDRAW_PROBLEMS):
        pledge = WITHDRAW_LINKS.redeem(token, withdraw_token_expires_at=timezone.now())
        if pledge.status == Pledge.Status.CONFIRMED:
            PledgeCountChange.objects.create(
                day=timezone.localdate(pledge.confirmed_at), organisation_id=pledge.organisation_id, delta=-1
            )
        _audit("pledge withdrawn", pledge, status="withdrawn")
        pledge.delete()


def request_withdraw_link(email: str) -> None:
    """Email a fresh withdraw link if this mailbox has pledged; say nothing different if not."""
    with transaction.atomic():
        pledge = Pledge.objects.select_for_update().filter(email_key=canonical_mailbox(email)).first()
        now = timezone.now()
        if pledge is None or pledge.emailed_at > now - EMAIL_AT_MOST_EVERY:
            return
        pledge.emailed_at = now
        pledge.email_due = Pledge.EmailDue.WITHDRAW
        _new_email(pledge)
        pledge.save(update_fields=["emailed_at", *RETRY_FIELDS])
    _send_now_unless_queued(pledge.pk)


def purge_unconfirmed(*, now=None) -> int:
    """Delete pledges not confirmed within CONFIRM_WITHIN of their latest link; the count goes to the
    audit trail."""
    now = now or timezone.now()
    with transaction.atomic():
        deleted, _ = Pledge.objects.filter(
            status=Pledge.Status.PENDING, emailed_at__lt=now - CONFIRM_WITHIN
        ).delete()
        label = f"{deleted} pledges not confirmed within {CONFIRM_WITHIN.days} days"
        audit.record_purge("unconfirmed pledges purged", "pledges.pledge", deleted, label)
    return deleted


def tally(*, wait: bool = True) -> PledgeCounts | None:
    """Fold count changes into the tallies and rewrite the public counts, in one transaction.

    One tally runs at a time (the counts row is locked); with `wait` False, a caller that finds one
    running returns None at once. The counts equal the confirmed pledges exactly once it commits.
    """
    with transaction.atomic():
        counts_row = PledgeCounts.objects.select_for_update(skip_locked=not wait).filter(pk=1).first()
        if counts_row is None:
            if not wait and PledgeCounts.objects.filter(pk=1).exists():
                return None  # locked by a running tally
            counts_row, _ = PledgeCounts.objects.get_or_create(pk=1)
            counts_row = PledgeCounts.objects.select_for_update().get(pk=1)
        _fold_changes()
        counts_row.total = PledgeTally.objects.aggregate(total=Sum("count"))["total"] or 0
        counts_row.by_organisation = {
            str(row["organisation_id"]): row["count"]
            for row in PledgeTally.objects.filter(organisation__isnull=False)
            .values("organisation_id")
            .annotate(count=Sum("count"))
            .order_by("organisation_id")
            if row["count"]
        }
        counts_row.updated_at = timezone.now()
        counts_row.save()
    forget_counts()
    return counts_row


def _fold_changes() -> None:
    # DELETE ... RETURNING takes exactly the rows it removes: a change committed by another transaction
    # while this runs is either taken here or left for the next tally, never lost or counted twice.
    table = connection.ops.quote_name(PledgeCountChange._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} RETURNING day, organisation_id, delta")  # noqa: S608
        taken = cursor.fetchall()
    deltas: dict[tuple[date, int | None], int] = defaultdict(int)
    for day, organisation_id, delta in taken:
        if isinstance(day, str):  # SQLite returns dates as text from raw SQL
            day = date.fromisoformat(day)
        deltas[day, organisation_id] += delta
    if not deltas:
        return
    days = {day for day, _ in deltas}
    existing = {(t.day, t.organisation_id): t for t in PledgeTally.objects.filter(day__in=days)}
    changed, new = [], []
    for key, delta in deltas.items():
        if key in existing:
            existing[key].count += delta
            changed.append(existing[key])
        else:
            new.append(PledgeTally(day=key[0], organisation_id=key[1], count=delta))
    PledgeTally.objects.bulk_update(changed, ["count"], batch_size=500)
    PledgeTally.objects.bulk_create(new, batch_size=500)


COUNTS = caches.memo("pledge counts", seconds=COUNTS_CACHE_SECONDS)


def counts() -> PledgeCounts:
    """The public counts: from this process's copy for a second, then from the one counts row.

    If the counts are older than COUNTS_STALE_SECONDS (no worker running, say), this reader tallies
    them, unless another process already is; either way it answers at once.
    """
    return COUNTS.get(_read_counts)


def _read_counts() -> PledgeCounts:
    row = PledgeCounts.objects.filter(pk=1).first()
    if row is None or row.updated_at < timezone.now() - timedelta(seconds=COUNTS_STALE_SECONDS):
        # On SQLite another process may be writing; then answer with what there is.
        with contextlib.suppress(OperationalError):
            row = tally(wait=False) or row
        row = row or PledgeCounts(pk=1, updated_at=timezone.now())
    return row


forget_counts = COUNTS.forget


def daily(organisation=None, within: Q | None = None):
    """Confirmed pledges still standing, by the day they were confirmed: [(day, count)], oldest first;
    for one organisation, or for pledges made for bodies matching `within` (a Q on the tally's
    organisation, such as the dashboard's nations)."""
    tallies = PledgeTally.objects.all()
    if organisation is not None:
        tallies = tallies.filter(organisation=organisation)
    if within is not None:
        tallies = tallies.filter(within)
    return [
        (row["day"], row["count"])
        for row in tallies.values("day").annotate(count=Sum("count")).order_by("day")
        if row["count"]
    ]


def all_counts():
    """The counts row, as a source for pages' ETag and Last-Modified (it changes at each tally)."""
    return PledgeCounts.objects.all()
