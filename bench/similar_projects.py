"""Quality of "similar projects": recall@5 and MRR on a labelled file (see ../shared/eval/README.md).

    python bench/similar_projects.py path/to/file.jsonl   (or: make bench-similar DATA=path/to/file.jsonl)
    python bench/similar_projects.py --sweep path/to/file.jsonl   (also other weights, and no centring)

It runs the protocol through the same index and query text the pages use: every record is indexed;
each record with a cluster is asked as a new project would be (title, description, service), leaving out
itself and its own organisation's records.
"""

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from localdigital.projects.similarity import index as ranking
from localdigital.projects.similarity.encoder import encoder
from localdigital.projects.similarity.index import Document, SimilarityIndex, query_text


def evaluate(path: Path, settings=((None, None),)) -> list[dict]:
    """The figures for each (embedding weight, mean prior) in `settings`; None keeps the pages' value."""
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
    results = []
    for weight, prior in settings:
        used = (ranking.EMBEDDING_WEIGHT, ranking.MEAN_PRIOR)
        ranking.EMBEDDING_WEIGHT = used[0] if weight is None else weight
        ranking.MEAN_PRIOR = used[1] if prior is None else prior
        try:
            index = SimilarityIndex(documents, np.stack(vectors))
            result = _measure(index, records, texts, vectors)
            centred = bool(np.isfinite(ranking.MEAN_PRIOR))
            result.update(embedding_weight=ranking.EMBEDDING_WEIGHT, centred=centred)
        finally:
            ranking.EMBEDDING_WEIGHT, ranking.MEAN_PRIOR = used
        results.append({"file": str(path), **result})
    return results


def _measure(index, records, texts, vectors) -> dict:
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
        # As the protocol says, out of the rest of the cluster, even records of the same organisation
        # (which the search leaves out): a file may have them, though the development file has none.
        same = [
            other
            for other in records
            if other["cluster"] == record["cluster"] and other["id"] != record["id"]
        ]
        if not same:
            continue
        hits = [cluster[match.document.key] == record["cluster"] for match in matches]
        recalls.append(sum(hits[:5]) / min(5, len(same)))
        reciprocal_ranks.append(next((1 / (rank + 1) for rank, hit in enumerate(hits) if hit), 0.0))
    return {
        "queries": len(recalls),
        "recall_at_5": round(sum(recalls) / len(recalls), 3),
        "mrr": round(sum(reciprocal_ranks) / len(reciprocal_ranks), 3),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("data", type=Path)
    parser.add_argument("--sweep", action="store_true", help="also other embedding weights, and no centring")
    args = parser.parse_args()
    if not args.sweep:
        print(json.dumps(evaluate(args.data)[0], indent=2))
    else:
        weights = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 1.0)
        settings = [(w, None) for w in weights] + [(w, np.inf) for w in weights]
        for result in evaluate(args.data, settings):
            print(json.dumps(result))
