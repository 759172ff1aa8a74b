"""Cymraeg: a person presses the language toggle and stays on the same page, now in Welsh, and back."""

import pytest
from playwright.sync_api import expect

from localdigital.declaration.tests.factories import DeclarationVersionFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_person_switches_a_page_to_welsh_and_back(live_server, page, axe):
    DeclarationVersionFactory()
    page.goto(live_server.url + "/pledge/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    axe.check(page)

    page.get_by_role("link", name="Newid yr iaith i’r Gymraeg").click()

    expect(page).to_have_url(live_server.url + "/cy/pledge/")
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.get_by_role("link", name="Neidio i’r prif gynnwys")).to_be_attached()
    expect(page.get_by_role("button", name="Addo eich cefnogaeth")).to_be_visible()
    axe.check(page)

    page.get_by_role("link", name="Change the language to English").click()

    expect(page).to_have_url(live_server.url + "/pledge/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Pledge your support")).to_be_visible()


def test_a_welsh_form_answers_in_welsh(live_server, page, axe):
    page.goto(live_server.url + "/cy/pledge/")
    page.get_by_role("button", name="Addo eich cefnogaeth").click()

    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.locator(".govuk-error-summary__title")).to_have_text("Mae problem wedi codi")
    expect(page.get_by_role("link", name="Rhowch eich enw llawn")).to_be_visible()
    axe.check(page)
