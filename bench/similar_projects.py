"""Quality of "similar projects": recall@5 and MRR on a labelled file (see ../shared/eval/README.md).

    python bench/similar_projects.py path/to/file.jsonl   (or: make bench-similar DATA=path/to/file.jsonl)

It runs the protocol through the same index and query text the pages use: every record is indexed;
each record with a cluster is asked as a new project would be (title, description, service), leaving out
itself and its own organisation's records.
"""

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from localdigital.projects.similarity.encoder import encoder
from localdigital.projects.similarity.index import Document, SimilarityIndex, query_text


def evaluate(path: Path) -> dict:
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    model = encoder()
    started = time.perf_counter()
    texts = [query_text(r["title"], r["description"], r.get("service") or "") for r in records]
    documents = [
        Document(
            key=r["id"],
            title=r["title"],
            text=text,
            organisation_id=r["organisation"],
            service=r.get("service") or "",
        )
        for r, text in zip(records, texts, strict=True)
    ]
    vectors = [model.encode(text) for text in texts]
    print(f"Encoded {len(records)} records in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    import numpy as np

    index = SimilarityIndex(documents, np.stack(vectors))
    cluster = {r["id"]: r["cluster"] for r in records}
    recalls, reciprocal_ranks = [], []
    for record, text, vector in zip(records, texts, vectors, strict=True):
        if not record["cluster"]:
            continue
        matches = index.search(
            text,
            vector,
            service=record.get("service") or "",
            exclude_keys=[record["id"]],
            exclude_organisation=record["organisation"],
            limit=20,
        )
        same = [
            other
            for other in records
            if other["cluster"] == record["cluster"]
            and other["id"] != record["id"]
            and other["organisation"] != record["organisation"]
        ]
        if not same:
            continue
        hits = [cluster[match.document.key] == record["cluster"] for match in matches]
        recalls.append(sum(hits[:5]) / min(5, len(same)))
        reciprocal_ranks.append(next((1 / (rank + 1) for rank, hit in enumerate(hits) if hit), 0.0))
    return {
        "file": str(path),
        "queries": len(recalls),
        "recall_at_5": round(sum(recalls) / len(recalls), 3),
        "mrr": round(sum(reciprocal_ranks) / len(reciprocal_ranks), 3),
    }


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python bench/similar_projects.py path/to/file.jsonl")
    print(json.dumps(evaluate(Path(sys.argv[1])), indent=2))
