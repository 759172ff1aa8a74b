"""Moments to act together: for one organisation's published system, the other organisations whose
contracts for the same service end in the same window, and those on the same product; and telling a
record's keepers, once, when a new match appears.

The window is the UK financial year (1 April to 31 March) in which the system's contract ends: it is the
year councils budget and procure in, so "contracts ending between April 2027 and March 2028" is a window
they can plan a joint procurement around.
"""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext, ngettext

from localdigital.accounts.models import User
from localdigital.audit import services as audit
from localdigital.notifications import preferences
from localdigital.organisations.models import Organisation
from localdigital.platform.jobs import task
from localdigital.platform.permissions import may_act_for
from localdigital.plumbing import emails
from localdigital.plumbing.models import MatchNotice, System
from localdigital.projects.models import Project, ProjectPartner
from localdigital.service_list.models import Service


def financial_year(day: date) -> tuple[date, date]:
    """The first and last day of the UK financial year (April to March) that `day` falls in."""
    first_year = day.year if day.month >= 4 else day.year - 1
    return date(first_year, 4, 1), date(first_year + 1, 3, 31)


def month_and_year(day: date) -> str:
    """April 2027 (Ebrill 2027 in Welsh)."""
    return formats.date_format(day, "F Y")


def _others(system: System):
    return (
        System.objects.published()
        .exclude(organisation_id=system.organisation_id)
        .select_related("organisation", "product__supplier")
        .prefetch_related("services")
    )


@dataclass
class ContractsEnding:
    """The other organisations' published systems for `service` whose contracts end between `start` and
    `end`."""

    service: Service
    start: date
    end: date
    systems: list[System] = field(default_factory=list)

    @property
    def organisations(self) -> list[Organisation]:
        seen: dict[int, Organisation] = {}
        for system in self.systems:
            seen.setdefault(system.organisation_id, system.organisation)
        return list(seen.values())

    def sentence(self) -> str:
        """How many organisations' contracts (this one's among them) end in the window."""
        values = {
            "service": self.service.localised("label"),
            "start": month_and_year(self.start),
            "end": month_and_year(self.end),
        }
        if not self.systems:
            return (
                gettext(
                    "No other organisation has told us of a contract for %(service)s ending between "
                    "%(start)s and %(end)s."
                )
                % values
            )
        count = len(self.organisations) + 1
        return ngettext(
            "%(count)s organisation's contract for %(service)s ends between %(start)s and %(end)s.",
            "%(count)s organisations' contracts for %(service)s end between %(start)s and %(end)s.",
            count,
        ) % {"count": count, **values}


@dataclass
class SameProduct:
    """The other organisations' published systems on the same product."""

    product_name: str
    systems: list[System] = field(default_factory=list)

    @property
    def organisations(self) -> list[Organisation]:
        seen: dict[int, Organisation] = {}
        for system in self.systems:
            seen.setdefault(system.organisation_id, system.organisation)
        return list(seen.values())

    def sentence(self) -> str:
        count = len(self.organisations)
        if not count:
            return gettext("No other organisation has told us it uses %(product)s.") % {
                "product": self.product_name
            }
        return ngettext(
            "%(count)s other organisation uses %(product)s.",
            "%(count)s other organisations use %(product)s.",
            count,
        ) % {"count": count, "product": self.product_name}


def contracts_ending(system: System) -> list[ContractsEnding]:
    """For each service of the system, the others' contracts ending in the same financial year; none
    where the system's contract end is not known."""
    if system.contract_end is None:
        return []
    start, end = financial_year(system.contract_end)
    services = sorted(system.services.all(), key=lambda service: service.code)
    if not services:
        return []
    found = list(
        _others(system)
        .filter(services__in=services, contract_end__gte=start, contract_end__lte=end)
        .distinct()
        .order_by("contract_end", "organisation__name", "pk")
    )
    moments = []
    for service in services:
        systems = [s for s in found if any(other.pk == service.pk for other in s.services.all())]
        moments.append(ContractsEnding(service=service, start=start, end=end, systems=systems))
    return moments


def same_product(system: System) -> SameProduct:
    product = system.product
    systems = list(
        _others(system)
        .filter(Q(product_id=product.pk) | Q(product__merged_into_id=product.pk))
        .order_by("organisation__name", "pk")
    )
    return SameProduct(product_name=product.name, systems=systems)


def matches(system: System) -> list[System]:
    """Every other organisation's published system this one matches, either way, each once."""
    found: dict[int, System] = {}
    for moment in contracts_ending(system):
        for other in moment.systems:
            found.setdefault(other.pk, other)
    for other in same_product(system).systems:
        found.setdefault(other.pk, other)
    return list(found.values())


def matched_organisations(system: System) -> list[Organisation]:
    seen: dict[int, Organisation] = {}
    for other in matches(system):
        seen.setdefault(other.organisation_id, other.organisation)
    return sorted(seen.values(), key=lambda organisation: organisation.name)


def projects_under_way(system: System, organisations: list[Organisation]):
    """Active projects for one of the system's services that a matched organisation leads or is a
    confirmed partner in, which the system's organisation is not already on."""
    ids = [organisation.pk for organisation in organisations]
    if not ids:
        return Project.objects.none()
    return (
        Project.objects.filter(status=Project.Status.ACTIVE, service__in=system.services.all())
        .filter(
            Q(lead_id__in=ids)
            | Q(partners__organisation_id__in=ids, partners__status=ProjectPartner.Status.CONFIRMED)
        )
        .exclude(lead_id=system.organisation_id)
        .exclude(partners__organisation_id=system.organisation_id)
        .select_related("lead", "service")
        .distinct()
        .order_by("title", "pk")
    )


def may_act(user, system: System) -> bool:
    return may_act_for(user, system.organisation)


# Telling the keepers of a record of a new match -------------------------------------------------------


def keepers(system: System) -> list[User]:
    """The people who look after a record: whoever made it and whoever last confirmed it, while they are
    active and still act for its organisation."""
    people: dict[int, User] = {}
    for person in (system.created_by, system.confirmed_by):
        if person is not None and person.is_active and may_act_for(person, system.organisation):
            people.setdefault(person.pk, person)
    return list(people.values())


def notice_matches(system: System) -> None:
    """Call after a system is published or its contract end or services change: once the change is
    saved, a background job tells the keepers of each record it newly matches."""
    pk = system.pk
    transaction.on_commit(lambda: tell_of_new_matches.enqueue(pk))


@task(priority=-5)
def tell_of_new_matches(system_pk: int) -> int:
    """Tell the keepers of each record `system_pk` newly matches; how many emails were sent."""
    system = System.objects.filter(pk=system_pk).select_related("organisation", "product").first()
    if system is None:
        return 0
    return tell_of_matches(system)


def _together_link(system: System) -> str:
    return settings.SITE_URL + reverse("plumbing:together", args=[system.pk])


def tell_of_matches(system: System) -> int:
    """Email the keepers of each published record `system` matches that have not been told of it before
    (a MatchNotice remembers who was told of what); how many emails were sent."""
    if system.state != System.State.PUBLISHED:
        return 0
    window = {other.pk for moment in contracts_ending(system) for other in moment.systems}
    product = {other.pk for other in same_product(system).systems}
    sent = 0
    for other in matches(system):
        with transaction.atomic():
            _notice, created = MatchNotice.objects.get_or_create(system=other, match=system)
            if not created:
                continue
            people = keepers(other)
            message = emails.MatchFound(
                organisation=system.organisation.name,
                product=system.product.name,
                their_product=other.product.name,
                services=", ".join(str(service) for service in system.services.all()),
                contract_end=system.contract_end if other.pk in window else None,
                same_product=other.pk in product,
                link=_together_link(other),
            )
            rows = preferences.recipients([person.email for person in people])
            for person in people:
                message.send(person.email, recipient=rows[person.email])
                sent += 1
            audit.record(
                "match notice sent",
                other,
                actor_label="system",
                after={"match": system.pk, "told": len(people)},
            )
    return sent
