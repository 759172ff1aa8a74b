"""Similar projects and commitments from the database, through the one index.

The index lives in each process and is rebuilt when projects or commitments change (checked with one
small query per search), so a new or edited project is findable at once. Embeddings are stored in
SimilarityVector and only computed for texts that are new or changed.
"""

import hashlib
import threading

import numpy as np
from django.db.models import Count, Max

from localdigital.projects.models import Project, SimilarityVector
from localdigital.projects.similarity.encoder import encoder
from localdigital.projects.similarity.index import Document, Match, SimilarityIndex, query_text
from localdigital.signing.models import Commitment, Signing

_lock = threading.Lock()
_cache: dict = {}


def _fingerprint() -> tuple:
    projects = Project.objects.aggregate(latest=Max("updated_at"), rows=Count("pk"))
    commitments = Commitment.objects.aggregate(latest=Max("updated_at"), rows=Count("pk"))
    return tuple(projects.values()) + tuple(commitments.values())


def _documents() -> list[Document]:
    documents = [
        Document(
            key=f"project:{p.pk}",
            title=p.title,
            text=query_text(p.title, p.problem, p.service.label if p.service else ""),
            organisation_id=p.lead_id,
            organisation_name=p.lead.name,
            service=p.service.label if p.service else "",
            url=p.get_absolute_url(),
            facets={
                "kind": "project",
                "phase": p.phase,
                "collaboration": p.collaboration,
                "region": p.lead.region,
                "service": p.service_id,
            },
        )
        for p in Project.objects.select_related("lead", "service")
    ]
    published = Commitment.objects.filter(
        signing__status=Signing.Status.SIGNED, state=Commitment.State.PUBLISHED
    ).select_related("organisation", "service")
    documents += [
        Document(
            key=f"commitment:{c.pk}",
            title=c.title,
            text=query_text(c.title, f"{c.mission} {c.impact}", c.service.label if c.service else ""),
            organisation_id=c.organisation_id,
            organisation_name=c.organisation.name,
            service=c.service.label if c.service else "",
            url=c.get_absolute_url(),
            facets={"kind": "commitment", "region": c.organisation.region, "service": c.service_id},
        )
        for c in published
    ]
    return documents


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _vectors(documents: list[Document]) -> np.ndarray:
    stored = {row.key: row for row in SimilarityVector.objects.filter(key__in=[d.key for d in documents])}
    vectors = []
    for document in documents:
        row = stored.get(document.key)
        digest = _hash(document.text)
        if row is None or row.text_hash != digest:
            vector = encoder().encode(document.text)
            SimilarityVector.objects.update_or_create(
                key=document.key, defaults={"text_hash": digest, "vector": vector.tobytes()}
            )
        else:
            vector = np.frombuffer(bytes(row.vector), dtype=np.float32)
        vectors.append(vector)
    return np.stack(vectors) if vectors else np.zeros((0, 384), np.float32)


def current_index() -> SimilarityIndex:
    fingerprint = _fingerprint()
    with _lock:
        if _cache.get("fingerprint") != fingerprint:
            documents = _documents()
            _cache["index"] = SimilarityIndex(documents, _vectors(documents))
            _cache["fingerprint"] = fingerprint
        return _cache["index"]


def similar_to_text(
    title: str, problem: str, *, service: str = "", organisation_id=None, limit: int = 5
) -> list[Match]:
    """What other organisations are doing about a problem described in a draft project."""
    text = query_text(title, problem, service)
    return current_index().search(
        text, encoder().encode(text), service=service, exclude_organisation=organisation_id, limit=limit
    )


def similar_to_project(project: Project, limit: int = 5) -> list[Match]:
    """Other organisations' projects and commitments most like `project`."""
    index = current_index()
    key = f"project:{project.pk}"
    service = project.service.label if project.service else ""
    text = query_text(project.title, project.problem, service)
    position = index.position.get(key)
    vector = index.vectors[position] if position is not None else encoder().encode(text)
    return index.search(
        text, vector, service=service, exclude_keys=[key], exclude_organisation=project.lead_id, limit=limit
    )


def search_everything(text: str, *, keep=None, limit: int = 20) -> list[Match]:
    """Projects and commitments of every organisation most like `text`, that pass `keep`."""
    return current_index().search(text, encoder().encode(text), keep=keep, limit=limit)
