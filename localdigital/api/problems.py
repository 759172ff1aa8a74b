"""API errors as RFC 9457 problem details (application/problem+json), never HTML or a stack trace."""

from django.http import Http404, HttpRequest, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError


class ProblemError(Exception):
    def __init__(self, status: int, title: str, detail: str, **extra):
        super().__init__(detail)
        self.status = status
        self.title = title
        self.detail = detail
        self.extra = extra


def valid_filters(form_class, params: dict):
    """A register's filter form bound to the API's parameters, or a 400 problem naming the bad ones."""
    form = form_class(params)
    if not form.is_valid():
        raise ProblemError(
            400, "Bad filter", "Some filters are not valid", errors=form.errors.get_json_data()
        )
    return form


def problem(status: int, title: str, detail: str, **extra) -> JsonResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JsonResponse(body, status=status, content_type="application/problem+json")


def install(api: NinjaAPI) -> None:
    """Make every error `api` returns a problem document."""

    @api.exception_handler(ProblemError)
    def on_problem(request: HttpRequest, error: ProblemError):
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
