"""Content in English and Welsh: a Welsh twin beside an English field, and the text in the page's language.

Staff write the English; the Welsh sits in a twin column named `<field>_cy`, blank until someone
translates it. Wherever the text is shown, the page's language picks the Welsh when there is some and the
English otherwise, so a page in Welsh is never left with a gap:

    class Round(models.Model):
        title = models.CharField(max_length=200)
        title_cy = welsh_twin(title)

    round.localised("title")                   # in Python, with the Bilingual mixin
    localised(round, "title")                  # in Python, for any object
    {{ round | localised("title") }}           # in Jinja2 (registered in localdigital/jinja2.py)
    {{ round | localised_html("title") }}      # in a page's text: English shown on a Welsh page is
                                               # marked lang="en", so a screen reader reads it in English

Use `localised` where markup cannot go (a page's <title>, an attribute, a form's label) and
`localised_html` in the text of a page. `fallback_lang` gives ` lang="en"` for an element that holds the
text, such as each paragraph of a prospectus.

`install()` (called from platform/admin.py) makes every staff page put a Welsh field directly after its
English twin, in every model admin and inline, whatever order the fields were declared in.

People's own words (a project's description, a pledge) have no twin: they are shown as written.
"""

from collections.abc import Iterable, Mapping, Sequence

from django.conf import settings
from django.contrib.admin.options import BaseModelAdmin
from django.db import models
from django.utils import translation
from markupsafe import Markup, escape

WELSH = "cy"
SUFFIX = "_cy"


class _WelshTwin:
    """Named after its English twin once both are on the model: "title in Welsh"."""

    def contribute_to_class(self, cls, name, *args, **kwargs):
        explicit = self.verbose_name is not None
        super().contribute_to_class(cls, name, *args, **kwargs)
        if not explicit:
            english = next((f for f in cls._meta.local_fields if f.name == name.removesuffix(SUFFIX)), None)
            self.verbose_name = self._verbose_name = f"{english.verbose_name if english else name} in Welsh"

    def deconstruct(self):
        # Migrations hold a plain CharField or TextField, not this module's class.
        name, path, args, kwargs = super().deconstruct()
        return name, path.replace("localdigital.platform.bilingual.Welsh", "django.db.models."), args, kwargs


class WelshCharField(_WelshTwin, models.CharField):
    pass


class WelshTextField(_WelshTwin, models.TextField):
    pass


def welsh_twin(english: models.Field, *, verbose_name=None) -> models.Field:
    """A Welsh column of the same kind as `english`, blank allowed (the English is used until it is filled).

    Declare it right after the English field, named `<english>_cy`. Plain English labels, like every
    verbose name here: the staff tools are in English.
    """
    help_text = "Leave blank to show the English on Welsh pages."
    if isinstance(english, models.TextField):
        return WelshTextField(verbose_name, blank=True, default="", help_text=help_text)
    return WelshCharField(
        verbose_name, max_length=english.max_length or 200, blank=True, default="", help_text=help_text
    )


def is_welsh(name: str) -> bool:
    return name.endswith(SUFFIX)


def twin_of(name: str) -> str:
    """The Welsh twin's name of an English field: title -> title_cy."""
    return f"{name}{SUFFIX}"


def welsh_fields(model: type[models.Model]) -> list[str]:
    """The Welsh twins a model has, in declaration order: ["title_cy", "description_cy"]."""
    names = {field.name for field in model._meta.concrete_fields}
    return [name for name in names_in_order(model) if is_welsh(name) and name.removesuffix(SUFFIX) in names]


def names_in_order(model: type[models.Model]) -> list[str]:
    return [field.name for field in model._meta.concrete_fields]


def active_language() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def _value(obj, name: str):
    """`obj.<name>`, or `obj[name]` for a register's row (a dict); "" if it has none."""
    if isinstance(obj, Mapping):
        return obj.get(name, "")
    return getattr(obj, name, "") if obj is not None else ""


def localised(obj, name: str, language: str | None = None) -> str:
    """`obj.<name>` in the page's language: on a Welsh page its Welsh twin if filled, else the English."""
    english = _value(obj, name)
    if (language or active_language()) == WELSH:
        welsh = _value(obj, twin_of(name)) or ""
        if welsh.strip():
            return welsh
    return english if english is not None else ""


def falls_back(obj, name: str, language: str | None = None) -> bool:
    """Whether a Welsh page shows `obj.<name>` in English, its Welsh twin being blank."""
    if obj is None or (language or active_language()) != WELSH:
        return False
    english = _value(obj, name) or ""
    welsh = _value(obj, twin_of(name)) or ""
    return bool(english.strip()) and not welsh.strip()


def localised_html(obj, name: str, language: str | None = None) -> Markup:
    """`localised`, escaped, and in `<span lang="en">` when a Welsh page falls back to the English."""
    text = localised(obj, name, language)
    if falls_back(obj, name, language):
        return Markup('<span lang="en">{}</span>').format(text)
    return escape(text)


def fallback_lang(obj, name: str, language: str | None = None) -> Markup:
    """` lang="en"` for the element holding `obj.<name>` when a Welsh page falls back to the English."""
    return Markup(' lang="en"') if falls_back(obj, name, language) else Markup("")


class Bilingual:
    """A model mixin: `obj.localised("title")`, the title in the page's language."""

    def localised(self, name: str, language: str | None = None) -> str:
        return localised(self, name, language)


def beside_their_twins(names: Iterable) -> list:
    """Field names with each `x_cy` moved to directly after `x` (when `x` is there), the rest in order.

    Entries may be tuples (several fields on one admin line); a Welsh name inside a tuple stays where it is.
    """
    names = list(names)
    present = {name for name in names if isinstance(name, str)}
    placed: list = []
    for name in names:
        if isinstance(name, str) and is_welsh(name) and name.removesuffix(SUFFIX) in present:
            continue  # placed after its twin
        placed.append(name)
        if isinstance(name, str) and twin_of(name) in present:
            placed.append(twin_of(name))
    return placed


def _ordered_fieldsets(fieldsets: Sequence) -> list:
    ordered = []
    for title, options in fieldsets:
        options = dict(options)
        if "fields" in options:
            options["fields"] = beside_their_twins(options["fields"])
        ordered.append((title, options))
    return ordered


_installed = False


def install() -> None:
    """Every model admin and inline shows a Welsh field directly after its English twin."""
    global _installed
    if _installed:
        return
    original = BaseModelAdmin.get_fieldsets

    def get_fieldsets(self, request, obj=None):
        return _ordered_fieldsets(original(self, request, obj))

    BaseModelAdmin.get_fieldsets = get_fieldsets  # type: ignore[method-assign]
    _installed = True
