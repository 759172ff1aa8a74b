"""Who may act for an organisation.

A person belongs to every current organisation that lists their verified email address's domain
(exactly: a look-alike, a longer domain or a subdomain does not count), and to any organisation staff
have let them join. A shared network domain, or another body's own website domain, counts only once
staff confirm that the bodies share it. Membership is worked out afresh each time, so a domain
staff remove stops counting at once.
"""

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from localdigital.audit import services as audit
from localdigital.organisations.emails import AccessDecided
from localdigital.organisations.models import AccessRequest, Organisation, OrganisationDomain
from localdigital.platform.emails import email_domain

# What a person asking to join is told: staff usually decide within this many working days.
DECISION_TARGET_WORKING_DAYS = 3


def proving(domain: str) -> QuerySet[OrganisationDomain]:
    """The rows that make someone at `domain` a member: in use, and not a shared network's or another
    body's website domain unless staff confirmed that the bodies share it."""
    return OrganisationDomain.objects.proving_membership().filter(domain=domain)


def organisations_for(user) -> QuerySet[Organisation]:
    """The organisations `user` may act for."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return (
        Organisation.objects.current()
        .filter(
            Q(pk__in=proving(email_domain(user.email)).values("organisation_id"))
            | Q(access_requests__user=user, access_requests__status=AccessRequest.Status.APPROVED)
        )
        .distinct()
        .order_by("name")
    )


def is_member(user, organisation: Organisation) -> bool:
    """The rule behind permissions.may_act_for (Organisation.has_member): every check goes through that."""
    return organisations_for(user).filter(pk=organisation.pk).exists()


def ask_for_access(user, organisation: Organisation, *, role: str, reason: str) -> AccessRequest:
    request, created = AccessRequest.objects.get_or_create(
        user=user,
        organisation=organisation,
        status=AccessRequest.Status.PENDING,
        defaults={"role": role, "reason": reason},
    )
    if created:
        audit.record("access requested", request, actor=user, after={"organisation": organisation.name})
    return request


@transaction.atomic
def decide(access_request: AccessRequest, *, approve: bool, staff, note: str = "") -> AccessRequest:
    """Staff approve or refuse a request; the person is told by email."""
    if access_request.status != AccessRequest.Status.PENDING:
        return access_request
    access_request.status = AccessRequest.Status.APPROVED if approve else AccessRequest.Status.REFUSED
    access_request.decided_at = timezone.now()
    access_request.decided_by = staff
    access_request.decision_note = note
    access_request.save()
    audit.record(
        "access approved" if approve else "access refused",
        access_request,
        actor=staff,
        before={"status": AccessRequest.Status.PENDING},
        after={"status": access_request.status, "note": note},
    )
    AccessDecided(organisation=access_request.organisation.name, approved=approve, note=note).send(
        access_request.user.email
    )
    return access_request
