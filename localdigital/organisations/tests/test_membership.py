import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from localdigital.organisations.models import AccessRequest
from localdigital.organisations.services.membership import decide, is_member, organisations_for
from localdigital.organisations.tests.factories import OrganisationDomainFactory, OrganisationFactory

User = get_user_model()

pytestmark = pytest.mark.django_db


@pytest.fixture
def kingston():
    kingston = OrganisationFactory(name="Kingston upon Thames", gss_code="E09000021")
    OrganisationDomainFactory(organisation=kingston, domain="kingston.gov.uk")
    return kingston


def person(email: str) -> User:
    return User.objects.create_user(email)


def test_a_verified_address_at_a_domain_makes_you_a_member(kingston):
    assert is_member(person("officer@kingston.gov.uk"), kingston)


def test_a_domain_shared_by_two_bodies_makes_you_a_member_of_both(kingston):
    partner = OrganisationFactory()
    OrganisationDomainFactory(organisation=partner, domain="kingston.gov.uk")

    assert set(organisations_for(person("officer@kingston.gov.uk"))) == {kingston, partner}


@pytest.mark.parametrize(
    "email",
    [
        "a@kingston.gov.uk.example.com",
        "a@evil-kingston.gov.uk",
        "a@sub.kingston.gov.uk",
        "a@kingst\u043en.gov.uk",  # a Cyrillic o
        "kingston.gov.uk@example.com",
    ],
)
def test_look_alike_and_longer_domains_do_not(kingston, email):
    assert not is_member(person(email.lower()), kingston)


def test_a_domain_staff_switched_off_stops_counting(kingston):
    officer = person("officer@kingston.gov.uk")
    kingston.domains.update(is_active=False)

    assert not is_member(officer, kingston)


def test_an_ended_body_has_no_members(kingston):
    officer = person("officer@kingston.gov.uk")
    kingston.end_date = "2020-01-01"
    kingston.save()

    assert not is_member(officer, kingston)


class TestAskingForAccess:
    def test_someone_at_another_domain_asks_and_staff_approve(self, client, kingston):
        shared = person("officer@shared-service.example")
        staff = User.objects.create_superuser("team@localdigital.example", "a long test password")
        client.force_login(shared)

        response = client.post(
            reverse("organisations:request-access"),
            {"organisation": kingston.pk, "role": "Service designer", "reason": "Shared digital service"},
        )
        access_request = AccessRequest.objects.get()
        decide(access_request, approve=True, staff=staff)

        assert response["Location"] == reverse("organisations:request-access-sent")
        assert is_member(shared, kingston)
        assert mail.outbox[-1].subject == "You can now act for Kingston upon Thames"

    def test_a_refusal_gives_no_access_and_is_explained(self, kingston):
        shared = person("officer@shared-service.example")
        staff = User.objects.create_superuser("team@localdigital.example", "a long test password")
        access_request = AccessRequest.objects.create(
            user=shared, organisation=kingston, role="x", reason="y"
        )

        decide(access_request, approve=False, staff=staff, note="Ask your council's digital lead to apply.")

        assert not is_member(shared, kingston)
        assert "Ask your council's digital lead to apply." in mail.outbox[-1].body

    def test_the_form_explains_what_is_missing_and_keeps_what_was_typed(self, client):
        client.force_login(person("officer@shared-service.example"))

        response = client.post(reverse("organisations:request-access"), {"role": "Designer & <b>lead</b>"})

        html = response.content.decode()
        assert "Choose the organisation you work for" in html
        assert "Tell us why your email address is not at one of its domains" in html
        assert 'value="Designer &amp; &lt;b&gt;lead&lt;/b&gt;"' in html
