"""The Content-Security-Policy header, built once per process where a response cannot change it.

A 304 answer carries no policy. The browser shows its cached copy, whose inline script has the nonce of the
response that copy came in; a 304 with a policy of its own (a fresh nonce, or none) would replace the cached
policy and block that script. Without one, the browser keeps the policy it stored with the copy, which is
also what RFC 9110 (15.4.5) asks of a 304: no representation metadata beyond the validators and caching.
"""

from csp.constants import HEADER, HEADER_REPORT_ONLY, UNSAFE_INLINE
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings

_PER_RESPONSE = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)


class CSPHeaderMiddleware(CSPMiddleware):
    """django-csp's middleware, except that a response using no nonce and no per-view policy (redirects,
    JSON, CSV: most of what a surge asks for) gets headers built once, not rebuilt on every response."""

    _headers: dict[str, str] | None = None

    def process_response(self, request, response):
        if response.status_code == 304:
            return response
        if _is_staff_tools(request):
            # Django's admin writes style attributes into its markup (and its scripts set more); styles
            # cannot run code, and scripts keep their nonce-only policy.
            response._csp_update = {"style-src": [UNSAFE_INLINE]}
        uses_nonce = getattr(request, "_csp_nonce", None) is not None
        if uses_nonce or settings.DEBUG or any(hasattr(response, name) for name in _PER_RESPONSE):
            return super().process_response(request, response)
        if CSPHeaderMiddleware._headers is None:
            CSPHeaderMiddleware._headers = {
                header: value
                for header, value in (
                    (HEADER, self._static(report_only=False)),
                    (HEADER_REPORT_ONLY, self._static(report_only=True)),
                )
                if value
            }
        for header, value in CSPHeaderMiddleware._headers.items():
            exempt = getattr(
                response, "_csp_exempt_ro" if header == HEADER_REPORT_ONLY else "_csp_exempt", False
            )
            if header not in response and not exempt:
                response[header] = value
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    @staticmethod
    def _static(*, report_only: bool) -> str:
        return build_policy(report_only=report_only)


def _is_staff_tools(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and match.app_name == "admin"
