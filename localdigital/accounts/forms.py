from django import forms
from django.utils.translation import gettext_lazy as _

from localdigital.accounts.models import ProjectEmails
from localdigital.govuk.forms import GovukForm
from localdigital.notifications.forms import LANGUAGE_CHOSEN, LanguageForm  # asked the same everywhere
from localdigital.platform.emails import normalise_email


class SignInForm(GovukForm):
    email = forms.CharField(
        label=_("Email address"),
        max_length=254,
        help_text=_("Use your work address, for example name@yourcouncil.gov.uk"),
        widget=forms.EmailInput,
        error_messages={"required": _("Enter your email address")},
    )

    def clean_email(self):
        try:
            return normalise_email(self.cleaned_data["email"])
        except forms.ValidationError:
            raise forms.ValidationError(
                "Enter an email address in the correct format, like name@example.gov.uk"
            ) from None


__all__ = ["LANGUAGE_CHOSEN", "LanguageForm", "ProjectEmailsForm", "SignInForm"]


class ProjectEmailsForm(GovukForm):
    project_emails = forms.ChoiceField(
        label=_("How often do you want to hear about projects you follow?"),
        help_text=_("This is for every project you follow."),
        choices=ProjectEmails.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how often you want to hear about projects you follow")},
    )
