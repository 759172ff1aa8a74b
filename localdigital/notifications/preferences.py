"""What each address asked of the service's email, and what the provider said of it.

- `language_of` and `note_language`: the language an address is written to in, first taken from the
  language the person used when the address was given (Django's current language), then only changed
  when they choose (`choose_language`, from the account page or the link in every email's footer);
- `unsubscribe` and `resubscribe`: no more emails it did not ask for (one click, RFC 8058);
- `record_receipt`: GOV.UK Notify's delivery receipt, kept on the email's record; a permanent failure
  suppresses the address (`suppress`), which staff can lift (`lift_suppression`).

Links in emails carry `token(recipient)`, a signed id with the time it was made: no address appears in
them, nothing is stored to look them up, and after `LINK_DAYS` they are refused as expired (the page
says so, and where to change email settings instead). Using one again does no harm: unsubscribing twice,
or choosing a language again, changes nothing the first time did not.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone, translation

from localdigital.audit import services as audit
from localdigital.notifications.models import Recipient, SentEmail
from localdigital.platform import links

ENGLISH, WELSH = "en", "cy"
LANGUAGES = ((ENGLISH, "English"), (WELSH, "Cymraeg"))
LINK_SALT = "localdigital.notifications.recipient"
# A mail program may send an email's one-click unsubscribe (RFC 8058) long after the email came, so the
# link works for a year.
LINK_DAYS = 365


def language_code(value: str | None) -> str:
    """One of LANGUAGES for a Django language code ("en-gb", "cy", None): Welsh or English."""
    return WELSH if (value or "").lower().split("-")[0] == WELSH else ENGLISH


def django_language(language: str) -> str:
    """The site's own code for a stored language, for `translation.override`: English is the site's
    default ("en-gb"), whose pages and links carry no /cy/ (or /en/) prefix."""
    return language if language == WELSH else settings.LANGUAGE_CODE


def other_language(language: str) -> str:
    return ENGLISH if language == WELSH else WELSH


def _key(address: str) -> str:
    return address.strip().lower()


def recipient(address: str, language: str | None = None) -> Recipient:
    """The row of an address, made when it is first emailed (in `language`, else the one being used)."""
    found, _ = Recipient.objects.get_or_create(
        address=_key(address), defaults={"language": language_code(language or translation.get_language())}
    )
    return found


def recipients(addresses, language: str | None = None) -> dict[str, Recipient]:
    """The rows of many addresses at once (made for those never emailed), by address as given: for a job
    that emails many people, in a constant number of queries."""
    keys = {address: _key(address) for address in addresses}
    found = {row.address: row for row in Recipient.objects.filter(address__in=set(keys.values()))}
    missing = set(keys.values()) - set(found)
    if missing:
        code = language_code(language or translation.get_language())
        Recipient.objects.bulk_create(
            [Recipient(address=key, language=code) for key in sorted(missing)], ignore_conflicts=True
        )
        found.update({row.address: row for row in Recipient.objects.filter(address__in=missing)})
    return {address: found[key] for address, key in keys.items()}


def find(address: str) -> Recipient | None:
    return Recipient.objects.filter(address=_key(address)).first()


def language_of(address: str, default: str | None = None) -> str:
    """The language to write to an address in: its own choice, else `default`, else the current one."""
    found = find(address)
    if found and found.language:
        return found.language
    return language_code(default or translation.get_language())


def note_language(address: str, language: str | None = None) -> Recipient:
    """Remember the language an address was given in (the current one unless named), unless it already
    has one: the person is asked once, and changes it only by choosing."""
    language = language_code(language or translation.get_language())
    found, created = Recipient.objects.get_or_create(address=_key(address), defaults={"language": language})
    if not created and not found.language:
        found.language = language
        found.save(update_fields=["language"])
    return found


def token(row: Recipient) -> str:
    """The signed id of a recipient and the time it was signed, for the links in its emails (its
    address is not in it)."""
    return signing.TimestampSigner(salt=LINK_SALT).sign(str(row.pk))


def from_token(value: str) -> Recipient:
    """The recipient a link names. Raises `links.LinkProblem`: EXPIRED for a link older than
    `LINK_DAYS` (or one made before links carried their time), UNKNOWN for one not made here."""
    try:
        pk = signing.TimestampSigner(salt=LINK_SALT).unsign(value, max_age=timedelta(days=LINK_DAYS))
    except signing.SignatureExpired:
        raise links.LinkProblem(links.EXPIRED) from None
    except (signing.BadSignature, ValueError):  # an undated link's signature checks, but it has no time
        if _undated(value):
            raise links.LinkProblem(links.EXPIRED) from None
        raise links.LinkProblem(links.UNKNOWN) from None
    found = Recipient.objects.filter(pk=int(pk)).first() if pk.isdigit() else None
    if found is None:
        raise links.LinkProblem(links.UNKNOWN)
    return found


def _undated(value: str) -> bool:
    """Whether a link is one signed here before links carried the time they were made."""
    try:
        signing.Signer(salt=LINK_SALT).unsign(value)
    except signing.BadSignature:
        return False
    return True


@transaction.atomic
def choose_language(row: Recipient, language: str, *, actor=None) -> Recipient:
    language = language_code(language)
    if row.language != language:
        before = row.language
        row.language = language
        row.save(update_fields=["language"])
        audit.record(
            "email language chosen",
            row,
            actor=actor,
            actor_label="" if actor else "the person emailed",
            before={"language": before},
            after={"language": language},
        )
    return row


@transaction.atomic
def unsubscribe(row: Recipient, *, how: str) -> bool:
    """Stop emails the address did not ask for; False if it had already unsubscribed. `how` says where
    (the page's button, or the mail program's one click)."""
    changed = Recipient.objects.filter(pk=row.pk, unsubscribed_at__isnull=True).update(
        unsubscribed_at=timezone.now()
    )
    if changed:
        row.refresh_from_db(fields=["unsubscribed_at"])
        audit.record("unsubscribed from email", row, actor_label="the person emailed", after={"how": how})
    return bool(changed)


@transaction.atomic
def resubscribe(address: str, *, actor=None) -> bool:
    """Emails the address did not ask for are sent again (it chose to hear about projects again)."""
    row = find(address)
    if row is None or row.unsubscribed_at is None:
        return False
    before = row.unsubscribed_at.isoformat()
    row.unsubscribed_at = None
    row.save(update_fields=["unsubscribed_at"])
    audit.record("resubscribed to email", row, actor=actor, before={"unsubscribed_at": before})
    return True


def is_unsubscribed(address: str) -> bool:
    row = find(address)
    return bool(row and row.unsubscribed_at)


@transaction.atomic
def suppress(row: Recipient, reason: str) -> bool:
    """Send nothing more to an address the provider cannot deliver to; False if it already was."""
    changed = Recipient.objects.filter(pk=row.pk, suppressed_at__isnull=True).update(
        suppressed_at=timezone.now(), suppressed_reason=reason[:300]
    )
    if changed:
        row.refresh_from_db(fields=["suppressed_at", "suppressed_reason"])
        audit.record("email address suppressed", row, actor_label="system", after={"reason": reason})
    return bool(changed)


@transaction.atomic
def lift_suppression(row: Recipient, *, actor) -> bool:
    """Staff say the address can be sent to again (it was mistyped and is fixed, a mailbox is back)."""
    if row.suppressed_at is None:
        return False
    before = {"suppressed_at": row.suppressed_at.isoformat(), "reason": row.suppressed_reason}
    row.suppressed_at, row.suppressed_reason = None, ""
    row.save(update_fields=["suppressed_at", "suppressed_reason"])
    audit.record("email suppression lifted", row, actor=actor, before=before)
    return True


def is_suppressed(address: str) -> bool:
    row = find(address)
    return bool(row and row.suppressed_at)


class UnknownEmail(Exception):
    """A delivery receipt for an email this service has no record of (or no longer keeps)."""


PERMANENT = SentEmail.Delivery.PERMANENT_FAILURE


@transaction.atomic
def record_receipt(receipt: dict) -> SentEmail:
    """Keep what Notify's delivery receipt says on the email's record; a permanent failure suppresses
    the address. The email is found by our reference, or else by Notify's id."""
    reference, provider_id = str(receipt.get("reference") or ""), str(receipt.get("id") or "")
    status = str(receipt.get("status") or "")
    if status not in SentEmail.Delivery.values:
        raise ValueError(f"Unknown delivery status {status!r}")
    email = None
    if reference.startswith("sent-email-") and reference.removeprefix("sent-email-").isdigit():
        email = (
            SentEmail.objects.select_for_update()
            .filter(pk=int(reference.removeprefix("sent-email-")))
            .first()
        )
    if email is None and provider_id:
        email = SentEmail.objects.select_for_update().filter(provider_reference=provider_id).first()
    if email is None:
        raise UnknownEmail(reference or provider_id)
    before = email.delivery_status
    email.delivery_status, email.delivery_status_at = status, timezone.now()
    email.save(update_fields=["delivery_status", "delivery_status_at"])
    audit.record(
        "email delivery reported",
        email,
        actor_label="GOV.UK Notify",
        before={"delivery_status": before},
        after={"delivery_status": status},
    )
    if status == PERMANENT:
        day = email.delivery_status_at.date().isoformat()
        suppress(
            recipient(email.to),
            f"GOV.UK Notify could not deliver “{email.subject}” ({day}): permanent failure",
        )
    return email
