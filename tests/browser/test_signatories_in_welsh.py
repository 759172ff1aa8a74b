"""The signatories in Welsh on a 320 pixel screen: the list's tables and a signatory's page have no
English words of ours, and nothing scrolls sideways."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from playwright.sync_api import expect

from localdigital.declaration.tests.factories import DeclarationVersionFactory
from localdigital.organisations.services.importer import import_organisations

pytestmark = pytest.mark.django_db(transaction=True)

SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def test_a_signatory_reached_from_the_welsh_list_on_a_phone(live_server, official_lists, new_page, axe):
    import_organisations(official_lists.folder)
    DeclarationVersionFactory()
    with override_settings(DEBUG=True):
        call_command("load_demo_data", stdout=io.StringIO())
    page = new_page(viewport={"width": 320, "height": 640})
    page.goto(live_server.url + "/cy/signatories/")

    by_nation = page.get_by_role("table", name="Cynghorau sydd wedi llofnodi, yn ôl gwlad")
    expect(by_nation.get_by_role("columnheader", name="Cyfran")).to_be_attached()
    assert page.evaluate(SIDEWAYS) <= 0
    axe.check(page)

    page.get_by_role("link", name="Council Digital Network (demo)").click()

    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.locator(".govuk-caption-l")).to_have_text("Llofnodwr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Council Digital Network (demo)")
    expect(page.get_by_role("main")).not_to_contain_text("Signatory")
    assert page.evaluate(SIDEWAYS) <= 0
    axe.check(page)
