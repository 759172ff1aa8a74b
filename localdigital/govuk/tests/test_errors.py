"""Errors in GOV.UK words instead of Django's, for every kind of message a field can give."""

import importlib
from pathlib import Path

from django import forms

import localdigital
from localdigital.govuk.forms import DateField, GovukForm, MoneyField


class Questions(GovukForm):
    title = forms.CharField(label="Title", max_length=200)
    summary = forms.CharField(label="What has happened?", min_length=10, required=False)
    contact_email = forms.EmailField(label="Contact email address", required=False)
    web_address = forms.URLField(label="Web address", required=False, assume_scheme="https")
    people = forms.IntegerField(label="Number of people", min_value=1, max_value=50, required=False)
    score = forms.DecimalField(label="Score", max_digits=3, decimal_places=1, required=False)
    phase = forms.ChoiceField(label="Phase", choices=[("alpha", "Alpha"), ("beta", "Beta")], required=False)
    principles = forms.MultipleChoiceField(
        label="Which principles does it serve?", choices=[("1", "One"), ("2", "Two")], required=False
    )
    conflict = forms.ChoiceField(
        label="Do you have a conflict of interest?", choices=[("no", "No"), ("yes", "Yes")], required=False
    )
    confirm = forms.BooleanField(label="I confirm", required=False)
    name = forms.CharField(label="Name", error_messages={"required": "Enter your full name"}, required=False)


def errors(data: dict, form_class=Questions) -> dict:
    form = form_class({"title": "A title", **data})
    form.is_valid()
    return {name: messages[0] for name, messages in form.errors.items()}


def test_a_long_answer_is_told_its_limit_in_the_fields_own_name():
    assert errors({"title": "x" * 5999}) == {"title": "Title must be 200 characters or fewer"}


def test_a_short_answer_to_a_question_is_told_the_least_it_needs():
    assert errors({"summary": "Too short"}) == {"summary": "Your answer must be 10 characters or more"}


def test_a_missing_answer_says_what_to_enter_or_select():
    class Required(GovukForm):
        title = forms.CharField(label="Contact name")
        body = forms.CharField(label="What has happened?")
        phase = forms.ChoiceField(label="Phase", choices=[("alpha", "Alpha")])
        principles = forms.MultipleChoiceField(
            label="Which principles does it serve?", choices=[("1", "One")]
        )
        conflict = forms.ChoiceField(label="Do you have a conflict of interest?", choices=[("no", "No")])
        confirm = forms.BooleanField(label="I confirm")
        code = forms.CharField(label="GSS code (optional)")

    assert errors({"title": ""}, Required) == {
        "title": "Enter the contact name",
        "body": "Enter what has happened",
        "phase": "Select the phase",
        "principles": "Select which principles does it serve",
        "conflict": "Select an answer",
        "confirm": "Select the box to continue",
        "code": "Enter the GSS code",
    }


def test_a_choice_not_offered_is_refused_in_plain_words():
    assert errors({"phase": "gamma", "principles": ["1", "9"]}) == {
        "phase": "Select the phase from the options given",
        "principles": "Select which principles does it serve from the options given",
    }


def test_numbers_out_of_range_or_not_numbers_say_so():
    assert errors({"people": "0"}) == {"people": "Number of people must be 1 or more"}
    assert errors({"people": "51"}) == {"people": "Number of people must be 50 or less"}
    assert errors({"people": "many"}) == {"people": "Number of people must be a whole number"}
    assert errors({"score": "high"}) == {"score": "Score must be a number"}
    assert errors({"score": "1.25"}) == {"score": "Score must have 1 decimal places or fewer"}
    assert errors({"score": "100"}) == {"score": "Score must have 2 digits or fewer before the decimal point"}


def test_an_email_address_or_web_address_in_the_wrong_format_is_shown_the_right_one():
    assert errors({"contact_email": "pat at kingston", "web_address": "not a web address"}) == {
        "contact_email": "Enter an email address in the correct format, like name@example.com",
        "web_address": "Enter a web address in the correct format, like https://www.example.com",
    }


def test_a_message_the_form_sets_for_itself_is_kept():
    class Own(GovukForm):
        name = forms.CharField(label="Name", error_messages={"required": "Enter your full name"})
        amount = MoneyField(label="Amount")
        due = DateField(label="When will it be done?")

    assert errors({}, Own) == {
        "name": "Enter your full name",
        "amount": "Enter an amount in pounds",
        "due": "Enter a date",
    }


def _project_form_classes() -> list[type]:
    root = Path(localdigital.__file__).parent
    for path in root.rglob("*.py"):
        parts = path.relative_to(root.parent).with_suffix("").parts
        if "tests" not in parts and "migrations" not in parts and "Form)" in path.read_text():
            importlib.import_module(".".join(parts))

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return [cls for cls in subclasses(forms.Form) if cls.__module__.startswith("localdigital.")]


def test_every_form_in_the_project_uses_govuk_wording():
    project_forms = [cls for cls in _project_form_classes() if ".tests." not in cls.__module__]

    assert len(project_forms) > 30
    assert [cls.__qualname__ for cls in project_forms if not issubclass(cls, GovukForm)] == []
