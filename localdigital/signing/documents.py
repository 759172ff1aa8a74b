"""The signed record as a PDF people keep: public, like the record's page, in the page's language."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext

from localdigital.platform import pdf
from localdigital.signing import views


def record_pdf(request, reference: str):
    signing = views.signed_record(reference)
    return pdf.response(
        request,
        "signing/record_pdf.html",
        {
            **views.record_context(signing),
            "record_url": settings.SITE_URL + signing.get_record_url(),
            "today": timezone.localdate(),
        },
        filename=gettext("Signed record %(reference)s") % {"reference": signing.reference} + ".pdf",
    )
