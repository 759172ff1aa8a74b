"""Loading the Local Government Service List from the ESD standards file."""

import csv
from pathlib import Path

from django.db import transaction

from localdigital.service_list.models import Service

SERVICES_FILE = "esd_lgsl_services_2015.csv"


class MalformedServiceList(Exception):
    pass


@transaction.atomic
def import_services(data_dir: Path) -> tuple[int, int]:
    """Create or update every service in the list; returns how many were created and updated."""
    path = Path(data_dir) / SERVICES_FILE
    if not path.is_file():
        raise MalformedServiceList(f"{path.name}: the file does not exist")
    existing = {service.code: service for service in Service.objects.all()}
    created = updated = 0
    with path.open(newline="", encoding="utf-8-sig") as handle:
        for row_number, row in enumerate(csv.DictReader(handle), start=1):
            try:
                code = int(row["Identifier"])
            except (KeyError, TypeError, ValueError):
                problem = f"{path.name}, row {row_number}: Identifier is not a number"
                raise MalformedServiceList(problem) from None
            label = (row.get("Label") or "").strip()
            if not label:
                raise MalformedServiceList(f"{path.name}, row {row_number}: Label is empty")
            description = (row.get("Description") or "").strip()
            service = existing.get(code)
            if service is None:
                Service.objects.create(code=code, label=label, description=description)
                created += 1
            elif (service.label, service.description) != (label, description):
                service.label, service.description = label, description
                service.save()
                updated += 1
    return created, updated
