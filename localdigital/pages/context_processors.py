from django.conf import settings


def service(request) -> dict:
    """What the GOV.UK page template needs on every page."""
    user = getattr(request, "user", None)
    return {
        "signed_in": bool(user and user.is_authenticated),
        "serviceName": settings.SERVICE_NAME,
        "contact_email": settings.CONTACT_EMAIL,
        # django-csp's nonce is lazy and false until read; every page uses it, so read it now.
        "cspNonce": str(request.csp_nonce) if hasattr(request, "csp_nonce") else "",
    }
