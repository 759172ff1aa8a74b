from django import forms

from localdigital.govuk.forms import GovukForm
from localdigital.organisations.models import Organisation


class AccessRequestForm(GovukForm):
    organisation = forms.ModelChoiceField(
        label="Which organisation do you work for?",
        queryset=Organisation.objects.current().order_by("name"),
        empty_label="Choose an organisation",
        error_messages={
            "required": "Choose the organisation you work for",
            "invalid_choice": "Choose an organisation from the list",
        },
    )
    role = forms.CharField(
        label="Your job title", max_length=200, error_messages={"required": "Enter your job title"}
    )
    reason = forms.CharField(
        label="Why is your email address not at one of its domains?",
        help_text="For example, you work for a shared service, or your organisation uses another domain. "
        "We may check with the organisation.",
        max_length=1000,
        widget=forms.Textarea,
        error_messages={"required": "Tell us why your email address is not at one of its domains"},
    )
