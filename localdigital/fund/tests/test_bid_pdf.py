"""A submitted bid as a PDF to keep: made with its answers, in the page's language, only for those who
may see the bid's page (the same refusal as that page), linked from the page and from the receipt."""

import io
import re
from html import unescape

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from localdigital.fund.tests.factories import ApplicationFactory, partner, signatory
from localdigital.jinja2 import govuk_date
from localdigital.notifications import preferences
from localdigital.signing.tests.factories import member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready():
    """A bid that meets every rule, with Sutton a partner confirmed by someone who works there."""
    lead = signatory(name="Kingston upon Thames", slug="kingston", domain="kingston.gov.uk")
    application = ApplicationFactory(lead=lead, title="Missed bins, reported once")
    sutton = signatory(name="Sutton", slug="sutton", domain="sutton.gov.uk")
    confirmed = partner(application, sutton)
    confirmed.decided_by = member_of(sutton, "digital")
    confirmed.save()
    return application


def address(name: str, application, prefix: str = "") -> str:
    with translation.override("en-gb"):
        return prefix + reverse(name, args=[application.reference])


def submit(client, application) -> None:
    client.force_login(application.created_by)
    response = client.post(address("fund:bid-check", application))
    assert response.status_code == 302
    application.refresh_from_db()


def text_of(response) -> tuple[str, PdfReader]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split()), reader


def test_the_pdf_holds_the_submitted_bid(client, ready):
    submit(client, ready)

    response = client.get(address("fund:bid-pdf", ready))
    text, reader = text_of(response)

    with translation.override("en-gb"):
        submitted_on = govuk_date(ready.submitted_at)
    assert "Missed bins, reported once" in text
    assert f"{ready.round.name}, led by Kingston upon Thames" in text
    assert f"Reference {ready.reference}" in text
    assert f"Submitted on {submitted_on}" in text
    assert "Residents report missed bins by phone; crews never see the reports." in text
    assert "Sutton" in text
    assert reader.metadata.title == "Missed bins, reported once"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert response["Content-Disposition"] == f'attachment; filename="Bid {ready.reference}.pdf"'
    # A bid is seen only by those it concerns: no shared cache keeps it.
    assert "private" in response["Cache-Control"]
    again = client.get(address("fund:bid-pdf", ready), headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304


def test_the_pdf_under_cy_is_in_welsh_with_the_bid_as_written(client, ready):
    submit(client, ready)

    text, reader = text_of(client.get(address("fund:bid-pdf", ready, "/cy")))

    with translation.override("cy"):
        submitted_on = govuk_date(ready.submitted_at)
    assert f"Cyfeirnod {ready.reference}" in text
    assert f"Cyflwynwyd ar {submitted_on}" in text
    assert f"{ready.round.name}, dan arweiniad Kingston upon Thames" in text
    assert "Copi o’r cais yw hwn" in text
    assert "Residents report missed bins by phone" in text  # people's own words, as written
    assert reader.trailer["/Root"]["/Lang"] == "cy"


def test_the_welsh_pdf_names_the_round_in_welsh_where_staff_have_written_it(client, ready):
    ready.round.name_cy = "Cylch 7"
    ready.round.save()
    submit(client, ready)

    welsh, _ = text_of(client.get(address("fund:bid-pdf", ready, "/cy")))
    english, _ = text_of(client.get(address("fund:bid-pdf", ready)))

    assert "Cylch 7, dan arweiniad Kingston upon Thames" in welsh and ready.round.name not in welsh
    assert f"{ready.round.name}, led by Kingston upon Thames" in english and "Cylch 7" not in english


@pytest.mark.parametrize("who", ["someone at another council", "nobody signed in"])
def test_the_pdf_is_refused_as_the_bid_page_is(client, ready, who):
    submit(client, ready)
    client.logout()
    if who == "someone at another council":
        client.force_login(member_of(signatory(name="Merton", slug="merton", domain="merton.gov.uk")))

    page = client.get(address("fund:bid", ready))
    copy = client.get(address("fund:bid-pdf", ready))

    assert page.status_code in (302, 404)
    assert copy.status_code == page.status_code
    assert copy["Content-Type"] != "application/pdf"
    if page.status_code == 302:
        assert copy.url.split("?")[0] == page.url.split("?")[0]  # to sign in, then back


def test_a_partner_may_keep_a_copy_too(client, ready):
    submit(client, ready)
    client.force_login(ready.partners.get().decided_by)

    text, _ = text_of(client.get(address("fund:bid-pdf", ready)))
    assert "Missed bins, reported once" in text


def test_a_draft_has_no_copy_yet_and_no_link(client, ready):
    client.force_login(ready.created_by)

    assert client.get(address("fund:bid-pdf", ready)).url == address("fund:bid", ready)
    assert "Download as PDF" not in client.get(address("fund:bid", ready)).content.decode()


@pytest.mark.parametrize(("prefix", "words"), [("", "Download as PDF"), ("/cy", "Lawrlwytho fel PDF")])
def test_the_submitted_bid_page_links_to_its_pdf(client, ready, prefix, words):
    submit(client, ready)

    page = unescape(client.get(address("fund:bid", ready, prefix)).content.decode())

    link = re.search(r'<a class="govuk-link" href="([^"]+)" download>([^<]+)</a>', page)
    assert link is not None
    assert link.groups() == (address("fund:bid-pdf", ready, prefix), words)


@pytest.mark.parametrize(
    ("language", "prefix", "line", "words"),
    [
        ("en", "", "A copy to keep, as a PDF:", "Reference"),
        ("cy", "/cy", "Copi i’w gadw, fel PDF:", "Cyfeirnod"),
    ],
)
def test_the_receipt_links_to_the_pdf_in_its_readers_language(client, ready, language, prefix, line, words):
    preferences.choose_language(preferences.recipient(ready.created_by.email), language)
    mail.outbox.clear()

    submit(client, ready)

    receipt = next(m for m in mail.outbox if m.to[0] == ready.created_by.email)
    pdf = f"{settings.SITE_URL}{address('fund:bid-pdf', ready, prefix)}"
    assert f"{line}\n{pdf}\n" in receipt.body
    text, _ = text_of(client.get(pdf.removeprefix(settings.SITE_URL)))
    assert f"{words} {ready.reference}" in text
