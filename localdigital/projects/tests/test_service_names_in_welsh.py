"""A service's Welsh name: the list has none, so staff write it beside the English; Welsh pages show it,
and the English, marked as English, where none is written."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation

from localdigital.projects import services
from localdigital.projects.tests.factories import project_data
from localdigital.service_list.models import Service
from localdigital.signing.tests.factories import CouncilFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def bins():
    return Service.objects.create(
        code=524, label="Household waste collection", label_cy="Casglu gwastraff cartref"
    )


@pytest.fixture
def kingston():
    return CouncilFactory(name="Kingston upon Thames", slug="kingston", domain="kingston.gov.uk")


@pytest.fixture
def owner(kingston):
    return member_of(kingston)


@pytest.fixture
def project(bins, kingston, owner):
    return services.create(kingston, owner, project_data(service=bins))


def page(client, name, *args, language="cy", **params):
    with translation.override(language):
        address = reverse(name, args=args)
    return client.get(address, params).content.decode()


def test_a_project_s_welsh_page_names_its_service_in_welsh(client, project):
    welsh = page(client, "projects:detail", project.pk)
    english = page(client, "projects:detail", project.pk, language="en-gb")

    assert "Casglu gwastraff cartref" in welsh and "Household waste collection" not in welsh
    assert "Household waste collection" in english and "Casglu gwastraff cartref" not in english


def test_the_welsh_projects_list_and_its_filter_name_the_service_in_welsh(client, project):
    english = page(client, "projects:list", language="en-gb")
    welsh = page(client, "projects:list")

    assert welsh.count("Casglu gwastraff cartref") >= 2  # the project's line and the filter's choice
    assert '<option value="524">Casglu gwastraff cartref</option>' in welsh
    assert "Household waste collection" not in welsh
    assert '<option value="524">Household waste collection</option>' in english


def test_a_service_with_no_welsh_name_is_shown_in_english_marked_as_english(client, bins, project):
    bins.label_cy = ""
    bins.save()

    welsh = page(client, "projects:detail", project.pk)

    assert '<span lang="en">Household waste collection</span>' in welsh


def test_the_welsh_project_form_offers_the_services_by_their_welsh_names(client, project, owner):
    client.force_login(owner)

    form = page(client, "projects:edit", project.pk)

    assert '<option value="524" selected>Casglu gwastraff cartref</option>' in form


def test_the_api_and_the_csv_give_the_service_s_welsh_name_beside_its_english(client, project):
    api = client.get("/api/v1/projects").json()["items"][0]
    text = b"".join(client.get(reverse("projects-csv")).streaming_content).decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(text)))

    assert (api["service"], api["service_cy"]) == ("Household waste collection", "Casglu gwastraff cartref")
    assert (row["service"], row["service_cy"]) == ("Household waste collection", "Casglu gwastraff cartref")
