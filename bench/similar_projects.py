"""Quality of "similar projects": recall@5 and MRR on a labelled file (see ../shared/eval/README.md).

    python bench/similar_projects.py path/to/file.jsonl   (or: make bench-similar DATA=path/to/file.jsonl)
    python bench/similar_projects.py --sweep path/to/file.jsonl   (also other weights, and no centring)
    python bench/similar_projects.py --baseline path/to/file.jsonl   (also the eval README's plain TF-IDF)

It runs the protocol through the same index and query text the pages use: every record is indexed;
each record with a cluster is asked as a new project would be (title, description, service), leaving out
itself and its own organisation's records.
"""

import argparse
import json
import math
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from localdigital.projects.similarity import index as ranking
from localdigital.projects.similarity.encoder import encoder
from localdigital.projects.similarity.index import (
    Document,
    Match,
    SimilarityIndex,
    query_text,
    written_words,
)


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


class BaselineIndex:
    """The eval README's baseline: TF-IDF cosine over title + description + service, lower-cased words, a
    short stop-word list (the README does not give its words; this is the pages' list), sub-linear term
    frequency and smoothed idf. It has SimilarityIndex's search signature, to be measured by the same code.
    """

    def __init__(self, documents: list[Document]):
        self.documents = documents
        tokens = [written_words(document.text) for document in documents]
        frequency = Counter(word for words in tokens for word in set(words))
        self.idf = {word: math.log((1 + len(documents)) / (1 + n)) + 1 for word, n in frequency.items()}
        self.weights = [self._weigh(words) for words in tokens]

    def _weigh(self, words: list[str]) -> dict[str, float]:
        weights = {w: (1 + math.log(n)) * self.idf.get(w, 0.0) for w, n in Counter(words).items()}
        norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
        return {w: v / norm for w, v in weights.items()}

    def search(self, text, vector, *, service="", exclude_keys=(), exclude_organisation=None, limit=5):
        query = self._weigh(written_words(text))
        scored = [
            (sum(query.get(w, 0.0) * v for w, v in weights.items()), document)
            for document, weights in zip(self.documents, self.weights, strict=True)
            if document.key not in exclude_keys and document.organisation_id != exclude_organisation
        ]
        scored.sort(key=lambda pair: -pair[0])
        return [Match(document=document, score=score) for score, document in scored[:limit]]


def baseline(path: Path) -> dict:
    """The plain TF-IDF baseline's figures on `path`, to see how hard a file is for shared words."""
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [" ".join([r["title"], r["description"], r.get("service") or ""]) for r in records]
    documents = [
        Document(key=r["id"], title=r["title"], text=text, organisation_id=r["organisation"])
        for r, text in zip(records, texts, strict=True)
    ]
    result = _measure(BaselineIndex(documents), records, texts, [None] * len(records))
    return {"file": str(path), **result, "baseline": "plain TF-IDF"}


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
    parser.add_argument("--baseline", action="store_true", help="also the plain TF-IDF baseline")
    args = parser.parse_args()
    if args.baseline:
        print(json.dumps(baseline(args.data)))
    if not args.sweep:
        print(json.dumps(evaluate(args.data)[0], indent=2))
    else:
        weights = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 1.0)
        settings = [(w, None) for w in weights] + [(w, np.inf) for w in weights]
        for result in evaluate(args.data, settings):
            print(json.dumps(result))
