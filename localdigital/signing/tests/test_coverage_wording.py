"""The signatories page says how many councils have signed, and counts other bodies that signed apart."""

import pytest
from django.utils import timezone

from localdigital.declaration.tests.factories import DeclarationVersionFactory
from localdigital.organisations.models import OrganisationType
from localdigital.signing.models import Signing
from localdigital.signing.tests.factories import CouncilFactory, SigningFactory

pytestmark = pytest.mark.django_db


def signed(organisation) -> None:
    SigningFactory(organisation=organisation, status=Signing.Status.SIGNED, signed_at=timezone.now())


def lead(client) -> str:
    html = client.get("/signatories/").content.decode()
    start = html.index('<p class="govuk-body-l">')
    return html[start : html.index("</p>", start)]


def test_when_only_councils_have_signed_it_counts_councils(client):
    DeclarationVersionFactory()
    signed(CouncilFactory(type=OrganisationType.DISTRICT))
    CouncilFactory(type=OrganisationType.COUNTY)

    assert "1 of 2 councils have signed the Local Digital Declaration." in lead(client)


def test_bodies_that_are_not_councils_are_counted_apart_from_the_councils(client):
    DeclarationVersionFactory()
    CouncilFactory(type=OrganisationType.COUNTY)
    signed(CouncilFactory(type=OrganisationType.OTHER, is_demo=True))
    signed(CouncilFactory(type=OrganisationType.SECTOR_BODY))

    text = lead(client)

    assert "2 organisations have signed the Local Digital Declaration" in text
    assert "Councils: 0 of 1. Other public bodies: 2." in text
