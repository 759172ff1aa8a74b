"""Loading the service list again keeps the Welsh names staff wrote: the list itself has none."""

import pytest

from localdigital.service_list.models import Service
from localdigital.service_list.services import import_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def bins():
    return Service.objects.create(
        code=524, label="Household waste collection", label_cy="Casglu gwastraff cartref"
    )


def test_loading_the_list_again_keeps_the_welsh_staff_wrote(tmp_path, bins):
    (tmp_path / "esd_lgsl_services_2015.csv").write_text(
        "Identifier,Label,Description,Created,Modified,History notes,Type,\n"
        "524,Household waste collection,Bins,2010-01-01,2010-01-01,,Service,\n",
        encoding="utf-8",
    )

    assert import_services(tmp_path) == (0, 1)  # its description is new

    bins.refresh_from_db()
    assert bins.label_cy == "Casglu gwastraff cartref" and bins.description == "Bins"
