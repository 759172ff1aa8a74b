from django import forms
from django.utils.translation import gettext_lazy as _

from localdigital.govuk.forms import GovukForm
from localdigital.organisations.models import Organisation


class AccessRequestForm(GovukForm):
    organisation = forms.ModelChoiceField(
        label=_("Which organisation do you work for?"),
        queryset=Organisation.objects.current().order_by("name"),
        empty_label=_("Choose an organisation"),
        error_messages={
            "required": _("Choose the organisation you work for"),
            "invalid_choice": _("Choose an organisation from the list"),
        },
    )
    role = forms.CharField(
        label=_("Your job title"), max_length=200, error_messages={"required": _("Enter your job title")}
    )
    reason = forms.CharField(
        label=_("Why is your email address not at one of its domains?"),
        help_text=_(
            "For example, you work for a shared service, or your organisation uses another domain. "
            "We may check with the organisation."
        ),
        max_length=1000,
        widget=forms.Textarea,
        error_messages={"required": _("Tell us why your email address is not at one of its domains")},
    )
