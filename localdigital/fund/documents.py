"""A submitted bid as a PDF people keep, in the page's language. Only those who may see the bid's page
get it: the same check, and the same 404 for anyone else."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext

from localdigital.fund.applying import _bid as visible_bid
from localdigital.fund.models import Application
from localdigital.platform import pdf


@login_required
def bid_pdf(request, reference: str):
    application = visible_bid(request, reference)
    if application.status == Application.Status.DRAFT:
        # A copy to keep is of what was submitted; a draft is still changing on its page.
        return redirect("fund:bid", application.reference)
    return pdf.response(
        request,
        "fund/bid_pdf.html",
        {
            "application": application,
            "partners": application.partners.select_related("organisation"),
            "bid_url": settings.SITE_URL + application.get_absolute_url(),
            "today": timezone.localdate(),
        },
        filename=gettext("Bid %(reference)s") % {"reference": application.reference} + ".pdf",
        private=True,
    )
