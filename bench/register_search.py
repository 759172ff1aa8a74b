"""Speed of a register's search box with many projects: p50 and p95 of a search, through the register's
own code path (the filter form, the ranked query, its count and its first page of rows).

    python bench/register_search.py [--projects 10000] [--queries 200] [--keep-database] [--encode]
                                    (or: make bench-register-search)

Builds a throwaway SQLite database under var/bench/ (or uses the PostgreSQL database DATABASE_URL names,
which it fills, so give it one of its own), fills it with projects whose texts recombine the sentences
of ../shared/eval/similar_projects_dev.jsonl, encodes and indexes them once, then times searches: a
word or two from the titles, and phrases in words the projects may not use. Each search pays for its
own encoding, as a new search would.
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

DATABASE = ROOT / "var" / "bench" / "register_search.sqlite3"
OTHER_WORDS = [
    "rubbish", "dustbin", "potholes", "lamp posts", "kids", "elderly", "homeless", "parking fines",
    "damp flats", "council tax debt", "flooding", "trees", "noise", "dog fouling", "libraries",
]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--data", type=Path, default=ROOT.parent / "shared" / "eval" / "similar_projects_dev.jsonl"
    )
    parser.add_argument("--encode", action="store_true", help="encode every project with the model")
    parser.add_argument("--keep-database", action="store_true", help="reuse the database of an earlier run")
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        DATABASE.parent.mkdir(parents=True, exist_ok=True)
        if not args.keep_database:
            DATABASE.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localdigital.settings.local")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    from localdigital.projects.models import Project
    from localdigital.projects.register import projects
    from localdigital.projects.similarity import search
    from localdigital.projects.similarity.encoder import embed
    from localdigital.registers.pagination import PAGE_SIZE

    rng = random.Random(2026)
    records, _sentences = top_up_projects(args.data, args.projects, rng)
    # The stored embeddings are random unit vectors unless --encode: what they hold does not change how
    # long a search takes, and encoding 10,000 texts takes this machine many minutes. The words searched
    # for are still encoded by the model, as a search's are.
    if not args.encode:
        import numpy as np

        from localdigital.projects.models import SimilarityVector
        from localdigital.projects.similarity.encoder import DIMENSIONS

        vectors = np.random.default_rng(2026).standard_normal((Project.objects.count(), DIMENSIONS))
        vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
        documents = search._documents(Project.objects.all(), search._published())
        SimilarityVector.objects.bulk_create(
            [
                SimilarityVector(
                    key=document.key, text_hash=search._hash(document.text), vector=vector.tobytes()
                )
                for document, vector in zip(documents, vectors, strict=False)
            ],
            ignore_conflicts=True,
        )
    started = time.perf_counter()
    search.current_index()
    print(f"Encoded and indexed in {time.perf_counter() - started:.0f} s", file=sys.stderr)

    title_words = [word for r in records for word in r["title"].split() if len(word) > 3]
    queries = [
        " ".join(rng.sample(title_words, rng.choice((1, 2)))) if n % 3 else rng.choice(OTHER_WORDS)
        for n in range(args.queries)
    ]

    def one_search(text: str) -> tuple[float, int, int]:
        embed.cache_clear()
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as asked:
            found = projects.apply(projects.form({"q": text}))
            count = found.count()
            list(found[:PAGE_SIZE])
        return (time.perf_counter() - start) * 1000, len(asked), count

    one_search("warm up")
    results = [one_search(text) for text in queries]
    times = sorted(result[0] for result in results)
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "projects": Project.objects.count(),
                "searches": len(times),
                "p50_ms": round(statistics.median(times), 1),
                "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
                "queries_per_search": sorted({result[1] for result in results}),
                "median_matches": statistics.median(result[2] for result in results),
                "load_average": os.getloadavg()[0],
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
