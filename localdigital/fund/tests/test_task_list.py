"""A bid's task list: what each part's status says, and the count of parts done, from one definition."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from localdigital.fund import eligibility
from localdigital.fund.models import Application
from localdigital.fund.tasks import outside_the_list, task_list
from localdigital.fund.tests.factories import ApplicationFactory, RoundFactory, partner, signatory
from localdigital.signing.tests.factories import CouncilFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_bid():
    lead = signatory(name="Kingston upon Thames", slug="kingston", domain="kingston.gov.uk")
    return Application.objects.create(
        round=RoundFactory(),
        lead=lead,
        created_by=member_of(lead),
        title="Missed bins",
        reference="LDF-TASKS1",
    )


def statuses(application) -> dict[str, str]:
    return {task.title: task.status for task in task_list(application, eligibility.problems(application))}


def shown(client, application) -> tuple[dict[str, str], str]:
    """The task list as the page shows it (each part's name and status), and the count's sentence."""
    client.force_login(application.created_by)
    page = client.get(reverse("fund:bid", args=[application.reference])).content.decode()
    items = re.findall(
        r'class="govuk-link govuk-task-list__link"[^>]*>\s*([^<]+?)\s*</a>.*?'
        r"govuk-task-list__status[^>]*>\s*(?:<strong[^>]*>)?\s*([^<]+?)\s*<",
        page,
        re.DOTALL,
    )
    count = re.search(r"You have completed \d+ of \d+ parts", page).group(0)
    return dict(items), count


def test_a_new_bid_has_only_its_name_completed(client, new_bid):
    tasks, count = shown(client, new_bid)

    assert tasks == {
        "Name of the bid": "Completed",
        "Contact for the bid": "Not yet started",
        "Partners": "Not yet started",
        "Phase and amount": "Not yet started",
        "Budget": "Not yet started",
        "The problem and its users": "Not yet started",
        "The plan and the team": "Not yet started",
        "Finance (Section 151) officer": "Not yet started",
        "Publishing what you make": "Not yet started",
    }
    assert count == "You have completed 1 of 9 parts"


def test_the_count_is_the_number_of_parts_completed(client, new_bid):
    new_bid.phase, new_bid.amount = "discovery", Decimal(60_000)
    new_bid.problem = "Missed bins are reported by phone."
    new_bid.save()
    new_bid.budget_lines.create(item="User research", amount=Decimal(40_000))

    tasks, count = shown(client, new_bid)

    completed = sum(1 for status in tasks.values() if status == "Completed")
    assert count == f"You have completed {completed} of {len(tasks)} parts"
    assert tasks["Phase and amount"] == "Completed"
    assert tasks["Budget"] == "Incomplete"  # £40,000 of £60,000
    assert tasks["The problem and its users"] == "Incomplete"  # the users are not described


def test_a_budget_with_no_lines_is_not_started_whatever_the_amount(new_bid):
    assert statuses(new_bid)["Budget"] == "Not yet started"
    new_bid.phase, new_bid.amount = "discovery", Decimal(60_000)
    new_bid.save()
    assert statuses(new_bid)["Budget"] == "Not yet started"


def test_a_budget_with_lines_but_no_amount_asked_for_is_incomplete(new_bid):
    new_bid.budget_lines.create(item="User research", amount=Decimal(40_000))

    assert statuses(new_bid)["Budget"] == "Incomplete"


def test_a_complete_bid_has_every_part_completed(client):
    application = ApplicationFactory()
    partner(application)

    tasks, count = shown(client, application)

    assert set(tasks.values()) == {"Completed"}
    assert count == f"You have completed {len(tasks)} of {len(tasks)} parts"


def test_a_rule_no_part_puts_right_is_listed_beside_the_parts(client):
    application = ApplicationFactory(lead=CouncilFactory(name="Unsigned", domain="unsigned.gov.uk"))
    partner(application)

    tasks, _ = shown(client, application)
    page = client.get(reverse("fund:bid", args=[application.reference])).content.decode()

    assert set(tasks.values()) == {"Completed"}
    assert [p.rule for p in outside_the_list(eligibility.problems(application))] == ["lead-signatory"]
    assert "Bid incomplete" in page and "Unsigned has not signed the Declaration" in page


def test_a_round_that_asks_for_an_expression_of_interest_lists_it_as_a_part(new_bid):
    new_bid.round.expressions_of_interest = True
    new_bid.round.save()

    assert statuses(new_bid)["Expression of interest"] == "Not yet started"
