from django import forms
from django.utils.translation import gettext_lazy as _

from localdigital.govuk.forms import GovukForm
from localdigital.notifications.preferences import ENGLISH, LANGUAGES, WELSH

# The success banner once a language is chosen, whole sentences so that Welsh can mutate the name.
LANGUAGE_CHOSEN = {
    ENGLISH: _("We will email you in English"),
    WELSH: _("We will email you in Cymraeg"),
}


class LanguageForm(GovukForm):
    language = forms.ChoiceField(
        label=_("Which language should we email you in?"),
        choices=LANGUAGES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the language we should email you in")},
    )
