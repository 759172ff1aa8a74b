"""Every public page, API list and export asks the database the same number of questions whatever the
data size: counted at a small data set, then again after a larger one is added (more of every kind of
row, and more rows under each signatory, project and round), on the pages about the newest rows.

The data is made by the benchmark's own data maker (bench/register_data.py), at two sizes, once for the
whole module (in a transaction rolled back at its end): every page is counted at the small size, the
larger set added, and every page counted again; each test then compares one page's two counts. Each
count is of a second request, after a first has filled the per-process caches, with those caches
emptied before each count, and the copies of whole pages in Django's cache emptied before the second
(so that the page is rendered again, its filter choices kept; a kept page asks only its validators).
A page marked xfail asks more questions as the data grows; its reason names the cause, and it turns
red (strict) once mended, so that the mark is taken off.
"""

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.register_data import EXPORTS, PAGES, Sizes, make, public_paths
from localdigital.organisations.tests.factories import OrganisationFactory
from localdigital.service_list.models import Service

# The module's data is made by the `counts` fixture; the mark is what has pytest-django set up the database.
pytestmark = pytest.mark.django_db

SMALL = Sizes(
    signatories=3, commitments_each=3, projects_each=3, other_projects=3, updates_each=3,
    partners_each=1, pledges=3, rounds=3, awards_each=3,
)  # fmt: skip
LARGE = Sizes(
    signatories=12, commitments_each=12, projects_each=12, other_projects=12, updates_each=12,
    partners_each=3, pledges=12, rounds=12, awards_each=12,
)  # fmt: skip

# Pages whose number of queries grows with the data today, and why.
N_PLUS_ONE: dict[str, str] = {}


def _paths(made: dict) -> dict[str, str]:
    pages, exports = public_paths(
        made["signings"][0], made["projects"][0], made["commitments"][0], made["rounds"][0]
    )
    return dict(pages + exports)


def _forget_process_caches() -> None:
    from localdigital.platform import caches

    caches.forget_all()
    cache.clear()


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _queries(client, path: str) -> tuple[int, int]:
    """(status, queries) of a second request for the page, with the per-process caches emptied first."""
    _forget_process_caches()
    first = client.get(path)
    if first.status_code != 200:
        return first.status_code, 0
    _body(first)
    cache.clear()  # a whole page kept for those signed out would hide what rendering it asks
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
        _body(response)
    return response.status_code, len(queries)


def _reference_lists() -> None:
    OrganisationFactory.create_batch(40)
    Service.objects.bulk_create(Service(code=code, label=f"Service {code}") for code in range(1, 9))


@pytest.fixture(scope="module")
def counts(django_db_setup, django_db_blocker) -> dict[str, dict[str, tuple[int, int]]]:
    """Every page's (status, queries) at the small size, then at the large one: {name: {size: ...}}."""
    client = Client()
    found: dict[str, dict[str, tuple[int, int]]] = {}
    with django_db_blocker.unblock(), transaction.atomic():
        _reference_lists()
        for size, sizes, tag in (("small", SMALL, "a"), ("large", LARGE, "b")):
            paths = _paths(make(sizes, tag=tag, quiet=True))
            for name, path in paths.items():
                found.setdefault(name, {})[size] = _queries(client, path)
        transaction.set_rollback(True)
    _forget_process_caches()
    return found


def _case(name: str):
    if name in N_PLUS_ONE:
        return pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=N_PLUS_ONE[name]))
    return name


@pytest.mark.parametrize("name", [_case(name) for name, _ in PAGES + EXPORTS])
def test_the_same_number_of_queries_at_two_data_sizes(counts, name):
    (small_status, at_small), (large_status, at_large) = counts[name]["small"], counts[name]["large"]
    assert (name, small_status, large_status) == (name, 200, 200)
    assert (name, at_large) == (name, at_small)
