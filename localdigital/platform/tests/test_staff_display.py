"""The staff tools show amounts, lists, dicts, yes-or-no and languages in words (staff_display)."""

from decimal import Decimal

from django.contrib.admin import helpers
from django.contrib.admin.templatetags import admin_list
from django.db import models

from localdigital.platform import staff_display


def field(kind, name="value", **options):
    made = kind(**options)
    made.set_attributes_from_name(name)
    return made


def shown(value, made):
    return staff_display.display(value, made, "-")


def test_an_amount_is_in_pounds_with_pence_only_when_there_are_any():
    money = field(models.DecimalField, max_digits=10, decimal_places=2)
    assert shown(Decimal("120000.00"), money) == "£120,000"
    assert shown(Decimal("99.50"), money) == "£99.50"
    assert shown(None, money) == "-"


def test_a_list_reads_as_words():
    listed = field(models.JSONField, default=list)
    assert shown([1, 5], listed) == "1 and 5"
    assert shown([1, 2, 5], listed) == "1, 2 and 5"
    assert shown(["E07000001"], listed) == "E07000001"
    assert shown([], listed) == "-"


def test_a_dict_is_a_line_a_key():
    held = field(models.JSONField, default=dict)
    assert shown({"organisation": "Kingston", "unsubscribed_at": None}, held) == (
        "Organisation: Kingston\nUnsubscribed at: "
    )


def test_yes_or_no_and_languages_are_words():
    assert shown(True, field(models.BooleanField)) == "Yes"
    assert shown(False, field(models.BooleanField)) == "No"
    assert shown("cy", field(models.CharField, "language", max_length=10)) == "Cymraeg"
    assert shown("en", field(models.CharField, "language", max_length=10)) == "English"


def test_other_values_are_as_django_shows_them():
    assert shown("fund_decision", field(models.CharField, max_length=30)) == "fund_decision"
    assert shown(3, field(models.IntegerField)) == "3"


def test_the_admin_uses_it_on_change_pages_and_lists():
    assert helpers.display_for_field is staff_display.display
    assert admin_list.display_for_field is staff_display.display
