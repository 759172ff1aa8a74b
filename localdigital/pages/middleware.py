"""The site's own 404 page in development too.

With DEBUG on, Django answers a missing page with its technical 404, which lists every URL pattern of
the site. `make run` keeps DEBUG for the other errors (a 500's traceback is what a developer needs), but
a page that is not there shows the GOV.UK "Page not found" page, as in production."""

from django.conf import settings
from django.http import Http404
from django.urls import Resolver404, resolve

from localdigital.pages.views import page_not_found


def _site_404(request, exception=None):
    response = page_not_found(request, exception)
    return response.render() if hasattr(response, "render") else response


class NotFoundPageMiddleware:
    """Innermost, so the outer middleware (slash redirects, security headers, CSP) still apply."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.DEBUG:
            try:
                resolve(request.path_info, getattr(request, "urlconf", None))
            except Resolver404:
                return _site_404(request)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if settings.DEBUG and isinstance(exception, Http404):
            return _site_404(request, exception)
        return None
