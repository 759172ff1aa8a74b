"""Similar projects and commitments from the database, through the one index.

The index lives in each process. Each search first asks, in one small query, whether projects or
commitments have changed; if they have, only the changed rows are read and updated in the index (and
rows deleted or no longer published are dropped), so a new or edited project is findable at once. Once
the changes since the last full build reach a tenth of the index, it is rebuilt, to refresh the word
weights. Embeddings are stored in SimilarityVector and only computed for texts that are new or changed:
a project's when it is saved (`remember`), anything else's when a search first meets it.
"""

import hashlib
from datetime import timedelta

import numpy as np
from django.db.models import Count, Max

from localdigital.platform import caches
from localdigital.projects.models import Project, SimilarityVector
from localdigital.projects.similarity.encoder import DIMENSIONS, ENCODING, embed
from localdigital.projects.similarity.index import Document, Match, SimilarityIndex, query_text
from localdigital.signing.models import Commitment, Signing

# The index and the fingerprint of the rows it was built from; its lock is held while it is brought up
# to date, so one thread does that at a time.
INDEX = caches.memo("similarity index")
# Rows saved up to this long before the newest one seen are read again when anything changes, so that a
# transaction that commits late with an earlier timestamp is not missed.
LOOKBACK = timedelta(seconds=30)
# Rebuild from scratch once this share of the index has been added, replaced or removed in place.
REBUILD_SHARE = 0.1


def _fingerprint() -> tuple:
    projects = Project.objects.aggregate(latest=Max("updated_at"), rows=Count("pk"))
    commitments = Commitment.objects.aggregate(latest=Max("updated_at"), rows=Count("pk"))
    return tuple(projects.values()) + tuple(commitments.values())


def _published():
    return Commitment.objects.filter(signing__status=Signing.Status.SIGNED, state=Commitment.State.PUBLISHED)


def _documents(projects, commitments) -> list[Document]:
    documents = [
        Document(
            key=SimilarityVector.key_for(p),
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
        for p in projects.select_related("lead", "service")
    ]
    documents += [
        Document(
            key=SimilarityVector.key_for(c),
            title=c.title,
            text=query_text(c.title, f"{c.mission} {c.impact}", c.service.label if c.service else ""),
            organisation_id=c.organisation_id,
            organisation_name=c.organisation.name,
            service=c.service.label if c.service else "",
            url=c.get_absolute_url(),
            facets={"kind": "commitment", "region": c.organisation.region, "service": c.service_id},
        )
        for c in commitments.select_related("organisation", "service")
    ]
    return documents


def _hash(text: str) -> str:
    """Names the model too, so that vectors from another model are computed again, not compared."""
    return hashlib.sha256(f"{ENCODING}\n{text}".encode()).hexdigest()


def _vectors(documents: list[Document]) -> np.ndarray:
    keys = [document.key for document in documents]
    stored: dict[str, SimilarityVector] = {}
    for start in range(0, len(keys), 2000):  # SQLite allows only so many parameters in one query
        stored.update(
            (row.key, row) for row in SimilarityVector.objects.filter(key__in=keys[start : start + 2000])
        )
    vectors = []
    for document in documents:
        row = stored.get(document.key)
        digest = _hash(document.text)
        if row is None or row.text_hash != digest:
            vector = embed(document.text)
            SimilarityVector.objects.update_or_create(
                key=document.key, defaults={"text_hash": digest, "vector": vector.tobytes()}
            )
        else:
            vector = np.frombuffer(bytes(row.vector), dtype=np.float32)
        vectors.append(vector)
    return np.stack(vectors) if vectors else np.zeros((0, DIMENSIONS), np.float32)


def remember(project: Project) -> None:
    """Encode a project's text as it is saved, so that no search has to wait for its embedding."""
    _vectors(_documents(Project.objects.filter(pk=project.pk), Commitment.objects.none()))


def encode_missing(progress=None) -> int:
    """Compute every embedding that is missing or out of date (after a bulk import, or a new model), so
    that no search has to, and delete those of deleted projects and unpublished commitments; `progress`
    wraps the list of documents to encode. Returns how many were computed."""
    documents = _documents(Project.objects.all(), _published())
    stored = dict(SimilarityVector.objects.values_list("key", "text_hash"))
    gone = sorted(set(stored) - {document.key for document in documents})
    for start in range(0, len(gone), 500):
        SimilarityVector.objects.filter(key__in=gone[start : start + 500]).delete()
    missing = [document for document in documents if stored.get(document.key) != _hash(document.text)]
    for document in progress(missing) if progress else missing:
        _vectors([document])
    return len(missing)


def warm() -> None:
    """Build the index now (gunicorn's master does, before it starts its workers, so that they share
    it and no first search waits for it)."""
    current_index()


def forget_index() -> None:
    with INDEX.lock:
        INDEX.forget()


def _update(index: SimilarityIndex, since: tuple) -> None:
    """Bring `index` up to date with rows saved since `since` (projects, commitments), and deletions."""
    live = {f"project:{pk}" for pk in Project.objects.values_list("pk", flat=True)}
    live |= {f"commitment:{pk}" for pk in _published().values_list("pk", flat=True)}
    index.remove([key for key in index.position if key not in live])
    projects, commitments = Project.objects.all(), _published()
    if since[0] is not None:
        projects = projects.filter(updated_at__gte=since[0] - LOOKBACK)
    if since[1] is not None:
        commitments = commitments.filter(updated_at__gte=since[1] - LOOKBACK)
    changed = []
    for document in _documents(projects, commitments):
        position = index.position.get(document.key)
        current = index.documents[position] if position is not None else None
        if current is None or current != document or current.facets != document.facets:
            changed.append(document)
    index.add(changed, _vectors(changed))


def current_index() -> SimilarityIndex:
    """The index as of now: updated in place for a few changes, rebuilt after many."""
    fingerprint = _fingerprint()
    with INDEX.lock:
        index, built_from = INDEX.peek((None, None))
        if index is not None and built_from == fingerprint:
            return index
        if index is None or index.changed >= max(50, REBUILD_SHARE * len(index)):
            documents = _documents(Project.objects.all(), _published())
            index = SimilarityIndex(documents, _vectors(documents))
        else:
            _update(index, since=(built_from[0], built_from[2]))
        INDEX.set((index, fingerprint))
        return index


def similar_to_text(
    title: str, problem: str, *, service: str = "", organisation_id=None, limit: int = 5
) -> list[Match]:
    """What other organisations are doing about a problem described in a draft project."""
    text = query_text(title, problem, service)
    vector = embed(text)
    with INDEX.lock:  # the index is changed in place, so it is read under the same lock
        return current_index().search(
            text, vector, service=service, exclude_organisation=organisation_id, limit=limit
        )


def similar_to_project(project: Project, limit: int = 5) -> list[Match]:
    """Other organisations' projects and commitments most like `project`."""
    key = f"project:{project.pk}"
    service = project.service.label if project.service else ""
    text = query_text(project.title, project.problem, service)
    with INDEX.lock:  # the index is changed in place, so it is read under the same lock
        index = current_index()
        position = index.position.get(key)
        # A project is indexed once saved; encoding here under the lock is only for one that is not.
        vector = index.vectors[position] if position is not None else embed(text)
        return index.search(
            text,
            vector,
            service=service,
            exclude_keys=[key],
            exclude_organisation=project.lead_id,
            limit=limit,
        )


def search_everything(text: str, *, keep=None, limit: int = 20) -> list[Match]:
    """Projects and commitments of every organisation most like `text`, that pass `keep`."""
    vector = embed(text)
    with INDEX.lock:
        return current_index().search(text, vector, keep=keep, limit=limit)


# A register's search box adds the rows whose meaning is this close to the words typed (the cosine of
# the centred embeddings), at most as many as it asks for.
CLOSE_ENOUGH = 0.25


def nearest(kind: str):
    """For a register's search box (registers/search.py): the keys of the projects or commitments (`kind`)
    whose embedding is nearest the words typed, with their cosine similarity, closest first."""
    prefix = f"{kind}:"

    def find(text: str, limit: int) -> list[tuple[int, float]]:
        vector = embed(text)
        with INDEX.lock:  # the index is changed in place, so it is read under the same lock
            index = current_index()
            if not index.position:
                return []
            scores = index.centred @ index._centre(np.asarray(vector, np.float32))
            close = np.flatnonzero((scores >= CLOSE_ENOUGH) & index.alive)  # few: no sort of them all
            found: list[tuple[int, float]] = []
            for position in close[np.argsort(-scores[close])]:
                key = index.documents[position].key
                if key.startswith(prefix):
                    found.append((int(key.removeprefix(prefix)), float(scores[position])))
                    if len(found) == limit:
                        break
            return found

    return find
