"""Phases and organisation types in the fund's sentences: "an alpha bid", "a London borough"."""

from decimal import Decimal

import pytest
from django.urls import reverse

from localdigital.fund import eligibility
from localdigital.fund.tests.factories import ApplicationFactory, RoundFactory, partner, signatory
from localdigital.fund.wording import in_sentence, with_article
from localdigital.organisations.models import OrganisationType
from localdigital.projects.models import Project

EVERY_PHASE = {
    "concept": "a concept",
    "discovery": "a discovery",
    "alpha": "an alpha",
    "beta": "a beta",
    "live": "a live",
    "retired": "a retired",
}

EVERY_TYPE = {
    "county": "a county council",
    "district": "a district council",
    "unitary": "a unitary authority",
    "metropolitan-district": "a metropolitan district",
    "london-borough": "a London borough",
    "city-of-london": "a City of London Corporation",
    "scottish-council": "a Scottish council",
    "welsh-council": "a Welsh council",
    "northern-irish-council": "a Northern Irish council",
    "combined-authority": "a combined authority",
    "greater-london-authority": "a Greater London Authority",
    "police-force-area": "a police force area",
    "fire-and-rescue": "a fire and rescue authority",
    "sector-body": "a sector body",
    "central-government": "a central government",
    "other": "another public body",
}


def test_every_phase_takes_the_article_it_is_said_with():
    assert {value: with_article(in_sentence(label)) for value, label in Project.Phase.choices} == EVERY_PHASE


def test_every_organisation_type_takes_its_article_and_keeps_proper_names():
    assert {
        value: with_article(in_sentence(label)) for value, label in OrganisationType.choices
    } == EVERY_TYPE


def test_a_sentence_starting_with_one_is_capitalised():
    assert with_article("alpha", start=True) == "An alpha"


@pytest.mark.django_db
def test_the_phase_page_says_an_alpha_bid(client):
    application = ApplicationFactory(phase="", amount=None)
    client.force_login(application.created_by)

    page = client.post(
        reverse("fund:bid-answer", args=[application.reference, "phase"]),
        {"phase": "alpha", "amount": "400000"},
    ).content.decode()

    assert "An alpha bid can ask for up to £350,000 in this round" in page
    assert "A alpha" not in page


@pytest.mark.django_db
def test_the_rules_say_an_alpha_bid_and_a_london_borough():
    round_ = RoundFactory(lead_types=["unitary"])
    lead = signatory(type="london-borough")
    application = ApplicationFactory(
        round=round_, lead=lead, phase="alpha", amount=Decimal(400_000), budget=[("Build", 400_000)]
    )
    partner(application)

    messages = [problem.message for problem in eligibility.problems(application)]

    assert (
        "The most an alpha bid can ask for in this round is £350,000. This bid asks for £400,000." in messages
    )
    assert (
        "A London borough can be a partner in this round but cannot lead a bid. Ask a partner that is one of "
        "these to lead: unitary authority." in messages
    )
