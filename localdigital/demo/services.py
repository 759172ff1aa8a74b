"""Demonstration content for trying the service locally, always marked as demo.

Each feature adds its own demo content here, on top of the real organisation register. Demo bodies
are not councils, so the public count of councils that have signed stays true.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from localdigital.accounts.models import User
from localdigital.declaration.models import DeclarationVersion
from localdigital.demo.declaration_cy import translate_declaration
from localdigital.demo.plumbing import load_systems
from localdigital.fund import assessment
from localdigital.fund import services as fund_services
from localdigital.fund.models import (
    Application,
    ApplicationPartner,
    Assignment,
    BudgetLine,
    Criterion,
    Round,
    RoundPhase,
)
from localdigital.organisations import partnerships
from localdigital.organisations.models import (
    Nation,
    Organisation,
    OrganisationDomain,
    OrganisationType,
    Region,
)
from localdigital.organisations.services import programme_team
from localdigital.pledges import services as pledge_services
from localdigital.pledges.models import Pledge, PledgeCountChange
from localdigital.projects import services as project_services
from localdigital.projects.models import Project
from localdigital.service_list.models import Service
from localdigital.signing import services as signing_services
from localdigital.signing.models import Approver

PROGRAMME_TEAM_EMAIL = "programme-team@localdigital.example"

DEMO_ORGANISATIONS = [
    {
        "slug": "demo-northshire-fire-and-rescue",
        "name": "Northshire Fire and Rescue Authority (demo)",
        "type": OrganisationType.FIRE_AND_RESCUE,
        "nation": Nation.ENGLAND,
        "region": Region.NORTH_WEST,
        "domain": "northshire-fire.example",
    },
    {
        "slug": "demo-council-digital-network",
        "name": "Council Digital Network (demo)",
        "type": OrganisationType.SECTOR_BODY,
        "nation": Nation.ENGLAND,
        "region": "",
        "domain": "council-digital-network.example",
    },
    {
        # A joint waste authority, so that the demo's own record of a system can match the councils'.
        "slug": "demo-westmere-waste-partnership",
        "name": "Westmere Waste Partnership (demo)",
        "type": OrganisationType.OTHER,
        "nation": Nation.ENGLAND,
        "region": Region.SOUTH_EAST,
        "domain": "westmere-waste.example",
    },
]

DEMO_COMMITMENTS = {
    "demo-northshire-fire-and-rescue": [
        (
            "Book a home fire safety visit online",
            "Community fire safety",
            [1],
            "An online booking service for free home fire safety visits, replacing the phone line "
            "and paper forms.",
            "Older and vulnerable residents get a visit sooner, and crews spend less time on admin.",
        ),
    ],
    "demo-council-digital-network": [
        (
            "Publish a shared data standard for missed bin reports",
            "Household waste collection",
            [2, 5],
            "An open data standard for reporting missed household waste collections, tested with "
            "three councils.",
            "Residents can report a missed bin the same way wherever they live.",
        ),
    ],
    "demo-westmere-waste-partnership": [
        (
            "Replace our waste collection software with open, modular parts",
            "Household waste collection",
            [2],
            "A waste collection system that meets the Local Waste Service Standards, bought with "
            "neighbouring authorities whose contracts end when ours does.",
            "Residents see the same collection days and report missed bins the same way across the area.",
        ),
    ],
}


DEMO_PROJECTS = {
    "demo-northshire-fire-and-rescue": [
        (
            "Online booking for home fire safety visits",
            "Community fire safety",
            "alpha",
            "Older and vulnerable residents phone to book a free home fire safety visit, and the line "
            "is busy. Referrals from partners arrive by email and are typed in again.",
            "Sprint 3: tested the booking form with 8 residents aged over 70; most finished without help.",
        ),
    ],
    "demo-council-digital-network": [
        (
            "Shared data standard for missed bin reports",
            "Household waste collection",
            "discovery",
            "Every council collects missed bin reports differently, so suppliers build the same thing "
            "many times and residents meet a different form in each area.",
            "We have mapped the data 6 councils collect and drafted the first version of the standard.",
        ),
    ],
    "demo-westmere-waste-partnership": [
        (
            "Choosing our next waste collection system with our neighbours",
            "Household waste collection",
            "discovery",
            "Our contract for waste collection software ends in September 2027. Several neighbouring "
            "authorities' contracts end the same year: buying one modular system together, on the Local "
            "Waste Service Standards, would cost each of us less.",
            "We have listed what our crews and residents need from the next system.",
        ),
    ],
}


def service_named(label: str) -> Service | None:
    """A service in the LGSL list, found by its name (codes are easy to get wrong); None if the list
    has not been imported."""
    return Service.objects.filter(label__iexact=label).first()


@dataclass
class DemoReport:
    organisations_created: int = 0
    signatories_created: int = 0
    projects_created: int = 0
    pledges_created: int = 0
    rounds_created: int = 0
    systems_created: int = 0


def load_demo_data() -> DemoReport:
    """Add the demo content that is missing; running it again adds nothing."""
    report = DemoReport()
    staff, _ = User.objects.get_or_create(
        email=PROGRAMME_TEAM_EMAIL, defaults={"full_name": "Programme team (demo)", "is_staff": True}
    )
    programme_team.add_member(staff)
    translate_declaration(staff)
    for spec in DEMO_ORGANISATIONS:
        fields = {key: value for key, value in spec.items() if key not in ("slug", "domain")}
        organisation, created = Organisation.objects.get_or_create(
            slug=spec["slug"],
            defaults={**fields, "is_demo": True, "managed_by": Organisation.ManagedBy.STAFF},
        )
        if created:
            report.organisations_created += 1
            OrganisationDomain.objects.create(
                organisation=organisation,
                domain=spec["domain"],
                note="Demo domain: .example never delivers mail",
            )
        if not organisation.signings.exists() and DeclarationVersion.objects.current() is not None:
            _sign(organisation, spec["domain"], staff)
            report.signatories_created += 1
        if not organisation.projects.exists():
            report.projects_created += _share_projects(organisation, spec["domain"])
    _partner_demo_projects()
    report.pledges_created = _pledge_support()
    report.rounds_created = _fund_rounds(staff)
    report.systems_created = load_systems()
    return report


# The demo criteria's Welsh, written by staff beside the English in the staff tools.
CRITERIA_CY = {
    "Strategic fit": "Cyd-fynd â’r strategaeth",
    "Deliverability": "Gallu i’w gyflawni",
    "Value for money": "Gwerth am arian",
    "User need": "Angen defnyddwyr",
    "Reuse by others": "Ailddefnydd gan eraill",
}


def _fund_rounds(staff: User) -> int:
    """A decided round in which the demo bodies were funded together, and an open round."""
    demo = list(Organisation.objects.filter(is_demo=True, signings__status="signed").order_by("slug"))
    if Round.objects.filter(slug__startswith="demo-").exists() or len(demo) < 2:
        return 0
    now = timezone.now()
    past = Round.objects.create(
        name="Demo round 1 (demo)",
        name_cy="Cylch arddangos 1 (arddangos)",
        slug="demo-round-1",
        prospectus="Funding for discovery work by at least two signatory organisations together.",
        prospectus_cy="Cyllid ar gyfer gwaith darganfod gan o leiaf ddau sefydliad sydd wedi llofnodi, "
        "gyda’i gilydd.",
        opens_at=now - timedelta(days=120),
        closes_at=now + timedelta(days=1),
        status=Round.Status.OPEN,
        minimum_organisations=2,
    )
    RoundPhase.objects.create(round=past, phase="discovery", cap=Decimal(80_000))
    for order, (name, weight) in enumerate(
        [("Strategic fit", 2), ("Deliverability", 1), ("Value for money", 1)]
    ):
        Criterion.objects.create(round=past, name=name, name_cy=CRITERIA_CY[name], weight=weight, order=order)
    lead, partner = demo[0], demo[1]
    lead_domain = lead.domains.all()[0].domain  # the first by name, as the domains are ordered
    applicant = User.objects.filter(email__endswith="@" + lead_domain).order_by("pk")[0]
    bid = Application.objects.create(
        round=past,
        lead=lead,
        created_by=applicant,
        title="Shared booking for bulky waste collections (demo)",
        contact_name=applicant.full_name or "Demo applicant",
        phase="discovery",
        amount=Decimal(60_000),
        problem="Each council books bulky waste collections by phone, with different rules and prices.",
        users="Residents booking a collection, and the crews who collect.",
        plan="Eight weeks of research with residents and crews in both areas.",
        team="A user researcher and a service designer from each body.",
        finance_officer_name="Pat Finance (demo)",
        finance_officer_email="s151@" + lead_domain,
        open_licence=True,
        reference="LDF-DEMO-0001",
    )
    BudgetLine.objects.create(application=bid, item="User research", amount=Decimal(40_000))
    BudgetLine.objects.create(application=bid, item="Service design", amount=Decimal(20_000))
    ApplicationPartner.objects.create(application=bid, organisation=partner, status="confirmed")
    bid = fund_services.submit(bid, actor=applicant)
    assignment = Assignment.objects.create(application=bid, assessor=staff)
    assessment.declare(assignment, actor=staff, conflict="")
    assessment.score(
        assignment,
        {c.pk: (4, f"Good evidence on {c.name.lower()}.") for c in past.criteria.all()},
        actor=staff,
    )
    # Bids are decided once their round has closed.
    Round.objects.filter(pk=past.pk).update(closes_at=now - timedelta(days=60), status=Round.Status.DECIDED)
    fund_services.decide(
        bid, funded=True, feedback="A clear shared problem and a realistic plan.", actor=staff
    )
    project = Project.objects.get(award=bid)
    project_services.change(
        project, applicant, {"service": service_named("Bulky household waste collections")}
    )
    open_round = Round.objects.create(
        name="Demo round 2 (demo)",
        name_cy="Cylch arddangos 2 (arddangos)",
        slug="demo-round-2",
        prospectus="Alpha and beta work on shared problems, by at least three signatory organisations.",
        prospectus_cy="Gwaith alffa a beta ar broblemau cyffredin, gan o leiaf dri sefydliad sydd wedi "
        "llofnodi.",
        opens_at=now - timedelta(days=7),
        closes_at=now + timedelta(days=28),
        status=Round.Status.OPEN,
        minimum_organisations=3,
    )
    RoundPhase.objects.create(round=open_round, phase="alpha", cap=Decimal(350_000))
    RoundPhase.objects.create(round=open_round, phase="beta", cap=Decimal(350_000))
    for order, (name, weight) in enumerate([("User need", 2), ("Reuse by others", 2), ("Deliverability", 1)]):
        Criterion.objects.create(
            round=open_round, name=name, name_cy=CRITERIA_CY[name], weight=weight, order=order
        )
    # A bid in progress, so that the task list, the unmet rules and a partner's answer can be seen.
    draft = fund_services.start(
        open_round, lead, applicant, "Alpha of a shared bulky waste booking service (demo)"
    )
    fund_services.save_answers(
        draft,
        applicant,
        {"phase": "alpha", "amount": Decimal(250_000), "problem": bid.problem, "users": bid.users},
    )
    fund_services.name_partner(draft, partner, applicant)
    return 2


DEMO_SUPPORTERS = [
    ("Alex Morgan", "Digital lead", True),
    ("Priya Nair", "Service designer", True),
    ("Sam Taylor", "", False),
    ("Chris Evans", "Councillor", True),
    ("Jordan Lee", "", False),
    ("Morgan Price", "Head of IT", True),
    ("Taylor Reid", "", False),
    ("Robin Hughes", "Product manager", True),
    ("Casey Ward", "", False),
    ("Jamie Fox", "User researcher", True),
    ("Drew Patel", "", False),
    ("Kim Walsh", "Developer", True),
]


def _pledge_support() -> int:
    """Confirmed demo pledges over the last fortnight, some at demo bodies, counted by a tally. Made
    directly (no emails to .example addresses); their counts go through the same journal and tally."""
    if Pledge.objects.filter(email_key__endswith=".example").exists():
        return 0
    organisations = list(Organisation.objects.filter(is_demo=True).order_by("slug"))
    now = timezone.now()
    for index, (name, role, show_name) in enumerate(DEMO_SUPPORTERS):
        organisation = organisations[index % len(organisations)] if role and organisations else None
        confirmed_at = now - timedelta(days=index % 14, hours=index)
        email = f"supporter{index}@pledges.example"
        Pledge.objects.create(
            name=f"{name} (demo)",
            email=email,
            email_key=email,
            organisation=organisation,
            role=role,
            show_name=show_name,
            status=Pledge.Status.CONFIRMED,
            created_at=confirmed_at - timedelta(minutes=5),
            confirmed_at=confirmed_at,
            email_due=Pledge.EmailDue.NONE,
        )
        PledgeCountChange.objects.create(
            day=timezone.localdate(confirmed_at), organisation=organisation, delta=1
        )
    pledge_services.tally()
    return len(DEMO_SUPPORTERS)


def _partner_demo_projects() -> None:
    """The demo network works with the demo fire authority on its project, confirmed by both."""
    project = Project.objects.filter(lead__slug="demo-northshire-fire-and-rescue").first()
    network = Organisation.objects.filter(slug="demo-council-digital-network").first()
    if project is None or network is None or project.partners.filter(organisation=network).exists():
        return
    partner = project_services.name_partner(project, network, project.owner)
    member, _ = User.objects.get_or_create(email="digital.lead@council-digital-network.example")
    partnerships.confirm(partner, member)


def _share_projects(organisation: Organisation, domain: str) -> int:
    owner, _ = User.objects.get_or_create(
        email=f"digital.lead@{domain}", defaults={"full_name": "Demo applicant"}
    )
    specs = DEMO_PROJECTS.get(organisation.slug, [])
    for title, service, phase, problem, update in specs:
        project = project_services.create(
            organisation,
            owner,
            {
                "title": title,
                "problem": problem,
                "phase": phase,
                "status": "active",
                "collaboration": "open-to-conversation",
                "service": service_named(service),
                "contact_name": "Demo applicant",
                "contact_email": owner.email,
                "budget": "under-50k",
                "tags": ["demo"],
            },
        )
        project_services.post_update(project, owner, update)
    return len(specs)


def _sign(organisation: Organisation, domain: str, staff: User) -> None:
    """Take a demo body through the whole signing journey, as its people would."""
    applicant, _ = User.objects.get_or_create(
        email=f"digital.lead@{domain}", defaults={"full_name": "Demo applicant"}
    )
    signing = signing_services.start(organisation, applicant)
    names = {
        Approver.Role.HEAD_OF_PAID_SERVICE: ("Jordan Reed", "Chief Executive", "chief.executive"),
        Approver.Role.POLITICAL_LEADER: ("Priya Shah", "Chair", "chair"),
    }
    for role, (name, title, mailbox) in names.items():
        signing_services.nominate(
            signing, applicant, role=role, name=name, job_title=title, email=f"{mailbox}@{domain}"
        )
    for title, service, principles, mission, impact in DEMO_COMMITMENTS.get(organisation.slug, []):
        data = {
            "title": title,
            "mission": mission,
            "impact": impact,
            "principles": principles,
            "service": service_named(service),
            "due_date": timezone.localdate() + timedelta(days=300),
        }
        signing_services.save_commitment(signing, applicant, data=data, partners=[])
    signing_services.submit(signing, applicant)
    signing_services.send_for_signature(signing, staff)
    for approver in signing.current_approvers():
        # The demo signs on the approvers' behalf: their links went to .example addresses.
        token = signing_services.APPROVAL_LINKS.issue(approver)
        approver.save(update_fields=["token_hash", "link_expires_at"])
        signing_services.sign(token, approver.name)
