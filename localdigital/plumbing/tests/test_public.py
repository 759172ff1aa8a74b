"""The open register of systems, contracts and standards: its pages, filters, open data and pictures."""

import csv
import io
import json
from datetime import date

import pytest
from django.urls import reverse

from localdigital.accounts.models import User
from localdigital.organisations.models import Nation
from localdigital.organisations.tests.factories import OrganisationDomainFactory, OrganisationFactory
from localdigital.plumbing import ocds
from localdigital.plumbing.models import Adoption, Visibility
from localdigital.plumbing.pictures import quarter_label
from localdigital.plumbing.tests.factories import ProductFactory, StandardFactory, SystemFactory
from localdigital.service_list.models import Service

pytestmark = pytest.mark.django_db


@pytest.fixture
def waste():
    return Service.objects.create(code=524, label="Household waste collection")


def _system(service, end, **kwargs):
    return SystemFactory(services=[service], contract_start=date(2020, 4, 1), contract_end=end, **kwargs)


def test_the_register_filters_by_service_and_by_when_contracts_end(client, waste):
    planning = Service.objects.create(code=487, label="Full planning applications")
    soon = _system(waste, date(2027, 6, 30))
    later = _system(waste, date(2029, 3, 31))
    other = _system(planning, date(2027, 5, 1))

    page = client.get(
        reverse("plumbing:systems"),
        {"service": 524, "ends_after-day": "1", "ends_after-month": "4", "ends_after-year": "2027",
         "ends_before-day": "31", "ends_before-month": "3", "ends_before-year": "2028"},
    ).content.decode()  # fmt: skip

    assert f'href="{soon.get_absolute_url()}"' in page
    assert (
        f'href="{later.get_absolute_url()}"' not in page and f'href="{other.get_absolute_url()}"' not in page
    )
    assert "1 system" in page


def test_a_date_that_is_not_real_is_an_error_on_the_page_and_filters_nothing(client, waste):
    _system(waste, date(2027, 6, 30))

    page = client.get(
        reverse("plumbing:systems"),
        {"ends_after-day": "31", "ends_after-month": "2", "ends_after-year": "2027"},
    ).content.decode()

    assert "govuk-error-summary" in page and "Enter a real date" in page
    assert 'value="31"' in page  # what they typed is kept
    assert "1 system" in page


def test_the_api_takes_the_same_filters_as_one_date(client, waste):
    soon = _system(waste, date(2027, 6, 30))
    _system(waste, date(2029, 3, 31))

    found = client.get(reverse("api-v1:systems"), {"ends_before": "2028-03-31", "service": 524}).json()

    assert [item["id"] for item in found["items"]] == [soon.pk]
    assert found["items"][0]["service_lgsl"] == [524]


def test_a_value_band_kept_to_members_is_in_no_open_data_and_shown_only_to_members(client, waste):
    system = _system(waste, date(2027, 6, 30), value_band="1m-5m", value_band_visibility=Visibility.MEMBERS)
    shown = _system(
        waste, date(2027, 6, 30), value_band="under-100k", value_band_visibility=Visibility.PUBLIC
    )

    api = {item["id"]: item for item in client.get(reverse("api-v1:systems")).json()["items"]}
    rows = {
        int(row["id"]): row
        for row in csv.DictReader(
            io.StringIO(b"".join(client.get(reverse("systems-csv")).streaming_content).decode("utf-8-sig"))
        )
    }
    assert api[system.pk]["value_band"] is None and api[shown.pk]["value_band"] == "under-100k"
    assert rows[system.pk]["value_band"] == "" and rows[shown.pk]["value_band"] == "under-100k"
    assert "£1 million to £5 million" not in client.get(system.get_absolute_url()).content.decode()

    domain = OrganisationDomainFactory()
    client.force_login(User.objects.create_user(f"officer@{domain.domain}"))
    assert "£1 million to £5 million" in client.get(system.get_absolute_url()).content.decode()


def test_a_proposed_record_is_not_public(client, waste):
    proposed = _system(waste, date(2027, 6, 30), state="proposed")

    assert client.get(proposed.get_absolute_url()).status_code == 404
    assert client.get(reverse("api-v1:systems")).json()["count"] == 0


def test_a_merged_product_sends_people_to_the_one_it_was_merged_into(client):
    kept = ProductFactory()
    merged = ProductFactory(merged_into=kept)

    response = client.get(merged.get_absolute_url())

    assert response.status_code == 301 and response["Location"] == kept.get_absolute_url()


def test_the_contracts_are_a_valid_ocds_release_package(client, waste):
    _system(waste, date(2027, 6, 30))
    _system(waste, date(2028, 1, 31), organisation=OrganisationFactory(gss_code=""))

    package = json.loads(client.get(reverse("systems-contracts")).content)

    assert ocds.problems(package) == []
    assert len(package["releases"]) == 2
    assert package["releases"][0]["contracts"][0]["items"][0]["classification"]["id"] == "524"


def test_a_standard_shows_its_adoption_by_nation_and_the_products_that_support_it(client, waste):
    standard = StandardFactory(name="Waste data")
    user = User.objects.create_user("officer@example.gov.uk")
    for nation, stage in ((Nation.ENGLAND, "live"), (Nation.WALES, "planned"), (Nation.WALES, "live")):
        Adoption.objects.create(
            organisation=OrganisationFactory(nation=nation), standard=standard, stage=stage, confirmed_by=user
        )
    system = _system(waste, date(2027, 6, 30))
    system.standards.add(standard)

    page = client.get(standard.get_absolute_url()).content.decode()

    assert "3 organisations have said how far they have got" in page
    assert system.product.name in page
    api = client.get(reverse("api-v1:standard", args=[standard.slug])).json()
    assert sorted(a["stage"] for a in api["adoption"]) == ["live", "live", "planned"]


def test_a_service_shows_its_products_and_contract_ends_by_quarter_as_charts_and_tables(client, waste):
    product = ProductFactory(name="BinTrack")
    _system(waste, date(2027, 5, 1), product=product)
    _system(waste, date(2027, 12, 31), product=product)

    page = client.get(reverse("plumbing:service", args=[524])).content.decode()

    assert page.count("<svg") >= 2
    assert "BinTrack" in page and quarter_label(2027, 4) in page and quarter_label(2027, 7) in page
    answer = client.get(reverse("plumbing:service-chart-csv", args=[524, "contract-ends"]))
    figures = b"".join(answer.streaming_content).decode()
    assert figures.splitlines()[1:] == [f"{quarter_label(2027, m)},{n}" for m, n in ((4, 1), (7, 0), (10, 1))]


def test_the_register_page_reads_a_fixed_number_of_queries(client, waste, django_assert_max_num_queries):
    # Each count is the first read at its data version: nothing of it is kept from before.
    _system(waste, date(2027, 6, 30))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("plumbing:systems") + "?x=1")
    for month in range(1, 6):
        _system(waste, date(2027, month, 1))
    with django_assert_max_num_queries(len(one)):
        client.get(reverse("plumbing:systems") + "?x=2")
