"""Bidding in Welsh: a council officer presses the language toggle on a round's page and makes a whole
bid in Welsh, a partner confirms in Welsh, and the bid is submitted; every page is axe-clean, in Welsh
(lang="cy"), with no English left but the words people wrote themselves."""

import re

import pytest
from playwright.sync_api import expect

from localdigital.fund.models import Application
from localdigital.fund.tests.factories import RoundFactory, signatory
from tests.browser.test_signing_journey import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

# Everyday English words that no Welsh page of the fund should show.
ENGLISH = re.compile(
    r"\b(the|your|you|bid|bids|and|of|to|is|not|for|with|this|round|save|submit|budget|"
    r"phase|amount|back|change|start|yet|none)\b",
    re.IGNORECASE,
)

# The words people wrote (the programme team's round, the applicant's answers), shown as written.
OWN_WORDS = [
    "Round 7",
    "Money for councils to work together on discovery and alpha work.",
    "Strategic fit",
    "Deliverability",
    "Value for money",
    "Biniau a fethwyd",
    "Sam Applicant",
    "Pat Finance",
    "Ymchwil defnyddwyr",
    "Mae criwiau’n colli adroddiadau.",
    "Trigolion a chriwiau.",
    "Wyth wythnos o ymchwil.",
    "Ymchwilydd o bob cyngor.",
]


@pytest.fixture
def site(live_server):
    for name, slug, domain in [
        ("Kingston upon Thames", "kingston-upon-thames", "kingston.gov.uk"),
        ("Sutton", "sutton", "sutton.gov.uk"),
    ]:
        signatory(name=name, slug=slug, domain=domain, type="london-borough", region="london")
    RoundFactory(name="Round 7", slug="round-7")
    return live_server.url


def in_welsh(page, axe) -> None:
    """The page is in Welsh, axe-clean, and shows no English but people's own words."""
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    axe.check(page)
    text = page.locator("main").inner_text()
    for words in OWN_WORDS:
        text = text.replace(words, "")
    left = sorted({match.group(0) for match in ENGLISH.finditer(text)})
    assert left == [], f"English on {page.url}: {left}\n{text}"


def test_a_bid_made_and_submitted_in_welsh(site, new_page, axe):
    applicant = new_page()
    sign_in(applicant, site, axe, "digital.lead@kingston.gov.uk")
    applicant.goto(site + "/fund/round-7/")
    applicant.get_by_role("link", name="Newid yr iaith i’r Gymraeg").click()
    expect(applicant).to_have_url(site + "/cy/fund/round-7/")
    in_welsh(applicant, axe)

    applicant.get_by_role("button", name="Dechrau cais").click()
    in_welsh(applicant, axe)
    applicant.get_by_role("button", name="Dechrau’r cais").click()  # nothing chosen: Welsh errors
    expect(applicant.locator(".govuk-error-summary")).to_contain_text("Rhowch enw ar gyfer y cais")
    in_welsh(applicant, axe)
    applicant.get_by_label("Kingston upon Thames").check()
    applicant.get_by_label("Beth yw enw’r cais?").fill("Biniau a fethwyd")
    applicant.get_by_role("button", name="Dechrau’r cais").click()
    expect(applicant.get_by_role("heading", name="Biniau a fethwyd")).to_be_visible()
    expect(applicant.get_by_text("Rydych wedi cwblhau 1 o 9 o rannau")).to_be_visible()
    in_welsh(applicant, axe)

    applicant.get_by_role("link", name="Cyswllt ar gyfer y cais").click()
    in_welsh(applicant, axe)
    applicant.get_by_label("Enw llawn").fill("Sam Applicant")
    applicant.get_by_role("button", name="Cadw a pharhau").click()

    applicant.get_by_role("link", name="Cam a swm").click()
    applicant.get_by_label("Darganfod, hyd at £80,000").check()
    applicant.get_by_label("Faint mae’r cais yn gofyn amdano?").fill("90000")
    applicant.get_by_role("button", name="Cadw a pharhau").click()
    expect(applicant.locator(".govuk-error-summary")).to_contain_text(
        "Gall cais ar gyfer y cam darganfod ofyn am hyd at £80,000 yn y cylch hwn"
    )
    in_welsh(applicant, axe)
    applicant.get_by_label("Faint mae’r cais yn gofyn amdano?").fill("40000")
    applicant.get_by_role("button", name="Cadw a pharhau").click()

    applicant.get_by_role("link", name="Y broblem a’i defnyddwyr").click()
    in_welsh(applicant, axe)
    applicant.get_by_label("Pa broblem fydd y gwaith yn ei datrys?").fill("Mae criwiau’n colli adroddiadau.")
    applicant.get_by_label("Pwy yw’r defnyddwyr, a beth sydd ei angen arnynt?").fill("Trigolion a chriwiau.")
    applicant.get_by_role("button", name="Cadw a pharhau").click()
    applicant.get_by_role("link", name="Y cynllun a’r tîm").click()
    in_welsh(applicant, axe)
    applicant.get_by_label("Beth fyddwch chi’n ei wneud, a phryd?").fill("Wyth wythnos o ymchwil.")
    applicant.get_by_label("Pwy fydd yn gwneud y gwaith?").fill("Ymchwilydd o bob cyngor.")
    applicant.get_by_role("button", name="Cadw a pharhau").click()
    applicant.get_by_role("link", name="Swyddog cyllid (Adran 151)").click()
    applicant.get_by_label("Enw llawn").fill("Pat Finance")
    applicant.get_by_label("Cyfeiriad e-bost").fill("s151@example.com")
    applicant.get_by_role("button", name="Cadw a pharhau").click()
    expect(applicant.locator(".govuk-error-summary")).to_contain_text(
        "Rhowch gyfeiriad e-bost ar un o barthau"
    )
    in_welsh(applicant, axe)
    applicant.get_by_label("Cyfeiriad e-bost").fill("s151@kingston.gov.uk")
    applicant.get_by_role("button", name="Cadw a pharhau").click()
    applicant.get_by_role("link", name="Cyhoeddi’r hyn rydych yn ei greu").click()
    in_welsh(applicant, axe)
    applicant.get_by_label("Byddwn yn cyhoeddi’r cod").check()
    applicant.get_by_role("button", name="Cadw a pharhau").click()

    applicant.get_by_role("link", name="Cyllideb").click()
    applicant.get_by_label("Ar gyfer beth mae’r arian?").fill("Ymchwil defnyddwyr")
    applicant.get_by_label("Swm").fill("40000")
    applicant.get_by_role("button", name="Ychwanegu llinell").click()
    expect(
        applicant.get_by_text("Mae’r llinellau’n adio i’r swm y mae’r cais yn gofyn amdano.")
    ).to_be_visible()
    in_welsh(applicant, axe)
    applicant.get_by_role("link", name="Yn ôl i’ch cais").click()
    applicant.get_by_role("link", name="Partneriaid").click()
    applicant.get_by_label("Pa sefydliad sy’n bartner?").select_option(label="Sutton")
    applicant.get_by_role("button", name="Ychwanegu partner").click()
    expect(applicant.get_by_text("Yn aros i’r partner gadarnhau")).to_be_visible()
    in_welsh(applicant, axe)

    # Blocked, in Welsh: the partner has not confirmed yet.
    applicant.get_by_role("link", name="Yn ôl i’ch cais").click()
    applicant.get_by_role("link", name="Gwirio eich atebion a chyflwyno").click()
    expect(applicant.locator("#unmet-rules")).to_contain_text(
        "Nid yw Sutton wedi cadarnhau eto ei fod yn bartner"
    )
    in_welsh(applicant, axe)
    applicant.get_by_role("button", name="Cyflwyno’r cais").click()
    expect(applicant.locator(".govuk-error-summary")).to_contain_text("Ni allwch gyflwyno’r cais eto")
    in_welsh(applicant, axe)

    # Someone at Sutton confirms, in Welsh, from their bids page.
    partner = new_page()
    sign_in(partner, site, axe, "digital@sutton.gov.uk")
    partner.goto(site + "/cy/fund/bids/")
    in_welsh(partner, axe)
    partner.get_by_role("button", name="Cadarnhau bod Sutton yn bartner yn Biniau a fethwyd").click()
    expect(partner.locator(".govuk-notification-banner")).to_contain_text(
        "Cadarnhawyd Sutton yn bartner yn Biniau a fethwyd"
    )
    in_welsh(partner, axe)

    applicant.get_by_role("link", name="Yn ôl").click()
    applicant.get_by_role("link", name="Gwirio eich atebion a chyflwyno").click()
    expect(applicant.locator("#unmet-rules")).to_have_count(0)
    in_welsh(applicant, axe)
    applicant.get_by_role("button", name="Cyflwyno’r cais").click()
    expect(applicant.locator(".govuk-panel")).to_contain_text("Cais wedi’i gyflwyno")
    in_welsh(applicant, axe)
    assert Application.objects.get().status == "submitted"
