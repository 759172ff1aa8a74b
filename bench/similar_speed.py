"""Speed of "similar projects" with many projects: p50 and p95 of a search, through the pages' code path.

    python bench/similar_speed.py [--projects 10000] [--queries 200]   (or: make bench-similar-speed)

Builds a throwaway SQLite database under var/bench/, fills it with projects whose texts recombine the
sentences of ../shared/eval/similar_projects_dev.jsonl, encodes and indexes them once, then times
searches for a new project's text (which needs its embedding) and for existing projects, then the
first search after each of a number of edits and deletions, and a rebuild from stored vectors.
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.project_texts import top_up_projects  # noqa: E402

DATABASE = ROOT / "var" / "bench" / "similar_speed.sqlite3"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--edits", type=int, default=50)
    parser.add_argument(
        "--data", type=Path, default=ROOT.parent / "shared" / "eval" / "similar_projects_dev.jsonl"
    )
    parser.add_argument(
        "--keep-database",
        action="store_true",
        help="reuse the database of an earlier run (its stored vectors), topped up to --projects",
    )
    args = parser.parse_args()

    DATABASE.parent.mkdir(parents=True, exist_ok=True)
    if not args.keep_database:
        DATABASE.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localdigital.settings.local")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from localdigital.projects.models import Project
    from localdigital.projects.similarity import search

    rng = random.Random(2026)
    records, sentences = top_up_projects(args.data, args.projects, rng)
    started = time.perf_counter()
    search.current_index()
    print(
        f"Encoded and indexed {args.projects} projects in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )

    from localdigital.projects.similarity.encoder import embed

    def timed(call) -> float:
        embed.cache_clear()  # every search here pays for its own encoding, as a new text would
        start = time.perf_counter()
        call()
        return (time.perf_counter() - start) * 1000

    drafts = [rng.choice(records) for _ in range(args.queries)]
    new_project = [timed(lambda r=r: search.similar_to_text(r["title"], r["description"])) for r in drafts]
    existing = list(Project.objects.select_related("service").order_by("?")[: args.queries])
    project_page = [timed(lambda p=p: search.similar_to_project(p)) for p in existing]

    # A project edited (new words, so a new embedding) and then a project page shown. Saving encodes the
    # new text, as projects.services.change does (timed on its own); the first search after the edit
    # brings the index up to date in place from the stored vector.
    saving, after_edit = [], []
    for project in existing[: args.edits]:
        record = rng.choice(records)
        project.title = record["title"]
        project.problem = " ".join(rng.sample(sentences, 3))
        project.save()
        saving.append(timed(lambda p=project: search.remember(p)))
        after_edit.append(timed(lambda p=project: search.similar_to_project(p)))
    # A project deleted, then a project page shown.
    after_delete = []
    for project in existing[args.edits : 2 * args.edits]:
        project.delete()
        after_delete.append(timed(lambda: search.similar_to_project(existing[0])))
    # For comparison: a build from scratch with every vector already stored (what every change cost
    # before the index was updated in place, and what it costs once changes reach a tenth of it).
    rebuilds = []
    for _ in range(3):
        search.forget_index()
        rebuilds.append(timed(search.current_index))

    def summary(times: list[float]) -> dict:
        ordered = sorted(times)
        return {
            "p50_ms": round(statistics.median(ordered), 1),
            "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1),
            "queries": len(ordered),
        }

    print(
        json.dumps(
            {
                "projects": args.projects,
                "new_project_text": summary(new_project),
                "existing_project": summary(project_page),
                "encoding_an_edited_project_as_it_is_saved": summary(saving),
                "existing_project_after_an_edit": summary(after_edit),
                "existing_project_after_a_deletion": summary(after_delete),
                "full_rebuild": summary(rebuilds),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
