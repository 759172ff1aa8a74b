"""A large, deterministic data set for the registers' benchmark, made with bulk_create through the models.

    python bench/register_data.py [--scale 1] [--seed 2026]   (against DATABASE_URL, already migrated)

At scale 1 (the issue's "10x data"): 400 signatories with 10 published commitments each (4,000), 10,000
projects (10 led by each signatory, the rest by any organisation) with 2 updates, a partner and an
output each, 20,000 confirmed pledges, and 5 decided fund rounds of 2,000 awards each (10,000), each
award with a confirmed partner. It is laid on the organisations and services already in the database
(`import_organisations`, `import_services`); the same seed on the same lists makes the same rows.

Projects' and commitments' similarity vectors are stored as seeded random unit vectors, with the text
hash the pages expect, so that a project page searches a full index without encoding 14,000 texts
first (about 6 minutes on this machine): the search costs what it would, its answers mean nothing.

`make()` is also what tests/test_query_counts.py calls, with small `Sizes`, to fill a test database at
two sizes; `tag` keeps the unique values of a second call apart from the first's.
"""

import argparse
import os
import random
import sys
from collections import Counter
from dataclasses import dataclass, fields, replace
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BATCH = 2000
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
TEXT = (
    "missed bin collections reported online reach the crew the same day; residents wait less and the "
    "contact centre takes fewer calls; council tax single person discount checked against the electoral "
    "register; adult social care assessments booked online with carers; a shared library of school "
    "admission forms; planning applications validated before they reach an officer; parking permits "
    "renewed without paper; housing repairs reported with a photo and tracked to completion"
)
WORDS = TEXT.split()


@dataclass(frozen=True)
class Sizes:
    signatories: int = 400
    commitments_each: int = 10
    projects_each: int = 10  # led by each signatory
    other_projects: int = 6_000  # led by any organisation
    updates_each: int = 2
    partners_each: int = 1  # on each project, commitment and award
    pledges: int = 20_000
    rounds: int = 5
    awards_each: int = 2_000  # per round

    def scaled(self, scale: float) -> "Sizes":
        """Totals scaled (at least one of each); what each row has stays the same."""
        totals = ("signatories", "other_projects", "pledges", "awards_each")
        return replace(self, **{name: max(1, round(getattr(self, name) * scale)) for name in totals})

    def describe(self) -> str:
        return ", ".join(f"{f.name}={getattr(self, f.name)}" for f in fields(self))


def _progress(total: int, label: str, quiet: bool):
    from tqdm import tqdm

    return tqdm(total=total, desc=label, unit="row", disable=quiet, leave=False, mininterval=1)


def _save(model, rows: list, label: str, quiet: bool) -> list:
    """bulk_create in batches, with progress; the rows come back with their primary keys."""
    made = []
    with _progress(len(rows), label, quiet) as progress:
        for start in range(0, len(rows), BATCH):
            made += model.objects.bulk_create(rows[start : start + BATCH])
            progress.update(len(rows[start : start + BATCH]))
    return made


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


class Maker:
    def __init__(self, sizes: Sizes, seed: int, tag: str, quiet: bool):
        from django.utils import timezone

        from localdigital.organisations.models import Organisation
        from localdigital.service_list.models import Service
        from localdigital.signing.models import Signing

        self.sizes, self.tag, self.quiet = sizes, tag, quiet
        self.rng = random.Random(f"{seed}-{tag}")
        self.now = timezone.now()
        self.organisations = list(Organisation.objects.current().order_by("pk"))
        taken = set(Signing.objects.filter(status__in=Signing.LIVE).values_list("organisation_id", flat=True))
        free = [o for o in self.organisations if o.pk not in taken]
        if len(free) < sizes.signatories:
            raise SystemExit(f"{sizes.signatories} signatories asked for, {len(free)} organisations free")
        self.signatories = self.rng.sample(free, sizes.signatories)
        self.services = list(Service.objects.order_by("code"))
        self.made: dict[str, list] = {}

    def ago(self, most_days: int):
        return self.now - timedelta(days=self.rng.randint(1, most_days), seconds=self.rng.randint(0, 86_399))

    def others(self, organisation, count: int, among=None) -> list:
        pool = [o for o in self.rng.sample(among or self.organisations, count + 1) if o.pk != organisation.pk]
        return pool[:count]

    def service(self):
        return self.rng.choice(self.services) if self.services else None

    def reference(self, seen: set) -> str:
        while True:
            code = "".join(self.rng.choice(ALPHABET) for _ in range(8))
            if code not in seen:
                seen.add(code)
                return f"LDD-{code[:4]}-{code[4:]}"

    def run(self) -> dict[str, list]:
        for step in STEPS:
            step(self)
        return self.made


def _users(maker: Maker) -> None:
    from localdigital.accounts.models import User

    rows = [
        User(email=f"officer-{maker.tag}-{n}@{o.slug}.bench.example", full_name=f"Officer {n}")
        for n, o in enumerate(maker.signatories)
    ]
    rows.append(User(email=f"owner-{maker.tag}@bench.example", full_name="Bench owner"))
    for row in rows:
        row.set_unusable_password()
    maker.made["users"] = _save(User, rows, "people", maker.quiet)


def _signings(maker: Maker) -> None:
    from localdigital.declaration.models import DeclarationVersion
    from localdigital.signing.models import Approver, Signing

    version = DeclarationVersion.objects.filter(published_at__isnull=False).order_by("-number").first()
    seen = set(Signing.objects.values_list("reference", flat=True))
    signings = [
        Signing(
            organisation=o,
            status=Signing.Status.SIGNED,
            started_by=maker.made["users"][n],
            submitted_at=maker.ago(900),
            signed_at=maker.ago(800),
            declaration_version=version,
            reference=maker.reference(seen),
        )
        for n, o in enumerate(maker.signatories)
    ]
    maker.made["signings"] = _save(Signing, signings, "signatories", maker.quiet)
    approvers = [
        Approver(
            signing=s,
            role=role,
            name=f"{label} {n}",
            job_title=label,
            email=f"{role}-{maker.tag}-{n}@bench.example",
            status=Approver.Status.SIGNED,
            signed_name=f"{label} {n}",
            signed_at=s.signed_at,
        )
        for n, s in enumerate(maker.made["signings"])
        for role, label in (("head-of-paid-service", "Chief Executive"), ("political-leader", "Leader"))
    ]
    _save(Approver, approvers, "approvers", maker.quiet)


def _commitments(maker: Maker) -> None:
    from localdigital.signing.models import Commitment, CommitmentPartner

    rng, each = maker.rng, maker.sizes.commitments_each
    rows = [
        Commitment(
            organisation=s.organisation,
            signing=s,
            title=_text(rng, 6)[:200],
            mission=_text(rng, 30),
            impact=_text(rng, 20),
            principles=sorted(rng.sample(range(1, 6), rng.randint(1, 3))),
            service=maker.service(),
            due_date=(maker.now + timedelta(days=rng.randint(-200, 700))).date(),
            progress=rng.choice(Commitment.Progress.values),
            state=Commitment.State.PUBLISHED,
            created_by=s.started_by,
        )
        for s in maker.made["signings"]
        for _ in range(each)
    ]
    maker.made["commitments"] = _save(Commitment, rows, "commitments", maker.quiet)
    partners = [
        CommitmentPartner(
            commitment=c,
            organisation=o,
            status=CommitmentPartner.Status.CONFIRMED,
            decided_at=maker.ago(300),
            decided_by=c.created_by,
        )
        for c in maker.made["commitments"]
        for o in maker.others(c.organisation, maker.sizes.partners_each, maker.signatories)
    ]
    _save(CommitmentPartner, partners, "commitment partners", maker.quiet)


def _project(maker: Maker, lead, owner):
    from localdigital.projects.models import Project

    rng = maker.rng
    return Project(
        title=_text(rng, 6)[:200],
        problem=_text(rng, 40),
        building=_text(rng, 20),
        service=maker.service(),
        phase=rng.choice(Project.Phase.values),
        status=rng.choices(Project.Status.values, weights=(8, 1, 1, 1))[0],
        collaboration=rng.choice(Project.Collaboration.values),
        lead=lead,
        owner=owner,
        contact_name="Project contact",
        contact_email=f"projects@{lead.slug}.bench.example",
        budget=rng.choice(Project.Budget.values),
        tags=rng.sample(WORDS, 2),
        last_update_at=maker.ago(400),
    )


def _projects(maker: Maker) -> None:
    from localdigital.projects.models import Project

    users = maker.made["users"]
    rows = [
        _project(maker, s.organisation, users[n])
        for n, s in enumerate(maker.made["signings"])
        for _ in range(maker.sizes.projects_each)
    ]
    rows += [
        _project(maker, maker.rng.choice(maker.organisations), users[-1])
        for _ in range(maker.sizes.other_projects)
    ]
    maker.made["projects"] = _save(Project, rows, "projects", maker.quiet)
    by_organisation: dict[int, list] = {}
    for c in maker.made["commitments"]:
        by_organisation.setdefault(c.organisation_id, []).append(c)
    links = [
        Project.commitments.through(
            project_id=p.pk, commitment_id=maker.rng.choice(by_organisation[p.lead_id]).pk
        )
        for p in maker.made["projects"]
        if p.lead_id in by_organisation
    ]
    _save(Project.commitments.through, links, "projects' commitments", maker.quiet)


def _project_parts(maker: Maker) -> None:
    from localdigital.projects.models import ProjectOutput, ProjectPartner, ProjectUpdate

    projects, rng = maker.made["projects"], maker.rng
    updates = [
        ProjectUpdate(project=p, body=_text(rng, 30), created_by=p.owner)
        for p in projects
        for _ in range(maker.sizes.updates_each)
    ]
    _save(ProjectUpdate, updates, "project updates", maker.quiet)
    partners = [
        ProjectPartner(
            project=p,
            organisation=o,
            status=ProjectPartner.Status.CONFIRMED,
            requested_by=p.owner,
            decided_by=p.owner,
            decided_at=maker.ago(300),
        )
        for p in projects
        for o in maker.others(p.lead, maker.sizes.partners_each)
    ]
    _save(ProjectPartner, partners, "project partners", maker.quiet)
    outputs = [
        ProjectOutput(project=p, kind="code", label="Source code", url=f"https://code.bench.example/{p.pk}")
        for p in projects
    ]
    _save(ProjectOutput, outputs, "project outputs", maker.quiet)


def _rounds(maker: Maker) -> None:
    from localdigital.fund.models import Criterion, Round, RoundPhase

    rounds = [
        Round(
            name=f"Local Digital Fund round {maker.tag}{n + 1}",
            slug=f"bench-{maker.tag}-round-{n + 1}",
            prospectus=_text(maker.rng, 40),
            opens_at=maker.now - timedelta(days=400 - 60 * n),
            closes_at=maker.now - timedelta(days=370 - 60 * n),
            status=Round.Status.DECIDED,
            expressions_of_interest=n == 0,
        )
        for n in range(maker.sizes.rounds)
    ]
    maker.made["rounds"] = _save(Round, rounds, "rounds", maker.quiet)
    phases = [
        RoundPhase(round=r, phase=phase, cap=Decimal(cap))
        for r in maker.made["rounds"]
        for phase, cap in (("discovery", 80_000), ("alpha", 350_000))
    ]
    _save(RoundPhase, phases, "round phases", maker.quiet)
    criteria = [
        Criterion(round=r, name=name, weight=weight, order=order)
        for r in maker.made["rounds"]
        for order, (name, weight) in enumerate((("Strategic fit", 2), ("Deliverability", 1)), start=1)
    ]
    _save(Criterion, criteria, "criteria", maker.quiet)


def _award(maker: Maker, round_, number: int, project):
    from localdigital.fund.models import Application

    rng = maker.rng
    lead = project.lead if project else rng.choice(maker.signatories)
    decided = round_.closes_at + timedelta(days=20, seconds=number)
    phase = rng.choice(("discovery", "alpha"))
    return Application(
        round=round_,
        lead=lead,
        created_by=maker.made["users"][-1],
        title=_text(rng, 6)[:200],
        phase=phase,
        amount=Decimal(rng.randint(10, 70) * 1000),
        problem=_text(rng, 30),
        users=_text(rng, 10),
        plan=_text(rng, 20),
        team=_text(rng, 10),
        open_licence=True,
        status=Application.Status.FUNDED,
        reference=f"LDF-{maker.tag.upper()}{number:05d}",
        submitted_at=round_.closes_at - timedelta(days=1),
        interest_sent_at=round_.opens_at + timedelta(days=3) if round_.expressions_of_interest else None,
        decided_at=decided,
        feedback=_text(rng, 10),
        project=project,
    )


def _awards(maker: Maker) -> None:
    from localdigital.fund.models import Application, ApplicationPartner

    # Awards to a signatory's project first (a project has at most one award), then without a project.
    projects = [p for p in maker.made["projects"] if p.lead_id in {o.pk for o in maker.signatories}]
    rows = []
    for round_ in maker.made["rounds"]:
        for _ in range(maker.sizes.awards_each):
            rows.append(
                _award(maker, round_, len(rows), projects[len(rows)] if len(rows) < len(projects) else None)
            )
    maker.made["awards"] = _save(Application, rows, "awards", maker.quiet)
    partners = [
        ApplicationPartner(application=a, organisation=o, status=ApplicationPartner.Status.CONFIRMED)
        for a in maker.made["awards"]
        for o in maker.others(a.lead, maker.sizes.partners_each, maker.signatories)
    ]
    _save(ApplicationPartner, partners, "award partners", maker.quiet)


def _pledges(maker: Maker) -> None:
    from localdigital.pledges import services
    from localdigital.pledges.models import Pledge, PledgeCountChange

    rng, choices = maker.rng, [*maker.signatories, None]
    rows = []
    for n in range(maker.sizes.pledges):
        confirmed = maker.ago(500)
        rows.append(
            Pledge(
                name=f"Supporter {maker.tag}{n}",
                email=f"supporter-{maker.tag}-{n}@pledge.bench.example",
                email_key=f"supporter-{maker.tag}-{n}@pledge.bench.example",
                organisation=rng.choice(choices),
                show_name=rng.random() < 0.3,
                status=Pledge.Status.CONFIRMED,
                created_at=confirmed - timedelta(minutes=5),
                confirmed_at=confirmed,
                emailed_at=confirmed - timedelta(minutes=5),
                email_due=Pledge.EmailDue.NONE,
            )
        )
    _save(Pledge, rows, "pledges", maker.quiet)
    changes = Counter((p.confirmed_at.date(), p.organisation_id) for p in rows)
    _save(
        PledgeCountChange,
        [PledgeCountChange(day=day, organisation_id=o, delta=n) for (day, o), n in changes.items()],
        "pledge counts",
        maker.quiet,
    )
    services.tally()


def _vectors(maker: Maker) -> None:
    """Seeded random unit vectors, stored under the text hash the search expects, for every project and
    published commitment still without one."""
    import numpy as np

    from localdigital.projects.models import Project, SimilarityVector
    from localdigital.projects.similarity import search
    from localdigital.projects.similarity.encoder import DIMENSIONS
    from localdigital.signing.models import Commitment

    have = set(SimilarityVector.objects.values_list("key", flat=True))
    made = {
        "project": [p.pk for p in maker.made["projects"]],
        "commitment": [c.pk for c in maker.made["commitments"]],
    }
    documents = search._documents(
        Project.objects.filter(pk__in=made["project"]), Commitment.objects.filter(pk__in=made["commitment"])
    )
    generator = np.random.default_rng(maker.rng.randrange(2**32))
    rows = []
    for document in documents:
        if document.key in have:
            continue
        vector = generator.standard_normal(DIMENSIONS).astype(np.float32)
        vector /= np.linalg.norm(vector)
        rows.append(
            SimilarityVector(key=document.key, text_hash=search._hash(document.text), vector=vector.tobytes())
        )
    _save(SimilarityVector, rows, "similarity vectors", maker.quiet)


STEPS = (_users, _signings, _commitments, _projects, _project_parts, _rounds, _awards, _pledges, _vectors)


# Every public page and API list, and every whole-register export: (name, path), the path with the rows
# for the pages about one thing to fill in.
PAGES = [
    ("home", "/"),
    ("projects", "/projects/"),
    ("project activity", "/projects/activity/"),
    ("a project", "/projects/{project}/"),
    ("projects' updates feed", "/projects/updates.atom"),
    ("a project's updates feed", "/projects/{project}/updates.atom"),
    ("commitments", "/commitments/"),
    ("a commitment", "/commitments/{commitment}/"),
    ("commitments feed", "/commitments.atom"),
    ("signatories", "/signatories/"),
    ("a signatory", "/signatories/{organisation}/"),
    ("a signed record", "/signed/{reference}/"),
    ("signatories feed", "/signatories.atom"),
    ("organisations", "/organisations/"),
    ("an organisation", "/organisations/{organisation}/"),
    ("pledges", "/pledges/"),
    ("fund rounds", "/fund/"),
    ("a round", "/fund/{round}/"),
    ("a round's expressions of interest", "/fund/{round}/interest/"),
    ("dashboard", "/dashboard/"),
    ("dashboard for some nations and types", "/dashboard/?nation=england&nation=wales&type=district"),
    ("a dashboard chart as SVG", "/dashboard/signatories-over-time.svg?nation=england"),
    ("API projects", "/api/v1/projects"),
    ("API a project", "/api/v1/projects/{project}"),
    ("API commitments", "/api/v1/commitments"),
    ("API signatories", "/api/v1/signatories"),
    ("API organisations", "/api/v1/organisations"),
    ("API an organisation", "/api/v1/organisations/{organisation}"),
    ("API fund rounds", "/api/v1/fund/rounds"),
    ("API fund interest", "/api/v1/fund/interest"),
    ("API fund awards", "/api/v1/fund/awards"),
    ("API a round's awards", "/api/v1/fund/awards?round={round}"),
    ("API pledge count", "/api/v1/pledges/count"),
]
EXPORTS = [
    ("projects.csv", "/projects.csv"),
    ("commitments.csv", "/commitments.csv"),
    ("signatories.csv", "/signatories.csv"),
    ("organisations.csv", "/organisations.csv"),
    ("pledges daily.csv", "/pledges/daily.csv"),
    ("a dashboard chart's figures.csv", "/dashboard/coverage-by-type.csv"),
    ("360giving.json", "/fund/360giving.json"),
    ("360giving.csv", "/fund/360giving.csv"),
]


def public_paths(signing, project, commitment, round_) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """PAGES and EXPORTS with these rows in the paths about one thing."""
    rows = {
        "project": project.pk,
        "commitment": commitment.pk,
        "organisation": signing.organisation.identifier,
        "reference": signing.reference,
        "round": round_.slug,
    }
    return [(n, p.format(**rows)) for n, p in PAGES], [(n, p.format(**rows)) for n, p in EXPORTS]


def make(sizes: Sizes = Sizes(), *, seed: int = 2026, tag: str = "a", quiet: bool = False) -> dict[str, list]:
    """Make the data set in the configured database (in one transaction); the rows made, by kind."""
    from django.db import transaction

    with transaction.atomic():
        return Maker(sizes, seed, tag, quiet).run()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 is the 10x set; 0.1 a tenth of it")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--tag", default="a", help="kept in unique values, so that a second set can be added")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localdigital.settings.local")
    import django

    django.setup()
    sizes = Sizes().scaled(args.scale)
    print(f"Making: {sizes.describe()}")
    made = make(sizes, seed=args.seed, tag=args.tag)
    print(", ".join(f"{len(rows):,} {kind}" for kind, rows in made.items()))


if __name__ == "__main__":
    main()
