from django.conf import settings


def service(request) -> dict:
    """What the GOV.UK page template needs on every page."""
    return {
        "serviceName": settings.SERVICE_NAME,
        "contact_email": settings.CONTACT_EMAIL,
        "cspNonce": getattr(request, "csp_nonce", ""),
        "show_outbox_link": False,
    }
