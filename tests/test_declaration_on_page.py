"""An organisation's page says whether it has signed, links to its signed record, and to its
commitments and projects in the registers, in a constant number of queries."""

import html
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from localdigital.declaration.tests.factories import DeclarationVersionFactory
from localdigital.pledges.services import forget_counts
from localdigital.projects import services as project_services
from localdigital.projects.models import ProjectPartner
from localdigital.signing.models import Commitment, Signing
from localdigital.signing.tests.factories import CommitmentFactory, CouncilFactory, SigningFactory, member_of

pytestmark = pytest.mark.django_db

# Midday, so that the dates shown in London time are the same days whatever the hour the tests run.
SIGNED_ON = datetime(2024, 3, 5, 12, 0, tzinfo=UTC)


@pytest.fixture
def kingston():
    return CouncilFactory(name="Kingston upon Thames", slug="kingston", gss_code="E09000021")


def signed(organisation, **fields) -> Signing:
    return SigningFactory(
        organisation=organisation,
        status=Signing.Status.SIGNED,
        signed_at=SIGNED_ON,
        declaration_version=DeclarationVersionFactory(),
        **fields,
    )


def commitment(signing, title="Report missed bins online", state=Commitment.State.PUBLISHED):
    return CommitmentFactory(signing=signing, title=title, state=state)


def project(lead, title="Book a bulky waste collection"):
    return project_services.create(
        lead,
        member_of(lead, f"lead{lead.projects.count()}"),
        {"title": title, "problem": "Residents phone to book", "phase": "alpha", "status": "active",
         "collaboration": "share-ideas", "contact_name": "Pat Lead", "budget": "under-50k"},
    )  # fmt: skip


@dataclass
class Page:
    html: str

    @property
    def text(self) -> str:
        return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", self.html).split()))

    def links(self) -> dict[str, str]:
        """Each link's visible text and its address."""
        found = re.findall(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', self.html, flags=re.S)
        return {html.unescape(" ".join(re.sub(r"<[^>]+>", "", text).split())): html.unescape(href)
                for href, text in found}  # fmt: skip

    def link(self, text: str) -> str:
        matches = [href for label, href in self.links().items() if text in label]
        assert matches, f"No link with {text!r}"
        return matches[0]


def page(client, organisation) -> Page:
    response = client.get(organisation.get_absolute_url())
    assert response.status_code == 200
    return Page(response.content.decode())


def test_a_signatory_page_says_when_it_signed_and_links_to_the_record(client, kingston):
    signing = signed(kingston)

    shown = page(client, kingston)

    assert "Kingston upon Thames signed the Local Digital Declaration on 5 March 2024." in shown.text
    assert shown.link("View the signed record") == signing.get_record_url()
    assert client.get(signing.get_record_url()).status_code == 200


def test_a_withdrawn_signatory_says_so(client, kingston):
    signed(kingston, withdrawn_at=SIGNED_ON + timedelta(days=40)).__class__.objects.update(
        status=Signing.Status.WITHDRAWN
    )

    shown = page(client, kingston)

    assert "signed the Local Digital Declaration on 5 March 2024 and withdrew on 14 April 2024." in shown.text
    assert shown.link("View the signed record")


def test_a_body_that_has_not_signed_says_so(client, kingston):
    SigningFactory(organisation=kingston)  # a draft is not public

    shown = page(client, kingston)

    assert "Kingston upon Thames has not signed the Local Digital Declaration." in shown.text
    assert not [label for label in shown.links() if "signed record" in label]


def test_the_links_open_the_registers_filtered_to_the_body(client, kingston):
    signing = signed(kingston)
    commitment(signing)
    commitment(signing, title="A draft addition", state=Commitment.State.DRAFT)
    commitment(signed(CouncilFactory(name="Sutton")), title="Sutton's own commitment")
    project(kingston)
    others = project(CouncilFactory(name="Merton"), title="Merton's project with Kingston")
    ProjectPartner.objects.create(
        project=others,
        organisation=kingston,
        status=ProjectPartner.Status.CONFIRMED,
        requested_by=others.owner,
    )

    shown = page(client, kingston)

    commitments = shown.link("1 commitment by Kingston upon Thames")
    projects = shown.link("2 projects Kingston upon Thames leads or works on")
    commitments_register = client.get(commitments).content.decode()
    projects_register = client.get(projects).content.decode()
    assert "Report missed bins online" in commitments_register
    assert "Sutton&#39;s own commitment" not in commitments_register
    assert "A draft addition" not in commitments_register
    assert "Book a bulky waste collection" in projects_register
    assert "Merton&#39;s project with Kingston" in projects_register


def queries_for(client, organisation) -> int:
    forget_counts()  # the pledge counts are read afresh each time, not only when the copy is old
    with CaptureQueriesContext(connection) as queries:
        assert client.get(organisation.get_absolute_url()).status_code == 200
    return len(queries)


def test_the_page_takes_the_same_number_of_queries_however_much_the_body_has_done(client, kingston):
    signing = signed(kingston)
    commitment(signing)
    project(kingston)
    queries_for(client, kingston)  # the first request also fills per-process caches
    few = queries_for(client, kingston)

    for number in range(4):
        commitment(signing, title=f"Commitment {number}")
        project(kingston, title=f"Project {number}")

    assert queries_for(client, kingston) == few


def test_a_cached_copy_is_not_reused_once_the_body_signs(client, kingston):
    first = client.get(kingston.get_absolute_url())

    signed(kingston)
    again = client.get(kingston.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 200
    assert "signed the Local Digital Declaration on" in again.content.decode()
