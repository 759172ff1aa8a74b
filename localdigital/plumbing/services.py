"""What changes the register of systems, contracts and standards: every change is recorded in the audit
trail."""

from django.db import transaction

from localdigital.plumbing.catalogue import STANDARDS
from localdigital.plumbing.models import Standard
from localdigital.service_list.models import Service


@transaction.atomic
def load_standards() -> int:
    """Add the catalogue's standards that are not yet in the register; one already there is left as staff
    keep it. Its services are linked where the service list is loaded. Returns how many were added."""
    added = 0
    for entry in STANDARDS:
        standard, created = Standard.objects.get_or_create(
            slug=entry.slug,
            defaults={
                "name": entry.name,
                "name_cy": entry.name_cy,
                "summary": entry.summary,
                "summary_cy": entry.summary_cy,
                "kind": entry.kind,
                "steward": entry.steward,
                "url": entry.url,
            },
        )
        if created:
            added += 1
            standard.services.set(Service.objects.filter(code__in=entry.services))
    return added
