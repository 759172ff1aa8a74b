"""Partnerships: an organisation named on someone else's work (a commitment, a bid, a project).

Every kind has the same shape (`Partnership`) and goes through the same service: the work's owner names
(invites) an organisation; someone who acts for that organisation confirms or declines; until it confirms,
a partner never shows publicly. Where a kind allows it (projects), an organisation may instead ask to join
(`ask`), and then it is the work's owner who confirms or declines, through the same two functions.

The apps that own a kind of work subclass `Partnership` and register the model from their
AppConfig.ready, so that `waiting_for(user)` gathers what waits for a person without this module knowing
the apps (organisations sits below them all).

To add a kind: subclass `Partnership` with an FK to the work and `subject_field` naming it; make a
migration; build a `Kind` in the app's services (what waits, where the answer form posts, what to check
and whom to tell) and `register` it from the app's AppConfig.ready; choose partners with
`OrganisationChoiceField` and name them with `invite` (or let them `ask`, with `check_owner`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from django import forms
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from localdigital.audit import services as audit
from localdigital.organisations.models import Organisation
from localdigital.organisations.services.membership import is_member, organisations_for
from localdigital.platform.errors import NotAllowed


class PartnerStatus(models.TextChoices):
    INVITED = "invited", gettext_lazy("Waiting for the partner to confirm")
    # Only where an organisation may ask to join someone's work (projects): the owner answers.
    ASKED = "asked", gettext_lazy("Asked to join")
    CONFIRMED = "confirmed", gettext_lazy("Confirmed")
    DECLINED = "declined", gettext_lazy("Declined")


class PartnershipQuerySet(models.QuerySet):
    def confirmed(self):
        """What may show publicly."""
        return self.filter(status=PartnerStatus.CONFIRMED)

    def invited(self):
        return self.filter(status=PartnerStatus.INVITED)


class Partnership(models.Model):
    """The shape every kind of partnership shares. A subclass adds the FK to its work and names it in
    `subject_field`; its app registers a `Kind` saying how it behaves."""

    Status = PartnerStatus

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="%(class)s_set")
    status = models.CharField(max_length=20, choices=PartnerStatus.choices, default=PartnerStatus.INVITED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Indexed, as every date a register shows is: its validators ask for the latest of each.
    decided_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = PartnershipQuerySet.as_manager()

    # The name of the FK to the work this partnership is on ("commitment", "application", "project").
    subject_field: ClassVar[str] = ""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.organisation} on {self.subject}"

    @property
    def subject(self):
        return getattr(self, self.subject_field)

    @property
    def is_confirmed(self) -> bool:
        return self.status == PartnerStatus.CONFIRMED

    @property
    def kind(self) -> Kind:
        return kind_of(self)

    def answer_url(self) -> str:
        return self.kind.answer_url(self)


P = TypeVar("P", bound=Partnership)


def _nothing(partnership: Partnership, user) -> None:
    return None


def _no_requests(partnership: Partnership, user) -> None:
    raise NotAllowed("No one can ask to join this.")


@dataclass(frozen=True)
class Kind:
    """What an app says about its kind of partnership when it registers it."""

    name: str  # "commitment", "bid", "project": how templates tell the kinds apart
    model: type[Partnership]
    # Partnerships naming one of these organisations (a list of ids) that wait for its answer.
    waiting: Callable[[list[int]], Iterable[Partnership]]
    # Where the partner's confirm/decline form posts (a field `answer`: "confirm" or "decline").
    answer_url: Callable[[Partnership], str]
    # Raise (NotAllowed) if the partner can no longer answer, for example because the work has closed.
    check_answerable: Callable[[Any, Any], None] = _nothing
    # After the answer is saved: tell whoever needs to know.
    answered: Callable[[Any, Any], None] = _nothing
    audit_named: str = "partner named"
    audit_confirmed: str = "partner confirmed"
    audit_declined: str = "partner declined"
    # Only for kinds an organisation may ask to join (`ask`). Raise (NotAllowed) unless the person may
    # answer a request to join for the work's owner; then tell the owner of a request, and the requester
    # of the owner's answer.
    check_owner: Callable[[Any, Any], None] = _no_requests
    asked: Callable[[Any, Any], None] = _nothing
    request_answered: Callable[[Any, Any], None] = _nothing
    audit_asked: str = "asked to join"
    audit_accepted: str = "join accepted"
    audit_refused: str = "join declined"


_kinds: dict[type[Partnership], Kind] = {}


def register(kind: Kind) -> None:
    """Called from an app's AppConfig.ready."""
    _kinds[kind.model] = kind


def kinds() -> list[Kind]:
    return list(_kinds.values())


def kind_of(partnership: Partnership | type[Partnership]) -> Kind:
    model = partnership if isinstance(partnership, type) else type(partnership)
    return _kinds[model]


@transaction.atomic
def invite(model: type[P], subject, organisation: Organisation, user, **extra) -> P:
    """Name `organisation` as a partner on `subject`. The caller has checked that `user` may change
    `subject`. Naming it again changes nothing."""
    partnership, created = model.objects.get_or_create(
        **{model.subject_field: subject, "organisation": organisation},
        defaults={"status": PartnerStatus.INVITED, **extra},
    )
    if created and kind_of(model).audit_named:
        audit.record(
            kind_of(model).audit_named, partnership, actor=user, after={"organisation": organisation.name}
        )
    return partnership


@transaction.atomic
def ask(model: type[P], subject, organisation: Organisation, user, **extra) -> tuple[P, bool]:
    """`organisation` asks to join `subject`; the work's owner answers. The caller has checked that `user`
    acts for `organisation`. Asking again changes nothing (and tells no one): the second value says
    whether this was a new request."""
    kind = kind_of(model)
    partnership, created = model.objects.get_or_create(
        **{model.subject_field: subject, "organisation": organisation},
        defaults={"status": PartnerStatus.ASKED, **extra},
    )
    if created:
        audit.record(kind.audit_asked, partnership, actor=user, after={"organisation": organisation.name})
        kind.asked(partnership, user)
    return partnership, created


def _may_answer_requests(kind: Kind, partnership: Partnership, user) -> bool:
    """Whether `user` answers requests to join this work: then answering again, once it is settled,
    changes nothing rather than being refused."""
    if partnership.status == PartnerStatus.INVITED:
        return False
    try:
        kind.check_owner(partnership, user)
    except NotAllowed:
        return False
    return True


def _answer(partnership: P, user, status: str) -> P:
    model, kind = type(partnership), kind_of(partnership)
    with transaction.atomic():
        partnership = model.objects.select_for_update().select_related("organisation").get(pk=partnership.pk)
        asked = partnership.status == PartnerStatus.ASKED
        if asked:  # a request to join: the work's owner answers it
            kind.check_owner(partnership, user)
        elif not (is_member(user, partnership.organisation) or _may_answer_requests(kind, partnership, user)):
            raise NotAllowed(
                _("Only people who work for %(organisation)s can answer for it.")
                % {"organisation": partnership.organisation.name}
            )
        if partnership.status not in (PartnerStatus.INVITED, PartnerStatus.ASKED):
            return partnership  # already answered: answering twice changes nothing
        kind.check_answerable(partnership, user)
        before = partnership.status
        partnership.status = status
        partnership.decided_by = user
        partnership.decided_at = timezone.now()
        partnership.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
        # The work's public record may have changed: move its Last-Modified on.
        subject = partnership.subject
        if hasattr(subject, "updated_at"):
            subject.save(update_fields=["updated_at"])
        confirmed = status == PartnerStatus.CONFIRMED
        if asked:
            action = kind.audit_accepted if confirmed else kind.audit_refused
        else:
            action = kind.audit_confirmed if confirmed else kind.audit_declined
        audit.record(
            action,
            partnership,
            actor=user,
            before={"status": before},
            after={"status": status, "organisation": partnership.organisation.name},
        )
        (kind.request_answered if asked else kind.answered)(partnership, user)
    return partnership


def confirm(partnership: P, user) -> P:
    """Someone from the partner agrees that it works on this (or, for a request to join, the work's owner
    accepts it); from now on it shows publicly."""
    return _answer(partnership, user, PartnerStatus.CONFIRMED)


def decline(partnership: P, user) -> P:
    """Someone from the partner says it does not work on this (or, for a request to join, the work's owner
    refuses it); it never shows publicly."""
    return _answer(partnership, user, PartnerStatus.DECLINED)


def waiting_for(user) -> list[Partnership]:
    """Every partnership, of every kind, waiting for an answer from an organisation `user` acts for."""
    if not user.is_authenticated:
        return []
    organisations = list(organisations_for(user).values_list("pk", flat=True))
    if not organisations:
        return []
    waiting: list[Partnership] = []
    for kind in _kinds.values():
        waiting.extend(kind.waiting(organisations))
    return waiting


class OrganisationChoiceField(forms.ModelChoiceField):
    """The one way to choose a partner: a select of current organisations, which becomes an
    autocomplete where JavaScript runs (see govuk/forms.py)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Organisation.objects.current().order_by("name"))
        kwargs.setdefault("empty_label", gettext_lazy("Choose an organisation"))
        super().__init__(**kwargs)
