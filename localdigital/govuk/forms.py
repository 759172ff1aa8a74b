"""Django form fields shown with GOV.UK components, and the parameters the govuk macros need.

Templates call the `field` macro in jinja2/govuk/fields.html with a bound field; `field_params` picks
the component from the widget and fills in the label, hint, value and error, keeping what was typed.
"""

from datetime import date
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_lazy
from markupsafe import Markup, escape

from localdigital.govuk.errors import use_govuk_messages

# A select with more options than this becomes an autocomplete where JavaScript runs (GOV.UK advises one
# for long lists such as countries).
LONG_LIST = 30


class GovukForm(forms.Form):
    """A form whose errors are in GOV.UK words, made from each field's label and limits.

    Every form in the project starts from this; a message the form sets for a field is kept.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            use_govuk_messages(field)


class DateWidget(forms.MultiWidget):
    """Day, month and year boxes, as the GOV.UK date input pattern asks."""

    parts = ("day", "month", "year")

    def __init__(self, attrs=None):
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()], attrs)
        self.widgets_names = [f"-{part}" for part in self.parts]

    def decompress(self, value):
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DateField(forms.MultiValueField):
    """A date typed as day, month and year, with the GOV.UK error messages."""

    widget = DateWidget

    def __init__(self, **kwargs):
        error_messages = {
            "required": gettext_lazy("Enter a date"),
            "incomplete": gettext_lazy("Enter a full date"),
            "invalid": gettext_lazy("Enter a real date"),
            **kwargs.pop("error_messages", {}),
        }
        # The parts are optional to Django so that compress can name the missing ones.
        fields = (
            forms.CharField(required=False),
            forms.CharField(required=False),
            forms.CharField(required=False),
        )
        super().__init__(fields=fields, error_messages=error_messages, require_all_fields=False, **kwargs)

    def compress(self, values):
        if not values or not any(values):
            return None
        day, month, year = (str(value or "").strip() for value in values)
        missing = [
            name for name, value in zip(DateWidget.parts, (day, month, year), strict=True) if not value
        ]
        if missing:
            parts = {"day": gettext("day"), "month": gettext("month"), "year": gettext("year")}
            # Translators: %(parts)s is "day", "month" and "year", or two or one of them, joined by "and".
            raise ValidationError(
                gettext("The date must include a %(parts)s")
                % {"parts": gettext(" and ").join(parts[name] for name in missing)}
            )
        try:
            if len(year) != 4:
                raise ValueError
            return date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(gettext("Enter a real date, like 27 3 2027")) from None


class MoneyInput(forms.TextInput):
    """An amount in pounds: shown with a £ prefix and a numeric keyboard on phones."""


class MoneyField(forms.DecimalField):
    """Pounds, typed as people write them: "60000", "60,000", "£60,000.50"."""

    widget = MoneyInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 10)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0.01"))
        error_messages = {
            "required": gettext_lazy("Enter an amount in pounds"),
            "invalid": gettext_lazy("Enter an amount in pounds, like 60000 or 60000.50"),
            "max_decimal_places": gettext_lazy(
                "Enter an amount in pounds, with no more than 2 numbers after the point"
            ),
            "max_digits": gettext_lazy("Enter an amount under £100,000,000"),
            "max_whole_digits": gettext_lazy("Enter an amount under £100,000,000"),
            "min_value": gettext_lazy("Enter an amount of at least 1p"),
            **kwargs.pop("error_messages", {}),
        }
        super().__init__(error_messages=error_messages, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal):  # 60000.00 from the database shows as 60000
            return f"{value:f}".removesuffix(".00")
        return value

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removeprefix("£").replace(",", "").strip()
        return super().to_python(value)

    def widget_attrs(self, widget):
        return {}  # no min, max or step: GOV.UK asks for a plain text box


def _label(bound_field, options: dict) -> dict:
    label = {"text": options.get("label", bound_field.label)}
    if options.get("is_page_heading"):
        label.update({"isPageHeading": True, "classes": "govuk-label--l"})
    elif options.get("label_classes"):
        label["classes"] = options["label_classes"]
    return label


def _legend(bound_field, options: dict) -> dict:
    legend = {"text": options.get("label", bound_field.label)}
    if options.get("is_page_heading"):
        legend.update({"isPageHeading": True, "classes": "govuk-fieldset__legend--l"})
    else:
        legend["classes"] = options.get("legend_classes", "govuk-fieldset__legend--m")
    return {"legend": legend}


def _chosen(bound_field) -> set[str]:
    value = bound_field.value()
    if value is None:
        return set()
    if isinstance(value, list | tuple | set):
        return {str(item) for item in value}
    return {str(value)}


def error_message(text) -> dict:
    """The errorMessage parameter of a GOV.UK macro: the message, after a hidden "Error:" in the page's
    language (the macros' own default is English, which a screen reader would read on a Welsh page)."""
    return {"text": text, "visuallyHiddenText": gettext("Error")}


def field_params(bound_field, **options) -> dict:
    """The govuk macro to use for `bound_field` and its parameters.

    A single checkbox stays a checkbox; any multiple choice (whatever its widget) becomes checkboxes; a
    radio widget becomes radios; any other choice becomes a select that offers an empty choice unless the
    field must be answered and gives none; everything else is a text box or a date.
    """
    widget = bound_field.field.widget
    common = {
        "name": bound_field.html_name,
        "errorMessage": error_message(bound_field.errors[0]) if bound_field.errors else None,
    }
    hint = options.get("hint", bound_field.help_text)
    if hint:
        common["hint"] = {"text": hint}
    if isinstance(widget, DateWidget):
        return _date_params(bound_field, options, common)
    if isinstance(widget, forms.CheckboxInput):
        return _checkbox_params(bound_field, options, common)
    if is_multiple_choice(bound_field.field):
        return _choice_params(bound_field, options, common, component="checkboxes")
    if isinstance(widget, forms.RadioSelect):
        return _choice_params(bound_field, options, common, component="radios")
    if isinstance(widget, forms.Select):
        return _select_params(bound_field, options, common)
    return _text_params(bound_field, options, common)


def is_multiple_choice(field: forms.Field) -> bool:
    """Whether a field takes several choices, which Django's widget classes hide.

    CheckboxSelectMultiple is a RadioSelect and SelectMultiple is a Select, so the field and widget are
    both asked before any single-choice test.
    """
    multiple_fields = forms.MultipleChoiceField | forms.ModelMultipleChoiceField
    multiple_widgets = forms.SelectMultiple | forms.CheckboxSelectMultiple
    return isinstance(field, multiple_fields) or isinstance(field.widget, multiple_widgets)


# Django's label for the empty choice of a select: it means nothing to a person.
DJANGO_EMPTY_LABEL = "---------"


def empty_choice_label(bound_field, options: dict) -> str | None:
    """The text of a select's empty first option, or None when the select should have none.

    The template's or the field's own wording wins; otherwise an optional select offers "Any" (so a filter
    left alone filters nothing) and a required one prompts with its "Choose ..." message. An optional
    select with a default (its initial value) and no empty choice starts on that default.
    """
    field = bound_field.field
    if options.get("empty_label"):
        return options["empty_label"]
    given = next((str(label) for value, label in field.choices if str(value) == ""), None)
    if given and given != DJANGO_EMPTY_LABEL:
        return given
    if given is None and (field.required or field.initial not in (None, "")):
        return None  # the choices offer no empty one and the field starts on one, such as a sort order
    if not field.required:
        return gettext("Any")
    prompt = str(field.error_messages.get("required", ""))
    return prompt if prompt.startswith(("Choose", "Select", "Dewiswch")) else gettext("Choose one")


def _select_params(bound_field, options: dict, common: dict) -> dict:
    value = str(bound_field.value() or "")
    items = [
        {"value": choice, "text": label, "selected": str(choice) == value}
        for choice, label in bound_field.field.choices
        if str(choice) != ""
    ]
    empty = empty_choice_label(bound_field, options)
    if empty is not None:
        items.insert(0, {"value": "", "text": empty, "selected": value == ""})
    params = {
        "component": "select",
        "id": bound_field.auto_id,
        "label": _label(bound_field, options),
        "items": items,
        **common,
    }
    if len(items) > LONG_LIST:
        params["attributes"] = {"data-module": "app-autocomplete"}  # see base.html
    return params


def is_filtered(form) -> bool:
    """Whether a person has set any of a filter form's fields (to something other than its default, as
    a sort order has): then the filters offer to clear them."""
    if not form.is_bound:
        return False
    for name, field in form.fields.items():
        value = form[name].data
        if value not in (None, "", [], ()) and value != field.initial:
            return True
    return False


def is_long_select(params: dict) -> bool:
    return params.get("component") == "select" and len(params["items"]) > LONG_LIST


def with_options(select_html: str, items: list[dict]) -> Markup:
    """A select rendered without its options, with them put in: the markup govukSelect writes for each
    plain item (a value, a text, perhaps selected), written here in one pass. A long list (1,519 services)
    costs the macro tens of milliseconds a page; this, about one."""
    options = "".join(
        f'<option value="{escape(item["value"])}"{" selected" if item["selected"] else ""}>'
        f"{escape(item['text'])}</option>"
        for item in items
    )
    head, closing, tail = str(select_html).rpartition("</select>")
    # The select is the macro's own markup, and every value and text in the options is escaped above.
    return Markup(head + options + closing + tail)  # noqa: S704


def _date_params(bound_field, options: dict, common: dict) -> dict:
    if bound_field.form.is_bound:
        values = [
            bound_field.form.data.get(f"{bound_field.html_name}-{part}", "") for part in DateWidget.parts
        ]
    else:
        values = bound_field.field.widget.decompress(bound_field.value())
    wrong = _wrong_date_parts(bound_field)
    items = [
        {
            "name": part,
            "label": {"day": gettext("Day"), "month": gettext("Month"), "year": gettext("Year")}[part],
            "value": value or "",
            "classes": ("govuk-input--width-4" if part == "year" else "govuk-input--width-2")
            + (" govuk-input--error" if part in wrong else ""),
        }
        for part, value in zip(DateWidget.parts, values, strict=True)
    ]
    return {
        "component": "date",
        "id": bound_field.auto_id,
        "namePrefix": bound_field.html_name,
        "fieldset": _legend(bound_field, options),
        "items": items,
        **common,
    }


def _checkbox_params(bound_field, options: dict, common: dict) -> dict:
    # A single checkbox, such as "I confirm": its label is the item's text, with no fieldset, and its
    # hint sits under that label (GOV.UK's single checkbox), not above it where a question would be.
    item = {
        "value": "on",
        "text": options.get("label", bound_field.label),
        "checked": bool(bound_field.value()),
    }
    hint = common.pop("hint", None)
    if hint:
        item["hint"] = hint
    return {"component": "checkboxes", "idPrefix": bound_field.auto_id, "items": [item], **common}


def _wrong_date_parts(bound_field) -> set[str]:
    """The boxes of a date to mark as wrong: those its error names ("must include a month"), or all."""
    if not bound_field.errors:
        return set()
    words = set(bound_field.errors[0].lower().replace(",", " ").split())
    named = {part for part in DateWidget.parts if part in words}
    return named or set(DateWidget.parts)


def _choice_params(bound_field, options: dict, common: dict, *, component: str) -> dict:
    chosen = _chosen(bound_field)
    items = [
        {"value": value, "text": label, "checked": str(value) in chosen}
        for value, label in bound_field.field.choices
        if str(value) != ""
    ]
    params = {
        "component": component,
        "idPrefix": bound_field.auto_id,
        "items": items,
        "fieldset": _legend(bound_field, options),
        **common,
    }
    classes = [options["classes"]] if options.get("classes") else []  # such as govuk-radios--inline
    if options.get("small"):  # a filter panel's smaller checkboxes or radios
        classes.append(f"govuk-{component}--small")
    if classes:
        params["classes"] = " ".join(classes)
    return params


def _plural(one: str, other: str) -> dict:
    # GOV.UK Frontend picks the form with the page's plural rules: Welsh has zero, one, two, few and many.
    return {"one": one, "other": other, "zero": other, "two": other, "few": other, "many": other}


def _count_texts() -> dict:
    """The character count's words, in the page's language (GOV.UK Frontend's %{count} is its own)."""
    return {
        "textareaDescriptionText": gettext("You can enter up to %{count} characters"),
        "charactersUnderLimitText": _plural(
            gettext("You have %{count} character remaining"),
            gettext("You have %{count} characters remaining"),
        ),
        "charactersAtLimitText": gettext("You have 0 characters remaining"),
        "charactersOverLimitText": _plural(
            gettext("You have %{count} character too many"), gettext("You have %{count} characters too many")
        ),
    }


def _text_params(bound_field, options: dict, common: dict) -> dict:
    widget = bound_field.field.widget
    value = bound_field.value()
    params = {
        "id": bound_field.auto_id,
        "label": _label(bound_field, options),
        "value": "" if value is None else value,
        **common,
    }
    if isinstance(widget, forms.Textarea):
        params.update({"component": "textarea", "rows": options.get("rows", 5)})
        if bound_field.field.max_length:
            params.update(
                {"component": "character-count", "maxlength": bound_field.field.max_length, **_count_texts()}
            )
        return params
    input_type = getattr(widget, "input_type", "text")
    params.update({"component": "input", "type": input_type})
    if isinstance(widget, MoneyInput):
        params.update(
            {
                "prefix": {"text": "£"},
                "inputmode": "decimal",
                "spellcheck": False,
                "classes": "govuk-input--width-10",
            }
        )
    if input_type == "email":
        params.update({"autocomplete": "email", "spellcheck": False})
    for option in ("classes", "autocomplete"):
        if options.get(option):
            params[option] = options[option]
    return params
