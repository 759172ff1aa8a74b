"""The fund's rules, assessment arithmetic and conflicts, decisions, and the awards as 360Giving data."""

import json
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from localdigital.accounts.models import User
from localdigital.fund import assessment, eligibility, services
from localdigital.fund.models import Application, ApplicationPartner, Assignment, BudgetLine, Criterion
from localdigital.fund.open_data import org_id
from localdigital.fund.tests.factories import (
    ApplicationFactory,
    RoundFactory,
    close_round,
    partner,
    signatory,
)
from localdigital.organisations.models import Nation, OrganisationType
from localdigital.signing.tests.factories import CouncilFactory, member_of

pytestmark = pytest.mark.django_db

SCHEMAS = Path(settings.ORGANISATION_DATA_DIR)


def rules_broken(application) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for problem in eligibility.problems(application):
        found.setdefault(problem.rule, []).append(problem.message)
    return found


@pytest.fixture
def bid():
    application = ApplicationFactory()
    partner(application)
    return application


def test_a_complete_bid_with_a_confirmed_signatory_partner_breaks_no_rule(bid):
    assert rules_broken(bid) == {}


def test_too_few_signatory_organisations(bid):
    bid.partners.all().delete()

    assert rules_broken(bid)["minimum-organisations"] == [
        "This round needs at least 2 organisations that have signed the Declaration in each bid, the lead "
        "included. This bid has 1 so far: add partners, and ask them to confirm."
    ]


def test_single_organisation_bids_where_the_round_allows_them(bid):
    bid.partners.all().delete()
    bid.round.minimum_organisations = 1
    bid.round.save()

    assert rules_broken(bid) == {}


def test_partners_must_confirm_and_may_decline(bid):
    partner(bid, signatory(name="Sutton"), ApplicationPartner.Status.INVITED)
    partner(bid, CouncilFactory(name="Merton"), ApplicationPartner.Status.DECLINED)

    broken = rules_broken(bid)["partner-confirmed"]
    assert (
        "Sutton has not confirmed it is a partner yet. Someone who works there confirms it on their "
        "account page." in broken
    )
    assert "Merton declined to be a partner. Remove it from the bid." in broken


def test_partners_must_have_signed_where_the_round_says_so(bid):
    partner(bid, CouncilFactory(name="Croydon"))

    assert rules_broken(bid)["partner-signatory"] == [
        "Croydon has not signed the Declaration, and in this round every partner must have signed."
    ]
    bid.round.partners_must_be_signatories = False
    bid.round.save()
    assert "partner-signatory" not in rules_broken(bid)


def test_the_lead_must_have_signed():
    application = ApplicationFactory(lead=CouncilFactory(name="Bromley"))
    partner(application)

    assert rules_broken(application)["lead-signatory"] == [
        "Bromley has not signed the Declaration. Only signatories can lead a bid."
    ]


def test_some_types_may_partner_but_not_lead(bid):
    fire = signatory(name="Northshire Fire", type=OrganisationType.FIRE_AND_RESCUE)
    application = ApplicationFactory(round=bid.round, lead=fire)
    partner(application)
    bid.round.lead_types = [OrganisationType.LONDON_BOROUGH, OrganisationType.UNITARY]
    bid.round.save()

    assert rules_broken(application)["lead-type"] == [
        "A fire and rescue authority can be a partner in this round but cannot lead a bid. Ask a partner "
        "that is one of these to lead: London borough, unitary authority."
    ]


def test_one_organisation_leads_at_most_so_many_bids(bid):
    for _ in range(2):
        other = ApplicationFactory(round=bid.round, lead=bid.lead, status=Application.Status.SUBMITTED)
        partner(other)

    assert rules_broken(bid)["bids-led"] == [
        f"{bid.lead.name} already leads 2 submitted bids in this round, the most one organisation may lead. "
        "Another organisation in the group could lead this one."
    ]


def test_the_phase_must_be_one_the_round_funds_and_the_amount_within_its_cap(bid):
    bid.phase = "beta"
    assert rules_broken(bid)["phase"] == ["Choose a phase this round funds: discovery, alpha."]

    bid.phase, bid.amount = "discovery", Decimal(90_000)
    assert rules_broken(bid)["amount"] == [
        "The most a discovery bid can ask for in this round is £80,000. This bid asks for £90,000."
    ]


def test_the_budget_must_add_up_to_the_amount(bid):
    BudgetLine.objects.create(application=bid, item="Travel", amount=Decimal("1250.50"))

    assert rules_broken(bid)["budget"] == [
        "The budget lines add up to £61,250.50, but the bid asks for £60,000. They must be the same."
    ]


def test_every_answer_the_round_needs(bid):
    bid.finance_officer_email = ""
    bid.plan = "  "
    bid.open_licence = False

    broken = rules_broken(bid)
    assert broken["finance_officer_email"] == ["Give the email address of your finance (Section 151) officer"]
    assert broken["plan"] == ["Describe the plan: what you will do and when"]
    assert broken["open-licence"] == ["Agree to publish what the project makes under an open licence."]


def test_after_the_closing_date_nothing_can_be_submitted(bid):
    bid.round.closes_at = timezone.now() - timedelta(minutes=1)
    bid.round.save()

    with pytest.raises(services.NotReady) as refused:
        services.submit(bid, actor=bid.created_by)
    assert refused.value.problems[0].rule == "round-open"
    assert "bids can no longer change" in refused.value.problems[0].message
    assert Application.objects.get().status == Application.Status.DRAFT


def test_submitting_needs_every_rule_met_and_happens_once(bid):
    services.submit(bid, actor=bid.created_by)

    assert Application.objects.get().status == Application.Status.SUBMITTED
    with pytest.raises(services.NotReady):
        services.submit(bid, actor=bid.created_by)


def test_weighted_totals_are_percentages_of_the_most_possible():
    round_ = RoundFactory()
    fit, deliver, value = round_.criteria.all()

    # (2 x 5 + 1 x 3 + 1 x 4) / ((2 + 1 + 1) x 5) = 17 / 20
    assert assessment.weighted_total(
        {fit.pk: 5, deliver.pk: 3, value.pk: 4}, [fit, deliver, value], 5
    ) == Decimal("85.0")
    assert assessment.weighted_total({}, [fit, deliver, value], 5) == Decimal("0.0")


def assign(application, email):
    """An assessor for a submitted bid, who has said they have no conflict of interest."""
    Application.objects.filter(pk=application.pk).update(status=Application.Status.SUBMITTED)
    application.refresh_from_db()
    return Assignment.objects.create(
        application=application, assessor=User.objects.create_user(email), declared_at=timezone.now()
    )


def test_moderation_gives_means_spreads_and_a_ranking_with_shared_ranks(bid):
    criteria = list(bid.round.criteria.all())
    other = ApplicationFactory(round=bid.round)
    third = ApplicationFactory(round=bid.round)
    for application, marks_by_assessor in [
        (bid, [(5, 5, 5), (3, 3, 3)]),  # 100 and 60: mean 80, spread 40
        (other, [(4, 4, 4)]),  # 80
        (third, [(1, 1, 1)]),  # 20
    ]:
        for index, marks in enumerate(marks_by_assessor):
            assignment = assign(application, f"assessor{index}.{application.pk}@panel.example")
            assessment.score(
                assignment,
                {c.pk: (m, "Clear evidence") for c, m in zip(criteria, marks, strict=True)},
                actor=assignment.assessor,
            )

    rows = assessment.moderate([third, bid, other])

    assert [(row.application, row.mean, row.spread, row.rank) for row in rows] == [
        (bid, Decimal("80.0"), Decimal("40.0"), 1),
        (other, Decimal("80.0"), Decimal("0.0"), 1),
        (third, Decimal("20.0"), Decimal("0.0"), 3),
    ]


def test_someone_from_a_bidding_organisation_cannot_score_it(bid):
    insider = Assignment.objects.create(
        application=bid, assessor=member_of(bid.partners.get().organisation, "x")
    )
    declared = assign(bid, "panel@panel.example")
    declared.conflict = "I used to work for the lead"
    declared.save()
    marks = {c.pk: (3, "Fine") for c in bid.round.criteria.all()}

    with pytest.raises(assessment.NotAllowed, match="work for an organisation in the bid"):
        assessment.score(insider, marks, actor=insider.assessor)
    with pytest.raises(assessment.NotAllowed, match="declared a conflict"):
        assessment.score(declared, marks, actor=declared.assessor)
    assert assessment.moderate([bid])[0].totals == []


def test_scores_must_cover_every_criterion_within_the_scale_with_comments(bid):
    assignment = assign(bid, "panel@panel.example")
    criteria = list(Criterion.objects.filter(round=bid.round))
    for marks, message in [
        ({criteria[0].pk: (3, "ok")}, "Score every criterion"),
        ({c.pk: (6, "ok") for c in criteria}, "from 0 to 5"),
        ({c.pk: (3, " ") for c in criteria}, "Give a comment"),
    ]:
        with pytest.raises(assessment.NotAllowed, match=message):
            assessment.score(assignment, marks, actor=assignment.assessor)


def funded(application) -> Application:
    services.submit(application, actor=application.created_by)
    close_round(application.round)
    staff = User.objects.create_user("team@localdigital.example", is_staff=True)
    return services.decide(application, funded=True, feedback="Strong fit.", actor=staff)


def test_a_funded_bid_becomes_a_project_with_its_partners_and_the_applicant_hears(bid):
    award = funded(bid)

    project = award.project
    assert (project.lead, project.phase, project.title) == (bid.lead, "discovery", bid.title)
    assert list(project.partners.values_list("organisation", "status")) == [
        (bid.partners.get().organisation_id, "confirmed")
    ]
    assert mail.outbox[-1].to == [bid.created_by.email]
    assert "has been funded" in mail.outbox[-1].subject


@pytest.mark.parametrize(
    ("nation", "type_", "expected"),
    [
        (Nation.ENGLAND, OrganisationType.LONDON_BOROUGH, "GB-LAE-KTT"),
        (Nation.SCOTLAND, OrganisationType.SCOTTISH_COUNCIL, "GB-LAS-KTT"),
        (Nation.WALES, OrganisationType.WELSH_COUNCIL, "GB-PLA-KTT"),
        (Nation.NORTHERN_IRELAND, OrganisationType.NORTHERN_IRISH_COUNCIL, "GB-LANI-KTT"),
    ],
)
def test_recipients_are_identified_by_org_id_guide_codes(nation, type_, expected):
    assert org_id(CouncilFactory(nation=nation, type=type_, register_code="KTT")) == expected


def validator() -> Draft202012Validator:
    """The package schema, with the grant schema registered at the address it refers to (no network)."""
    package = json.loads((SCHEMAS / "360-giving-package-schema.json").read_text())
    grant = json.loads((SCHEMAS / "360-giving-schema.json").read_text())
    ref = package["properties"]["grants"]["items"]["$ref"]
    registry = Registry().with_resource(ref, DRAFT202012.create_resource(grant))
    return Draft202012Validator(
        package, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def test_awards_are_published_as_a_valid_360giving_package_and_csv(client, bid):
    award = funded(bid)

    data = streamed_json(client.get(reverse("fund:360giving-json")))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator().iter_errors(data)]
    assert errors == []
    (grant,) = data["grants"]
    assert grant["id"] == f"{settings.GRANT_IDENTIFIER_PREFIX}-{award.reference}"
    assert grant["recipientOrganization"][0]["id"] == org_id(bid.lead)
    assert grant["amountAwarded"] == 60000.0
    csv = b"".join(client.get(reverse("fund:360giving-csv")).streaming_content).decode()
    assert "Recipient Org:Identifier" in csv.splitlines()[0]
    assert org_id(bid.lead) in csv.splitlines()[1]


def streamed_json(response):
    assert response.streaming  # written grant by grant, never held whole in memory
    return json.loads(b"".join(response.streaming_content))


def more_awards(award: Application, count: int, round_=None, prefix="LDF-X") -> list[Application]:
    """`count` more awards like `award` in its round (or another), each decided a second later."""
    copies = [
        Application(
            round=round_ or award.round, lead=award.lead, created_by=award.created_by, title=f"Award {n:03d}",
            phase=award.phase, amount=award.amount, problem=award.problem, status=Application.Status.FUNDED,
            reference=f"{prefix}{n:04d}", submitted_at=award.submitted_at,
            decided_at=award.decided_at + timedelta(seconds=n + 1),
        )
        for n in range(count)
    ]  # fmt: skip
    return Application.objects.bulk_create(copies)


def test_the_360giving_files_hold_every_award_in_decision_order(client, bid):
    award = funded(bid)
    more_awards(award, 7)

    data = streamed_json(client.get(reverse("fund:360giving-json")))
    csv = b"".join(client.get(reverse("fund:360giving-csv")).streaming_content).decode("utf-8-sig")

    expected = [award.reference] + [f"LDF-X{n:04d}" for n in range(7)]
    prefix = settings.GRANT_IDENTIFIER_PREFIX
    assert [g["id"] for g in data["grants"]] == [f"{prefix}-{ref}" for ref in expected]
    assert list(validator().iter_errors(data)) == []
    assert [line.split(",")[0] for line in csv.splitlines()[1:]] == [f"{prefix}-{ref}" for ref in expected]


def test_there_is_no_360giving_package_before_any_award(client):
    assert client.get(reverse("fund:360giving-json")).status_code == 404


def test_the_awards_api_is_paged_with_limit_and_offset_and_kept_to_a_round(client, bid):
    award = funded(bid)
    more_awards(award, 4)
    (other,) = more_awards(award, 1, round_=RoundFactory(), prefix="LDF-OTHER")

    pages = [client.get("/api/v1/fund/awards", {"limit": 2}).json()]
    while pages[-1]["links"]["next"]:
        pages.append(client.get(pages[-1]["links"]["next"].removeprefix(settings.SITE_URL)).json())
    in_round = client.get("/api/v1/fund/awards", {"round": other.round.slug}).json()

    assert [(p["count"], p["limit"], p["offset"]) for p in pages] == [(6, 2, 0), (6, 2, 2), (6, 2, 4)]
    # Oldest decision first; the other round's award was decided at the same second as LDF-X0000.
    assert [a["reference"] for p in pages for a in p["items"]] == [
        award.reference,
        "LDF-X0000",
        "LDF-OTHER0000",
        "LDF-X0001",
        "LDF-X0002",
        "LDF-X0003",
    ]
    assert pages[1]["links"]["previous"].endswith("limit=2&offset=0")
    assert [a["reference"] for a in in_round["items"]] == ["LDF-OTHER0000"]
    assert client.get("/api/v1/fund/awards", {"limit": 501}).status_code == 400


def test_a_rounds_funded_projects_are_shown_a_page_at_a_time(client, bid):
    award = funded(bid)
    more_awards(award, 54)  # 55 in all: a page of 50, then 5
    url = reverse("fund:round", args=[bid.round.slug])

    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()

    assert "55 projects, £3,300,000 in all. Projects 1 to 50 are shown." in first
    assert first.count('<tr class="govuk-table__row">') - second.count('<tr class="govuk-table__row">') == 45
    assert "Projects 51 to 55 are shown." in second
    assert "Award 053" in second and "Award 053" not in first
    assert 'href="?page=2"' in first


def test_a_broken_grant_fails_the_schema(client, bid):
    funded(bid)
    data = streamed_json(client.get(reverse("fund:360giving-json")))
    data["grants"][0]["awardDate"] = "22/11/2026"
    del data["grants"][0]["currency"]

    assert list(validator().iter_errors(data))


def test_round_pages_show_rules_awards_and_totals(client, bid):
    funded(bid)

    page = client.get(reverse("fund:round", args=[bid.round.slug])).content.decode()

    assert "At least 2 organisations that have signed the Declaration in each bid" in page
    assert "Discovery up to £80,000" in page
    assert bid.title in page
    assert "£60,000" in page
    rounds = client.get("/api/v1/fund/rounds").json()
    assert rounds[0]["phases"] == [
        {"phase": "discovery", "cap": "80000.00"},
        {"phase": "alpha", "cap": "350000.00"},
    ]
    awards = client.get("/api/v1/fund/awards").json()
    assert awards["items"][0]["lead_org_id"] == org_id(bid.lead)
