"""In development (DEBUG on), a missing page is the site's GOV.UK 404, not Django's list of URL patterns;
other errors keep DEBUG's traceback."""

from unittest import mock

import pytest
from django.test import Client, override_settings

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("debug")]


@pytest.fixture
def debug():
    with override_settings(DEBUG=True):
        yield


def _is_the_site_404(response):
    html = response.content.decode()
    assert response.status_code == 404
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in html
    assert "– Local Digital</title>" in html
    assert "URLconf" not in html
    assert "signatories/&lt;str:identifier&gt;/" not in html and "staff/" not in html.split("<main")[1]


@pytest.mark.parametrize("address", ["/no-such-page/", "/projects/not-a-number/", "/signatories.xml"])
def test_an_address_that_is_no_page_shows_the_site_404(client, address):
    _is_the_site_404(client.get(address))


def test_a_page_that_finds_nothing_shows_the_site_404(client):
    _is_the_site_404(client.get("/signatories/nowhere/"))  # the view raises Http404


def test_the_404_page_still_has_the_security_headers(client):
    # (django-csp leaves DEBUG's 404 and 500 answers without a policy, so it has none here.)
    response = client.get("/no-such-page/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_address_missing_its_slash_is_still_sent_to_the_page(client):
    response = client.get("/projects")
    assert response.status_code == 301
    assert response["Location"] == "/projects/"


def test_an_unknown_api_address_is_still_a_problem_document(client):
    response = client.get("/api/v1/nothing")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_other_errors_keep_debugs_traceback():
    client = Client(raise_request_exception=False)
    with mock.patch(
        "localdigital.pages.views.DeclarationVersion.objects.current", side_effect=RuntimeError("boom")
    ):
        response = client.get("/")

    assert response.status_code == 500
    assert "Traceback" in response.content.decode()
