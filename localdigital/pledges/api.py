"""/api/v1/pledges/count: confirmed pledges in all and by organisation, from the tallied counts."""

import json
from datetime import datetime

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema

from localdigital.organisations.models import Organisation
from localdigital.platform.problems import ProblemError
from localdigital.pledges import services
from localdigital.pledges.views import counts_headers

router = Router(tags=["Pledges"])


class OrganisationCount(Schema):
    organisation_id: str
    organisation_name: str
    count: int


class PledgeCountOut(Schema):
    total: int
    counted_at: datetime
    organisations: list[OrganisationCount]


# The JSON for the latest counts, made once per tally in each process, not once per request.
_documents: dict[tuple, bytes] = {}


def _document(counts, organisation: str) -> bytes:
    key = (counts.updated_at, organisation)
    if key not in _documents:
        organisations = Organisation.objects.filter(pk__in=[int(pk) for pk in counts.by_organisation])
        if organisation:
            wanted = Organisation.objects.identified_by(organisation)
            if not wanted.exists():
                raise ProblemError(
                    404, "Not found", f"No organisation {organisation!r}: give a GSS code or slug"
                )
            organisations = organisations.filter(pk__in=wanted.values("pk"))
        rows = [
            {
                "organisation_id": org.identifier,
                "organisation_name": org.name,
                "count": counts.by_organisation[str(org.pk)],
            }
            for org in organisations.only("name", "slug", "gss_code").order_by("name")
        ]
        document = {"total": counts.total, "counted_at": counts.updated_at.isoformat(), "organisations": rows}
        _documents.clear()
        _documents[key] = json.dumps(document).encode()
    return _documents[key]


@router.get(
    "/count",
    response=PledgeCountOut,
    summary="Count of confirmed pledges",
    # An unknown organisation is a 404 problem (the schema's shared answers describe it).
    openapi_extra={"responses": {"404": {"description": "No such organisation"}}},
)
def pledge_count(request: HttpRequest, organisation: str = ""):
    """Confirmed pledges in all, and by organisation (those with at least one), most recently counted at
    `counted_at`. Counts are brought up to date every few seconds; caches may keep an answer for 5 seconds.
    With `organisation` (a GSS code or slug), only that organisation's row is listed."""
    counts = services.counts()
    body = _document(counts, organisation)
    return counts_headers(request, counts, lambda: HttpResponse(body, content_type="application/json"))
