"""Awards as open grants data: the 360Giving Data Standard (JSON package and CSV), and org-id.guide ids."""

import json
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from localdigital.fund.models import Application, Round
from localdigital.organisations.models import Nation, Organisation

# org-id.guide lists for UK local authorities, by nation; the register code follows the prefix.
ORG_ID_PREFIXES: dict[str, str] = {
    Nation.ENGLAND: "GB-LAE",
    Nation.SCOTLAND: "GB-LAS",
    Nation.WALES: "GB-PLA",
    Nation.NORTHERN_IRELAND: "GB-LANI",
}
LICENCE = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
SCHEMA_VERSION = "1.4"


def org_id(organisation: Organisation) -> str:
    """The recipient's org-id.guide identifier: a council's register code under its nation's list; a body
    without one gets an identifier under the fund's own prefix, as 360Giving allows."""
    prefix = ORG_ID_PREFIXES.get(organisation.nation)
    if organisation.is_council and organisation.register_code and prefix:
        return f"{prefix}-{organisation.register_code}"
    return f"{settings.GRANT_IDENTIFIER_PREFIX}-ORG-{organisation.slug}"


# Every model the 360Giving data shows, declared once: its ETag and Last-Modified come from all of
# these tables (the funded bids, their rounds' names and slugs, and their leads' names and codes).
SOURCES = (Application, Round, Organisation)


def awards() -> QuerySet[Application]:
    return (
        Application.objects.filter(status=Application.Status.FUNDED)
        .select_related("round", "lead")
        .order_by("decided_at", "pk")
    )


def grant(application: Application) -> dict:
    lead = application.lead
    return {
        "id": f"{settings.GRANT_IDENTIFIER_PREFIX}-{application.reference}",
        "title": application.title,
        "description": application.problem,
        "currency": "GBP",
        "amountAppliedFor": float(application.amount),  # type: ignore[arg-type]  # funded: has an amount
        "amountAwarded": float(application.amount),  # type: ignore[arg-type]
        "awardDate": timezone.localdate(application.decided_at).isoformat(),
        "recipientOrganization": [{"id": org_id(lead), "name": lead.official_name or lead.name}],
        "fundingOrganization": [{"id": settings.FUNDER_ID, "name": settings.FUNDER_NAME}],
        "grantProgramme": [{"code": application.round.slug, "title": application.round.name}],
        "fromOpenCall": "Yes",
        "url": settings.SITE_URL + reverse("fund:round", args=[application.round.slug]),
        "dateModified": application.updated_at.isoformat(),
    }


# Rows read from the database at a time when a whole register is written out, so that memory stays
# the same however many awards there are.
CHUNK = 500


def each_award() -> Iterator[Application]:
    """Every award, read in chunks (not held in memory all at once)."""
    return awards().iterator(chunk_size=CHUNK)


def package(grants: list[dict]) -> dict:
    return {
        "grants": grants,
        "version": SCHEMA_VERSION,
        "title": "Local Digital Fund awards",
        "description": "Grants awarded by the Local Digital Fund, published by Local Digital.",
        "license": LICENCE,
        "modified": timezone.now().isoformat(),
        "publisher": {"name": settings.FUNDER_NAME, "website": settings.SITE_URL},
    }


def package_chunks(grants: Iterable[dict]) -> Iterator[str]:
    """The package as JSON text, written grant by grant: the same document as `package`, in pieces."""
    head = json.dumps(package([]), indent=2)
    opening, closing = head.split('"grants": []', 1)
    yield opening + '"grants": ['
    for number, item in enumerate(grants):
        yield ("," if number else "") + "\n    " + json.dumps(item)
    yield "\n  ]" + closing


CSV_HEADER = [
    "Identifier", "Title", "Description", "Currency", "Amount Applied For", "Amount Awarded", "Award Date",
    "Recipient Org:Identifier", "Recipient Org:Name", "Funding Org:Identifier", "Funding Org:Name",
    "Grant Programme:Code", "Grant Programme:Title", "From An Open Call?", "URL", "Last modified",
]  # fmt: skip


def csv_row(item: dict) -> list:
    """One grant in 360Giving's flattened CSV form (the column titles its tools read)."""
    recipient, funder, programme = (
        item["recipientOrganization"][0],
        item["fundingOrganization"][0],
        item["grantProgramme"][0],
    )
    return [
        item["id"], item["title"], item["description"], item["currency"], item["amountAppliedFor"],
        item["amountAwarded"], item["awardDate"], recipient["id"], recipient["name"], funder["id"],
        funder["name"], programme["code"], programme["title"], item["fromOpenCall"], item["url"],
        item["dateModified"],
    ]  # fmt: skip
