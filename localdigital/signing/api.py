"""/api/v1/signatories and /api/v1/commitments: the signing registers as JSON, with their pages' filters."""

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.decorators import decorate_view

from localdigital.registers.caching import open_data
from localdigital.signing.register import commitments, coverage, signatories

router = Router(tags=["Signing"])


class CoverageRow(Schema):
    key: str
    signed: int
    total: int


class Coverage(Schema):
    signed: int
    total: int
    by_nation: list[CoverageRow]
    by_type: list[CoverageRow]


signatories.add_api(
    router,
    "/signatories",
    url_name="signatories",
    summary="List signatories",
    description="Organisations that have signed the Declaration, with the filters of the signatories page.",
)


@router.get(
    "/signatories/coverage", response=Coverage, url_name="coverage", summary="How many councils have signed"
)
@decorate_view(signatories.validators(open_data))
def signatory_coverage(request: HttpRequest):
    """Councils that have signed, of all current councils, overall and by nation and by type."""
    return coverage()


commitments.add_api(
    router,
    "/commitments",
    url_name="commitments",
    summary="List commitments",
    description="Signatories' commitments, with the filters of the commitments page.",
)
