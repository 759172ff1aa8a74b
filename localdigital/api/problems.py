"""API errors as RFC 9457 problem details (application/problem+json), never HTML or a stack trace.

The handlers the NinjaAPI installs; what domains raise (ProblemError, valid_filters) is in
localdigital.platform.problems."""

import logging
from functools import wraps

from django.http import Http404, HttpRequest
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from localdigital.platform.problems import ProblemError, problem
from localdigital.registers.errors import BadRequest

logger = logging.getLogger(__name__)


def install(api: NinjaAPI) -> None:
    """Make every error `api` returns a problem document."""

    @api.exception_handler(ProblemError)
    def on_problem(request: HttpRequest, error: ProblemError):
        return problem(error.status, error.title, error.detail, **error.extra)

    @api.exception_handler(BadRequest)
    def on_bad_request(request: HttpRequest, error: BadRequest):
        return problem(error.status, error.title, error.detail, **error.extra)

    @api.exception_handler(ValidationError)
    def on_validation(request: HttpRequest, error: ValidationError):
        errors = [
            {"location": ".".join(str(part) for part in item.get("loc", [])), "message": item.get("msg", "")}
            for item in error.errors
        ]
        return problem(400, "Bad request", "Some parameters are not valid", errors=errors)

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, error: Http404):
        return problem(404, "Not found", str(error) or "There is nothing at this address")

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request: HttpRequest, error: AuthenticationError):
        return problem(401, "Unauthorised", "Sign in to use this endpoint")

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, error: HttpError):
        return problem(error.status_code, "Error", str(error))

    @api.exception_handler(Exception)
    def on_failure(request: HttpRequest, error: Exception):
        # Logged with its trace for us; the caller gets a problem document, not an HTML page.
        logger.exception("API request failed: %s", request.get_full_path())
        return problem(500, "Server error", "Something went wrong on our side; try again later")


def allowing_methods(view):
    """`view`, with its 405 answer (a method the address does not take) as a problem document."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code != 405 or response.get("Content-Type", "").startswith("application/"):
            return response
        allowed = response.get("Allow", "")
        answer = problem(405, "Method not allowed", f"This address answers only {allowed or 'other methods'}")
        answer["Allow"] = allowed
        return answer

    return wrapped


def not_found(request: HttpRequest, rest: str = ""):
    """Any address under the API that is not an endpoint: a 404 problem, not the site's HTML page."""
    return problem(404, "Not found", "There is no API endpoint at this address: see /api/v1/docs")


# What a problem document holds, for the OpenAPI schema.
PROBLEM_SCHEMA = {
    "title": "Problem",
    "description": "An error, as RFC 9457 problem details (application/problem+json).",
    "type": "object",
    "properties": {
        "type": {"type": "string", "description": "Always about:blank"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "description": "For a 400: which parameters or filters are not valid, and why",
            "anyOf": [{"type": "array", "items": {"type": "object"}}, {"type": "object"}],
        },
    },
    "required": ["type", "title", "status", "detail"],
}
ANSWERS = {
    "400": "A parameter or filter is not valid (a problem document names which)",
    "404": "There is nothing at this address",
    "429": "Too many requests from this address: wait, then try again",
}


def _answer(description: str) -> dict:
    content = {"schema": {"$ref": "#/components/schemas/Problem"}}
    return {"description": description, "content": {"application/problem+json": content}}


def document(schema: dict) -> dict:
    """Add the problem answers to an OpenAPI schema: a 400 to every operation that takes parameters or a
    body, a 404 to every one that takes a path parameter (or already says it may answer 404), and a 429 to
    every one that says it is rate limited (`openapi_extra={"responses": {"429": ...}}`)."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    for methods in schema["paths"].values():
        for operation in methods.values():
            places = {parameter["in"] for parameter in operation.get("parameters", [])}
            # Ninja keys the answers it knows by number (200), JSON by text ("200"): one key each, as text.
            responses = operation["responses"] = {
                str(code): answer for code, answer in operation.get("responses", {}).items()
            }
            if places or "requestBody" in operation:
                responses["400"] = _answer(ANSWERS["400"])
            if "path" in places or "404" in responses:
                responses["404"] = _answer(ANSWERS["404"])
            if "429" in responses:
                responses["429"] = _answer(ANSWERS["429"])
    return schema
