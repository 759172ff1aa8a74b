"""The public API, version 1, at /api/v1/ with its OpenAPI schema at /api/v1/openapi.json."""

from ninja import NinjaAPI

from localdigital.api import problems
from localdigital.fund.api import router as fund_router
from localdigital.organisations.api import router as organisations_router
from localdigital.pledges.api import router as pledges_router
from localdigital.plumbing.api import router as plumbing_router
from localdigital.projects.api import router as projects_router
from localdigital.projects.similar_api import router as similar_router
from localdigital.signing.api import router as signing_router


class LocalDigitalAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        """The schema with the problem documents each operation may answer with."""
        return problems.document(super().get_openapi_schema(**kwargs))

    def _get_urls(self):
        """Ninja answers a method an address does not take with a plain-text 405: make it a problem."""
        patterns = super()._get_urls()
        for pattern in patterns:
            pattern.callback = problems.allowing_methods(pattern.callback)
        return patterns


api = LocalDigitalAPI(
    title="Local Digital API",
    version="1",
    description=(
        "Open data about the Local Digital Declaration: the UK public bodies that can sign it, and "
        "later its signatories, commitments, shared projects and funding. Free to reuse under the "
        "Open Government Licence v3.0."
    ),
    urls_namespace="api-v1",
    # The reference at /api/v1/docs is a GOV.UK page made from the schema (see reference.py).
    docs_url=None,
)
problems.install(api)
api.add_router("/organisations", organisations_router)
api.add_router("", signing_router)
api.add_router("/projects", projects_router)
api.add_router("/similar", similar_router)
api.add_router("/pledges", pledges_router)
api.add_router("/fund", fund_router)
api.add_router("", plumbing_router)
