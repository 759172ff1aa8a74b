"""GOV.UK's satisfaction feedback, offered at the end of each journey and kept for the programme team."""

from django import forms
from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from localdigital.abuse import services as abuse
from localdigital.audit import services as audit
from localdigital.govuk.forms import GovukForm
from localdigital.pages.models import Feedback
from localdigital.platform import ratelimit
from localdigital.platform.clients import client_ip

ADDRESS_BURST = ratelimit.Limit("feedback-burst", hits=5, seconds=60)
ADDRESS_SUSTAINED = ratelimit.Limit("feedback-sustained", hits=30, seconds=60 * 60)
IMPROVEMENT_MAX_LENGTH = 1200

TOO_MANY = _(
    "Too much feedback has come from your internet connection in a short time. "
    "Wait a few minutes, then try again."
)
# Translators: %(contact)s is the programme team's email address.
BLOCKED = _(
    "We cannot take feedback from this internet connection. If you think this is wrong, email %(contact)s."
)


class FeedbackForm(GovukForm):
    satisfaction = forms.TypedChoiceField(
        label=_("Overall, how did you feel about the service you used today?"),
        choices=Feedback.Satisfaction.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how you felt about the service you used today")},
    )
    improvement = forms.CharField(
        label=_("How could we improve this service? (optional)"),
        help_text=_("Do not include personal details, such as your name, email address or phone number."),
        required=False,
        max_length=IMPROVEMENT_MAX_LENGTH,
        widget=forms.Textarea,
        error_messages={"max_length": _("What you tell us must be %(limit_value)s characters or fewer")},
    )


def _journey(value: str | None) -> str:
    return value if value in Feedback.Journey.values else ""


def _refused(request) -> tuple[int, str] | None:
    """Why feedback from this request must be refused (the HTTP status and words), or None."""
    address = client_ip(request)
    rule = abuse.rules().address(address)
    if rule == "block":
        return 403, str(BLOCKED) % {"contact": settings.CONTACT_EMAIL}
    if rule == "allow":
        return None
    key = ratelimit.address_key(address)
    if ratelimit.exceeded([(key, ADDRESS_BURST), (key, ADDRESS_SUSTAINED)]):
        return 429, str(TOO_MANY)
    return None


@require_http_methods(["GET", "POST"])
def feedback(request):
    journey = _journey(
        request.POST.get("journey") if request.method == "POST" else request.GET.get("journey")
    )
    form = FeedbackForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            refusal = _refused(request)
            if refusal is None:
                give(journey, **form.cleaned_data, actor=request.user)
                return redirect("pages:feedback-sent")
            status, message = refusal
            form.add_error(None, message)
    return TemplateResponse(request, "pages/feedback.html", {"form": form, "journey": journey}, status=status)


@transaction.atomic
def give(journey: str, *, satisfaction: int, improvement: str, actor=None) -> Feedback:
    """Keep one person's feedback, and record in the audit trail that it was given (not their words)."""
    kept = Feedback.objects.create(
        journey=journey, satisfaction=satisfaction, improvement=improvement.strip()
    )
    signed_in = actor is not None and actor.is_authenticated
    audit.record(
        "feedback given",
        kept,
        actor=actor if signed_in else None,
        actor_label="" if signed_in else "member of the public",
        after={
            "journey": kept.journey,
            "satisfaction": kept.satisfaction,
            "improvement": bool(kept.improvement),
        },
    )
    return kept


@require_safe
def feedback_sent(request):
    return TemplateResponse(request, "pages/feedback_sent.html", {})
