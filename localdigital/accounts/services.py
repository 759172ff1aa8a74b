"""Signing in without a password: a single-use link, emailed to a work address, that expires."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from localdigital.abuse import services as abuse
from localdigital.accounts.emails import SignInEmail
from localdigital.accounts.models import ProjectEmails, SignInLink, User
from localdigital.audit import services as audit
from localdigital.notifications import preferences
from localdigital.platform import links, ratelimit
from localdigital.platform.emails import normalise_email

LINK_LIFETIME = timedelta(hours=1)
# How long a link is kept after it expires: someone who opens an old one is told it expired or was used,
# rather than that it is unknown. After that the address it was sent to is not needed.
LINKS_KEPT = timedelta(days=30)
# Enough for someone whose emails are slow; too few to flood an inbox or the mail provider. Counted by
# the same limiter as every other limit, per email address and per client address (behind our proxies).
LINKS_PER_ADDRESS = ratelimit.Limit("sign-in-email", hits=5, seconds=60 * 60)
LINKS_PER_SOURCE = ratelimit.Limit("sign-in-source", hits=30, seconds=60 * 60)
SIGN_IN_LINKS = links.Links(SignInLink, lifetime=LINK_LIFETIME)


class TooManyLinks(Exception):
    """Someone has asked for more links in the last hour than anyone needs."""


def _check_limits(address: str, source: str) -> None:
    """TooManyLinks if this email address or client address has asked too often this hour. A network
    staff allow past the limits (a council's shared connection) is not counted by address."""
    checks = [(ratelimit.hashed_key("email", address), LINKS_PER_ADDRESS)]
    if abuse.rules().address(source) != "allow":
        checks.append((ratelimit.address_key(source), LINKS_PER_SOURCE))
    # Few and worth counting exactly: written at once, not batched with the others.
    if ratelimit.exceeded(checks, exact=True):
        raise TooManyLinks()


def request_link(email: str, *, source: str, next_url: str = "") -> None:
    """Email a sign-in link to `email`, unless it or `source` (the client's address, as
    platform.clients.client_ip reads it) has asked too often this hour."""
    address = normalise_email(email)
    _check_limits(address, source)
    link = SignInLink(email=address, next_url=next_url)
    token = SIGN_IN_LINKS.issue(link)
    link.save()
    url = settings.SITE_URL + reverse("accounts:confirm", args=[token])
    SignInEmail(link=url, minutes=int(LINK_LIFETIME.total_seconds() // 60)).send(address)
    audit.record("sign-in link sent", link, actor_label=address)


def find_link(token: str) -> SignInLink:
    """The link a token belongs to, if it can still be used; links.LinkProblem says why not."""
    return SIGN_IN_LINKS.find(token)


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
    """Use a link once: the person behind its address, made if new, and the link. Of several clicks at
    once exactly one signs in; the others are told the link was used (links.LinkProblem)."""
    link = SIGN_IN_LINKS.redeem(token)
    # A new person's language is the one they are using (the address's, if it was emailed before in a
    # language the person chose); they can change it on their account page.
    language = preferences.language_of(link.email, translation.get_language())
    user, created = User.objects.get_or_create(email=link.email, defaults={"language": language})
    if created:
        preferences.note_language(user.email, language)
        audit.record("person joined", user, actor=user, after={"email": user.email, "language": language})
    audit.record("signed in", link, actor=user)
    return user, link


@transaction.atomic
def choose_language(user: User, language: str) -> User:
    """The language the person is emailed in (also for their address's emails as an approver or pledger)."""
    language = preferences.language_code(language)
    if user.language != language:
        before = user.language
        user.language = language
        user.save(update_fields=["language"])
        audit.record(
            "language chosen", user, actor=user, before={"language": before}, after={"language": language}
        )
    preferences.choose_language(preferences.recipient(user.email, language), language, actor=user)
    return user


@transaction.atomic
def choose_project_emails(user: User, how_often: str) -> User:
    """How often the person hears about the projects they follow. Choosing to hear again undoes an
    unsubscribe from an email's link."""
    how_often = ProjectEmails(how_often)
    if user.project_emails != how_often:
        before = user.project_emails
        user.project_emails = how_often
        user.save(update_fields=["project_emails"])
        audit.record(
            "project emails chosen",
            user,
            actor=user,
            before={"project_emails": before},
            after={"project_emails": how_often.value},
        )
    if how_often != ProjectEmails.NEVER:
        preferences.resubscribe(user.email, actor=user)
    return user
