"""The applicant's pages: starting a bid, answering, partners, the budget, checking and submitting."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from localdigital.audit.models import AuditEvent
from localdigital.fund.models import Application, ApplicationPartner
from localdigital.fund.tests.factories import ApplicationFactory, RoundFactory, partner, signatory
from localdigital.signing.tests.factories import CouncilFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_():
    return RoundFactory(name="Round 9", slug="ninth-round")


@pytest.fixture
def lead():
    return signatory(name="Kingston upon Thames", slug="kingston", domain="kingston.gov.uk")


@pytest.fixture
def officer(lead):
    return member_of(lead)


@pytest.fixture
def draft(round_, lead, officer):
    """A bid just started: a title and nothing else."""
    return Application.objects.create(
        round=round_, lead=lead, created_by=officer, title="Missed bins", reference="LDF-TEST01"
    )


def url(name: str, application: Application, *args) -> str:
    return reverse(f"fund:{name}", args=[application.reference, *args])


class TestStarting:
    def test_a_member_of_a_signatory_starts_a_bid_and_lands_on_its_task_list(
        self, client, round_, lead, officer
    ):
        client.force_login(officer)

        response = client.post(
            reverse("fund:start", args=[round_.slug]), {"lead": str(lead.pk), "title": "Missed bins"}
        )

        application = Application.objects.get()
        assert response.url == reverse("fund:bid", args=[application.reference])
        assert (application.lead, application.created_by, application.status) == (lead, officer, "draft")
        assert application.reference.startswith("LDF-") and len(application.reference) == 10
        assert AuditEvent.objects.filter(action="bid started", object_id=str(application.pk)).exists()
        page = client.get(response.url).content.decode()
        assert "Not yet started" in page and "You have completed 1 of 9 parts" in page

    def test_the_start_page_keeps_what_was_typed_when_something_is_missing(self, client, round_, officer):
        client.force_login(officer)

        response = client.post(
            reverse("fund:start", args=[round_.slug]), {"lead": "", "title": "Missed bins"}
        )

        page = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in page and "Choose the organisation that will lead the bid" in page
        assert 'value="Missed bins"' in page
        assert not Application.objects.exists()

    def test_someone_who_acts_for_no_organisation_is_told_how_to_get_one(self, client, round_):
        from localdigital.accounts.models import User

        client.force_login(User.objects.create_user("someone@gmail.example"))

        response = client.get(reverse("fund:start", args=[round_.slug]))

        assert response.status_code == 403
        assert "Ask to act for an organisation" in response.content.decode()

    def test_a_closed_round_takes_no_new_bids(self, client, round_, officer):
        round_.closes_at = timezone.now() - timedelta(minutes=1)
        round_.save()
        client.force_login(officer)

        response = client.post(reverse("fund:start", args=[round_.slug]), {"title": "Late"})

        assert response.status_code == 403
        assert "Round 9 is not open for bids" in response.content.decode()
        assert not Application.objects.exists()

    def test_the_round_page_offers_to_start_a_bid_while_open(self, client, round_):
        assert (
            reverse("fund:start", args=[round_.slug])
            in client.get(reverse("fund:round", args=[round_.slug])).content.decode()
        )


class TestAnswering:
    def test_answers_are_saved_as_you_go_and_audited(self, client, draft, officer):
        client.force_login(officer)

        response = client.post(
            url("bid-answer", draft, "problem"),
            {"problem": "Crews never see reports", "users": "Residents and crews"},
        )

        draft.refresh_from_db()
        assert response.url == url("bid", draft)
        assert (draft.problem, draft.users) == ("Crews never see reports", "Residents and crews")
        event = AuditEvent.objects.get(action="bid changed")
        assert event.after == {"problem": "Crews never see reports", "users": "Residents and crews"}

    def test_money_is_read_as_people_write_it_and_kept_within_the_cap(self, client, draft, officer):
        client.force_login(officer)

        too_much = client.post(url("bid-answer", draft, "phase"), {"phase": "discovery", "amount": "£90,000"})
        page = too_much.content.decode()
        draft.refresh_from_db()
        assert too_much.status_code == 200 and draft.amount is None
        assert "A discovery bid can ask for up to £80,000 in this round" in page
        assert 'value="£90,000"' in page  # what was typed is kept

        client.post(url("bid-answer", draft, "phase"), {"phase": "discovery", "amount": "£60,000.50"})
        draft.refresh_from_db()
        assert (draft.phase, draft.amount) == ("discovery", Decimal("60000.50"))

    @pytest.mark.parametrize(
        "typed, message",
        [
            ("sixty thousand", "Enter an amount in pounds, like 60000 or 60000.50"),
            ("10.555", "no more than 2 numbers after the point"),
            ("0", "Enter an amount of at least 1p"),
        ],
    )
    def test_amounts_that_are_not_money_are_explained(self, client, draft, officer, typed, message):
        client.force_login(officer)

        response = client.post(url("bid-answer", draft, "phase"), {"phase": "discovery", "amount": typed})

        assert message in response.content.decode()

    def test_coming_from_check_your_answers_goes_back_there(self, client, draft, officer):
        client.force_login(officer)

        response = client.post(url("bid-answer", draft, "title") + "?from=check", {"title": "Bins"})

        assert response.url == url("bid-check", draft)

    def test_only_the_lead_changes_the_bid_and_outsiders_cannot_see_it(self, client, draft):
        partner_org = signatory(name="Sutton", slug="sutton", domain="sutton.gov.uk")
        partner(draft, partner_org, status=ApplicationPartner.Status.INVITED)
        client.force_login(member_of(partner_org))

        assert client.get(url("bid", draft)).status_code == 200  # a partner reads it
        refused = client.post(url("bid-answer", draft, "title"), {"title": "Taken over"})
        assert refused.status_code == 403
        assert (
            "Only people who work for the lead organisation can change this bid" in refused.content.decode()
        )

        client.force_login(member_of(CouncilFactory(name="Merton", slug="merton", domain="merton.gov.uk")))
        assert client.get(url("bid", draft)).status_code == 404
        draft.refresh_from_db()
        assert draft.title == "Missed bins"

    def test_after_the_closing_date_nothing_can_be_edited(self, client, draft, officer):
        client.force_login(officer)
        draft.round.closes_at = timezone.now() - timedelta(seconds=1)
        draft.round.save()

        pages = [
            client.post(url("bid-answer", draft, "title"), {"title": "Late change"}),
            client.post(url("bid-budget", draft), {"item": "More", "amount": "10"}),
            client.post(url("bid-partners", draft), {"organisation": str(draft.lead_id)}),
            client.post(url("bid-check", draft)),
        ]

        assert [page.status_code for page in pages] == [403, 403, 403, 403]
        assert "Round 9 closed on" in pages[0].content.decode()
        draft.refresh_from_db()
        assert (draft.title, draft.status, draft.budget_lines.count()) == ("Missed bins", "draft", 0)
        assert "bids can no longer change" in client.get(url("bid", draft)).content.decode()


class TestPartnersAndBudget:
    def test_a_partner_is_named_confirmed_by_someone_there_and_the_lead_is_told(self, client, draft, officer):
        sutton = signatory(name="Sutton", slug="sutton", domain="sutton.gov.uk")
        client.force_login(officer)
        client.post(url("bid-partners", draft), {"organisation": str(sutton.pk)})
        named = draft.partners.get()
        assert named.status == "invited"
        assert "Waiting for the partner to confirm" in client.get(url("bid-partners", draft)).content.decode()

        someone_at_sutton = member_of(sutton)
        client.force_login(someone_at_sutton)
        account = client.get(reverse("accounts:account")).content.decode()
        assert "1 bid names your organisation as a partner" in account
        assert "Confirm that Sutton is a partner" in client.get(reverse("fund:your-bids")).content.decode()
        mail.outbox.clear()
        response = client.post(reverse("fund:answer-partnership", args=[named.pk]), {"answer": "confirm"})

        named.refresh_from_db()
        assert response.url == reverse("fund:your-bids")
        assert (named.status, named.decided_by) == ("confirmed", someone_at_sutton)
        assert mail.outbox[0].to == [officer.email]
        assert "Sutton confirmed it is a partner" in mail.outbox[0].subject

    def test_someone_else_cannot_answer_for_a_partner(self, client, draft, officer):
        sutton = signatory(name="Sutton", slug="sutton", domain="sutton.gov.uk")
        named = partner(draft, sutton, status=ApplicationPartner.Status.INVITED)
        client.force_login(officer)

        response = client.post(reverse("fund:answer-partnership", args=[named.pk]), {"answer": "confirm"})

        named.refresh_from_db()
        assert response.status_code == 403 and named.status == "invited"
        assert "Only people who work for Sutton can answer for it" in response.content.decode()

    def test_the_lead_cannot_be_its_own_partner(self, client, draft, officer):
        client.force_login(officer)

        response = client.post(url("bid-partners", draft), {"organisation": str(draft.lead_id)})

        assert "Kingston upon Thames is leading this bid, so it cannot also be a partner" in (
            response.content.decode()
        )
        assert not draft.partners.exists()

    def test_budget_lines_are_added_removed_and_compared_with_the_amount(self, client, draft, officer):
        client.force_login(officer)
        client.post(url("bid-answer", draft, "phase"), {"phase": "discovery", "amount": "60000"})

        client.post(url("bid-budget", draft), {"item": "User research", "amount": "40,000"})
        client.post(url("bid-budget", draft), {"item": "Mistake", "amount": "5"})
        page = client.get(url("bid-budget", draft)).content.decode()
        assert "£40,005" in page and "£19,995 still to account for" in page

        client.post(url("bid-budget-remove", draft, draft.budget_lines.get(item="Mistake").pk))
        client.post(url("bid-budget", draft), {"item": "Service design", "amount": "20000"})

        assert draft.budget_total() == Decimal(60_000)
        assert (
            "The lines add up to the amount the bid asks for"
            in client.get(url("bid-budget", draft)).content.decode()
        )
        assert AuditEvent.objects.filter(action="bid budget line removed").count() == 1


class TestCheckingAndSubmitting:
    def test_each_unmet_rule_is_listed_with_a_link_to_put_it_right(self, client, draft, officer):
        client.force_login(officer)

        page = client.get(url("bid-check", draft)).content.decode()

        assert "Before you can submit" in page
        assert "Describe the problem the bid will solve" in page
        assert f'href="{url("bid-answer", draft, "problem")}"' in page
        assert f'href="{url("bid-partners", draft)}"' in page  # the minimum number of organisations

    def test_a_broken_rule_blocks_submitting_and_fixing_it_lets_the_bid_through(self, client, officer, lead):
        application = ApplicationFactory(lead=lead, created_by=officer)
        sutton = signatory(name="Sutton", slug="sutton", domain="sutton.gov.uk")
        partner(application, sutton)
        application.budget_lines.first().delete()  # the budget no longer adds up
        client.force_login(officer)

        blocked = client.post(url("bid-check", application))

        page = blocked.content.decode()
        assert blocked.status_code == 200
        assert "You cannot submit the bid yet" in page
        assert "The budget lines add up to £20,000, but the bid asks for £60,000" in page
        application.refresh_from_db()
        assert application.status == "draft"

        client.post(url("bid-budget", application), {"item": "User research", "amount": "40000"})
        submitted = client.post(url("bid-check", application))

        application.refresh_from_db()
        assert submitted.url == url("bid-submitted", application)
        assert application.status == "submitted" and application.submitted_at is not None
        confirmation = client.get(submitted.url).content.decode()
        assert "Bid submitted" in confirmation and application.reference in confirmation
        after = client.post(url("bid-answer", application, "title"), {"title": "Changed after"})
        assert after.status_code == 403 and "can no longer change" in after.content.decode()

    def test_your_bids_lists_what_your_organisations_lead_and_partner(self, client, draft, officer):
        other = ApplicationFactory(title="Someone else's bid")
        client.force_login(officer)

        page = client.get(reverse("fund:your-bids")).content.decode()

        assert "Missed bins" in page and "Someone else&#39;s bid" not in page
        assert other.reference not in page


class TestExpressionsOfInterest:
    @pytest.fixture
    def interest_round(self, round_):
        round_.expressions_of_interest = True
        round_.interest_closes_at = timezone.now() + timedelta(days=7)
        round_.save()
        return round_

    def test_a_bid_sends_its_expression_of_interest_first_and_it_is_published(
        self, client, interest_round, draft, officer
    ):
        client.force_login(officer)
        assert "Send the expression of interest" in client.get(url("bid", draft)).content.decode()

        early = client.post(url("bid-interest", draft))
        assert "You cannot send the expression of interest yet" in early.content.decode()
        assert "Describe the problem the bid will solve" in early.content.decode()
        client.post(url("bid-answer", draft, "phase"), {"phase": "discovery", "amount": "50000"})
        client.post(
            url("bid-answer", draft, "problem"), {"problem": "Crews never see reports", "users": "Crews"}
        )
        client.post(url("bid-interest", draft))

        draft.refresh_from_db()
        assert draft.interest_sent_at is not None
        assert AuditEvent.objects.filter(action="expression of interest sent").exists()
        public = client.get(reverse("fund:round", args=[interest_round.slug])).content.decode()
        assert "Missed bins" in public and "Crews never see reports" in public
        api = client.get("/api/v1/fund/interest").json()["items"]
        assert [(row["reference"], row["problem"]) for row in api] == [
            (draft.reference, "Crews never see reports")
        ]

    def test_a_full_bid_cannot_be_submitted_without_one(self, interest_round, officer, lead):
        from localdigital.fund import eligibility

        application = ApplicationFactory(round=interest_round, lead=lead, created_by=officer)
        partner(application)

        assert [p.rule for p in eligibility.problems(application)] == ["expression-of-interest"]
        assert "asks for an expression of interest first by" in eligibility.problems(application)[0].message

    def test_none_can_be_sent_after_the_interest_deadline(self, client, interest_round, draft, officer):
        interest_round.interest_closes_at = timezone.now() - timedelta(minutes=1)
        interest_round.save()
        client.force_login(officer)

        response = client.post(url("bid-interest", draft))

        assert "Expressions of interest for Round 9 closed on" in response.content.decode()
        draft.refresh_from_db()
        assert draft.interest_sent_at is None

    def test_a_round_shows_its_first_ones_and_lists_them_all_a_page_at_a_time(
        self, client, interest_round, draft
    ):
        sent = timezone.now() - timedelta(days=1)
        Application.objects.bulk_create(
            Application(
                round=interest_round, lead=draft.lead, created_by=draft.created_by, title=f"Interest {n:02d}",
                reference=f"LDF-EOI{n:02d}", problem="Crews never see reports",
                interest_sent_at=sent + timedelta(seconds=n),
            )
            for n in range(55)
        )  # fmt: skip

        round_page = client.get(reverse("fund:round", args=[interest_round.slug])).content.decode()
        first = client.get(reverse("fund:round-interest", args=[interest_round.slug])).content.decode()
        second = client.get(reverse("fund:round-interest", args=[interest_round.slug]), {"page": 2})

        assert "The first 10 of 55." in round_page
        assert "Interest 09" in round_page and "Interest 10" not in round_page
        assert reverse("fund:round-interest", args=[interest_round.slug]) in round_page
        assert "55 expressions of interest; 1 to 50 are shown." in first
        assert "Interest 49" in first and "Interest 50" not in first
        assert "Interest 54" in second.content.decode()

    def test_a_round_without_them_has_no_list_of_them(self, client, round_):
        assert client.get(reverse("fund:round-interest", args=[round_.slug])).status_code == 404

    def test_rounds_without_them_publish_none(self, client, round_, draft):
        Application.objects.filter(pk=draft.pk).update(interest_sent_at=timezone.now())

        assert client.get("/api/v1/fund/interest").json()["items"] == []
        assert (
            "Expressions of interest"
            not in client.get(reverse("fund:round", args=[round_.slug])).content.decode()
        )
