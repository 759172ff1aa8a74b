"""GOV.UK wording for the errors Django gives, made from each field's label and limits.

Django says "This field is required." and "Ensure this value has at most 200 characters (it has 5999)."; the
GOV.UK Design System asks for "Enter a title" and "Title must be 200 characters or fewer". A message a form
sets for itself is kept: these only replace Django's own.
"""

from django import forms
from django.utils.translation import gettext

# Questions that start with these words read on after "Enter" or "Select": "Enter what has happened".
OPEN_QUESTION_WORDS = ("what", "which", "how", "when", "who", "where", "why")


def _name(label: str) -> str:
    # Some messages are %-formatted with their limits and some are not, so a label's "%" is put in words.
    name = str(label or "").replace("(optional)", "").replace("%", " per cent")
    return name.strip().rstrip("?").strip()


def _lower_first(text: str) -> str:
    if text[1:2].isupper():  # an initialism such as "GSS code" keeps its capitals
        return text
    return text[:1].lower() + text[1:]


def _is_question(label: str) -> bool:
    return str(label or "").strip().endswith("?")


def _thing(label: str) -> str:
    """What to enter or select, to follow the verb: "the contact name", "what has happened", "an answer"."""
    name = _name(label)
    if not name:
        return gettext("an answer")
    if _is_question(label):
        first_word = name.split()[0].lower()
        return _lower_first(name) if first_word in OPEN_QUESTION_WORDS else gettext("an answer")
    # Translators: %(name)s is the field's label, its first letter made small: "the contact name".
    return gettext("the %(name)s") % {"name": _lower_first(name)}


def _subject(label: str) -> str:
    """What a limit is about, to start a sentence: "Title", or "Your answer" for a question."""
    name = _name(label)
    if not name or _is_question(label):
        return gettext("Your answer")
    return name[:1].upper() + name[1:]


def _is_choice(field: forms.Field) -> bool:
    return isinstance(field, forms.ChoiceField | forms.ModelChoiceField)


def _required(field: forms.Field, label: str) -> str:
    if isinstance(field, forms.BooleanField):
        return gettext("Select the box to continue")
    # Translators: %(thing)s is what to give, such as "the contact name" or "an answer".
    if _is_choice(field):
        return gettext("Select %(thing)s") % {"thing": _thing(label)}
    return gettext("Enter %(thing)s") % {"thing": _thing(label)}


def _invalid(field: forms.Field, subject: str) -> str:
    if isinstance(field, forms.EmailField):
        return gettext("Enter an email address in the correct format, like name@example.com")
    if isinstance(field, forms.URLField):
        return gettext("Enter a web address in the correct format, like https://www.example.com")
    # Translators: %(subject)s is the field's label, or "Your answer" for a question.
    if isinstance(field, forms.DecimalField | forms.FloatField):  # both are IntegerFields to Django
        return gettext("%(subject)s must be a number") % {"subject": subject}
    if isinstance(field, forms.IntegerField):
        return gettext("%(subject)s must be a whole number") % {"subject": subject}
    return gettext("Enter %(subject)s in the correct format") % {"subject": subject[:1].lower() + subject[1:]}


def govuk_messages(field: forms.Field, label: str | None = None) -> dict[str, str]:
    """Every message Django might give for `field`, in GOV.UK words."""
    label = str(field.label if label is None else label)
    subject = _subject(label)
    choice = gettext("Select %(thing)s from the options given") % {"thing": _thing(label)}
    # Django fills in %(limit_value)s and %(max)s afterwards, so they are kept as they are here.
    keep = {"subject": subject, "limit_value": "%(limit_value)s", "max": "%(max)s"}
    return {
        "required": _required(field, label),
        "invalid": _invalid(field, subject),
        "max_length": gettext("%(subject)s must be %(limit_value)s characters or fewer") % keep,
        "min_length": gettext("%(subject)s must be %(limit_value)s characters or more") % keep,
        "max_value": gettext("%(subject)s must be %(limit_value)s or less") % keep,
        "min_value": gettext("%(subject)s must be %(limit_value)s or more") % keep,
        "step_size": gettext("%(subject)s must be a multiple of %(limit_value)s") % keep,
        "max_digits": gettext("%(subject)s must have %(max)s digits or fewer") % keep,
        "max_whole_digits": gettext("%(subject)s must have %(max)s digits or fewer before the decimal point")
        % keep,
        "max_decimal_places": gettext("%(subject)s must have %(max)s decimal places or fewer") % keep,
        "invalid_choice": choice,
        "invalid_list": choice,
        "invalid_pk_value": choice,
    }


def _django_defaults(field: forms.Field) -> dict:
    defaults: dict[str, str] = {}
    for cls in reversed(type(field).__mro__):
        defaults.update(getattr(cls, "default_error_messages", {}))
    return defaults


def use_govuk_messages(field: forms.Field) -> None:
    """Replace Django's own messages on `field` (not ones the form set) with GOV.UK wording."""
    defaults = _django_defaults(field)
    for code, message in govuk_messages(field).items():
        current = field.error_messages.get(code)
        if current is None or str(current) == str(defaults.get(code)):
            field.error_messages[code] = message
