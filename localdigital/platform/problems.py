"""API errors as RFC 9457 problem details (application/problem+json): what a domain's API raises or answers.

The API package (localdigital.api) installs the handlers that turn every error into one of these documents;
domains and registers raise `ProblemError` and check their filters with `valid_filters`, from here."""

from django.http import JsonResponse


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
