"""The similarity index changed in place gives the answers a fresh build would."""

import io

import numpy as np
import pytest
from django.core.management import call_command

from localdigital.projects import services
from localdigital.projects.models import SimilarityVector
from localdigital.projects.similarity import search
from localdigital.projects.similarity.encoder import DIMENSIONS
from localdigital.projects.similarity.index import Document, SimilarityIndex, stem, words
from localdigital.projects.tests.test_projects import project_data
from localdigital.signing.tests.factories import CouncilFactory, member_of

TEXTS = {
    "a": "Report a missed bin collection online",
    "b": "Apply for a blue badge parking permit",
    "c": "Book a bulky waste collection for large items",
    "d": "Pay a council tax bill online",
}


def document(key: str, text: str, organisation: int = 1) -> Document:
    return Document(key=key, title=text, text=text, organisation_id=organisation)


def vectors(count: int, seed: int = 0) -> np.ndarray:
    rows = np.random.default_rng(seed).normal(size=(count, DIMENSIONS)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def ranking(index: SimilarityIndex, text: str, vector) -> list[str]:
    return [match.document.key for match in index.search(text, vector, limit=10)]


class TestInPlace:
    def test_adding_one_at_a_time_ranks_as_a_build_of_all(self):
        keys = list(TEXTS)
        all_vectors = vectors(len(keys))
        built = SimilarityIndex([document(k, TEXTS[k]) for k in keys], all_vectors)
        grown = SimilarityIndex([], np.zeros((0, DIMENSIONS), np.float32))
        for row, key in enumerate(keys):
            grown.add([document(key, TEXTS[key])], all_vectors[row : row + 1])

        query = vectors(1, seed=1)[0]
        assert len(grown) == 4 and grown.changed == 4 and built.changed == 0
        assert ranking(grown, "missed bin collection", query)[0] == "a"
        assert ranking(grown, "missed bin collection", query) == ranking(
            built, "missed bin collection", query
        )

    def test_removed_documents_are_never_found(self):
        index = SimilarityIndex([document(k, TEXTS[k]) for k in TEXTS], vectors(4))

        index.remove(["a", "not-indexed"])

        assert "a" not in ranking(index, "missed bin collection", vectors(1, seed=1)[0])
        assert len(index) == 3 and index.changed == 1
        assert index.frequency[stem("missed")] == 0 and index.frequency[stem("bulky")] == 1

    def test_adding_a_key_again_replaces_its_text(self):
        index = SimilarityIndex([document(k, TEXTS[k]) for k in TEXTS], vectors(4))

        index.add([document("d", "Renew a library book")], vectors(1, seed=2))

        found = index.search("library book", vectors(1, seed=2)[0], limit=1)
        assert [m.document.key for m in found] == ["d"]
        assert set(found[0].shared_terms) == {"library", "book"}
        assert len(index) == 4
        assert ranking(index, "pay council tax", vectors(1, seed=3)[0]).count("d") == 1


class TestWords:
    def test_forms_of_one_word_are_matched_as_one(self):
        assert words("Collections, collected and collecting bins") == ["collect"] * 3 + ["bin"]
        assert words("The assessments of a plan") == words("assessment plans")

    def test_shared_terms_are_shown_as_the_query_wrote_them(self):
        index = SimilarityIndex(
            [document("a", "Missed bin collection reports"), document("b", TEXTS["d"])], vectors(2)
        )

        found = index.search("Reporting missed collections of bins", vectors(1, seed=1)[0], limit=1)

        assert [m.document.key for m in found] == ["a"]
        assert set(found[0].shared_terms) == {"reporting", "missed", "collections", "bins"}


@pytest.fixture
def kingston():
    return CouncilFactory(name="Kingston upon Thames", slug="kingston", domain="kingston.gov.uk")


@pytest.fixture
def sutton():
    return CouncilFactory(name="Sutton", slug="sutton", domain="sutton.gov.uk")


@pytest.mark.django_db
class TestFromTheDatabase:
    def test_edits_and_deletions_update_the_index_in_place(self, kingston, sutton):
        owner = member_of(kingston)
        bins = services.create(
            kingston, owner, project_data(title="Missed bins", problem="Report missed bins")
        )
        badges = services.create(
            kingston, owner, project_data(title="Blue badges", problem="Apply for a blue badge")
        )
        first = search.current_index()

        services.change(badges, owner, {"title": "Library books", "problem": "Renew library books online"})
        bins.delete()
        after = search.current_index()

        assert after is first  # changed in place, not rebuilt
        assert set(after.position) == {f"project:{badges.pk}"}
        found = search.similar_to_text("Bins", "Report missed bins", organisation_id=sutton.pk)
        assert [m.document.title for m in found] == ["Library books"]

    def test_a_phase_change_alone_reaches_the_search_filters(self, kingston):
        owner = member_of(kingston)
        project = services.create(kingston, owner, project_data(phase="alpha"))
        search.current_index()

        services.change(project, owner, {"phase": "beta"})

        index = search.current_index()
        assert index.documents[index.position[f"project:{project.pk}"]].facets["phase"] == "beta"

    def test_many_changes_rebuild_the_index(self, kingston, monkeypatch):
        owner = member_of(kingston)
        monkeypatch.setattr(search, "REBUILD_SHARE", 0.0)
        project = services.create(kingston, owner, project_data())
        first = search.current_index()
        first.changed = 50

        services.change(project, owner, {"title": "A new title"})

        rebuilt = search.current_index()
        assert rebuilt is not first and rebuilt.changed == 0


class TestCentring:
    def test_what_all_documents_share_does_not_decide_the_ranking(self):
        # Twenty documents lean one common way, as texts about council services do. The query shares
        # the common lean with "plain" but its own distinctive direction with "distinct".
        rng = np.random.default_rng(7)
        common, own, other = np.eye(DIMENSIONS, dtype=np.float32)[:3]

        def unit(vector):
            return (vector / np.linalg.norm(vector)).astype(np.float32)

        fillers = [unit(common + 0.3 * rng.normal(size=DIMENSIONS) / np.sqrt(DIMENSIONS)) for _ in range(20)]
        plain, distinct = unit(common + 0.1 * other), unit(0.6 * common + 0.8 * own)
        index = SimilarityIndex(
            [document(f"filler-{n}", f"filler{n}") for n in range(20)]
            + [document("plain", "plain"), document("distinct", "distinct")],
            np.stack([*fillers, plain, distinct]),
        )
        query = unit(common + 0.35 * own)
        assert query @ plain > query @ distinct  # raw cosine would rank "plain" first

        assert ranking(index, "nothing shared", query)[0] == "distinct"

    def test_a_tiny_index_is_barely_centred(self):
        first, second = vectors(2)
        index = SimilarityIndex([document("a", "a"), document("b", "b")], np.stack([first, second]))

        # Centred on their own mean, two documents would point in opposite directions.
        assert np.linalg.norm(index.mean) < 0.2
        assert index.centred[0] @ index.centred[1] > -0.2


@pytest.mark.django_db
class TestEmbeddingsStored:
    def test_a_project_is_encoded_as_it_is_saved(self, kingston):
        owner = member_of(kingston)
        project = services.create(kingston, owner, project_data(title="Missed bins"))
        stored = SimilarityVector.objects.get(key=f"project:{project.pk}")

        services.change(project, owner, {"title": "Missed bin collections"})

        changed = SimilarityVector.objects.get(key=f"project:{project.pk}")
        assert changed.text_hash != stored.text_hash
        assert len(changed.vector) == DIMENSIONS * 4  # float32

    def test_a_deleted_project_takes_its_embedding_with_it(self, kingston):
        owner = member_of(kingston)
        kept = services.create(kingston, owner, project_data(title="Missed bins"))
        deleted = services.create(kingston, owner, project_data(title="Blue badges"))
        key = f"project:{deleted.pk}"
        assert SimilarityVector.objects.filter(key=key).exists()

        deleted.delete()

        assert list(SimilarityVector.objects.values_list("key", flat=True)) == [f"project:{kept.pk}"]

    def test_the_command_computes_what_is_missing_or_stale(self, kingston):
        owner = member_of(kingston)
        first = services.create(kingston, owner, project_data(title="Missed bins"))
        services.create(kingston, owner, project_data(title="Blue badges"))
        SimilarityVector.objects.filter(key=f"project:{first.pk}").update(text_hash="from an older model")
        SimilarityVector.objects.create(key="project:999999", text_hash="a deleted project", vector=b"")
        output = io.StringIO()

        call_command("encode_projects", verbosity=0, stdout=output)

        assert "Computed 1 embedding;" in output.getvalue()
        assert search.encode_missing() == 0
        assert not SimilarityVector.objects.filter(key="project:999999").exists()
