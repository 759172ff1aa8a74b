from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone, translation

from localdigital.audit.models import AuditEvent
from localdigital.fund.models import Application, Round, RoundPhase
from localdigital.plumbing import together
from localdigital.plumbing.emails import MatchFound
from localdigital.plumbing.models import MatchNotice, System
from localdigital.plumbing.tests.factories import ProductFactory, SystemFactory
from localdigital.projects import services as project_services
from localdigital.projects.models import Project, ProjectPartner
from localdigital.service_list.models import Service
from localdigital.signing.tests.factories import CouncilFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def waste():
    return Service.objects.create(code=524, label="Household waste collection")


@pytest.fixture
def kingston():
    return CouncilFactory(name="Kingston upon Thames", slug="kingston", domain="kingston.gov.uk")


def system_for(organisation, service, end, product=None, **extra):
    return SystemFactory(
        organisation=organisation,
        services=[service],
        contract_end=end,
        product=product or ProductFactory(),
        **extra,
    )


@pytest.fixture
def moment(waste, kingston):
    """Kingston's waste contract ends in September 2027; three others' in 2027-28, one's in 2028-29."""
    mine = system_for(kingston, waste, date(2027, 9, 30))
    others = [
        system_for(CouncilFactory(name=name), waste, end)
        for name, end in [
            ("Sutton", date(2027, 4, 1)),
            ("Merton", date(2028, 3, 31)),
            ("Bromley", date(2027, 12, 1)),
        ]
    ]
    later = system_for(CouncilFactory(name="Croydon"), waste, date(2028, 4, 1))
    hidden = system_for(CouncilFactory(name="Lambeth"), waste, date(2027, 6, 1), state=System.State.PROPOSED)
    return {"mine": mine, "others": others, "later": later, "hidden": hidden}


def test_the_window_is_the_financial_year_the_contract_ends_in():
    assert together.financial_year(date(2027, 9, 30)) == (date(2027, 4, 1), date(2028, 3, 31))
    assert together.financial_year(date(2028, 3, 31)) == (date(2027, 4, 1), date(2028, 3, 31))
    assert together.financial_year(date(2028, 4, 1)) == (date(2028, 4, 1), date(2029, 3, 31))


def test_contracts_ending_in_the_same_financial_year_are_found_and_counted(moment):
    [found] = together.contracts_ending(moment["mine"])

    assert {s.organisation.name for s in found.systems} == {"Sutton", "Merton", "Bromley"}
    assert [s.contract_end for s in found.systems] == sorted(s.contract_end for s in found.systems)
    assert found.sentence() == (
        "4 organisations' contracts for Household waste collection end between April 2027 and March 2028."
    )


def test_the_sentence_is_a_whole_welsh_sentence_with_its_plural(moment):
    [found] = together.contracts_ending(moment["mine"])
    with translation.override("cy"):
        sentence = found.sentence()
    assert sentence.startswith("Mae contractau 4 sefydliad")
    assert "Ebrill 2027" in sentence and "Mawrth 2028" in sentence


def test_no_match_is_said_plainly(waste, kingston):
    mine = system_for(kingston, waste, date(2030, 1, 1))
    [found] = together.contracts_ending(mine)
    assert found.sentence() == (
        "No other organisation has told us of a contract for Household waste collection ending between "
        "April 2029 and March 2030."
    )
    assert together.same_product(mine).sentence().startswith("No other organisation has told us it uses")


def test_those_on_the_same_product_are_found(waste, kingston):
    product = ProductFactory(name="BinRound")
    merged = ProductFactory(name="Bin Round", merged_into=product)
    mine = system_for(kingston, waste, None, product=product)
    system_for(CouncilFactory(name="Sutton"), waste, date(2031, 1, 1), product=product)
    system_for(CouncilFactory(name="Merton"), waste, None, product=merged)
    system_for(CouncilFactory(name="Bromley"), waste, None)

    found = together.same_product(mine)

    assert [o.name for o in found.organisations] == ["Merton", "Sutton"]
    assert found.sentence() == "2 other organisations use BinRound."
    assert together.contracts_ending(mine) == []  # no contract end: no window


def test_the_page_is_public_and_shows_only_public_fields(client, moment):
    response = client.get(f"/systems/{moment['mine'].pk}/together/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "4 organisations&#39; contracts for Household waste collection end between April 2027" in body
    assert "Sutton" in body and "Croydon" not in body and "Lambeth" not in body
    assert "Start a joint project" not in body  # only members act
    assert "Sign in" in body


def test_a_proposed_system_has_no_page(client, moment):
    assert client.get(f"/systems/{moment['hidden'].pk}/together/").status_code == 404


def test_a_member_starts_a_joint_project_with_the_organisations_chosen(client, moment, kingston):
    client.force_login(member_of(kingston))
    page = client.get(f"/systems/{moment['mine'].pk}/together/")
    assert "Start a joint project" in page.content.decode()
    sutton, merton = (s.organisation for s in moment["others"][:2])

    response = client.post(
        f"/systems/{moment['mine'].pk}/together/act/",
        {"organisations": [sutton.pk, merton.pk], "action": "project"},
        follow=True,
    )

    project = Project.objects.get()
    assert project.lead == kingston
    assert project.title == "Replacing Household waste collection systems together"
    assert project.service.code == 524
    assert "between April 2027 and March 2028" in project.problem
    # The member gave no name: the public contact is the organisation, never their email address.
    assert project.contact_name == kingston.name
    partners = project.partners.all()
    assert {p.organisation for p in partners} == {sutton, merton}
    assert {p.status for p in partners} == {ProjectPartner.Status.INVITED}
    assert "Joint project started" in response.content.decode()
    assert AuditEvent.objects.filter(action="project registered").count() == 1
    assert AuditEvent.objects.filter(action="project partner named").count() == 2


def test_choosing_no_organisation_is_an_error_and_nothing_is_made(client, moment, kingston):
    client.force_login(member_of(kingston))
    response = client.post(f"/systems/{moment['mine'].pk}/together/act/", {"action": "project"})

    assert response.status_code == 400
    assert "Select at least one organisation to work with" in response.content.decode()
    assert not Project.objects.exists()


def test_only_members_act(client, moment):
    sutton = moment["others"][0].organisation
    client.force_login(member_of(CouncilFactory(name="Elsewhere")))
    response = client.post(
        f"/systems/{moment['mine'].pk}/together/act/", {"organisations": [sutton.pk], "action": "project"}
    )
    assert response.status_code == 403
    assert not Project.objects.exists()


def test_an_organisation_that_does_not_match_cannot_be_invited(client, moment, kingston):
    client.force_login(member_of(kingston))
    croydon = moment["later"].organisation
    response = client.post(
        f"/systems/{moment['mine'].pk}/together/act/", {"organisations": [croydon.pk], "action": "project"}
    )
    assert response.status_code == 400
    assert not Project.objects.exists()


def test_a_discovery_bid_is_started_in_the_open_round(client, moment, kingston):
    now = timezone.now()
    round_ = Round.objects.create(
        name="Round 9", slug="round-9", prospectus="Discovery.", status=Round.Status.OPEN,
        opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=20),
    )  # fmt: skip
    RoundPhase.objects.create(round=round_, phase="discovery", cap=Decimal(80_000))
    client.force_login(member_of(kingston))
    sutton = moment["others"][0].organisation

    response = client.post(
        f"/systems/{moment['mine'].pk}/together/act/",
        {"organisations": [sutton.pk], "action": "bid"},
        follow=True,
    )

    bid = Application.objects.get()
    assert (bid.round, bid.lead, bid.status, bid.phase) == (round_, kingston, "draft", "discovery")
    assert [p.organisation for p in bid.partners.all()] == [sutton]
    assert "Discovery bid started" in response.content.decode()
    assert bid.reference in response.content.decode()


def test_with_no_round_open_the_page_says_so_and_no_bid_starts(client, moment, kingston):
    client.force_login(member_of(kingston))
    page = client.get(f"/systems/{moment['mine'].pk}/together/").content.decode()
    assert "No round of the Local Digital Fund is open for bids at the moment" in page
    assert "Start a discovery bid" not in page

    sutton = moment["others"][0].organisation
    response = client.post(
        f"/systems/{moment['mine'].pk}/together/act/", {"organisations": [sutton.pk], "action": "bid"}
    )
    assert response.status_code == 400
    assert not Application.objects.exists()


def test_a_project_under_way_among_them_can_be_joined_through_the_project_s_own_join(
    client, moment, kingston, waste
):
    sutton = moment["others"][0].organisation
    owner = member_of(sutton, "lead")
    project = project_services.create(
        sutton, owner,
        {"title": "New bin rounds", "problem": "Rounds", "service": waste, "phase": "alpha",
         "collaboration": "share-ideas", "contact_name": "Pat", "contact_email": owner.email},
    )  # fmt: skip
    client.force_login(member_of(kingston))
    page = client.get(f"/systems/{moment['mine'].pk}/together/").content.decode()
    assert "New bin rounds" in page
    assert f'action="/projects/{project.pk}/join/"' in page

    client.post(f"/projects/{project.pk}/join/", {"organisation": kingston.pk, "message": ""})

    partner = project.partners.get()
    assert (partner.organisation, partner.status) == (kingston, ProjectPartner.Status.ASKED)
    # Now that Kingston has asked, the project is no longer offered to it.
    assert "New bin rounds" not in client.get(f"/systems/{moment['mine'].pk}/together/").content.decode()


def test_keepers_of_matched_records_are_told_once_of_a_new_match(
    moment, kingston, waste, django_capture_on_commit_callbacks
):
    keeper = member_of(moment["others"][0].organisation, "keeper")
    System.objects.filter(pk=moment["others"][0].pk).update(created_by=keeper)
    gone = member_of(moment["others"][1].organisation, "gone")
    gone.is_active = False
    gone.save()
    System.objects.filter(pk=moment["others"][1].pk).update(created_by=gone)
    mine = moment["mine"]

    with django_capture_on_commit_callbacks(execute=True):
        together.notice_matches(mine)

    assert [message.to for message in mail.outbox] == [[keeper.email]]
    assert "Kingston upon Thames" in mail.outbox[0].subject + mail.outbox[0].body
    assert f"/systems/{moment['others'][0].pk}/together/" in mail.outbox[0].body
    assert MatchNotice.objects.filter(match=mine).count() == 3  # each matched record, told or not
    # Saving again tells no one again.
    with django_capture_on_commit_callbacks(execute=True):
        together.notice_matches(mine)
    assert len(mail.outbox) == 1


def test_a_record_that_is_not_published_tells_no_one(moment):
    assert together.tell_of_matches(moment["hidden"]) == 0
    assert not MatchNotice.objects.exists()


def test_the_match_email_renders_in_both_languages():
    for language in ("en", "cy"):
        with translation.override(language):
            subject, body = MatchFound.sample().render()
        assert "Sutton" in subject and "BinRound" in subject
        assert "https://localdigital.example/systems/1/together/" in body
