"""How the staff tools (Django's admin) show a stored value, for every model at once.

Django's admin shows a field's value with `django.contrib.admin.utils.display_for_field`, on change
pages (read-only fields) and in lists. It writes what the database holds: a list as `[1, 5]`, a dict as
JSON, an amount as `120000.00`. `display()` shows these as staff read them, and `install()` makes the
admin use it, so no model admin needs a method per field:

- an amount of money (a `DecimalField` with 2 decimal places: every one in this project is pounds) as
  `£120,000`, or `£120,000.50` when it has pence;
- a list as words: `1 and 5`, `E07000001, E07000002 and E07000003`;
- a dict as one `Name: value` line a key (the key's underscores as spaces);
- yes or no as the words `Yes` and `No`, not icons whose text is "True" and "False";
- a `language` code (`en`, `cy`) as the language's name;
- everything else as Django shows it.
"""

from decimal import Decimal

from django.contrib.admin import helpers, utils
from django.contrib.admin.templatetags import admin_list
from django.db import models
from django.utils.translation import gettext

_django_display = utils.display_for_field
LANGUAGE_NAMES = {"en": "English", "en-gb": "English", "cy": "Cymraeg"}


def money(value) -> str:
    """An amount in pounds, with pence only when there are any: £120,000, £99.50."""
    amount = Decimal(value)
    return f"£{amount:,.0f}" if amount == amount.to_integral_value() else f"£{amount:,.2f}"


def in_words(items) -> str:
    """Items as a sentence lists them: `1`, `1 and 5`, `1, 2 and 5`."""
    words = [_word(item) for item in items]
    if len(words) < 2:
        return "".join(words)
    return gettext("%(items)s and %(last)s") % {"items": ", ".join(words[:-1]), "last": words[-1]}


def _word(value) -> str:
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, dict):
        return "; ".join(f"{_key(key)}: {_word(item)}" for key, item in value.items())
    if isinstance(value, list | tuple):
        return in_words(value)
    return "" if value is None else str(value)


def _key(key) -> str:
    text = str(key).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def display(value, field, empty_value_display, avoid_link=False):
    """`display_for_field`, with amounts, lists and dicts shown in words."""
    if isinstance(field, models.BooleanField) and value is not None:
        return gettext("Yes") if value else gettext("No")
    if not getattr(field, "flatchoices", None) and value not in field.empty_values:
        if field.name == "language" and str(value).lower() in LANGUAGE_NAMES:
            return LANGUAGE_NAMES[str(value).lower()]
        if isinstance(field, models.DecimalField) and field.decimal_places == 2:
            return money(value)
        if isinstance(field, models.JSONField) and isinstance(value, list | tuple):
            return in_words(value)
        if isinstance(field, models.JSONField) and isinstance(value, dict):
            return "\n".join(f"{_key(key)}: {_word(item)}" for key, item in value.items())
    return _django_display(value, field, empty_value_display, avoid_link=avoid_link)


def install() -> None:
    """Make the admin's change pages and lists show values with `display()`."""
    # Both modules import display_for_field by name, so both names are pointed here.
    helpers.display_for_field = display  # type: ignore[attr-defined]
    admin_list.display_for_field = display  # type: ignore[attr-defined]
