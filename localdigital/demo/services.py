"""Demonstration content for trying the service locally, always marked as demo.

Each feature adds its own demo content here, on top of the real organisation register.
"""

from dataclasses import dataclass

from localdigital.organisations.models import (
    Nation,
    Organisation,
    OrganisationDomain,
    OrganisationType,
    Region,
)

DEMO_ORGANISATIONS = [
    {
        "slug": "demo-northshire-fire-and-rescue",
        "name": "Northshire Fire and Rescue Authority (demo)",
        "type": OrganisationType.FIRE_AND_RESCUE,
        "nation": Nation.ENGLAND,
        "region": Region.NORTH_WEST,
        "domain": "northshire-fire.example",
    },
    {
        "slug": "demo-council-digital-network",
        "name": "Council Digital Network (demo)",
        "type": OrganisationType.SECTOR_BODY,
        "nation": Nation.ENGLAND,
        "region": "",
        "domain": "council-digital-network.example",
    },
]


@dataclass
class DemoReport:
    organisations_created: int = 0


def load_demo_data() -> DemoReport:
    """Add the demo content that is missing; running it again adds nothing."""
    report = DemoReport()
    for spec in DEMO_ORGANISATIONS:
        fields = {key: value for key, value in spec.items() if key not in ("slug", "domain")}
        organisation, created = Organisation.objects.get_or_create(
            slug=spec["slug"],
            defaults={**fields, "is_demo": True, "managed_by": Organisation.ManagedBy.STAFF},
        )
        if created:
            report.organisations_created += 1
            OrganisationDomain.objects.create(
                organisation=organisation,
                domain=spec["domain"],
                note="Demo domain: .example never delivers mail",
            )
    return report
