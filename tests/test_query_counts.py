"""Every public page, API list and export asks the database the same number of questions whatever the
data size: counted at a small data set, then again after a larger one is added (more of every kind of
row, and more rows under each signatory, project and round), on the pages about the newest rows.

The data is made by the benchmark's own data maker (bench/register_data.py), at two sizes. Each count is
of a second request, after a first has filled the per-process caches, with those caches emptied before
each size. A page marked xfail asks more questions as the data grows; its reason names the cause, and it
turns red (strict) once mended, so that the mark is taken off.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.register_data import EXPORTS, PAGES, Sizes, make, public_paths
from localdigital.organisations.tests.factories import OrganisationFactory
from localdigital.service_list.models import Service

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


def _queries(client, path: str) -> int:
    _forget_process_caches()
    first = client.get(path)
    assert first.status_code == 200, path
    _body(first)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
        _body(response)
    assert response.status_code == 200, path
    return len(queries)


@pytest.fixture
def reference_lists(db):
    OrganisationFactory.create_batch(40)
    Service.objects.bulk_create(Service(code=code, label=f"Service {code}") for code in range(1, 9))


def _case(name: str):
    if name in N_PLUS_ONE:
        return pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=N_PLUS_ONE[name]))
    return name


@pytest.mark.parametrize("name", [_case(name) for name, _ in PAGES + EXPORTS])
def test_the_same_number_of_queries_at_two_data_sizes(client, reference_lists, name):
    small = _paths(make(SMALL, tag="a", quiet=True))[name]
    at_small = _queries(client, small)
    large = _paths(make(LARGE, tag="b", quiet=True))[name]
    at_large = _queries(client, large)
    assert (name, at_large) == (name, at_small)
