import logging

from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.views.decorators.http import require_safe

from localdigital.declaration.models import DeclarationVersion
from localdigital.organisations.models import Organisation
from localdigital.pages import dashboard
from localdigital.pledges.models import PledgeCounts
from localdigital.registers.caching import conditional, shared_page

logger = logging.getLogger(__name__)


@require_safe
@conditional(*dashboard.SOURCES, DeclarationVersion, PledgeCounts)
def home(request):
    def render():
        declaration = DeclarationVersion.objects.current()
        counts = {
            "councils": Organisation.objects.current().councils().count(),
            "organisations": Organisation.objects.current().count(),
        }
        context = {"declaration": declaration, "counts": counts, "progress": dashboard.progress()}
        return TemplateResponse(request, "pages/home.html", context)

    return shared_page(request, "home", render)


def static_page(template: str):
    @require_safe
    def view(request):
        return TemplateResponse(request, template, {})

    view.__name__ = template.rsplit("/", 1)[-1].removesuffix(".html").replace("-", "_")
    return view


cookies = static_page("pages/cookies.html")
privacy = static_page("pages/privacy.html")
open_data = static_page("pages/open-data.html")


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; send them to the hashed file."""
    return HttpResponsePermanentRedirect(static("images/favicon.ico"))


@require_safe
def livez(request):
    """200 while the application answers at all, touching nothing else: for liveness probes, and the
    smallest view the server can serve, which benchmarks compare other views with."""
    response = HttpResponse("ok", content_type="text/plain")
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def healthz(request):
    """200 when the database answers, 503 when it does not: for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        return JsonResponse({"status": "unavailable", "database": "not answering"}, status=503)
    response = JsonResponse({"status": "ok", "database": "ok"})
    response["Cache-Control"] = "no-store"
    return response


def _error(request, template: str, status: int):
    return TemplateResponse(request, template, {}, status=status)


def bad_request(request, exception=None):
    return _error(request, "errors/400.html", 400)


def permission_denied(request, exception=None):
    return _error(request, "errors/403.html", 403)


def page_not_found(request, exception=None):
    return _error(request, "errors/404.html", 404)


def server_error(request):
    # Rendered without touching the database, which may be what failed.
    from django.template import loader

    try:
        html = loader.get_template("errors/500.html", using="jinja2").render({}, request)
    except Exception:  # the error page must never fail itself
        html = "<h1>Sorry, there is a problem with the service</h1><p>Try again later.</p>"
    return HttpResponse(html, status=500)


def csrf_failure(request, reason=""):
    return _error(request, "errors/csrf.html", 403)
