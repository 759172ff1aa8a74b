from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, include, path
from django.utils.translation import gettext_lazy as _

from localdigital.accounts import urls as account_urls
from localdigital.api import api
from localdigital.api.problems import not_found as api_not_found
from localdigital.api.reference import reference as api_reference
from localdigital.declaration import urls as declaration_urls
from localdigital.notifications.views import outbox
from localdigital.organisations import urls as organisation_urls
from localdigital.organisations.views import organisation_csv, organisation_json
from localdigital.pages.account import account
from localdigital.pages.declaration import current_declaration
from localdigital.pages.organisation import organisation_detail
from localdigital.pages.views import favicon, healthz, livez
from localdigital.plumbing.views import contracts_package, system_csv, system_json
from localdigital.projects.views import project_csv, project_json
from localdigital.signing import register_urls as signing_register_urls

admin.site.site_header = _("Local Digital staff tools")
admin.site.site_title = _("Local Digital staff tools")
admin.site.index_title = _("Manage the Local Digital service")
# The side navigation opens and closes only with JavaScript; the index lists every part of the staff tools.
admin.site.enable_nav_sidebar = False

# The account page keeps its name in the accounts namespace; its view gathers from every domain.
account_page = path("account/", account, name="account")

# Two pages show other domains' data, so they live in localdigital.pages; their addresses stay in their
# domain's namespace (declaration:current, organisations:detail).
declaration_patterns = [path("", current_declaration, name="current"), *declaration_urls.urlpatterns]
organisation_patterns = [
    *organisation_urls.urlpatterns,
    path("<str:identifier>/", organisation_detail, name="detail"),
]


def _is_data(pattern: URLPattern) -> bool:
    """CSV and JSON keep one address whatever the language: they are read by programs. An Atom feed is
    read by a program too, but its titles are shown to people, so it is in Welsh under /cy/."""
    return str(pattern.pattern).endswith((".csv", ".json"))


# Pages in English keep the addresses they have always had; the same pages in Welsh live under /cy/.
pages = i18n_patterns(
    # First, because a surge of pledges should not walk the other patterns on every request.
    path("", include("localdigital.pledges.urls")),
    path("", include("localdigital.pages.urls")),
    path("", include(([*account_urls.urlpatterns, account_page], account_urls.app_name))),
    path("", include("localdigital.signing.urls")),
    path("", include([p for p in signing_register_urls.urlpatterns if not _is_data(p)])),
    path("emails/", include("localdigital.notifications.urls")),
    path("declaration/", include((declaration_patterns, declaration_urls.app_name))),
    path("organisations/", include((organisation_patterns, organisation_urls.app_name))),
    path("projects/", include("localdigital.projects.urls")),
    path("fund/", include("localdigital.fund.urls")),
    path("", include("localdigital.plumbing.urls")),
    prefix_default_language=False,
)

# Open data, the API, health checks and the staff tools have one address, outside the language prefix.
urlpatterns = [
    *pages,
    path("", include([p for p in signing_register_urls.urlpatterns if _is_data(p)])),
    path("outbox/", outbox, name="outbox"),
    path("organisations.csv", organisation_csv, name="organisations-csv"),
    path("organisations.json", organisation_json, name="organisations-json"),
    path("projects.csv", project_csv, name="projects-csv"),
    path("projects.json", project_json, name="projects-json"),
    path("systems.csv", system_csv, name="systems-csv"),
    path("systems.json", system_json, name="systems-json"),
    path("systems/contracts.json", contracts_package, name="systems-contracts"),
    path("api/v1/docs", api_reference, name="api-docs"),
    path("api/v1/", api.urls),
    path("api/v1/<path:rest>", api_not_found),
    path("healthz", healthz, name="healthz"),
    path("livez", livez, name="livez"),
    path("favicon.ico", favicon),
    path("staff/", admin.site.urls),
]

handler400 = "localdigital.pages.views.bad_request"
handler403 = "localdigital.pages.views.permission_denied"
handler404 = "localdigital.pages.views.page_not_found"
handler500 = "localdigital.pages.views.server_error"
