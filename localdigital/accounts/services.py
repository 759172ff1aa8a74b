"""Signing in without a password: a single-use link, emailed to a work address, that expires."""

from datetime import timedelta

from django.conf import settings
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from localdigital.abuse import services as abuse
from localdigital.accounts.emails import SignInEmail
from localdigital.accounts.models import SignInLink, User
from localdigital.accounts.tokens import hash_token, new_token
from localdigital.audit import services as audit
from localdigital.organisations.models import normalise_domain

LINK_LIFETIME = timedelta(hours=1)
# How long a link is kept after it expires: someone who opens an old one is told it expired or was used,
# rather than that it is unknown. After that the address it was sent to is not needed.
LINKS_KEPT = timedelta(days=30)
# Enough for someone whose emails are slow; too few to flood an inbox or the mail provider. Counted by
# the same limiter as every other limit, per email address and per client address (behind our proxies).
LINKS_PER_ADDRESS = abuse.Limit("sign-in-email", hits=5, seconds=60 * 60)
LINKS_PER_SOURCE = abuse.Limit("sign-in-source", hits=30, seconds=60 * 60)


class LinkProblem(Exception):
    """A sign-in link that cannot be used: `kind` is "not-found", "used" or "expired"."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


class TooManyLinks(Exception):
    """Someone has asked for more links in the last hour than anyone needs."""


# Full stops that internationalised domain names treat as the "." between labels.
DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})


def mailbox(email: str) -> str:
    """The mailbox an address delivers to, for comparing people: "jo+ceo@x" reaches "jo@x"."""
    local, _, domain = email.strip().lower().rpartition("@")
    return f"{local.split('+', 1)[0]}@{domain}"


def normalise_email(value: str) -> str:
    """An address as the service keeps it: trimmed, lower case, its domain in ASCII form, without a
    trailing full stop (of any script). Normalising the result again gives the same address.

    Raises ValidationError for anything that is not an email address.
    """
    local, at, domain = value.strip().lower().rpartition("@")
    address = f"{local}{at}{domain.translate(DOTS).removesuffix('.')}"
    validate_email(address)
    normalised = f"{local}@{normalise_domain(address.rpartition('@')[2])}"
    validate_email(normalised)
    return normalised


def _check_limits(address: str, source: str) -> None:
    """TooManyLinks if this email address or client address has asked too often this hour. A network
    staff allow past the limits (a council's shared connection) is not counted by address."""
    checks = [(abuse.hashed_key("email", address), LINKS_PER_ADDRESS)]
    if abuse.rules().address(source) != "allow":
        checks.append((abuse.address_key(source), LINKS_PER_SOURCE))
    if abuse.exceeded(checks):
        raise TooManyLinks()


def request_link(email: str, *, source: str, next_url: str = "") -> None:
    """Email a sign-in link to `email`, unless it or `source` (the client's address, as
    abuse.client_ip reads it) has asked too often this hour."""
    address = normalise_email(email)
    _check_limits(address, source)
    token, token_hash = new_token()
    link = SignInLink.objects.create(
        email=address,
        token_hash=token_hash,
        expires_at=timezone.now() + LINK_LIFETIME,
        next_url=next_url,
    )
    url = settings.SITE_URL + reverse("accounts:confirm", args=[token])
    SignInEmail(link=url, minutes=int(LINK_LIFETIME.total_seconds() // 60)).send(address)
    audit.record("sign-in link sent", link, actor_label=address)


def find_link(token: str) -> SignInLink:
    """The link a token belongs to, if it can still be used; LinkProblem says why not."""
    link = SignInLink.objects.filter(token_hash=hash_token(token)).first()
    if link is None:
        raise LinkProblem("not-found")
    if link.used_at is not None:
        raise LinkProblem("used")
    if link.expires_at <= timezone.now():
        raise LinkProblem("expired")
    return link


@transaction.atomic
def purge_links(*, now=None) -> int:
    """Delete sign-in links that expired more than LINKS_KEPT ago; the count goes to the audit trail."""
    before = (now or timezone.now()) - LINKS_KEPT - LINK_LIFETIME
    deleted, _ = SignInLink.objects.filter(created_at__lt=before).delete()
    label = f"{deleted} sign-in links that expired more than {LINKS_KEPT.days} days ago"
    audit.record_purge("old sign-in links purged", "accounts.signinlink", deleted, label)
    return deleted


@transaction.atomic
def redeem(token: str) -> tuple[User, SignInLink]:
    """Use a link once: the person behind its address, made if new, and the link.

    The link is used up by one conditional UPDATE before anything is read, so that of several clicks at
    once exactly one signs in and the others are told the link was used: no lock is taken first and
    then raised (which SQLite refuses with "database is locked" when two try it at once).
    """
    now = timezone.now()
    used = SignInLink.objects.filter(
        token_hash=hash_token(token), used_at__isnull=True, expires_at__gt=now
    ).update(used_at=now)
    if not used:
        find_link(token)  # says why: not found, used or expired
        raise LinkProblem("used")  # used a moment ago
    link = SignInLink.objects.get(token_hash=hash_token(token))
    user, created = User.objects.get_or_create(email=link.email)
    if created:
        audit.record("person joined", user, actor=user, after={"email": user.email})
    audit.record("signed in", link, actor=user)
    return user, link
