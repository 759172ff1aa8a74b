"""After each change a person makes to a bid, a partnership or an assessment, they are told it worked."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from localdigital.accounts.models import User
from localdigital.fund import services
from localdigital.fund.models import ApplicationPartner, Assignment
from localdigital.fund.tests.factories import ApplicationFactory, close_round, partner, signatory
from localdigital.signing.tests.factories import member_of

pytestmark = pytest.mark.django_db


def told(response) -> list[str]:
    """The success message this change added (after any earlier ones still waiting to be shown)."""
    assert response.status_code == 302
    success = [
        str(message) for message in get_messages(response.wsgi_request) if message.level_tag == "success"
    ]
    return success[-1:]


@pytest.fixture
def draft():
    return ApplicationFactory()


@pytest.fixture
def applicant(client, draft):
    client.force_login(draft.created_by)
    return client


def test_saving_a_part_of_a_bid(applicant, draft):
    url = reverse("fund:bid-answer", args=[draft.reference, "plan"])

    response = applicant.post(url, {"plan": "Eight weeks of research.", "team": "Two researchers."})

    assert told(response) == ["The plan and the team saved"]


def test_adding_and_removing_partners_and_budget_lines(applicant, draft):
    sutton = signatory(name="Sutton", domain="sutton.gov.uk")
    partners = reverse("fund:bid-partners", args=[draft.reference])
    budget = reverse("fund:bid-budget", args=[draft.reference])

    assert told(applicant.post(partners, {"organisation": str(sutton.pk)})) == [
        "Sutton added. Someone who works there confirms it."
    ]
    named = draft.partners.get()
    remove = reverse("fund:bid-partner-remove", args=[draft.reference, named.pk])
    assert told(applicant.post(remove)) == ["Sutton removed from the bid"]
    assert told(applicant.post(budget, {"item": "Hosting", "amount": "500"})) == [
        "Budget line added: Hosting"
    ]
    line = draft.budget_lines.get(item="Hosting")
    remove_line = reverse("fund:bid-budget-remove", args=[draft.reference, line.pk])
    assert told(applicant.post(remove_line)) == ["Budget line removed: Hosting"]


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("confirm", "Sutton confirmed as a partner in Missed bin reports that reach the crew"),
        ("decline", "Sutton declined to be a partner in Missed bin reports that reach the crew"),
    ],
)
def test_a_partner_confirming_or_declining(client, draft, answer, message):
    sutton = signatory(name="Sutton", domain="sutton.gov.uk")
    named = partner(draft, sutton, status=ApplicationPartner.Status.INVITED)
    client.force_login(member_of(sutton))

    response = client.post(reverse("fund:answer-partnership", args=[named.pk]), {"answer": answer})

    assert told(response) == [message]


def test_an_assessor_declaring_and_scoring_and_the_team_deciding():
    application = ApplicationFactory()
    partner(application)
    services.submit(application, actor=application.created_by)
    assessor = User.objects.create_user("assessor@panel.example")
    assignment = Assignment.objects.create(application=application, assessor=assessor)
    as_assessor = Client()
    as_assessor.force_login(assessor)
    assess = reverse("fund:assess", args=[assignment.pk])

    assert told(as_assessor.post(assess, {"conflict": "no"})) == [
        "Answer saved: you have no conflict of interest. Now score the bid."
    ]
    marks = {}
    for criterion in application.round.criteria.all():
        marks[f"score_{criterion.pk}"], marks[f"comment_{criterion.pk}"] = "3", "Some evidence."
    assert told(as_assessor.post(assess, marks)) == [
        "Scores saved for Missed bin reports that reach the crew"
    ]

    close_round(application.round)
    as_staff = Client()
    as_staff.force_login(User.objects.create_user("team@localdigital.example", is_staff=True))
    decide = reverse("fund:decide", args=[application.round.slug, application.reference])
    assert told(as_staff.post(decide, {"decision": "funded", "feedback": "Good."})) == [
        "Decision recorded for Missed bin reports that reach the crew, and the applicant emailed"
    ]
