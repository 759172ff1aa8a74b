"""How Django form fields become GOV.UK components."""

from django import forms

from localdigital.govuk.forms import LONG_LIST, field_params


def test_a_long_list_is_marked_to_become_an_autocomplete_and_a_short_one_stays_a_select():
    class Form(forms.Form):
        long = forms.ChoiceField(choices=[(n, f"Service {n}") for n in range(LONG_LIST + 1)])
        short = forms.ChoiceField(choices=[(n, f"Phase {n}") for n in range(LONG_LIST)])

    form = Form()

    assert field_params(form["long"])["component"] == "select"
    assert field_params(form["long"])["attributes"] == {"data-module": "app-autocomplete"}
    assert field_params(form["short"])["component"] == "select"
    assert "attributes" not in field_params(form["short"])
