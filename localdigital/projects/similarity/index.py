"""Ranking documents (projects and commitments) by how similar their problem is to a query.

Two signals, mixed with equal weight: the words two texts share (TF-IDF with sub-linear term
frequency, on word stems, so that "collections" and "collected" count as one word), which is exact but
misses synonyms, and sentence embeddings, which see that "refuse" and "bin collections" are about the
same thing. Every text here is about council services, so all the embeddings lean one common way; that
shared direction (the mean of the indexed vectors) is taken off before comparing, which leaves what
tells one problem from another. See docs/performance.md for the figures.
"""

import math
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import snowballstemmer

from localdigital.projects.similarity.encoder import DIMENSIONS

# How much the embedding counts against the shared words: equal, not tuned to the evaluation file.
EMBEDDING_WEIGHT = 0.5
# The mean that is taken off is shrunk towards zero as if this many more documents sat at the origin, so
# that a small index (a new site, a test) is barely centred rather than centred on too few texts.
MEAN_PRIOR = 10
STOP_WORDS = frozenset(
    {
        "a",
        "about",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "can",
        "do",
        "for",
        "from",
        "has",
        "have",
        "how",
        "in",
        "into",
        "is",
        "it",
        "its",
        "more",
        "not",
        "of",
        "on",
        "or",
        "our",
        "so",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "to",
        "up",
        "was",
        "we",
        "were",
        "what",
        "when",
        "which",
        "who",
        "will",
        "with",
        "would",
        "you",
        "your",
    }
)


_stemmer = snowballstemmer.stemmer("english")
_stemmer_lock = threading.Lock()  # a stemmer keeps its working state on itself


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball's English stem: "collections", "collected" and "collecting" are all "collect"."""
    with _stemmer_lock:
        return _stemmer.stemWord(word)


def written_words(text: str) -> list[str]:
    """The words of `text` that count, lower-cased, as written."""
    return [
        word for word in re.findall(r"[a-z0-9]+", text.lower()) if word not in STOP_WORDS and len(word) > 1
    ]


def words(text: str) -> list[str]:
    """The terms `text` is matched on: the stems of its words."""
    return [stem(word) for word in written_words(text)]


def query_text(title: str, description: str, service: str = "") -> str:
    """The text a project is matched on: the same for what is indexed and for what is asked."""
    return " ".join(part for part in (title.strip() + ".", description.strip(), service.strip()) if part)


def _spellings(written: list[str]) -> dict[str, str]:
    """For each stem, the first word written with it: shared terms are shown as the query wrote them."""
    spelling: dict[str, str] = {}
    for word in written:
        spelling.setdefault(stem(word), word)
    return spelling


@dataclass(frozen=True)
class Document:
    key: str  # e.g. "project:12" or "commitment:7"
    title: str
    text: str
    organisation_id: int | str | None
    service: str = ""
    url: str = ""
    organisation_name: str = ""
    # What search filters look at: phase, collaboration, region, service code.
    facets: dict = field(default_factory=dict, hash=False, compare=False)


@dataclass
class Match:
    document: Document
    score: float
    shared_terms: list[str] = field(default_factory=list)
    same_service: bool = False


class SimilarityIndex:
    """Documents with their vectors and word weights, which can be added to and removed from in place.

    Word weights use the document frequencies known when each document was added, and vectors are
    centred on the mean of those indexed when the index was built: a few changes leave these slightly
    out of date, which is why callers rebuild once `changed` grows large.
    """

    def __init__(self, documents: list[Document], vectors: np.ndarray):
        self.documents: list[Document] = []
        vectors = np.asarray(vectors, np.float32).reshape(-1, DIMENSIONS)
        self.mean = vectors.sum(axis=0) / (len(vectors) + MEAN_PRIOR)
        # Rows are kept in arrays with room to grow, so that adding one document does not copy them all.
        self._vectors = np.zeros((0, DIMENSIONS), np.float32)  # as encoded
        self._centred = np.zeros((0, DIMENSIONS), np.float32)  # less the mean, unit length
        self._alive = np.zeros(0, bool)
        self.position: dict[str, int] = {}
        self.terms: list[dict[str, float]] = []
        # For each word, which documents hold it and with what weight.
        self.postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self.frequency: Counter = Counter()
        self.idf: dict[str, float] = {}
        self.changed = 0
        self.add(documents, vectors)
        self.changed = 0  # documents added, replaced or removed since the index was built

    def __len__(self) -> int:
        return len(self.position)

    @property
    def vectors(self) -> np.ndarray:
        return self._vectors[: len(self.documents)]

    @property
    def centred(self) -> np.ndarray:
        return self._centred[: len(self.documents)]

    @property
    def alive(self) -> np.ndarray:
        return self._alive[: len(self.documents)]

    def _make_room(self, extra: int) -> None:
        used, needed = len(self.documents), len(self.documents) + extra
        if needed <= len(self._alive):
            return
        capacity = max(needed, len(self._alive) + len(self._alive) // 4 + 16)
        for name in ("_vectors", "_centred", "_alive"):
            old = getattr(self, name)
            new = np.zeros((capacity, *old.shape[1:]), old.dtype)
            new[:used] = old[:used]
            setattr(self, name, new)

    def remove(self, keys) -> None:
        for key in keys:
            position = self.position.pop(key, None)
            if position is None:
                continue
            self.alive[position] = False
            self.frequency.subtract(self.terms[position].keys())
            self.changed += 1

    def add(self, documents: list[Document], vectors: np.ndarray) -> None:
        """Index `documents`, replacing any already indexed under the same keys."""
        if len(documents) != len(vectors):
            raise ValueError("Each document needs one vector")
        if not documents:
            return
        replaced = [document.key for document in documents if document.key in self.position]
        self.remove(replaced)  # counts each replaced document as one change
        start = len(self.documents)
        self._make_room(len(documents))
        vectors = np.asarray(vectors, np.float32).reshape(-1, DIMENSIONS)
        end = start + len(documents)
        self._vectors[start:end] = vectors
        self._centred[start:end] = self._centre(vectors)
        self._alive[start:end] = True
        self.documents.extend(documents)
        tokenised = [words(document.text) for document in documents]
        for tokens in tokenised:
            self.frequency.update(set(tokens))
        total = len(self.position) + len(documents)
        for word in {word for tokens in tokenised for word in tokens}:
            self.idf[word] = math.log((1 + total) / (1 + self.frequency[word])) + 1
        additions: dict[str, tuple[list[int], list[float]]] = {}
        for offset, (document, tokens) in enumerate(zip(documents, tokenised, strict=True)):
            position = start + offset
            self.position[document.key] = position
            weights = self._weights(tokens)
            self.terms.append(weights)
            for word, weight in weights.items():
                rows, values = additions.setdefault(word, ([], []))
                rows.append(position)
                values.append(weight)
        for word, (rows, values) in additions.items():
            new_rows, new_values = np.array(rows), np.array(values, np.float32)
            if word in self.postings:
                old_rows, old_values = self.postings[word]
                new_rows = np.concatenate([old_rows, new_rows])
                new_values = np.concatenate([old_values, new_values])
            self.postings[word] = (new_rows, new_values)
        self.changed += len(documents) - len(replaced)

    def _centre(self, vectors: np.ndarray) -> np.ndarray:
        centred = vectors - self.mean
        norms = np.linalg.norm(centred, axis=-1, keepdims=True)
        return (centred / np.where(norms > 0, norms, 1)).astype(np.float32)

    def _weights(self, tokens: list[str]) -> dict[str, float]:
        counts = Counter(tokens)
        weights = {word: (1 + math.log(count)) * self.idf.get(word, 0.0) for word, count in counts.items()}
        norm = math.sqrt(sum(value * value for value in weights.values())) or 1.0
        return {word: value / norm for word, value in weights.items() if value}

    def search(
        self,
        text: str,
        vector: np.ndarray,
        *,
        service: str = "",
        exclude_keys=(),
        exclude_organisation=None,
        limit: int = 5,
        keep=None,
    ) -> list[Match]:
        """The `limit` documents most like `text` (whose embedding is `vector`), with why each matched.

        `keep`, if given, is a test each document must pass (a search page's filters).
        """
        if not self.position:
            return []
        written = written_words(text)
        query_weights = self._weights([stem(word) for word in written])
        lexical = np.zeros(len(self.documents), np.float32)
        for word, weight in query_weights.items():
            if word in self.postings:
                rows, values = self.postings[word]
                lexical[rows] += weight * values
        semantic = self.centred @ self._centre(np.asarray(vector, np.float32))
        scores = EMBEDDING_WEIGHT * semantic + (1 - EMBEDDING_WEIGHT) * lexical
        scores[~self.alive] = -np.inf
        for key in exclude_keys:
            if key in self.position:
                scores[self.position[key]] = -np.inf
        if exclude_organisation is not None or keep is not None:
            for position in np.flatnonzero(self.alive):
                document = self.documents[position]
                if document.organisation_id == exclude_organisation or (
                    keep is not None and not keep(document)
                ):
                    scores[position] = -np.inf
        count = min(limit, int(np.isfinite(scores).sum()))
        if count == 0:
            return []
        best = np.argpartition(-scores, count - 1)[:count]
        best = best[np.argsort(-scores[best])]
        spelling = _spellings(written)
        return [
            self._match(int(position), float(scores[position]), query_weights, spelling, service)
            for position in best
        ]

    def _match(
        self, position: int, score: float, query_weights: dict[str, float], spelling: dict, service: str
    ) -> Match:
        document = self.documents[position]
        shared = sorted(
            set(query_weights) & set(self.terms[position]),
            key=lambda term: -query_weights[term] * self.terms[position][term],
        )
        same_service = bool(service) and service.strip().lower() == document.service.strip().lower()
        return Match(
            document=document,
            score=score,
            shared_terms=[spelling[term] for term in shared[:5]],
            same_service=same_service,
        )
