# ruff: noqa: F811 (the fixtures imported from test_services are used by name)
"""The signed record as a PDF people keep: made with its text, public like its page, in the page's
language, linked from the record's page and from the email saying the organisation has signed."""

import io
import re
from html import unescape

import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation
from pypdf import PdfReader

from localdigital.jinja2 import govuk_date
from localdigital.notifications import preferences
from localdigital.signing import services
from localdigital.signing.tests.test_services import (  # noqa: F401 (fixtures)
    council,
    officer,
    ready_to_submit,
    sign_all,
    signatory,
    staff,
    version,
)

pytestmark = pytest.mark.django_db


def pdf_of(response) -> PdfReader:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def text_of(reader: PdfReader) -> str:
    """The PDF's words, with its line breaks as spaces (a long name may wrap)."""
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def dates(signing, language: str) -> tuple[str, str]:
    """The day it was signed and the day its version was published, as the record writes them."""
    with translation.override(language):
        return govuk_date(signing.signed_at), govuk_date(signing.declaration_version.published_at)


def record_url(signing, prefix: str = "") -> str:
    """The record's address, in English or (prefix /cy) in Welsh, whatever language is active."""
    with translation.override("en-gb"):
        return f"{prefix}{signing.get_record_url()}"


def pdf_url(signing, prefix: str = "") -> str:
    return f"{record_url(signing, prefix)}record.pdf"


def test_the_pdf_holds_the_record_in_english(signatory, client):
    reader = pdf_of(client.get(pdf_url(signatory)))
    text = text_of(reader)

    signed_on, published = dates(signatory, "en-gb")
    assert "Kingston upon Thames signed the Local Digital Declaration" in text
    assert f"Signed on {signed_on}" in text
    assert f"Version {signatory.declaration_version.number}, published {published}" in text
    assert signatory.reference in text
    assert "Alex Chief, Chief Executive, signed" in text
    assert "Sam Leader, Leader of the Council, signed" in text
    # Its title and language are the reader's, for a screen reader and for the list of files.
    assert reader.metadata.title == f"Signed record {signatory.reference}"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]


def test_the_pdf_under_cy_is_in_welsh(signatory, client):
    reader = pdf_of(client.get(pdf_url(signatory, "/cy")))
    text = text_of(reader)

    signed_on, published = dates(signatory, "cy")
    assert signed_on != dates(signatory, "en-gb")[0]  # the month is named in Welsh
    assert "Llofnododd Kingston upon Thames y Datganiad Digidol Lleol" in text
    assert f"Fersiwn {signatory.declaration_version.number}, cyhoeddwyd {published}" in text
    assert signed_on in text
    assert "Signed on" not in text and "Everyone who has signed" not in text
    assert "Arweinydd gwleidyddol neu gadeirydd" in text and "Political leader" not in text
    assert reader.metadata.title == f"Cofnod llofnodedig {signatory.reference}"
    assert reader.trailer["/Root"]["/Lang"] == "cy"
    # It points to the record in Welsh, where anyone can check it.
    assert f"{settings.SITE_URL}{record_url(signatory, '/cy')}" in text


def test_the_pdf_is_public_named_for_saving_and_checked_before_it_is_drawn_again(signatory, client):
    response = client.get(pdf_url(signatory))

    name = f"Signed record {signatory.reference}.pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert "public" in response["Cache-Control"]
    again = client.get(pdf_url(signatory), headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304
    welsh = client.get(pdf_url(signatory, "/cy"))
    assert welsh["ETag"] != response["ETag"]
    assert "Cofnod llofnodedig" in welsh["Content-Disposition"]


def test_a_record_not_signed_has_no_pdf(council, officer, version, client):
    signing = ready_to_submit(council, officer)

    assert client.get(pdf_url(signing)).status_code == 404


def test_a_withdrawn_record_says_so_in_its_pdf(signatory, officer, client):
    services.withdraw(signatory, officer, "We are merging with a neighbour.")

    text = text_of(pdf_of(client.get(pdf_url(signatory))))
    with translation.override("en-gb"):
        withdrawn_on = govuk_date(signatory.__class__.objects.get(pk=signatory.pk).withdrawn_at)
    assert f"Kingston upon Thames withdrew on {withdrawn_on}." in text


@pytest.mark.parametrize("prefix", ["", "/cy"])
def test_the_record_page_links_to_its_pdf(signatory, client, prefix):
    page = unescape(client.get(record_url(signatory, prefix)).content.decode())

    link = re.search(r'<a class="govuk-link" href="([^"]+)" download>([^<]+)</a>', page)
    assert link is not None
    assert link.group(1) == pdf_url(signatory, prefix)
    assert link.group(2) == ("Download as PDF" if not prefix else "Lawrlwytho fel PDF")


def test_the_signed_email_links_to_the_pdf_in_its_readers_language(council, officer, staff, version, client):
    preferences.choose_language(preferences.recipient("leader@kingston.gov.uk"), "cy")
    signing = ready_to_submit(council, officer)
    services.submit(signing, officer)
    services.send_for_signature(signing, staff)
    before = len(mail.outbox)
    sign_all(signing)
    signing.refresh_from_db()

    told = {message.to[0]: message.body for message in mail.outbox[before:]}
    english, welsh = told[officer.email], told["leader@kingston.gov.uk"]
    assert f"A copy to keep, as a PDF:\n{settings.SITE_URL}{pdf_url(signing)}\n" in english
    assert f"{settings.SITE_URL}{pdf_url(signing, '/cy')}\n" in welsh
    assert "A copy to keep" not in welsh
    link = re.search(rf"{re.escape(settings.SITE_URL)}(/cy/\S+record\.pdf)", welsh)
    assert link is not None
    assert "Llofnododd Kingston upon Thames" in text_of(pdf_of(client.get(link.group(1))))
