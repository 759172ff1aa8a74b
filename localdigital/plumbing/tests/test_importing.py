"""The programme team's page for importing contract notices."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from localdigital.plumbing import ocds_import
from localdigital.plumbing.models import System
from localdigital.plumbing.tests.test_ocds_import import PACKAGE, buyers  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

IMPORT = reverse("plumbing:import-notices")


@pytest.fixture
def staff_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("team@localdigital.example", is_staff=True))
    return client


def upload(name: str, content: bytes) -> dict:
    return {"file": SimpleUploadedFile(name, content, content_type="application/json")}


def test_only_the_programme_team_may_import(client, django_user_model):
    assert client.get(IMPORT).status_code == 302  # to sign in
    client.force_login(django_user_model.objects.create_user("officer@testshire.gov.uk"))

    assert client.get(IMPORT).status_code == 403
    assert client.post(IMPORT, upload("n.json", PACKAGE.read_bytes())).status_code == 403
    assert not System.objects.exists()


def test_the_team_uploads_a_package_and_sees_the_report(staff_client, buyers):  # noqa: F811
    page = staff_client.get(IMPORT)
    assert 'enctype="multipart/form-data"' in page.text

    response = staff_client.post(IMPORT, upload("contract_notices.json", PACKAGE.read_bytes()))

    assert response.status_code == 302
    report = staff_client.get(response["Location"])
    assert "3 systems proposed from contract_notices.json" in report.text
    assert "Nowhere-on-Sea Town Council (contract notice ocds-b5fd17-90ff31c8)" in report.text
    assert "CivicCRM customer platform (contract notice ocds-h6vhtk-06e4f2)" in report.text
    assert System.objects.filter(state=System.State.PROPOSED).count() == 3


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"<html>not json</html>", "bad.json was not imported: The file is not JSON"),
        (b'{"version": "1.1"}', "bad.json was not imported: The file is not a valid OCDS release package"),
    ],
)
def test_a_bad_file_is_refused_on_the_page_naming_it(staff_client, buyers, content, problem):  # noqa: F811
    response = staff_client.post(IMPORT, upload("bad.json", content))

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert problem in response.text
    assert response.text.count(problem) == 2  # in the summary and by the field
    assert not System.objects.exists()


def test_the_schema_problems_are_listed(staff_client, buyers):  # noqa: F811
    response = staff_client.post(IMPORT, upload("bad.json", b'{"version": "1.1"}'))

    assert "(the package): &#39;releases&#39; is a required property" in response.text


def test_a_file_too_large_is_refused(staff_client, buyers, monkeypatch):  # noqa: F811
    monkeypatch.setattr(ocds_import, "MAX_BYTES", 100)

    response = staff_client.post(IMPORT, upload("big.json", PACKAGE.read_bytes()))

    assert "big.json was not imported: The file is larger than" in response.text
    assert not System.objects.exists()


def test_no_file_chosen(staff_client):
    response = staff_client.post(IMPORT, {})

    assert "Select a release package" in response.text


def test_the_report_page_without_an_import_goes_to_the_upload(staff_client):
    response = staff_client.get(reverse("plumbing:import-report"))

    assert response["Location"] == IMPORT
