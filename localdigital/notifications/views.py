import hmac
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from localdigital.govuk import pages
from localdigital.notifications import preferences
from localdigital.notifications.forms import LANGUAGE_CHOSEN, LanguageForm
from localdigital.notifications.models import SentEmail
from localdigital.platform import links


@staff_member_required(login_url="accounts:sign-in")
def outbox(request):
    """For trying journeys locally: the emails the service sent, links and all. Off in production."""
    if not settings.EMAIL_OUTBOX:
        raise Http404("The outbox is off")
    return TemplateResponse(request, "notifications/outbox.html", {"emails": SentEmail.objects.all()[:50]})


def _link_problem(request, problem: links.LinkProblem) -> TemplateResponse:
    """Why a link in an email no longer works, and where to change email settings instead."""
    return TemplateResponse(
        request,
        "notifications/link_problem.html",
        {"expired": problem.reason == links.EXPIRED},
        status=410 if problem.reason == links.EXPIRED else 404,
    )


# A mail program's one-click unsubscribe (RFC 8058) posts without a CSRF token or cookies: the signed
# link is what says who unsubscribes, and unsubscribing is all it can do.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """GET asks for a press of the button (a link opened by a mail scanner unsubscribes no one); POST,
    from that button or from the mail program, unsubscribes at once."""
    try:
        recipient = preferences.from_token(token)
    except links.LinkProblem as problem:
        return _link_problem(request, problem)
    if request.method == "POST":
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        preferences.unsubscribe(
            recipient, how="one click in a mail program" if one_click else "unsubscribe page"
        )
        return TemplateResponse(request, "notifications/unsubscribed.html", {"token": token})
    return TemplateResponse(
        request,
        "notifications/unsubscribe.html",
        {"token": token, "already": recipient.unsubscribed_at is not None},
    )


def _posted(request):
    """The form's data when posted, even with nothing chosen (which must be explained)."""
    return request.POST if request.method == "POST" else None


@require_http_methods(["GET", "POST"])
def language(request, token: str):
    """The language we email an address in, chosen from the link in every email's footer."""
    try:
        recipient = preferences.from_token(token)
    except links.LinkProblem as problem:
        return _link_problem(request, problem)
    form = LanguageForm(_posted(request), initial={"language": recipient.language or preferences.ENGLISH})
    if request.method == "POST" and form.is_valid():
        actor = request.user if request.user.is_authenticated else None
        preferences.choose_language(recipient, form.cleaned_data["language"], actor=actor)
        messages.success(request, LANGUAGE_CHOSEN[recipient.language])
        return redirect("notifications:language", token)
    return pages.one_question(request, form, "language", button=_("Save"))


def _authorised(request) -> bool:
    """Whether the request carries the bearer token Notify was given (compared in constant time)."""
    expected = settings.NOTIFY_CALLBACK_TOKEN
    given = request.headers.get("Authorization", "")
    scheme, _, value = given.partition(" ")
    if not expected or scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(value.strip().encode(), expected.encode())


@csrf_exempt
@require_POST
def notify_receipt(request):
    """GOV.UK Notify's delivery receipt for one email: its status is kept on the email's record."""
    if not _authorised(request):
        return HttpResponse(status=401, headers={"WWW-Authenticate": "Bearer"})
    try:
        receipt = json.loads(request.body)
        if not isinstance(receipt, dict):
            raise ValueError("not an object")
        email = preferences.record_receipt(receipt)
    except preferences.UnknownEmail:
        # Gone (kept 90 days) or never ours: nothing to record, and Notify should not try again.
        return JsonResponse({"recorded": False}, status=200)
    except ValueError:
        return JsonResponse({"error": "A delivery receipt is a JSON object with a known status"}, status=400)
    return JsonResponse({"recorded": True, "status": email.delivery_status})
