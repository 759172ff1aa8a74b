from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from localdigital.accounts import services
from localdigital.accounts.forms import LANGUAGE_CHOSEN, LanguageForm, ProjectEmailsForm, SignInForm
from localdigital.accounts.models import ProjectEmails, SignInLink
from localdigital.govuk import pages
from localdigital.notifications import preferences
from localdigital.notifications.gateway import EmailNotSent
from localdigital.platform import links
from localdigital.platform.clients import client_ip

NEXT_URL_LENGTH = SignInLink._meta.get_field("next_url").max_length or 0


def _safe_next(request, candidate: str) -> str:
    """Where to go after signing in: a page on this site, short enough to keep; otherwise nowhere (the
    account page)."""
    if len(candidate) > NEXT_URL_LENGTH:
        return ""
    if candidate and url_has_allowed_host_and_scheme(candidate, {request.get_host()}, request.is_secure()):
        return candidate
    return ""


@require_http_methods(["GET", "POST"])
def sign_in(request):
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next", ""))
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_link(form.cleaned_data["email"], source=client_ip(request), next_url=next_url)
        except services.TooManyLinks:
            form.add_error("email", _("You have asked for too many links. Wait an hour, then try again."))
        except EmailNotSent:
            form.add_error("email", _("We could not send the email just now. Try again in a few minutes."))
        else:
            request.session["sign_in_email"] = form.cleaned_data["email"]
            return redirect("accounts:check-email")
    return TemplateResponse(request, "accounts/sign_in.html", {"form": form, "next": next_url})


def check_email(request):
    return TemplateResponse(
        request, "accounts/check_email.html", {"email": request.session.get("sign_in_email")}
    )


@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    """The link in the email. It asks for a click before using the link, so that email scanners that
    open links do not use it up."""
    try:
        if request.method == "POST":
            user, link = services.redeem(token)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect(_safe_next(request, link.next_url) or "accounts:account")
        link = services.find_link(token)
    except links.LinkProblem as problem:
        return TemplateResponse(
            request,
            "accounts/link_problem.html",
            {"kind": problem.reason},
            status=404 if problem.reason == links.UNKNOWN else 410,
        )
    return TemplateResponse(request, "accounts/confirm.html", {"email": link.email})


@require_POST
def sign_out(request):
    logout(request)
    return redirect("accounts:signed-out")


def signed_out(request):
    return TemplateResponse(request, "accounts/signed_out.html", {})


PROJECT_EMAILS_DONE = {
    ProjectEmails.EACH: _("We will email you each time a project you follow posts an update"),
    ProjectEmails.DAILY: _("We will email you once a day about projects you follow"),
    ProjectEmails.WEEKLY: _("We will email you once a week about projects you follow"),
    ProjectEmails.NEVER: _("We will not email you about projects you follow"),
}


UNSUBSCRIBED_NOTE = _(
    "You unsubscribed from these emails using the link in one of them. Choosing how often you want to hear"
    " will start them again."
)


def _account_question(request, form, field_name: str, inset: str = ""):
    """One of the account's choices, asked on its own page with a way back to the account."""
    return pages.one_question(
        request,
        form,
        field_name,
        button=_("Save"),
        back_url=reverse("accounts:account"),
        navigation_section="account",
        inset=inset,
    )


def _posted(request):
    """The form's data when posted, even with nothing chosen (which must be explained)."""
    return request.POST if request.method == "POST" else None


@login_required
@require_http_methods(["GET", "POST"])
def project_emails(request):
    """One question: how often to hear about every project the person follows."""
    form = ProjectEmailsForm(_posted(request), initial={"project_emails": request.user.project_emails})
    if request.method == "POST" and form.is_valid():
        user = services.choose_project_emails(request.user, form.cleaned_data["project_emails"])
        messages.success(request, PROJECT_EMAILS_DONE[ProjectEmails(user.project_emails)])
        return redirect("accounts:account")
    unsubscribed = preferences.is_unsubscribed(request.user.email)
    return _account_question(request, form, "project_emails", inset=UNSUBSCRIBED_NOTE if unsubscribed else "")


@login_required
@require_http_methods(["GET", "POST"])
def language(request):
    """One question: the language the person is emailed in."""
    current = preferences.language_of(request.user.email, request.user.language)
    form = LanguageForm(_posted(request), initial={"language": current})
    if request.method == "POST" and form.is_valid():
        user = services.choose_language(request.user, form.cleaned_data["language"])
        messages.success(request, LANGUAGE_CHOSEN[user.language])
        return redirect("accounts:account")
    return _account_question(request, form, "language")
