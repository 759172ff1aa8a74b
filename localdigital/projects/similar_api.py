"""POST /api/v1/similar: the projects and commitments most like a title and description, with why each
matched, so that a council's own portfolio tool can check before it starts. The same search as a draft
project's "Who else is working on this" (similarity/search.py), rate limited by address."""

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Router, Schema

from localdigital.abuse import services as abuse
from localdigital.platform import ratelimit
from localdigital.platform.clients import client_ip
from localdigital.platform.problems import ProblemError
from localdigital.projects.similarity import search
from localdigital.registers.rows import url_maker

router = Router(tags=["Similar work"])

# Each match's page (in English, as all open data gives it), by the kind of match.
PAGES = {"project": "projects:detail", "commitment": "signing:commitment"}

# Each search encodes its text with the model: enough for a tool checking as people type, not for a scraper.
ADDRESS_BURST = ratelimit.Limit("similar-burst", hits=20, seconds=60)
ADDRESS_SUSTAINED = ratelimit.Limit("similar-sustained", hits=300, seconds=60 * 60)


class SimilarIn(Schema):
    title: str = Field(..., min_length=1, max_length=200, description="What the work is called")
    description: str = Field(
        "", max_length=3000, description="The problem it solves and for whom, in a few sentences"
    )
    service: str = Field("", max_length=200, description="The LGSL service's name, if known")
    limit: int = Field(5, ge=1, le=20, description="How many matches to answer with")


class SimilarOut(Schema):
    kind: str = Field(..., description='"project" or "commitment"')
    id: int
    title: str
    organisation: str = Field(..., description="The organisation doing the work")
    url: str
    score: float = Field(..., description="How alike, higher for more alike: meaning and shared words mixed")
    shared_terms: list[str] = Field(..., description="Telling words both texts use")
    same_service: bool = Field(..., description="Whether it is on the service given")


def _refuse_floods(request: HttpRequest) -> None:
    address = client_ip(request)
    rule = abuse.rules().address(address)
    if rule == "block":
        raise ProblemError(403, "Forbidden", "Searches from this address are blocked")
    if rule == "allow":
        return
    key = ratelimit.address_key(address)
    if limit := ratelimit.exceeded([(key, ADDRESS_BURST), (key, ADDRESS_SUSTAINED)]):
        raise ProblemError(
            429,
            "Too many requests",
            f"At most {limit.hits} searches in {limit.seconds} seconds; try again later",
        )


@router.post(
    "",
    response=list[SimilarOut],
    url_name="similar",
    openapi_extra={"responses": {"429": {"description": "Rate limited"}}},
    summary="Find similar work",
    description=(
        "The shared projects and published Declaration commitments most like the work described, best "
        "first, with why each matched. Rate limited by address: at most 20 searches a minute."
    ),
)
def similar(request: HttpRequest, body: SimilarIn):
    _refuse_floods(request)
    matches = search.similar_to_text(body.title, body.description, service=body.service, limit=body.limit)
    answers = []
    for match in matches:
        kind, _, number = match.document.key.partition(":")
        answers.append(
            {
                "kind": kind,
                "id": int(number),
                "title": match.document.title,
                "organisation": match.document.organisation_name,
                "url": settings.SITE_URL + url_maker(PAGES[kind])(number),
                "score": round(float(match.score), 4),
                "shared_terms": match.shared_terms,
                "same_service": match.same_service,
            }
        )
    return answers
