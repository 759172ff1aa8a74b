from django import forms

from localdigital.govuk.forms import GovukForm
from localdigital.notifications.preferences import LANGUAGES


class LanguageForm(GovukForm):
    language = forms.ChoiceField(
        label="Which language should we email you in?",
        choices=LANGUAGES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the language we should email you in"},
    )
