"""Checks on the people a bid names or is given to: the finance officer's address, who may assess it,
and when it may be decided."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from localdigital.accounts.models import User
from localdigital.fund import eligibility, services
from localdigital.fund.models import Application, Assignment
from localdigital.fund.tests.factories import ApplicationFactory, close_round, partner, signatory
from localdigital.signing.tests.factories import member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead():
    return signatory(name="Kingston upon Thames", slug="kingston", domain="kingston.gov.uk")


@pytest.fixture
def draft(lead):
    application = ApplicationFactory(lead=lead, finance_officer_email="", finance_officer_name="")
    partner(application, signatory(name="Sutton", slug="sutton", domain="sutton.gov.uk"))
    return application


@pytest.fixture
def submitted(lead):
    application = ApplicationFactory(lead=lead)
    partner(application, signatory(name="Sutton", slug="sutton", domain="sutton.gov.uk"))
    return services.submit(application, actor=application.created_by)


@pytest.fixture
def staff():
    return User.objects.create_superuser("team@localdigital.example", password=None)


class TestFinanceOfficer:
    def answer(self, client, application, email):
        client.force_login(application.created_by)
        return client.post(
            reverse("fund:bid-answer", args=[application.reference, "finance-officer"]),
            {"finance_officer_name": "Pat Finance", "finance_officer_email": email},
        )

    def test_a_personal_webmail_address_is_refused_and_what_was_typed_is_kept(self, client, draft):
        response = self.answer(client, draft, "pat.finance@gmail.com")

        page = response.content.decode()
        assert response.status_code == 200
        assert "govuk-error-summary" in page
        assert "Enter an email address at one of Kingston upon Thames&#39;s domains (kingston.gov.uk)" in page
        assert 'value="pat.finance@gmail.com"' in page
        draft.refresh_from_db()
        assert draft.finance_officer_email == ""

    def test_an_address_at_the_leads_domain_is_saved(self, client, draft):
        response = self.answer(client, draft, "s151@kingston.gov.uk")

        draft.refresh_from_db()
        assert response.status_code == 302 and draft.finance_officer_email == "s151@kingston.gov.uk"

    def test_an_address_at_a_partners_domain_is_refused(self, client, draft):
        self.answer(client, draft, "s151@sutton.gov.uk")

        draft.refresh_from_db()
        assert draft.finance_officer_email == ""

    def test_the_service_refuses_it_too(self, draft):
        with pytest.raises(ValidationError, match=r"kingston\.gov\.uk"):
            services.save_answers(
                draft, draft.created_by, {"finance_officer_email": "pat.finance@outlook.com"}
            )

    def test_the_applicants_own_address_is_refused_and_what_was_typed_is_kept(self, client, draft):
        own = draft.created_by.email.replace("@", "+s151@")
        response = self.answer(client, draft, own)

        page = response.content.decode()
        assert "not the address of someone making the bid" in page
        assert f'value="{own}"' in page
        draft.refresh_from_db()
        assert draft.finance_officer_email == ""

    def test_a_bid_naming_its_applicant_as_finance_officer_cannot_be_submitted(self, draft):
        Application.objects.filter(pk=draft.pk).update(
            finance_officer_name="Pat Finance", finance_officer_email=draft.created_by.email
        )
        draft.refresh_from_db()

        assert [problem.rule for problem in eligibility.problems(draft)] == ["finance_officer_email"]

    def test_a_bid_that_already_holds_a_webmail_address_cannot_be_submitted(self, draft):
        Application.objects.filter(pk=draft.pk).update(
            finance_officer_name="Pat Finance", finance_officer_email="pat@gmail.com"
        )
        draft.refresh_from_db()

        rules = [problem.rule for problem in eligibility.problems(draft)]

        assert rules == ["finance_officer_email"]


class TestAssessors:
    def assign(self, application, assessor):
        Assignment(application=application, assessor=assessor).full_clean()

    def test_the_bids_own_applicant_cannot_be_its_assessor(self, submitted):
        with pytest.raises(
            ValidationError, match=r"cannot assess .* Choose an assessor from outside the bid"
        ):
            self.assign(submitted, submitted.created_by)

    def test_nobody_from_the_lead_or_a_partner_can_be_its_assessor(self, submitted):
        for organisation in (submitted.lead, submitted.partners.get().organisation):
            with pytest.raises(ValidationError, match="work for an organisation in it"):
                self.assign(submitted, member_of(organisation, "colleague"))

    def test_the_applicant_stays_barred_after_moving_to_another_organisation(self, submitted):
        applicant = submitted.created_by
        applicant.email = "moved@elsewhere.example"
        applicant.save()

        with pytest.raises(ValidationError):
            self.assign(submitted, applicant)

    def test_a_bid_that_has_not_been_submitted_cannot_be_given_to_an_assessor(self, draft, staff):
        with pytest.raises(ValidationError, match="has not been submitted yet"):
            self.assign(draft, staff)

    def test_someone_from_outside_the_bid_can_be_its_assessor(self, submitted):
        self.assign(submitted, User.objects.create_user("assessor@panel.example"))

    def test_the_staff_tools_refuse_it_with_the_message(self, client, submitted, staff):
        client.force_login(staff)

        response = client.post(
            "/staff/fund/assignment/add/",
            {"application": submitted.pk, "assessor": submitted.created_by.pk, "conflict": ""},
        )

        assert response.status_code == 200
        assert "Choose an assessor from outside the bid" in response.content.decode()
        assert not Assignment.objects.exists()


class TestDeciding:
    def test_a_bid_cannot_be_decided_while_its_round_is_open(self, submitted, staff):
        with pytest.raises(services.NotReady, match=r"You can decide this bid after .* closes on"):
            services.decide(submitted, funded=True, feedback="Good.", actor=staff)

        submitted.refresh_from_db()
        assert submitted.status == "submitted"

    def test_the_decision_page_says_when_it_can_be_decided_and_offers_no_form(self, client, submitted, staff):
        client.force_login(staff)
        decide = reverse("fund:decide", args=[submitted.round.slug, submitted.reference])

        page = client.get(decide).content.decode()
        posted = client.post(decide, {"decision": "funded", "feedback": "Good."}).content.decode()

        assert "You can decide this bid after" in page
        assert "Record the decision and email the applicant" not in page
        assert "You can decide this bid after" in posted
        submitted.refresh_from_db()
        assert submitted.status == "submitted"

    def test_once_the_round_has_closed_the_bid_can_be_decided(self, submitted, staff):
        close_round(submitted.round)

        decided = services.decide(submitted, funded=False, feedback="Not this time.", actor=staff)

        assert decided.status == "not-funded"
