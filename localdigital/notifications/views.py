from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404
from django.template.response import TemplateResponse

from localdigital.notifications.models import SentEmail


@staff_member_required(login_url="accounts:sign-in")
def outbox(request):
    """For trying journeys locally: the emails the service sent, links and all. Off in production."""
    if not settings.EMAIL_OUTBOX:
        raise Http404("The outbox is off")
    return TemplateResponse(request, "notifications/outbox.html", {"emails": SentEmail.objects.all()[:50]})
