"""Domains that may not prove membership: a shared network's, or another body's own website domain.

Such a domain makes no one a member of the body it is listed on until staff confirm that the bodies
really share it; staff may instead switch it off. Both decisions are audited.
"""

from collections import defaultdict
from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from localdigital.audit import services as audit
from localdigital.organisations.models import (
    SHARED_NETWORK_DOMAINS,
    Organisation,
    OrganisationDomain,
)
from localdigital.platform.emails import normalise_domain

Conflict = OrganisationDomain.Conflict


def website_domain(website: str) -> str:
    """The domain of a body's website address, without a leading www."""
    host = urlsplit(website).hostname or ""
    host = host.removeprefix("www.")
    return normalise_domain(host) if host else ""


def website_owners(bodies: QuerySet[Organisation] | None = None) -> dict[str, set[int]]:
    """Each domain that is a current body's own website domain, and the bodies whose it is."""
    bodies = Organisation.objects.current() if bodies is None else bodies
    owners: dict[str, set[int]] = defaultdict(set)
    rows = OrganisationDomain.objects.filter(
        source=OrganisationDomain.Source.WEBSITE, is_active=True, organisation__in=bodies
    )
    for organisation_id, domain in rows.values_list("organisation_id", "domain"):
        owners[domain].add(organisation_id)
    for organisation_id, website in bodies.exclude(website="").values_list("id", "website"):
        domain = website_domain(website)
        if domain:
            owners[domain].add(organisation_id)
    return owners


def conflict_of(domain: str, organisation_id: int, owners: dict[str, set[int]]) -> tuple[str, int | None]:
    """Why `domain` on this body may not prove membership, and the other body it belongs to."""
    if domain in SHARED_NETWORK_DOMAINS:
        return Conflict.SHARED_NETWORK, None
    holders = owners.get(domain, set())
    if holders and organisation_id not in holders:
        return Conflict.OTHER_BODY, min(holders)
    return Conflict.NONE, None


def describe(row: OrganisationDomain) -> str:
    """One line for the import's report and the staff tools."""
    if row.conflict == Conflict.SHARED_NETWORK:
        why = "a shared network domain"
    else:
        why = f"the website domain of {row.conflict_with}" if row.conflict_with else "another body's domain"
    return f"{row.domain} on {row.organisation}: {why}"


def needing_decision() -> QuerySet[OrganisationDomain]:
    return (
        OrganisationDomain.objects.needing_decision()
        .select_related("organisation", "conflict_with")
        .order_by("domain", "organisation__name")
    )


@transaction.atomic
def confirm_shared(row: OrganisationDomain, staff) -> OrganisationDomain:
    """Staff confirm that the body really shares the domain: people at it become members."""
    if not row.needs_decision:
        return row
    row.shared_confirmed_at = timezone.now()
    row.shared_confirmed_by = staff
    row.save(update_fields=["shared_confirmed_at", "shared_confirmed_by"])
    audit.record(
        "domain confirmed as shared",
        row,
        actor=staff,
        before={"shared_confirmed_at": None},
        after={"organisation": row.organisation.name, "conflict": row.conflict, "shared_confirmed_at": True},
    )
    return row


@transaction.atomic
def switch_off(row: OrganisationDomain, staff) -> OrganisationDomain:
    """Staff switch the domain off for this body; the row becomes theirs, so the import keeps it off."""
    if not row.is_active:
        return row
    row.is_active = False
    row.source = OrganisationDomain.Source.STAFF
    row.save(update_fields=["is_active", "source"])
    audit.record(
        "domain switched off",
        row,
        actor=staff,
        before={"is_active": True},
        after={"organisation": row.organisation.name, "conflict": row.conflict, "is_active": False},
    )
    return row
