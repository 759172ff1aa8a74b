# ruff: noqa: F811 (the fixtures imported from test_pages are used by name)
"""The signing journey in Welsh: the applicant's, the programme team's and the approver's pages have no
English words of ours; the organisations', the people's and the commitments' own words are shown as
written."""

import re
from html.parser import HTMLParser

import pytest
from django.core import mail

from localdigital.declaration.tests.factories import DeclarationVersionFactory
from localdigital.signing.models import Signing
from localdigital.signing.tests.test_pages import (  # noqa: F401 (fixtures)
    commitment_data,
    council,
    officer_client,
    partner,
    staff_client,
)

pytestmark = pytest.mark.django_db

BASE = "/sign/E09000021"
CHIEF = {"name": "Alex Chief", "job_title": "Chief Executive", "email": "chief@kingston.gov.uk"}
LEADER = {"name": "Sam Leader", "job_title": "Leader", "email": "leader@kingston.gov.uk"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _Text(HTMLParser):
    """The words a person meets on a page, leaving out scripts and what is marked as in another
    language (the link to the English page)."""

    def __init__(self, language: str):
        super().__init__()
        self.language = language
        self.skipping: list[bool] = []
        self.words: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        skip = tag in ("script", "style", "template") or attributes.get("lang") not in (None, self.language)
        if not any(self.skipping) and not skip:
            self.words += [
                attributes[name] for name in ("aria-label", "title", "alt") if attributes.get(name)
            ]
        if tag not in VOID:
            self.skipping.append(skip)

    def handle_endtag(self, tag):
        if tag not in VOID and self.skipping:
            self.skipping.pop()

    def handle_data(self, data):
        if not any(self.skipping) and data.strip():
            self.words.append(" ".join(data.split()))


def _ours(html: str, language: str, theirs: list[str]) -> list[str]:
    parser = _Text(language)
    parser.feed(html)
    left = []
    for words in parser.words:
        for own in sorted(theirs, key=len, reverse=True):
            words = words.replace(own, " ")
        if re.search(r"[^\W\d_]{2,}", words):
            left.append(" ".join(words.split()))
    return left


def untranslated(client, path: str, theirs: list[str]) -> list[str]:
    """Our words on the Welsh page that are the same on the English one."""
    english, welsh = client.get(path), client.get("/cy" + path)
    assert english.status_code == welsh.status_code == 200
    assert '<html lang="cy"' in welsh.content.decode()
    english_words = set(_ours(english.content.decode(), "en", theirs))
    return [words for words in _ours(welsh.content.decode(), "cy", theirs) if words in english_words]


def test_the_signing_journey_is_in_welsh(officer_client, staff_client, council, partner):
    DeclarationVersionFactory()
    commitment = commitment_data()
    theirs = [
        "Local Digital",
        council.name,
        partner.name,
        *CHIEF.values(),
        *LEADER.values(),
        *(commitment[field] for field in ("title", "mission", "impact")),
        "Household waste collection",
        "; ",
        # The same word in Welsh.
        *(f"Partner {number}" for number in range(1, 4)),
    ]
    officer_client.post(f"{BASE}/start/")
    assert untranslated(officer_client, f"{BASE}/", theirs) == []
    assert untranslated(officer_client, f"{BASE}/commitments/new/", theirs) == []

    officer_client.post(f"{BASE}/approvers/chief-executive/", CHIEF)
    officer_client.post(f"{BASE}/approvers/leader/", LEADER)
    officer_client.post(f"{BASE}/commitments/new/", commitment)
    assert untranslated(officer_client, f"{BASE}/", theirs) == []
    assert untranslated(officer_client, f"{BASE}/check-your-answers/", theirs) == []
    officer_client.post(f"{BASE}/check-your-answers/")

    signing = Signing.objects.get()
    reference = signing.reference or ""
    assert untranslated(staff_client, "/review/", [*theirs, reference]) == []
    assert untranslated(staff_client, f"/review/{signing.pk}/", theirs) == []
    staff_client.post(f"/review/{signing.pk}/", {"decision": "send"})

    link = re.search(r"(/approve/[^\s]+/)", mail.outbox[-1].body).group(1).removeprefix("/cy")
    assert untranslated(officer_client, link, theirs) == []
    welsh = officer_client.get(f"/cy{BASE}/").content.decode()
    assert "Alex Chief: gofynnwyd am lofnod" in welsh
