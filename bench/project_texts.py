"""Projects for the speed benchmarks, made from a labelled file's texts (titles, and problems of three of
its sentences), led by fifty bench councils; called once Django is set up."""

import json
import random
from pathlib import Path


def top_up_projects(data: Path, projects: int, rng: random.Random) -> tuple[list[dict], list[str]]:
    """Make projects until there are `projects` in all; the file's records and sentences, for the queries."""
    from localdigital.accounts.models import User
    from localdigital.organisations.models import Organisation
    from localdigital.projects.models import Project

    records = [json.loads(line) for line in data.read_text().splitlines() if line.strip()]
    sentences = [s.strip() + "." for r in records for s in r["description"].split(".") if len(s.strip()) > 20]
    organisations = [
        Organisation.objects.get_or_create(
            slug=f"bench-{n}",
            defaults={"name": f"Bench council {n}", "type": "district", "nation": "england"},
        )[0]
        for n in range(50)
    ]
    owner = User.objects.filter(email="bench@bench.example").first() or User.objects.create_user(
        "bench@bench.example"
    )
    Project.objects.bulk_create(
        Project(
            title=rng.choice(records)["title"],
            problem=" ".join(rng.sample(sentences, 3)),
            lead=rng.choice(organisations),
            owner=owner,
            collaboration="share-ideas",
            contact_name="Bench",
            contact_email="bench@bench.example",
        )
        for _ in range(projects - Project.objects.count())
    )
    return records, sentences
