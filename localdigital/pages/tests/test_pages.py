import re
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["pages:home", "pages:cookies", "pages:accessibility", "pages:privacy", "pages:open-data"]


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_every_public_page_is_a_gov_uk_page(client, name):
    response = client.get(reverse(name))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en" class="govuk-template' in html
    assert 'href="#main-content"' in html  # skip link
    assert "govuk-service-navigation" in html
    assert "govuk-phase-banner" in html
    assert "Open Government Licence v3.0" in html
    assert "– Local Digital</title>" in html


def test_pages_send_security_headers_and_a_csp_with_a_nonce(client):
    response = client.get(reverse("pages:home"))

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_responses_without_a_nonce_get_the_same_policy_without_one(client):
    page = client.get(reverse("pages:home"))["Content-Security-Policy"]
    nonce = page.split("'nonce-")[1].split("'")[0]

    for response in (client.get(reverse("livez")), client.get(reverse("livez"))):
        policy = response["Content-Security-Policy"]
        assert policy == page.replace(f" 'nonce-{nonce}'", "")
    assert client.get(reverse("pages:home"))["Content-Security-Policy"] != page  # a fresh nonce each page


def test_the_cookies_page_says_only_essential_cookies_are_used(client):
    html = client.get(reverse("pages:cookies")).content.decode()

    assert "only uses cookies that are essential" in html
    assert "sessionid" in html
    assert "csrftoken" in html


def test_the_service_navigation_marks_where_you_are(client):
    html = client.get(reverse("pages:dashboard")).content.decode()

    active = re.search(r'govuk-service-navigation__item--active">(.*?)</li>', html, re.DOTALL).group(1)
    assert "Dashboard" in active
    assert "aria-current=" in active


class TestErrorPages:
    def test_not_found_is_a_gov_uk_page(self, client):
        response = client.get("/no-such-page/")

        assert response.status_code == 404
        assert "Page not found" in response.content.decode()
        assert "govuk-template" in response.content.decode()

    def test_a_server_error_shows_a_gov_uk_page(self, rf):
        from localdigital.pages.views import server_error

        response = server_error(rf.get("/"))

        assert response.status_code == 500
        assert "Sorry, there is a problem with the service" in response.content.decode()

    def test_forbidden_is_a_gov_uk_page(self, rf):
        from localdigital.pages.views import permission_denied

        response = permission_denied(rf.get("/"))
        response.render()

        assert response.status_code == 403
        assert "You cannot see this page" in response.content.decode()

    def test_a_form_sent_without_its_csrf_token_is_explained(self, client):
        from django.test import Client

        strict = Client(enforce_csrf_checks=True)
        response = strict.post(reverse("pages:home"), {})

        assert response.status_code == 403
        assert "Sorry, your form could not be sent" in response.content.decode()


def test_the_favicon_address_browsers_guess_leads_to_the_real_file(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"] == "/assets/images/favicon.ico"


class TestHealthCheck:
    def test_is_ok_when_the_database_answers(self, client):
        response = client.get(reverse("healthz"))

        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database": "ok"}

    def test_is_unavailable_when_the_database_does_not_answer(self, client):
        with mock.patch("localdigital.pages.views.connection.cursor", side_effect=OperationalError("down")):
            response = client.get(reverse("healthz"))

        assert response.status_code == 503
        assert response.json()["status"] == "unavailable"

    def test_liveness_needs_no_database(self, client, django_assert_num_queries):
        with django_assert_num_queries(0):
            response = client.get(reverse("livez"))

        assert (response.status_code, response.content) == (200, b"ok")


@override_settings(DEBUG=False)
def test_the_home_page_counts_the_register(client):
    from localdigital.organisations.tests.factories import OrganisationFactory

    OrganisationFactory.create_batch(3)
    OrganisationFactory(type="police-force-area")

    html = client.get(reverse("pages:home")).content.decode()

    assert "The register lists 3 councils and 1 other public bodies" in html
