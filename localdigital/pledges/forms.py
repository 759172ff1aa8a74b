import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from localdigital.govuk.forms import GovukForm
from localdigital.organisations.models import Organisation
from localdigital.platform import caches

CHOICES_TTL_SECONDS = 300
CHOICES = caches.memo("pledge organisation choices", seconds=CHOICES_TTL_SECONDS)


# Lazy: the memo is shared by every request, and each renders the label in its own language.
NO_ORGANISATION = ("", _("None, or not listed"))


def organisation_choices() -> tuple[list[tuple[str, str]], dict[str, int]]:
    """The form's choices (none, then current organisations as (slug, name)) and slug to id, read at
    most every 5 minutes per process: the pledge form is the one page a surge posts to, and the register
    rarely changes."""
    return CHOICES.get(_load_choices)


def _load_choices() -> tuple[list[tuple[str, str]], dict[str, int]]:
    rows = list(Organisation.objects.current().order_by("name").values_list("slug", "name", "pk"))
    return [NO_ORGANISATION, *((slug, name) for slug, name, _pk in rows)], {
        slug: pk for slug, _name, pk in rows
    }


# Drop this process's copy (when the register changes here; other processes within 5 minutes).
forget_organisation_choices = CHOICES.forget


class OrganisationChoice(forms.ChoiceField):
    """An organisation from the register by slug; cleans to its id, or None when none was chosen.

    Its choices are the memo's list as it is, already plain (value, label) pairs: not a callable, which
    Django normalises again (450 organisations) every time the choices are read, several times a page.
    """

    def __init__(self, **kwargs):
        super().__init__(choices=(), **kwargs)

    @property
    def choices(self):
        return organisation_choices()[0]

    @choices.setter
    def choices(self, value) -> None:
        self._choices = self.widget.choices = ()  # read from the memo instead

    def valid_value(self, value) -> bool:
        # A look-up, not a walk through 450 choices, on every pledge.
        return str(value) in organisation_choices()[1]

    def clean(self, value):
        slug = super().clean(value)
        return organisation_choices()[1].get(slug) if slug else None


LINKS = re.compile(r"://|www\.|\.(com|org|net|uk|io|ru|xyz)\b/", re.IGNORECASE)


def validate_plain_name(value: str) -> None:
    """A name is one line with no web address: it is put into an email to whoever owns the address
    typed, so it must not be a way to send someone else a message of one's own."""
    if any(character in value for character in "\r\n\t") or any(ord(c) < 32 for c in value):
        raise ValidationError(_("Enter your name on one line"))
    if LINKS.search(value):
        raise ValidationError(_("Enter your name without a web address"))


class PledgeForm(GovukForm):
    name = forms.CharField(
        label=_("Full name"),
        max_length=100,
        validators=[validate_plain_name],
        error_messages={
            "required": _("Enter your full name"),
            "max_length": _("Your name must be 100 characters or fewer"),
        },
    )
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("We will send you a link to confirm your pledge."),
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
            "max_length": _("Your email address must be 254 characters or fewer"),
        },
    )
    organisation = OrganisationChoice(
        label=_("Organisation you work for (optional)"),
        required=False,
        error_messages={"invalid_choice": _("Choose an organisation from the list")},
    )
    role = forms.CharField(
        label=_("Your role (optional)"),
        max_length=100,
        validators=[validate_plain_name],
        required=False,
        help_text=_("For example, digital lead or councillor."),
        error_messages={"max_length": _("Your role must be 100 characters or fewer")},
    )
    show_name = forms.BooleanField(
        label=_("Show my name on the public list of people who have pledged"),
        required=False,
        help_text=_("If you do not select this, you are counted but your name is not shown."),
    )
    # Left empty by people; filled by many robots. Hidden from sight, from screen readers and from tab.
    website = forms.CharField(required=False, label=_("Leave this empty"))


class WithdrawLinkForm(GovukForm):
    email = forms.EmailField(
        label=_("Email address you pledged with"),
        max_length=254,
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
            "max_length": _("Your email address must be 254 characters or fewer"),
        },
    )
