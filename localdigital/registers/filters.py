"""A register's filters, declared once: each makes its GOV.UK form field, its API parameter and its lookup.

A filter is given a label, its choices (a list, or a function for choices that change) and its lookup:
the path of a field (`"phase__in"`), several paths any of which may match, or a function from the
chosen value to a `Q`. The register names each filter by its key, which is the query parameter of the
page, the CSV, the feed and the API alike.
"""

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import get_language, gettext_lazy

from localdigital.govuk.forms import DateField
from localdigital.platform import caches

Lookup = str | Sequence[str] | Callable[[Any], Q]

# A filter's choices read from the database are kept per data version, and never longer than this (a
# change the version does not see, such as a renamed service, shows within it).
CHOICES_SECONDS = 300


def _empty(value) -> bool:
    return value is None or value == "" or value == [] or value == ()


class Filter:
    """One filter of a register. Subclasses say which form field and API type it takes."""

    api_type: Any = str | None
    api_default: Any = None

    def __init__(
        self,
        label: str,
        *,
        lookup: Lookup | None = None,
        hint: str = "",
        api_type: Any = None,
        description: str = "",
        error_messages: dict | None = None,
    ):
        self.label = label
        self.lookup = lookup
        self.hint = hint
        self.description = description or label
        self.error_messages = error_messages or {}
        if api_type is not None:
            self.api_type = api_type
        self.name = ""  # set by the register from its key

    def form_field(self) -> forms.Field:
        raise NotImplementedError

    def prepare(self, field: forms.Field, *, version: str | None = None) -> None:
        """Called on each form's own copy of the field, for choices that are worked out per request;
        `version` is the register's data version, when the request has one."""

    def as_q(self, value) -> Q:
        lookup = self.lookup if self.lookup is not None else self.default_lookup()
        if callable(lookup):
            return lookup(value)
        if isinstance(lookup, str):
            return Q(**{lookup: value})
        matches = Q()
        for path in lookup:
            matches |= Q(**{path: value})
        return matches

    def default_lookup(self) -> str:
        return self.name

    def apply(self, queryset: QuerySet, value) -> QuerySet:
        return queryset if _empty(value) else queryset.filter(self.as_q(value))

    def to_param(self, value):
        """An API value as the text the form takes."""
        return "" if value is None else str(value)

    def _options(self) -> dict:
        # Labels are declared in English (marked with gettext_noop) and shown in the page's language.
        options = {"label": gettext_lazy(self.label), "required": False}
        if self.hint:
            options["help_text"] = gettext_lazy(self.hint)
        if self.error_messages:
            options["error_messages"] = self.error_messages
        return options


class Text(Filter):
    """Words typed in a box; the lookup gets them stripped of spaces at either end."""

    def __init__(self, label: str, *, max_length: int = 200, **kwargs):
        super().__init__(label, **kwargs)
        self.max_length = max_length

    def form_field(self) -> forms.Field:
        return forms.CharField(max_length=self.max_length, **self._options())

    def apply(self, queryset: QuerySet, value) -> QuerySet:
        return super().apply(queryset, (value or "").strip())


class Choices(Filter):
    """Any of several choices, as checkboxes; `?name=a&name=b`. The lookup gets the list chosen."""

    api_default: Any = []

    def __init__(self, label: str, *, choices, item_type: Any = str, **kwargs):
        super().__init__(label, **kwargs)
        self.choices = choices
        self.api_type = kwargs.get("api_type") or list[item_type]

    def form_field(self) -> forms.Field:
        return forms.MultipleChoiceField(choices=self.choices, **self._options())

    def default_lookup(self) -> str:
        return f"{self.name}__in"

    def to_param(self, value):
        return [str(item) for item in value or []]


class Sort(Filter):
    """The order of the rows: one of several, each a list of fields to order by."""

    def __init__(
        self, label: str, *, orderings: dict[str, tuple[str, Sequence[str]]], default: str, **kwargs
    ):
        super().__init__(label, **kwargs)
        self.orderings = orderings  # key: (label, fields)
        self.default = default
        self.api_default = default
        self.api_type = str

    def form_field(self) -> forms.Field:
        choices = [(key, gettext_lazy(label)) for key, (label, _fields) in self.orderings.items()]
        return forms.ChoiceField(choices=choices, initial=self.default, **self._options())

    def apply(self, queryset: QuerySet, value) -> QuerySet:
        _label, fields = self.orderings.get(value or self.default, self.orderings[self.default])
        return queryset.order_by(*fields, "pk")


class Date(Filter):
    """A day, typed in the GOV.UK date input on a page (day, month and year boxes:
    `?name-day=1&name-month=4&name-year=2027`); the API takes one ISO date (`?name=2027-04-01`). The lookup
    gets the date."""

    api_type: Any = date | None

    def form_field(self) -> forms.Field:
        return DateField(**self._options())

    def to_param(self, value):
        if value is None:
            return {}
        return {f"{self.name}-{part}": getattr(value, part) for part in ("day", "month", "year")}


class Model(Filter):
    """One row of another table, chosen from a list by a code; the lookup gets the row."""

    def __init__(
        self,
        label: str,
        *,
        queryset: Callable[[], QuerySet],
        to_field_name: str = "pk",
        empty_label: str = "Any",
        **kwargs,
    ):
        super().__init__(label, **kwargs)
        self.queryset = queryset
        self.to_field_name = to_field_name
        self.empty_label = empty_label
        self.api_type = kwargs.get("api_type") or int | None

    def form_field(self) -> forms.Field:
        # The list is filled per form (prepare), so that choices follow the data.
        model = self.queryset().model
        return forms.ModelChoiceField(
            queryset=model.objects.none(),
            to_field_name=self.to_field_name,
            empty_label=gettext_lazy(self.empty_label),
            **self._options(),
        )

    def prepare(self, field: forms.Field, *, version: str | None = None) -> None:
        field.queryset = self.queryset()  # type: ignore[attr-defined]  # a ModelChoiceField's
        if version is not None:
            # The list (1,519 services) as this process last read it at this data version: reading and
            # naming every row costs a page tens of milliseconds. A chosen value is still checked
            # against the query itself.
            field.choices = self._choices(field, version)  # type: ignore[attr-defined]  # a ModelChoiceField's

    def _choices(self, field, version: str) -> list[tuple[str, str]]:
        # Per language too: a row may be named in Welsh on Welsh pages (a service's Welsh name).
        language = get_language() or ""
        kept = caches.memo(f"register filter {self.name} {id(self)} {language}", seconds=CHOICES_SECONDS)
        found = kept.peek()
        if found is not None and found[0] == version:
            return found[1]
        choices = [(str(value), str(label)) for value, label in field.iterator(field)]
        kept.set((version, choices))
        return choices


def declared(filters: dict[str, Filter]) -> dict[str, Filter]:
    """The filters named by their keys."""
    for name, each in filters.items():
        each.name = name
    return filters
