"""GOV.UK wording for the errors Django gives, made from each field's label and limits.

Django says "This field is required." and "Ensure this value has at most 200 characters (it has 5999)."; the
GOV.UK Design System asks for "Enter a title" and "Title must be 200 characters or fewer". A message a form
sets for itself is kept: these only replace Django's own.
"""

from django import forms

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
        return "an answer"
    if _is_question(label):
        first_word = name.split()[0].lower()
        return _lower_first(name) if first_word in OPEN_QUESTION_WORDS else "an answer"
    return f"the {_lower_first(name)}"


def _subject(label: str) -> str:
    """What a limit is about, to start a sentence: "Title", or "Your answer" for a question."""
    name = _name(label)
    if not name or _is_question(label):
        return "Your answer"
    return name[:1].upper() + name[1:]


def _is_choice(field: forms.Field) -> bool:
    return isinstance(field, forms.ChoiceField | forms.ModelChoiceField)


def _required(field: forms.Field, label: str) -> str:
    if isinstance(field, forms.BooleanField):
        return "Select the box to continue"
    verb = "Select" if _is_choice(field) else "Enter"
    return f"{verb} {_thing(label)}"


def _invalid(field: forms.Field, subject: str) -> str:
    if isinstance(field, forms.EmailField):
        return "Enter an email address in the correct format, like name@example.com"
    if isinstance(field, forms.URLField):
        return "Enter a web address in the correct format, like https://www.example.com"
    if isinstance(field, forms.DecimalField | forms.FloatField):  # both are IntegerFields to Django
        return f"{subject} must be a number"
    if isinstance(field, forms.IntegerField):
        return f"{subject} must be a whole number"
    return f"Enter {subject[:1].lower() + subject[1:]} in the correct format"


def govuk_messages(field: forms.Field, label: str | None = None) -> dict[str, str]:
    """Every message Django might give for `field`, in GOV.UK words."""
    label = str(field.label if label is None else label)
    subject = _subject(label)
    choice = f"Select {_thing(label)} from the options given"  # noqa: S608 (words for a person, not SQL)
    return {
        "required": _required(field, label),
        "invalid": _invalid(field, subject),
        "max_length": f"{subject} must be %(limit_value)s characters or fewer",
        "min_length": f"{subject} must be %(limit_value)s characters or more",
        "max_value": f"{subject} must be %(limit_value)s or less",
        "min_value": f"{subject} must be %(limit_value)s or more",
        "step_size": f"{subject} must be a multiple of %(limit_value)s",
        "max_digits": f"{subject} must have %(max)s digits or fewer",
        "max_whole_digits": f"{subject} must have %(max)s digits or fewer before the decimal point",
        "max_decimal_places": f"{subject} must have %(max)s decimal places or fewer",
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
