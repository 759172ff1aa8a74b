"""Copies to keep: a signed record's and a submitted bid's "Download as PDF" link gives the PDF (the
record's in English and in Welsh), and printing the page leaves out the header, the language toggle, the
footer and the link itself."""

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from localdigital.accounts.models import User
from localdigital.declaration.tests.factories import DeclarationVersionFactory
from localdigital.fund import services as fund_services
from localdigital.fund.tests.factories import ApplicationFactory, partner, signatory
from localdigital.signing import services
from localdigital.signing.tests.factories import CouncilFactory, member_of
from localdigital.signing.tests.test_services import ready_to_submit, sign_all

from .test_signing_journey import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def record(live_server):
    """Kingston's signed record, and its address."""
    DeclarationVersionFactory()
    council = CouncilFactory(name="Kingston upon Thames", slug="kingston", domain="kingston.gov.uk")
    officer = member_of(council)
    signing = ready_to_submit(council, officer)
    services.submit(signing, officer)
    services.send_for_signature(signing, User.objects.create_superuser("team@localdigital.example", "pw"))
    sign_all(signing)
    signing.refresh_from_db()
    return signing, live_server.url + signing.get_record_url()


def download(page, link_name: str) -> tuple[str, str]:
    """Press the link; the file name the browser is given and the PDF's words."""
    with page.expect_download() as started:
        page.get_by_role("link", name=link_name).click()
    saved = started.value
    body = open(saved.path(), "rb").read()  # noqa: SIM115 (a file Playwright keeps and removes)
    assert body.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(body))
    return saved.suggested_filename, " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def test_the_record_downloads_as_a_pdf_and_prints_clean(record, page, axe):
    signing, address = record
    page.goto(address)
    axe.check(page)

    name, text = download(page, "Download as PDF")
    assert name == f"Signed record {signing.reference}.pdf"
    assert "Kingston upon Thames signed the Local Digital Declaration" in text
    assert signing.reference in text

    page.emulate_media(media="print")
    expect(page.locator("header.govuk-template__header")).to_be_hidden()
    expect(page.locator(".app-language-select")).to_be_hidden()
    expect(page.locator("footer.govuk-footer")).to_be_hidden()
    expect(page.get_by_role("link", name="Download as PDF")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Kingston upon Thames signed the Local Digital Declaration"
    )
    expect(page.get_by_role("table")).to_be_visible()
    axe.check(page)


def test_in_welsh_the_record_downloads_as_a_welsh_pdf(record, page, axe):
    signing, address = record
    page.goto(address)
    page.get_by_role("link", name="Newid yr iaith i’r Gymraeg").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    axe.check(page)

    name, text = download(page, "Lawrlwytho fel PDF")
    assert name == f"Cofnod llofnodedig {signing.reference}.pdf"
    assert "Llofnododd Kingston upon Thames y Datganiad Digidol Lleol" in text

    page.emulate_media(media="print")
    expect(page.locator("header.govuk-template__header")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe.check(page)


def test_a_submitted_bid_downloads_as_a_pdf_and_prints_clean(live_server, page, axe):
    lead = signatory(name="Kingston upon Thames", slug="kingston", domain="kingston.gov.uk")
    application = ApplicationFactory(lead=lead, title="Missed bins, reported once")
    partner(application, signatory(name="Sutton", slug="sutton", domain="sutton.gov.uk"))
    fund_services.submit(application, actor=application.created_by)
    sign_in(page, live_server.url, axe, application.created_by.email)

    page.get_by_role("link", name="Your bids to the Local Digital Fund").click()
    page.get_by_role("link", name="Missed bins, reported once").click()
    axe.check(page)
    name, text = download(page, "Download as PDF")
    assert name == f"Bid {application.reference}.pdf"
    assert "Missed bins, reported once" in text and application.reference in text

    page.emulate_media(media="print")
    expect(page.locator("header.govuk-template__header")).to_be_hidden()
    expect(page.locator("footer.govuk-footer")).to_be_hidden()
    expect(page.get_by_role("link", name="Download as PDF")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_have_text("Missed bins, reported once")
    axe.check(page)
