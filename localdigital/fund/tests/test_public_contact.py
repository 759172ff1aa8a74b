"""A funded bid's project is public: it names a person as its contact and never shows an email address."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from localdigital.accounts.models import User
from localdigital.fund import services
from localdigital.fund.models import Application
from localdigital.fund.tests.factories import (
    ApplicationFactory,
    RoundFactory,
    close_round,
    partner,
    signatory,
)
from localdigital.projects.models import Project
from localdigital.signing.tests.factories import member_of

pytestmark = pytest.mark.django_db

AN_EMAIL_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


@pytest.fixture
def lead():
    return signatory(name="Kingston upon Thames", slug="kingston", domain="kingston.gov.uk")


@pytest.fixture
def applicant(lead):
    """Someone who never gave their name: only their email address is known."""
    return member_of(lead, "digital.lead")


@pytest.fixture
def bid(lead, applicant):
    application = ApplicationFactory(lead=lead, created_by=applicant, contact_name="")
    partner(application)
    return application


def fund(application: Application) -> Project:
    services.submit(application, actor=application.created_by)
    close_round(application.round)
    staff = User.objects.create_user("team@localdigital.example", is_staff=True)
    return services.decide(application, funded=True, feedback="Strong.", actor=staff).project


def public_output(client, project) -> dict[str, str]:
    client.logout()
    return {
        "project page": client.get(project.get_absolute_url()).content.decode(),
        "API list": client.get("/api/v1/projects").content.decode(),
        "API project": client.get(f"/api/v1/projects/{project.pk}").content.decode(),
        "CSV": b"".join(client.get(reverse("projects-csv")).streaming_content).decode(),
    }


def email_addresses(output: str) -> set[str]:
    """Addresses in the output, other than the service's own (in every page's feedback link)."""
    return set(AN_EMAIL_ADDRESS.findall(output)) - {settings.CONTACT_EMAIL}


def answer_contact(client, application, name):
    client.force_login(application.created_by)
    return client.post(
        reverse("fund:bid-answer", args=[application.reference, "contact"]), {"contact_name": name}
    )


def test_a_bid_without_a_contact_name_cannot_be_submitted(bid):
    with pytest.raises(services.NotReady, match="Give the name of the contact for the bid"):
        services.submit(bid, actor=bid.created_by)


def test_an_email_address_is_refused_as_the_contacts_name(client, bid):
    response = answer_contact(client, bid, "digital.lead@kingston.gov.uk")

    page = response.content.decode()
    assert "Enter a person&#39;s name, not an email address" in page
    bid.refresh_from_db()
    assert bid.contact_name == ""


def test_the_contacts_name_is_published_and_no_email_address_anywhere(client, bid, applicant):
    answer_contact(client, bid, "Sam   Applicant")
    bid.refresh_from_db()

    project = fund(bid)

    assert project.contact_name == "Sam Applicant"
    for where, output in public_output(client, project).items():
        assert email_addresses(output) == set(), f"an email address in the {where}"
    assert "Sam Applicant" in public_output(client, project)["project page"]


def test_a_bid_from_before_the_contact_was_asked_for_is_never_published_with_an_email(client, bid):
    # Submitted before bids asked for a contact: nobody gave a name, and the applicant has none.
    Application.objects.filter(pk=bid.pk).update(status=Application.Status.SUBMITTED)
    close_round(bid.round)
    staff = User.objects.create_user("team@localdigital.example", is_staff=True)

    project = services.decide(bid, funded=True, feedback="Strong.", actor=staff).project

    assert project.contact_name == "The bid team at Kingston upon Thames"
    for where, output in public_output(client, project).items():
        assert email_addresses(output) == set(), f"an email address in the {where}"


def test_a_new_bid_takes_the_contact_from_the_name_the_applicant_gave(client, lead, applicant):
    applicant.full_name = "Sam Applicant"
    applicant.save()
    round_ = RoundFactory()

    application = services.start(round_, lead, applicant, "Missed bins")

    assert application.contact_name == "Sam Applicant"
