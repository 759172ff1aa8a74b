"""Signing the Declaration in Welsh: a commitment added and removed on the Welsh pages, its principles,
date boxes and Remove button in Welsh, accessible all the way."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_signing_journey import sign_in, site  # noqa: F401 (the site fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_applicant_adds_and_removes_a_commitment_in_welsh(site, new_page, axe):  # noqa: F811
    applicant = new_page()
    sign_in(applicant, site, axe, "digital.lead@kingston.gov.uk")
    applicant.get_by_role("link", name="Newid yr iaith i’r Gymraeg").click()
    applicant.get_by_role("link", name="Llofnodi’r Datganiad").first.click()
    applicant.get_by_role("button", name="Dechrau llofnodi ar ran Kingston upon Thames").click()
    expect(applicant.locator("html")).to_have_attribute("lang", "cy")

    applicant.get_by_role("link", name=re.compile(r"^Ychwanegu ymrwymiad")).first.click()
    axe.check(applicant)
    applicant.get_by_label("Teitl").fill("Adrodd am finiau a fethwyd ar-lein")
    applicant.get_by_label("Cenhadaeth").fill("Gwasanaeth byw ar-lein")
    applicant.get_by_label("Effaith").fill("Caiff trigolion eu gwasanaethu’n gynt")
    applicant.get_by_label("Trwsio’r plymio").check()
    applicant.get_by_label("Maes gwasanaeth").select_option(label="Household waste collection")
    due = timezone.localdate() + timedelta(days=90)
    applicant.get_by_label("Diwrnod").fill(str(due.day))
    applicant.get_by_label("Mis").fill(str(due.month))
    applicant.get_by_label("Blwyddyn").fill(str(due.year))
    applicant.get_by_role("button", name="Cadw a pharhau").click()

    expect(applicant.get_by_role("heading", name="Adrodd am finiau a fethwyd ar-lein")).to_be_visible()
    expect(applicant.get_by_role("main")).to_contain_text("Trwsio’r plymio")
    axe.check(applicant)
    remove = applicant.get_by_role("button", name="Dileu Adrodd am finiau a fethwyd ar-lein")
    remove.focus()
    applicant.keyboard.press("Enter")

    expect(applicant.get_by_role("heading", name="Llofnodi’r Datganiad")).to_be_visible()
    expect(applicant.get_by_role("heading", name="Adrodd am finiau a fethwyd ar-lein")).to_have_count(0)
    expect(applicant.locator("html")).to_have_attribute("lang", "cy")
    axe.check(applicant)
