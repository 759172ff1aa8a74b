"""The register of systems' background jobs, registered in PlumbingConfig.ready()."""

from django.conf import settings
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from localdigital.audit import services as audit
from localdigital.platform.jobs import task
from localdigital.platform.permissions import may_act_for
from localdigital.plumbing import emails
from localdigital.plumbing.models import CONFIRM_EVERY, System


def keepers(system: System) -> list:
    """The people who keep a record: who made it and who last confirmed it, while they still act for its
    organisation."""
    people = {}
    for person in (system.created_by, system.confirmed_by):
        if person is not None and person.is_active and may_act_for(person, system.organisation):
            people[person.pk] = person
    return list(people.values())


def remind_keepers(now=None) -> int:
    """Email the keepers of each record last confirmed more than a year ago and not reminded since;
    how many records' keepers were emailed."""
    now = now or timezone.now()
    due = (
        System.objects.exclude(state=System.State.RETIRED)
        .filter(
            Q(confirmed_at__lte=now - CONFIRM_EVERY)
            | Q(confirmed_at=None, created_at__lte=now - CONFIRM_EVERY)
        )
        .filter(Q(reminded_at=None) | Q(reminded_at__lt=F("confirmed_at")))
        .select_related("organisation", "product", "created_by", "confirmed_by")
    )
    link = settings.SITE_URL + reverse("plumbing:record-yours")
    reminded = 0
    for system in due:
        people = keepers(system)
        for person in people:
            emails.StillRight(
                product=system.product.name, organisation=system.organisation.name, link=link
            ).send(person.email)
        System.objects.filter(pk=system.pk).update(reminded_at=now)
        if people:
            audit.record(
                "system keepers reminded", system, actor_label="system", after={"emailed": len(people)}
            )
            reminded += 1
    return reminded


@task(priority=-10)
def remind_system_keepers() -> int:
    """Email the keepers of each system record not confirmed for a year; how many records."""
    return remind_keepers()
