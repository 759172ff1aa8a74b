"""How Django form fields become GOV.UK components."""

from django import forms

from localdigital.govuk.forms import LONG_LIST, DateField, field_params


def test_a_long_list_is_marked_to_become_an_autocomplete_and_a_short_one_stays_a_select():
    class Form(forms.Form):
        long = forms.ChoiceField(choices=[(n, f"Service {n}") for n in range(LONG_LIST + 1)])
        short = forms.ChoiceField(choices=[(n, f"Phase {n}") for n in range(LONG_LIST)])

    form = Form()

    assert field_params(form["long"])["component"] == "select"
    assert field_params(form["long"])["attributes"] == {"data-module": "app-autocomplete"}
    assert field_params(form["short"])["component"] == "select"
    assert "attributes" not in field_params(form["short"])


def _items(params):
    return [(str(item["value"]), str(item["text"])) for item in params["items"]]


class Everything(forms.Form):
    several = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], required=False)
    several_ticked = forms.MultipleChoiceField(
        choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple
    )
    one_of = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    optional_select = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], required=False)
    dashed_select = forms.ChoiceField(choices=[("", "---------"), ("a", "A")], required=False)
    required_select = forms.ChoiceField(
        choices=[("", "---------"), ("a", "A")], error_messages={"required": "Choose an organisation"}
    )
    vague_select = forms.ChoiceField(choices=[("", "---------"), ("a", "A")])
    worded_select = forms.ChoiceField(choices=[("", "Any service"), ("a", "A")], required=False)
    sort = forms.ChoiceField(choices=[("name", "Name"), ("newest", "Newest")], required=False, initial="name")
    confirm = forms.BooleanField(label="I confirm", required=False)


def test_a_multiple_choice_field_is_checkboxes_whatever_its_widget():
    form = Everything()

    for name in ("several", "several_ticked"):
        params = field_params(form[name])
        assert params["component"] == "checkboxes"
        assert _items(params) == [("a", "A"), ("b", "B")]
        assert "legend" in params["fieldset"]


def test_checkboxes_stay_ticked_as_the_person_left_them():
    form = Everything({"several": ["a", "b"], "several_ticked": ["b"]})

    assert [item["checked"] for item in field_params(form["several"])["items"]] == [True, True]
    assert [item["checked"] for item in field_params(form["several_ticked"])["items"]] == [False, True]


def test_a_model_multiple_choice_field_is_checkboxes(db):
    from localdigital.service_list.models import Service

    first = Service.objects.create(code="9001", label="Bulky waste")
    second = Service.objects.create(code="9002", label="Street lighting")

    class Form(forms.Form):
        services = forms.ModelMultipleChoiceField(queryset=Service.objects.order_by("label"))

    params = field_params(Form({"services": [first.pk, second.pk]})["services"])

    assert params["component"] == "checkboxes"
    assert _items(params) == [(str(first.pk), "Bulky waste"), (str(second.pk), "Street lighting")]
    assert all(item["checked"] for item in params["items"])


def test_a_radio_widget_is_radios():
    params = field_params(Everything({"one_of": "b"})["one_of"])

    assert params["component"] == "radios"
    assert [item["checked"] for item in params["items"]] == [False, True]


def test_an_optional_select_starts_with_an_any_choice_instead_of_the_first_option():
    form = Everything()

    for name in ("optional_select", "dashed_select"):
        params = field_params(form[name])
        assert params["component"] == "select"
        assert _items(params)[0] == ("", "Any")
        assert params["items"][0]["selected"]
        assert "---------" not in [text for _, text in _items(params)]


def test_a_select_keeps_the_empty_choice_its_field_names():
    assert _items(field_params(Everything()["worded_select"])) == [("", "Any service"), ("a", "A")]
    assert _items(field_params(Everything()["dashed_select"], empty_label="All"))[0] == ("", "All")


def test_a_required_select_prompts_instead_of_showing_dashes():
    assert _items(field_params(Everything()["required_select"]))[0] == ("", "Choose an organisation")
    assert _items(field_params(Everything()["vague_select"]))[0] == ("", "Choose one")


def test_a_select_with_a_default_and_no_empty_choice_starts_on_its_default():
    params = field_params(Everything()["sort"])

    assert _items(params) == [("name", "Name"), ("newest", "Newest")]
    assert params["items"][0]["selected"]


def test_a_chosen_option_stays_chosen():
    params = field_params(Everything({"optional_select": "b"})["optional_select"])

    assert [item["selected"] for item in params["items"]] == [False, False, True]


def test_a_single_checkbox_stays_one_checkbox_labelled_by_its_text():
    params = field_params(Everything({"confirm": "on"})["confirm"])

    assert params["component"] == "checkboxes"
    assert params["items"] == [{"value": "on", "text": "I confirm", "checked": True}]
    assert "fieldset" not in params


class When(forms.Form):
    due = DateField(label="When will it be done?")


def _error_boxes(data: dict) -> list[str]:
    form = When(data)
    form.is_valid()
    params = field_params(form["due"])
    return [item["name"] for item in params["items"] if "govuk-input--error" in item["classes"]]


def test_a_date_with_an_error_marks_the_boxes_its_error_names():
    assert _error_boxes({"due-day": "3", "due-month": "", "due-year": ""}) == ["month", "year"]
    assert _error_boxes({"due-day": "", "due-month": "3", "due-year": "2027"}) == ["day"]


def test_a_date_with_an_error_about_the_whole_date_marks_every_box():
    assert _error_boxes({"due-day": "31", "due-month": "2", "due-year": "2027"}) == ["day", "month", "year"]
    assert _error_boxes({}) == ["day", "month", "year"]


def test_a_date_without_an_error_marks_no_box():
    assert _error_boxes({"due-day": "3", "due-month": "2", "due-year": "2027"}) == []


class LongSelect(forms.Form):
    place = forms.ChoiceField(
        label="Place",
        required=False,
        choices=[("", "Any")] + [(str(n), f"Place {n} & <co>") for n in range(LONG_LIST + 10)],
    )


def _field_html(form) -> str:
    from django.template import engines

    template = engines["jinja2"].from_string(
        '{% from "govuk/fields.html" import field %}{{ field(form["place"]) }}'
    )
    return template.render({"form": form})


def _macro_html(form) -> str:
    from django.template import engines

    template = engines["jinja2"].from_string(
        '{% from "govuk_frontend_jinja/components/select/macro.html" import govukSelect %}'
        "{{ govukSelect(params) }}"
    )
    return template.render({"params": field_params(form["place"])})


def _tags(html: str) -> list[str]:
    """The markup as a list of tags and texts, whatever the whitespace between them."""
    import re

    return [part.strip() for part in re.split(r"(<[^>]+>)", html) if part.strip()]


def test_a_long_select_is_written_as_the_govuk_macro_writes_it_options_included():
    for form in (LongSelect(), LongSelect({"place": "7"})):
        html = _field_html(form)

        assert _tags(html) == _tags(_macro_html(form))
        assert html.count("<option") == LONG_LIST + 11  # "Any" and every place
    assert '<option value="7" selected>Place 7 &amp; &lt;co&gt;</option>' in _field_html(
        LongSelect({"place": "7"})
    )


def test_a_single_checkbox_has_its_hint_under_its_label_not_above_it_as_a_question():
    class Form(forms.Form):
        agree = forms.BooleanField(label="Send me a weekly digest", help_text="Every Monday", required=False)

    params = field_params(Form()["agree"])

    assert "hint" not in params and "fieldset" not in params
    assert params["items"] == [
        {"value": "on", "text": "Send me a weekly digest", "checked": False, "hint": {"text": "Every Monday"}}
    ]


class _Named(forms.Form):
    name = forms.CharField(label="Name")
    when = DateField(label="When")


def test_every_error_message_is_preceded_by_a_hidden_error_in_the_pages_language():
    """The field renderer and the error_message global (for hand-placed macros) give the same words."""
    from django.template import engines
    from django.utils import translation

    template = engines["jinja2"].from_string(
        '{% from "govuk/fields.html" import field %}{{ field(form["name"]) }}{{ field(form["when"]) }}'
        '{% from "govuk_frontend_jinja/components/input/macro.html" import govukInput %}'
        '{{ govukInput({"name": "again", "label": {"text": "Again"},'
        ' "errorMessage": error_message(form, "name")}) }}'
    )
    for language, hidden in [("en", "Error:"), ("cy", "Gwall:")]:
        with translation.override(language):
            form = _Named(data={"name": "", "when-day": "31", "when-month": "2", "when-year": "2027"})
            shown = template.render({"form": form})
        assert shown.count(f'<span class="govuk-visually-hidden">{hidden}</span>') == 3, language
