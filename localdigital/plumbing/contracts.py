"""The published contracts as an OCDS 1.1 release package (https://standard.open-contracting.org/): one
`contract` release for each published record with a contract date, from the systems register's query and
filters, checked in the tests against the standard's schema (ocds.py)."""

from datetime import UTC, datetime, time
from typing import Any

from django.conf import settings
from django.utils import timezone

from localdigital.plumbing import ocds
from localdigital.plumbing.models import System

# The prefix of every ocid the platform mints. A registered prefix comes from the Open Contracting
# Partnership; until one is registered, this one says whose it is.
OCID_PREFIX = "ocds-localdigital"
# Organisations are identified by their ONS GSS code (an org-id.guide style scheme, as the register names
# them); a body without one by its slug on the platform.
GSS_SCHEME = "GB-GSS"
PLATFORM_SCHEME = "X-LOCALDIGITAL"
LGSL_SCHEME = "X-LGSL"  # the Local Government Service List: not on OCDS's item classification codelist


def _when(moment) -> str:
    if moment is None:
        return ""
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, time.min, tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _party(organisation) -> dict:
    scheme, code = (
        (GSS_SCHEME, organisation.gss_code) if organisation.gss_code else (PLATFORM_SCHEME, organisation.slug)
    )
    return {
        "id": f"{scheme}-{code}",
        "name": organisation.name,
        "identifier": {
            "scheme": scheme,
            "id": code,
            "legalName": organisation.official_name or organisation.name,
        },
        "roles": ["buyer"],
    }


def release(system: System) -> dict:
    ocid = system.ocid or f"{OCID_PREFIX}-{system.pk}"
    buyer = _party(system.organisation)
    parties = [buyer]
    period = {
        key: _when(value)
        for key, value in (("startDate", system.contract_start), ("endDate", system.contract_end))
        if value
    }
    contract: dict[str, Any] = {
        "id": f"{ocid}-contract",
        "awardID": f"{ocid}-award",
        "title": system.product.name,
        "items": [
            {
                "id": str(number),
                "description": service.label,
                "classification": {
                    "scheme": LGSL_SCHEME,
                    "id": str(service.code),
                    "description": service.label,
                },
            }
            for number, service in enumerate(system.services.all(), start=1)
        ],
    }
    if period:
        contract["period"] = period
    award: dict[str, Any] = {"id": f"{ocid}-award", "title": system.product.name}
    supplier = system.product.supplier
    if supplier is not None:
        supplier_id = supplier.identifier or f"{PLATFORM_SCHEME}-supplier-{supplier.slug}"
        parties.append({"id": supplier_id, "name": supplier.name, "roles": ["supplier"]})
        award["suppliers"] = [{"id": supplier_id, "name": supplier.name}]
    return {
        "ocid": ocid,
        "id": f"{ocid}-{_when(system.confirmed_at or system.updated_at)}",
        "date": _when(system.confirmed_at or system.updated_at),
        "tag": ["contract"],
        "initiationType": "tender",
        "language": "en",
        "parties": parties,
        "buyer": {"id": buyer["id"], "name": buyer["name"]},
        "awards": [award],
        "contracts": [contract],
    }


def package(systems, *, uri: str) -> dict:
    return {
        "uri": uri,
        "version": ocds.VERSION,
        "publishedDate": _when(timezone.now()),
        "publisher": {"name": "Local Digital", "uri": settings.SITE_URL + "/"},
        "license": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
        "publicationPolicy": settings.SITE_URL + "/systems/",
        "releases": [release(system) for system in systems],
    }
